"""The keys of a guardrail's effective entries, and the one table saying what each kind fills.

`effective.build` turns every statement into entries keyed by what they are about: a `Key` of an
`EntryKind` and a name within that kind (`Key(FILTER, "HATE")`, `Key(PII, "EMAIL")`,
`Key(WORD, "project zeus")`, `Key(TIER)`). Two statements with one key in a guardrail are E206;
`extends` replaces an inherited entry by key.

`info(kind)` is the table: the `Guardrail` field an entry fills and the words E206 uses for it.
It is a `match` ending in `assert_never`, so adding a kind without a row is a mypy error (a test,
`tests/frontend/test_entries.py`, shows it). Standard library and `vocab` only.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from typing import NamedTuple, assert_never

from ..vocab import (
    FILTER_PHRASE,
    PII_PHRASE,
    TIER_PART_WORDS,
    ContentCategory,
    PiiType,
    TierPart,
)


class EntryKind(StrEnum):
    """What an effective entry is about: one per kind of statement in a guardrail."""

    DESCRIPTION = "description"
    KEY = "key"
    TAG = "tag"
    TIER = "tier"
    TIER_FOR = "tier_for"
    PROFILE = "profile"
    MESSAGE = "message"
    TOPIC = "topic"
    FILTER = "filter"
    WORD = "word"
    PROFANITY = "profanity"
    PII = "pii"
    PATTERN = "pattern"
    GROUNDING = "grounding"
    REASONING = "reasoning"
    ACCESS = "access"
    ENFORCE = "enforce"


class Key(NamedTuple):
    """An entry's key: its kind and, for kinds a guardrail can hold several of, which one (the
    tag key, topic name, filter category, casefolded word, PII type, pattern name, grounding
    check, message direction); "" for single settings. A named tuple: made and hashed for
    every entry of every guardrail, and a tuple is hashed and compared without Python code."""

    kind: EntryKind
    name: str = ""


def _same(name: str) -> str:
    return name


@dataclass(frozen=True)
class KindInfo:
    """A row of the table. `field` is the `Guardrail` field (`{}` stands for the key's name);
    `many` says the field is a tuple the entries are appended to; `wording` is how E206 names
    the entry (`{}` stands for `phrase(name)`)."""

    field: str
    many: bool
    wording: str
    phrase: Callable[[str], str] = _same


def _tier_part(name: str) -> str:
    return TIER_PART_WORDS[TierPart(name)]


def _filter_phrase(name: str) -> str:
    return FILTER_PHRASE[ContentCategory(name)]


def _pii_phrase(name: str) -> str:
    return PII_PHRASE[PiiType(name)]


@cache
def info(kind: EntryKind) -> KindInfo:
    """The row of `kind`: the IR field its entries fill and its E206 wording (made once per
    kind: it is asked for every entry of every guardrail)."""
    match kind:
        case EntryKind.DESCRIPTION:
            return KindInfo("description", False, "`description`")
        case EntryKind.KEY:
            return KindInfo("kms_key", False, "`encrypt with key`")
        case EntryKind.TAG:
            return KindInfo("tags", True, "tag `{}`")
        case EntryKind.TIER:
            return KindInfo("tier", False, "`tier`")
        case EntryKind.TIER_FOR:
            return KindInfo("{}_tier", False, "`tier for {}`", _tier_part)
        case EntryKind.PROFILE:
            return KindInfo("cross_region_profile", False, "`cross region profile`")
        case EntryKind.MESSAGE:
            return KindInfo("blocked_{}_message", False, "`on blocked {}`")
        case EntryKind.TOPIC:
            return KindInfo("topics", True, "topic `{}`")
        case EntryKind.FILTER:
            return KindInfo("filters", True, "filter `{}`", _filter_phrase)
        case EntryKind.WORD:
            return KindInfo("words", True, "word `{}`")
        case EntryKind.PROFANITY:
            return KindInfo("profanity", False, "`profanity`")
        case EntryKind.PII:
            return KindInfo("pii", True, "PII entity `{}`", _pii_phrase)
        case EntryKind.PATTERN:
            return KindInfo("patterns", True, "pattern `{}`")
        case EntryKind.GROUNDING:
            return KindInfo("grounding", True, "`{}`", str.lower)
        case EntryKind.REASONING:
            return KindInfo("reasoning", False, "`check automated reasoning`")
        case EntryKind.ACCESS:
            return KindInfo("access", False, "`access:`")
        case EntryKind.ENFORCE:
            return KindInfo("enforcements", True, "`enforce in {}`", str.lower)
        case _:
            assert_never(kind)


def ir_field(key: Key) -> str:
    """The `Guardrail` field the entry with `key` fills (`blocked_input_message` for a message)."""
    field = info(key.kind).field
    return field.format(key.name) if "{" in field else field


def describe(key: Key) -> str:
    """What an entry is about, in the language's words (for E206)."""
    row = info(key.kind)
    return row.wording.format(row.phrase(key.name))
