"""Options every command reads the same way: NO_COLOR (commands/common.use_color) and
`guardc test --engine`, passed as a value rather than through the environment."""

from __future__ import annotations

import io
import os
from pathlib import Path
from typing import Any

import pytest

from compiler.cli import main
from compiler.commands import against
from compiler.runtime.detectors import DEFAULT_DETECTORS
from compiler.runtime.engine import ENGINE_ENV

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "retail_support.guard"


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(("no_color", "colored"), [(None, True), ("", True), ("1", False)])
def test_guardc_test_follows_no_color_like_every_command(
    monkeypatch: pytest.MonkeyPatch, no_color: str | None, colored: bool
) -> None:
    """NO_COLOR set to a non-empty value turns colour off (no-color.org); set but empty, it
    does not: as `check` and every other command do it."""
    if no_color is None:
        monkeypatch.delenv("NO_COLOR", raising=False)
    else:
        monkeypatch.setenv("NO_COLOR", no_color)
    terminal = _Terminal()
    monkeypatch.setattr("sys.stdout", terminal)
    assert main(["test", str(EXAMPLE)]) == 0
    assert ("\x1b[" in terminal.getvalue()) is colored


def test_engine_is_passed_as_a_value(monkeypatch: pytest.MonkeyPatch) -> None:
    """`--engine standard` reaches the evaluator as detectors; GUARDC_ENGINE is not touched,
    even during the run."""
    monkeypatch.delenv(ENGINE_ENV, raising=False)
    seen: list[tuple[Any, str | None]] = []
    real = against.local_evaluator

    def spy(detectors: Any = None) -> Any:
        seen.append((detectors, os.environ.get(ENGINE_ENV)))
        return real(detectors)

    monkeypatch.setattr(against, "local_evaluator", spy)
    assert main(["test", str(EXAMPLE), "--engine", "standard"]) == 0
    assert seen == [(DEFAULT_DETECTORS, None)]


def test_pydantic_plugins_are_off_unless_the_caller_chose(monkeypatch: pytest.MonkeyPatch) -> None:
    """guardc turns pydantic's plugin scan off with its documented switch, and keeps a value the
    caller set."""
    monkeypatch.delenv("PYDANTIC_DISABLE_PLUGINS", raising=False)
    assert main(["explain", "E201"]) == 0
    assert os.environ["PYDANTIC_DISABLE_PLUGINS"] == "__all__"
    monkeypatch.setenv("PYDANTIC_DISABLE_PLUGINS", "logfire")
    assert main(["explain", "E201"]) == 0
    assert os.environ["PYDANTIC_DISABLE_PLUGINS"] == "logfire"
