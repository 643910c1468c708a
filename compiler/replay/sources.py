"""Where logged records come from: local files and folders, and `s3://bucket/prefix`.

A file is read as a stream of lines (JSONL: Bedrock's S3 delivery writes one record per line,
CloudWatch Logs exports one event per line), gzip-compressed or not (recognised by its magic
bytes, whatever its name). A file whose first line is a lone `{` or `[` is a pretty-printed JSON
document and is read whole (up to MAX_DOCUMENT_BYTES). Lines are bounded in size and decoded
strictly (runtime/batch.py, as `guardc eval --jsonl` reads them). A folder is walked in name
order for the suffixes in SUFFIXES; an S3 prefix is listed in key order (S3's own order) with
the same suffixes, and each object is streamed, never downloaded whole.

Nothing here is fatal for a bad record: a line that cannot be read becomes a `Raw` with an
`error`, and a truncated or corrupt gzip stream ends its file with one. Only a source that
cannot be opened at all raises `SourceError` (a usage error locally, an AWS failure for S3): a local
source is checked whole before anything is read (`local_paths`), so a missing or unreadable
file, a folder that cannot be read whole or holds no log file, a FIFO, and a symlink in a folder
that leads out of it stop the replay up front.
"""

from __future__ import annotations

import gzip
import io
import os
import zlib
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO, Any, NamedTuple, cast

from ..runtime.batch import LineError, decode, lines

SUFFIXES = (".json", ".jsonl", ".ndjson", ".gz", ".log")
MAX_DOCUMENT_BYTES = 256 * 1024 * 1024
_GZIP_MAGIC = b"\x1f\x8b"


class Raw(NamedTuple):
    """One line (or document) of a source, as text, or why it could not be read."""

    file: str
    line: int
    text: str | None
    error: str | None = None


class SourceError(Exception):
    """A source that cannot be opened or listed; `aws` when AWS refused or failed."""

    def __init__(self, message: str, *, aws: bool = False) -> None:
        super().__init__(message)
        self.aws = aws


def _unpacked(stream: IO[bytes]) -> IO[bytes]:
    """`stream` itself, or its gunzipped content when it starts with gzip's magic bytes."""
    buffered = (
        stream if isinstance(stream, io.BufferedReader) else io.BufferedReader(cast(Any, stream))
    )
    if buffered.peek(2)[:2] == _GZIP_MAGIC:
        return gzip.GzipFile(fileobj=buffered)  # type: ignore[return-value]
    return buffered


def _document(first: str, rest: Iterator[bytes | LineError]) -> str | None:
    """A pretty-printed JSON document: `first` and the remaining lines (None when too big)."""
    parts, size = [first], len(first)
    for item in rest:
        if isinstance(item, LineError):
            return None
        size += len(item) + 1
        if size > MAX_DOCUMENT_BYTES:
            return None
        try:
            parts.append(item.decode("utf-8"))
        except UnicodeDecodeError:
            return None
    return "\n".join(parts)


def raw_records(name: str, stream: IO[bytes]) -> Iterator[Raw]:
    """Every line of one file or object, as text or as an error, numbered from 1."""
    number = 0
    try:
        items = lines(_unpacked(stream))
        for number, item in enumerate(items, 1):
            if isinstance(item, LineError):
                yield Raw(name, number, None, item.message)
                continue
            try:
                text = decode(item, first=number == 1)
            except LineError as exc:
                yield Raw(name, number, None, exc.message)
                continue
            if not text.strip():
                continue
            if text.strip() in ("{", "[") and number == 1:
                document = _document(text, items)
                if document is None:
                    yield Raw(name, number, None, "a JSON document too large or not UTF-8")
                else:
                    yield Raw(name, number, document)
                return
            yield Raw(name, number, text)
    except (EOFError, zlib.error, gzip.BadGzipFile) as exc:
        yield Raw(name, number + 1, None, f"truncated or corrupt gzip data: {exc}")
    except OSError as exc:
        yield Raw(name, number + 1, None, f"read error: {exc.strerror or exc}")


def _walk_error(exc: OSError) -> None:
    raise SourceError(f"--logs: cannot read folder {exc.filename}: {exc.strerror or exc}")


def _found(folder: Path) -> list[Path]:
    """The log files of a folder tree, in name order. A tree that cannot be read whole is an
    error, not a shorter replay; a symlinked file leading out of the folder named is refused
    (the folder may be a checkout holding planted links; name such a file itself to read it);
    symlinked folders are not entered."""
    top = Path(os.path.realpath(folder))
    found: list[Path] = []
    for parent, dirs, files in os.walk(folder, onerror=_walk_error):
        dirs.sort()
        for name in files:
            path = Path(parent) / name
            if name.startswith(".") or not name.endswith(SUFFIXES):
                continue
            real = Path(os.path.realpath(path))
            if path.is_symlink() and not real.is_relative_to(top):
                raise SourceError(
                    f"--logs: {path} is a symlink out of {folder}: not read (name it on the "
                    "command line to read it)"
                )
            if real.is_file():
                found.append(path)
    if not found:
        raise SourceError(f"--logs: no log files ({', '.join(SUFFIXES)}) in folder {folder}")
    return sorted(found)


