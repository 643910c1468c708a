"""`made(Model, **fields)`: a frozen IR node built without pydantic's validation.

Lowering and resolve build about seventy nodes per guardrail (a 15 MB file: over a million),
each from values that already have the field's type: enums looked up, tuples built, spans from
the parser, nested nodes made the same way. Validating them again costs three times building
them (and `model_post_init`, which shares the set of fields given, as much again). `made` gives
the node pydantic would: the fields in declaration order with the defaults filled in, the set
of fields given (shared with every node given the same fields, as `ir.share_fields_set` does)
and no extras. Only for call sites whose values are of the field's exact type: validation would
convert a list to a tuple or a string to an enum, `made` does not.

`VERIFY` (set by `tests/frontend/test_construct.py`) builds every node both ways and fails on
any difference, so the front end's whole test corpus checks each call site.
"""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel
from pydantic_core import PydanticUndefined

from ..ir import _FIELD_SETS

M = TypeVar("M", bound=BaseModel)

VERIFY = False  # build each node both ways and compare (tests only)

_new = object.__new__
_set_dict = object.__setattr__  # (any attribute, `__dict__` included)
# the slots pydantic keeps beside `__dict__` (set through their descriptors: the fastest way)
_SLOTS: Any = BaseModel.__dict__
_get_dict = _SLOTS["__dict__"].__get__
_set_fields = _SLOTS["__pydantic_fields_set__"].__set__
_set_extra = _SLOTS["__pydantic_extra__"].__set__
_set_private = _SLOTS["__pydantic_private__"].__set__
_MISSING = object()  # a required field not given (only VERIFY notices)

# per model class: every field with its default (in declaration order), and the shared set of
# fields given for each order of keywords a call site uses
_PLANS: dict[type[BaseModel], tuple[dict[str, Any], dict[tuple[str, ...], set[str]]]] = {}


def _plan(cls: type[BaseModel]) -> tuple[dict[str, Any], dict[tuple[str, ...], set[str]]]:
    """The class's defaults, as the `__dict__` of an instance that set them one by one: Python
    then keeps them in a split table, its keys shared with every instance of the class, and a
    copy of it shares them too (a node's fields then cost their values alone, not a table of
    their own: a big file's nodes take a quarter less memory)."""
    probe = _new(cls)
    for name, info in cls.model_fields.items():
        if info.default_factory is not None or cls.__private_attributes__:
            raise TypeError(f"{cls.__name__}.{name}: `made` does not run default factories")
        _set_dict(probe, name, _MISSING if info.default is PydanticUndefined else info.default)
    plan = _PLANS[cls] = (_get_dict(probe), {})
    return plan


def made(cls: type[M], /, **values: Any) -> M:
    """`cls(**values)` without validation: `values` must already have the fields' types."""
    plan = _PLANS.get(cls) or _plan(cls)
    fields = plan[0].copy()
    fields.update(values)
    sets = plan[1]
    names = tuple(values)
    given = sets.get(names)
    if given is None:
        key = frozenset(names)
        given = sets[names] = _FIELD_SETS.setdefault(key, set(key))
    node = _new(cls)
    _set_dict(node, "__dict__", fields)
    _set_fields(node, given)
    _set_extra(node, None)
    _set_private(node, None)
    if VERIFY:
        _verify(node, cls(**values))
    return node


def _verify(fast: BaseModel, checked: BaseModel) -> None:
    """Fail unless `fast` is what validation made: the same fields, in the same order, with
    values of the same types, and the same set of fields given."""
    mine, theirs = fast.__dict__, checked.__dict__
    assert list(mine) == list(theirs), (type(fast).__name__, list(mine), list(theirs))
    for name, value in theirs.items():
        assert mine[name] is not _MISSING, (type(fast).__name__, name, "missing")
        assert type(mine[name]) is type(value), (type(fast).__name__, name, mine[name], value)
        assert mine[name] == value, (type(fast).__name__, name, mine[name], value)
        if isinstance(value, tuple):
            kinds = [type(x) for x in value]
            assert [type(x) for x in mine[name]] == kinds, (type(fast).__name__, name)
    assert fast.model_fields_set == checked.model_fields_set, type(fast).__name__
    assert fast.__pydantic_extra__ == checked.__pydantic_extra__
    assert fast.__pydantic_private__ == checked.__pydantic_private__


__all__ = ["made"]
