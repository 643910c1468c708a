"""bedrock_model: the model snapshot, `field`, and the strict payload and response checks."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from collections.abc import Callable
from importlib import resources
from typing import Any

import botocore.session
import pytest
from botocore.exceptions import ParamValidationError
from botocore.validate import validate_parameters

from compiler.aws import bedrock_model as bm

Payload = dict[str, Any]

# bedrock-contract.md §2.12: accepted by botocore's Stubber.
EXAMPLE: Payload = {
    "name": "support-bot-guardrail",
    "description": "compiled from DSL",
    "blockedInputMessaging": "Sorry, I can't help with that request.",
    "blockedOutputsMessaging": "Sorry, I can't provide that response.",
    "topicPolicyConfig": {
        "topicsConfig": [
            {
                "name": "Investment Advice",
                "definition": "Guidance or recommendations about allocating money or assets to "
                "generate financial returns.",
                "examples": ["Should I buy gold?"],
                "type": "DENY",
                "inputAction": "BLOCK",
                "outputAction": "BLOCK",
                "inputEnabled": True,
                "outputEnabled": True,
            }
        ],
        "tierConfig": {"tierName": "STANDARD"},
    },
    "contentPolicyConfig": {
        "filtersConfig": [
            {
                "type": "HATE",
                "inputStrength": "HIGH",
                "outputStrength": "HIGH",
                "inputModalities": ["TEXT", "IMAGE"],
                "outputModalities": ["TEXT"],
                "inputAction": "BLOCK",
                "outputAction": "BLOCK",
            },
            {
                "type": "PROMPT_ATTACK",
                "inputStrength": "HIGH",
                "outputStrength": "NONE",
                "inputAction": "BLOCK",
                "inputEnabled": True,
                "outputEnabled": False,
            },
        ],
        "tierConfig": {"tierName": "STANDARD"},
    },
    "wordPolicyConfig": {
        "wordsConfig": [{"text": "competitorx", "inputAction": "BLOCK", "outputAction": "NONE"}],
        "managedWordListsConfig": [{"type": "PROFANITY"}],
    },
    "sensitiveInformationPolicyConfig": {
        "piiEntitiesConfig": [
            {"type": "EMAIL", "action": "ANONYMIZE"},
            {"type": "US_SOCIAL_SECURITY_NUMBER", "action": "BLOCK"},
        ],
        "regexesConfig": [
            {
                "name": "booking_id",
                "description": "internal booking ids",
                "pattern": "BK-[0-9]{6}",
                "action": "ANONYMIZE",
            }
        ],
    },
    "contextualGroundingPolicyConfig": {
        "filtersConfig": [
            {"type": "GROUNDING", "threshold": 0.75, "action": "BLOCK", "enabled": True},
            {"type": "RELEVANCE", "threshold": 0.5},
        ]
    },
    "crossRegionConfig": {"guardrailProfileIdentifier": "us.guardrail.v1:0"},
    "kmsKeyId": "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
    "tags": [{"key": "owner", "value": "platform"}],
    "clientRequestToken": "compile-0001",
}


def _mutated(*changes: Callable[[Payload], object]) -> Payload:
    payload = copy.deepcopy(EXAMPLE)
    for change in changes:
        change(payload)
    return payload


def _walk(payload: Payload, path: str) -> tuple[Any, str | int]:
    """The container holding the last step of `path` (`a.b[2].c`) and that step."""
    steps: list[str | int] = []
    for part in path.split("."):
        name, _, rest = part.partition("[")
        steps.append(name)
        steps += [int(i) for i in rest.rstrip("]").split("][")] if rest else []
    node: Any = payload
    for step in steps[:-1]:
        node = node[step]
    return node, steps[-1]


def put(path: str, value: object) -> Callable[[Payload], object]:
    """A mutation setting `path` to `value`."""

    def change(payload: Payload) -> None:
        node, last = _walk(payload, path)
        node[last] = value

    return change


def drop(path: str) -> Callable[[Payload], object]:
    """A mutation removing `path`."""

    def change(payload: Payload) -> None:
        node, last = _walk(payload, path)
        del node[last]

    return change


def add(path: str, item: object) -> Callable[[Payload], object]:
    """A mutation appending `item` to the list at `path`."""

    def change(payload: Payload) -> None:
        node, last = _walk(payload, path)
        node[last].append(item)

    return change


TOPICS = "topicPolicyConfig.topicsConfig"
FILTERS = "contentPolicyConfig.filtersConfig"
GROUNDING = "contextualGroundingPolicyConfig.filtersConfig"
SIPC = "sensitiveInformationPolicyConfig"
CLASSIC = drop("topicPolicyConfig.tierConfig")
NO_PROFILE = drop("crossRegionConfig")
AR_ARN = "arn:aws:bedrock:us-east-1:111122223333:automated-reasoning-policy/abcdefabcdef"
TOPIC = {"name": "Topic", "definition": "Things about a subject.", "type": "DENY"}
REGEX = {"name": "r", "pattern": "X", "action": "BLOCK"}

# bedrock-contract.md §1.11: payload mutation → does botocore's client-side check reject it?
TABLE: list[tuple[str, list[Callable[[Payload], object]], str, bool]] = [
    ("bad-enum", [put(f"{FILTERS}[0].type", "SELF_HARM")], f"{FILTERS}[0].type", False),
    ("31-topics", [put(TOPICS, [{**TOPIC, "name": f"T {i}"} for i in range(31)])], TOPICS, False),
    ("1000-char-definition", [CLASSIC, put(f"{TOPICS}[0].definition", "d" * 1000)],
     f"{TOPICS}[0].definition", False),
    ("name-pattern", [put("name", "has space!")], "name", False),
    ("grounding-1.5", [put(f"{GROUNDING}[0].threshold", 1.5)], f"{GROUNDING}[0].threshold", False),
    ("empty-message", [put("blockedInputMessaging", "")], "blockedInputMessaging", True),
    ("missing-required", [drop("blockedOutputsMessaging")], "(payload)", True),
    ("unknown-key", [put(f"{FILTERS}[0].strength", "HIGH")], f"{FILTERS}[0].strength", True),
    ("negative-threshold", [put(f"{GROUNDING}[1].threshold", -0.1)],
     f"{GROUNDING}[1].threshold", True),
    ("bool-as-string", [put(f"{TOPICS}[0].inputEnabled", "true")],
     f"{TOPICS}[0].inputEnabled", True),
]  # fmt: skip

# the service's cross-field rules (bedrock-contract.md §1.2, §2, §7) and the model's other limits
RULES: list[tuple[str, list[Callable[[Payload], object]], str]] = [
    ("201-char-classic-definition", [CLASSIC, put(f"{TOPICS}[0].definition", "d" * 201)],
     f"{TOPICS}[0].definition"),
    ("1001-char-standard-definition", [put(f"{TOPICS}[0].definition", "d" * 1001)],
     f"{TOPICS}[0].definition"),
    ("prompt-attack-output", [put(f"{FILTERS}[1].outputStrength", "LOW")],
     f"{FILTERS}[1].outputStrength"),
    ("standard-without-profile", [NO_PROFILE], "topicPolicyConfig.tierConfig"),
    ("content-standard-without-profile", [NO_PROFILE, drop("topicPolicyConfig")],
     "contentPolicyConfig.tierConfig"),
    ("grounding-standard-without-profile",
     [NO_PROFILE, drop("topicPolicyConfig"), drop("contentPolicyConfig"),
      put("contextualGroundingPolicyConfig.tierConfig", {"tierName": "STANDARD"})],
     "contextualGroundingPolicyConfig.tierConfig"),
    ("reasoning-without-profile",
     [NO_PROFILE, drop("topicPolicyConfig"), drop("contentPolicyConfig"),
      put("automatedReasoningPolicyConfig", {"policies": [AR_ARN]})],
     "automatedReasoningPolicyConfig"),
    ("empty-list", [put(FILTERS, [])], FILTERS),
    ("grounding-0.995", [put(f"{GROUNDING}[0].threshold", 0.995)], f"{GROUNDING}[0].threshold"),
    ("duplicate-topic", [add(TOPICS, {**TOPIC, "name": "Investment Advice"})], f"{TOPICS}[1].name"),
    ("duplicate-tag", [add("tags", {"key": "owner", "value": "x"})], "tags[1].key"),
    ("duplicate-regex", [add(f"{SIPC}.regexesConfig", {**REGEX, "name": "booking_id"})],
     f"{SIPC}.regexesConfig[1].name"),
    ("duplicate-pii", [add(f"{SIPC}.piiEntitiesConfig", {"type": "EMAIL", "action": "BLOCK"})],
     f"{SIPC}.piiEntitiesConfig[2].type"),
    ("31-regexes", [put(f"{SIPC}.regexesConfig", [{**REGEX, "name": f"r{i}"} for i in range(31)])],
     f"{SIPC}.regexesConfig"),
    ("bad-kms-key", [put("kmsKeyId", "my key")], "kmsKeyId"),
    ("tag-value-unicode-space", [put("tags[0].value", "a\u2003b")], "tags[0].value"),
    ("alternation-is-anchored",
     [put("crossRegionConfig.guardrailProfileIdentifier", "us.guardrail.v1:0 and more")],
     "crossRegionConfig.guardrailProfileIdentifier"),
    ("bool-as-number", [put(f"{GROUNDING}[1].threshold", True)], f"{GROUNDING}[1].threshold"),
    ("six-examples", [put(f"{TOPICS}[0].examples", ["e"] * 6)], f"{TOPICS}[0].examples"),
    ("three-reasoning-policies",
     [put("automatedReasoningPolicyConfig", {"policies": [AR_ARN] * 3})],
     "automatedReasoningPolicyConfig.policies"),
]  # fmt: skip


def test_snapshot_matches_installed_botocore() -> None:
    """The committed operations and shapes are the installed botocore's. The version that wrote
    them is recorded but not compared: a botocore release that leaves Bedrock's models alone
    (1.44.8 → 1.44.18) must not fail a fresh clone's CI; one that changes them does."""
    committed = json.loads(
        resources.files("compiler.data").joinpath(bm.SNAPSHOT).read_text(encoding="utf-8")
    )
    installed = json.loads(bm.generate())
    assert isinstance(committed.pop("botocore"), str)
    installed.pop("botocore")
    assert committed == installed, "run `python -m compiler.aws.bedrock_model --regenerate`"


