"""Is a user's regular expression one Bedrock accepts, and safe to run with a backtracking engine?

`analyse(pattern)` reports, with an offset (and length) into the pattern and labels on other
parts of it:
- E210: the pattern does not compile, or uses a construct Bedrock's regex support lacks
  (lookaround, backreferences, conditionals, atomic groups, possessive quantifiers, inline flags);
- E230: RE2, the linear-time engine the evaluator runs patterns on, rejects it: a counted repeat
  above 1,000, nested counted repeats whose counts multiply past 1,000, or syntax RE2 lacks
  (`\\Z`, `\\u00e9`);
- E211 / W211: backtracking, found by `regex_ambiguity` — exponential (nested or consecutive
  repeats that can match the same text in ever more ways, or counted repeats that can split one
  text in over 100,000 ways), or polynomial of degree 4 and more, is an error; polynomial of
  degree 2 or 3 (`\\s*:?\\s*`), which Bedrock accepts, a warning with a rewrite; plus a check on
  the source for repeated groups of overlapping one-character alternatives, which Python's
  parser folds away. The caret is on the repeat responsible, a label on the other one.
RE2 (`google-re2`, a dependency of guardc) is asked too when it can be imported.
"""

from __future__ import annotations

import importlib
import itertools
import re
import warnings
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ..runtime.regex_sets import C, Ranges, charset, intersect, sre
from .regex_ambiguity import DEGREE_LIMIT, WAYS_ERROR, Ambiguity, find_ambiguity
from .regex_automaton import number_repeats
from .regex_source import outside_classes, quantifier_end, repeat_spans

_SRE_COMPILE: Any = importlib.import_module("re._compiler")
RE2_REPEAT_LIMIT = 1000  # RE2's kMaxRepeat, also its budget for nested counted repeats


@dataclass(frozen=True)
class RegexIssue:
    """One finding in a pattern: where (character offset and length), which code, what
    (`message` reads after the pattern's name: "pattern `id` uses lookahead, ..."), a short
    `note` for the caret, how to fix it, and labels `(offset, length, note)` on other parts."""

    offset: int
    code: str
    message: str
    note: str
    hint: str
    length: int = 1
    labels: tuple[tuple[int, int, str], ...] = ()


# A pattern of plain atoms, each repeated an exact number of times at most: letters, digits,
# a few punctuation marks that are literal outside a class, `.`, and the escapes `\d \w \s`
# (their capitals) and `\.`; `{n}` after an atom, n from 1 to 999, with the atoms repeated no
# more than `PLAIN_ATOMS` times in all (RE2 refuses a program too large). Such a pattern compiles
# everywhere, uses nothing Bedrock or RE2 lacks, and with no variable repeat matches any text in
# at most one way: `analyse` finds nothing in it. Generated ids (`EMP-\d{6}`) are such patterns,
# one per guardrail of a big file, where the full analysis costs a tenth of `guardc check`;
# `tests/checks/test_regex_safety.py` holds the shortcut to the full analysis.
_PLAIN = re.compile(r"(?:(?:[A-Za-z0-9 _\-:@/,#%&=<>!~'.]|\\[dwsDWS.])(?:\{[1-9][0-9]{0,2}\})?)*")
_COUNT = re.compile(r"\{([0-9]+)\}")
PLAIN_ATOMS = 1000


def plain(pattern: str) -> bool:
    """Whether `pattern` is one of plain atoms (above): nothing for `analyse` to find."""
    if _PLAIN.fullmatch(pattern) is None:
        return False
    return len(pattern) + sum(int(n) for n in _COUNT.findall(pattern)) <= PLAIN_ATOMS


def analyse(pattern: str) -> list[RegexIssue]:
    """Everything wrong with `pattern` as a Bedrock regex; empty when it is safe to use."""
    if plain(pattern):
        return []
    return list(_analysed(pattern))


@lru_cache(maxsize=4096)
def _analysed(pattern: str) -> tuple[RegexIssue, ...]:
    """`analyse`, once per pattern per process: it is a pure function of the pattern, and the
    language server checks the same patterns again after every edit (most of its time)."""
    return tuple(_analyse(pattern))


