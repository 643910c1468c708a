"""The surfaces that landed after issue 16, held to its rules: `calibrate` (reads recorded
responses, writes the calibration file), `eval --log` (appends a log), `import -o`, `plan
--corpus`, `explain`'s monitoring lines and the E901 message. Each test failed before its fix.
"""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from compiler.cli import main

from ._trust import BOT, RECORD, Run, bot_project, guardc

ESC = "\x1b]0;pwned\x07\x1b[2J"


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = bot_project(tmp_path, monkeypatch)
    (root / "rec.jsonl").write_text(json.dumps(RECORD) + "\n", encoding="utf-8")
    return root


def _clean(run: Run, code: int = 2) -> None:
    assert run.code == code, run.err
    assert "E901" not in run.err and "Traceback" not in run.err


# ── calibrate ─────────────────────────────────────────────────────────────────────────────────


@pytest.mark.parametrize("target", ["victim.txt", "new.json"])  # an existing file, a dangling link
def test_calibrate_never_writes_through_a_symlinked_calibration_file(
    capsys: pytest.CaptureFixture[str], repo: Path, target: str
) -> None:
    (repo / "cal.json").symlink_to(repo.parent / target)
    run = guardc(capsys, repo, "calibrate", "rec.jsonl", "bot.guard", "--calibration", "cal.json")
    _clean(run)
    assert (repo.parent / "victim.txt").read_text() == "precious\n"
    assert not (repo.parent / "new.json").exists()


def test_calibrate_keeps_the_calibration_files_mode(
    capsys: pytest.CaptureFixture[str], repo: Path
) -> None:
    path = repo / "guardc.calibration.json"
    path.write_text('{"format": "guardc-calibration/1", "guardrails": {}}\n', encoding="utf-8")
    path.chmod(0o600)
    run = guardc(capsys, repo, "calibrate", "rec.jsonl", "bot.guard")
    _clean(run, 0)
    assert "bot" in json.loads(path.read_text())["guardrails"]
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert [p.name for p in repo.iterdir() if p.name.endswith(".tmp")] == []


@pytest.mark.parametrize("value", ["nan", "NaN", "inf", "-1", "101", "1e309"])
def test_calibrate_min_agreement_is_a_percentage(
    capsys: pytest.CaptureFixture[str], repo: Path, value: str
) -> None:
    """NaN compared false with every agreement: the gate was off, exit 0."""
    run = guardc(capsys, repo, "calibrate", "rec.jsonl", "bot.guard", "--min-agreement", value)
    _clean(run)
    assert not (repo / "guardc.calibration.json").exists()


@pytest.mark.parametrize(
    "text", ["[" * 100_000 + "\n", "9" * 100_000 + "\n"], ids=["deep", "huge-int"]
)
def test_calibrate_record_file_too_deep_or_too_long_a_number_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], repo: Path, text: str
) -> None:
    (repo / "rec.jsonl").write_text(text, encoding="utf-8")
    run = guardc(capsys, repo, "calibrate", "rec.jsonl", "bot.guard")
    _clean(run)
    assert "rec.jsonl:1" in run.err


# the commands that read the default calibration file, as each is run in these tests
READS_CALIBRATION = {
    "calibrate": ["calibrate", "rec.jsonl", "bot.guard"],
    "eval": ["eval", "bot.guard", "--guardrail", "bot", "--input", "hi"],
    "compile": ["compile", "bot.guard", "-o", "out"],
}


@pytest.mark.parametrize(
    "text", ["[" * 100_000, "9" * 100_000, " " * (17 * 2**20)], ids=["deep", "huge-int", "huge"]
)
@pytest.mark.parametrize("command", sorted(READS_CALIBRATION))
def test_a_calibration_file_too_deep_or_too_big_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], repo: Path, text: str, command: str
) -> None:
    """The calibration file sits in the project root, where a pull request can put anything."""
    (repo / "guardc.calibration.json").write_text(text, encoding="utf-8")
    run = guardc(capsys, repo, *READS_CALIBRATION[command])
    _clean(run)
    assert "bad calibration file" in run.err


