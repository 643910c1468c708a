"""The field-level difference between a compiled guardrail and the deployed one.

Both sides are in CreateGuardrail's request names (`response.to_request` translates GetGuardrail's
answer). Lists AWS promises no order for are compared as sets keyed by what identifies an entry
(a topic by name, a filter by type, …), defaults a request may leave out are filled in on both
sides (tier CLASSIC, TEXT modalities, both directions enabled, an action of BLOCK or the entry's
own legacy `action`), and a side that is switched off is compared as `off` whatever action it
carries. Every member is compared: those without a phrase of their own are shown by name.

Changes are phrased in the language's words (`filter hate: input high → low`,
`pii email addresses: output mask → block`), so a reviewer reads the plan as they read sources.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from ..vocab import FILTER_PHRASE, PII_PHRASE, ContentCategory, PiiType

Config = Mapping[str, Any]

_VERB = {"BLOCK": "block", "ANONYMIZE": "mask", "NONE": "detect"}
_SIDES = ("input", "output")


@dataclass(frozen=True)
class Change:
    """One difference. `field` None: the whole `subject` is added (`old` None) or removed
    (`new` None). Otherwise `subject`'s `field` goes from `old` to `new` (None: not set)."""

    subject: str
    field: str | None
    old: str | None
    new: str | None

    @property
    def kind(self) -> str:
        """`add`, `remove` or `change`."""
        if self.field is None and self.old is None:
            return "add"
        if self.field is None and self.new is None:
            return "remove"
        return "change"

    def text(self) -> str:
        """The change as one line of the plan."""
        if self.kind == "add":
            return f"+ {self.subject}" + (f": {self.new}" if self.new else "")
        if self.kind == "remove":
            return f"- {self.subject}" + (f" (was {self.old})" if self.old else "")
        where = f"{self.field} " if self.field else ""
        return f"~ {self.subject}: {where}{self.old or 'not set'} → {self.new or 'not set'}"


# ── how each kind of list entry is named and shown ──────────────────────────────────────────


def _quote(text: object) -> str:
    return json.dumps(text, ensure_ascii=False)


def _maybe_quote(text: object) -> str | None:
    return None if text is None else _quote(text)


def _number(value: object) -> str:
    return format(value, "g") if isinstance(value, float) else str(value)


def _side(entry: Config, direction: str, legacy_default: bool) -> str:
    """`off`, or the verb of the side (`block`, `mask`, `detect`)."""
    if not entry.get(f"{direction}Enabled", True):
        return "off"
    default = entry.get("action", "BLOCK") if legacy_default else "BLOCK"
    action = entry.get(f"{direction}Action", default)
    return _VERB.get(action, str(action).lower())


def _filter_side(entry: Config, direction: str) -> str:
    """`off`, or the strength with the verb when it is not `block` (`high`, `medium, detect`)."""
    verb = _side(entry, direction, legacy_default=False)
    if verb == "off":
        return verb
    strength = str(entry.get(f"{direction}Strength", "NONE")).lower()
    return strength if verb == "block" else f"{strength}, {verb}"


def _sides(entry: Config, legacy: bool = False) -> dict[str, str]:
    return {d: _side(entry, d, legacy) for d in _SIDES}


_SIDE_MEMBERS = frozenset(f"{d}{m}" for d in _SIDES for m in ("Enabled", "Action"))


def _topic(entry: Config) -> dict[str, str]:
    return {
        "definition": _quote(entry.get("definition")),
        "examples": ", ".join(_quote(e) for e in sorted(entry.get("examples", []))) or "none",
        "type": str(entry.get("type", "DENY")).lower(),
        **_sides(entry),
    }


def _filter(entry: Config) -> dict[str, str]:
    fields = {d: _filter_side(entry, d) for d in _SIDES}
    for d in _SIDES:
        modalities = sorted(m.lower() for m in entry.get(f"{d}Modalities", ["TEXT"]))
        fields[f"{d} modalities"] = ", ".join(modalities)
    return fields


def _pii(entry: Config) -> dict[str, str]:
    return {**_sides(entry, legacy=True), "legacy action": _VERB.get(entry.get("action", ""), "?")}


def _regex(entry: Config) -> dict[str, str]:
    return {
        "matching": _quote(entry.get("pattern")),
        "described as": _quote(entry["description"]) if "description" in entry else "nothing",
        **_pii(entry),
    }


def _grounding(entry: Config) -> dict[str, str]:
    return {
        "threshold": _number(entry.get("threshold")),
        "action": _VERB.get(entry.get("action", "BLOCK"), "?"),
        "enabled": "yes" if entry.get("enabled", True) else "no",
    }


