"""The project root: the trust boundary for source files (docs/security.md).

A `.guard` file may come from an untrusted pull request, so what it makes guardc read is bounded:
every source file guardc reads (named on the command line, found in a folder, or named by a
`use "path"`) must be a `.guard` file whose real location, symlinks resolved, is inside the
project root. Anything else is refused before it is opened, with a diagnostic that names the
path and never a line of the file (a secret in `~/.aws/credentials` must not reach a CI log).

The project root of a path is the nearest folder at or above it holding `guardc.lock.json` or
`.git` (a lock file inside a git work tree is nearer than the work tree's top, so it wins); with
neither, the current folder (or, for a path outside the current folder, the folder named or the
named file's folder). `--root DIR` says otherwise for every path of the command.
"""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass
from pathlib import Path

LOCK_FILE = "guardc.lock.json"
MARKERS = (LOCK_FILE, ".git")
SUFFIX = ".guard"


@dataclass(frozen=True)
class Refusal:
    """Why a source file is not read: its diagnostic code, and a note for the caret.

    E101 no such file (or a folder), E111 outside the root or not a `.guard` file,
    E112 cannot be read (permission, symlink loop, I/O error)."""

    code: str
    note: str


def real(path: str | Path) -> Path:
    """The real location of `path`: absolute, every symlink resolved (never raises)."""
    return Path(os.path.realpath(path))


def find_root(path: str | Path) -> Path:
    """The project root of `path` (a file or folder named on the command line), real.

    The walk upward is lexical (a symlinked folder named on the command line belongs to the
    project it is named in, not to wherever it points)."""
    absolute = Path(os.path.abspath(path))
    start = absolute if absolute.is_dir() else absolute.parent
    for folder in (start, *start.parents):
        if any(os.path.lexists(folder / marker) for marker in MARKERS):
            return real(folder)
    here = Path(os.path.abspath(os.getcwd()))
    if start == here or here in start.parents:
        return real(here)
    return real(start)


def inside(path: Path, root: Path) -> bool:
    """Whether the real `path` is `root` or below it (both real)."""
    return path == root or root in path.parents


def within(path: str | Path, root: Path) -> bool:
    """Whether `path` is named inside `root` (real): its folder, symlinks resolved, is inside
    (the last part may still be a symlink leading out: `refusal` checks that)."""
    lexical = Path(os.path.abspath(path))
    return inside(real(lexical.parent), root) or real(lexical) == root


def refusal(path: Path, root: Path) -> Refusal | None:
    """Why the source file `path` may not be read under `root` (real), or None when it may.

    Nothing is opened, and a path outside the root is refused before its file is looked at,
    so the answer never tells whether a file outside the root exists."""
    if "\0" in str(path):
        return Refusal("E101", "not a file name (it holds a NUL character)")
    if not within(path, root):
        return Refusal("E111", "outside the project root: not read")
    try:
        info = os.stat(path)
    except OSError as err:
        if err.errno == errno.ELOOP:
            return Refusal("E112", "a symlink loop: it never reaches a file")
        if err.errno in (errno.ENOENT, errno.ENOTDIR):
            broken = os.path.islink(path)
            return Refusal("E101", "a broken symlink" if broken else "no such file")
        return Refusal("E112", f"cannot be read ({err.strerror or err})")
    target = real(path)
    if not inside(target, root):
        return Refusal("E111", "a symlink to a file outside the project root: not read")
    if stat.S_ISDIR(info.st_mode):
        return Refusal("E101", "a folder, not a file")
    if not target.name.endswith(SUFFIX):
        via = "a symlink to a file that is" if target.name != path.name else "a file that is"
        return Refusal("E111", f"{via} not a `{SUFFIX}` file: not read")
    if not stat.S_ISREG(info.st_mode):
        return Refusal("E111", "not a regular file: not read")
    return None


def root_help(root: Path) -> str:
    """The help line of an E111: what the root is and how to change it."""
    return (
        f"guardc reads only `{SUFFIX}` files inside the project root `{root}` (the folder "
        f"holding {LOCK_FILE} or .git, else the current folder); move the file there, or name "
        "another root with --root DIR"
    )


__all__ = [
    "LOCK_FILE",
    "Refusal",
    "find_root",
    "inside",
    "real",
    "refusal",
    "root_help",
    "within",
]