@pytest.mark.parametrize("command", sorted(READS_CALIBRATION))
def test_a_calibration_file_symlinked_out_of_the_root_is_never_read(
    capsys: pytest.CaptureFixture[str], repo: Path, command: str
) -> None:
    """The default calibration file is found, not named: like a `use`, it must stay inside the
    project root, so a pull request cannot point it at a secret and have its keys quoted."""
    secret = repo.parent / "secret.json"
    secret.write_text('{"AKIAEXAMPLESECRET": "wJalrXUtnFEMI"}\n', encoding="utf-8")
    (repo / "guardc.calibration.json").symlink_to(secret)
    run = guardc(capsys, repo, *READS_CALIBRATION[command])
    _clean(run)
    assert "leads out of the project root" in run.err
    assert "AKIAEXAMPLESECRET" not in run.err + run.out
    assert secret.read_text(encoding="utf-8").startswith('{"AKIA')


# ── eval --log ────────────────────────────────────────────────────────────────────────────────

EVAL = ("eval", "bot.guard", "--guardrail", "bot", "--input", "zeus")


@pytest.mark.parametrize("target", ["victim.txt", "new.jsonl"])
def test_eval_log_never_appends_through_a_symlink(
    capsys: pytest.CaptureFixture[str], repo: Path, target: str
) -> None:
    (repo / "log.jsonl").symlink_to(repo.parent / target)
    run = guardc(capsys, repo, *EVAL, "--log", "log.jsonl")
    _clean(run)
    assert "symlink" in run.err
    assert (repo.parent / "victim.txt").read_text() == "precious\n"
    assert not (repo.parent / "new.jsonl").exists()


def test_eval_log_onto_a_fifo_is_refused_not_a_hang(
    capsys: pytest.CaptureFixture[str], repo: Path
) -> None:
    os.mkfifo(repo / "log.jsonl")
    _clean(guardc(capsys, repo, *EVAL, "--log", "log.jsonl"))


def test_eval_log_appends_to_a_regular_file_keeping_its_mode(
    capsys: pytest.CaptureFixture[str], repo: Path
) -> None:
    log = repo / "log.jsonl"
    log.write_text("", encoding="utf-8")
    log.chmod(0o600)
    for _ in range(2):
        _clean(guardc(capsys, repo, *EVAL, "--log", "log.jsonl"), 0)
    assert len(log.read_text().splitlines()) == 2
    assert stat.S_IMODE(log.stat().st_mode) == 0o600


# ── import -o ─────────────────────────────────────────────────────────────────────────────────


def test_import_output_never_writes_through_a_symlink(
    standin: object,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "victim.guard").write_text("# mine\n", encoding="utf-8")
    (tmp_path / "imported.guard").symlink_to(tmp_path / "victim.guard")
    assert main(["import", "--all", "-o", "imported.guard"]) == 2
    err = capsys.readouterr().err
    assert "symlink" in err and "E901" not in err
    assert (tmp_path / "victim.guard").read_text() == "# mine\n"


# ── plan --corpus, explain, E901 ──────────────────────────────────────────────────────────────


@pytest.mark.parametrize("text", ["[" * 100_000, "9" * 100_000], ids=["deep", "huge-int"])
def test_a_corpus_line_too_deep_or_too_long_a_number_is_a_plain_error(
    tmp_path: Path, text: str
) -> None:
    from compiler.commands.against import read_corpus

    (tmp_path / "c.jsonl").write_text(text + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"c\.jsonl:1: "):
        read_corpus([str(tmp_path / "c.jsonl")])


def test_explain_escapes_the_monitoring_lines(
    capsys: pytest.CaptureFixture[str], repo: Path
) -> None:
    (repo / "bot.guard").write_text(
        'logging:\n  account "111122223333"\n  region "us-east-1"\n'
        f'  deliver to bucket "b-bucket" prefix "p{ESC}"\n' + BOT,
        encoding="utf-8",
    )
    run = guardc(capsys, repo, "explain", "bot.guard", "--guardrail", "bot")
    _clean(run, 0)
    assert "logging (account 111122223333" in run.out
    assert "\x1b" not in run.out and "\x07" not in run.out
    assert "\\u{1b}" in run.out


def test_an_internal_error_escapes_what_its_message_quotes(
    capsys: pytest.CaptureFixture[str], repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """E901 prints the exception's message, which may quote input (a key of a log line)."""
    from compiler.commands import check

    def broken(args: object) -> int:
        raise KeyError(ESC + "x" * 5000)

    monkeypatch.setattr(check, "run", broken)
    run = guardc(capsys, repo, "check", "bot.guard")
    assert run.code == 1
    assert "E901" in run.err
    assert "\x1b" not in run.err and "\x07" not in run.err
    assert len(run.err) < 1000  # a 5,000-character message is cut