def _filter_name(kind: str) -> str:
    """`hate`, `sexual content`: the language's phrase for a filter type."""
    known = kind in ContentCategory.__members__
    return FILTER_PHRASE[ContentCategory(kind)] if known else kind


def _pii_name(kind: str) -> str:
    """`email addresses`: the language's phrase for a PII type."""
    return PII_PHRASE[PiiType(kind)] if kind in PiiType.__members__ else kind


@dataclass(frozen=True)
class _ListKind:
    policy: str
    member: str
    key: str
    subject: Callable[[str], str]
    fields: Callable[[Config], dict[str, str]]
    consumed: frozenset[str]  # members `fields` shows; others are shown by name


_LISTS = (
    _ListKind(
        "topicPolicyConfig",
        "topicsConfig",
        "name",
        lambda k: f"topic {_quote(k)}",
        _topic,
        frozenset({"name", "definition", "examples", "type"}) | _SIDE_MEMBERS,
    ),
    _ListKind(
        "contentPolicyConfig",
        "filtersConfig",
        "type",
        lambda k: f"filter {_filter_name(k)}",
        _filter,
        frozenset({"type", "inputStrength", "outputStrength", "inputModalities"})
        | frozenset({"outputModalities"})
        | _SIDE_MEMBERS,
    ),
    _ListKind(
        "wordPolicyConfig",
        "wordsConfig",
        "text",
        lambda k: f"word {_quote(k)}",
        _sides,
        frozenset({"text"}) | _SIDE_MEMBERS,
    ),
    _ListKind(
        "wordPolicyConfig",
        "managedWordListsConfig",
        "type",
        lambda k: "profanity" if k == "PROFANITY" else f"managed words {k}",
        _sides,
        frozenset({"type"}) | _SIDE_MEMBERS,
    ),
    _ListKind(
        "sensitiveInformationPolicyConfig",
        "piiEntitiesConfig",
        "type",
        lambda k: f"pii {_pii_name(k)}",
        _pii,
        frozenset({"type", "action"}) | _SIDE_MEMBERS,
    ),
    _ListKind(
        "sensitiveInformationPolicyConfig",
        "regexesConfig",
        "name",
        lambda k: f"pattern {_quote(k)}",
        _regex,
        frozenset({"name", "pattern", "description", "action"}) | _SIDE_MEMBERS,
    ),
    _ListKind(
        "contextualGroundingPolicyConfig",
        "filtersConfig",
        "type",
        lambda k: f"require {k.lower()}",
        _grounding,
        frozenset({"type", "threshold", "action", "enabled"}),
    ),
)
_TIERS = {
    "topicPolicyConfig": "topics tier",
    "contentPolicyConfig": "filters tier",
    "contextualGroundingPolicyConfig": "grounding tier",
}
_SETTINGS = (
    ("name", "name"),
    ("description", "description"),
    ("blockedInputMessaging", "on blocked input say"),
    ("blockedOutputsMessaging", "on blocked output say"),
)


def _entry_fields(kind: _ListKind, entry: Config) -> dict[str, str]:
    fields = kind.fields(entry)
    for member in sorted(set(entry) - kind.consumed):
        fields[member] = json.dumps(entry[member], sort_keys=True)
    return fields


# Values an added or removed entry's summary leaves out: the defaults, and the legacy action
# (the compiler derives it from the two sides). A change to any of them is still shown.
_QUIET = {
    "input modalities": "text",
    "output modalities": "text",
    "type": "deny",
    "examples": "none",
    "described as": "nothing",
    "enabled": "yes",
}


def _summary(fields: dict[str, str]) -> str:
    shown = {k: v for k, v in fields.items() if _QUIET.get(k) != v and k != "legacy action"}
    return ", ".join(f"{k} {v}" for k, v in shown.items())


def _entries(config: Config, kind: _ListKind) -> dict[str, Config]:
    policy = config.get(kind.policy) or {}
    return {str(e.get(kind.key)): e for e in policy.get(kind.member, [])}


def _lists(desired: Config, deployed: Config) -> list[Change]:
    changes: list[Change] = []
    for kind in _LISTS:
        new, old = _entries(desired, kind), _entries(deployed, kind)
        for key in sorted(new.keys() | old.keys()):
            subject = kind.subject(key)
            if key not in old:
                changes.append(Change(subject, None, None, _summary(_entry_fields(kind, new[key]))))
            elif key not in new:
                changes.append(Change(subject, None, _summary(_entry_fields(kind, old[key])), None))
            else:
                a, b = _entry_fields(kind, old[key]), _entry_fields(kind, new[key])
                changes.extend(
                    Change(subject, f, a.get(f), b.get(f))
                    for f in [*b, *(f for f in a if f not in b)]
                    if a.get(f) != b.get(f)
                )
    return changes


