"""Reading the runtime's package data (lexicons, models, word lists, the bundled plan).

`importlib.resources` would do, but importing it pulls in pathlib, tempfile, shutil and more:
about a tenth of the evaluator zipapp's cold start. The loader that imported this package can
read its files directly (`get_data`, which both the zip importer and the file-system loader
have), so that is tried first; `importlib.resources` remains the fallback for exotic loaders.

Standard library only: this module is bundled into the evaluator zipapp.
"""

from __future__ import annotations

import os


def read_bytes(*parts: str) -> bytes:
    """The bytes of the package file at `parts` (e.g. `"data", "profanity.txt"`).

    Raises OSError (FileNotFoundError) when there is no such file.
    """
    get_data = getattr(globals().get("__loader__"), "get_data", None)
    if get_data is not None:
        data: bytes = get_data(os.path.join(os.path.dirname(__file__), *parts))
        return data
    from importlib import resources  # noqa: PLC0415 - only for loaders without get_data

    entry = resources.files(__package__).joinpath(*parts)
    if not entry.is_file():
        raise FileNotFoundError(os.path.join(*parts))
    return entry.read_bytes()


def read_text(*parts: str) -> str:
    """The UTF-8 text of the package file at `parts` (see `read_bytes`)."""
    return read_bytes(*parts).decode("utf-8")
