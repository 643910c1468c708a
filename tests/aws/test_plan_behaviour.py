"""The behavioural plan (`guardc plan`, "Verdicts that change"): end to end on the stand-in
control plane, the deployed configuration rebuilt from GetGuardrail's answer and compared with
the edited source on the guardrail's test texts and a `--corpus` file."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jsonschema
import pytest
from examples_loader import without_monitoring

from compiler.cli import main

if TYPE_CHECKING:
    from aws_standin import StandIn

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "retail_support.guard"
NAME = "retail-support"
SCHEMA = json.loads((ROOT / "schemas" / "plan.schema.json").read_text(encoding="utf-8"))

HATE_TEST = "You people are subhuman trash"  # a test text: blocked by hate at high, not at low
SEVERE_HATE = "Those immigrants are vermin and should be driven out"  # blocked at low too
COMPETITOR = ("Is this TV cheaper on Amazon?", "Should I order from Walmart instead?")
UNCHANGED = (SEVERE_HATE, "Where is my parcel today?", "Tell me the free refund hack")


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    # the guardrail alone: its logging block is tested in test_logging_deploy.py
    text = without_monitoring(EXAMPLE.read_text(encoding="utf-8"))
    (tmp_path / "retail_support.guard").write_text(text, encoding="utf-8")
    lines = [{"source": "INPUT", "text": t} for t in (*UNCHANGED, *COMPETITOR)]
    lines.insert(2, {"source": "OUTPUT", "text": "Your parcel left the warehouse."})
    (tmp_path / "corpus.jsonl").write_text(
        "".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture(autouse=True)
def never_deletes(standin: StandIn) -> Iterator[None]:
    yield
    assert "DeleteGuardrail" not in standin.operations()


def guardc(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def lower_hate_and_deny_competitors_on_input(project: Path) -> None:
    source = project / "retail_support.guard"
    text = source.read_text(encoding="utf-8")
    text = text.replace(
        "  mask addresses on output\n", "  mask addresses on output\n  filter hate at low\n"
    )
    text = text.replace(
        'deny topic "Competitor comparison" on output', 'deny topic "Competitor comparison"'
    )
    source.write_text(text, encoding="utf-8")


def line_of(project: Path, text: str) -> int:
    source = (project / "retail_support.guard").read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(source, 1) if text in line)


def section(out: str) -> list[str]:
    """The lines of the "Verdicts that change" section."""
    lines = out.splitlines()
    start = next(i for i, line in enumerate(lines) if "Verdicts that change" in line)
    end = next((i for i in range(start + 1, len(lines)) if not lines[i].startswith("    ")), None)
    return lines[start:end]


def plan_json(capsys: pytest.CaptureFixture[str], *extra: str) -> dict[str, Any]:
    code, out, err = guardc(capsys, "plan", ".", "--format", "json", *extra)
    assert code == 0, err
    document: dict[str, Any] = json.loads(out)
    jsonschema.validate(document, SCHEMA)
    (guardrail,) = document["guardrails"]
    behaviour: dict[str, Any] = guardrail["behaviour"]
    return behaviour


def test_an_edit_lists_exactly_the_texts_whose_verdict_changes(
    standin: StandIn, project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert guardc(capsys, "apply", ".", "--yes")[0] == 0
    lower_hate_and_deny_competitors_on_input(project)
    code, out, _ = guardc(capsys, "plan", ".", "--corpus", "corpus.jsonl")
    assert code == 0, out
    lines = section(out)
    # 11 test texts + 6 corpus lines, one of which ("free refund hack") repeats a test text
    assert lines[0] == "  Verdicts that change (16 texts compared with the deployed DRAFT):"
    assert "  note: compared with the DRAFT: the lock file records no published version" in out
    changed = [line for line in lines if line.startswith("    ~ ")]
    assert changed == [
        f'    ~ input "{HATE_TEST}": blocked → allowed',
        f'    ~ input "{COMPETITOR[0]}": allowed → blocked',
        f'    ~ input "{COMPETITOR[1]}": allowed → blocked',
    ]
    assert lines[2] == (
        "      no longer fires: filter hate on input; "
        f"from retail_support.guard:{line_of(project, HATE_TEST)}"
    )
    assert lines[4] == '      now fires: topic "Competitor comparison"; from corpus.jsonl:5'
    assert lines[6] == '      now fires: topic "Competitor comparison"; from corpus.jsonl:6'
    for text in UNCHANGED:
        assert text not in "\n".join(lines)

    behaviour = plan_json(capsys, "--corpus", "corpus.jsonl")
    assert behaviour["against"] == "deployed"
    assert behaviour["version"] == "DRAFT"  # nothing published yet
    assert behaviour["compared"] == 16
    assert [
        (c["text"], c["old"]["verdict"], c["new"]["verdict"]) for c in behaviour["changes"]
    ] == [
        (HATE_TEST, "blocked", "allowed"),
        (COMPETITOR[0], "allowed", "blocked"),
        (COMPETITOR[1], "allowed", "blocked"),
    ]
    first = behaviour["changes"][0]
    assert first["old"]["rules"] == ["filter hate on input"]
    assert (first["now"], first["no_longer"]) == ([], ["filter hate on input"])
    assert behaviour["changes"][1]["new"]["rules"] == ['topic "Competitor comparison"']
    assert standin.writes() == ["CreateGuardrail"]  # planning wrote nothing


def test_an_unchanged_guardrail_changes_no_verdict(
    standin: StandIn, project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The rebuilt deployed configuration judges every text as the source does."""
    assert guardc(capsys, "apply", ".", "--yes")[0] == 0
    code, out, _ = guardc(capsys, "plan", ".", "--corpus", "corpus.jsonl")
    assert code == 0
    assert section(out) == [
        "  Verdicts that change (16 texts compared with the deployed DRAFT):",
        "    none",
    ]


