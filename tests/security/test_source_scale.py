"""Issue 16 item 8: deep and huge sources end in diagnostics, not RecursionError or swapping.

Speed is measured by benchmarks/bench_scale_check.py; these tests check the answers.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from security._trust import guardc

DEPTH = 1_000


def _chain(folder: Path, depth: int, *, cycle: bool = False) -> None:
    for i in range(depth):
        nxt = i + 1 if i + 1 < depth else (0 if cycle else None)
        use = f'use "m{nxt}.guard"\n' if nxt is not None else ""
        (folder / f"m{i}.guard").write_text(f'{use}topic "T{i}":\n  means "t{i}"\n', "utf-8")
    (folder / "app.guard").write_text(
        'use "m0.guard"\nguardrail "g":\n  deny topic "T0"\n', encoding="utf-8"
    )


def test_use_chain_a_thousand_files_deep(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _chain(tmp_path, DEPTH)
    run = guardc(capsys, tmp_path, "check", "app.guard")
    assert (run.code, run.err) == (0, "ok: 1 file, 1 guardrail\n")


def test_use_cycle_a_thousand_files_long(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _chain(tmp_path, DEPTH, cycle=True)
    run = guardc(capsys, tmp_path, "check", "app.guard", "--format", "json")
    assert run.code == 1
    [cycle] = json.loads(run.out)["diagnostics"]
    assert (cycle["code"], cycle["file"], cycle["line"]) == ("E102", f"m{DEPTH - 1}.guard", 1)


def test_word_list_over_the_limit_is_reported_once_at_the_first_word_over(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    words = 25_000
    lines = ['words "big":', *(f'  "w{i}", "v{i}"' for i in range(words // 2))]
    text = "\n".join(lines) + '\nguardrail "g":\n  block words from "big"\n  bogus\n'
    (tmp_path / "a.guard").write_text(text, encoding="utf-8")
    run = guardc(capsys, tmp_path, "check", "a.guard", "--format", "json")
    found = [(d["code"], d["line"], d["column"]) for d in json.loads(run.out)["diagnostics"]]
    over = 1 + 5_000 + 1  # the header, 5,000 lines of two words, then word 10,001
    bogus = 1 + words // 2 + 3  # still on its own line: the cut list kept its line count
    assert found == [("E302", over, 3), ("E007", bogus, 3)]
    message = json.loads(run.out)["diagnostics"][0]["message"]
    assert message == f'word list "big" has {words} words, more than Bedrock\'s 10000'
