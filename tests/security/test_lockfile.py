"""`guardc.lock.json` is trusted input for IAM policies: a file that says two things, or that is
built to crash the reader, is a usage error (exit 2) naming the problem, never accepted and never
E901 (issue 16, item 8).

Before: a duplicate guardrail key kept the last entry silently, an id contradicting its ARN was
accepted (and `test --against bedrock` called ApplyGuardrail on the id while the IAM policies
named the ARN's guardrail), and a file nested 100,000 deep ended in RecursionError (E901).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from compiler.aws.lockfile import LockFileError, parse
from compiler.cli import main

ARN = "arn:aws:bedrock:us-east-1:111122223333:guardrail/abc123def456"
SHA = "ab" * 32
ENTRY = f'{{"id": "abc123def456", "arn": "{ARN}", "version": "3", "payload_sha256": "{SHA}"}}'
OTHER = ENTRY.replace('"3"', '"1"')

BAD_LOCKS: list[tuple[str, str, str]] = [
    (
        "duplicate guardrail key",
        f'{{"version": 1, "guardrails": {{"bot": {ENTRY}, "bot": {OTHER}}}}}',
        "key `bot` is given twice",
    ),
    (
        "duplicate entry key",
        '{"version": 1, "guardrails": {"bot": '
        + ENTRY.replace('"version": "3"', '"version": "3", "version": "4"')
        + "}}",
        "key `version` is given twice",
    ),
    (
        "duplicate top-level key",
        '{"version": 1, "version": 1, "guardrails": {}}',
        "key `version` is given twice",
    ),
    (
        "id contradicts its ARN",
        '{"version": 1, "guardrails": {"bot": '
        + ENTRY.replace('"id": "abc123def456"', '"id": "fff999"')
        + "}}",
        "id `fff999` contradicts its ARN, which names guardrail `abc123def456`",
    ),
    ("nested 100,000 deep", "[" * 100_000 + "]" * 100_000, "nested far deeper than a lock file"),
    ("nested objects", '{"a":' * 100_000 + "1" + "}" * 100_000, "nested far deeper"),
    ("huge integer", '{"version": ' + "9" * 5000 + "}", "not JSON"),
]


@pytest.mark.parametrize(("why", "text", "message"), BAD_LOCKS, ids=[b[0] for b in BAD_LOCKS])
def test_reader_refuses(why: str, text: str, message: str) -> None:
    with pytest.raises(LockFileError, match=message) as caught:
        parse(text, "guardc.lock.json")
    assert str(caught.value).startswith("guardc.lock.json")


def test_a_consistent_lock_still_reads() -> None:
    lock = parse(f'{{"version": 1, "guardrails": {{"bot": {ENTRY}}}}}')
    assert lock.guardrails["bot"].id == "abc123def456"


SOURCE = """\
guardrail "bot":
  block word "zeus"
  access:
    account "111122223333"
    region "us-east-1"
    applied by "arn:aws:iam::111122223333:role/app"

test "bot basics" for "bot":
  input "zeus" is blocked by word "zeus"
"""


@pytest.mark.parametrize("bad", BAD_LOCKS, ids=[b[0] for b in BAD_LOCKS])
@pytest.mark.parametrize(
    "argv",
    [
        ["compile", "bot.guard", "-o", "out"],
        ["test", "bot.guard", "--against", "bedrock"],
    ],
    ids=["compile", "against-bedrock"],
)
def test_commands_exit_2_and_name_the_problem(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
    bad: tuple[str, str, str],
) -> None:
    _, text, message = bad
    monkeypatch.chdir(tmp_path)
    (tmp_path / "bot.guard").write_text(SOURCE, encoding="utf-8")
    (tmp_path / "guardc.lock.json").write_text(text, encoding="utf-8")
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert message.split("`", maxsplit=1)[0] in err
    assert "E901" not in err and "Traceback" not in err
    assert not (tmp_path / "out").exists()
