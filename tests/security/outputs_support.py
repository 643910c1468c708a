"""Helpers for the output-safety tests: a small project, folder snapshots, and `guardc` run in a
child process that an audit hook kills (SIGKILL, no clean-up) at a chosen file-system step.

For writes the hook knows nothing of how guardc writes: it counts the files the process opens
for writing under a folder (the `open` audit event, raised by `open()`, `Path.write_bytes` and
`os.open` alike, before the file is opened) and at the N-th makes that open itself (creating or
truncating the file, as the open would) and kills the process: killed right after an open and
before any write. So the same test finds a half-written folder in any implementation.

For the swap phase it counts renames (`os.rename`/`os.replace`) or calls of
`compiler.outputs.folder.BuildFolder._swap` (Linux exchanges two folders through the C library,
which raises no audit event), and `NO_EXCHANGE=1` makes guardc use two renames.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

BASE = """\
guardrail "base":
  description "version {v}"
  filter hate at high
  block email addresses
  block word "zeus-{v}"
  access:
    account "111122223333"
    region "us-east-1"
    deployed by "arn:aws:iam::111122223333:role/ci"
"""
SOLO = """\
guardrail "solo":
  description "version {v}"
  block profanity
  block word "hera-{v}"
"""

# Runs in the child before guardc: KILL_ON ("write", "rename" or "swap"), KILL_AT (the N-th step,
# counting from 1), KILL_UNDER (only steps on paths below this folder count) and, to hold the
# child instead of killing it, PAUSE_FILE/GO_FILE (create the first, wait for the second).
_HOOK = """
import os, signal, sys, time
_on, _at, _under = os.environ["KILL_ON"], int(os.environ["KILL_AT"]), os.environ["KILL_UNDER"]
_pause, _go = os.environ.get("PAUSE_FILE"), os.environ.get("GO_FILE")
_seen = [0]
_WRITE = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC

def _below(path):
    if isinstance(path, bytes):
        path = os.fsdecode(path)
    return isinstance(path, str) and os.path.abspath(path).startswith(_under)

def _step(opening=None):
    _seen[0] += 1
    if _seen[0] != _at:
        return
    if _pause:
        open(_pause, "w").close()
        while not os.path.exists(_go):
            time.sleep(0.02)
        return
    if opening is not None:  # the hook runs before the open: open (create, truncate) first
        _seen[0] = -10**9  # the hook sees this open too
        os.close(os.open(opening[0], opening[1], 0o666))
    os.kill(os.getpid(), signal.SIGKILL)

def _hook(event, args):
    if _on == "write" and event == "open" and isinstance(args[2], int) and args[2] & _WRITE:
        if _below(args[0]):
            _step((args[0], args[2]))
    elif _on == "rename" and event in ("os.rename", "os.replace") and _below(args[1]):
        _step()

def _profile(frame, event, arg):
    if event == "call" and frame.f_code.co_name == "_swap":
        if frame.f_code.co_filename.endswith(os.path.join("outputs", "folder.py")):
            _step()

sys.addaudithook(_hook)
if _on == "swap":
    sys.setprofile(_profile)
if os.environ.get("NO_EXCHANGE") == "1":
    import compiler.outputs.folder as _folder
    _folder._exchange = lambda a, b: False
from compiler.cli import main
sys.exit(main(sys.argv[1:]))
"""


def write_project(folder: Path, version: int, *, access: bool = True) -> None:
    """`base.guard` (with an `access:` block unless told otherwise) and `solo.guard`."""
    base = BASE.format(v=version)
    if not access:
        base = base.split("  access:")[0]
    (folder / "base.guard").write_text(base)
    (folder / "solo.guard").write_text(SOLO.format(v=version))


def tree(folder: Path) -> dict[str, bytes]:
    """Every file below `folder` by relative path (symlinks are not followed)."""
    found: dict[str, bytes] = {}
    for parent, _dirs, files in os.walk(folder):
        for name in files:
            path = Path(parent) / name
            found[path.relative_to(folder).as_posix()] = path.read_bytes()
    return found


def guardc(
    cwd: Path,
    *args: str,
    kill_on: str | None = None,
    kill_at: int = 0,
    under: Path | None = None,
    pause: Path | None = None,
    go: Path | None = None,
    wait: bool = True,
    no_exchange: bool = False,
) -> subprocess.Popen[str] | subprocess.CompletedProcess[str]:
    """`guardc ARGS` in a child process in `cwd`, optionally killed or paused by the hook."""
    env = dict(os.environ)
    env["KILL_ON"] = kill_on or "nothing"
    env["KILL_AT"] = str(kill_at)
    env["KILL_UNDER"] = str((under or cwd).resolve())
    env["NO_EXCHANGE"] = "1" if no_exchange else "0"
    if pause is not None and go is not None:
        env["PAUSE_FILE"], env["GO_FILE"] = str(pause), str(go)
    command = [sys.executable, "-c", _HOOK, *args]
    if not wait:
        return subprocess.Popen(
            command, cwd=cwd, env=env, text=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
    return subprocess.run(
        command, cwd=cwd, env=env, text=True, capture_output=True, timeout=300, check=False
    )
