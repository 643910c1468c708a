"""Text hidden by re-spelling it: letters split by a separator, escapes, small capitals.

Attackers write an instruction so that keyword rules and n-gram models do not see its words:
one character at a time between backslashes or dots ("\\I\\ \\h\\a\\v\\e"), as HTML character
references or backslash escapes ("&#73;&#103;...", "Ignore\\x20all"), or in small-capital letters
("ɪɢɴᴏʀᴇ"). Each function here returns the text as a person would read it (or None when the text
is not written that way); `attacks.decoded_views` scores those views like the base64 and Morse
ones. Letters split by a separator are also a tell on their own (`separated_letters`): ordinary
messages do not spell a dozen letters out one by one.

Standard library only (bundled into the evaluator zipapp).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from .pii_base import LazyPattern

# Separators between spelled-out characters; a space is handled by `attacks` (spaced letters).
_SEPARATORS = "\\|/.-_*+~^,;:"
SEPARATED_MIN = 8  # this many one-character pieces between separators make a spelled-out run
# A reference or escape per character: decimal/hex HTML references, \xHH, \uHHHH.
_ESCAPES = LazyPattern(
    r"&#(?:[0-9]{2,7}|[xX][0-9a-fA-F]{2,6});|\\x[0-9a-fA-F]{2}|\\u[0-9a-fA-F]{4}"
)
_ESCAPES_MIN = 4
# Small capitals and a few letter-like symbols that NFKC leaves as they are.
_SMALL_CAPS = str.maketrans(
    "ᴀʙᴄᴅᴇꜰɢʜɪᴊᴋʟᴍɴᴏᴘǫʀꜱᴛᴜᴠᴡʏᴢ", "abcdefghijklmnopqrstuvwyz"  # no small-capital x
)  # fmt: skip
_SMALL_CAPS_MIN = 4
_SMALL_CAPS_RE = LazyPattern("[ᴀʙᴄᴅᴇꜰɢʜɪᴊᴋʟᴍɴᴏᴘǫʀꜱᴛᴜᴠᴡʏᴢ]")


@lru_cache(maxsize=4)  # asked twice per text: attacks.rule_score and decoded_views
def separated_view(text: str) -> str | None:
    """`text` with the separator removed when it is spelled out one character at a time
    ("\\I\\ \\h\\a\\v\\e" → "I have"); None when it is not."""
    for sep in _SEPARATORS:
        if text.count(sep) < SEPARATED_MIN:
            continue
        pieces = text.split(sep)
        single = list(map(len, pieces)).count(1)
        # the one-character letters are among the one-character pieces: counted only when
        # there are enough of those (the same answer, without a Python step per piece)
        if single < SEPARATED_MIN or single < 0.6 * len(pieces):
            continue
        letters = sum(len(p) == 1 and p.isalpha() for p in pieces)
        if letters >= SEPARATED_MIN:
            return "".join(p if len(p) <= 1 else f" {p} " for p in pieces)
    return None


def separated_letters(text: str) -> int:
    """How many letters `text` spells out one at a time between separators (0 if none)."""
    view = separated_view(text)
    return 0 if view is None else sum(ch.isalpha() for ch in view)


def _unescape(match: re.Match[str]) -> str:
    token = match.group()
    if token.startswith("&#"):
        body = token[2:-1]
        code = int(body[1:], 16) if body[0] in "xX" else int(body)
    else:
        code = int(token[2:], 16)
    return chr(code) if 0 < code < 0x110000 else ""


def escape_view(text: str) -> str | None:
    """`text` with HTML character references and \\x/\\u escapes replaced by their characters,
    when it uses at least _ESCAPES_MIN of them; else None."""
    if "&#" not in text and "\\" not in text:
        return None
    found = _ESCAPES.findall(text)
    if len(found) < _ESCAPES_MIN:
        return None
    return _ESCAPES.sub(_unescape, text)


def small_caps_view(text: str) -> str | None:
    """`text` with small-capital letters as plain ones, when it has at least _SMALL_CAPS_MIN."""
    if text.isascii() or len(_SMALL_CAPS_RE.findall(text)) < _SMALL_CAPS_MIN:
        return None
    return text.translate(_SMALL_CAPS)


def respelled_views(text: str, one_letter_words: int) -> list[str]:
    """Every re-spelled reading of `text` (see the module doc), usually none. A spelled-out text
    has at least SEPARATED_MIN one-character words (`one_letter_words`, counted by the caller
    on `textfeat.words`); without them the separator readings are skipped (speed)."""
    views = []
    readers: list[Callable[[str], str | None]] = [escape_view, small_caps_view]
    if one_letter_words >= SEPARATED_MIN:
        readers.insert(0, separated_view)
    for reader in readers:
        view = reader(text)
        if view is not None:
            views.append(view)
    return views
