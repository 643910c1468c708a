"""The dependency rule of docs/architecture.md is enforced: `make lint` runs import-linter with the
contracts in pyproject.toml. Each contract is shown to fail on a copy of `compiler/` with one
deliberately wrong import, so a contract that checks nothing (a typo in a module name, a layer
left out) cannot pass unnoticed."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")

# (contract id, module to edit, the wrong import appended to it). Appended, never executed:
# import-linter reads the source.
WRONG_IMPORTS = [
    ("layers", "ir.py", "from .frontend import syntax"),
    ("layers", "frontend/parse.py", "from ..checks import validate"),
    ("layers", "pipeline.py", "from .commands import common"),
    ("layers", "outputs/atomic.py", "from .. import ir"),
    ("runtime", "runtime/plan.py", "from .. import vocab"),
    ("frontend-no-aws", "frontend/resolve.py", "from ..aws import arns"),
    ("no-dispatcher", "commands/check.py", "from .. import cli"),
    ("no-dispatcher", "lsp/server.py", "from .. import cli"),
    ("lsp-dispatch-only", "api.py", "from .lsp import server"),
    ("layers", "commands/fmt.py", "from ..lsp import edits"),
    ("acyclic", "frontend/scope.py", "from . import resolve"),
    ("acyclic", "runtime/detectors.py", "from . import engine"),
]


def _copy(tmp_path: Path, edit: tuple[str, str] | None = None) -> Path:
    """The `compiler` package's modules (no data) under tmp_path, with `edit` applied."""
    shutil.copytree(
        ROOT / "compiler",
        tmp_path / "compiler",
        ignore=lambda folder, names: [
            n for n in names if not n.endswith(".py") and not (Path(folder) / n).is_dir()
        ],
    )
    if edit is not None:
        module, line = edit
        with (tmp_path / "compiler" / module).open("a", encoding="utf-8") as f:
            f.write(f"\n{line}  # deliberately wrong\n")
    return tmp_path


def _lint(tree: Path, *contracts: str) -> subprocess.CompletedProcess[str]:
    """lint-imports with the project's contracts, on the package found in `tree` (its working
    folder comes first on sys.path, before the editable install)."""
    selected = [arg for c in contracts for arg in ("--contract", c)]
    return subprocess.run(
        [str(LINT_IMPORTS), str(ROOT / "pyproject.toml"), "--no-cache", "--no-logo", *selected],
        cwd=tree,
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_contracts_hold_on_a_faithful_copy(tmp_path: Path) -> None:
    result = _lint(_copy(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


@pytest.mark.parametrize(("contract", "module", "line"), WRONG_IMPORTS)
def test_a_wrong_import_breaks_its_contract(
    tmp_path: Path, contract: str, module: str, line: str
) -> None:
    result = _lint(_copy(tmp_path, (module, line)), contract)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "BROKEN" in result.stdout
    # the report names the offending module, so it was the copy that was analysed
    offender = "compiler." + module.removesuffix(".py").replace("/", ".")
    assert offender in result.stdout or offender.rsplit(".", 1)[-1] in result.stdout


def _folders() -> list[str]:
    return sorted(
        p.name for p in (ROOT / "compiler").iterdir() if p.is_dir() and p.name != "__pycache__"
    )


def test_every_compiler_folder_is_named_in_the_architecture_page() -> None:
    page = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    named = set(re.findall(r"`compiler/(\w+)/`", page))
    assert [f for f in _folders() if f not in named] == []


def test_every_code_folder_is_in_the_layers_contract() -> None:
    """A package missing from the layers would be free to import anything."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    contracts = config["tool"]["importlinter"]["contracts"]
    layers = next(c["layers"] for c in contracts if c["id"] == "layers")
    listed = {m.strip() for layer in layers for m in layer.split("|")}
    code = [f for f in _folders() if any((ROOT / "compiler" / f).glob("*.py")) and f != "data"]
    assert [f for f in code if f"compiler.{f}" not in listed] == []


def test_the_top_level_stays_small() -> None:
    """New modules go into a wing; the top level keeps the IR, the vocabulary, the pipeline and
    the dispatcher (issue 9: at most about eight modules besides the wings)."""
    top = sorted(p.name for p in (ROOT / "compiler").glob("*.py"))
    assert len(top) <= 8, top
