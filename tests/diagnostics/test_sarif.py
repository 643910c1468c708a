"""`--format sarif` of `check` and `test`: valid SARIF 2.1.0 (the official schema, vendored in
tests/data/sarif/), findings placed by file, line and rule id relative to the repository."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from compiler.cli import main
from compiler.diagnostics.codes import CODES
from compiler.diagnostics.sarif import SRCROOT, STDLIB_BASE, _artifact, source_root

DATA = Path(__file__).resolve().parents[1] / "data" / "sarif"
SCHEMA_FILE = DATA / "sarif-schema-2.1.0.json"
SCHEMA_SHA256 = "c3b4bb2d6093897483348925aaa73af03b3e3f4bd4ca38cef26dcb4212a2682e"

BAD = """\
guardrail "bad-bot":
  block credit card numbrs
  block word "Zeus"
"""
TESTED = """\
guardrail "words-bot":
  block words "Project Zeus"

guardrail "untested-bot":
  block words "Apollo"

test "words-bot basics" for "words-bot":
  input "Nothing to see here" is allowed
  input "Tell me about Project Zeus" is allowed
"""


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft4Validator:
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    jsonschema.Draft4Validator.check_schema(schema)
    return jsonschema.Draft4Validator(schema, format_checker=jsonschema.FormatChecker())


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A checkout: `.git` at its top, policies one folder down, the current folder its top."""
    (tmp_path / ".git").mkdir()
    (tmp_path / "policies").mkdir()
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _sarif(
    capsys: pytest.CaptureFixture[str], validator: jsonschema.Draft4Validator, *args: str
) -> tuple[int, dict[str, Any]]:
    code = main(list(args))
    out, err = capsys.readouterr()
    log: dict[str, Any] = json.loads(out)
    for result in log["runs"][0]["results"]:  # the CI log still shows each diagnostic as text
        if result["ruleId"] != "test-failed":
            assert f"[{result['ruleId']}]" in err
    errors = sorted(validator.iter_errors(log), key=str)
    assert not errors, [e.message for e in errors]
    return code, log


def _where(result: dict[str, Any]) -> tuple[str, str, int, int]:
    physical = result["locations"][0]["physicalLocation"]
    region = physical["region"]
    artifact = physical["artifactLocation"]
    return artifact["uriBaseId"], artifact["uri"], region["startLine"], region["startColumn"]


def test_vendored_schema_is_the_published_one() -> None:
    assert hashlib.sha256(SCHEMA_FILE.read_bytes()).hexdigest() == SCHEMA_SHA256


def test_check_errors_carry_rule_file_line_and_column(
    repo: Path, capsys: pytest.CaptureFixture[str], validator: jsonschema.Draft4Validator
) -> None:
    (repo / "policies" / "bad.guard").write_text(BAD, encoding="utf-8")
    code, log = _sarif(capsys, validator, "check", "policies", "--format", "sarif")
    assert code == 1
    (run,) = log["runs"]
    assert log["version"] == "2.1.0"
    assert run["automationDetails"]["id"] == "guardc/check/"
    assert run["originalUriBaseIds"][SRCROOT]["uri"] == repo.resolve().as_uri() + "/"
    rules = run["tool"]["driver"]["rules"]
    (result,) = [r for r in run["results"] if r["ruleId"] == "E203"]
    assert result["level"] == "error"
    assert _where(result) == (SRCROOT, "policies/bad.guard", 2, 9)
    assert "did you mean `credit card numbers`" in result["message"]["text"]
    rule = rules[result["ruleIndex"]]
    assert rule["id"] == "E203"
    assert rule["shortDescription"]["text"] == CODES["E203"].title
    assert rule["fullDescription"]["text"] == CODES["E203"].explanation
    assert "guardc explain E203" in rule["help"]["text"]
    assert [r["id"] for r in rules] == sorted({r["ruleId"] for r in run["results"]})


def test_a_clean_check_is_an_empty_valid_log(
    repo: Path, capsys: pytest.CaptureFixture[str], validator: jsonschema.Draft4Validator
) -> None:
    (repo / "policies" / "ok.guard").write_text('guardrail "ok":\n  block word "x"\n')
    code, log = _sarif(capsys, validator, "check", "policies/ok.guard", "--format", "sarif")
    assert code == 0
    assert log["runs"][0]["results"] == []


def test_failed_test_and_warning_are_results(
    repo: Path, capsys: pytest.CaptureFixture[str], validator: jsonschema.Draft4Validator
) -> None:
    (repo / "policies" / "words.guard").write_text(TESTED, encoding="utf-8")
    code, log = _sarif(capsys, validator, "test", "policies", "--format", "sarif")
    assert code == 1
    (run,) = log["runs"]
    assert run["automationDetails"]["id"] == "guardc/test/"
    by_rule = {r["ruleId"]: r for r in run["results"]}
    assert set(by_rule) == {"test-failed", "W204"}
    failed = by_rule["test-failed"]
    assert failed["level"] == "error"
    assert _where(failed) == (SRCROOT, "policies/words.guard", 9, 3)
    assert 'test "words-bot basics"' in failed["message"]["text"]
    assert 'got blocked by word "Project Zeus"' in failed["message"]["text"]
    assert failed["properties"]["guardrail"] == "words-bot"
    assert by_rule["W204"]["level"] == "warning"
    assert _where(by_rule["W204"])[1:3] == ("policies/words.guard", 4)
    ids = [r["id"] for r in run["tool"]["driver"]["rules"]]
    assert ids == ["W204", "test-failed"]


def test_test_with_source_errors_reports_them(
    repo: Path, capsys: pytest.CaptureFixture[str], validator: jsonschema.Draft4Validator
) -> None:
    (repo / "policies" / "bad.guard").write_text(BAD, encoding="utf-8")
    code, log = _sarif(capsys, validator, "test", "policies", "--format", "sarif")
    assert code == 1
    assert "E203" in {r["ruleId"] for r in log["runs"][0]["results"]}


def test_uris_are_relative_to_the_checkout_not_the_current_folder(
    repo: Path,
    capsys: pytest.CaptureFixture[str],
    validator: jsonschema.Draft4Validator,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    (repo / "policies" / "bad.guard").write_text(BAD, encoding="utf-8")
    monkeypatch.chdir(repo / "policies")
    _, log = _sarif(capsys, validator, "check", "bad.guard", "--format", "sarif")
    uris = {_where(r)[1] for r in log["runs"][0]["results"]}
    assert uris == {"policies/bad.guard"}


def test_the_log_is_byte_identical_between_runs(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (repo / "policies" / "words.guard").write_text(TESTED, encoding="utf-8")
    outs = []
    for _ in range(2):
        main(["test", "policies", "--format", "sarif"])
        outs.append(capsys.readouterr().out)
    assert outs[0] == outs[1]


def test_artifact_locations(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "a b.guard").write_text("")
    root = source_root(tmp_path)
    assert root == tmp_path.resolve()
    assert _artifact("a b.guard", root, root) == {"uri": "a%20b.guard", "uriBaseId": SRCROOT}
    # a standard library module is not a file of the checkout
    assert _artifact("stdlib/topics.guard", root, root) == {
        "uri": "topics.guard",
        "uriBaseId": STDLIB_BASE,
    }
    outside = tmp_path.parent / "elsewhere.guard"
    assert _artifact(str(outside), root, root) == {"uri": outside.resolve().as_uri()}
