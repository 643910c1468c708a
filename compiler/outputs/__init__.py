"""Everything guardc writes goes through here (docs/security.md, "Outputs").

- `atomic.replace_file`: one file replaced atomically (a temporary file beside it, fsynced, renamed
  over it, the folder fsynced), keeping the file's mode; used by `fmt`, the lock file and
  `test --junit`.
- `folder.make_folder`: a folder created with its missing parents, refusing a symlink on the way;
  `folder.output_folder` adds the check of the entries a command will write in it (`replay
  --out DIR`, both engines: `summary.json` written with `replace_file`, Spark's `rows/`).
- `folder.BuildFolder`: the `compile -o DIR` folder, locked against concurrent compiles, where
  each guardrail's folder is built beside the old one and swapped in whole, and no symlink is
  ever followed.

Both raise `OutputError` for what they refuse or cannot do; commands report it as a usage error.
"""

from __future__ import annotations

from .atomic import OutputError, replace_file

__all__ = ["OutputError", "replace_file"]