def test_example_payload_is_accepted() -> None:
    assert bm.check_payload(EXAMPLE, "CreateGuardrail") == []


def test_standard_tier_takes_1000_character_definitions() -> None:
    payload = _mutated(put(f"{TOPICS}[0].definition", "d" * 1000))
    assert bm.check_payload(payload, "CreateGuardrail") == []


@pytest.mark.parametrize(
    ("changes", "path"), [(c, p) for _, c, p, _ in TABLE] + [(c, p) for _, c, p in RULES],
    ids=[t[0] for t in TABLE] + [r[0] for r in RULES],
)  # fmt: skip
def test_each_mutation_is_rejected(changes: list[Callable[[Payload], object]], path: str) -> None:
    problems = bm.check_payload(_mutated(*changes), "CreateGuardrail")
    assert path in {p.path for p in problems}, problems


def _botocore_rejects(payload: Payload, operation: str) -> bool:
    service = "bedrock-runtime" if operation == "ApplyGuardrail" else "bedrock"
    model = botocore.session.get_session().get_service_model(service)
    try:
        shape = model.operation_model(operation).input_shape
        assert shape is not None
        validate_parameters(payload, shape)
    except ParamValidationError:
        return True
    return False


@pytest.mark.parametrize(
    ("changes", "rejects"), [(c, r) for _, c, _, r in TABLE], ids=[t[0] for t in TABLE]
)
def test_botocore_checks_only_what_the_contract_says(
    changes: list[Callable[[Payload], object]], rejects: bool
) -> None:
    # the §1.11 table still holds for the installed botocore: it is why our check exists
    assert _botocore_rejects(_mutated(*changes), "CreateGuardrail") is rejects


