"""What the `vendor_*.py` converters share: reading a bare clone at a commit, cutting a text the
way every vendored attack/benign set is cut, and writing the rows with the source's licence.

Each converter reads one public repository fetched as a bare clone (`fetch github:OWNER/NAME`),
picks its rows, and calls `write_rows`; the sha256 printed is the one the data README records.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from collections import Counter
from collections.abc import Callable, Container, Mapping, Sequence
from pathlib import Path

MAX_CHARS = 1000  # every vendored text is cut to this many characters at a word boundary


def git(repo: Path, *args: str) -> str:
    """The output of `git --git-dir REPO ARGS...`."""
    return subprocess.run(
        ["git", "--git-dir", str(repo), *args], check=True, capture_output=True, text=True
    ).stdout


def cut(text: str) -> str:
    """`text` stripped and cut to MAX_CHARS at the last space before the limit."""
    text = text.strip()
    if len(text) <= MAX_CHARS:
        return text
    head = text[:MAX_CHARS]
    return head[: head.rfind(" ")] if " " in head else head


def without_front_matter(text: str) -> str:
    """`text` without a leading YAML front matter block (`---` … `---`), as Markdown agent and
    rule files carry one."""
    lines = text.lstrip("\ufeff").split("\n")
    if lines and lines[0].strip() == "---":
        for i in range(1, len(lines)):
            if lines[i].strip() == "---":
                return "\n".join(lines[i + 1 :])
    return text


def markdown_bodies(repo: Path, commit: str, folder: str, suffix: str) -> list[tuple[str, str]]:
    """(name, text) of every FOLDER/<name>SUFFIX file at the commit, in path order: the body with
    its front matter removed and line endings made LF, `cut`; bodies under three words left out."""
    paths = git(repo, "ls-tree", "-r", "--name-only", commit, folder).splitlines()
    bodies = []
    for path in sorted(p for p in paths if p.count("/") == 1 and p.endswith(suffix)):
        raw = git(repo, "show", f"{commit}:{path}").replace("\r\n", "\n")
        text = cut(without_front_matter(raw))
        if len(text.split()) >= 3:
            bodies.append((path.split("/")[1].removesuffix(suffix), text))
    return bodies


class Fresh:
    """Keeps each text once (case-folded) and none whose key (its opening) another set has;
    counts the texts it turns away: `repeated`, and the keys of those `dropped`."""

    def __init__(self, taken: Container[str]) -> None:
        self.taken = taken
        self.seen: set[str] = set()
        self.repeated = 0
        self.dropped: list[str] = []

    def __call__(self, text: str, key: str) -> bool:
        """Whether to keep `text`: not seen before, and its `key` not taken."""
        folded = text.casefold()
        if folded in self.seen:
            self.repeated += 1
            return False
        self.seen.add(folded)
        if key in self.taken:
            self.dropped.append(key)
            return False
        return True


def fresh_cut(raw: str, fresh: Fresh, key: Callable[[str], str], skipped: Counter[str]) -> str:
    """`raw` `cut`, or '' when it is empty (counted in `skipped`) or `fresh` turns it away (a
    repeat, or its `key` taken by another set)."""
    text = cut(raw)
    if not text:
        skipped["empty"] += 1
        return ""
    return text if fresh(text, key(text)) else ""


def source() -> tuple[Path, str]:
    """The bare clone and the commit given on the command line (HEAD when none is)."""
    repo = Path(sys.argv[1])
    commit = sys.argv[2] if len(sys.argv) > 2 else git(repo, "rev-parse", "HEAD").strip()
    return repo, commit


def apache_licence(repo: Path, repository: str, commit: str) -> str:
    """The repository's LICENSE at `commit`, after checking it is the Apache License 2.0, after a
    header naming the repository and commit: the LICENSE a converter writes beside its rows."""
    text = git(repo, "show", f"{commit}:LICENSE")
    assert "Apache License" in text and "Version 2.0, January 2004" in text
    header = (
        "The rows of requests.jsonl come from the repository below, at the commit named; its\n"
        "LICENSE file, at that commit, is the text that follows (the Apache License,\n"
        f"Version 2.0):\n  {repository} {commit}\n\n"
    )
    return header + text


def write_rows(out_dir: Path, name: str, rows: Sequence[dict[str, object]], licence: str) -> str:
    """Write `rows` as JSONL to OUT_DIR/NAME (sorted keys, UTF-8) and the source's LICENSE next
    to it; the file's sha256."""
    out_dir.mkdir(parents=True, exist_ok=True)
    out = out_dir / name
    with out.open("w", encoding="utf-8") as f:
        for row in rows:
            f.write(json.dumps(row, ensure_ascii=False, sort_keys=True) + "\n")
    (out_dir / "LICENSE").write_text(licence, encoding="utf-8")
    return hashlib.sha256(out.read_bytes()).hexdigest()


def counts_by(rows: Sequence[Mapping[str, object]], *fields: str) -> dict[str, int]:
    """How many `rows` have each value (joined by `/` for several fields) of `fields`."""
    return dict(sorted(Counter("/".join(str(r[f]) for f in fields) for r in rows).items()))


def print_counts(
    rows: Sequence[Mapping[str, object]], fresh: Fresh, kept_out: Mapping[str, set[str]],
    groups: Sequence[tuple[str, ...]],
) -> None:  # fmt: skip
    """Print (counts only) the rows dropped for an opening, per set sharing it, and the rows'
    counts by each group of fields."""
    dropped = Counter(name for k in fresh.dropped for name in kept_out[k])
    print(f"  dropped by opening, per set sharing it: {dict(sorted(dropped.items()))}")
    for fields in groups:
        print(f"  {'/'.join(fields)}: {counts_by(rows, *fields)}")
