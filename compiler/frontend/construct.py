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

from collections.abc import Callable
from enum import Enum
from typing import Any, TypeVar

from pydantic import BaseModel
from pydantic_core import PydanticUndefined

from ..diagnostics.span import Span, unchecked_span
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
    node = _new(cls)  # `_node`, inlined: made for most nodes of a big file
    _set_dict(node, "__dict__", fields)
    _set_fields(node, given)
    _set_extra(node, None)
    _set_private(node, None)
    if VERIFY:
        _verify(node, cls(**values))
    return node


def _node(cls: type[M], fields: dict[str, Any], given: set[str]) -> M:
    """A `cls` with `fields` as its `__dict__`, `given` as its set of fields given, no extras."""
    node = _new(cls)
    _set_dict(node, "__dict__", fields)
    _set_fields(node, given)
    _set_extra(node, None)
    _set_private(node, None)
    return node


def maker(cls: type[M], /, *names: str) -> Callable[..., M]:
    """`made` for one call site that always gives the fields `names`, by position: no keyword
    dict to build and look up (a third faster, for the nodes made once per rule). The function
    stores each field by name with `_node` inlined (no zip, no extra call): a node of a big
    file's rules then costs its dict copy and stores alone. Its code is compiled once per
    number of fields (`_factory`), the names passed in: a process start compiles a few."""
    proto, sets = _PLANS.get(cls) or _plan(cls)
    key = frozenset(names)
    given = sets.setdefault(names, _FIELD_SETS.setdefault(key, set(key)))
    make: Callable[..., M] = _factory(len(names))(cls, proto, given, names, *names)
    return make


_FACTORIES: dict[int, Callable[..., Any]] = {}


def _factory(arity: int) -> Callable[..., Any]:
    """The function that makes a maker of `arity` fields: `factory(cls, proto, given, names,
    name0, name1, ...)` returns `make(a0, a1, ...)`, which stores a0 under name0 and so on."""
    factory = _FACTORIES.get(arity)
    if factory is not None:
        return factory
    args = ", ".join(f"a{i}" for i in range(arity))
    keys = "".join(f", k{i}" for i in range(arity))
    stores = "".join(f"        f[k{i}] = a{i}\n" for i in range(arity))
    source = (
        f"def factory(_cls, _proto, _given, _names{keys}):\n"
        f"    def make({args}):\n"
        "        f = _proto.copy()\n"
        f"{stores}"
        "        node = _new(_cls)\n"
        "        _set_dict(node, '__dict__', f)\n"
        "        _set_fields(node, _given)\n"
        "        _set_extra(node, None)\n"
        "        _set_private(node, None)\n"
        "        if VERIFY:\n"
        f"            _verify(node, _cls(**dict(zip(_names, ({args},), strict=True))))\n"
        "        return node\n"
        "    return make\n"
    )
    made_here: dict[str, Any] = {}
    # the source is made above from the arity alone; run in this module's globals so that the
    # function sees `VERIFY` as tests set it
    exec(compile(source, f"<guardc maker of {arity}>", "exec"), globals(), made_here)
    compiled: Callable[..., Any] = made_here["factory"]
    _FACTORIES[arity] = compiled
    return compiled


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


# values that hold no position: `moved` keeps them as they are
_PLAIN_VALUES = (str, int, float, bool, Enum, type(None))
_SPAN, _TUPLE, _NODE = 0, 1, 2


class UnmovableError(Exception):
    """A value `moved` cannot move: a list or dict (it could change after), a node that is not
    frozen, or a span outside the range the value is moved with."""