def _has_entries(config: Config, policy: str) -> bool:
    return any(isinstance(v, list) and v for v in (config.get(policy) or {}).values())


def _policy_extras(desired: Config, deployed: Config) -> list[Change]:
    """Tiers, automated reasoning and any policy member guardc has no phrase for."""
    changes: list[Change] = []
    listed = {(k.policy, k.member) for k in _LISTS}
    for policy, subject in _TIERS.items():
        if _has_entries(desired, policy) and _has_entries(deployed, policy):
            old = ((deployed[policy].get("tierConfig") or {}).get("tierName")) or "CLASSIC"
            new = ((desired[policy].get("tierConfig") or {}).get("tierName")) or "CLASSIC"
            if old != new:
                changes.append(Change(subject, None, old.lower(), new.lower()))
    for policy in sorted({p for p, _ in listed} | {"automatedReasoningPolicyConfig"}):
        new_p, old_p = desired.get(policy) or {}, deployed.get(policy) or {}
        for member in sorted(new_p.keys() | old_p.keys()):
            if (policy, member) in listed or member == "tierConfig":
                continue
            a, b = _canonical(old_p.get(member)), _canonical(new_p.get(member))
            if a != b:
                name = "automated reasoning" if policy.startswith("automated") else policy
                changes.append(Change(name, member, a, b))
    return changes


# what KMS said of an alias: (its key ARN, None), or (None, why it could not say)
KeyAnswer = tuple[str | None, str | None]


def _canonical(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, list):  # no order promised for any list
        value = sorted(value, key=lambda v: json.dumps(v, sort_keys=True))
    return json.dumps(value, sort_keys=True)


def _key_id(identifier: str) -> str:
    """The last part of a key or profile id or ARN (`key/1234…` → `1234…`)."""
    return identifier.rsplit("/", 1)[-1]


def _profile(config: Config) -> str | None:
    found: str | None = (config.get("crossRegionConfig") or {}).get("guardrailProfileIdentifier")
    return found


def _settings(
    desired: Config, deployed: Config, notes: list[str], key: KeyAnswer | None
) -> list[Change]:
    changes: list[Change] = []
    for member, subject in _SETTINGS:
        old, new = deployed.get(member), desired.get(member)
        if old != new:
            changes.append(Change(subject, None, _maybe_quote(old), _maybe_quote(new)))
    old_key, new_key = deployed.get("kmsKeyId"), desired.get("kmsKeyId")
    if new_key and old_key and "alias/" in new_key:
        resolved, why = key if key is not None else (None, "KMS was not asked")
        if resolved is None:
            notes.append(
                f"the key is named by alias ({new_key}) and KMS could not say which key it "
                f"names ({why}): the key ({old_key} deployed) is not compared"
            )
        elif _key_id(resolved) != _key_id(old_key):
            changes.append(Change("encryption key", None, old_key, f"{new_key} ({resolved})"))
    elif (old_key and _key_id(old_key)) != (new_key and _key_id(new_key)):
        changes.append(
            Change("encryption key", None, old_key or "AWS owned", new_key or "AWS owned")
        )
    old_p, new_p = _profile(deployed), _profile(desired)
    if (old_p and _key_id(old_p)) != (new_p and _key_id(new_p)):
        changes.append(Change("cross region profile", None, old_p or "none", new_p or "none"))
    known = {m for m, _ in _SETTINGS} | {"kmsKeyId", "crossRegionConfig"}
    known |= {k.policy for k in _LISTS} | {"automatedReasoningPolicyConfig"}
    for member in sorted((desired.keys() | deployed.keys()) - known):
        a, b = _canonical(deployed.get(member)), _canonical(desired.get(member))
        if a != b:
            changes.append(Change(member, None, a, b))
    return changes


def diff(
    desired: Config, deployed: Config, key: KeyAnswer | None = None
) -> tuple[list[Change], list[str]]:
    """What changes when `deployed` becomes `desired` (both configurations in request names,
    without tags and token), and notes on what could not be compared. `key` is what KMS said of
    the desired key when it is an alias: (its key ARN, None) or (None, why it could not say)."""
    notes: list[str] = []
    changes = _settings(desired, deployed, notes, key)
    changes += _policy_extras(desired, deployed)
    changes += _lists(desired, deployed)
    return changes, notes


def diff_tags(desired: Mapping[str, str], deployed: Mapping[str, str]) -> list[Change]:
    """Tag changes. Tags AWS manages (`aws:` prefix) cannot be changed and are left alone."""
    changes: list[Change] = []
    for key in sorted(desired.keys() | deployed.keys()):
        if key.startswith("aws:"):
            continue
        old, new = deployed.get(key), desired.get(key)
        if old != new:
            changes.append(Change(f"tag {key}", None, _maybe_quote(old), _maybe_quote(new)))
    return changes
