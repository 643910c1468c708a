"""Every test that skips without an optional extra runs where the extra is installed.

The core suite skips the `[embed]` and `[spark]` tests (the core venv proves guardc needs
neither); `make test` runs them again in `.venv-embed` and `.venv-spark`, but only the files the
Makefile lists. A new file with an extra's skip marker that the list misses would be skipped
everywhere, silently (test_roles.py's 36 `[embed]` cases were, for a session).
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _make_list(name: str) -> set[str]:
    """The files of the Makefile variable `name` (continuation lines joined)."""
    text = (ROOT / "Makefile").read_text(encoding="utf-8").replace("\\\n", " ")
    found = re.search(rf"^{name} := (.*)$", text, re.MULTILINE)
    assert found is not None, f"no {name} in the Makefile"
    return set(found.group(1).split())


def _files_saying(*needles: str) -> set[str]:
    return {
        path.relative_to(ROOT).as_posix()
        for path in sorted((ROOT / "tests").rglob("test_*.py"))
        if path.name != Path(__file__).name
        and any(n in path.read_text(encoding="utf-8") for n in needles)
    }


def test_every_embed_test_file_runs_in_the_embed_venv() -> None:
    marked = _files_saying(
        "the [embed] extra is not installed",
        'importorskip("onnxruntime")',
        "from embed_marks import needs_embed",
    )
    assert marked, "no [embed] test found: the marker text changed, update this test"
    assert marked - _make_list("EMBED_TESTS") == set()


def test_every_spark_test_file_runs_in_the_spark_venv() -> None:
    marked = _files_saying('importorskip("pyspark")')
    assert marked, "no [spark] test found: the marker text changed, update this test"
    assert marked - _make_list("SPARK_TESTS") == set()
