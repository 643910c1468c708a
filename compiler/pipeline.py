"""The pipeline: files → parse → lower → resolve → validate. The only stage that reads files.

`load` expands the paths given on the command line (files, or folders of `.guard` files), follows
`use` to the standard library (package data, via importlib.resources) and to files relative to
the using file, parses each file once, and hands the modules to `resolve` and `validate`.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

from . import project
from .checks.validate import validate
from .diagnostics.sink import Diagnostics, nearest
from .diagnostics.span import Span
from .diagnostics.usage import UsageError
from .frontend import environments
from .frontend.gcpause import paused_gc
from .frontend.lower import lower
from .frontend.parse import parse
from .frontend.resolve import resolve
from .frontend.syntax import Module, Use
from .ir import Policy

STDLIB_PACKAGE = "compiler.stdlib"


@dataclass
class Loaded:
    """Everything `load` produced: the modules by display name, their texts (for carets), the
    root files in the order given, and the resolved, validated policy (in the environment
    asked for, if any); the environments the sources declare, and what each `use` names."""

    modules: dict[str, Module]
    sources: dict[str, str]
    roots: list[str]
    policy: Policy
    environments: tuple[str, ...] = ()
    links: dict[str, dict[str, str]] = field(default_factory=dict)

    def in_environment(
        self, env: str | None, sink: Diagnostics, limits: Collection[str] | None = None
    ) -> Policy:
        """The policy again, resolved and validated in environment `env` (None: defaults)."""
        return _policy(self.modules, self.roots, self.links, sink, limits=limits, env=env)


class Reader:
    """How the loader reads a file and turns its text into a module: from the file system and
    through the front end. The language server (compiler/lsp/) reads its open buffers instead and
    keeps the modules of unchanged text."""

    def read(self, where: Traversable) -> bytes:
        """The bytes of the file at `where` (OSError when it cannot be read)."""
        return where.read_bytes()

    def module(self, text: str, display: str, sink: Diagnostics) -> Module | None:
        """Parse and lower `text`, known as `display`; None when the parser gave up."""
        tree = parse(text, display, sink)
        return lower(tree, text, display, sink) if tree is not None else None


@dataclass
class _Loader:
    """Reads and lowers files once each (keyed by their real location), following `use`."""

    sink: Diagnostics
    reader: Reader = field(default_factory=Reader)
    modules: dict[str, Module] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)  # real location → display name
    folders: dict[str, Traversable] = field(default_factory=dict)  # display name → its folder
    bounds: dict[str, Path] = field(default_factory=dict)  # display name → its project root
    links: dict[str, dict[str, str]] = field(default_factory=dict)

    def file(self, where: Traversable, display: str, root: Path | None = None) -> str:
        """Load one file (once); its display name (the first name it was loaded under).

        `root` is the project root `use "path"` in it may not leave (None: the standard
        library's own folder)."""
        key = _key(where)
        if key in self.names:
            return self.names[key]
        data = self.reader.read(where)  # OSError for an unreadable file: the callers report it
        self.names[key] = display
        self.add(display, data, _parent(where, display), root)
        return display

    def add(self, display: str, data: bytes, folder: Traversable, root: Path | None) -> None:
        """Decode, parse and lower one source's bytes, known as `display`, whose `use "path"`
        statements are relative to `folder` and may not leave `root`."""
        self.folders[display] = folder
        if root is not None:
            self.bounds[display] = root
        text = decode(data, display, self.sink)
        # an undecodable file still gets its text (with replacement characters) for the caret
        self.sources[display] = text if text is not None else _lossy(data)
        if text is not None:
            module = self.reader.module(text, display, self.sink)
            if module is not None:
                self.modules[display] = module

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
            return self.use_path(name, use)
        parts = use.target.split(".")
        if parts[0] == "stdlib" and len(parts) > 1:
            where = resources.files(STDLIB_PACKAGE).joinpath(*parts[1:-1], parts[-1] + ".guard")
            if where.is_file():
                return self.file(where, "/".join(parts) + ".guard", _stdlib_root())
        shipped = stdlib_modules()
        near = nearest(use.target, shipped)
        self.sink.emit(
            "E101",
            f"unknown module `{use.target}`",
            use.span,
            note="not a module shipped with guardc",
            help=f"did you mean `{near}`?" if near else "shipped modules: " + ", ".join(shipped),
        )
        return None

    def use_path(self, name: str, use: Use) -> str | None:
        """`use "path"`: the file relative to the using file's folder, read only when it is a
        `.guard` file inside the project root (project.py); E101, E111 or E112 otherwise, at the
        `use`, never quoting the file."""
        display = _normal(os.path.join(os.path.dirname(name), use.target))
        folder = self.folders[name]
        root = self.bounds.get(name)
        if not isinstance(folder, Path) or root is None:  # the standard library in a zip
            where = folder.joinpath(use.target)
            if where.is_file():
                return self.file(where, display)
            refused = project.Refusal("E101", "no such file")
        else:
            path = folder / use.target
            found = project.refusal(path, root)
            if found is None:
                try:
                    return self.file(path, display, root)
                except OSError as err:  # unreadable
                    found = project.Refusal("E112", f"cannot be read ({err.strerror or err})")
            refused = found
        if refused.code == "E111":
            message = f'`use "{use.target}"` names a file guardc may not read'
            help = project.root_help(root) if root is not None else None
        elif refused.code == "E112":
            message = f'module `"{use.target}"` cannot be read'
            help = f"looked for `{display}`"
        else:
            message = f'unknown module `"{use.target}"`'
            help = f"the path is relative to this file's folder; looked for `{display}`"
        self.sink.emit(refused.code, message, use.span, note=refused.note, help=help)
        return None


def stdlib_modules() -> list[str]:
    """The modules shipped in the standard library, by `use` name (`stdlib.pii`), sorted."""
    return sorted(
        "stdlib." + p.name.removesuffix(".guard")
        for p in resources.files(STDLIB_PACKAGE).iterdir()
        if p.name.endswith(".guard")
    )


def stdlib_module(name: str, sink: Diagnostics) -> tuple[Module | None, str]:
    """One standard library module (`stdlib.topics`) parsed and lowered, and its text; the
    module is None when it has errors (reported to `sink`). UsageError for an unknown name."""
    if name not in stdlib_modules():
        near = nearest(name, stdlib_modules())
        hint = f"; did you mean `{near}`?" if near else ""
        raise UsageError(f"no standard library module `{name}`{hint}")
    display = name.replace(".", "/") + ".guard"
    where = resources.files(STDLIB_PACKAGE).joinpath(name.split(".", 1)[1] + ".guard")
    loader = _Loader(sink)
    loader.add(display, where.read_bytes(), resources.files(STDLIB_PACKAGE), None)
    return loader.modules.get(display), loader.sources[display]


def _stdlib_root() -> Path | None:
    """The standard library's folder, real (its modules' `use "path"` stay inside it), or None
    when it is not on the file system (then `use "path"` in it is looked up in the package)."""
    folder = resources.files(STDLIB_PACKAGE)
    return project.real(folder) if isinstance(folder, Path) else None


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
    """The text of an undecodable file for carets: UTF-16 read as such, else UTF-8 with
    replacement characters."""
    wide = _utf16(data)
    codec = "utf-8" if wide is None else "utf-16" if "BOM" in wide else wide.lower()
    return data.decode(codec, errors="replace").removeprefix("\ufeff")


def _utf16(data: bytes) -> str | None:
    """`UTF-16LE`/`UTF-16BE` (with ` with BOM`) when `data` is UTF-16 text rather than UTF-8:
    a UTF-16 byte-order mark, or zero bytes at most odd (or even) positions of its first 4 KB.
    UTF-8 text has no zero byte unless a NUL character was written on purpose."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return ("UTF-16LE" if data[:1] == b"\xff" else "UTF-16BE") + " with BOM"
    head = data[:4096]
    if len(head) < 2 or b"\0" not in head:
        return None
    odd, even = head[1::2].count(0), head[0::2].count(0)
    pairs = len(head) // 2
    if odd >= pairs * 0.6 and even < pairs * 0.1:
        return "UTF-16LE"
    if even >= pairs * 0.6 and odd < pairs * 0.1:
        return "UTF-16BE"
    return None


def decode(data: bytes, display: str, sink: Diagnostics) -> str | None:
    """The UTF-8 text of a file (a leading byte-order mark dropped), or None after E012 for
    UTF-16 text or E003 at the first byte that does not decode."""
    wide = _utf16(data)
    if wide is not None:  # before UTF-8: UTF-16 without a BOM often decodes as UTF-8
        sink.emit(
            "E012",
            f"file is {wide}, not UTF-8",
            Span(file=display, start=0, end=0, line=1, column=1, end_line=1, end_column=1),
            note="every other byte is zero" if "BOM" not in wide else "a UTF-16 byte-order mark",
            help="re-save the file as UTF-8",
        )
        return None
    try:
        return data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as err:
        text = data.decode("utf-8", errors="replace").removeprefix("\ufeff")
        offset = len(data[: err.start].decode("utf-8", errors="replace").removeprefix("\ufeff"))
        sink.emit(
            "E003",
            f"file is not valid UTF-8 (byte 0x{data[err.start]:02x})",
            Span.point(display, text, offset),
            note="this byte cannot be decoded",
            help="re-save the file as UTF-8",
        )
        return None


@dataclass(frozen=True)
class Source:
    """A source file to load: where it is and the project root its `use`s may not leave."""

    path: Path
    root: Path
    named: bool = False  # named on the command line (else found in a folder)


def collect(
    paths: Sequence[str | Path], sink: Diagnostics | None = None, root: str | Path | None = None
) -> list[Source]:
    """The source files named by `paths`: each file as given, each folder's `.guard` files
    (sorted), each with its project root (`root`, else found from the path: project.py).

    A path that does not exist, a folder that cannot be listed or holds no `.guard` file, and
    a file that is not a `.guard` file are usage errors (UsageError). What is found below a
    folder and cannot be read, or leads outside the root (a symlink), is reported to `sink` as
    E111/E112 and left out; without a sink, as a UsageError."""
    fixed = project.real(root) if root is not None else None
    if fixed is not None and not fixed.is_dir():
        raise UsageError(f"--root {root}: no such folder")
    found: dict[str, Source] = {}
    for raw in paths:
        path = Path(raw)
        bound = fixed or project.find_root(path)
        if fixed is not None and not project.within(path, fixed):
            raise UsageError(f"{raw} is outside the project root {fixed} (--root)")
        if path.is_dir():
            files = _walk(path, bound, sink)
        elif path.is_file() or os.path.islink(path):
            files = _named(path, bound, sink)
        else:
            raise UsageError(_missing(raw))
        for file in files:
            found.setdefault(str(file.resolve()), Source(file, bound, named=file is path))
    return list(found.values())


def expand(
    paths: Sequence[str | Path], sink: Diagnostics | None = None, root: str | Path | None = None
) -> list[Path]:
    """The files of `collect`, without their roots."""
    return [source.path for source in collect(paths, sink, root)]


def _named(path: Path, root: Path, sink: Diagnostics | None) -> list[Path]:
    """A file named on the command line: itself when it may be read. A symlink leading out of
    the project or to a file that is not a `.guard` file may have been planted by the sources'
    author, so it is a finding (E111); anything else wrong with it is a usage error."""
    refused = project.refusal(path, root)
    if refused is None:
        return [path]
    if refused.code == "E111" and os.path.islink(path):
        _refuse(sink, path, refused, root)
        return []
    if refused.code == "E111":
        raise UsageError(f"{path} is not read: {refused.note.removesuffix(': not read')}")
    raise UsageError(f"cannot read {path}: {refused.note}")


def _missing(raw: str | Path) -> str:
    try:
        os.stat(raw)
    except OSError as err:
        if err.errno == errno.ELOOP:
            return f"{raw} is a symlink loop: it never reaches a file or folder"
    if os.path.islink(raw):
        return f"{raw} is a broken symlink"
    return f"no such file or folder: {raw}"


def _walk(folder: Path, root: Path, sink: Diagnostics | None) -> list[Path]:
    """The `.guard` files below `folder` that may be read (symlinked folders are not entered,
    as with `Path.rglob`). A subfolder that cannot be listed and a file that may not be read
    are findings (E111/E112), so a tree never passes as checked when it was not read in full.
    UsageError when `folder` itself cannot be listed or holds no `.guard` file at all."""
    problems: list[OSError] = []
    files: list[Path] = []
    for here, dirs, names in os.walk(folder, onerror=problems.append):
        dirs.sort()
        for name in names:
            if name.endswith(project.SUFFIX):
                files.append(Path(here) / name)
    top = next((p for p in problems if p.filename in (str(folder), os.fspath(folder))), None)
    if top is not None:
        raise UsageError(f"cannot list {folder}: {top.strerror or top}")
    kept: list[Path] = []
    for file in sorted(files):
        refused = project.refusal(file, root)
        if refused is None:
            kept.append(file)
        else:
            _refuse(sink, file, refused, root)
    for problem in problems:
        where = Path(problem.filename or folder)
        note = f"a folder that cannot be read ({problem.strerror or problem}): not checked"
        _refuse(sink, where, project.Refusal("E112", note), root)
    if not files and not problems:
        raise UsageError(f"no {project.SUFFIX} files in {folder}")
    return kept


def _refuse(sink: Diagnostics | None, path: Path, refused: project.Refusal, root: Path) -> None:
    """Report a file or folder that is not read, pointing at its name (there is no line to
    show: its text is never read)."""
    display = _normal(str(path))
    reason = refused.note.removesuffix(": not read").removesuffix(": not checked")
    if refused.code == "E111":
        message, help = f"`{display}` is not read: {reason}", project.root_help(root)
    elif refused.code == "E112":
        message, help = f"`{display}` cannot be read: {reason}", "fix the permissions or the link"
    else:
        message, help = f"`{display}` is not a source file: {reason}", None
    if sink is None:
        raise UsageError(f"{message}: {refused.note}")
    empty = Span(file=display, start=0, end=0, line=1, column=1, end_line=1, end_column=1)
    sink.emit(refused.code, message, empty, note=refused.note, help=help)


def load(
    paths: Sequence[str | Path],
    sink: Diagnostics,
    root: str | Path | None = None,
    *,
    limits: Collection[str] | None = None,
    env: str | None = None,
) -> Loaded:
    """Load, resolve and validate the sources named by `paths` (files or folders), holding them
    to the check scopes in `limits` (`validate.SCOPES`; None, the default: every scope).

    After a syntax error (E0xx) anywhere, names are not resolved and nothing is validated: the
    broken lines were skipped, so what is missing would only be reported again, misleadingly, as
    unknown names or empty guardrails. The policy is then empty. `root` is the project root
    (`--root`); by default each path's own (project.py)."""
    before = len(sink)
    loader = _Loader(sink)
    roots: list[str] = []
    with paused_gc():
        for source in collect(paths, sink, root):
            path = source.path
            try:
                name = loader.file(path, _normal(str(path)), source.root)
            except OSError as err:
                if source.named:
                    raise UsageError(f"cannot read {path}: {err.strerror or err}") from err
                note = f"cannot be read ({err.strerror or err}): not checked"
                _refuse(sink, path, project.Refusal("E112", note), source.root)
                continue
            if name not in roots:
                roots.append(name)
        loader.follow(roots)
        return _loaded(loader, roots, sink, before, limits=limits, env=env)


def _loaded(
    loader: _Loader,
    roots: list[str],
    sink: Diagnostics,
    before: int,
    *,
    limits: Collection[str] | None,
    env: str | None,
) -> Loaded:
    """Resolve and validate what `loader` read (in environment `env`), unless a file has a
    syntax error."""
    envs: tuple[str, ...] = ()
    if any(d.code.startswith("E0") for d in sink.items[before:]):
        policy = Policy()
    else:
        envs = tuple(environments.visible(loader.modules, roots, loader.links))
        if env is not None and env not in envs:
            near = nearest(env, list(envs))
            hint = f"; did you mean `{near}`?" if near else ""
            known = ", ".join(envs) if envs else "none"
            raise UsageError(f"--env {env}: no such environment (declared: {known}){hint}")
        policy = _policy(loader.modules, roots, loader.links, sink, limits=limits, env=env)
    return Loaded(
        modules=loader.modules,
        sources=loader.sources,
        roots=roots,
        policy=policy,
        environments=envs,
        links=loader.links,
    )


def _policy(
    modules: Mapping[str, Module],
    roots: Sequence[str],
    links: Mapping[str, Mapping[str, str]],
    sink: Diagnostics,
    *,
    limits: Collection[str] | None,
    env: str | None,
) -> Policy:
    """Resolve (in environment `env`, if any), validate."""
    declared = environments.declared(modules)
    params = environments.parameters(modules)
    environments.check_sets(declared, params, sink)
    policy = resolve(modules, roots, sink, links=links, environment=env)
    used = environments.used_parameters(policy, params, declared, env)
    if used or env is not None or declared:
        names = tuple(sorted({e.name for e in declared}))
        update = {"parameters": used, "environment": env, "environments": names}
        policy = policy.model_copy(update=update)
    validate(policy, sink, limits)  # after resolve: names bound, extends applied
    return policy


def load_text(
    text: str,
    sink: Diagnostics,
    name: str = "source.guard",
    root: str | Path | None = None,
    *,
    limits: Collection[str] | None = None,
    folder: Path | None = None,
    reader: Reader | None = None,
    env: str | None = None,
) -> Loaded:
    """`load` for one source given as text (the library's `compile_source`, an editor's
    buffer), shown as `name` in diagnostics. Its `use "path"` statements are read relative to
    `folder` (default: `root`, itself by default the current folder) and may not leave `root`;
    `use stdlib...` works as in a file. `reader` reads and parses what is loaded (default: the
    file system and the front end)."""
    base = Path(root) if root is not None else Path.cwd()
    before = len(sink)
    loader = _Loader(sink, reader or Reader())
    with paused_gc():
        loader.add(name, text.encode("utf-8"), folder or base, base.resolve())
        loader.follow([name])
        return _loaded(loader, [name], sink, before, limits=limits, env=env)


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
