"""Positions of subtrees, kept in slotted objects while lark builds the parse tree.

`propagate_positions` makes lark give every subtree a `Meta`, a plain object holding thirteen
positions (its own and its "container's"): a third of the parse, and much of the tree's memory.
In this grammar (no `?rule`, so no subtree is ever reused as another's result) the two are
always equal, and lowering reads only the subtree's own start, end and `empty`. So each
callback's position step is replaced by one that computes the same positions into a slotted
`Where`; `tests/frontend/test_parse.py` holds the trees and positions to lark's own.
"""

from __future__ import annotations

from typing import Any

from lark import Lark, Token, Tree


class Where:
    """Where a subtree is: lark's `Meta` fields lowering reads (see `LeafLowerer.span`)."""

    __slots__ = ("column", "empty", "end_column", "end_line", "end_pos", "line", "start_pos")

    def __init__(self, start: tuple[Any, Any, Any], end: tuple[Any, Any, Any]) -> None:
        self.empty = False
        self.line, self.column, self.start_pos = start
        self.end_line, self.end_column, self.end_pos = end


class _Positions:
    """lark's `PropagatePositions` for a new subtree: from its first child that has a position
    (a token, or a subtree that is not empty) to its last, filtered-out keywords included."""

    __slots__ = ("build",)

    def __init__(self, build: Any) -> None:
        self.build = build

    def __call__(self, children: list[Any]) -> Any:
        tree = self.build(children)
        if not isinstance(tree, Tree) or tree._meta is not None:
            return tree
        start = end = None
        for child in children:
            if isinstance(child, Token):
                start = (child.line, child.column, child.start_pos)
                break
            where = child._meta if isinstance(child, Tree) else None
            if where is not None and not where.empty:
                start = (where.line, where.column, where.start_pos)
                break
        if start is None:
            return tree  # nothing with a position: lark leaves the tree empty too
        for child in reversed(children):
            if isinstance(child, Token):
                end = (child.end_line, child.end_column, child.end_pos)
                break
            where = child._meta if isinstance(child, Tree) else None
            if where is not None and not where.empty:
                end = (where.end_line, where.end_column, where.end_pos)
                break
        tree._meta = Where(start, end or start)  # type: ignore[assignment]  # read as a Meta
        return tree


def track_positions(lark: Lark) -> None:
    """Swap lark's position step for `_Positions` in every tree-building callback (nothing is
    changed unless every rule has the plain, unfiltered step and none is a `?rule`)."""
    from lark.parse_tree_builder import PropagatePositions  # noqa: PLC0415 (lark internals)

    inner = getattr(getattr(getattr(lark, "parser", None), "parser", None), "parser", None)
    callbacks = getattr(inner, "callbacks", None)
    if not isinstance(callbacks, dict):
        return
    steps = {k: v for k, v in callbacks.items() if not isinstance(k, str)}
    plain = all(
        type(step) is PropagatePositions and step.node_filter is None and not rule.options.expand1
        for rule, step in steps.items()
    )
    if plain:
        for rule, step in steps.items():
            callbacks[rule] = _Positions(step.node_builder)
