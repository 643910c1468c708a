"""Lowering of guardrail statements, on top of the shared leaves of `lower_leaves.py`.

`lower.py` lowers files, top-level items and tests on top of `StatementLowerer`. A statement line
may lower to several syntax statements (`filter hate, insults at high` is two filter rules) or to
none, when what it names is unknown (reported, never guessed).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from lark import Token, Tree

from ..diagnostics.sink import Diagnostics, Label, nearest
from ..diagnostics.span import Span, unchecked_span
from ..vocab import (
    ContentCategory,
    EnforceScope,
    GroundingKind,
    GuardMode,
    ImageMode,
    Strength,
    Tier,
    TierPart,
    Verb,
    lookup_filter,
    normalise_phrase,
)
from . import syntax as s
from .construct import UnmovableError, made, maker, mover, recipe
from .lower_leaves import (
    FILTER_WORDS,
    PII_WORDS,
    STRENGTH_WORDS,
    LeafLowerer,
    Node,
    bounds,
    child,
    line_starts,
    strings,
    tokens,
    trees,
    unquote,
    unquote_offsets,
    vocabulary,
)

# Bedrock's version pattern is `[1-9][0-9]{0,7}` (botocore GuardrailVersion; the front end does not
# read the AWS model, tests/security/test_pin_version.py keeps the two in agreement).
MAX_VERSION_DIGITS = 8


_ACCESS_FIELDS = {"deployed": "deployers", "applied": "appliers"}
# `attach to ...` in `enforce in organization`: the IR field of each kind of target
_ATTACH_FIELDS = {
    "ROOT": "roots",
    "ORGANIZATIONAL": "units",
    "ACCOUNT": "accounts",
    "ACCOUNTS": "accounts",
}
# how an enforce line is named in E206 (`guard system`, `guard messages` otherwise)
_ENFORCE_LINES = {
    "models": "models",
    "roots": "attach to root",
    "units": "attach to organizational units",
    "accounts": "attach to accounts",
}


N = TypeVar("N")
# the statements a big file's guardrails write with their own strings, made by position
_description = maker(s.DescriptionStmt, "text", "params", "span")
_tag = maker(s.TagStmt, "key", "value", "params", "span")
_message = maker(s.MessageStmt, "direction", "text", "params", "span")
_topic_stmt = maker(s.TopicStmt, "verb", "topic", "inline", "sides", "span")
_words_from = maker(s.WordStmt, "verb", "from_list", "sides", "span")
_words = maker(s.WordStmt, "verb", "words", "sides", "span")
_pattern_stmt = maker(s.PatternStmt, "verb", "pattern", "sides", "span")
# Statements written alike (the same text at the same column) lower alike, but for positions.
MEMO = True  # tests turn it off to hold the two ways to the same modules and diagnostics
MEMO_SIZE = 20_000  # statements remembered per file; a file of unique lines stops adding
_SEEN = (None, None, 0, 0)  # a statement seen once: moved only from its second time on
_FIXED = (None, None, -1, 0)  # a statement not to be moved: it had a diagnostic, or cannot be


def _short(token: str, width: int = 30) -> str:
    return token if len(token) <= width else f"{token[:8]}…{token[-8:]} ({len(token)} digits)"


class StatementLowerer(LeafLowerer):
    """Statement lowering for one file; methods are named after their grammar rules."""

    def __init__(self, file: str, sink: Diagnostics, source: str | None = None) -> None:
        super().__init__(file, sink, source)
        # (rule, column, text) → the statements first lowered there, their `mover` (compiled
        # from their `recipe`), start and line; or _SEEN, or _FIXED
        self.memo: dict[tuple[str, int, str], tuple[Any, Any, int, int]] = {}

    # ── statements ────────────────────────────────────────────────────────────────────────────

    def statement(self, tree: Node) -> Sequence[s.Statement]:
        """One guardrail statement line, as zero or more syntax statements."""
        return self.remembered(tree, self.lowered)

    def remembered(self, tree: Node, lowering: Callable[[Node, Span], list[N]]) -> Sequence[N]:
        """`lowering(tree, span)`, or the same worked out before, moved.

        A big file repeats lines (`filter hate at high` in every guardrail), and lowering is a
        function of a line's text and column alone, but for its positions: from its third time
        on, a line written as one lowered before without a diagnostic is that one's nodes moved
        to its place (`construct.mover`), a fraction of the work."""
        if self.source is None or not MEMO:
            return lowering(tree, self.span(tree))
        where = bounds(tree)  # the span made only when the statement is lowered
        memo = self.memo
        key = (tree.data, where[3], self.source[where[0] : where[1]])
        done, how, start, line = known = memo.get(key, _FIXED)
        if done is not None:
            again: tuple[N, ...] = how(done, where[0] - start, where[2] - line)
            return again  # a tuple: read, never changed
        span = unchecked_span(self.file, *where)
        if known is _FIXED and len(memo) < MEMO_SIZE and key not in memo:
            memo[key] = _SEEN
            return lowering(tree, span)
        before = len(self.sink)
        nodes = lowering(tree, span)
        if known is _SEEN:
            memo[key] = _FIXED
            if len(self.sink) == before:
                try:
                    how = mover(recipe(tuple(nodes), span.start, span.end))
                except UnmovableError:
                    return nodes
                memo[key] = (tuple(nodes), how, span.start, span.line)
        return nodes

    def lowered(self, tree: Node, span: Span) -> list[s.Statement]:
        """`statement`, worked out."""
        match tree.data:
            case "description":
                text, params = self.value(tree, "text")
                return [_description(text, params, span)]
            case "key":
                key, params = self.value(tree, "key")
                return [s.KeyStmt(key=key, params=params, span=span)]
            case "tag":
                key_token = tokens(tree)[0]
                name = unquote(key_token) if key_token.type == "STRING" else str(key_token)
                value, params = self.value(tree, "value", skip=1)
                return [_tag(name, value, params, span)]
            case "tier":
                part_tree = child(tree, "tier_for")
                part = TierPart(tokens(part_tree)[0].type.lower()) if part_tree else None
                return [made(s.TierStmt, tier=Tier(tokens(tree)[0].type), part=part, span=span)]
            case "cross_region":
                profile, params = self.value(tree, "profile")
                return [s.CrossRegionStmt(profile=profile, params=params, span=span)]
            case "message":
                way = self.direction(child(tree, "direction") or tree)
                text, params = self.value(tree, "text")
                return [_message(way, text, params, span)]
            case "topic_rule":
                return self.topic_rule(tree, span)
            case "phrase_rule":
                return self.phrase_rule(tree, span)
            case "word_rule" | "words_rule" | "words_from_rule" | "profanity_rule":
                return self.word_rule(tree, span)
            case "pii_group_rule" | "pattern_rule":
                return self.pii_group_or_pattern(tree, span)
            case "grounding_rule":
                verb_token, check, *threshold = tokens(tree)
                verb = Verb.DETECT if verb_token.type == "DETECT" else Verb.BLOCK
                kind = GroundingKind(check.type)
                params = self.param_uses(tree, "threshold")
                return [
                    made(
                        s.GroundingStmt,
                        verb=verb,
                        check=kind,
                        threshold=float(threshold[0]) if threshold else 0.0,
                        params=params,
                        span=span,
                    )
                ]
            case "reasoning_rule":
                conf = child(tree, "confidence")
                confidence = float(tokens(conf)[0]) if conf is not None and tokens(conf) else None
                params = self.param_uses(conf, "confidence") if conf is not None else ()
                policies = tuple(self.text(t) for t in strings(tree))
                return [
                    s.ReasoningStmt(
                        policies=policies,
                        confidence=0.0 if params else confidence,
                        params=params,
                        span=span,
                    )
                ]
            case "access":
                return self.access(tree, span)
            case "enforce":
                return self.enforce(tree, span)
        raise AssertionError(f"unhandled statement {tree.data}")  # grammar and lowering disagree

    def value(self, tree: Node, field: str, skip: int = 0) -> tuple[str, tuple[s.ParamUse, ...]]:
        """The string a statement takes (after `skip` leading tokens), or a placeholder and the
        `parameter "P"` that stands for it."""
        params = self.param_uses(tree, field)
        if params:
            return "", params
        return unquote(tokens(tree)[skip]), ()

    def param_uses(self, tree: Node, field: str) -> tuple[s.ParamUse, ...]:
        """The `parameter "P"` directly below `tree`, as a use of `field`."""
        ref = child(tree, "param_ref")
        if ref is None:
            return ()
        name = unquote(strings(ref)[0])
        return (s.ParamUse(field=field, name=name, span=self.span(ref)),)

    def sides(
        self,
        tree: Node | None,
        *,
        maskable: bool,
        scored: bool,
        what: str = "this rule",
        imaged: bool = False,
    ) -> tuple[s.Side, ...] | None:
        """The direction clause as written; None after reporting a clause that cannot apply."""
        if tree is None:
            return ()
        result: list[s.Side] = []
        for part in trees(tree):
            verb: Verb | None = None
            strength: Strength | None = None
            verb_tree = child(part, "verb")
            if verb_tree is not None:
                verb = self.verb(verb_tree)[0]
                if verb is Verb.MASK and not maskable:
                    self.cannot_mask(what, verb_tree)
                    return None
            for name in (t for t in tokens(part) if t.type == "NAME"):
                if not scored:
                    self.not_applicable("a strength", name)
                    return None
                strength = self.strength(name)
                if strength is None:
                    return None
            images: ImageMode | None = None
            for mode, rule_name in ((ImageMode.WITH, "images"), (ImageMode.ONLY, "images_only")):
                mode_tree = child(part, rule_name)
                if mode_tree is not None:
                    if not imaged:
                        self.not_applicable(f"`{mode.value}`", mode_tree)
                        return None
                    images = mode
            way = self.direction(child(part, "direction") or part)
            if result and result[0].direction is way:
                self.sink.emit(
                    "E001",
                    f"`{way.value}` is given twice",
                    self.span(part),
                    note="the other side is meant here",
                    help="write `on input, ... on output`",
                )
                return None
            result.append(
                made(
                    s.Side,
                    direction=way,
                    verb=verb,
                    strength=strength,
                    images=images,
                    span=self.span(part),
                )
            )
        return tuple(result)

    def topic_rule(self, tree: Node, span: Span) -> list[s.Statement]:
        verb = Verb.DETECT if tokens(tree)[0].type == "DETECT" else Verb.BLOCK
        name = strings(tree)[0]
        inline: s.TopicDef | None = None
        if any(c.data in ("means", "example") for c in trees(tree)):
            inline = self.topic_body(tree, unquote(name), span)
            if inline is None:
                return []
        sides = self.sides(child(tree, "sides"), maskable=False, scored=False, what="a topic")
        if sides is None:
            return []
        topic = self.ref(name)
        return [_topic_stmt(verb, topic, inline, sides, span)]

    def missing_at(self, tree: Node, phrase: str) -> bool:
        """E001 for `filter hate high` (a filter, then a strength without `at`)."""
        words = tokens(tree)
        if len(words) < 2 or str(words[-1]).lower() not in STRENGTH_WORDS:
            return False
        head = " ".join(str(w) for w in words[:-1])
        if lookup_filter(head) is None:
            return False
        self.sink.emit(
            "E001",
            f"missing `at` before the strength `{words[-1]}`",
            self.span(words[-1]),
            note="expected `at` before this",
            help=f"write `filter {head} at {str(words[-1]).lower()}`",
        )
        return True

    def phrase_rule(self, tree: Node, span: Span) -> list[s.Statement]:
        """Filters and PII entities: `filter hate at high`, `block names, urls on input`."""
        verb_tree = child(tree, "verb")
        assert verb_tree is not None
        verb, word = self.verb(verb_tree)
        filters: list[ContentCategory] = []
        entities: list[s.EntityRef] = []
        ok = True
        for part in (p for p in trees(tree) if p.data == "phrase"):
            phrase = self.phrase(part)
            category, entity = vocabulary(phrase)
            if category is not None and word != "mask":
                filters.append(category)
            elif entity is not None and word != "filter":
                entities.append(made(s.EntityRef, entity=entity, span=self.span(part)))
            elif category is not None:
                self.cannot_mask("a content filter", verb_tree)
                ok = False
            elif self.missing_at(part, phrase):
                ok = False
            elif word == "filter":
                self.unknown_filter(phrase, part)
                ok = False
            elif word != "mask" and (
                child(tree, "strength") is not None
                or nearest(normalise_phrase(phrase), PII_WORDS + FILTER_WORDS) in FILTER_WORDS
            ):
                # `detect violense at low`: a strength, or a near miss of a filter, says which
                # vocabulary the writer meant
                self.unknown_filter(phrase, part)
                ok = False
            else:
                candidates = PII_WORDS if word == "mask" else PII_WORDS + FILTER_WORDS
                self.unknown_entity(phrase, part, candidates)
                ok = False
        strength_tree, images_tree = child(tree, "strength"), child(tree, "images")
        only_tree = child(tree, "images_only")
        strength = None
        if strength_tree is not None:
            strength = self.strength(tokens(strength_tree)[0])
            ok = ok and strength is not None
        if entities and ok:
            for clause, node in (
                ("`at STRENGTH`", strength_tree),
                ("`including images`", images_tree),
                ("`on images only`", only_tree),
            ):
                if node is not None:
                    self.not_applicable(clause, node)
                    ok = False
        if not ok:
            return []
        sides = self.sides(
            child(tree, "sides"),
            maskable=not filters,
            scored=not entities,
            what="a content filter",
            imaged=not entities,
        )
        if sides is None:
            return []
        both = images_tree or only_tree
        per_side = next((side for side in sides if side.images is not None), None)
        if both is not None and per_side is not None and per_side.images is not None:
            self.sink.emit(
                "E232",
                "what the filter reads is said for both sides and again for one",
                per_side.span,
                note=f"`{per_side.images.value}` on {per_side.direction.value}",
                labels=(Label(span=self.span(both), message="said for both sides here"),),
                help="say it once: for both sides after the strength, or in each side's clause "
                "(`on input including images, low on output`)",
            )
            return []
        out: list[s.Statement] = [
            made(
                s.FilterStmt,
                verb=verb,
                category=category,
                strength=strength,
                images=images_tree is not None,
                images_only=only_tree is not None,
                sides=sides,
                span=span,
            )
            for category in filters
        ]
        if entities:
            out.append(made(s.PiiStmt, verb=verb, entities=tuple(entities), sides=sides, span=span))
        return out

    def word_rule(self, tree: Node, span: Span) -> list[s.Statement]:
        """`block word "W"`, `block words "a", "b"`, `block words from "L"`, `block profanity`."""
        verb_tree = child(tree, "verb")
        assert verb_tree is not None
        verb = self.verb(verb_tree)[0]
        if verb is Verb.MASK:
            self.cannot_mask("profanity" if tree.data == "profanity_rule" else "words", verb_tree)
            return []
        what = "profanity" if tree.data == "profanity_rule" else "words"
        sides = self.sides(child(tree, "sides"), maskable=False, scored=False, what=what)
        if sides is None:
            return []
        if tree.data == "profanity_rule":
            return [made(s.ProfanityStmt, verb=verb, sides=sides, span=span)]
        if tree.data == "words_from_rule":
            listed = self.ref(strings(tree)[0])
            return [_words_from(verb, listed, sides, span)]
        words = self.word_texts(strings(tree))
        return [_words(verb, words, sides, span)]

    def pii_group_or_pattern(self, tree: Node, span: Span) -> list[s.Statement]:
        """`block pii group "G"` and `mask pattern "N" [matching "RE" [described as "D"]]`."""
        verb_tree = child(tree, "verb")
        assert verb_tree is not None
        verb = self.verb(verb_tree)[0]
        sides = self.sides(child(tree, "sides"), maskable=True, scored=False)
        if sides is None:
            return []
        name = self.ref(strings(tree)[0])
        if tree.data == "pii_group_rule":
            return [made(s.PiiStmt, verb=verb, group=name, sides=sides, span=span)]
        matching = child(tree, "matching")
        if matching is None:
            return [_pattern_stmt(verb, name, sides, span)]
        regex = strings(matching)[0]
        described = child(matching, "described")
        return [
            made(
                s.PatternStmt,
                verb=verb,
                pattern=name,
                regex=unquote(regex),
                description=unquote(strings(described)[0]) if described is not None else None,
                regex_span=self.span(regex),
                regex_offsets=unquote_offsets(regex),
                regex_lines=line_starts(regex),
                sides=sides,
                span=span,
            )
        ]

    def access(self, tree: Node, span: Span) -> list[s.Statement]:
        """The `access:` block; a line given twice is E206."""
        fields: dict[str, object] = {}
        first: dict[str, Node] = {}
        params: list[s.ParamUse] = []
        for line in trees(tree):
            if line.data in first:
                self.sink.emit(
                    "E206",
                    f"`{line.data.replace('_', ' ')}` is given twice in `access:`",
                    self.span(line),
                    note="second line",
                    labels=(Label(span=self.span(first[line.data]), message="first given here"),),
                    help="keep one line; list several values on it separated by commas",
                )
                continue
            first[line.data] = line
            values = self.values(line, _ACCESS_FIELDS.get(line.data, line.data), params)
            match line.data:
                case "account" | "region" | "partition":
                    fields[line.data] = values[0]
                case "deployed":
                    fields["deployers"] = values
                case "applied":
                    fields["appliers"] = values
                case "models":
                    fields["models"] = values
                case "allow_delete":
                    fields["allow_delete"] = True
                case "pin":
                    fields["version"] = self.pin(line)
                case "shared_accounts":
                    fields["shared_accounts"] = values
                case "shared_org":
                    fields["shared_organization"] = values[0]
        return [s.AccessStmt.model_validate({**fields, "params": tuple(params), "span": span})]

    def values(self, line: Node, field: str, params: list[s.ParamUse]) -> tuple[s.Text, ...]:
        """The values of an `access:` line in order, each written out or a parameter (then a
        placeholder, and its use recorded in `params` as `field` or `field[i]`)."""
        values: list[s.Text] = []
        many = field in ("deployers", "appliers")
        for part in line.children:
            if isinstance(part, Token) and part.type == "STRING":
                values.append(self.text(part))
            elif isinstance(part, Tree) and part.data == "param_ref":
                where = f"{field}[{len(values)}]" if many else field
                name = unquote(strings(part)[0])
                params.append(s.ParamUse(field=where, name=name, span=self.span(part)))
                values.append(s.Text(value="", span=self.span(part)))
        return tuple(values)

    def enforce(self, tree: Node, span: Span) -> list[s.Statement]:
        """`enforce in account|organization` and its lines; a line given twice is E206."""
        scope = EnforceScope(tokens(tree)[0].type)
        fields: dict[str, object] = {}
        first: dict[str, Node] = {}
        for line in trees(tree):
            words = tokens(line)
            what = "models" if line.data == "enforce_models" else words[0].type.lower()
            if line.data == "enforce_attach":
                what = _ATTACH_FIELDS[words[0].type]
            if what in first:
                said = _ENFORCE_LINES.get(what, f"guard {what}")
                self.sink.emit(
                    "E206",
                    f"`{said}` is given twice in `enforce in {scope.value.lower()}`",
                    self.span(line),
                    note="second line",
                    labels=(Label(span=self.span(first[what]), message="first given here"),),
                    help="keep one line",
                )
                continue
            first[what] = line
            if line.data == "enforce_attach":
                fields[what] = tuple(self.text(t) for t in strings(line))
            elif line.data == "enforce_models":
                excluded = child(line, "except_models")
                listed = tuple(self.text(t) for t in strings(line))
                fields["models"] = (
                    (s.Text(value="ALL", span=self.span(words[0])),)
                    if words and words[0].type == "ALL"
                    else listed
                )
                if excluded is not None:
                    fields["excluded"] = tuple(self.text(t) for t in strings(excluded))
            else:
                selective = words[-1].type == "SELECTIVELY"
                fields[what] = GuardMode.SELECTIVE if selective else GuardMode.COMPREHENSIVE
        return [s.EnforceStmt.model_validate({"scope": scope, **fields, "span": span})]

    def pin(self, tree: Node) -> s.Text | None:
        """`pin version 3` → "3", `pin version draft` → "DRAFT"."""
        token = tokens(tree)[0]
        if token.type == "DRAFT":
            return s.Text(value="DRAFT", span=self.span(token))
        if "." in token:
            self.sink.emit(
                "E009",
                f"version `{token}` is not a whole number",
                self.span(token),
                note="a version number goes here",
                help="versions are numbered 1, 2, 3, ...; write `pin version 3`",
            )
            return None
        number = token.lstrip("0")  # not int(): a 5,000-digit token would raise
        if not number or len(number) > MAX_VERSION_DIGITS:
            self.sink.emit(
                "E009",
                f"version `{_short(token)}` is not a guardrail version",
                self.span(token),
                note="Bedrock numbers versions from 1 to 99999999",
                help="pin a version `guardc apply --publish` created, e.g. `pin version 3`, "
                "or `pin version draft`",
            )
            return None
        return s.Text(value=number, span=self.span(token))