def _analyse(pattern: str) -> list[RegexIssue]:
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            tree = sre.parse(pattern)
            _SRE_COMPILE.compile(tree)  # what only compiling finds; the tree, not a 2nd parse
    except re.error as err:
        return [
            RegexIssue(
                err.pos or 0,
                "E210",
                "does not compile",
                err.msg,
                "check brackets, parentheses, braces and escapes here",
            )
        ]
    except (RecursionError, OverflowError):
        return [RegexIssue(0, "E210", "is nested too deeply", "", "simplify the pattern")]
    issues = [*_set_warnings(caught), *_unsupported(pattern)]
    spans = repeat_spans(pattern)
    numbers = number_repeats(tree)
    if len(spans) != len(numbers):  # the parser folded something away: no carets on repeats
        spans = []
    limit = _re2_repeat_limit(tree, numbers, spans)
    if limit is not None:
        return [*issues, limit]
    if not issues:
        issues += _re2_rejects(pattern)
    # one E211 per pattern: the source-level check sees what Python's parser folds away
    overlapping = list(_same_alternatives(pattern))
    if overlapping:
        issues.append(overlapping[0])
    else:
        try:
            found = find_ambiguity(tree)
        except RecursionError:
            found = Ambiguity("too complex")
        if found is not None:
            issues.append(_backtracking(pattern, found, spans))
    return issues


# ── E210: constructs Bedrock does not support ────────────────────────────────────────────────

_GROUP_KINDS: tuple[tuple[str, str], ...] = (
    ("(?<=", "lookbehind"),
    ("(?<!", "lookbehind"),
    ("(?=", "lookahead"),
    ("(?!", "lookahead"),
    ("(?(", "a conditional group"),
    ("(?>", "an atomic group"),
    ("(?P=", "a backreference"),
    ("(?#", "an inline comment"),
)
_QUANTIFIER_BRACE = re.compile(r"\{\d*(,\d*)?\}")
_FLAGS = re.compile(r"\(\?[aiLmsux-]+[:)]")


def _unsupported(pattern: str) -> Iterable[RegexIssue]:
    """Scan the source (escapes and classes respected) for unsupported constructs."""
    i, in_class = 0, False
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            nxt = pattern[i + 1 : i + 2]
            if not in_class and nxt.isdigit() and nxt != "0":
                yield _e210(
                    i, "a backreference", "repeat the sub-pattern instead of referring to it"
                )
            i += 2
            continue
        if in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
            # a `]` right after `[` or `[^` is a literal, not the end of the class
            i += 2 if pattern[i + 1 : i + 2] == "^" else 1
            if pattern[i : i + 1] == "]":
                i += 1
            continue
        elif c == "(":
            for prefix, what in _GROUP_KINDS:
                if pattern.startswith(prefix, i):
                    yield _e210(i, what, _HINTS.get(what, "rewrite without it"))
                    break
            else:
                if _FLAGS.match(pattern, i):
                    yield _e210(i, "inline flags", "write both cases explicitly, e.g. `[Aa]`")
        elif c in "*+?}" and pattern[i + 1 : i + 2] == "+" and _is_quantifier(pattern, i):
            yield _e210(i + 1, "a possessive quantifier", "drop the `+` after the quantifier")
            i += 1
        i += 1


_HINTS = {
    "lookahead": "Bedrock does not support lookaround; match the text itself instead",
    "lookbehind": "Bedrock does not support lookaround; match the text itself instead",
    "a backreference": "repeat the sub-pattern instead of referring to it",
    "an atomic group": "use an ordinary group `(?:...)`",
    "a conditional group": "write the alternatives as separate patterns",
    "an inline comment": "remove the comment; describe the pattern with `described as`",
}


_SET_WARNING = re.compile(r"Possible (nested set|set \w+) at position (\d+)")


def _set_warnings(caught: list[warnings.WarningMessage]) -> Iterable[RegexIssue]:
    """Python warns where a class would mean something else in other dialects: Java reads
    `[[a-z]b]` as a union and `[a-z&&[^aeiou]]` as an intersection, Python as literals."""
    for text in dict.fromkeys(str(w.message) for w in caught):
        found = _SET_WARNING.search(text)
        if found is not None:
            what = (
                "a nested character class" if found.group(1) == "nested set" else "a set operation"
            )
            hint = "escape the bracket or operator (`\\[`, `\\&`) if you mean it literally"
            yield _e210(int(found.group(2)), what, hint)


def _is_quantifier(pattern: str, i: int) -> bool:
    """True when the character at `i` ends a quantifier (a `}` may be a literal brace)."""
    if pattern[i] != "}":
        return pattern[i] != "?" or i == 0 or pattern[i - 1] not in "*+?}"
    start = pattern.rfind("{", 0, i)
    escaped = start > 0 and pattern[start - 1] == "\\"
    return (
        start >= 0
        and not escaped
        and _QUANTIFIER_BRACE.fullmatch(pattern, start, i + 1) is not None
    )