def _local_files(path: Path) -> list[Path]:
    if path.is_dir():
        files = _found(path)
    elif path.is_file():
        files = [path]
    else:  # a FIFO or a device would block or never end
        raise SourceError(f"--logs: not a regular file or folder: {path}")
    for file in files:
        if not os.access(file, os.R_OK):
            raise SourceError(f"--logs: cannot read {file}: Permission denied")
    return files


def local_paths(sources: Sequence[str]) -> list[str]:
    """The files the local sources name, in order; SourceError for one that does not exist,
    cannot be read, or (a folder) holds no log file."""
    out: list[str] = []
    for source in sources:
        path = Path(source)
        if not path.exists():
            raise SourceError(f"--logs: no such file or folder: {source}")
        out.extend(str(p) for p in _local_files(path))
    return out


# Hadoop's names for S3 (`s3a://` is what a Spark job is usually given) mean the same bucket
S3_SCHEMES = ("s3://", "s3a://", "s3n://")


def is_s3(source: str) -> bool:
    return source.startswith(S3_SCHEMES)


def split_s3(source: str) -> tuple[str, str]:
    """(bucket, prefix) of `s3://bucket/prefix` (or `s3a://`, `s3n://`). A `.` or `..` path
    segment is refused: S3 takes it literally, but a proxy or an S3-compatible store on the way
    may resolve it, and with path-style addresses `s3://logs/../other/key` then names another
    bucket. Neither Bedrock nor a log delivery writes such a key."""
    bucket, _, prefix = source.partition("://")[2].partition("/")
    if not bucket:
        raise SourceError(f"--logs: no bucket in {source}")
    if {".", ".."} & set(prefix.split("/")):
        raise SourceError(f"a `.` or `..` segment in the S3 address {source}")
    return bucket, prefix


class _StreamingRaw(io.RawIOBase):
    """A boto3 StreamingBody as a raw stream, so that it can be buffered and read by line."""

    def __init__(self, body: Any) -> None:
        self._body = body

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self._body.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def _s3_records(source: str, client: Any) -> Iterator[Raw]:
    from botocore.exceptions import BotoCoreError, ClientError  # noqa: PLC0415 - s3:// only

    bucket, prefix = split_s3(source)
    try:
        pages = client.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix)
        keys = [
            o["Key"]
            for page in pages
            for o in page.get("Contents", [])
            if o["Key"].endswith(SUFFIXES)
        ]
    except (BotoCoreError, ClientError) as exc:
        raise SourceError(f"--logs {source}: cannot list: {exc}", aws=True) from None
    for key in keys:
        name = f"s3://{bucket}/{key}"
        try:
            body = client.get_object(Bucket=bucket, Key=key)["Body"]
        except (BotoCoreError, ClientError) as exc:
            yield Raw(name, 0, None, f"cannot read: {exc}")
            continue
        yield from raw_records(name, io.BufferedReader(_StreamingRaw(body), 1 << 16))


def s3_client() -> Any:
    """A boto3 S3 client from the environment's configuration (imported only when needed)."""
    import boto3  # noqa: PLC0415 - imported only for s3:// sources

    return boto3.client("s3")


def put_s3(uri: str, text: str, client: Any = None) -> None:
    """Write `text` to the object at `uri` (`s3://bucket/key`); SourceError (an AWS failure)
    if S3 refuses."""
    from botocore.exceptions import BotoCoreError, ClientError  # noqa: PLC0415 - s3:// only

    bucket, key = split_s3(uri)
    try:
        (client if client is not None else s3_client()).put_object(
            Bucket=bucket, Key=key, Body=text.encode("utf-8"), ContentType="application/json"
        )
    except (BotoCoreError, ClientError) as exc:
        raise SourceError(f"--out {uri}: cannot write: {exc}", aws=True) from None


def read_all(sources: Sequence[str], client: Any = None) -> Iterator[Raw]:
    """Every record line of every source, in order (local paths are checked up front)."""
    for source in sources:
        if is_s3(source):
            yield from _s3_records(source, client if client is not None else s3_client())
            continue
        for name in local_paths([source]):
            try:
                handle = open(name, "rb")  # noqa: SIM115 - closed below, after the generator
            except OSError as exc:
                yield Raw(name, 0, None, f"cannot open: {exc.strerror or exc}")
                continue
            with handle:
                yield from raw_records(os.path.normpath(name), handle)
