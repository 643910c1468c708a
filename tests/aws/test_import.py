"""`guardc import`: deployed guardrails as `.guard` source (compiler/aws/importer.py,
compiler/commands/import_.py).

The round trip is compile → GetGuardrail-shaped response (the stand-in's own response builder)
→ import → compile, on every example and every standard-library baseline."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from aws_standin_wire import as_response

from compiler.aws.diff import diff
from compiler.aws.response import to_request
from compiler.cli import main
from compiler.commands.import_ import imported_source
from compiler.diagnostics.sink import Diagnostics
from compiler.pipeline import load
from compiler.targets.bedrock import payload

if TYPE_CHECKING:
    from aws_standin import StandIn

ROOT = Path(__file__).resolve().parents[2]
SOURCES = sorted(ROOT.glob("examples/*.guard")) + sorted(ROOT.glob("stdlib/baselines*.guard"))
NOT_CONFIG = ("tags", "clientRequestToken")


def compiled(path: Path) -> dict[str, dict[str, Any]]:
    """Every compiled guardrail's CreateGuardrail request, by name; no error allowed."""
    sink = Diagnostics()
    loaded = load([path], sink)
    assert not sink.has_errors, [d.message for d in sink.sorted()]
    return {g.name: payload(g) for g in loaded.policy.guardrails}


def response_of(request: dict[str, Any], *, as_aws_orders: bool) -> dict[str, Any]:
    """GetGuardrail's answer for a stored request. With `as_aws_orders` exactly as the stand-in
    answers (lists reversed, defaults filled, a key alias resolved to an ARN); without, lists in
    the order stored and the key as sent, so the round trip can be compared byte for byte."""
    config = {k: v for k, v in request.items() if k not in NOT_CONFIG}
    if as_aws_orders:
        return as_response(config, "us-east-1", fill_defaults=True)
    config = copy.deepcopy(config)
    for policy in config.values():  # as_response reverses every list: reverse them first
        if isinstance(policy, dict):
            for value in policy.values():
                if isinstance(value, list):
                    value.reverse()
    response = as_response(config, "us-east-1", fill_defaults=False)
    if "kmsKeyId" in request:
        response["kmsKeyArn"] = request["kmsKeyId"]
    return response


def tags_of(request: dict[str, Any]) -> dict[str, str]:
    return {t["key"]: t["value"] for t in request.get("tags", [])}


def reimport(request: dict[str, Any], tmp_path: Path, *, as_aws_orders: bool) -> Path:
    sink = Diagnostics()
    text = imported_source(
        [(response_of(request, as_aws_orders=as_aws_orders), tags_of(request))], "x", sink
    )
    assert not sink.sorted(), [d.message for d in sink.sorted()]
    out = tmp_path / f"{request['name']}.guard"
    out.write_text(text, encoding="utf-8")
    return out


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.name)
def test_round_trip_gives_the_same_bedrock_json(source: Path, tmp_path: Path) -> None:
    originals = compiled(source)
    assert originals
    for name, request in originals.items():
        again = compiled(reimport(request, tmp_path, as_aws_orders=False))
        # the whole request, token included: byte-identical bedrock.json
        assert json.dumps(again[name], sort_keys=True) == json.dumps(request, sort_keys=True)


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.name)
def test_round_trip_through_aws_order_and_defaults_plans_no_change(
    source: Path, tmp_path: Path
) -> None:
    """With lists in AWS's (undocumented) order and defaults filled in, the imported source
    compiles to a request `guardc plan` finds equal to the deployed one."""
    for name, request in compiled(source).items():
        again = compiled(reimport(request, tmp_path, as_aws_orders=True))[name]
        # as plan reads it (a key alias comes back as the key's ARN, so compare with that)
        deployed = to_request(response_of(request, as_aws_orders=True))
        changes, notes = diff({k: v for k, v in again.items() if k not in NOT_CONFIG}, deployed)
        assert (changes, notes) == ([], [])
        assert tags_of(again) == tags_of(request)


def test_source_is_idiomatic(tmp_path: Path) -> None:
    """Phrases, not enum names; stdlib groups, lists and topics by name; a starter test."""
    request = compiled(ROOT / "stdlib" / "baselines.guard")["baseline-public"]
    text = reimport(request, tmp_path, as_aws_orders=False).read_text(encoding="utf-8")
    for line in (
        "use stdlib.pii",
        "use stdlib.words",
        "  filter sexual content at high",
        '  block pii group "us identifiers"',
        '  block pii group "financial"',
        '  block words from "jailbreak phrases" on input',
        "  mask email addresses, phone numbers on output",
        "  block profanity",
        'test "baseline-public (imported)" for "baseline-public":',
    ):
        assert line in text.splitlines(), line
    assert main(["fmt", "--check", str(tmp_path / "baseline-public.guard")]) == 0
    for enum_name in ("SEXUAL", "CREDIT_DEBIT_CARD_NUMBER", "ANONYMIZE", "PROMPT_ATTACK", "HIGH"):
        assert enum_name not in text


def imported_with(change: Any) -> tuple[str, list[str]]:
    """Import the retail example after `change` edits its GetGuardrail response."""
    [request] = compiled(ROOT / "examples" / "retail_support.guard").values()
    response = response_of(request, as_aws_orders=False)
    change(response)
    sink = Diagnostics()
    text = imported_source([(response, {})], "out.guard", sink)
    assert all(d.code == "E504" for d in sink.sorted())
    return text, [d.message for d in sink.sorted()]


