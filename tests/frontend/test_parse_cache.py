"""The on-disk parser cache: private folders only, and never a reason to fail."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from compiler.diagnostics.sink import Diagnostics
from compiler.frontend import parse

SOURCE = 'guardrail "g":\n  block words "x"\n'


def _parses() -> bool:
    sink = Diagnostics()
    return parse.parse(SOURCE, "t.guard", sink) is not None and not sink.has_errors


@pytest.fixture
def fresh(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Path]:
    """A cache home of its own, and a parser that is built again."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    parse.parser.cache_clear()
    yield tmp_path
    parse.parser.cache_clear()


def test_cache_is_written_to_a_private_folder_and_reused(fresh: Path) -> None:
    assert _parses()
    folder = fresh / "cache" / "guardc"
    files = sorted(p.name for p in folder.iterdir())
    assert [f for f in files if f.endswith(".lark")] == files  # lark's tables, nothing else
    assert folder.stat().st_mode & 0o777 == 0o700
    parse.parser.cache_clear()
    assert _parses()  # loaded from the files just written


def test_corrupt_cache_files_are_not_fatal(fresh: Path) -> None:
    assert _parses()
    for f in (fresh / "cache" / "guardc").iterdir():
        f.write_bytes(b"\x00garbage")
    parse.parser.cache_clear()
    assert _parses()


def test_a_folder_others_can_write_is_never_used(fresh: Path) -> None:
    shared = fresh / "cache" / "guardc"
    shared.mkdir(parents=True)
    shared.chmod(0o777)
    path = parse._cache_file(parse._grammar())
    assert path is not None
    assert not path.startswith(str(shared))
    assert Path(path).parent == fresh / "tmp" / f"guardc-{os.getuid()}"
    Path(path).parent.chmod(0o777)  # the private temp folder too: then no cache at all
    assert parse._cache_file(parse._grammar()) is None
    assert _parses()