_UPDATE = {k: v for k, v in EXAMPLE.items() if k not in ("tags", "clientRequestToken")}
_APPLY = {"guardrailIdentifier": "abc123def456", "guardrailVersion": "DRAFT", "source": "INPUT"}
_IMAGE = {"format": "png", "source": {"bytes": b"x"}}

# payloads of every checked operation: botocore rejects some, and then so must we
BOTOCORE_CASES: list[tuple[str, Payload]] = [
    ("UpdateGuardrail", {**_UPDATE, "guardrailIdentifier": "abc123def456"}),
    ("UpdateGuardrail", {**EXAMPLE, "guardrailIdentifier": "abc123def456"}),  # tags
    ("UpdateGuardrail", _UPDATE),  # no identifier
    ("CreateGuardrailVersion", {"guardrailIdentifier": "abc123def456", "description": "v1"}),
    ("CreateGuardrailVersion", {"guardrailIdentifier": "abc123def456", "description": ""}),
    ("CreateGuardrailVersion", {"description": "v1"}),
    ("ApplyGuardrail", {**_APPLY, "content": [{"text": {"text": "hello"}}]}),
    ("ApplyGuardrail", {**_APPLY, "content": [{"image": _IMAGE}], "outputScope": "FULL"}),
    ("ApplyGuardrail", {**_APPLY, "content": [{"text": {"text": "a"}, "image": _IMAGE}]}),
    ("ApplyGuardrail", {**_APPLY, "content": [{}]}),
    ("ApplyGuardrail", {**_APPLY, "content": "hello"}),
    ("ApplyGuardrail", {**_APPLY, "content": [{"text": {"text": "a", "qualifiers": ["query"]}}]}),
]