def _e210(offset: int, what: str, hint: str) -> RegexIssue:
    return RegexIssue(offset, "E210", f"uses {what}, which Bedrock does not support", what, hint)


# ── E230: what RE2 rejects ─────────────────────────────────────────────────────────────────


def _re2_repeat_limit(
    tree: Any, numbers: dict[int, tuple[int, int, int]], spans: list[tuple[int, int]]
) -> RegexIssue | None:
    """RE2's rule: a count above 1,000 is refused, and so are nested counted repeats once
    1,000 divided by each count in turn, outermost first, reaches 0."""

    def where(av: Any) -> tuple[int, int]:
        start, end = spans[numbers[id(av)][0]] if spans else (0, 1)
        return start, end - start

    def walk(items: Any, budget: int, outer: tuple[Any, ...]) -> RegexIssue | None:
        for op, av in items:
            children, inner, around = _children(op, av), budget, outer
            if op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
                lo, hi, sub = av
                count = lo if hi == C.MAXREPEAT else hi
                inner = budget // count if count > 0 else budget
                if inner == 0:
                    return _too_many(count, *where(av), [where(o) for o in outer])
                children, around = [sub], ((*outer, av) if count > 1 else outer)
            for child in children:
                found = walk(child, inner, around)
                if found is not None:
                    return found
        return None

    return walk(tree, RE2_REPEAT_LIMIT, ())


def _too_many(count: int, start: int, length: int, outer: list[tuple[int, int]]) -> RegexIssue:
    labels: tuple[tuple[int, int, str], ...] = ()
    if count > RE2_REPEAT_LIMIT:
        note = f"{count} repetitions; RE2 allows at most {RE2_REPEAT_LIMIT}"
    else:
        note = f"with the counted repeats around it, over {RE2_REPEAT_LIMIT} repetitions"
        labels = tuple((s, n, "counted repeat around it") for s, n in outer)
    return RegexIssue(
        start,
        "E230",
        f"repeats more than RE2, the linear-time regex engine, allows ({RE2_REPEAT_LIMIT})",
        note,
        "use a smaller count, or `+`/`*` if any length will do",
        length=max(length, 1),
        labels=labels,
    )


def _children(op: Any, av: Any) -> list[Any]:
    if op is C.SUBPATTERN:
        return [av[3]]
    if op is C.BRANCH:
        return list(av[1])
    if op is C.ATOMIC_GROUP:
        return [av]
    if op in (C.ASSERT, C.ASSERT_NOT):
        return [av[1]]
    if op is C.GROUPREF_EXISTS:
        return [av[1], *([av[2]] if av[2] else [])]
    return []


_re2: Any
try:  # a dependency of guardc; checked without it when absent (an unusual install)
    _re2 = importlib.import_module("re2")
except ImportError:  # pragma: no cover - depends on the environment
    _re2 = None


def _re2_rejects(pattern: str) -> list[RegexIssue]:
    """What RE2 itself refuses (compiled without its error log, which would reach stderr)."""
    if _re2 is None:
        return []
    options = _re2.Options()
    options.log_errors = False
    try:
        _re2.compile(pattern, options)
    except Exception as exc:  # re2 raises its own error type
        text = exc.args[0] if exc.args else str(exc)
        reason = text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text)
        culprit = reason.rpartition(": ")[2]
        offset = max(pattern.find(culprit), 0) if culprit else 0
        return [
            RegexIssue(
                offset,
                "E230",
                "is rejected by RE2, the linear-time regex engine",
                reason,
                "write it in the syntax RE2 and Bedrock share: `\\z` for the end of the text, "
                "`\\x{e9}` or the character itself for a code point",
                length=max(len(culprit), 1) if culprit in pattern else 1,
            )
        ]
    return []


# ── E211 / W211: backtracking ───────────────────────────────────────────────────────────────

_REPEATED = re.compile(r"[*+]|\{\d*,\d*\}|\{\d*[2-9]\d*\}")


def _same_alternatives(pattern: str) -> Iterable[RegexIssue]:
    """`(a|a)*`, `(\\d|[0-9])+`: repeated alternatives of one character that overlap.

    Python's parser folds such a group into a character class (so `re` itself is safe), which
    hides it from the automaton; other backtracking engines, Bedrock's among them, explore
    every alternative. Checked on the source text for that reason.
    """
    stack: list[list[int]] = []  # per open group: its `(`, then each `|`
    for i in outside_classes(pattern):
        c = pattern[i]
        if c == "(":
            stack.append([i])
        elif c == "|" and stack:
            stack[-1].append(i)
        elif c == ")" and stack:
            marks = stack.pop()
            if len(marks) > 1 and _REPEATED.match(pattern, i + 1):
                head = pattern[marks[0] + 1 : marks[1]]
                skip = 0
                if head.startswith("?P<") and ">" in head:
                    skip = head.index(">") + 1
                elif head.startswith("?") and ":" in head:
                    skip = head.index(":") + 1
                bounds = [marks[0] + 1 + skip, *[m + 1 for m in marks[1:]], i + 1]
                alts = [pattern[a : b - 1] for a, b in itertools.pairwise(bounds)]
                if _overlap(alts):
                    end = quantifier_end(pattern, i + 1)
                    yield _backtracking(
                        pattern, Ambiguity("exponential"), [(marks[0], end)], overlap=True
                    )


