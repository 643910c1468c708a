"""One mistake, one exit code, whatever the command (issue 16, item 8; cli.md: 0 ok,
1 findings, 2 usage errors, 3 AWS failures).

Each row of TABLE is a mistake made with one command, and the exit code it must give. Before
this table: a malformed `--guardrail-arn` was exit 1 (an E214 diagnostic at the access block),
an unknown GUARDC_ENGINE was 1 in `eval` and 2 in `test`, `--junit ''` wrote nothing and exited
0, `--min-coverage` took NaN (which disabled the gate), -1, 101 and 1e309, and `test --guardrail
TYPO` ran nothing and passed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

import pytest

from compiler.cli import main
from compiler.testing.record import record_line

ROOT = Path(__file__).resolve().parents[2]
ARN = "arn:aws:bedrock:us-east-1:111122223333:guardrail/abc123def456"
BOT = """\
guardrail "bot":
  block word "zeus"
  access:
    account "111122223333"
    region "us-east-1"
    applied by "arn:aws:iam::111122223333:role/app"
    required for models "anthropic.claude-3-haiku-20240307-v1:0"

test "bot basics" for "bot":
  input "tell me about zeus" is blocked by word "zeus"
  input "hello" is allowed
"""
BROKEN = 'guardrail "bot":\n  block credit card numbrs\n'
# what `guardc test --against bedrock --record FILE` writes: Bedrock's answer to one test text
RECORDS = (
    record_line(
        guardrail="bot",
        ids=("abc123def456", "1"),
        version="0",
        origin="bot.guard:10",
        source="INPUT",
        content=[{"text": {"text": "tell me about zeus"}}],
        response={
            "action": "GUARDRAIL_INTERVENED",
            "outputs": [{"text": "Sorry."}],
            "assessments": [
                {"wordPolicy": {"customWords": [{"match": "zeus", "action": "BLOCKED"}]}}
            ],
        },
    )
    + "\n"
)

# The commands, each as the argv that runs it on a source path `{src}`.
COMMANDS: dict[str, list[str]] = {
    "check": ["check", "{src}"],
    "fmt": ["fmt", "--check", "{src}"],
    "compile": ["compile", "{src}", "-o", "out"],
    "explain": ["explain", "{src}", "--guardrail", "bot"],
    "test": ["test", "{src}"],
    "eval": ["eval", "{src}", "--guardrail", "bot", "--input", "hi"],
    "replay": [
        "replay",
        "{src}",
        "--guardrail",
        "bot",
        "--logs",
        "traffic.jsonl",
        "--workers",
        "1",
    ],
    "calibrate": ["calibrate", "records.jsonl", "{src}", "--dry-run"],
    "against": ["test", "{src}", "--against", "bedrock"],
}
ALL = tuple(COMMANDS)
# the commands that run the local evaluator
ENGINES = ("test", "eval", "replay", "calibrate", "against")
SHORT = "arn:aws:bedrock:us-east-1:1:guardrail/x"  # a one-digit account


class Row(NamedTuple):
    """A mistake made with one command, and the exit code it must give."""

    mistake: str
    command: str
    argv: list[str]
    code: int
    env: dict[str, str] = {}  # noqa: RUF012 - never mutated

    def id(self, index: int) -> str:
        return f"{self.mistake}-{self.command}-{index}"


def _each(
    mistake: str,
    src: str,
    code: int,
    *,
    env: dict[str, str] | None = None,
    only: tuple[str, ...] = ALL,
) -> list[Row]:
    """The same mistake with each command of `only`, on the source path `src`."""
    return [
        Row(mistake, name, [a.replace("{src}", src) for a in COMMANDS[name]], code, env or {})
        for name in only
    ]


def _against(*extra: str) -> list[str]:
    return ["test", "bot.guard", "--against", "bedrock", *extra]


def _replay(*extra: str) -> list[str]:
    return [a.replace("{src}", "bot.guard") for a in COMMANDS["replay"]] + list(extra)


def _calibrate(*extra: str) -> list[str]:
    return ["calibrate", "records.jsonl", "bot.guard", *extra]


TABLE: list[Row] = [
    *_each("clean sources", "bot.guard", 0, only=ALL[:-1]),  # --against would call AWS
    *_each("errors in the sources", "broken.guard", 1),
    *_each("missing path", "nope.guard", 2),
    *_each("empty path", "", 2),  # Path("") is the current folder: an unset variable in CI
    *_each("unknown engine", "bot.guard", 2, env={"GUARDC_ENGINE": "bogus"}, only=ENGINES),
    Row("unknown guardrail", "explain", ["explain", "bot.guard", "--guardrail", "bto"], 2),
    Row("unknown guardrail", "test", ["test", "bot.guard", "--guardrail", "bto"], 2),
    Row(
        "unknown guardrail", "eval", ["eval", "bot.guard", "--guardrail", "bto", "--input", "x"], 2
    ),
    Row(
        "unknown guardrail", "compile", ["compile", "bot.guard", "--guardrail-arn", f"bto={ARN}"], 2
    ),
    Row("unknown guardrail", "against", _against("--guardrail", "bto"), 2),
    Row(
        "unknown guardrail",
        "replay",
        ["replay", "bot.guard", "--guardrail", "bto", "--logs", "traffic.jsonl"],
        2,
    ),
    Row("missing path", "replay", [*COMMANDS["replay"][:4], "--logs", "nope.jsonl"], 2),
    Row("bad flag value", "replay", [*COMMANDS["replay"][:6], "--engine", "nowhere"], 2),
    *[
        Row("bad flag value", "replay", _replay(*flag), 2)
        for flag in (
            ("--price", "bogus=1"),
            ("--price", "content=-1"),
            ("--price", "content=nan"),
            ("--price", "content=cheap"),
            ("--limit", "-1"),
            ("--workers", "0"),
        )
    ],
    Row("empty flag path", "replay", _replay("--html", ""), 2),
    Row("empty flag path", "replay", _replay("--out", ""), 2),
    Row("empty flag path", "replay", _replay("--baseline-lock", "--lock", ""), 2),
    Row("empty flag path", "replay", _replay("--baseline", ""), 2),
    Row("missing path", "replay", _replay("--baseline", "nope.guard"), 2),
    Row("errors in the sources", "replay", _replay("--baseline", "broken.guard"), 1),
    Row("no lock file", "replay", _replay("--baseline-lock"), 2),
    Row("bad lock file", "replay", _replay("--baseline-lock", "--lock", "bad.lock.json"), 2),
    Row("missing path", "calibrate", ["calibrate", "nope.jsonl", "bot.guard"], 2),
    Row("empty flag path", "calibrate", ["calibrate", "", "bot.guard"], 2),
    Row("bad record file", "calibrate", ["calibrate", "traffic.jsonl", "bot.guard"], 2),
    Row("bad flag value", "calibrate", _calibrate("--engine", "nope"), 2),
    *[
        Row("bad --min-agreement", "calibrate", _calibrate("--min-agreement", value), 2)
        for value in ("nan", "-1", "101", "inf", "ten", "")
    ],
    Row("good --min-agreement", "calibrate", _calibrate("--min-agreement", "0"), 0),
    Row("bad flag value", "lsp", ["lsp", "--bogus"], 2),
    Row("unexpected argument", "lsp", ["lsp", "bot.guard"], 2),
    Row("malformed ARN", "compile", ["compile", "bot.guard", "--guardrail-arn", f"bot={SHORT}"], 2),
    Row("malformed ARN", "compile", ["compile", "bot.guard", "--guardrail-arn", f"bot={ARN}:0"], 2),
    Row("malformed ARN", "against", _against("--guardrail-id", "arn:aws:bedrock:x"), 2),
    Row("malformed ARN", "import", ["import", "--guardrail-id", "arn:aws:bedrock:x"], 2),
    Row("bad flag value", "import", ["import", "--guardrail-id", "abc123", "--version", "0"], 2),
    Row("empty flag path", "import", ["import", "--guardrail-id", "abc123", "-o", ""], 2),
    Row("existing -o file", "import", ["import", "--guardrail-id", "abc123", "-o", "bot.guard"], 2),
    Row("--force without -o", "import", ["import", "--guardrail-id", "abc123", "--force"], 2),
    Row("bad flag value", "check", ["check", "bot.guard", "--format", "yaml"], 2),
    Row("bad flag value", "fmt", ["fmt", "bot.guard", "--bogus"], 2),
    Row("bad flag value", "compile", ["compile", "bot.guard", "--target", "nope"], 2),
    Row("bad flag value", "explain", [*COMMANDS["explain"][:3], "bot", "--format", "yaml"], 2),
    Row("bad flag value", "eval", ["eval", "bot.guard", "--guardrail", "bot", "--engine", "x"], 2),
    Row("bad flag value", "against", _against("--guardrail-version", "0"), 2),
    Row("bad flag value", "against", _against("--guardrail-version", "123456789"), 2),
    Row("bad flag value", "test", ["test", "bot.guard", "--against", "nowhere"], 2),
    Row("empty flag path", "test", ["test", "bot.guard", "--junit", ""], 2),
    Row("empty flag path", "compile", ["compile", "bot.guard", "-o", ""], 2),
    Row("empty flag path", "compile", ["compile", "bot.guard", "--lock", ""], 2),
    Row("empty flag path", "eval", [*COMMANDS["eval"][:4], "--jsonl", ""], 2),
    Row("empty flag path", "against", _against("--lock", ""), 2),
    *[Row("empty --root", name, [*argv, "--root", ""], 2) for name, argv in COMMANDS.items()],
    # plan and apply talk to AWS once their arguments are good: only rows that stop before
    *[
        Row(mistake, name, [name, *argv], 2)
        for name in ("plan", "apply")
        for mistake, argv in (
            ("missing path", ["nope.guard"]),
            ("empty path", [""]),
            ("empty flag path", ["bot.guard", "--lock", ""]),
            ("bad flag value", ["bot.guard", "--format", "yaml"]),
        )
    ],
    Row("bad lock file", "compile", ["compile", "bot.guard", "--lock", "bad.lock.json"], 2),
    Row("bad lock file", "against", _against("--lock", "bad.lock.json"), 2),
    Row("no lock file", "against", _against(), 2),
    *[
        Row("bad --min-coverage", "test", ["test", "bot.guard", "--min-coverage", value], 2)
        for value in ("nan", "NaN", "-1", "101", "100.001", "1e309", "inf", "-inf", "ten", "")
    ],
    *[  # the ends of the range are fine
        Row("good --min-coverage", "test", ["test", "bot.guard", "--min-coverage", value], 0)
        for value in ("0", "100", "1e2")
    ],
    # flags that landed after issue 16, beyond the rows above
    *[
        Row("empty flag path", name, [*COMMANDS[name], "--calibration", ""], 2)
        for name in ("compile", "test", "eval", "replay", "calibrate")
    ],
    Row("empty flag path", "eval", [*COMMANDS["eval"], "--log", ""], 2),
    Row("empty flag path", "plan", ["plan", "bot.guard", "--corpus", ""], 2),
    Row("empty flag path", "replay", [*COMMANDS["replay"][:4], "--logs", ""], 2),
    *[
        Row("bad flag value", "replay", _replay(*flag), 2)
        for flag in (
            ("--workers", "100000"),  # would start 100,000 processes
            ("--limit", "1e3"),
            ("--price", "content=inf"),
            ("--price", "content=1e309"),
            ("--price", "content=1e308"),  # an `Infinity` cost: not JSON
            ("--engine", "spark", "--out", "s3a://bucket/../other/x"),  # a `..` key segment
            ("--logs", "s3://bucket/logs/../other/"),
        )
    ],
]


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "bot.guard").write_text(BOT, encoding="utf-8")
    (tmp_path / "broken.guard").write_text(BROKEN, encoding="utf-8")
    (tmp_path / "bad.lock.json").write_text('{"version": 1, "guardrails": {', encoding="utf-8")
    (tmp_path / "traffic.jsonl").write_text('{"input": "tell me about zeus"}\n', encoding="utf-8")
    (tmp_path / "records.jsonl").write_text(RECORDS, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GUARDC_ENGINE", raising=False)
    return tmp_path


@pytest.mark.parametrize("row", TABLE, ids=[row.id(i) for i, row in enumerate(TABLE)])
def test_same_mistake_same_exit_code(
    project: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    row: Row,
) -> None:
    for key, value in row.env.items():
        monkeypatch.setenv(key, value)
    got = main(row.argv)
    err = capsys.readouterr().err
    assert got == row.code, f"{row.mistake} with {row.command}: {row.argv}\n{err}"
    assert "Traceback" not in err and "E901" not in err
    if row.code == 2:
        assert err.strip(), "a usage error says what is wrong"


def test_junit_empty_path_writes_nothing_anywhere(project: Path) -> None:
    before = sorted(p.name for p in project.iterdir())
    assert main(["test", "bot.guard", "--junit", ""]) == 2
    assert sorted(p.name for p in project.iterdir()) == before


# ── unreadable files: a real permission error needs a user that is not root ─────────────────


def _as_nobody() -> list[str] | None:
    """The argv prefix that runs a command as `nobody` (we are root), or [] (we are not)."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    return (
        None if setpriv is None else [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups"]
    )


