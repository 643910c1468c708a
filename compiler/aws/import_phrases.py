"""The small pieces `importer.py` writes `.guard` source with: strings, numbers, tag keys, verbs
and direction clauses from the request-named members of a deployed guardrail, and the runs of
entries that share one statement (or are one library definition).

Pure text: the importer sits below the front end (docs/architecture.md), so it cannot borrow the
formatter; `guardc import` runs the formatter over the finished text instead, which also proves
the text parses.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..literals.text_blocks import encode_block
from ..vocab import Action, Strength

Entry = Mapping[str, Any]
_TAG_KEY = re.compile(r"[a-z0-9_.:/+@-]([a-z0-9_.:/+=@-]*[a-z0-9_.:/+@-])?", re.IGNORECASE)

# Statement keywords per kind of rule (the first clause), and the verb of a second clause.
_FIRST: dict[str, dict[Action, str]] = {
    "topic": {Action.BLOCK: "deny", Action.NONE: "detect"},
    "filter": {Action.BLOCK: "filter", Action.NONE: "detect"},
    "rule": {Action.BLOCK: "block", Action.ANONYMIZE: "mask", Action.NONE: "detect"},
}
_SECOND: dict[str, dict[Action, str]] = {
    "topic": {Action.BLOCK: "block", Action.NONE: "detect"},
    "filter": _FIRST["filter"],
    "rule": _FIRST["rule"],
}


class UnsayableError(Exception):
    """A value the language has no words for (`reason` says why)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def quote(value: str) -> str:
    """`value` as a `.guard` string: a text block (`\"\"\"...\"\"\"`) when it holds a line
    break, which `guardc fmt` then indents. `UnsayableError` for a carriage return, and for the
    line breaks no text block reads back as (a blank first or last line, or every later line
    indented: text_blocks.encode_block)."""
    if "\r" in value:
        raise UnsayableError("it holds a carriage return, which no .guard string keeps")
    if "\n" in value:
        block = encode_block(value, "")
        if block is None:
            raise UnsayableError(
                "it holds line breaks that a text block cannot keep as they are (a blank first "
                "or last line, or every line after the first indented)"
            )
        return block
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def number(value: object) -> str:
    """`0.75`, `1`: as the language writes numbers."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise UnsayableError(f"`{value}` is not a number")
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def tag_key(key: str) -> str:
    """A tag key bare when the language allows it, else quoted."""
    return key if _TAG_KEY.fullmatch(key) else quote(key)


@dataclass(frozen=True)
class Side:
    """One enabled direction of a rule: its action and, for content filters, its strength."""

    action: Action
    strength: Strength | None = None


def side(entry: Mapping[str, Any], direction: str, legacy: str | None = None) -> Side | None:
    """The side `direction` of `entry` as AWS defaults it (enabled unless `…Enabled` is false;
    the action `…Action`, else the legacy `action` of PII entities and regexes, else BLOCK), or
    None when it is switched off.
    An action or strength outside the vocabulary is `UnsayableError`."""
    if not entry.get(f"{direction}Enabled", True):
        return None
    raw = entry.get(f"{direction}Action", legacy or "BLOCK")
    if raw not in Action.__members__:
        raise UnsayableError(f"`{direction}Action` {raw} is not an action the language knows")
    strength = None
    if f"{direction}Strength" in entry:
        raw_strength = entry[f"{direction}Strength"]
        if raw_strength not in Strength.__members__:
            raise UnsayableError(f"`{direction}Strength` {raw_strength} is not a filter strength")
        strength = Strength(raw_strength)
    return Side(Action(raw), strength)


def statement(
    kind: str,
    subject: str,
    input_side: Side | None,
    output_side: Side | None,
    images: str = "",
    *,
    per_side: dict[str, str] | None = None,
) -> str:
    """`VERB SUBJECT [at S][images][clauses]` for a rule of `kind` (topic, filter or rule) with
    the given sides. `subject` is what follows the verb (`topic "X"`, `hate`, `email addresses`).
    `per_side` gives each direction clause a suffix (` including images`, ` images only`), which
    forces the clauses. A rule with both sides off, or an action the kind has no verb for, is
    `UnsayableError`."""
    if input_side is None and output_side is None:
        raise UnsayableError("both directions are switched off, which no statement says")
    sides = [(d, s) for d, s in (("input", input_side), ("output", output_side)) if s is not None]
    first_dir, first = sides[0]
    verb = _verb(_FIRST, kind, first.action)
    text = f"{verb} {subject}{_strength(kind, first)}{images}"
    suffix = per_side or {}
    if len(sides) == 1:
        # prompt attacks are input-only by default: no clause needed
        if suffix or not (
            kind == "filter" and subject == "prompt attacks" and first_dir == "input"
        ):
            text += f" on {first_dir}{suffix.get(first_dir, '')}"
        return text
    _, second = sides[1]
    if second == first and not suffix:
        return text
    more: list[str] = []
    if second.action != first.action:
        more.append(_verb(_SECOND, kind, second.action))
    if second.strength != first.strength and second.strength is not None:
        more.append(second.strength.value.lower())
    clause = " ".join([*more, "on output"])
    return f"{text} on input{suffix.get('input', '')}, {clause}{suffix.get('output', '')}"


def _verb(table: dict[str, dict[Action, str]], kind: str, action: Action) -> str:
    verb = table[kind].get(action)
    if verb is None:
        raise UnsayableError(f"the action {action.value} does not exist for a {kind}")
    return verb


def _strength(kind: str, chosen: Side) -> str:
    if kind != "filter":
        return ""
    if chosen.strength is None:
        raise UnsayableError("an enabled content filter side has no strength")
    return f" at {chosen.strength.value.lower()}"


@dataclass(frozen=True)
class Run:
    items: tuple[str, ...]
    sides: tuple[Side | None, Side | None]
    library: str | None
    where: str
    error: str | None = None

    def check(self) -> None:
        """Raise the reason this run's sides cannot be said, if there is one."""
        if self.error is not None:
            raise UnsayableError(self.error)


