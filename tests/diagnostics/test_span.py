"""Span.unchecked: the parser's fast way to make a span is the same span as a validated one."""

from __future__ import annotations

import copy
import pickle

from compiler.diagnostics.span import Span
from compiler.frontend import syntax as s

FIELDS = {"file", "start", "end", "line", "column", "end_line", "end_column"}


def fast(file: str = "a.guard", end_column: int = 10) -> Span:
    return Span.unchecked(
        file=file, start=3, end=9, line=2, column=4, end_line=2, end_column=end_column
    )


def test_unchecked_is_the_validated_span() -> None:
    quick = fast()
    slow = Span(file="a.guard", start=3, end=9, line=2, column=4, end_line=2, end_column=10)
    assert quick == slow and hash(quick) == hash(slow) and repr(quick) == repr(slow)
    assert quick.model_dump() == slow.model_dump()
    assert quick.model_fields_set == slow.model_fields_set == FIELDS
    assert pickle.loads(pickle.dumps(quick)) == slow
    assert copy.deepcopy(quick) == slow
    # as a field of a node, unchanged too (spans are excluded from dumps)
    text = s.Text(value="x", span=quick)
    assert text == s.Text(value="x", span=slow)


def test_copies_never_touch_the_shared_field_set() -> None:
    first = fast()
    moved = first.model_copy(update={"start": 4})
    assert moved.start == 4 and first.start == 3
    other = fast("b.guard", 2)
    assert other.model_fields_set == FIELDS
    assert other.model_fields_set is not moved.model_fields_set