def recipe(value: Any, start: int, end: int) -> Any:
    """How `moved` moves `value`: where its spans are (None: it has none, and is shared as it
    is). UnmovableError unless it is made of frozen nodes, tuples, spans in [start, end] and
    values without positions."""
    if type(value) is Span:
        if not start <= value.start <= value.end <= end:
            raise UnmovableError(value)
        return _SPAN
    if type(value) is tuple:
        items = tuple(
            (i, r) for i, v in enumerate(value) if (r := recipe(v, start, end)) is not None
        )
        return (_TUPLE, items) if items else None
    if isinstance(value, BaseModel):
        if not (
            value.model_config.get("frozen") is True
            and value.__pydantic_extra__ is None
            and value.__pydantic_private__ is None
        ):
            raise UnmovableError(value)
        fields = tuple(
            (k, r) for k, v in value.__dict__.items() if (r := recipe(v, start, end)) is not None
        )
        return (_NODE, fields) if fields else None
    if not isinstance(value, _PLAIN_VALUES):
        raise UnmovableError(value)
    return None


def moved(value: Any, how: Any, by: int, lines: int) -> Any:
    """`value` with every span `by` characters and `lines` lines further on, columns kept (what
    lowering gives the same text at the same column elsewhere); `how` is its `recipe`."""
    if how is None:
        return value
    if how == _SPAN:
        d = value.__dict__
        return unchecked_span(
            d["file"],
            d["start"] + by,
            d["end"] + by,
            d["line"] + lines,
            d["column"],
            d["end_line"] + lines,
            d["end_column"],
        )
    kind, parts = how
    if kind == _TUPLE:
        items = list(value)
        for i, part in parts:
            items[i] = moved(items[i], part, by, lines)
        return tuple(items)
    fields = value.__dict__.copy()
    for name, part in parts:
        fields[name] = moved(fields[name], part, by, lines)
    return _node(type(value), fields, value.__pydantic_fields_set__)  # its set shared, as made


_MOVERS: dict[Any, Callable[[Any, int, int], Any]] = {}


def mover(how: Any) -> Callable[[Any, int, int], Any]:
    """`moved` for one recipe, compiled: `mover(how)(value, by, lines)` is `moved(value, how,
    by, lines)` in straight-line code, without a call per level of the value (a big file
    moves the same few shapes of statement hundreds of thousands of times). One function per
    recipe (recipes are nested tuples), made on first use."""
    move = _MOVERS.get(how)
    if move is not None:
        return move
    lines: list[str] = []
    count = [0]

    def step(part: Any, value: str) -> str:
        """Statements into `lines` that move `value` (an expression) as `part` says; the
        expression of the result."""
        if part is None:
            return value
        n = count[0] = count[0] + 1
        if part == _SPAN:
            lines.append(f"d{n} = {value}.__dict__")
            return (
                f'U(d{n}["file"], d{n}["start"] + by, d{n}["end"] + by, d{n}["line"] + lines, '
                f'd{n}["column"], d{n}["end_line"] + lines, d{n}["end_column"])'
            )
        kind, parts = part
        if kind == _TUPLE:
            lines.append(f"t{n} = list({value})")
            for i, inner in parts:
                lines.append(f"t{n}[{int(i)}] = {step(inner, f't{n}[{int(i)}]')}")
            return f"tuple(t{n})"
        lines.append(f"v{n} = {value}")
        lines.append(f"f{n} = v{n}.__dict__.copy()")
        for name, inner in parts:
            if not name.isidentifier():
                raise UnmovableError(name)
            lines.append(f"f{n}[{name!r}] = {step(inner, f'f{n}[{name!r}]')}")
        return f"node(type(v{n}), f{n}, v{n}.__pydantic_fields_set__)"

    result = step(how, "value")
    body = "".join(f"    {line}\n" for line in lines)
    source = f"def move(value, by, lines):\n{body}    return {result}\n"
    scope: dict[str, Any] = {"U": unchecked_span, "node": _node}
    # the source is made above from the recipe: indices, field names (identifiers) and kinds
    exec(compile(source, "<guardc mover>", "exec"), scope)
    compiled: Callable[[Any, int, int], Any] = scope["move"]
    _MOVERS[how] = compiled
    return compiled


__all__ = ["UnmovableError", "made", "maker", "moved", "mover", "recipe"]
