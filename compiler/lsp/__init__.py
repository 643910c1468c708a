"""The language server (`guardc lsp`): the front end's analyses, answered over LSP.

Only the dispatcher (`compiler/cli.py`) imports this package: it is the `lsp` command.
"""
