"""`UsageError`: guardc was called wrongly (bad flag value, missing path, unreadable lock file).

It is not a coded diagnostic about the sources: the command line prints `error: <message>` and
exits 2. It lives at the bottom of the dependency order so the pipeline can raise it and the
commands can catch it without either importing the other; `compiler.commands.common` re-exports
it for the commands. Standard library only: the CLI imports it at start-up."""

from __future__ import annotations


class UsageError(Exception):
    """A problem with how guardc was called, not with the sources: exit 2."""