@pytest.fixture
def unreadable() -> Iterator[Path]:
    """A folder anyone may enter holding an unreadable `bot.guard` (pytest's tmp_path is private
    to root, so `nobody` could not even reach it)."""
    folder = Path(tempfile.mkdtemp(prefix="guardc-unreadable-"))
    folder.chmod(0o755)
    source = folder / "bot.guard"
    source.write_text(BOT, encoding="utf-8")
    source.chmod(0)
    (folder / "traffic.jsonl").write_text('{"input": "hi"}\n', encoding="utf-8")  # replay's logs
    (folder / "records.jsonl").write_text(RECORDS, encoding="utf-8")  # calibrate's records
    yield folder
    shutil.rmtree(folder)


@pytest.mark.parametrize("command", ALL)
def test_unreadable_source_is_a_usage_error(unreadable: Path, command: str) -> None:
    prefix = _as_nobody()
    if prefix is None:
        pytest.skip("running as root without setpriv: a chmod 000 file stays readable to root")
    argv = [a.replace("{src}", "bot.guard") for a in COMMANDS[command]]
    result = subprocess.run(
        [*prefix, sys.executable, "-m", "compiler", *argv],
        cwd=unreadable,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 2, result.stderr
    assert "Permission denied" in result.stderr
    assert "Traceback" not in result.stderr
