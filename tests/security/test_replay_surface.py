"""`guardc replay` tried as an attacker and as an unlucky user would (issue 16's rules applied to
a surface that landed after it): where it reads logs, where it writes reports, its numeric flags
and what its text report prints. Each test failed before the fix it names.

The logs of a replay are data named by the trusted caller, but a folder of logs may be a
checkout holding planted symlinks, and every logged text, key and file name is adversarial.
"""

from __future__ import annotations

import gzip
import json
import os
from pathlib import Path

import pytest

from compiler.cli import main

from ._trust import Run, guardc

BOT = 'guardrail "bot":\n  block word "zeus"\n  mask email addresses\n'
ESC = "\x1b]0;pwned\x07\x1b[2J"  # sets the window title, clears the screen
HIDDEN = "\u009b2J\u202e"  # a C1 CSI (clears the screen on many terminals), a bidi override
REPLAY = ("replay", "bot.guard", "--guardrail", "bot", "--workers", "1")
LINE = json.dumps({"source": "INPUT", "text": "tell me about zeus"}) + "\n"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    (root / ".git").mkdir(parents=True)
    (root / "bot.guard").write_text(BOT, encoding="utf-8")
    (root / "traffic.jsonl").write_text(LINE, encoding="utf-8")
    (tmp_path / "victim.txt").write_text("precious\n", encoding="utf-8")
    return root


def _replay(capsys: pytest.CaptureFixture[str], root: Path, *extra: str) -> Run:
    return guardc(capsys, root, *REPLAY, *extra)


def _usage_error(run: Run) -> None:
    assert run.code == 2, run.err
    assert run.err.startswith("error:") or "error:" in run.err, run.err
    assert "E901" not in run.err and "Traceback" not in run.err


# ── writing: --out and --html never through a symlink, never E901 ─────────────────────────────


def test_out_that_is_a_symlink_is_refused(capsys: pytest.CaptureFixture[str], repo: Path) -> None:
    elsewhere = repo.parent / "elsewhere"
    elsewhere.mkdir()
    (repo / "report").symlink_to(elsewhere)
    _usage_error(_replay(capsys, repo, "--logs", "traffic.jsonl", "--out", "report"))
    assert list(elsewhere.iterdir()) == []


def test_out_below_a_symlinked_folder_is_refused(
    capsys: pytest.CaptureFixture[str], repo: Path
) -> None:
    elsewhere = repo.parent / "elsewhere"
    elsewhere.mkdir()
    (repo / "build").symlink_to(elsewhere)
    _usage_error(_replay(capsys, repo, "--logs", "traffic.jsonl", "--out", "build/replay"))
    assert list(elsewhere.iterdir()) == []


def test_summary_json_that_is_a_symlink_is_refused_not_an_internal_error(
    capsys: pytest.CaptureFixture[str], repo: Path
) -> None:
    (repo / "report").mkdir()
    (repo / "report" / "summary.json").symlink_to(repo.parent / "victim.txt")
    run = _replay(capsys, repo, "--logs", "traffic.jsonl", "--out", "report")
    _usage_error(run)
    assert "symlink" in run.err
    assert (repo.parent / "victim.txt").read_text() == "precious\n"


@pytest.mark.parametrize("setup", ["symlink", "folder"])
def test_html_onto_a_symlink_or_a_folder_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], repo: Path, setup: str
) -> None:
    if setup == "symlink":
        (repo / "r.html").symlink_to(repo.parent / "victim.txt")
    else:
        (repo / "r.html").mkdir()
    _usage_error(_replay(capsys, repo, "--logs", "traffic.jsonl", "--html", "r.html"))
    assert (repo.parent / "victim.txt").read_text() == "precious\n"


@pytest.mark.parametrize("flag", ["--out", "--html", "--logs"])
def test_an_empty_path_is_a_usage_error_not_the_current_folder(
    capsys: pytest.CaptureFixture[str], repo: Path, flag: str
) -> None:
    logs = [] if flag == "--logs" else ["--logs", "traffic.jsonl"]
    before = sorted(p.name for p in repo.iterdir())
    _usage_error(_replay(capsys, repo, *logs, flag, ""))
    assert sorted(p.name for p in repo.iterdir()) == before  # no summary.json in the checkout


