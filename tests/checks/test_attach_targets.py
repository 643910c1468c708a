"""`attach to root|organizational unit|account` under `enforce in organization`
(compiler/checks/enforcement.py): ids checked with the AWS Organizations model's patterns."""

from __future__ import annotations

import botocore.session
import pytest

from compiler.checks.enforcement import ATTACH_PATTERNS
from compiler.diagnostics.sink import Diagnostics
from compiler.frontend.fmt import format_source
from compiler.frontend.lower import lower
from compiler.frontend.parse import parse
from compiler.pipeline import load_text

SOURCE = """guardrail "g":
  filter hate at high
  access:
    account "111122223333"
    region "us-east-1"
    shared with organization "o-abc1234567"
  enforce in organization:
    attach to root "r-ab12"
    attach to organizational units "ou-ab12-11111111", "ou-ab12-22222222"
    attach to account "444455556666"
"""


def test_patterns_are_the_organizations_models() -> None:
    model = botocore.session.get_session().get_service_model("organizations")
    shapes = {"roots": "RootId", "units": "OrganizationalUnitId", "accounts": "AccountId"}
    for kind, shape in shapes.items():
        assert ATTACH_PATTERNS[kind] == model.shape_for(shape).metadata["pattern"]


def test_targets_reach_the_ir_and_fmt_keeps_them() -> None:
    sink = Diagnostics()
    loaded = load_text(SOURCE, sink)
    assert not sink.items
    [rule] = loaded.policy.guardrails[0].enforcements
    assert rule.roots == ("r-ab12",)
    assert rule.units == ("ou-ab12-11111111", "ou-ab12-22222222")
    assert rule.accounts == ("444455556666",)
    tree = parse(SOURCE, "t.guard", Diagnostics())
    assert tree is not None
    module = lower(tree, SOURCE, "t.guard", Diagnostics())
    assert format_source(module, SOURCE) == SOURCE


@pytest.mark.parametrize(
    ("line", "code"),
    [
        ('attach to root "r-ab12"\n    attach to root "r-cd34"', "E206"),
        ('attach to organizational unit "r-ab12"', "E275"),
        ('attach to account "o-abc1234567"', "E275"),
    ],
)
def test_bad_lines(line: str, code: str) -> None:
    sink = Diagnostics()
    load_text(SOURCE.replace('attach to root "r-ab12"', line), sink)
    assert code in [d.code for d in sink.items]
