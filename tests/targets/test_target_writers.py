"""The fast writers behind `guardc compile`'s scale: the zip writer must give exactly the bytes
`zipfile` gives (so every `evaluator.pyz` is what it was, only built faster), and the canonical
JSON encoder exactly what `json.dumps(..., sort_keys=True, indent=2)` gives."""

from __future__ import annotations

import enum
import io
import json
import math
import zipfile
from importlib import resources
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from compiler.targets import Artefact, canonical_json
from compiler.targets import evaluator as ev
from compiler.targets.jsontext import canonical
from compiler.targets.zipapp import Block, Entry, archive


def _zipfile_pyz(plan_json: dict[str, Any]) -> bytes:
    """The evaluator archive as `zipfile` writes it (the way guardc built it before the cache)."""
    entries = ev._runtime_files(resources.files("compiler.runtime"), f"{ev.PACKAGE}/")
    entries += [
        (ev.PLAN_PATH, canonical_json(plan_json)),
        ("__main__.py", ev._MAIN.encode()),
        ("evaluator.py", ev._IMPORTABLE.encode()),
    ]
    buffer = io.BytesIO()
    buffer.write(ev.SHEBANG)
    with zipfile.ZipFile(buffer, "w") as out:
        for path, content in sorted(entries):
            info = zipfile.ZipInfo(path, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o100644 << 16
            info.create_system = 3
            out.writestr(info, content, compresslevel=9)
    return buffer.getvalue()


@pytest.mark.parametrize(
    "plan_json",
    [
        {},
        {"guardrail": "x", "words": [{"text": "zeus", "input": "BLOCK", "output": None}]},
        {"guardrail": "big", "words": [{"text": f"w{i}" * 20} for i in range(2000)]},
    ],
)
def test_pyz_bytes_are_those_zipfile_writes(plan_json: dict[str, Any]) -> None:
    built = ev.build_pyz(plan_json)
    assert built == _zipfile_pyz(plan_json)
    with zipfile.ZipFile(io.BytesIO(built)) as archive_:
        assert archive_.testzip() is None
        assert json.loads(archive_.read(ev.PLAN_PATH)) == plan_json


def test_archives_of_a_build_share_the_runtime_bytes() -> None:
    one, two = ev.pyz_parts({"guardrail": "one"}), ev.pyz_parts({"guardrail": "two"})
    shared = [a for a, b in zip(one, two, strict=True) if a is b]
    assert sum(map(len, shared)) > 100_000  # the runtime: one object, not a copy per archive
    assert b"".join(one) != b"".join(two)


def test_zip_writer_round_trips_arbitrary_entries() -> None:
    entries = [Entry.of(f"f{i}.txt", bytes(range(i % 256)) * i) for i in range(1, 40)]
    parts = archive(b"#!prefix\n", [Block.of(entries[:10]), Block.of(entries[10:])])
    with zipfile.ZipFile(io.BytesIO(b"".join(parts))) as read:
        assert [i.filename for i in read.infolist()] == [e.name for e in entries]
        assert read.read("f7.txt") == bytes(range(7)) * 7
        assert read.testzip() is None


def test_zip_writer_refuses_what_it_cannot_write() -> None:
    with pytest.raises(ValueError, match="ASCII"):
        Entry.of("caf\u00e9.txt", b"")


def test_artefact_keeps_content_and_parts() -> None:
    whole, split = Artefact("a", b"abc"), Artefact("a", [b"a", b"bc"])
    assert whole.content == split.content == b"abc"
    assert whole.parts == (b"abc",) and split.parts == (b"a", b"bc")


# ── canonical JSON ────────────────────────────────────────────────────────────────────────────

_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text()
)
_JSON = st.recursive(
    _SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.tuples(inner, inner)
        | st.dictionaries(st.text(max_size=6), inner, max_size=4)
    ),
    max_leaves=30,
)


@settings(max_examples=300, deadline=None)
@given(_JSON)
def test_canonical_is_json_dumps(value: Any) -> None:
    assert canonical(value) == json.dumps(value, sort_keys=True, indent=2)


class _Colour(enum.StrEnum):
    RED = "red"


class _Level(enum.IntEnum):
    HIGH = 3


@pytest.mark.parametrize(
    "value",
    [
        {1: "int key", 2: "sorted as json sorts them"},
        {"nan": math.nan, "inf": [math.inf, -math.inf]},
        {"enum": _Colour.RED, "int enum": _Level.HIGH, _Colour.RED: True},
        {"nested": {"empty": {}, "list": [], "tuple": ()}},
    ],
)
def test_canonical_matches_json_on_unusual_values(value: Any) -> None:
    assert canonical(value) == json.dumps(value, sort_keys=True, indent=2)


def test_canonical_raises_what_json_raises() -> None:
    with pytest.raises(TypeError):
        canonical({"a": {1, 2}})
    loop: list[Any] = []
    loop.append(loop)
    with pytest.raises(ValueError, match="Circular"):
        canonical(loop)
