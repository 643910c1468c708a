"""Convert deepset's prompt-injection dataset into tests/data/attacks/deepset/prompts.jsonl.

    fetch github:sinanw/llm-security-prompt-injection   # a bare clone, e.g. /work/.mirror/.../repo
    pip install --target /tmp/pq pyarrow                # the files are parquet; not in the venv
    PYTHONPATH=/tmp/pq python scripts/vendor_deepset.py /path/to/repo.git [COMMIT]

deepset/prompt-injections (deepset GmbH, 2023; Apache-2.0 by its dataset card) is a Hugging Face
dataset of 662 user prompts labelled injection (1) or legitimate (0): questions and keyword
searches, injections that tell the model to forget its task, and legitimate prompts with an
injection stacked on them, mostly English with translations, mainly German. It is out of this
machine's reach on Hugging Face; sinanw/llm-security-prompt-injection keeps its two parquet files
(`data/raw/{train,test}-00000-of-00001-*.parquet`, deepset's own file names and sizes) unchanged.

Rows: the `text` of both splits, stripped and not cut (a cut could drop a stacked injection), as
user input with deepset's label; `split` and `source` (repository@commit:path#row) kept. The
dataset has no language column, so `lang` is guessed from function words (`guess_lang`): the
language whose common short words the text uses most, `xx` when none or a tie. Texts already
written once (folded) are kept once, and rows whose opening (the first 60 folded characters) is
that of a row of any set in `benchmarks/attack_data.LOADERS` are dropped. Registered as blind
(`benchmarks/attack_data.BLIND`) before any of its rows was read or scored: this script prints
counts only. Deterministic: the same commit gives the same file.
"""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq  # type: ignore[import-not-found]  # pip install --target /tmp/pq
from language_guess import guess_lang
from vendor_injecagent import key, openings_of_others
from vendoring import Fresh, git, print_counts, source, write_rows

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


OUT = ROOT / "tests" / "data" / "attacks" / "deepset"
NAME = "deepset prompt-injections"  # this set's own name in LOADERS, once registered
REPO = "sinanw/llm-security-prompt-injection"
FILES = {
    "train": "data/raw/train-00000-of-00001-9564e8b05b4757ab.parquet",
    "test": "data/raw/test-00000-of-00001-701d16158af87368.parquet",
}


def _apache() -> str:
    """The Apache License 2.0 text, as vendored beside another Apache-2.0 set here."""
    return (ROOT / "tests" / "data" / "attacks" / "ifeval" / "LICENSE").read_text(encoding="utf-8")


def main() -> None:
    """Write prompts.jsonl from the repository and commit given on the command line."""
    repo, commit = source()
    kept_out = openings_of_others(NAME)
    fresh = Fresh(kept_out)
    rows: list[dict[str, object]] = []
    for split, path in FILES.items():
        raw = git_bytes(repo, f"{commit}:{path}")
        table = pq.read_table(io.BytesIO(raw)).to_pylist()
        for i, case in enumerate(table):
            text = str(case["text"]).strip()
            if not fresh(text, key(text)):
                continue
            rows.append(
                {
                    "text": text,
                    "label": int(case["label"]),
                    "lang": guess_lang(text),
                    "channel": "user",
                    "split": split,
                    "source": f"{REPO}@{commit}:{path}#{i}",
                }
            )
    licence = (
        "deepset/prompt-injections (https://huggingface.co/datasets/deepset/prompt-injections)\n"
        "Copyright deepset GmbH. Licensed under the Apache License, Version 2.0 (the dataset "
        "card's `license: apache-2.0`); the text of that licence follows. The copy read here, "
        f"{REPO} at commit {commit}, is MIT-licensed as a repository; its licence follows "
        "the Apache text.\n\n" + _apache() + "\n\n" + git(repo, "show", f"{commit}:LICENSE")
    )
    digest = write_rows(OUT, "prompts.jsonl", rows, licence)
    print(f"commit {commit}: {len(rows)} rows, {fresh.repeated} repeated")
    print_counts(rows, fresh, kept_out, (("label",), ("lang",), ("split",), ("lang", "label")))
    print(f"  over 1,000 characters: {sum(len(str(r['text'])) > 1000 for r in rows)}")
    print(f"sha256 {digest}")


def git_bytes(repo: Path, spec: str) -> bytes:
    """The raw bytes of `git show SPEC` (the parquet files are binary)."""
    return subprocess.run(
        ["git", "--git-dir", str(repo), "show", spec], check=True, capture_output=True
    ).stdout


if __name__ == "__main__":
    main()
