"""`guardc lsp`: the language server, over standard input and output, for any LSP editor."""

from __future__ import annotations

import argparse


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `lsp` (it takes no arguments: the editor starts it and speaks LSP on stdio)."""
    subparsers.add_parser(
        "lsp",
        help="run the language server on stdin/stdout (for editors)",
        description="Run the guardc language server (Language Server Protocol over stdio): "
        "diagnostics as `check` reports them, hover, completion, go to definition, formatting, "
        "document symbols and quick fixes. Editors start it; see editors/vscode/README.md.",
    )


def run(args: argparse.Namespace) -> int:
    """Serve until the client ends the session."""
    from .server import serve  # noqa: PLC0415 (pygls only for this command)

    serve()
    return 0