def runs(
    entries: Sequence[Entry],
    key: Callable[[Entry], str],
    library: Mapping[str, tuple[str, ...]],
    sides_of: Callable[[Entry], tuple[Side | None, Side | None]],
    field_of: Callable[[str], str],
) -> list[Run]:
    """Entries in order as statements: a run that is exactly a library definition (in its
    order, with one set of sides) becomes one reference, neighbours with the same sides share a
    statement. An entry whose sides cannot be said is its own run (its statement reports it)."""
    runs: list[Run] = []
    keys = [key(e) for e in entries]
    i = 0
    while i < len(entries):
        try:
            here = sides_of(entries[i])
        except UnsayableError as exc:
            runs.append(Run((keys[i],), (None, None), None, field_of(keys[i]), exc.reason))
            i += 1
            continue
        match = None
        for name, members in sorted(library.items(), key=lambda kv: (-len(kv[1]), kv[0])):
            n = len(members)
            if tuple(keys[i : i + n]) == members and all(
                _same_sides(sides_of, e, here) for e in entries[i : i + n]
            ):
                match = name
                break
        if match is not None:
            n = len(library[match])
            runs.append(Run(tuple(keys[i : i + n]), here, match, field_of(keys[i])))
            i += n
            continue
        last = runs[-1] if runs else None
        if last is not None and last.library is None and last.error is None and last.sides == here:
            runs[-1] = Run((*last.items, keys[i]), here, None, last.where)
        else:
            runs.append(Run((keys[i],), here, None, field_of(keys[i])))
        i += 1
    return runs


def _same_sides(
    sides_of: Callable[[Entry], tuple[Side | None, Side | None]], entry: Entry, want: object
) -> bool:
    try:
        return sides_of(entry) == want
    except UnsayableError:
        return False


def sides(entry: Entry) -> tuple[Side | None, Side | None]:
    return side(entry, "input"), side(entry, "output")


def legacy_sides(entry: Entry) -> tuple[Side | None, Side | None]:
    legacy = entry.get("action")
    return side(entry, "input", legacy), side(entry, "output", legacy)
