"""A deployed guardrail (GetGuardrail's answer) → idiomatic `.guard` source. Pure: no AWS.

`guardc import` reads a guardrail with GetGuardrail and writes it back in the language's own
phrases (`filter hate at high`, `mask email addresses on output`), not in enum names. Where a run
of PII entities, words, a topic or a pattern is exactly a definition of the standard library
(`Library`, built by the command from `stdlib/`), the source `use`s the module and names the
definition (`block pii group "financial"`). Every guardrail gets a starter `test` block.

The source compiles back to the same CreateGuardrail request, with two kinds of exception that
are reported, never dropped in silence: a member the language cannot express (a legacy PII
`action` that is not the strongest side, a carriage return in a string (line breaks are written
as text blocks), a modality such as AUDIO,
a member guardc does not know) becomes an `Unexpressed` naming
the field in GetGuardrail's own names; values that cannot matter are not carried (the strength
or action of a switched-off side, the tier CLASSIC and the TEXT modality, which are the
defaults).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from ..ir import DEFAULT_BLOCKED_INPUT, DEFAULT_BLOCKED_OUTPUT
from ..vocab import FILTER_PHRASE, PII_PHRASE, ContentCategory, PiiType, Strength
from .import_enforcement import Extras, enforcement_lines
from .import_phrases import (
    Entry,
    Side,
    UnsayableError,
    legacy_sides,
    number,
    quote,
    runs,
    sides,
    statement,
    tag_key,
)
from .response import METADATA, POLICIES, SAME_NAME, to_request

_INDENT = "  "
_TOP_LEVEL = frozenset({*METADATA, *SAME_NAME, *POLICIES, "kmsKeyArn", "crossRegionDetails"})
# request policy member → its response name, and each inner request name → its response name
_RESPONSE = {
    req: (resp, {v: k for k, v in inner.items()}) for resp, (req, inner) in POLICIES.items()
}
_SIDE_KEYS = ("inputEnabled", "inputAction", "outputEnabled", "outputAction")


@dataclass(frozen=True)
class Library:
    """Definitions of the standard library a deployed guardrail may match exactly. Each maps a
    name to (module, value): topics to (definition, examples), word lists to their words, PII
    groups to their entities, patterns to (regex, description)."""

    topics: Mapping[str, tuple[str, tuple[str, tuple[str, ...]]]] = field(default_factory=dict)
    word_lists: Mapping[str, tuple[str, tuple[str, ...]]] = field(default_factory=dict)
    pii_groups: Mapping[str, tuple[str, tuple[PiiType, ...]]] = field(default_factory=dict)
    patterns: Mapping[str, tuple[str, tuple[str, str | None]]] = field(default_factory=dict)


@dataclass(frozen=True)
class Unexpressed:
    """A deployed member the source does not carry: `field` in GetGuardrail's names
    (`contentPolicy.filters[HATE].inputModalities`) and why."""

    field: str
    reason: str


@dataclass
class Imported:
    """One guardrail as source: its lines (guardrail block, then test block), the modules they
    `use`, and what could not be said."""

    name: str
    lines: list[str] = field(default_factory=list)
    uses: set[str] = field(default_factory=set)
    unexpressed: list[Unexpressed] = field(default_factory=list)


def render(guardrails: Sequence[Imported], header: str = "") -> str:
    """One `.guard` module holding every imported guardrail."""
    out = [f"# {line}" if line else "#" for line in header.splitlines()]
    if out:
        out.append("")
    uses = sorted(set().union(*(g.uses for g in guardrails))) if guardrails else []
    out += [f"use {module}" for module in uses]
    for g in guardrails:
        if out:
            out.append("")
        out += g.lines
    return "\n".join(out) + "\n"


def import_guardrail(
    response: Mapping[str, Any],
    tags: Mapping[str, str],
    library: Library,
    extras: Extras | None = None,
) -> Imported:
    """The source of the guardrail GetGuardrail answered with `response`, tagged `tags`; with
    `extras`, its account enforcement and sharing too (`import_enforcement.py`)."""
    w = _Writer(library, Imported(str(response.get("name", "imported"))))
    for key in sorted(response):
        if key not in _TOP_LEVEL:
            w.lost(key, "guardc does not know this member")
    config = to_request(dict(response))
    w.header(config, tags)
    w.topics(config.get("topicPolicyConfig", {}))
    w.filters(config.get("contentPolicyConfig", {}))
    w.words(config.get("wordPolicyConfig", {}))
    w.sensitive(config.get("sensitiveInformationPolicyConfig", {}))
    w.grounding(config.get("contextualGroundingPolicyConfig", {}))
    w.reasoning(config.get("automatedReasoningPolicyConfig", {}))
    if extras is not None:
        found = enforcement_lines(str(response.get("guardrailArn", "")), extras)
        for where, reason in found.lost:
            w.lost(where, reason)
        w.body += found.lines
    w.starter_test()
    return w.out


class _Writer:
    def __init__(self, library: Library, out: Imported) -> None:
        self.library = library
        self.out = out
        self.body: list[str] = []

    # ── reporting ────────────────────────────────────────────────────────────────────────────

    def lost(self, where: str, reason: str) -> None:
        self.out.unexpressed.append(Unexpressed(where, reason))

    @contextmanager
    def saying(self, where: str) -> Iterator[None]:
        """Report an `UnsayableError` raised inside the block at `where`, and carry on."""
        try:
            yield
        except UnsayableError as exc:
            self.lost(where, exc.reason)

    def line(self, text: str, depth: int = 1) -> None:
        self.body.append(_INDENT * depth + text)

    def known(self, policy: str, config: Entry, members: set[str]) -> None:
        """Report the members of a policy that no statement reads."""
        for key in sorted(set(config) - members):
            self.lost(_where(policy, key), "guardc does not know this member")

    # ── the guardrail's own settings ─────────────────────────────────────────────────────────

    def header(self, config: Entry, tags: Mapping[str, str]) -> None:
        if "description" in config:
            with self.saying("description"):
                self.line(f"description {quote(config['description'])}")
        if "kmsKeyId" in config:
            with self.saying("kmsKeyArn"):
                self.line(f"encrypt with key {quote(config['kmsKeyId'])}")
        self.tier(config)
        if "crossRegionConfig" in config:
            with self.saying("crossRegionDetails"):
                profile = config["crossRegionConfig"]["guardrailProfileIdentifier"]
                self.line(f"cross region profile {quote(profile)}")
        for key, value in tags.items():
            with self.saying(f"tags[{key}]"):
                self.line(f"tag {tag_key(key)} = {quote(value)}")
        for member, direction, default in (
            ("blockedInputMessaging", "input", DEFAULT_BLOCKED_INPUT),
            ("blockedOutputsMessaging", "output", DEFAULT_BLOCKED_OUTPUT),
        ):
            text = config.get(member, default)
            if text != default:
                with self.saying(member):
                    self.line(f"on blocked {direction} say {quote(text)}")
        if self.body:
            self.body.append("")

    def tier(self, config: Entry) -> None:
        """One `tier` for topics and content filters; CLASSIC, the default, is left unsaid."""
        tiers: dict[str, str] = {}
        for policy in (
            "topicPolicyConfig",
            "contentPolicyConfig",
            "contextualGroundingPolicyConfig",
        ):
            tier_config = config.get(policy, {}).get("tierConfig")
            if tier_config is not None:
                tiers[policy] = str(tier_config.get("tierName", "CLASSIC"))
        grounding = tiers.pop("contextualGroundingPolicyConfig", "CLASSIC")
        wanted = {
            p: tiers.get(p, "CLASSIC")
            for p in ("topicPolicyConfig", "contentPolicyConfig")
            if config.get(p)
        }
        if len(set(wanted.values())) > 1:  # different tiers: one line per policy
            for policy, words in (
                ("topicPolicyConfig", "topics"),
                ("contentPolicyConfig", "content filters"),
            ):
                if wanted.get(policy) == "STANDARD":
                    self.line(f"tier standard for {words}")
        elif "STANDARD" in wanted.values():
            self.line("tier standard")
        if grounding != "CLASSIC":
            self.line(f"tier {grounding.lower()} for grounding")

    # ── policies ─────────────────────────────────────────────────────────────────────────────

    def topics(self, policy: Entry) -> None:
        members = {"topicsConfig", "tierConfig"}
        self.known("topicPolicyConfig", policy, members)
        used_library = False
        for entry in policy.get("topicsConfig", []):
            name = str(entry.get("name", ""))
            where = _where("topicPolicyConfig", "topicsConfig", name)
            self.unknown_entry(where, entry, {"name", "definition", "examples", "type"})
            if entry.get("type", "DENY") != "DENY":
                self.lost(f"{where}.type", f"the topic type {entry.get('type')} is not DENY")
            examples = tuple(entry.get("examples", ()))
            found = self.library.topics.get(name)
            in_library = found is not None and found[1] == (entry.get("definition"), examples)
            with self.saying(where):
                head = statement("topic", f"topic {quote(name)}", *sides(entry))
                if in_library and found is not None:
                    self.out.uses.add(found[0])
                    used_library = True
                    self.line(head)
                    continue
                lines = [f"means {quote(str(entry.get('definition', '')))}"]
                lines += [f"for example {quote(e)}" for e in examples]
                self.line(head + ":")
                for text in lines:
                    self.line(text, 2)
        if used_library or policy.get("topicsConfig"):
            self.body.append("")

    def filters(self, policy: Entry) -> None:
        self.known("contentPolicyConfig", policy, {"filtersConfig", "tierConfig"})
        for entry in policy.get("filtersConfig", []):
            kind = str(entry.get("type", ""))
            where = _where("contentPolicyConfig", "filtersConfig", kind)
            self.unknown_entry(
                where,
                entry,
                {"type", "inputStrength", "outputStrength", "inputModalities", "outputModalities"},
            )
            if kind not in ContentCategory.__members__:
                self.lost(where, f"the content filter {kind} has no phrase in the language")
                continue
            phrase = FILTER_PHRASE[ContentCategory(kind)]
            with self.saying(where):
                input_side, output_side = sides(entry)
                if kind == "PROMPT_ATTACK" and output_side is not None:
                    if output_side.strength not in (None, Strength.NONE):
                        self.lost(
                            f"{where}.outputStrength",
                            "prompt attacks are filtered on input only (E205)",
                        )
                    output_side = None
                images, per_side = self.images(where, entry, input_side, output_side)
                self.line(
                    statement("filter", phrase, input_side, output_side, images, per_side=per_side)
                )
        if policy.get("filtersConfig"):
            self.body.append("")

    def images(
        self, where: str, entry: Entry, *sides: Side | None
    ) -> tuple[str, dict[str, str] | None]:
        """What the enabled sides read: for both sides alike, the words after the strength
        (` including images`, ` on images only`, `` for text); for sides that differ, or one
        side alone, each clause's suffix. A modality list the language has no words for is
        reported."""
        said: dict[str, str] = {}
        for direction, chosen in zip(("input", "output"), sides, strict=True):
            if chosen is None:
                continue
            modalities = frozenset(entry.get(f"{direction}Modalities", ["TEXT"]))
            words = _MODALITY_WORDS.get(modalities)
            if words is None:
                self.lost(
                    f"{where}.{direction}Modalities",
                    f"the language has no words for the modalities {sorted(modalities)}",
                )
                words = ""
            said[direction] = words
        if set(said.values()) <= {""}:
            return "", None
        if len(said) == 2 and len(set(said.values())) == 1:
            words = next(iter(said.values()))
            return (
                " including images" if words == " including images" else " on images only"
            ), None
        return "", {d: w for d, w in said.items() if w}

    def words(self, policy: Entry) -> None:
        self.known("wordPolicyConfig", policy, {"wordsConfig", "managedWordListsConfig"})
        entries = list(policy.get("wordsConfig", []))
        for entry in entries:
            self.unknown_entry(
                _where("wordPolicyConfig", "wordsConfig", entry.get("text")), entry, {"text"}
            )
        lists = {name: words for name, (_, words) in self.library.word_lists.items()}
        field_of = lambda text: _where("wordPolicyConfig", "wordsConfig", text)  # noqa: E731
        for run in runs(entries, lambda e: str(e.get("text", "")), lists, sides, field_of):
            with self.saying(run.where):
                run.check()
                if run.library is not None:
                    self.out.uses.add(self.library.word_lists[run.library][0])
                    subject = f"words from {quote(run.library)}"
                elif len(run.items) == 1:
                    subject = f"word {quote(run.items[0])}"
                else:
                    subject = "words " + ", ".join(quote(t) for t in run.items)
                self.line(statement("rule", subject, *run.sides))
        for entry in policy.get("managedWordListsConfig", []):
            where = _where("wordPolicyConfig", "managedWordListsConfig", entry.get("type"))
            self.unknown_entry(where, entry, {"type"})
            if entry.get("type") != "PROFANITY":
                self.lost(where, f"the managed word list {entry.get('type')} has no phrase")
                continue
            with self.saying(where):
                self.line(statement("rule", "profanity", *sides(entry)))
        if entries or policy.get("managedWordListsConfig"):
            self.body.append("")

    def sensitive(self, policy: Entry) -> None:
        member = "sensitiveInformationPolicyConfig"
        self.known(member, policy, {"piiEntitiesConfig", "regexesConfig"})
        entries = []
        for entry in policy.get("piiEntitiesConfig", []):
            kind = str(entry.get("type", ""))
            where = _where(member, "piiEntitiesConfig", kind)
            self.unknown_entry(where, entry, {"type", "action"})
            if kind not in PiiType.__members__:
                self.lost(where, f"the PII entity {kind} has no phrase in the language")
                continue
            self.legacy_action(where, entry)
            entries.append(entry)
        groups = {
            n: tuple(e.value for e in ents) for n, (_, ents) in self.library.pii_groups.items()
        }
        field_of = lambda kind: _where(member, "piiEntitiesConfig", kind)  # noqa: E731
        for run in runs(entries, lambda e: str(e["type"]), groups, legacy_sides, field_of):
            with self.saying(run.where):
                run.check()
                if run.library is not None:
                    self.out.uses.add(self.library.pii_groups[run.library][0])
                    subject = f"pii group {quote(run.library)}"
                else:
                    subject = ", ".join(PII_PHRASE[PiiType(t)] for t in run.items)
                self.line(statement("rule", subject, *run.sides))
        for entry in policy.get("regexesConfig", []):
            name = str(entry.get("name", ""))
            where = _where(member, "regexesConfig", name)
            self.unknown_entry(where, entry, {"name", "pattern", "description", "action"})
            self.legacy_action(where, entry)
            with self.saying(where):
                found = self.library.patterns.get(name)
                value = (entry.get("pattern"), entry.get("description"))
                if found is not None and found[1] == value:
                    self.out.uses.add(found[0])
                    subject = f"pattern {quote(name)}"
                else:
                    subject = f"pattern {quote(name)} matching {quote(str(value[0]))}"
                    if value[1] is not None:
                        subject += f" described as {quote(str(value[1]))}"
                self.line(statement("rule", subject, *legacy_sides(entry)))
        if entries or policy.get("regexesConfig"):
            self.body.append("")

    def legacy_action(self, where: str, entry: Entry) -> None:
        """The legacy single `action` is what guardc would write (the strongest enabled side);
        report it otherwise. Side errors are reported by the caller's statement."""
        rank = {"NONE": 0, "ANONYMIZE": 1, "BLOCK": 2}
        try:
            enabled = [s for s in legacy_sides(entry) if s is not None]
        except UnsayableError:
            return  # the statement reports it
        strongest = max((s.action.value for s in enabled), key=rank.__getitem__, default="NONE")
        if entry.get("action", strongest) != strongest:
            self.lost(
                f"{where}.action",
                f"the legacy action {entry.get('action')} is not the strongest enabled side "
                f"({strongest}), which is what guardc always sends",
            )

    def grounding(self, policy: Entry) -> None:
        self.known("contextualGroundingPolicyConfig", policy, {"filtersConfig", "tierConfig"})
        for entry in policy.get("filtersConfig", []):
            kind = str(entry.get("type", ""))
            where = _where("contextualGroundingPolicyConfig", "filtersConfig", kind)
            self.unknown_entry(where, entry, {"type", "threshold", "action", "enabled"})
            if kind not in ("GROUNDING", "RELEVANCE"):
                self.lost(where, f"the grounding check {kind} has no phrase in the language")
                continue
            if not entry.get("enabled", True):
                self.lost(f"{where}.enabled", "a switched-off grounding check has no statement")
                continue
            verb = {"BLOCK": "require", "NONE": "detect"}.get(str(entry.get("action", "BLOCK")))
            if verb is None:
                self.lost(f"{where}.action", f"the action {entry.get('action')} has no verb")
                continue
            with self.saying(f"{where}.threshold"):
                threshold = number(entry.get("threshold"))
                self.line(f"{verb} {kind.lower()} at least {threshold}")
        if policy.get("filtersConfig"):
            self.body.append("")

    def reasoning(self, policy: Entry) -> None:
        self.known("automatedReasoningPolicyConfig", policy, {"policies", "confidenceThreshold"})
        if not policy.get("policies"):
            return
        with self.saying(_where("automatedReasoningPolicyConfig", "policies")):
            text = "check automated reasoning policy " + ", ".join(
                quote(str(p)) for p in policy["policies"]
            )
            if "confidenceThreshold" in policy:
                text += f" with confidence {number(policy['confidenceThreshold'])}"
            self.line(text)
            self.body.append("")

    def unknown_entry(self, where: str, entry: Entry, members: set[str]) -> None:
        for key in sorted(set(entry) - members - set(_SIDE_KEYS)):
            self.lost(f"{where}.{key}", "guardc does not know this member")

    # ── the result ───────────────────────────────────────────────────────────────────────────

    def starter_test(self) -> None:
        name = self.out.name
        while self.body and not self.body[-1]:
            self.body.pop()
        try:
            head = f"guardrail {quote(name)}:"
            test = f"test {quote(name + ' (imported)')} for {quote(name)}:"
        except UnsayableError as exc:
            self.lost("name", exc.reason)
            head, test = 'guardrail "imported":', 'test "imported" for "imported":'
        if not self.body:
            self.lost("(configuration)", "the guardrail has no rules; the source has none either")
            self.line(f"description {quote('imported with no rules')}")
        self.out.lines = [head, *self.body, "", test]
        self.out.lines += [
            _INDENT + "# A start: add the prompts this guardrail must block, mask and allow.",
            _INDENT + 'input "Hello! What can you help me with today?" is allowed',
        ]


# a side's modalities → the words of its clause
_MODALITY_WORDS = {
    frozenset({"TEXT"}): "",
    frozenset({"TEXT", "IMAGE"}): " including images",
    frozenset({"IMAGE"}): " images only",
}


def _where(policy: str, member: str, name: object = None) -> str:
    """A field in GetGuardrail's names: `contentPolicy.filters[HATE]`."""
    response, inner = _RESPONSE.get(policy, (policy, {}))
    path = f"{response}.{inner.get(member, member)}"
    return path if name is None else f"{path}[{name}]"
