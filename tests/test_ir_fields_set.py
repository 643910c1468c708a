"""IR and syntax nodes share one set of the fields given (`ir.share_fields_set`): pydantic makes a
set per instance, a fifth of a big file's IR. Sharing must not let one node's copy change another's.
"""

from __future__ import annotations

from compiler.frontend import syntax as s
from compiler.ir import Origin


def test_nodes_given_the_same_fields_share_one_set() -> None:
    a, b = Origin(guardrail="a"), Origin(guardrail="b")
    assert a.__pydantic_fields_set__ is b.__pydantic_fields_set__
    assert a.model_fields_set == {"guardrail"}
    c = Origin(guardrail="c", via="words x")
    assert c.model_fields_set == {"guardrail", "via"}
    x, y = s.Ref(name="x"), s.Ref(name="y")
    assert x.__pydantic_fields_set__ is y.__pydantic_fields_set__


def test_a_copy_with_updates_leaves_the_shared_set_alone() -> None:
    a, b = Origin(guardrail="a"), Origin(guardrail="b")
    changed = a.model_copy(update={"via": "pii group g"})
    assert changed.model_fields_set == {"guardrail", "via"}
    assert a.model_fields_set == b.model_fields_set == {"guardrail"}
    assert a == Origin(guardrail="a") and a.model_dump(exclude_unset=True) == {"guardrail": "a"}
