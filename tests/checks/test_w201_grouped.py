"""W201 for filters at `none`: one warning per statement, naming every filter it lists."""

from __future__ import annotations

from compiler.diagnostics.sink import Diagnostics
from compiler.pipeline import load_text


def test_a_comma_list_at_none_is_one_warning_per_statement() -> None:
    sink = Diagnostics()
    load_text(
        'guardrail "g":\n  filter hate, insults at none\n  filter violence at none\n'
        "  block names\n",
        sink,
    )
    found = [(d.code, d.span.line, d.message) for d in sink.sorted() if d.code == "W201"]
    assert found == [
        ("W201", 2, "content filters `hate` and `insults` at `none` filter nothing"),
        ("W201", 3, "content filter `violence` at `none` filters nothing"),
    ]
