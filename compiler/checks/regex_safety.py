"""Is a user's regular expression one Bedrock accepts, and safe to run with a backtracking engine?

`analyse(pattern)` reports, with an offset into the pattern:
- E210: the pattern does not compile, or uses a construct Bedrock's regex support lacks
  (lookaround, backreferences, conditionals, atomic groups, possessive quantifiers, inline flags);
- E211: catastrophic backtracking, found on the automaton of `regex_ambiguity` (nested or
  consecutive repeats that can match the same text in several ways), plus a check on the source
  for repeated groups of overlapping one-character alternatives, which Python's parser folds away.
Only the standard library is used.
"""

from __future__ import annotations

import itertools
import re
import warnings
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from .regex_ambiguity import Ambiguity, C, Ranges, charset, find_ambiguity, intersect, sre


@dataclass(frozen=True)
class RegexIssue:
    """One finding in a pattern: where (character offset), which code, what (`message` reads
    after the pattern's name: "pattern `id` uses lookahead, ..."), a short `note` for the caret,
    and how to fix it."""

    offset: int
    code: str
    message: str
    note: str
    hint: str


def analyse(pattern: str) -> list[RegexIssue]:
    """Everything wrong with `pattern` as a Bedrock regex; empty when it is safe to use."""
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            tree = sre.parse(pattern)
            re.compile(pattern)  # warns again unless cached: the warnings are deduplicated
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
    # one E211 per pattern: the source-level check sees what Python's parser folds away
    overlapping = list(_same_alternatives(pattern))
    if overlapping:
        issues.append(overlapping[0])
    else:
        try:
            found = find_ambiguity(tree)
        except RecursionError:
            found = Ambiguity("too complex", ())
        if found is not None:
            offset = _group_offsets(pattern).get(found.groups[0], 0) if found.groups else 0
            issues.append(_e211_at(offset, found.kind))
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


_REPEATED = re.compile(r"[*+]|\{\d*,\d*\}|\{\d*[2-9]\d*\}")


def _same_alternatives(pattern: str) -> Iterable[RegexIssue]:
    """`(a|a)*`, `(\\d|[0-9])+`: repeated alternatives of one character that overlap.

    Python's parser folds such a group into a character class (so `re` itself is safe), which
    hides it from the automaton; other backtracking engines, Bedrock's among them, explore
    every alternative. Checked on the source text for that reason.
    """
    stack: list[list[int]] = []  # per open group: its `(`, then each `|`
    for i in _outside_classes(pattern):
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
                    yield _e211_at(marks[0], "exponential")


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


def _group_offsets(pattern: str) -> dict[int, int]:
    """Capturing group number → offset of its `(`, to point E211 at the offending group."""
    out: dict[int, int] = {}
    number = 0
    for i in _outside_classes(pattern):
        if pattern[i] == "(" and (not pattern.startswith("(?", i) or pattern.startswith("(?P<", i)):
            number += 1
            out[number] = i
    return out


def _outside_classes(pattern: str) -> Iterator[int]:
    """Offsets of the characters that are neither escaped nor inside a character class."""
    i, in_class = 0, False
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            i += 2
            continue
        if in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
            i += 2 if pattern[i + 1 : i + 2] == "^" else 1
            if pattern[i : i + 1] == "]":
                i += 1
            continue
        else:
            yield i
        i += 1


def _e211_at(offset: int, kind: str) -> RegexIssue:
    if kind == "too complex":
        return RegexIssue(
            offset,
            "E211",
            "is too complex to prove safe from catastrophic backtracking",
            "too many nested or counted repeats to analyse",
            "split it into simpler patterns or use fewer nested and counted repeats",
        )
    what = (
        "a repeated part can match the same text in several ways"
        if kind == "exponential"
        else "two repeats can match the same text one after the other"
    )
    return RegexIssue(
        offset,
        "E211",
        f"can backtrack catastrophically ({kind} time)",
        what,
        "make each repeated part match distinct text, e.g. `(a+)+` → `a+`, "
        "`(\\w+\\s?)*` → `\\w+(\\s\\w+)*`",
    )
