"""The regex analysis shares the evaluator's character sets (`compiler.runtime.regex_sets`, one
copy): importing that module loads no part of the evaluator, which the package exports lazily."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent


def _loaded_after(statement: str) -> list[str]:
    probe = (
        f"import json, sys; {statement}; "
        "print(json.dumps(sorted(m for m in sys.modules if m.startswith('compiler.runtime'))))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, check=True
    )
    loaded: list[str] = json.loads(result.stdout)
    return loaded


def test_the_analysis_loads_the_character_sets_alone() -> None:
    loaded = _loaded_after("import compiler.checks.regex_safety")
    assert loaded == ["compiler.runtime", "compiler.runtime.regex_sets"]


def test_the_package_still_exports_the_evaluator() -> None:
    loaded = _loaded_after("from compiler.runtime import Evaluator, compile_plan")
    assert {"compiler.runtime.engine", "compiler.runtime.plan"} <= set(loaded)


def test_names_and_submodules_resolve() -> None:
    from compiler import runtime
    from compiler.runtime import attacks, regex_sets  # submodules, not exported names
    from compiler.runtime.engine import Evaluator

    assert runtime.Evaluator is Evaluator
    assert attacks.__name__ == "compiler.runtime.attacks"
    assert regex_sets.__name__ == "compiler.runtime.regex_sets"
    with pytest.raises(AttributeError):
        _ = runtime.no_such_name
    with pytest.raises(ImportError):
        from compiler.runtime import no_such_module  # noqa: F401
