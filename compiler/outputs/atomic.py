"""Writing files so that a reader, a crash or a full disk never sees or leaves half a file.

`replace_file(path, content)` writes a temporary file in the same folder (created exclusively,
never through a symlink), copies the old file's mode onto it, fsyncs it, renames it over `path`
and fsyncs the folder, so `path` holds either the old bytes or the new ones, also after a power
cut. A symlink at `path` is refused unless the caller asks to follow it (`fmt` rewrites the
target of a symlinked source, as editors do; the link stays a link).

`open_append(path)` opens a log to append to (`eval --log`): no symlink, regular files only.

The lower-level pieces (`write_new`, `fsync_file`, `fsync_folder`, `kind`) are shared with
`folder.BuildFolder`. What guardc refuses to do is an `OutputError`; what the file system refuses
(no such folder, permissions, a full disk) stays an `OSError`, naming the file the user asked
for (never a temporary one), which the CLI reports as `error: PATH: reason` with exit 2.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from collections.abc import Sequence
from pathlib import Path
from typing import IO

NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)  # everywhere but Windows, which has no symlink opens
DIRECTORY = getattr(os, "O_DIRECTORY", 0)
_BINARY = getattr(os, "O_BINARY", 0)
_CREATE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | NOFOLLOW | _BINARY


class OutputError(Exception):
    """A file or folder guardc refuses to write (a symlink where it would write, a file where a
    folder must be) or cannot write (permissions, a full disk)."""


def describe(exc: OSError) -> str:
    """An OS error's reason, without the errno number Python puts in `str(exc)`."""
    return exc.strerror or str(exc)


def kind(path: str | Path) -> str | None:
    """What is at `path` without following a symlink: "link", "dir", "file", "other" or None."""
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return None
    if stat.S_ISLNK(mode):
        return "link"
    if stat.S_ISDIR(mode):
        return "dir"
    return "file" if stat.S_ISREG(mode) else "other"


def write_new(path: str | Path, content: bytes | Sequence[bytes], mode: int = 0o666) -> None:
    """Create `path` (it must not exist, and a symlink there is never followed) holding
    `content`. `mode` is narrowed by the umask, as for any new file. No fsync: see `fsync_file`.
    """
    parts = (content,) if isinstance(content, bytes) else content
    fd = os.open(path, _CREATE, mode)
    with os.fdopen(fd, "wb") as stream:  # a buffered writer: no short writes
        for part in parts:
            stream.write(part)


def fsync_file(path: str | Path) -> None:
    """Flush the file at `path` to disk."""
    flags = (os.O_RDONLY if os.name == "posix" else os.O_RDWR) | NOFOLLOW | _BINARY
    fd = os.open(path, flags)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_folder(path: str | Path) -> None:
    """Flush a folder's entries (new and renamed names) to disk; a no-op where folders cannot be
    opened (Windows, where a rename is flushed with the file system's journal)."""
    if os.name != "posix":
        return
    fd = os.open(path, os.O_RDONLY | DIRECTORY | NOFOLLOW)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def token() -> str:
    """12 random hex digits for a fresh name (`os.urandom`: `secrets` costs start-up time)."""
    return os.urandom(6).hex()


def temporary_name(name: str) -> str:
    """A fresh hidden name for a file being written beside `name` in the same folder."""
    return f".{name}.guardc-{token()}.tmp"


