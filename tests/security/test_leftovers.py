"""What the second hardening round left open (issue 16): `eval --log` wrote the user's hidden
characters raw into the log, `replay --engine spark --out` skipped the output folder's symlink
checks, and the record and corpus readers read a line whole whatever its length. Each test
failed before its fix.
"""

from __future__ import annotations

import json
import tracemalloc
from pathlib import Path

import pytest

from ._trust import Run, bot_project, guardc

# a C1 CSI (clears the screen on many terminals), a bidi override, a zero-width space, a line
# separator, a BOM, a tag character and a private-use character
HIDDEN = "\u009b2J\u202eevil\u200b\u2028\ufeff\U000e0041\ue000"


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return bot_project(tmp_path, monkeypatch)


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


# ── JSONL readers: a line is bounded before it is read ──────────────────────────────────────────

CAP = 64 * 1024  # the size bound, made small: the tests write a few MB, never gigabytes
HUGE = 12 * 2**20  # one line of 12 MB (192 times the bound)


@pytest.fixture
def small_cap(monkeypatch: pytest.MonkeyPatch) -> int:
    from compiler.runtime import batch

    monkeypatch.setattr(batch, "MAX_LINE_BYTES", CAP)
    return CAP


def _huge_second_line(path: Path, first: str) -> None:
    """`first`, then one line of HUGE bytes of a JSON string, then a good line again."""
    with path.open("w", encoding="utf-8") as handle:
        handle.write(first)
        handle.write('{"source": "INPUT", "text": "' + "a" * HUGE + '"}\n')
        handle.write(first)


def _peak(function: object, *args: object) -> tuple[object, int]:
    """What `function(*args)` returned or raised, and the peak of Python's allocations."""
    tracemalloc.start()
    try:
        try:
            result: object = function(*args)  # type: ignore[operator]
        except Exception as exc:  # the test looks at what was raised
            result = exc
        return result, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_calibrate_names_a_huge_record_line_without_reading_it_whole(
    capsys: pytest.CaptureFixture[str], repo: Path, small_cap: int
) -> None:
    from compiler.testing.record import RecordError, read_records

    _huge_second_line(repo / "rec.jsonl", "\n")
    got, peak = _peak(lambda: list(read_records(repo / "rec.jsonl")))
    assert isinstance(got, RecordError), got
    assert f"rec.jsonl:2: the line is longer than {small_cap:,} bytes" in str(got)
    assert peak < HUGE // 3, f"peak {peak:,} bytes: the line was read whole"
    run = guardc(capsys, repo, "calibrate", "rec.jsonl", "bot.guard")
    _usage_error(run)
    assert "rec.jsonl:2" in run.err and "longer than" in run.err


def test_test_corpus_names_a_huge_line_without_reading_it_whole(repo: Path, small_cap: int) -> None:
    from compiler.commands.against import read_corpus

    _huge_second_line(repo / "c.jsonl", '{"source": "INPUT", "text": "hi"}\n')
    got, peak = _peak(read_corpus, [str(repo / "c.jsonl")])
    assert isinstance(got, ValueError) and "c.jsonl:2: the line is longer than" in str(got), got
    assert peak < HUGE // 3, f"peak {peak:,} bytes: the line was read whole"


def test_plan_corpus_names_a_huge_line_without_reading_it_whole(repo: Path, small_cap: int) -> None:
    from compiler.diagnostics.usage import UsageError
    from compiler.replay.behaviour import corpus_probes

    _huge_second_line(repo / "c.jsonl", '{"source": "INPUT", "text": "hi"}\n')
    got, peak = _peak(corpus_probes, str(repo / "c.jsonl"))
    assert isinstance(got, UsageError) and "c.jsonl:2: the line is longer than" in str(got), got
    assert peak < HUGE // 3, f"peak {peak:,} bytes: the line was read whole"


def test_eval_jsonl_answers_a_huge_line_with_an_error_object(
    capsys: pytest.CaptureFixture[str], repo: Path, small_cap: int
) -> None:
    _huge_second_line(repo / "r.jsonl", '{"source": "INPUT", "text": "zeus"}\n')
    run = guardc(capsys, repo, "eval", "bot.guard", "--guardrail", "bot", "--jsonl", "r.jsonl")
    assert run.code == 1, run.err
    answers = [json.loads(line) for line in run.out.splitlines()]
    assert len(answers) == 3
    assert answers[1]["error"] == {
        "kind": "too_long",
        "line": 2,
        "message": f"longer than {small_cap:,} bytes",
    }
    assert answers[0]["action"] == answers[2]["action"] == "GUARDRAIL_INTERVENED"


def test_replay_counts_a_huge_log_line_as_unreadable(
    capsys: pytest.CaptureFixture[str], repo: Path, small_cap: int
) -> None:
    _huge_second_line(repo / "l.jsonl", LOG)
    run = guardc(
        capsys, repo, "replay", "bot.guard", "--guardrail", "bot", "--logs", "l.jsonl",
        "--workers", "1", "--format", "json",
    )  # fmt: skip
    assert run.code == 0, run.err
    assert "l.jsonl:2" in run.out and "longer than" in run.out


def test_a_corpus_line_holding_u2028_is_one_line(repo: Path) -> None:
    """The corpus readers split with `str.splitlines`, which breaks at U+2028 (legal inside a
    JSON string): the line was cut in two and refused as not JSON."""
    from compiler.commands.against import read_corpus
    from compiler.replay.behaviour import corpus_probes

    (repo / "c.jsonl").write_text('{"source": "INPUT", "text": "a\u2028b"}\n', encoding="utf-8")
    (_, _, _, _, content), *more = read_corpus([str(repo / "c.jsonl")])
    assert content[0]["text"]["text"] == "a\u2028b" and more == []
    assert corpus_probes(str(repo / "c.jsonl"))[0].text == "a\u2028b"
