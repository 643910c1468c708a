"""A deterministic zip writer whose entries are compressed once per process, not once per archive.

Every `evaluator.pyz` of a build holds the same runtime (some 40 modules and data files, about
330 KB compressed) and one small `plan.json`. Deflating the runtime at level 9 for each guardrail
was nearly all of `guardc compile`'s time (0.1 s a guardrail). Here an entry is compressed once
(`Entry.of`, cached by the caller) and an archive is assembled from entries as a tuple of byte
strings: the local headers and data of a run of unchanged entries are one shared `bytes` object,
so a thousand archives share the runtime's bytes in memory, and only the plan's entry and the
central directory (whose offsets depend on the plan's size) are new per archive.

The bytes are those `zipfile.ZipFile.writestr` writes for the same `ZipInfo` on a seekable stream
(no data descriptor, no extra fields, no ZIP64: every entry and archive is far below 4 GB), which
a test checks against `zipfile` itself; the archive reads back with `zipfile` and `zipimport`.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Sequence
from dataclasses import dataclass

EPOCH = (1980, 1, 1, 0, 0, 0)  # the earliest time a zip entry can carry
_DOS_TIME = EPOCH[3] << 11 | EPOCH[4] << 5 | EPOCH[5] // 2
_DOS_DATE = (EPOCH[0] - 1980) << 9 | EPOCH[1] << 5 | EPOCH[2]
_VERSION = 20  # "2.0": deflate, as zipfile writes for a deflated entry
_UNIX = 3  # create_system: unix, so the permissions in external_attr are read back
_DEFLATED = 8
_MODE = 0o100644 << 16  # a regular file, rw-r--r--
_LEVEL = 9
_LIMIT = 0xFFFFFFFF  # beyond this ZIP64 would be needed; guardc's archives are far below


@dataclass(frozen=True)
class Entry:
    """One file of an archive: its name, CRC-32, sizes and deflated bytes, with its local header."""

    name: str
    crc: int
    size: int
    data: bytes  # deflated (raw deflate stream, as zip stores it)

    @classmethod
    def of(cls, name: str, content: bytes) -> Entry:
        """Deflate `content` at level 9, as `zipfile` does for ZIP_DEFLATED."""
        if not name.isascii() or len(content) >= _LIMIT:
            raise ValueError(f"zip entry `{name}`: only ASCII names and files below 4 GB")
        compressor = zlib.compressobj(_LEVEL, zlib.DEFLATED, -15)
        data = compressor.compress(content) + compressor.flush()
        return cls(name, zlib.crc32(content), len(content), data)

    def local(self) -> bytes:
        """The local file header followed by the data."""
        name = self.name.encode("ascii")
        header = struct.pack(
            "<4s2B4HL2L2H",
            b"PK\003\004",
            _VERSION,
            0,  # reserved
            0,  # flags
            _DEFLATED,
            _DOS_TIME,
            _DOS_DATE,
            self.crc,
            len(self.data),
            self.size,
            len(name),
            0,  # extra length
        )
        return header + name + self.data

    def central(self, offset: int) -> bytes:
        """The central-directory record of this entry, whose local header is at `offset`."""
        name = self.name.encode("ascii")
        record = struct.pack(
            "<4s4B4HL2L5H2L",
            b"PK\001\002",
            _VERSION,
            _UNIX,
            _VERSION,
            0,  # reserved
            0,  # flags
            _DEFLATED,
            _DOS_TIME,
            _DOS_DATE,
            self.crc,
            len(self.data),
            self.size,
            len(name),
            0,  # extra length
            0,  # comment length
            0,  # disk number
            0,  # internal attributes
            _MODE,
            offset,
        )
        return record + name


@dataclass(frozen=True)
class Block:
    """A run of consecutive entries with their local headers and data joined once (shared)."""

    entries: tuple[Entry, ...]
    raw: bytes

    @classmethod
    def of(cls, entries: Sequence[Entry]) -> Block:
        return cls(tuple(entries), b"".join(e.local() for e in entries))


def archive(prefix: bytes, blocks: Sequence[Block]) -> tuple[bytes, ...]:
    """A zip file as byte strings to write in order: `prefix` (a shebang line), the blocks'
    entries in the order given, the central directory and the end record. Offsets count from
    the start of the file, `prefix` included, as `zipfile` writes them after a prefix."""
    parts: list[bytes] = [prefix]
    directory: list[bytes] = []
    offset = len(prefix)
    count = 0
    for block in blocks:
        parts.append(block.raw)
        for entry in block.entries:
            directory.append(entry.central(offset))
            offset += 30 + len(entry.name) + len(entry.data)
        count += len(block.entries)
    central = b"".join(directory)
    if offset + len(central) >= _LIMIT or count >= 0xFFFF:
        raise ValueError("zip archive too large for guardc's writer (ZIP64 is not supported)")
    end = struct.pack("<4s4H2LH", b"PK\005\006", 0, 0, count, count, len(central), offset, 0)
    parts += [central, end]
    return tuple(parts)
