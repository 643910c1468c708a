"""The coverage table's columns line up whatever the length of the guardrail names."""

from __future__ import annotations

from pathlib import Path

import pytest

from compiler.cli import main


@pytest.mark.parametrize("name", ["g", "a-guardrail-with-a-long-name"])
def test_columns_line_up_under_their_headings(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "p.guard"
    source.write_text(
        f'guardrail "{name}":\n  filter hate at high\n\n'
        f'test "t" for "{name}":\n  input "hello" is allowed\n'
    )
    assert main(["test", str(source)]) == 0
    lines = capsys.readouterr().out.splitlines()
    header = next(line for line in lines if "rules  fire  quiet  coverage" in line)
    row = lines[lines.index(header) + 1]
    assert row.startswith(f"  {name} ")
    for column in ("rules", "fire", "quiet", "coverage"):
        end = header.index(column) + len(column)  # numbers are right-aligned under a heading
        assert row[end - 1] != " ", (column, header, row)
        assert end == len(row) or row[end] == " ", (column, header, row)
