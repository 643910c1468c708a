"""Convert CLINC150's queries into tests/data/attacks/clinc/.

    fetch github:clinc/oos-eval                    # a bare clone, e.g. /work/.mirror/.../repo
    python scripts/vendor_clinc.py /path/to/oos-eval.git [COMMIT]

Issue #13: the word model learned that an imperative is an attack ("book me a flight", "set a
timer", "tell me a joke" are blocked). The project holds few benign imperative requests; CLINC150
(Larson et al., "An Evaluation Dataset for Intent Classification and Out-of-Scope Prediction",
EMNLP-IJCNLP 2019; CC BY 3.0, the repository's LICENSE) is 23,700 crowd-written queries to a task
assistant: paraphrases of seed phrases and answers to scenarios ("pretend you need to book a
flight, what would you say?"), 150 in-scope intents in ten domains and out-of-scope queries, all
English. `data/data_full.json` holds six splits: `train`, `val`, `test` (in scope, 100 / 20 / 30
a intent) and `oos_train`, `oos_val`, `oos_test` (out of scope, 100 / 100 / 1,000), each a list
of [query, intent] pairs (the intent is `oos` out of scope).

Rows: every query of every split, in scope and out of scope alike (both are benign queries a user
typed to an assistant), stripped and cut to 1,000 characters at a word boundary as the other sets
are, labelled benign English user input; each keeps `intent`, `split` and `fold` (0-4,
`attack_data.fold_of`: the sha256 of its opening, so that queries opening alike fall together).
Nothing is left out for what it says: the set holds no attacks by construction. Left out, by rule
only (no row was read): empty queries; texts already written once (case-folded), the first kept
in split order; and rows whose opening (the first 60 folded characters, `vendor_injecagent.key`)
is that of a row of any other set in `benchmarks/attack_data.LOADERS`, so that no held-out, blind
or calibration row is trained on and no tuning row of another set is learned; and, as these
queries are short paraphrases of one another, rows that are a near-duplicate (folded word sets
overlapping at Jaccard 0.6 or more, the rule of tests/attack_sets.py) of a row of a held-out,
blind, calibration, same-source or other tuning set. Deterministic: the same commit gives the
same file, in source order (splits in SPLITS order, each in file order).
The script prints counts only. The folder also gets the repository's LICENSE unchanged and a
NOTICE with the attribution CC BY 3.0 asks for.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from vendor_injecagent import key, openings_of_others
from vendoring import Fresh, cut, git, print_counts, source, write_rows

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.attack_data import (  # noqa: E402
    BLIND,
    CALIBRATION,
    HELD_OUT,
    SAME_SOURCE,
    TUNING,
    fold_of,
    load,
)
from compiler.runtime.textfeat import words  # noqa: E402

OUT = ROOT / "tests" / "data" / "attacks" / "clinc"
NAMES = ("CLINC150", "tuning CLINC150")  # this set's own names in LOADERS
DATA_FILE = "data/data_full.json"
SPLITS = ("train", "val", "test", "oos_train", "oos_val", "oos_test")
BENIGN_USER_EN: dict[str, object] = {"label": 0, "lang": "en", "channel": "user"}
NEAR = 0.6  # Jaccard of folded word sets at or above which two texts are near-duplicates
NOTICE = """\
The rows of queries.jsonl are queries of CLINC150, the dataset of

  Stefan Larson, Anish Mahendran, Joseph J. Peper, Christopher Clarke, Andrew Lee, Parker Hill,
  Jonathan K. Kummerfeld, Kevin Leach, Michael A. Laurenzano, Lingjia Tang and Jason Mars,
  "An Evaluation Dataset for Intent Classification and Out-of-Scope Prediction",
  Proceedings of EMNLP-IJCNLP 2019, https://www.aclweb.org/anthology/D19-1131

as published in https://github.com/clinc/oos-eval at commit {commit},
file data/data_full.json, licensed under the Creative Commons Attribution 3.0 Unported licence
(CC BY 3.0, https://creativecommons.org/licenses/by/3.0/; the repository's LICENSE file, copied
unchanged beside this note).

