"""Convert awesome-cursorrules' rule files into tests/data/attacks/cursor_rules/rules.jsonl.

    fetch github:PatrickJS/awesome-cursorrules   # a bare clone, e.g. /work/.mirror/.../repo
    python scripts/vendor_cursor_rules.py /path/to/awesome-cursorrules.git [COMMIT]

PatrickJS/awesome-cursorrules (CC0 1.0) collects the rule files people write for the Cursor
editor's model: each `rules/<name>.mdc` is a YAML front matter (description, globs, alwaysApply)
and a body that the editor puts before the user's request — a project's or a codebase's
description, a title, the stack, conventions, what to do and not to do. They are benign
instructions addressed to a model, written by others: an over-defence set for set-ups that open
with their own title or a description of the code rather than a role.

Rows: the body (front matter removed, line endings made LF) of every `rules/*.mdc` at the commit
— the whole collection, chosen without reading any — cut to 1,000 characters at a word boundary
(as the other sets are), labelled benign English user input. Rows whose opening (the first 60
folded characters, the key of scripts/vendor_garak_attacks.py) is that of a row of any set
already in `benchmarks/attack_data.LOADERS`, or of an earlier row of this one, are dropped. The
set was converted and registered as blind (`benchmarks/attack_data.BLIND`) before any of its rows
was read or scored; this script prints counts only. Deterministic: the same commit gives the same
file.
"""

from __future__ import annotations

import sys
from pathlib import Path

from vendoring import git, markdown_bodies, source, write_rows

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.attack_data import LOADERS, load  # noqa: E402
from compiler.runtime.textfeat import words  # noqa: E402

OUT = ROOT / "tests" / "data" / "attacks" / "cursor_rules"
NAME = "awesome-cursorrules"  # this set's own name in LOADERS, once registered


def _key(text: str) -> str:
    return " ".join(words(text))[:60]


def main() -> None:
    """Write rules.jsonl from the repository and commit given on the command line."""
    repo, commit = source()
    seen = {_key(r.text) for name in LOADERS if name != NAME for r in load(name)}
    rows: list[dict[str, object]] = []
    dropped = 0
    for name, text in markdown_bodies(repo, commit, "rules", ".mdc"):
        if _key(text) in seen:
            dropped += 1
            continue
        seen.add(_key(text))
        rows.append({"rule": name, "text": text, "label": 0, "lang": "en", "channel": "user"})
    digest = write_rows(OUT, "rules.jsonl", rows, git(repo, "show", f"{commit}:LICENSE"))
    print(f"commit {commit}: {len(rows)} rows, {dropped} dropped by opening, sha256 {digest}")


if __name__ == "__main__":
    main()
