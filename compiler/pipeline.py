"""The pipeline: files → parse → lower → resolve → validate. The only stage that reads files.

`load` expands the paths given on the command line (files, or folders of `.guard` files), follows
`use` to the standard library (package data, via importlib.resources) and to files relative to
the using file, parses each file once, and hands the modules to `resolve` and `validate`.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

from .checks.validate import validate
from .diagnostics.sink import Diagnostics, nearest
from .diagnostics.span import Span
from .diagnostics.usage import UsageError
from .frontend.lower import lower
from .frontend.parse import parse
from .frontend.resolve import resolve
from .frontend.syntax import Module, Use
from .ir import Policy

STDLIB_PACKAGE = "compiler.stdlib"


@dataclass
class Loaded:
    """Everything `load` produced: the modules by display name, their texts (for carets), the
    root files in the order given, and the resolved, validated policy."""

    modules: dict[str, Module]
    sources: dict[str, str]
    roots: list[str]
    policy: Policy


@dataclass
class _Loader:
    """Reads and lowers files once each (keyed by their real location), following `use`."""

    sink: Diagnostics
    modules: dict[str, Module] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)  # real location → display name
    folders: dict[str, Traversable] = field(default_factory=dict)  # display name → its folder
    links: dict[str, dict[str, str]] = field(default_factory=dict)

    def file(self, where: Traversable, display: str) -> str:
        """Load one file (once); its display name (the first name it was loaded under)."""
        key = _key(where)
        if key in self.names:
            return self.names[key]
        data = where.read_bytes()  # OSError for an unreadable file: the callers report it
        self.names[key] = display
        self.folders[display] = _parent(where, display)
        text = decode(data, display, self.sink)
        # an undecodable file still gets its text (with replacement characters) for the caret
        self.sources[display] = text if text is not None else _lossy(data)
        if text is not None:
            tree = parse(text, display, self.sink)
            if tree is not None:
                self.modules[display] = lower(tree, text, display, self.sink)
        return display

    def follow(self, start: list[str]) -> None:
        """Load every module reachable by `use` from `start`, recording what each `use` names."""
        queue = list(start)
        while queue:
            name = queue.pop(0)
            module = self.modules.get(name)
            if module is None or name in self.links:
                continue
            self.links[name] = {}
            for item in module.items:
                if isinstance(item, Use):
                    target = self.use(name, item)
                    if target is not None:
                        self.links[name][item.target] = target
                        queue.append(target)

    def use(self, name: str, use: Use) -> str | None:
        """The display name of the module `use` names, loading it; E101 when there is none."""
        if use.is_path:
            display = _normal(os.path.join(os.path.dirname(name), use.target))
            problem = "no such file"
            try:
                where = self.folders[name].joinpath(use.target)
                if where.is_file():
                    return self.file(where, display)
            except (OSError, ValueError) as err:  # unreadable, or a name the OS refuses
                problem = f"cannot be read ({getattr(err, 'strerror', None) or err})"
            self.sink.emit(
                "E101",
                f'unknown module `"{use.target}"`',
                use.span,
                note=problem,
                help=f"the path is relative to this file's folder; looked for `{display}`",
            )
            return None
        parts = use.target.split(".")
        if parts[0] == "stdlib" and len(parts) > 1:
            where = resources.files(STDLIB_PACKAGE).joinpath(*parts[1:-1], parts[-1] + ".guard")
            if where.is_file():
                return self.file(where, "/".join(parts) + ".guard")
        shipped = sorted(
            "stdlib." + p.name.removesuffix(".guard")
            for p in resources.files(STDLIB_PACKAGE).iterdir()
            if p.name.endswith(".guard")
        )
        near = nearest(use.target, shipped)
        self.sink.emit(
            "E101",
            f"unknown module `{use.target}`",
            use.span,
            note="not a module shipped with guardc",
            help=f"did you mean `{near}`?" if near else "shipped modules: " + ", ".join(shipped),
        )
        return None


def _key(where: Traversable) -> str:
    return str(where.resolve()) if isinstance(where, Path) else str(where)


def _parent(where: Traversable, display: str) -> Traversable:
    if isinstance(where, Path):
        return where.parent
    folder = resources.files(STDLIB_PACKAGE)
    for part in display.split("/")[1:-1]:  # stdlib/<sub>/<name>.guard
        folder = folder.joinpath(part)
    return folder


def _normal(path: str) -> str:
    return Path(os.path.normpath(path)).as_posix()


def _lossy(data: bytes) -> str:
    return data.decode("utf-8", errors="replace").removeprefix("\ufeff")


def decode(data: bytes, display: str, sink: Diagnostics) -> str | None:
    """The UTF-8 text of a file (a leading byte-order mark dropped), or None after E003 at the
    first byte that does not decode."""
    try:
        return data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as err:
        text = _lossy(data)
        offset = len(_lossy(data[: err.start]))
        sink.emit(
            "E003",
            f"file is not valid UTF-8 (byte 0x{data[err.start]:02x})",
            Span.point(display, text, offset),
            note="this byte cannot be decoded",
            help="re-save the file as UTF-8",
        )
        return None


def expand(paths: Sequence[str | Path]) -> list[Path]:
    """The files named by `paths`: each file as given, each folder's `.guard` files (sorted);
    UsageError for a path that does not exist or cannot be listed."""
    found: dict[str, Path] = {}
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            try:
                files = sorted(p for p in path.rglob("*.guard") if p.is_file())
            except OSError as err:
                raise UsageError(f"cannot list {raw}: {err.strerror or err}") from err
        elif path.is_file():
            files = [path]
        else:
            raise UsageError(f"no such file or folder: {raw}")
        for file in files:
            found.setdefault(str(file.resolve()), file)
    return list(found.values())


@contextmanager
def paused_gc() -> Iterator[None]:
    """Run a block with the cyclic garbage collector paused. The front end builds large graphs
    (parse trees, IR) that hold no reference cycles and are kept; the collector's full passes
    over them cost about a third of the front end's time and free nothing."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def load(paths: Sequence[str | Path], sink: Diagnostics) -> Loaded:
    """Load, resolve and validate the sources named by `paths` (files or folders).

    After a syntax error (E0xx) anywhere, names are not resolved and nothing is validated: the
    broken lines were skipped, so what is missing would only be reported again, misleadingly, as
    unknown names or empty guardrails. The policy is then empty."""
    before = len(sink)
    loader = _Loader(sink)
    roots: list[str] = []
    with paused_gc():
        for path in expand(paths):
            try:
                name = loader.file(path, _normal(str(path)))
            except OSError as err:
                raise UsageError(f"cannot read {path}: {err.strerror or err}") from err
            if name not in roots:
                roots.append(name)
        loader.follow(roots)
        if any(d.code.startswith("E0") for d in sink.items[before:]):
            policy = Policy()
        else:
            policy = resolve(loader.modules, roots, sink, links=loader.links)
            validate(policy, sink)  # after resolve: names bound, extends applied
    return Loaded(modules=loader.modules, sources=loader.sources, roots=roots, policy=policy)


def parse_file(path: str | Path, sink: Diagnostics) -> tuple[Module | None, str]:
    """Parse and lower one file for the formatter: its module (None when the file has any error)
    and its text. UsageError when it cannot be read."""
    display = _normal(str(path))
    before = sink.errors_in(display)
    try:
        data = Path(path).read_bytes()
    except OSError as err:
        raise UsageError(f"cannot read {path}: {err.strerror or err}") from err
    text = decode(data, display, sink)
    if text is None:
        return None, _lossy(data)
    tree = parse(text, display, sink)
    module = lower(tree, text, display, sink) if tree is not None else None
    return (module if sink.errors_in(display) == before else None), text
