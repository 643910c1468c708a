"""What the language server knows of a buffer: the same load as `guardc check`, over open buffers.

`Workspace` holds the text of every open buffer. Analysing one runs `pipeline.load_text` on its
text with a `pipeline.Reader` that reads any other open buffer instead of its file (so `use` of an
unsaved file sees what is on screen) and parses through `chunks.Chunker` (so an edit re-parses
only the top-level item it touched). The diagnostics are `check`'s; their spans are placed back
into the buffers they point at.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

from .. import project
from ..diagnostics.sink import Diagnostic, Diagnostics
from ..diagnostics.span import Span
from ..frontend import syntax as s
from ..frontend.resolve import conventional_links
from ..ir import IRNode
from ..pipeline import STDLIB_PACKAGE, Loaded, Reader, load_text
from .chunks import Chunker

Node = s.Node | IRNode  # a test's expectations are IR nodes already
# what a name can be defined by: a top-level definition, a guardrail, or an inline pattern
Definition = (
    s.TopicDef | s.WordListDef | s.PiiGroupDef | s.PatternDef | s.GuardrailDecl | s.PatternStmt
)


def display_name(path: str) -> str:
    """How a buffer at `path` is named in diagnostics: its absolute path, `/`-separated."""
    return Path(os.path.normpath(os.path.abspath(path))).as_posix()


def module_path(display: str) -> Path | None:
    """The file a module's display name stands for: a path, or a standard-library module."""
    if display.startswith("stdlib/"):
        where = resources.files(STDLIB_PACKAGE).joinpath(*display.split("/")[1:])
        return where if isinstance(where, Path) else None
    return Path(display)


@dataclass
class _BufferReader(Reader):
    """Reads open buffers before files, and parses through the chunk cache."""

    workspace: Workspace

    def read(self, where: Traversable) -> bytes:
        if isinstance(where, Path):
            text = self.workspace.buffers.get(display_name(os.path.realpath(where)))
            if text is not None:
                return text.encode("utf-8")
        return where.read_bytes()

    def module(self, text: str, display: str, sink: Diagnostics) -> s.Module | None:
        return self.workspace.chunker.module(text, display, sink)


@dataclass
class Analysis:
    """One buffer's analysis: the load, and its diagnostics placed in their buffers."""

    display: str
    text: str
    loaded: Loaded
    diagnostics: list[Diagnostic]

    def own(self) -> list[Diagnostic]:
        """The diagnostics that point into this buffer."""
        return [d for d in self.diagnostics if d.span.file == self.display]

    def used(self) -> set[str]:
        """The display names of every module this buffer's load read."""
        return set(self.loaded.modules) - {self.display}


@dataclass
class Workspace:
    """The open buffers, their latest analyses and the chunks of every module read."""

    buffers: dict[str, str] = field(default_factory=dict)  # display name → text
    analyses: dict[str, Analysis] = field(default_factory=dict)
    chunker: Chunker = field(default_factory=Chunker)

    def analyse(self, display: str) -> Analysis:
        """Load the open buffer `display` as `guardc check` loads a file."""
        text = self.buffers[display]
        sink = Diagnostics()
        path = Path(display)
        root = project.find_root(path)
        loaded = load_text(
            text, sink, display, root, folder=path.parent, reader=_BufferReader(self)
        )
        placed = [self.chunker.places.diagnostic(d) for d in sink.items]
        placed.sort(key=Diagnostic.sort_key)
        analysis = Analysis(display, text, loaded, placed)
        self.analyses[display] = analysis
        return analysis

    def close(self, display: str) -> None:
        """Forget a closed buffer. Its chunks stay: other buffers' analyses may hold its items,
        and the file's text on disk is often the buffer's."""
        self.buffers.pop(display, None)
        self.analyses.pop(display, None)

    def users(self, display: str) -> list[str]:
        """The other open buffers whose last analysis read `display`."""
        return sorted(d for d, a in self.analyses.items() if d != display and display in a.used())

    # ── what is under the cursor ──────────────────────────────────────────────────────────────

    def nodes_at(self, display: str, offset: int) -> list[Node]:
        """The syntax nodes of `display` holding `offset`, outermost first. Their spans are
        their chunk's: `span` places them in the buffer."""
        found = self.chunker.at(display, offset)
        if found is None:
            return []
        chunk, place = found
        inner = offset - place.offset
        chain: list[Node] = []
        level: tuple[object, ...] = chunk.items
        while True:
            hit = next((n for n in _children(level) if _holds(n.span, inner)), None)
            if hit is None:
                break
            chain.append(hit)
            level = tuple(getattr(hit, name) for name in type(hit).model_fields)
        return chain

    def span(self, span: Span) -> Span:
        """A chunk's span placed in its buffer."""
        return self.chunker.places.span(span)

    def definitions(self, display: str) -> dict[tuple[str, str], tuple[Definition, str]]:
        """What the module `display` sees: its own definitions and those of the modules it
        `use`s, by (kind, name), each with the module defining it; its own win."""
        analysis = self.analyses.get(display)
        if analysis is None:
            return {}
        modules = analysis.loaded.modules
        links = conventional_links(modules)
        seen: dict[tuple[str, str], tuple[Definition, str]] = {}
        for name in [*links.get(display, {}).values(), display]:
            module = modules.get(name)
            for item in module.items if module is not None else ():
                for definition in _defined(item):
                    seen[(kind_of(definition), name_of(definition))] = (definition, name)
        return seen


def kind_of(definition: Definition) -> str:
    """The kind of name a definition defines (`topic`, `words`, `pii_group`, `pattern`,
    `guardrail`)."""
    return "pattern" if isinstance(definition, s.PatternStmt) else definition.kind


def name_of(definition: Definition) -> str:
    """The name a definition defines."""
    return definition.pattern.name if isinstance(definition, s.PatternStmt) else definition.name


def _defined(item: s.TopLevel) -> Iterator[Definition]:
    """The definitions an item makes: itself, and a guardrail's inline topics and patterns."""
    if isinstance(item, s.TopicDef | s.WordListDef | s.PiiGroupDef | s.PatternDef):
        yield item
    elif isinstance(item, s.GuardrailDecl):
        yield item
        for stmt in item.statements:
            if isinstance(stmt, s.TopicStmt) and stmt.inline is not None:
                yield stmt.inline
            elif isinstance(stmt, s.PatternStmt) and stmt.regex is not None:
                yield stmt


def _children(values: tuple[object, ...]) -> Iterator[Node]:
    for value in values:
        if isinstance(value, s.Node | IRNode):
            yield value
        elif isinstance(value, tuple):
            yield from _children(value)


def _holds(span: Span, offset: int) -> bool:
    return span.start <= offset <= span.end and span.file != "<generated>"
