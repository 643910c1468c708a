"""Between guardc's positions (spans: character offsets, 1-based lines and columns) and the
protocol's (0-based lines, columns in the client's code units), and guardc's diagnostics as the
protocol's."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlparse

from lsprotocol import types as t
from pygls.uris import to_fs_path
from pygls.workspace.position_codec import PositionCodec

from ..diagnostics.codes import CODES
from ..diagnostics.sink import Diagnostic, Severity
from ..diagnostics.span import Span
from .analysis import display_name, module_path

SOURCE = "guardc"
EXPLAIN_SCHEME = "guardc-explain"  # `guardc-explain:E203`: the text of `guardc explain E203`


def uri_to_display(uri: str) -> str:
    """The display name of a `file:` URI (any other URI, e.g. an untitled buffer: its path,
    made absolute)."""
    path = to_fs_path(uri) if uri.startswith("file:") else None
    return display_name(path if path is not None else unquote(urlparse(uri).path))


def display_to_uri(display: str) -> str | None:
    """The `file:` URI of a module's file (None for a standard-library module in a zip)."""
    path = module_path(display)
    return Path(path).absolute().as_uri() if path is not None else None


class Lines:
    """A text's lines, to turn spans into ranges in the client's code units."""

    def __init__(self, text: str, codec: PositionCodec) -> None:
        self.lines = text.split("\n")
        self.codec = codec

    def position(self, line: int, column: int) -> t.Position:
        """The protocol position of a 1-based line and column."""
        index = line - 1
        if index >= len(self.lines):
            return t.Position(line=len(self.lines) - 1, character=len(self.lines[-1]))
        head = self.lines[index][: column - 1]
        if head.isascii():
            return t.Position(line=index, character=len(head))
        return self.codec.position_to_client_units(
            self.lines, t.Position(line=index, character=len(head))
        )

    def range(self, span: Span) -> t.Range:
        """The protocol range of a span of this text."""
        return t.Range(
            start=self.position(span.line, span.column),
            end=self.position(span.end_line, span.end_column),
        )


def explain_uri(code: str) -> str:
    """Where a client finds a code's explanation (the VS Code extension shows it)."""
    return f"{EXPLAIN_SCHEME}:{code}"


def explanation(code: str) -> str | None:
    """The text `guardc explain CODE` prints first: the code's title and its explanation."""
    entry = CODES.get(code.upper())
    if entry is None:
        return None
    return f"{code.upper()}: {entry.title}\n\n{entry.explanation}\n"


def diagnostic(d: Diagnostic, lines: Lines, others: dict[str, Lines]) -> t.Diagnostic:
    """A guardc diagnostic as the protocol's: code, link to its explanation, help, labels."""
    message = d.message if d.note is None else f"{d.message} ({d.note})"
    if d.help:
        message += f"\nhelp: {d.help}"
    related = []
    for label in d.labels:
        uri = display_to_uri(label.span.file)
        where = lines if label.span.file == d.span.file else others.get(label.span.file)
        if uri is not None and where is not None:
            location = t.Location(uri=uri, range=where.range(label.span))
            related.append(t.DiagnosticRelatedInformation(location=location, message=label.message))
    return t.Diagnostic(
        range=lines.range(d.span),
        message=message,
        severity=(
            t.DiagnosticSeverity.Error
            if d.severity is Severity.ERROR
            else t.DiagnosticSeverity.Warning
        ),
        code=d.code,
        code_description=t.CodeDescription(href=explain_uri(d.code)),
        source=SOURCE,
        related_information=related or None,
        data={"help": d.help} if d.help else None,
    )