def test_the_verdicts_are_compared_with_the_published_version_the_lock_file_records(
    standin: StandIn, project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Applications call the published version, not the DRAFT: after an edit applied without
    `--publish`, the field-level plan is clean (the sources are the DRAFT) but the verdicts
    still change against version 1, the one the lock file records as deployed."""
    assert guardc(capsys, "apply", ".", "--yes", "--publish")[0] == 0
    lower_hate_and_deny_competitors_on_input(project)
    assert guardc(capsys, "apply", ".", "--yes")[0] == 0  # the DRAFT now holds the edit
    lock = json.loads((project / "guardc.lock.json").read_text(encoding="utf-8"))
    assert lock["guardrails"][NAME]["version"] == "1"
    code, out, _ = guardc(capsys, "plan", ".", "--corpus", "corpus.jsonl")
    assert code == 0, out
    assert "no changes" in out  # field by field, against the DRAFT
    lines = section(out)
    assert lines[0] == (
        "  Verdicts that change (16 texts compared with deployed version 1, the lock file's):"
    )
    changed = [line.split(":")[0] for line in lines if line.startswith("    ~ ")]
    assert changed == [
        f'    ~ input "{HATE_TEST}"',
        f'    ~ input "{COMPETITOR[0]}"',
        f'    ~ input "{COMPETITOR[1]}"',
    ]
    assert "compared with the DRAFT" not in out
    behaviour = plan_json(capsys, "--corpus", "corpus.jsonl")
    assert (behaviour["version"], len(behaviour["changes"])) == ("1", 3)


def test_a_masking_change_is_a_verdict_change(
    standin: StandIn, project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert guardc(capsys, "apply", ".", "--yes")[0] == 0
    source = project / "retail_support.guard"
    text = source.read_text(encoding="utf-8")
    source.write_text(
        text.replace('described as "Gift card redemption codes"', "on output"), encoding="utf-8"
    )
    behaviour = plan_json(capsys)
    changes = [(c["text"], c["old"]["output"], c["new"]["output"]) for c in behaviour["changes"]]
    assert changes == []  # the description is no verdict
    source.write_text(text.replace("mask pattern", "block pattern"), encoding="utf-8")
    behaviour = plan_json(capsys)
    (change,) = behaviour["changes"]
    assert change["text"] == "Your gift card code is GC-AB12-CD34-EF56"
    assert (change["old"]["verdict"], change["new"]["verdict"]) == ("masked", "blocked")
    assert change["old"]["output"] == "Your gift card code is {gift card code}"


def test_a_text_masked_differently_is_listed(
    standin: StandIn, project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert guardc(capsys, "apply", ".", "--yes")[0] == 0
    source = project / "retail_support.guard"
    text = source.read_text(encoding="utf-8")
    anchor = "  mask addresses on output\n"
    added = anchor + '  mask pattern "label" matching "label" on output\n'
    source.write_text(text.replace(anchor, added), encoding="utf-8")
    code, out, _ = guardc(capsys, "plan", ".")
    assert code == 0
    changed = [line for line in section(out) if line.startswith("    ~ ")]
    assert changed == [
        '    ~ output "We will email the label to jane.doe@example.com": '
        'masked as "We will email the label to {EMAIL}" → '
        'masked as "We will email the {label} to {EMAIL}"'
    ]
    assert '      now fires: pattern "label"; from retail_support.guard:' in out


def test_a_create_is_compared_with_no_guardrail(
    standin: StandIn, project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Nothing deployed: every text the new guardrail blocks or masks is listed, the texts it
    allows are not."""
    code, out, _ = guardc(capsys, "plan", ".")
    assert code == 0
    lines = section(out)
    assert lines[0] == (
        "  Verdicts that change (11 texts compared with no guardrail "
        "(nothing deployed: every text allowed)):"
    )
    changed = [line for line in lines if line.startswith("    ~ ")]
    assert len(changed) == 8  # the 8 expectations that are not `is allowed`
    assert all(": allowed → " in line for line in changed)
    assert "Where is my parcel" not in out
    assert (
        '    ~ output "We will email the label to jane.doe@example.com": allowed → masked as '
        '"We will email the label to {EMAIL}"' in changed
    )


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("not json", "corpus.jsonl:2: "),
        ('{"source": "SYSTEM", "text": "x"}', 'corpus.jsonl:2: `source` must be "INPUT"'),
        ('{"source": "INPUT"}', "corpus.jsonl:2: `text` must be a string"),
        ('{"source": "INPUT", "text": "x", "extra": 1}', 'corpus.jsonl:2: unknown key(s) "extra"'),
    ],
)
def test_a_malformed_corpus_line_is_a_usage_error_with_its_number(
    standin: StandIn, project: Path, capsys: pytest.CaptureFixture[str], line: str, message: str
) -> None:
    (project / "corpus.jsonl").write_text(
        '{"source": "INPUT", "text": "fine"}\n' + line + "\n", encoding="utf-8"
    )
    code, out, err = guardc(capsys, "plan", ".", "--corpus", "corpus.jsonl")
    assert code == 2
    assert message in err
    assert out == ""
    assert standin.operations() == []  # refused before any AWS call


def test_a_missing_corpus_is_a_usage_error(
    standin: StandIn, project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = guardc(capsys, "plan", ".", "--corpus", "nowhere.jsonl")
    assert code == 2
    assert "nowhere.jsonl" in err
