"""What the second hardening round left open (issue 16): `eval --log` wrote the user's hidden
characters raw into the log, `replay --engine spark --out` skipped the output folder's symlink
checks, and the record and corpus readers read a line whole whatever its length. Each test
failed before its fix.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ._trust import Run, guardc

BOT = 'guardrail "bot":\n  block word "zeus"\n  filter prompt attacks at high\n'
# a C1 CSI (clears the screen on many terminals), a bidi override, a zero-width space, a line
# separator, a BOM, a tag character and a private-use character
HIDDEN = "\u009b2J\u202eevil\u200b\u2028\ufeff\U000e0041\ue000"


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "repo"
    (root / ".git").mkdir(parents=True)
    (root / "bot.guard").write_text(BOT, encoding="utf-8")
    (tmp_path / "victim.txt").write_text("precious\n", encoding="utf-8")
    monkeypatch.delenv("GUARDC_ENGINE", raising=False)
    return root


def _usage_error(run: Run) -> None:
    assert run.code == 2, run.err
    assert "E901" not in run.err and "Traceback" not in run.err


# ── eval --log: safe to `cat` in a CI log, still the exact text for a JSON reader ──────────────


@pytest.mark.parametrize("side", ["--input", "--output"])
def test_eval_log_escapes_hidden_characters_and_keeps_the_text(
    capsys: pytest.CaptureFixture[str], repo: Path, side: str
) -> None:
    text = f"zeus {HIDDEN}"
    extra = ("--query", f"q{HIDDEN}") if side == "--output" else ()
    run = guardc(capsys, repo, "eval", "bot.guard", "--guardrail", "bot", side, text, *extra)
    assert run.code == 0, run.err
    run = guardc(
        capsys, repo, "eval", "bot.guard", "--guardrail", "bot", side, text, *extra, "--log", "l"
    )
    assert run.code == 0, run.err
    raw = (repo / "l").read_bytes().decode("utf-8")
    assert raw.isascii() or all(ch.isprintable() for ch in raw.rstrip("\n")), ascii(raw)
    for ch in HIDDEN:
        if not ch.isprintable():
            assert ch not in raw, f"{ch!r} written raw"
    assert raw.count("\n") == 1
    record = json.loads(raw)
    assert text in json.dumps(record, ensure_ascii=False)


def test_eval_log_round_trips_through_replay(
    capsys: pytest.CaptureFixture[str], repo: Path
) -> None:
    """The escaped log is still a log `replay` reads, with the same text."""
    text = f"tell me about zeus {HIDDEN}"
    run = guardc(
        capsys, repo, "eval", "bot.guard", "--guardrail", "bot", "--input", text, "--log", "l.jsonl"
    )
    assert run.code == 0, run.err
    run = guardc(
        capsys, repo, "replay", "bot.guard", "--guardrail", "bot", "--logs", "l.jsonl",
        "--workers", "1", "--format", "json", "--show-text",
    )  # fmt: skip
    assert run.code == 0, run.err
    doc = json.loads(run.out)
    assert text in json.dumps(doc, ensure_ascii=False), run.out[:2000]


# ── replay --out: one output check for both engines ─────────────────────────────────────────────

LOG = json.dumps({"source": "INPUT", "text": "tell me about zeus"}) + "\n"


def _replay_out(capsys: pytest.CaptureFixture[str], repo: Path, engine: str) -> Run:
    (repo / "traffic.jsonl").write_text(LOG, encoding="utf-8")
    return guardc(
        capsys, repo, "replay", "bot.guard", "--guardrail", "bot", "--logs", "traffic.jsonl",
        "--workers", "1", "--engine", engine, "--out", "report",
    )  # fmt: skip


def test_spark_out_refuses_a_symlinked_rows_folder(
    capsys: pytest.CaptureFixture[str], repo: Path
) -> None:
    """Spark writes OUT/rows/ in `overwrite` mode: it deletes what is there first. A planted
    `report/rows -> ~/precious` would have had the victim's folder emptied."""
    precious = repo.parent / "precious"
    precious.mkdir()
    (precious / "keep.txt").write_text("keep\n", encoding="utf-8")
    (repo / "report").mkdir()
    (repo / "report" / "rows").symlink_to(precious)
    run = _replay_out(capsys, repo, "spark")
    _usage_error(run)
    assert "symlink" in run.err and "report/rows" in run.err
    assert (precious / "keep.txt").read_text() == "keep\n"


@pytest.mark.parametrize("plant", ["link-inside", "file"])
def test_spark_out_refuses_a_tampered_rows_folder(
    capsys: pytest.CaptureFixture[str], repo: Path, plant: str
) -> None:
    (repo / "report").mkdir()
    if plant == "file":
        (repo / "report" / "rows").write_text("not a folder\n", encoding="utf-8")
    else:
        (repo / "report" / "rows").mkdir()
        (repo / "report" / "rows" / "part-0.parquet").symlink_to(repo.parent / "victim.txt")
    run = _replay_out(capsys, repo, "spark")
    _usage_error(run)
    assert "report/rows" in run.err
    assert (repo.parent / "victim.txt").read_text() == "precious\n"


@pytest.mark.parametrize("engine", ["local", "spark"])
@pytest.mark.parametrize("plant", ["summary-link", "summary-dir", "out-link"])
def test_both_engines_refuse_the_same_tampered_out(
    capsys: pytest.CaptureFixture[str], repo: Path, engine: str, plant: str
) -> None:
    """Refused before the replay runs (and before Spark is even imported), whatever the engine."""
    if plant == "out-link":
        (repo.parent / "elsewhere").mkdir()
        (repo / "report").symlink_to(repo.parent / "elsewhere")
    else:
        (repo / "report").mkdir()
        if plant == "summary-dir":
            (repo / "report" / "summary.json").mkdir()
        else:
            (repo / "report" / "summary.json").symlink_to(repo.parent / "victim.txt")
    run = _replay_out(capsys, repo, engine)
    _usage_error(run)
    assert "refusing to write" in run.err, run.err
    assert (repo.parent / "victim.txt").read_text() == "precious\n"
