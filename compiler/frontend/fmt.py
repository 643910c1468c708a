"""The formatter: a `Module` (syntax IR) printed back in canonical form, comments kept.

Canonical choices: two spaces per indentation level; one blank line between top-level items
(consecutive `use` lines, and consecutive `parameter` lines, keep the user's choice of zero
or one); inside a block at most one blank line, and only where the user put one; `environment`
lines in a fixed order (account, region, name suffix, key, tags, sets); keywords lower-case;
PII entities and content filters as their English phrases; strengths and tiers lower-case;
numbers as `0.7` / `1`; strings with the fewest escapes that read back the same (`\\"` always,
`\\\\` only where a backslash would otherwise pair with the next character); one word per line
in `words` blocks; `access:` lines in a fixed order. Direction clauses are printed as written
(the `Side` tuples).

The printer works from the IR, so anything not in the IR (comments, blank lines) is recovered
from the source text by line number: the syntax nodes' spans say which source line each output
line came from. Formatting then parsing gives an equal `Module.model_dump()`.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from contextvars import ContextVar
from dataclasses import dataclass, field
from decimal import Decimal
from typing import assert_never

from .. import ir
from ..diagnostics.span import NO_SPAN, Span
from ..literals.text_blocks import decode, encode_block
from ..vocab import (
    FILTER_PHRASE,
    PII_PHRASE,
    TIER_PART_WORDS,
    ContentCategory,
    Expect,
    PiiType,
    RuleKind,
    Verb,
)
from . import syntax as s
from .fmt_monitoring import alarms_lines, logging_lines

INDENT = "  "

_TAG_KEY = re.compile(r"[a-z0-9_.:/+@-]([a-z0-9_.:/+=@-]*[a-z0-9_.:/+@-])?", re.IGNORECASE)
# A line's lexical pieces: a string (escapes paired), a comment, anything else.
_PIECES = re.compile(
    r'"""(?:[^"\\]|\\[\s\S]|"(?!""))*(?:"""|$)|"(?:[^"\\\n]|\\[^\n])*"?|#[^\n]*|[^"#]+'
)


@dataclass
class _Line:
    """One output line: nesting depth, text, and the source line it came from (None: unknown)."""

    depth: int
    text: str
    src: int | None
    item: int = 0
    comment: str | None = None  # a trailing comment kept on this line
    before: list[_Comment] = field(default_factory=list)
    after: list[_Comment] = field(default_factory=list)


@dataclass(frozen=True)
class _Comment:
    """A `#` comment of the source: its line, its column, its text, whether code precedes it."""

    line: int
    indent: int
    text: str
    trailing: bool


def comments(text: str) -> list[_Comment]:
    """Every comment in `text`: a `#` outside a string (text blocks included), to the end of
    its line."""
    found: list[_Comment] = []
    if "#" not in text:
        return found
    starts = [0]
    starts.extend(i + 1 for i, ch in enumerate(text) if ch == "\n")
    for piece in _PIECES.finditer(text):
        if piece.group().startswith("#"):
            number = bisect_right(starts, piece.start())
            line_start = starts[number - 1]
            line = text[line_start : text.find("\n", line_start) % (len(text) + 1)]
            code_before = text[line_start : piece.start()].strip() != ""
            indent = len(line) - len(line.lstrip(" \t"))
            found.append(_Comment(number, indent, piece.group().rstrip(), code_before))
    return found


# ── lexical pieces ────────────────────────────────────────────────────────────────────────────


# The text blocks of the source being formatted, by value: `quote` writes a block as the user
# wrote it (continuation lines included) while its value is unchanged.
_BLOCKS: ContextVar[dict[str, str] | None] = ContextVar("_BLOCKS", default=None)


def quote(value: str) -> str:
    """`value` as a string literal that reads back as `value`: the source's own text block for
    a value written as one, a new text block for a value holding a line break, else `"..."`.

    Only `\\"` and `\\\\` are escapes, and any other backslash stays as written, so a backslash
    needs escaping only before `"`, before another backslash, or at the end of the string.
    """
    blocks = _BLOCKS.get()
    if blocks is not None and value in blocks:
        return blocks[value]
    if "\n" in value:
        block = encode_block(value, "")
        if block is None:  # only values read from a text block hold a line break: in _BLOCKS
            raise ValueError(f"no text block reads back as {value!r}")
        return block
    out: list[str] = []
    for i, ch in enumerate(value):
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            following = value[i + 1] if i + 1 < len(value) else '"'
            out.append("\\\\" if following in '"\\' else "\\")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def number(value: float) -> str:
    """`0.7`, `1`: the shortest decimal that reads back as `value`, never in exponent form."""
    if value == int(value):
        return str(int(value))
    text = repr(float(value))
    if "e" in text or "E" in text:
        text = format(Decimal(text), "f")
    return text


def _tag_key(key: str) -> str:
    return key if _TAG_KEY.fullmatch(key) else quote(key)


def _entity(ref: s.EntityRef) -> str:
    return PII_PHRASE[ref.entity]


def _quoted_list(
    texts: tuple[s.Text, ...], st: s.Parameterised | None = None, field: str = ""
) -> str:
    return ", ".join(_val(st, f"{field}[{i}]", quote(t.value)) for i, t in enumerate(texts))


def _val(st: s.Parameterised | None, field: str, written: str) -> str:
    """`parameter "P"` where the statement names one for `field`, else the value as written."""
    for use in st.params if st is not None else ():
        if use.field == field:
            return f"parameter {quote(use.name)}"
    return written


def _literal(value: str | float) -> str:
    return number(value) if isinstance(value, float) else quote(value)


def _verb_word(verb: Verb, kind: str) -> str:
    """The keyword for a verb in a statement of `kind` (`filter hate`, `deny topic`...)."""
    if verb is Verb.BLOCK:
        return {"filter": "filter", "topic": "deny", "grounding": "require"}.get(kind, "block")
    return verb.value


def _sides(sides: tuple[s.Side, ...], kind: str) -> str:
    """` on input` / ` on input, mask on output` / ` on input, low on output`."""
    parts: list[str] = []
    for index, side in enumerate(sides):
        words: list[str] = []
        if index > 0 and side.verb is not None:
            # a clause's verb is one of block/mask/detect/filter: no `deny` or `require` here
            words.append(_verb_word(side.verb, "filter" if kind == "filter" else "block"))
        if index > 0 and side.strength is not None:
            words.append(side.strength.value.lower())
        words += ["on", side.direction.value]
        if side.images is not None:
            words.append(side.images.value)
        parts.append(" ".join(words))
    return (" " + ", ".join(parts)) if parts else ""


def _rule_ref(ref: ir.RuleRef) -> str:
    match ref.rule:
        case RuleKind.TOPIC | RuleKind.WORD | RuleKind.PATTERN:
            return f"{ref.rule.value} {quote(ref.target)}"
        case RuleKind.FILTER:
            phrase = (
                FILTER_PHRASE[ContentCategory(ref.target)]
                if ref.target in ContentCategory.__members__
                else ref.target
            )
            return f"filter {phrase}"
        case RuleKind.PII:
            entity = ref.target
            return f"pii {PII_PHRASE[PiiType(entity)] if entity in PiiType.__members__ else entity}"
        case RuleKind.PROFANITY | RuleKind.GROUNDING | RuleKind.RELEVANCE:
            return ref.rule.value
        case _:
            assert_never(ref.rule)


@dataclass(frozen=True)
class _FilterList:
    """`filter hate, insults at high`: one source statement that lowering split per filter."""

    filters: tuple[s.FilterStmt, ...]


def _join_filter_lists(statements: tuple[s.Statement, ...]) -> list[s.Statement | _FilterList]:
    """The statements, with the filters one comma list made (same line, same verb, strength,
    images and sides) joined again, so `fmt` keeps the list as written."""
    out: list[s.Statement | _FilterList] = []
    for st in statements:
        last = out[-1] if out else None
        previous = last.filters[-1] if isinstance(last, _FilterList) else last
        if (
            isinstance(st, s.FilterStmt)
            and isinstance(previous, s.FilterStmt)
            and previous.span == st.span
            and (previous.verb, previous.strength, previous.images, previous.images_only)
            == (st.verb, st.strength, st.images, st.images_only)
            and previous.sides == st.sides
        ):
            filters = last.filters if isinstance(last, _FilterList) else (previous,)
            out[-1] = _FilterList((*filters, st))
        else:
            out.append(st)
    return out


def _filter_line(filters: tuple[s.FilterStmt, ...]) -> str:
    first = filters[0]
    phrases = ", ".join(FILTER_PHRASE[f.category] for f in filters)
    line = f"{_verb_word(first.verb, 'filter')} {phrases}"
    if first.strength is not None:
        line += f" at {first.strength.value.lower()}"
    if first.images:
        line += " including images"
    if first.images_only:
        line += " on images only"
    return line + _sides(first.sides, "filter")


def _expectation(e: ir.Expectation) -> str:
    text = f"{e.source.value} {quote(e.text)}"
    if e.grounding_source is not None:
        text += f" given source {quote(e.grounding_source)}"
        if e.query is not None:
            text += f" and query {quote(e.query)}"
    elif e.query is not None:
        text += f" given query {quote(e.query)}"
    match e.expect:
        case Expect.ALLOWED:
            return text + " is allowed"
        case Expect.BLOCKED:
            return text + " is blocked" + (f" by {_rule_ref(e.by)}" if e.by else "")
        case Expect.MASKED:
            return text + f" is masked as {quote(e.masked_as or '')}"
        case Expect.DETECTED:
            return text + (f" is detected by {_rule_ref(e.by)}" if e.by else " is detected")
        case _:
            assert_never(e.expect)


# ── the printer ───────────────────────────────────────────────────────────────────────────────


class _Printer:
    """Turns a module into `_Line`s, each tagged with the source line it came from."""

    def __init__(self, text: str) -> None:
        self.source_lines = text.split("\n")
        self.lines: list[_Line] = []
        self.item = 0

    def emit(self, depth: int, text: str, span: Span | None) -> None:
        src = None if span is None or span.file == NO_SPAN.file else span.line
        self.lines.append(_Line(depth, text, src, self.item))

    def emit_at(self, depth: int, text: str, src: int | None) -> None:
        self.lines.append(_Line(depth, text, src, self.item))

    def find(self, keyword: str, span: Span, then: str | None = None) -> int | None:
        """The first source line within `span` that starts with `keyword` (and `then`, when
        given) — for lines the IR keeps no span of, like `means` or `deployer may delete`."""
        if span.file == NO_SPAN.file:
            return None
        for number in range(span.line, min(span.end_line, len(self.source_lines)) + 1):
            words = self.source_lines[number - 1].split()
            if (
                words
                and words[0].lower() == keyword
                and (then is None or (len(words) > 1 and words[1].lower() == then))
            ):
                return number
        return None

    # top level
    def item_(self, node: s.TopLevel) -> None:
        match node:
            case s.Use():
                target = quote(node.target) if node.is_path else node.target
                self.emit(0, f"use {target}", node.span)
            case s.TopicDef():
                self.emit(0, f"topic {quote(node.name)}:", node.span)
                self.topic_body(1, node)
            case s.WordListDef():
                self.emit(0, f"words {quote(node.name)}:", node.span)
                for word in node.words:
                    self.emit(1, quote(word.value), word.span)
            case s.PiiGroupDef():
                phrases = ", ".join(_entity(e) for e in node.entities)
                self.emit(0, f"pii group {quote(node.name)}: {phrases}", node.span)
            case s.PatternDef():
                described = f" described as {quote(node.description)}" if node.description else ""
                line = f"pattern {quote(node.name)} matching {quote(node.regex)}{described}"
                self.emit(0, line, node.span)
            case s.GuardrailDecl():
                extends = f" extends {quote(node.extends.name)}" if node.extends else ""
                colon = ":" if node.statements else ""  # `extends` alone: a copy
                self.emit(0, f"guardrail {quote(node.name)}{extends}{colon}", node.span)
                for statement in _join_filter_lists(node.statements):
                    self.statement(1, statement)
            case s.ParameterDef():
                self.emit(0, f"parameter {quote(node.name)} = {_literal(node.value)}", node.span)
            case s.EnvironmentDef():
                self.emit(0, f"environment {quote(node.name)}:", node.span)
                self.environment_body(node)
            case s.TestBlock():
                self.emit(
                    0, f"test {quote(node.name)} for {quote(node.guardrail.name)}:", node.span
                )
                for expectation in node.expectations:
                    self.emit(1, _expectation(expectation), expectation.span)
            case s.LoggingDecl():
                self.emit(0, "logging:", node.span)
                for text, span in logging_lines(node, quote):
                    self.emit(1, text, span)
            case s.AlarmsDecl():
                self.emit(0, f"alarms for {quote(node.guardrail.name)}:", node.span)
                for text, span in alarms_lines(node, quote):
                    self.emit(1, text, span)
            case _:
                assert_never(node)

    def environment_body(self, env: s.EnvironmentDef) -> None:
        for keyword, value in (
            ("account", env.account),
            ("region", env.region),
            ("name suffix", env.suffix),
            ("encrypt with key", env.key),
        ):
            if value is not None:
                self.emit(1, f"{keyword} {quote(value.value)}", value.span)
        for key, text in env.tags:
            self.emit(1, f"tag {_tag_key(key)} = {quote(text.value)}", text.span)
        for line in env.sets:
            self.emit(1, f"set {quote(line.name)} = {_literal(line.value)}", line.span)

    def topic_body(self, depth: int, topic: s.TopicDef, within: Span | None = None) -> None:
        self.emit_at(
            depth, f"means {quote(topic.definition)}", self.find("means", within or topic.span)
        )
        for example in topic.examples:
            self.emit(depth, f"for example {quote(example.value)}", example.span)

    def statement(self, depth: int, st: s.Statement | _FilterList) -> None:
        match st:
            case s.DescriptionStmt():
                self.emit(depth, f"description {_val(st, 'text', quote(st.text))}", st.span)
            case s.KeyStmt():
                self.emit(depth, f"encrypt with key {_val(st, 'key', quote(st.key))}", st.span)
            case s.TagStmt():
                value = _val(st, "value", quote(st.value))
                self.emit(depth, f"tag {_tag_key(st.key)} = {value}", st.span)
            case s.TierStmt():
                part = f" for {TIER_PART_WORDS[st.part]}" if st.part is not None else ""
                self.emit(depth, f"tier {st.tier.value.lower()}{part}", st.span)
            case s.CrossRegionStmt():
                profile = _val(st, "profile", quote(st.profile))
                self.emit(depth, f"cross region profile {profile}", st.span)
            case s.MessageStmt():
                line = f"on blocked {st.direction.value} say {_val(st, 'text', quote(st.text))}"
                self.emit(depth, line, st.span)
            case s.TopicStmt():
                head = f"{_verb_word(st.verb, 'topic')} topic {quote(st.topic.name)}"
                head += _sides(st.sides, "topic")
                if st.inline is None:
                    self.emit(depth, head, st.span)
                else:
                    self.emit(depth, head + ":", st.span)
                    self.topic_body(depth + 1, st.inline, st.span)
            case _FilterList():
                self.emit(depth, _filter_line(st.filters), st.filters[0].span)
            case s.FilterStmt():
                self.emit(depth, _filter_line((st,)), st.span)
            case s.WordStmt():
                verb = _verb_word(st.verb, "word")
                if st.from_list is not None:
                    line = f"{verb} words from {quote(st.from_list.name)}"
                elif len(st.words) == 1:
                    line = f"{verb} word {quote(st.words[0].value)}"
                else:
                    line = f"{verb} words {_quoted_list(st.words)}"
                self.emit(depth, line + _sides(st.sides, "word"), st.span)
            case s.ProfanityStmt():
                line = f"{_verb_word(st.verb, 'profanity')} profanity"
                self.emit(depth, line + _sides(st.sides, "profanity"), st.span)
            case s.PiiStmt():
                verb = _verb_word(st.verb, "pii")
                if st.group is not None:
                    what = f"pii group {quote(st.group.name)}"
                else:
                    what = ", ".join(_entity(e) for e in st.entities)
                self.emit(depth, f"{verb} {what}" + _sides(st.sides, "pii"), st.span)
            case s.PatternStmt():
                line = f"{_verb_word(st.verb, 'pattern')} pattern {quote(st.pattern.name)}"
                if st.regex is not None:
                    line += f" matching {quote(st.regex)}"
                    if st.description is not None:
                        line += f" described as {quote(st.description)}"
                self.emit(depth, line + _sides(st.sides, "pattern"), st.span)
            case s.GroundingStmt():
                verb = _verb_word(st.verb, "grounding")
                at_least = _val(st, "threshold", number(st.threshold))
                line = f"{verb} {st.check.value.lower()} at least {at_least}"
                self.emit(depth, line, st.span)
            case s.ReasoningStmt():
                line = f"check automated reasoning policy {_quoted_list(st.policies)}"
                if st.confidence is not None:
                    line += f" with confidence {_val(st, 'confidence', number(st.confidence))}"
                self.emit(depth, line, st.span)
            case s.AccessStmt():
                self.emit(depth, "access:", st.span)
                self.access_body(depth + 1, st)
            case s.EnforceStmt():
                self.enforce(depth, st)
            case _:
                assert_never(st)

    def enforce(self, depth: int, st: s.EnforceStmt) -> None:
        head = f"enforce in {st.scope.value.lower()}"
        if not (st.models or st.system or st.messages or st.roots or st.units or st.accounts):
            self.emit(depth, head, st.span)
            return
        self.emit(depth, head + ":", st.span)
        if st.models:
            listed = "all" if st.models[0].value == "ALL" else _quoted_list(st.models)
            if st.excluded:
                listed += f" except {_quoted_list(st.excluded)}"
            self.emit(depth + 1, f"models {listed}", st.models[0].span)
        for what, words in (("system", "system prompts"), ("messages", "messages")):
            mode = getattr(st, what)
            if mode is not None:
                adverb = "selectively" if mode.value == "SELECTIVE" else "comprehensively"
                line = self.find("guard", st.span, what)
                self.emit_at(depth + 1, f"guard {words} {adverb}", line)
        for targets, one, many in (
            (st.roots, "root", "root"),
            (st.units, "organizational unit", "organizational units"),
            (st.accounts, "account", "accounts"),
        ):
            if targets:
                kind = one if len(targets) == 1 else many
                self.emit(depth + 1, f"attach to {kind} {_quoted_list(targets)}", targets[0].span)

    def access_body(self, depth: int, st: s.AccessStmt) -> None:
        for keyword, value in (
            ("account", st.account),
            ("region", st.region),
            ("partition", st.partition),
        ):
            if value is not None:
                self.emit(depth, f"{keyword} {_val(st, keyword, quote(value.value))}", value.span)
        for words, texts, member in (
            ("deployed by", st.deployers, "deployers"),
            ("applied by", st.appliers, "appliers"),
            ("required for models", st.models, "models"),
        ):
            if texts:
                self.emit(depth, f"{words} {_quoted_list(texts, st, member)}", texts[0].span)
        if st.allow_delete:
            self.emit_at(depth, "deployer may delete", self.find("deployer", st.span))
        if st.version is not None:
            version = st.version.value
            written = "draft" if version.upper() == "DRAFT" else version
            self.emit(depth, f"pin version {written}", st.version.span)
        if st.shared_accounts:
            accounts = _quoted_list(st.shared_accounts)
            word = "account" if len(st.shared_accounts) == 1 else "accounts"
            self.emit(depth, f"shared with {word} {accounts}", st.shared_accounts[0].span)
        if st.shared_organization is not None:
            org = quote(st.shared_organization.value)
            self.emit(depth, f"shared with organization {org}", st.shared_organization.span)


# ── comments and blank lines ──────────────────────────────────────────────────────────────────


def _indent_of(source_lines: list[str], line: int) -> int:
    text = source_lines[line - 1] if 0 < line <= len(source_lines) else ""
    return len(text) - len(text.lstrip(" \t"))


def _attach(lines: list[_Line], found: list[_Comment], source_lines: list[str]) -> list[_Comment]:
    """Give each comment a home; return those with none (a file of comments only).

    A trailing comment stays on the output line printed from its source line. A comment on its
    own line goes before the next printed line in source order, unless a block ends between the
    two and the comment is indented deeper than that next line: then it closes the block above.
    """
    placed = sorted((ln for ln in lines if ln.src is not None), key=lambda ln: ln.src or 0)
    orphans: list[_Comment] = []
    for comment in found:
        if comment.trailing:
            # the line printed from the comment's source line; for a statement whose text block
            # ends on that line, the statement (its printed text spans the same lines)
            home = next(
                (
                    ln
                    for ln in placed
                    if ln.src is not None and ln.src <= comment.line <= ln.src + ln.text.count("\n")
                ),
                None,
            )
            if home is not None and home.comment is None:
                home.comment = comment.text
                continue
        following = next((ln for ln in placed if (ln.src or 0) > comment.line), None)
        previous = next((ln for ln in reversed(placed) if (ln.src or 0) < comment.line), None)
        closes_block = (
            following is not None
            and previous is not None
            and previous.depth > following.depth
            and comment.indent > _indent_of(source_lines, following.src or 0)
        )
        if following is not None and not closes_block:
            following.before.append(comment)
        elif previous is not None:
            previous.after.append(comment)
        else:
            orphans.append(comment)
    return orphans


def _blank_between(source_lines: list[str], a: int | None, b: int | None) -> bool:
    """Whether the user left a blank line between source lines `a` and `b`."""
    if a is None or b is None or b <= a + 1:
        return False
    return any(not source_lines[k - 1].strip() for k in range(a + 1, min(b, len(source_lines) + 1)))


class _Writer:
    """Joins lines and comments, deciding where blank lines go."""

    def __init__(self, items: tuple[s.TopLevel, ...], source_lines: list[str]) -> None:
        self.items = items
        self.source_lines = source_lines
        self.out: list[str] = []
        self.prev_src: int | None = None
        self.prev_item: int | None = None
        self.prev_opens_block = False

    def put(self, depth: int, text: str, src: int | None, item: int, opens: bool = False) -> None:
        """Write one line, after a blank line where one belongs. `opens`: it ends in `:`."""
        if self.prev_item is not None and item != self.prev_item:
            prev, this = self.items[self.prev_item], self.items[item]
            both_use = isinstance(prev, s.Use) and isinstance(this, s.Use)
            both_use |= isinstance(prev, s.ParameterDef) and isinstance(this, s.ParameterDef)
            if not both_use or _blank_between(self.source_lines, self.prev_src, src):
                self.out.append("")
        elif (
            self.out
            and not self.prev_opens_block
            and _blank_between(self.source_lines, self.prev_src, src)
        ):
            self.out.append("")
        if "\n" in text:  # a text block: its later lines one level deeper than the statement
            text = _rebase(text, INDENT * (depth + 1))
        self.out.append(INDENT * depth + text)
        self.prev_src = src + text.count("\n") if src is not None else self.prev_src
        self.prev_item = item
        self.prev_opens_block = opens


def _rebase(text: str, indent: str) -> str:
    """`text`'s lines after the first, their common indentation replaced by `indent` (a text
    block's value does not depend on it)."""
    first, *rest = text.split("\n")
    common = min((len(r) - len(r.lstrip(" \t")) for r in rest if r.strip()), default=0)
    return "\n".join([first, *(indent + r[common:] if r.strip() else "" for r in rest)])


def _source_blocks(text: str) -> dict[str, str]:
    """The text blocks of `text` (outside comments), by value."""
    if '"""' not in text:
        return {}
    return {
        decode(m.group())[0]: m.group()
        for m in _PIECES.finditer(text)
        if m.group().startswith('"""') and m.group().endswith('"""') and len(m.group()) >= 6
    }


def format_source(module: s.Module, text: str) -> str:
    """`module` (lowered from `text`) in canonical form, with the comments of `text` kept."""
    token = _BLOCKS.set(_source_blocks(text))
    try:
        return _format(module, text)
    finally:
        _BLOCKS.reset(token)


def _format(module: s.Module, text: str) -> str:
    printer = _Printer(text)
    for index, item in enumerate(module.items):
        printer.item = index
        printer.item_(item)
    orphans = _attach(printer.lines, comments(text), printer.source_lines)
    writer = _Writer(module.items, printer.source_lines)
    for line in printer.lines:
        for comment in line.before:
            writer.put(line.depth, comment.text, comment.line, line.item)
        code = line.text if line.comment is None else f"{line.text}  {line.comment}"
        writer.put(line.depth, code, line.src, line.item, line.text.endswith(":"))
        for comment in line.after:
            depth = 0 if comment.indent == 0 else line.depth
            writer.put(depth, comment.text, comment.line, line.item)
    last = len(module.items) - 1
    for comment in orphans:
        writer.put(0, comment.text, comment.line, max(last, 0))
    return "".join(line + "\n" for line in writer.out)