def _overlap(alternatives: list[str]) -> bool:
    if len(set(alternatives)) < len(alternatives):
        return True
    sets: list[Ranges] = []
    for alt in alternatives:
        items = list(sre.parse(alt))
        if len(items) != 1 or items[0][0] not in (C.LITERAL, C.NOT_LITERAL, C.ANY, C.IN):
            return False
        sets.append(charset(*items[0]))
    return any(intersect(a, b) for n, a in enumerate(sets) for b in sets[n + 1 :])


_REWRITE_HINT = (
    "make each repeated part match distinct text, e.g. `(a+)+` → `a+`, "
    "`(\\w+\\s?)*` → `\\w+(\\s\\w+)*`, `\\s*:?\\s*` → `\\s*(?::\\s*)?`"
)


def _backtracking(
    pattern: str, found: Ambiguity, spans: list[tuple[int, int]], *, overlap: bool = False
) -> RegexIssue:
    """E211 or W211 for `found`, on the repeats it names (the first gets the caret)."""
    if overlap:  # `_same_alternatives` passes the group's own span
        found = Ambiguity("exponential", (0,))
    where = [spans[r] for r in found.repeats if r < len(spans)] if spans else []
    start, end = where[0] if where else (0, len(pattern))
    others = where[1:]
    if found.kind == "too complex":
        return RegexIssue(
            0,
            "E211",
            "is too complex to prove safe from catastrophic backtracking",
            "too many nested or counted repeats to analyse",
            "split it into simpler patterns or use fewer nested and counted repeats",
            length=max(len(pattern), 1),
        )
    if found.kind == "exponential":
        note = "this repeat can match the same text in several ways"
        label = "and so can this one, inside it"
        code, message = "E211", "can backtrack catastrophically (exponential time)"
        if overlap:
            note = "the alternatives of this repeated group overlap"
    elif found.kind == "polynomial":
        note = "this repeat and the next can match the same text"
        label = "can match the same text"
        code = "W211" if found.degree <= DEGREE_LIMIT else "E211"
        message = (
            f"can backtrack in polynomial time (n^{found.degree} steps per attempt)"
            if code == "W211"
            else f"can backtrack catastrophically (polynomial time of degree {found.degree})"
        )
    else:  # bounded: many ways, but a fixed number of them
        many = f"{found.ways:,}" if found.ways <= WAYS_ERROR else f"over {WAYS_ERROR:,}"
        note = f"these repeats can split one text in {many} ways"
        label = "together with this one"
        code = "W211" if found.ways <= WAYS_ERROR else "E211"
        message = (
            "can backtrack slowly (many ways to match one text)"
            if code == "W211"
            else "can backtrack catastrophically (exponential time)"
        )
    return RegexIssue(
        start,
        code,
        message,
        note,
        _rewrite(pattern, where) or _REWRITE_HINT,
        length=max(end - start, 1),
        labels=tuple((s, e - s, label) for s, e in others),
    )


def _rewrite(pattern: str, where: list[tuple[int, int]]) -> str | None:
    """A meaning-preserving rewrite for the commonest shapes: `X*Y?X*` → `X*(YX*)?` and `X*X*`
    → `X*` (X a repeat, Y an optional atom between two copies of it)."""
    if len(where) != 2:
        return None
    (s1, e1), (s2, e2) = where
    first, second, between = pattern[s1:e1], pattern[s2:e2], pattern[e1:s2]
    if first != second or not first.endswith("*"):
        return None
    if between == "":
        fixed = pattern[:s1] + first + pattern[e2:]
    elif between.endswith("?") and repeat_spans(between) == [(0, len(between))]:
        fixed = f"{pattern[:e1]}(?:{between[:-1]}{second})?{pattern[e2:]}"
    else:
        return None
    try:
        re.compile(fixed)
    except re.error:
        return None
    return f"write it as `{fixed}`: the same matches, one way to reach each"
