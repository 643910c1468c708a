"""Fixtures the deploy tests share."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from aws_standin import StandIn


@pytest.fixture
def never_deletes(standin: StandIn) -> Iterator[None]:
    """Whatever a test does, guardc never calls DeleteGuardrail (use it with
    `pytestmark = pytest.mark.usefixtures("never_deletes")`)."""
    yield
    assert "DeleteGuardrail" not in standin.operations()
