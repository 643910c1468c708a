"""`construct.made` builds the node validation would: for every example, standard library module,
test case and fixture, and a generated file, every node the front end makes without validation
is compared with the validated one (fields, order, value types, the shared set of fields given).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from benchmarks.bench_frontend import generate
from compiler.diagnostics.sink import Diagnostics
from compiler.diagnostics.span import NO_SPAN, Span
from compiler.frontend import construct, syntax
from compiler.frontend.construct import made
from compiler.ir import Origin
from compiler.pipeline import load, load_text
from compiler.vocab import Direction, Tier, Verb

ROOT = Path(__file__).resolve().parent.parent.parent
SOURCES = sorted(
    {
        *(p.parent for p in (ROOT / "tests" / "cases").rglob("input.guard")),
        *(ROOT / "examples").glob("*.guard"),
        *(ROOT / "tests" / "fixtures").rglob("*.guard"),
        *(ROOT / "stdlib").rglob("*.guard"),
    }
)


@pytest.fixture(autouse=True)
def _verify(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(construct, "VERIFY", True)


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_node_is_the_validated_one(source: Path) -> None:
    target = source / "input.guard" if source.is_dir() else source
    load([target], Diagnostics(), root=ROOT)


def test_a_generated_file() -> None:
    sink = Diagnostics()
    loaded = load_text(generate(400), sink)
    assert loaded.policy.guardrails and not sink.has_errors


def test_a_difference_is_caught() -> None:
    with pytest.raises(AssertionError):
        made(syntax.WordStmt, verb="block", span=NO_SPAN)  # a string, not the enum
    with pytest.raises(ValidationError):
        made(syntax.Ref)  # a required field missing


def test_made_shares_the_fields_set_of_validated_nodes() -> None:
    fast = made(Origin, guardrail="a")
    assert fast == Origin(guardrail="a")
    assert fast.__pydantic_fields_set__ is Origin(guardrail="b").__pydantic_fields_set__


def test_a_maker_makes_what_made_makes() -> None:
    origin = construct.maker(Origin, "guardrail", "via", "span")
    fast = origin("a", None, NO_SPAN)
    assert fast == made(Origin, guardrail="a", via=None, span=NO_SPAN) == Origin(guardrail="a")
    assert list(fast.__dict__) == list(Origin(guardrail="a").__dict__)
    assert fast.model_fields_set == {"guardrail", "via", "span"}
    with pytest.raises(ValidationError):  # checked against validation, as made is
        construct.maker(syntax.Ref, "name", "span")(1, NO_SPAN)
    with pytest.raises(TypeError, match="missing 1 required positional argument"):
        origin("a", None)  # a field short


def test_a_compiled_mover_moves_as_moved_does() -> None:
    """`mover(how)` is `moved(..., how, ...)` compiled: the same nodes, spans moved alike, the
    parts without a span shared."""
    at = Span.unchecked(
        file="a.guard", start=10, end=30, line=2, column=3, end_line=2, end_column=23
    )
    word = Span.unchecked(
        file="a.guard", start=20, end=25, line=2, column=13, end_line=2, end_column=18
    )
    side = syntax.Side(direction=Direction.INPUT, span=at)
    value = (
        syntax.WordStmt(
            verb=Verb.BLOCK,
            words=(syntax.Text(value="w", span=word),),
            sides=(side,),
            span=at,
        ),
        syntax.TierStmt(tier=Tier.CLASSIC, span=at),
    )
    how = construct.recipe(value, 10, 30)
    fast = construct.mover(how)(value, 100, 7)
    assert fast == construct.moved(value, how, 100, 7)
    assert fast[0].words[0].span.start == 120 and fast[0].words[0].span.line == 9
    assert fast[0].words[0].span.column == 13  # columns kept
    assert construct.mover(how) is construct.mover(how)  # compiled once per recipe
    assert construct.recipe(("plain", 1.0, None), 0, 0) is None  # nothing to move