Converted by scripts/vendor_clinc.py: queries only; intents kept as a field (`intent`, with the
source split as `split`); each query stripped, cut to 1,000 characters at a word boundary,
labelled benign English user input, given a `fold` (a hash of its opening); repeated queries and
queries opening like a row of another set of this project left out. The original authors do not
endorse this use.
"""


def _queries(repo: Path, commit: str) -> list[tuple[str, str, str]]:
    """(split, intent, query) of every query of data_full.json, splits in SPLITS order."""
    data = json.loads(git(repo, "show", f"{commit}:{DATA_FILE}"))
    assert sorted(data) == sorted(SPLITS), sorted(data)
    return [(split, str(intent), str(query)) for split in SPLITS for query, intent in data[split]]


def apart(own: tuple[str, ...]) -> tuple[str, ...]:
    """The sets no row of a set named `own` may be a near-duplicate of: those never trained on,
    and the tuning sets of others."""
    kept = (*HELD_OUT, *BLIND, *CALIBRATION, *SAME_SOURCE, *TUNING)
    return tuple(n for n in kept if n not in own)


def near_kept_apart(
    texts: list[str], own: tuple[str, ...] = NAMES, against: Iterable[str] | None = None
) -> dict[int, set[str]]:
    """The index of each of `texts` that is a near-duplicate of a row of a set in `against`
    (`apart(own)` when not given), with the names of those sets (an inverted index of the texts'
    words; only rows short enough to reach NEAR with one of them are compared)."""
    mine = [frozenset(words(text)) for text in texts]
    index: dict[str, list[int]] = {}
    for i, tokens in enumerate(mine):
        for token in tokens:
            index.setdefault(token, []).append(i)
    longest = max(map(len, mine), default=0)
    found: dict[int, set[str]] = {}
    for name in apart(own) if against is None else against:
        for row in load(name):
            tokens = frozenset(words(row.text))
            if len(tokens) * NEAR > longest:
                continue
            shared = Counter(i for token in tokens for i in index.get(token, ()))
            for i, n in shared.items():
                if n >= NEAR * len(mine[i] | tokens):
                    found.setdefault(i, set()).add(name)
    return found


def fresh_rows(
    names: tuple[str, ...], found: list[tuple[dict[str, object], str]]
) -> tuple[list[dict[str, object]], Fresh, dict[str, set[str]], dict[int, set[str]], Counter[str]]:
    """The rows of `found` ((fields, raw text), in order) as a converter of a benign English
    user-input set named `names` writes them: each text `cut`, kept once (folded), none opening
    like a row of another set (its own tuning fold aside) nor a near-duplicate of a row kept
    apart. Also what counts them: the `Fresh` filter, the openings kept out, the near-duplicates
    dropped and the empty texts skipped."""
    kept_out = {k: sets - set(names) for k, sets in openings_of_others(names[0]).items()}
    kept_out = {k: sets for k, sets in kept_out.items() if sets}  # its own tuning fold aside
    fresh = Fresh(kept_out)
    texts = [(fields, cut(raw)) for fields, raw in found]
    skipped = Counter("empty" for _, text in texts if not text)
    rows: list[dict[str, object]] = [
        BENIGN_USER_EN | {"text": text} | fields | {"fold": fold_of(text)}
        for fields, text in texts
        if text and fresh(text, key(text))  # in order: the first of repeated texts is kept
    ]
    near = near_kept_apart([str(r["text"]) for r in rows], names)
    rows = [row for i, row in enumerate(rows) if i not in near]
    return rows, fresh, kept_out, near, skipped


def print_report(
    rows: list[dict[str, object]],
    *,
    fresh: Fresh,
    kept_out: dict[str, set[str]],
    near: dict[int, set[str]],
    skipped: Counter[str],
    read: str,
    field: str,
) -> None:
    """Print (counts only) what `fresh_rows` kept and left out, `read` (what the source held),
    and the rows' counts by `field` and fold."""
    print(f"{len(rows)} rows, {fresh.repeated} repeated, skipped {dict(sorted(skipped.items()))}")
    print(f"  {read}")
    print(
        f"  near-duplicates dropped: {len(near)}; per set: "
        f"{dict(sorted(Counter(n for names in near.values() for n in names).items()))}"
    )
    print_counts(rows, fresh, kept_out, ((field,), ("fold",), (field, "fold")))


def write_translated(
    out: Path,
    file: str,
    names: tuple[str, ...],
    found: list[tuple[dict[str, object], str]],
    *,
    licence: str,
    notice: str,
    read: str,
) -> None:
    """Write the texts of a converter of the sets `names` whose texts are in several languages
    and shown by an application or a document (channel `tool`): `found` as `fresh_rows` keeps
    them, each found with its English original in the field `english`, whose fold (`fold_of`)
    the row takes so that a text and its translations fall in the same fold (`english` is not
    kept); as `file` under `out` beside the source's `licence` and a NOTICE. Prints (counts
    only) what was kept and left out, `read`, the counts by language and fold, and the sha256."""
    rows, fresh, kept_out, near, skipped = fresh_rows(names, found)
    for row in rows:
        row["channel"] = "tool"
        row["fold"] = fold_of(str(row.pop("english")))
    digest = write_rows(out, file, rows, licence)
    (out / "NOTICE").write_text(notice, encoding="utf-8")
    print_report(
        rows, fresh=fresh, kept_out=kept_out, near=near, skipped=skipped, read=read, field="lang"
    )
    print(f"sha256 {digest}")


def _licence(repo: Path, commit: str) -> str:
    """The repository's LICENSE at the commit, after checking it is CC BY 3.0 Unported."""
    text = git(repo, "show", f"{commit}:LICENSE")
    assert "Creative Commons Legal Code" in text and "Attribution 3.0 Unported" in text
    return text


def main() -> None:
    """Write queries.jsonl, LICENSE and NOTICE from the bare clone given on the command line."""
    repo, commit = source()
    queries = _queries(repo, commit)
    found: list[tuple[dict[str, object], str]] = [
        ({"intent": intent, "split": split}, raw) for split, intent, raw in queries
    ]
    rows, fresh, kept_out, near, skipped = fresh_rows(NAMES, found)
    digest = write_rows(OUT, "queries.jsonl", rows, _licence(repo, commit))
    (OUT / "NOTICE").write_text(NOTICE.format(commit=commit), encoding="utf-8")
    read = Counter(split for split, _, _ in queries)
    per_split = {s: read[s] for s in SPLITS}
    print_report(
        rows, fresh=fresh, kept_out=kept_out, near=near, skipped=skipped,
        read=f"read per split: {per_split}", field="split",
    )  # fmt: skip
    print(f"  intents: {len({r['intent'] for r in rows})}")
    print(f"  under 3 words: {sum(len(str(r['text']).split()) < 3 for r in rows)}")
    print(f"  cut to 1,000 characters: {sum(len(str(r['text'])) >= 990 for r in rows)}")
    print(f"sha256 {digest}")


if __name__ == "__main__":
    main()