@pytest.mark.parametrize(("operation", "payload"), BOTOCORE_CASES)
def test_agrees_with_botocore_on_what_botocore_checks(operation: str, payload: Payload) -> None:
    botocore_says_no = _botocore_rejects(payload, operation)
    problems = bm.check_payload(payload, operation)
    # these payloads break nothing botocore leaves unchecked, so the verdicts must be equal
    assert bool(problems) is botocore_says_no, problems


RESPONSE: Payload = {
    "usage": {
        "topicPolicyUnits": 1,
        "contentPolicyUnits": 1,
        "wordPolicyUnits": 1,
        "sensitiveInformationPolicyUnits": 1,
        "sensitiveInformationPolicyFreeUnits": 0,
        "contextualGroundingPolicyUnits": 0,
        "contentPolicyImageUnits": 0,
    },
    "action": "GUARDRAIL_INTERVENED",
    "actionReason": "Guardrail blocked.",
    "outputs": [{"text": "Sorry, I can't help with that request."}],
    "assessments": [
        {
            "topicPolicy": {
                "topics": [
                    {
                        "name": "Investment Advice",
                        "type": "DENY",
                        "action": "BLOCKED",
                        "detected": True,
                    }
                ]
            },
            "sensitiveInformationPolicy": {
                "piiEntities": [
                    {"match": "Zaid", "type": "NAME", "action": "ANONYMIZED", "detected": True}
                ],
                "regexes": [],
            },
            "contextualGroundingPolicy": {
                "filters": [
                    {"type": "GROUNDING", "threshold": 0.7, "score": 0.2, "action": "BLOCKED"}
                ]
            },
        }
    ],
    "guardrailCoverage": {"textCharacters": {"guarded": 63, "total": 63}},
}