def _filter(response: dict[str, Any], kind: str) -> dict[str, Any]:
    found: dict[str, Any] = next(
        f for f in response["contentPolicy"]["filters"] if f["type"] == kind
    )
    return found


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda r: r.update(newFeature={"on": True}), "`newFeature`"),
        (
            lambda r: _filter(r, "INSULTS").update(inputModalities=["AUDIO"]),
            "`contentPolicy.filters[INSULTS].inputModalities`",
        ),
        (
            lambda r: r["sensitiveInformationPolicy"]["piiEntities"][0].update(action="NONE"),
            "`sensitiveInformationPolicy.piiEntities[",
        ),
        (
            # a carriage return: no .guard string keeps one
            lambda r: r["topicPolicy"]["topics"][0].update(definition="two\r\nlines"),
            "`topicPolicy.topics[",
        ),
        (
            # every line after the first indented: a text block reads that as its own layout
            lambda r: r.update(blockedInputMessaging="Sorry.\n  Call us."),
            "`blockedInputMessaging`",
        ),
        (
            lambda r: _filter(r, "HATE").update(colour="blue"),
            "`contentPolicy.filters[HATE].colour`",
        ),
    ],
)
def test_what_the_language_cannot_say_is_e504_naming_the_field(change: Any, field: str) -> None:
    text, messages = imported_with(change)
    assert len(messages) == 1 and field in messages[0], messages
    assert 'guardrail "retail-support":' in text  # the rest is still written


def test_tiers_per_policy_are_said_per_policy() -> None:
    # topics on classic, content filters on standard: once E504, now one line per policy
    text, messages = imported_with(
        lambda r: r["contentPolicy"].update(tier={"tierName": "STANDARD"})
    )
    assert messages == []
    assert "  tier standard for content filters\n" in text
    assert "  tier standard\n" not in text
    grounded, messages = imported_with(
        lambda r: r.setdefault("contextualGroundingPolicy", {"filters": []}).update(
            tier={"tierName": "STANDARD"}
        )
    )
    assert "  tier standard for grounding\n" in grounded


TIER_CASES = [
    ROOT / "tests" / "cases" / "ok" / case / "input.guard"
    for case in ("policy-tiers", "image-modalities")
]


@pytest.mark.parametrize("source", TIER_CASES, ids=lambda p: p.parent.name)
def test_per_policy_tiers_and_modalities_round_trip(source: Path, tmp_path: Path) -> None:
    """Each policy's tier and each side's modalities come back; an explicit CLASSIC is left
    unsaid (the default), so the comparison is the one `guardc plan` makes."""
    originals = compiled(source)
    assert originals
    for name, request in originals.items():
        for orders in (False, True):
            again = compiled(reimport(request, tmp_path, as_aws_orders=orders))[name]
            deployed = to_request(response_of(request, as_aws_orders=orders))
            changes, notes = diff({k: v for k, v in again.items() if k not in NOT_CONFIG}, deployed)
            assert (changes, notes) == ([], [])


def test_nothing_lost_means_no_diagnostic() -> None:
    assert imported_with(lambda r: None)[1] == []


def test_import_end_to_end_against_the_standin(
    standin: StandIn,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "a.guard").write_text(
        (ROOT / "examples" / "retail_support.guard").read_text(encoding="utf-8")
    )
    assert main(["apply", "src", "--yes"]) == 0
    lock = json.loads((tmp_path / "guardc.lock.json").read_text())
    [(name, entry)] = lock["guardrails"].items()
    assert name == "retail-support"
    capsys.readouterr()

    assert main(["import", "--guardrail-id", entry["id"], "-o", "imported.guard"]) == 0
    assert capsys.readouterr().err == ""
    assert main(["import", "--all"]) == 0
    assert capsys.readouterr().out == (tmp_path / "imported.guard").read_text()

    (tmp_path / "src" / "a.guard").unlink()
    (tmp_path / "imported.guard").rename(tmp_path / "src" / "a.guard")
    assert main(["plan", "src", "--detailed-exitcode"]) == 0  # nothing would change
    writes = [op for op in standin.operations() if not op.startswith(("Get", "List"))]
    # the example's logging block is applied too; import writes guardrails only, so the plan
    # of the imported source has no logging to compare
    assert writes == ["PutModelInvocationLoggingConfiguration", "CreateGuardrail"]


def test_import_of_an_unknown_id_is_an_aws_error(
    standin: StandIn, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["import", "--guardrail-id", "nope"]) == 3
    assert "ResourceNotFoundException" in capsys.readouterr().err


MULTI_LINE = """guardrail "support":
  filter hate at high
  on blocked input say \"\"\"
    Sorry, I can't help with that.
    Please contact support: "help" or \\\\ the desk.\"\"\"
  deny topic "Gambling":
    means \"\"\"Betting, casinos, odds or wagering strategies,
      including "sports" betting.
    And online poker.\"\"\"
"""


def test_round_trip_of_multi_line_values_writes_text_blocks(tmp_path: Path) -> None:
    """A blocked message and a topic definition holding line breaks (and quotes and a
    backslash) import as text blocks, and compile back to the same request; `fmt` keeps the
    imported file as it is."""
    source = tmp_path / "support.guard"
    source.write_text(MULTI_LINE, encoding="utf-8")
    [request] = compiled(source).values()
    assert request["blockedInputMessaging"].count("\n") == 1
    assert "\n" in request["topicPolicyConfig"]["topicsConfig"][0]["definition"]
    (tmp_path / "imported").mkdir()
    imported = reimport(request, tmp_path / "imported", as_aws_orders=False)
    text = imported.read_text(encoding="utf-8")
    assert '"""' in text
    again = compiled(imported)["support"]
    assert json.dumps(again, sort_keys=True) == json.dumps(request, sort_keys=True)
    assert main(["fmt", "--check", str(imported)]) == 0