# ── reading: what cannot be read whole stops the replay up front (exit 2) ─────────────────────


def test_a_fifo_is_refused_not_replayed_as_nothing(
    capsys: pytest.CaptureFixture[str], repo: Path
) -> None:
    os.mkfifo(repo / "pipe.jsonl")
    _usage_error(_replay(capsys, repo, "--logs", "pipe.jsonl"))


@pytest.mark.parametrize("content", [None, "notes.txt"])
def test_a_folder_without_logs_is_a_usage_error_not_ok(
    capsys: pytest.CaptureFixture[str], repo: Path, content: str | None
) -> None:
    (repo / "logs").mkdir()
    if content:
        (repo / "logs" / content).write_text("x", encoding="utf-8")
    run = _replay(capsys, repo, "--logs", "logs")
    _usage_error(run)
    assert "no log files" in run.err


def test_a_symlink_out_of_a_log_folder_is_refused(
    capsys: pytest.CaptureFixture[str], repo: Path
) -> None:
    secret = repo.parent / "secret.json"
    secret.write_text(json.dumps({"AKIAGUARDCSECRETMARKER": "x"}) + "\n", encoding="utf-8")
    (repo / "logs").mkdir()
    (repo / "logs" / "a.jsonl").write_text(LINE, encoding="utf-8")
    (repo / "logs" / "b.json").symlink_to(secret)
    run = _replay(capsys, repo, "--logs", "logs")
    _usage_error(run)
    assert "AKIAGUARDCSECRETMARKER" not in run.both
    # named on the command line, the same file is read: the caller chose it
    assert _replay(capsys, repo, "--logs", str(secret)).code == 0


def test_a_symlink_inside_a_log_folder_is_read(
    capsys: pytest.CaptureFixture[str], repo: Path
) -> None:
    (repo / "logs").mkdir()
    (repo / "logs" / "a.jsonl").write_text(LINE, encoding="utf-8")
    (repo / "logs" / "b.jsonl").symlink_to(repo / "logs" / "a.jsonl")
    run = _replay(capsys, repo, "--logs", "logs", "--format", "json")
    assert run.code == 0, run.err
    assert json.loads(run.out)["texts"]["INPUT"] == 2


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads a chmod 000 folder anyway")
def test_an_unreadable_subfolder_is_a_usage_error_not_skipped(
    capsys: pytest.CaptureFixture[str], repo: Path
) -> None:
    (repo / "logs" / "locked").mkdir(parents=True)
    (repo / "logs" / "a.jsonl").write_text(LINE, encoding="utf-8")
    (repo / "logs" / "locked" / "b.jsonl").write_text(LINE, encoding="utf-8")
    (repo / "logs" / "locked").chmod(0)
    try:
        run = _replay(capsys, repo, "--logs", "logs")
    finally:
        (repo / "logs" / "locked").chmod(0o755)
    _usage_error(run)
    assert "locked" in run.err


def test_an_unreadable_subfolder_is_reported_by_the_walk(tmp_path: Path) -> None:
    """The same as root, where chmod cannot lock a folder: the walk's error is not swallowed."""
    from compiler.replay import sources

    def failing(*_: object, onerror: object = None) -> object:
        assert callable(onerror)
        onerror(PermissionError(13, "Permission denied", str(tmp_path / "locked")))
        return iter([])

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(os, "walk", failing)
        with pytest.raises(sources.SourceError, match=r"cannot read folder .*locked"):
            sources.local_paths([str(tmp_path)])


def test_s3_without_a_bucket_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], repo: Path
) -> None:
    _usage_error(_replay(capsys, repo, "--logs", "s3://"))


# ── records: deep, undecodable and hostile content is an unreadable record, never E901 ───────


def _json_report(capsys: pytest.CaptureFixture[str], repo: Path, name: str) -> dict[str, object]:
    run = _replay(capsys, repo, "--logs", name, "--format", "json")
    assert run.code == 0, run.err
    assert "E901" not in run.err
    return json.loads(run.out)  # type: ignore[no-any-return]