def test_response_shape_is_accepted() -> None:
    assert bm.check_response(RESPONSE) == []
    assert bm.check_response({"usage": RESPONSE["usage"], "action": "NONE", "outputs": [],
                              "assessments": [{}]}) == []  # fmt: skip


@pytest.mark.parametrize(
    ("change", "path"),
    [
        (lambda r: r["usage"].pop("wordPolicyUnits"), "usage"),
        (lambda r: r.update(action="INTERVENED"), "action"),
        (lambda r: r["assessments"][0]["topicPolicy"]["topics"][0].update(action="BLOCK"),
         "assessments[0].topicPolicy.topics[0].action"),
        (lambda r: r["assessments"][0]["contextualGroundingPolicy"]["filters"][0].update(score=1.5),
         "assessments[0].contextualGroundingPolicy.filters[0].score"),
        (lambda r: r["outputs"].append({"text": "x", "extra": 1}), "outputs[1].extra"),
        (lambda r: r["usage"].update(topicPolicyUnits="1"), "usage.topicPolicyUnits"),
    ],
)  # fmt: skip
def test_response_departures_are_reported(change: Callable[[Payload], object], path: str) -> None:
    response = copy.deepcopy(RESPONSE)
    change(response)
    assert path in {p.path for p in bm.check_response(response)}


def test_field_reads_the_model() -> None:
    name = bm.field("CreateGuardrail.topicPolicyConfig.topicsConfig[].name")
    assert (name.type, name.min, name.max, name.pattern) == ("string", 1, 100, "[0-9a-zA-Z-_ !?.]+")
    assert bm.field("CreateGuardrail.contentPolicyConfig.filtersConfig[].type").enum == (
        "SEXUAL", "VIOLENCE", "HATE", "INSULTS", "MISCONDUCT", "PROMPT_ATTACK")  # fmt: skip
    assert bm.field("CreateGuardrail.wordPolicyConfig.wordsConfig").max == 10000
    action = bm.field("ApplyGuardrail:output.assessments[].topicPolicy.topics[].action")
    assert action.enum == ("BLOCKED", "NONE")
    with pytest.raises(KeyError):
        bm.field("CreateGuardrail.topicPolicyConfig.nope")


@pytest.mark.parametrize(
    ("java", "good", "bad"),
    [
        (r"\p{Alpha}+", "abcXYZ", "ab1"),
        (r"[\p{Digit}_]+", "12_3", "12a"),
        (r"\P{Digit}+", "abc", "a1"),
        (r"x\z", "x", "x\n"),
        (r"a\h+b", "a \tb", "a\nb"),
        (r"\s+", " \t", "\u2003"),  # Java's \s is ASCII-only
        (r"a|b", "b", "ab"),  # implicitly anchored around the whole alternation
        (r"[0-9a-zA-Z-_]+", "a-_b", "a b"),
        (r"\\p{Alpha}", "\\p{Alpha}", "a"),  # an escaped backslash is not the class
    ],
)
def test_java_patterns_translate(java: str, good: str, bad: str) -> None:
    compiled = bm.compile_pattern(java)
    assert compiled.fullmatch(good)
    assert not compiled.fullmatch(bad)


def test_unknown_java_class_is_a_bug_not_a_silent_pass() -> None:
    with pytest.raises(ValueError, match="unsupported Java character class"):
        bm.java_to_python(r"\p{InGreek}")


def test_every_model_pattern_compiles() -> None:
    data = json.loads(resources.files("compiler.data").joinpath(bm.SNAPSHOT).read_text("utf-8"))
    patterns = {s["pattern"] for s in data["shapes"].values() if "pattern" in s}
    assert len(patterns) >= 8
    for pattern in patterns:
        bm.compile_pattern(pattern)


def test_runtime_needs_no_botocore() -> None:
    code = (
        "import sys, json; from compiler.aws import bedrock_model as bm;"
        "bm.check_payload({'name': 'x'}, 'CreateGuardrail');"
        "print(json.dumps(sorted(m for m in sys.modules if m.startswith('botocore'))))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert json.loads(out.stdout) == []