def replace_file(
    path: str | Path, content: bytes | str, *, follow: bool = False, new: bool = False
) -> Path:
    """Replace (or create) the file at `path` with `content` atomically and durably; return the
    file written. With `follow`, a symlink at `path` is resolved and its target is replaced;
    without, a symlink is refused. An existing file keeps its permission bits (and, where this
    user may set them, its owner and group); a new file gets 0666 narrowed by the umask.
    A file with several hard links is replaced by a new file: the other links keep the old text.
    With `new`, nothing at `path` is ever replaced: FileExistsError if anything is there, also
    when it appeared while the file was being written (the name is taken with a hard link, which
    fails on an existing name, where the file system has them).
    """
    data = content.encode("utf-8") if isinstance(content, str) else content
    given = Path(path)
    target = Path(os.path.realpath(given)) if follow else given
    try:
        old = os.lstat(target)
    except FileNotFoundError:
        old = None
    if new and old is not None:
        raise FileExistsError(errno.EEXIST, "it already exists", str(given))
    if old is not None and stat.S_ISLNK(old.st_mode):
        raise OutputError(f"refusing to write {given}: it is a symlink")
    if old is not None and not stat.S_ISREG(old.st_mode):
        raise OutputError(f"refusing to write {given}: it is not a regular file")
    folder = target.parent
    temporary = folder / temporary_name(target.name)
    try:
        # 0600 until the old mode is copied over: never more open than the file it replaces
        fd = os.open(temporary, _CREATE, 0o600 if old is not None else 0o666)
        with os.fdopen(fd, "wb") as stream:
            stream.write(data)
            stream.flush()
            if old is not None:
                _copy_identity(stream.fileno(), temporary, old)
            os.fsync(stream.fileno())
        if new:
            _take_name(temporary, target, given)
        else:
            os.replace(temporary, target)
        fsync_folder(folder)
    except FileExistsError:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise OSError(exc.errno, describe(exc), str(given)) from None
    except BaseException:  # interrupted: leave no temporary file behind
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    return target


def _take_name(temporary: Path, target: Path, given: Path) -> None:
    """Give the written `temporary` the name `target` unless something holds it already. A hard
    link cannot replace a name; where links are not supported, a check and a rename."""
    try:
        os.link(temporary, target, follow_symlinks=False)
    except FileExistsError:
        raise FileExistsError(errno.EEXIST, "it already exists", str(given)) from None
    except OSError as exc:
        if exc.errno not in _NO_LINKS:
            raise
        if os.path.lexists(target):
            raise FileExistsError(errno.EEXIST, "it already exists", str(given)) from None
        os.rename(temporary, target)
        return
    os.unlink(temporary)


_NO_LINKS = frozenset(
    {errno.EPERM, errno.EXDEV, errno.EMLINK, errno.ENOSYS, getattr(errno, "ENOTSUP", 95)}
)


def open_append(path: str | Path) -> IO[str]:
    """`path` opened to append UTF-8 text (created 0666 narrowed by the umask when missing). A
    log is appended to, so it cannot be replaced atomically; but a symlink at `path` is refused,
    never followed, and so is anything but a regular file (a FIFO would block, a device would
    swallow the log)."""
    flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT | NOFOLLOW | _BINARY
    flags |= getattr(os, "O_NONBLOCK", 0)  # a FIFO with no reader: fail now, not hang
    if kind(path) == "link":
        raise OutputError(f"refusing to write {path}: it is a symlink")
    try:
        fd = os.open(path, flags, 0o666)
    except OSError as exc:
        if kind(path) == "link":  # planted between the check and the open
            raise OutputError(f"refusing to write {path}: it is a symlink") from None
        raise OSError(exc.errno, describe(exc), str(path)) from None
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise OutputError(f"refusing to write {path}: it is not a regular file")
    if hasattr(os, "set_blocking"):
        os.set_blocking(fd, True)
    return open(fd, "a", encoding="utf-8")


def _copy_identity(fd: int, path: Path, old: os.stat_result) -> None:
    """Give the new file (open as `fd`) the old one's permission bits, and its owner and group
    where this user may set them."""
    if hasattr(os, "fchmod"):
        os.fchmod(fd, stat.S_IMODE(old.st_mode))
    else:  # Windows: only the read-only bit exists
        os.chmod(path, stat.S_IMODE(old.st_mode))
    if hasattr(os, "fchown"):
        now = os.fstat(fd)
        if (now.st_uid, now.st_gid) != (old.st_uid, old.st_gid):
            with contextlib.suppress(OSError):  # root may; others only to a group of theirs
                os.fchown(fd, old.st_uid, old.st_gid)