def test_a_deeply_nested_logged_body_is_an_unreadable_record(
    capsys: pytest.CaptureFixture[str], repo: Path
) -> None:
    deep = "[" * 100_000 + "]" * 100_000
    record = {"modelId": "anthropic.claude", "input": {"inputBodyJson": deep}}
    (repo / "deep.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
    assert _json_report(capsys, repo, "deep.jsonl")["unreadable"]["count"] == 1  # type: ignore[index]


def test_invalid_utf8_in_a_json_document_is_unreadable_not_replaced(
    capsys: pytest.CaptureFixture[str], repo: Path
) -> None:
    (repo / "doc.json").write_bytes(b'{\n"source": "INPUT", "text": "zeus \xff"}\n')
    doc = _json_report(capsys, repo, "doc.json")
    assert doc["unreadable"]["count"] == 1  # type: ignore[index]
    assert doc["texts"] == {"INPUT": 0, "OUTPUT": 0}


def test_a_gzip_bomb_is_streamed_in_bounded_lines(
    capsys: pytest.CaptureFixture[str], repo: Path
) -> None:
    (repo / "bomb.json.gz").write_bytes(gzip.compress(b"0" * 10_000_000))  # 10 MB, one line
    doc = _json_report(capsys, repo, "bomb.json.gz")
    assert doc["unreadable"]["count"] == 1  # type: ignore[index]


@pytest.mark.parametrize(
    "record",
    [
        {ESC: 1, HIDDEN: 2},  # the keys are quoted in "not an invocation log record (keys: …)"
        {"modelId": ESC + HIDDEN, "input": {}},  # quoted in "no prompt or answer … of MODEL"
        {"modelId": "m", "operation": ESC + HIDDEN, "input": {}},
    ],
)
def test_the_text_report_escapes_what_unreadable_records_quote(
    capsys: pytest.CaptureFixture[str], repo: Path, record: dict[str, object]
) -> None:
    (repo / "bad.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
    run = _replay(capsys, repo, "--logs", "bad.jsonl")
    assert run.code == 0, run.err
    assert "Unreadable records: 1" in run.out
    for ch in "\x1b\x07\u009b\u202e":
        assert ch not in run.out
    assert "\\u{1b}" in run.out or "\\u{9b}" in run.out


def test_the_json_report_escapes_c1_controls_and_bidi_overrides(
    capsys: pytest.CaptureFixture[str], repo: Path
) -> None:
    line = {"source": "INPUT", "text": "zeus " + HIDDEN}
    (repo / "l.jsonl").write_text(json.dumps(line) + "\n", encoding="utf-8")
    run = _replay(capsys, repo, "--logs", "l.jsonl", "--format", "json")
    assert run.code == 0, run.err
    assert "\u009b" not in run.out and "\u202e" not in run.out
    doc = json.loads(run.out)  # the same data for a JSON reader
    assert doc["changes"]["shown"][0]["text"] == "zeus " + HIDDEN


# ── numeric flags: range-checked where they are parsed (exit 2) ──────────────────────────────


@pytest.mark.parametrize(
    "flag",
    [
        ("--workers", "0"),
        ("--workers", "-1"),
        ("--workers", "100000"),  # would start 100,000 processes
        ("--workers", "99999999999999999999"),
        ("--limit", "-1"),
        ("--limit", "1e3"),
        ("--price", "content=inf"),
        ("--price", "content=1e309"),  # infinity
        ("--price", "content=1e308"),  # overflows to an `Infinity` cost: not JSON
        ("--price", "content=nan"),
        ("--price", "content=-1"),
    ],
)
def test_numeric_flags_out_of_range_are_usage_errors(
    capsys: pytest.CaptureFixture[str], repo: Path, flag: tuple[str, str]
) -> None:
    run = guardc(capsys, repo, *REPLAY[:4], "--logs", "traffic.jsonl", *flag)
    assert run.code == 2, run.err
    assert run.out == ""


def test_help_names_the_workers_range(capsys: pytest.CaptureFixture[str]) -> None:
    from compiler.commands import argtypes

    assert main(["replay", "--help"]) == 0
    assert f"1 to {argtypes.MAX_WORKERS}" in capsys.readouterr().out
