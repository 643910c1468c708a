"""Convert the sentences of the Universal Dependencies PUD treebanks in English, German, French,
Spanish and Italian into tests/data/attacks/pud/.

    fetch github:UniversalDependencies/UD_English-PUD   # and UD_German-PUD, UD_French-PUD,
                                                         # UD_Spanish-PUD, UD_Italian-PUD
    python scripts/vendor_pud.py /work/.mirror   # the folder holding the five bare clones

Issue #13, the hundred-and-twenty-second round (docs/engines.md): the word model reads the
function words of German, French, Spanish and Italian as attack evidence, and the interface
messages tried first as their benign counterpart carry the vocabulary attacks use (passwords,
permissions, settings, sessions, debug modes), so every weight lost recall. The Parallel
Universal Dependencies treebanks (CoNLL 2017 shared task; Google) hold the same 1,000 sentences in
each language, from news and Wikipedia, translated from English: ordinary prose in all five
languages, parallel, so no language is more benign than another. Licence: CC BY-SA 3.0 for the
text (each repository's README and LICENSE.txt); the rows written here are an adaptation under
the same licence (LICENSE and NOTICE beside them).

Rows: the `# text =` line of every sentence of `<lang>_pud-ud-test.conllu` at the commit given
(the repository's HEAD by default), labelled benign, with its language, channel `tool` (prose a
document holds, not a user's request), `source` (repository@commit#sent_id) and `fold` (0-4,
`attack_data.fold_of` of the English sentence with the same `sent_id`), so that a sentence and
its translations fall in the same fold: fold 4 is `tuning PUD sentences`, the others `PUD
sentences`. Left out, by rule only (no row was read to choose it): texts already written once
(case-folded); rows opening like a row of another set (the first 60 folded characters); rows
that are a near-duplicate of a row of a held-out, blind, calibration, same-source or other
tuning set (`vendor_clinc.fresh_rows`). Deterministic. The script prints counts only.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

from vendor_clinc import write_translated
from vendoring import git

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "data" / "attacks" / "pud"
NAMES = ("PUD sentences", "tuning PUD sentences")  # this set's own names in LOADERS
TREEBANKS = {"en": "English", "de": "German", "fr": "French", "es": "Spanish", "it": "Italian"}
NOTICE = """\
The rows of sentences.jsonl are the sentences of the Parallel Universal Dependencies (PUD)
treebanks of the CoNLL 2017 shared task, as published in these GitHub repositories:
{repos}
The text is licensed under the Creative Commons Attribution-ShareAlike 3.0 licence (CC BY-SA 3.0;
each repository's README, "Licenses and terms-of-use", and LICENSE.txt, copied into LICENSE
beside this note): Google makes the sentences, randomly selected from news and Wikipedia and
their translations, available under CC BY-SA 3.0. Changes: scripts/vendor_pud.py keeps only each
sentence's text (the annotations are not kept), labels it benign with its language and a fold,
and leaves out texts repeated or opening like, or nearly repeating, a row of another set of this
project. This adapted file is licensed under CC BY-SA 3.0 as well.
"""


def repo_name(lang: str) -> str:
    """The GitHub name of the PUD treebank of `lang`."""
    return f"UniversalDependencies/UD_{TREEBANKS[lang]}-PUD"


def repository(mirror: Path, lang: str) -> Path:
    """The bare clone of the PUD treebank of `lang` under the fetch mirror."""
    return mirror / f"UniversalDependencies+UD_{TREEBANKS[lang]}-PUD" / "repo"


def sentences(repo: Path, commit: str, lang: str) -> list[tuple[str, str]]:
    """(sent_id, text) of every sentence of the treebank's test file, in file order."""
    found, sent_id = [], ""
    for line in git(repo, "show", f"{commit}:{lang}_pud-ud-test.conllu").splitlines():
        if line.startswith("# sent_id = "):
            sent_id = line.removeprefix("# sent_id = ").strip()
        elif line.startswith("# text = "):
            found.append((sent_id, line.removeprefix("# text = ").strip()))
    return found


def licence(mirror: Path, commits: dict[str, str]) -> str:
    """The English treebank's LICENSE.txt (the same CC BY-SA 3.0 in all five), after checking
    it and that every treebank's README names CC BY-SA 3.0 for the text."""
    for lang in TREEBANKS:
        readme = git(repository(mirror, lang), "show", f"{commits[lang]}:README.md")
        assert "CC-BY-SA 3.0" in readme or "CC BY-SA 3.0" in readme, lang
    text = git(repository(mirror, "en"), "show", f"{commits['en']}:LICENSE.txt")
    assert "creativecommons.org/licenses/by-sa/3.0" in text
    return "The text of the PUD treebanks is licensed under CC BY-SA 3.0:\n\n" + text


def main() -> None:
    """Write sentences.jsonl, LICENSE and NOTICE from the fetch mirror given on the command
    line."""
    mirror = Path(sys.argv[1])
    commits = {
        lang: git(repository(mirror, lang), "rev-parse", "HEAD").strip() for lang in TREEBANKS
    }
    english = dict(sentences(repository(mirror, "en"), commits["en"], "en"))
    found: list[tuple[dict[str, object], str]] = []
    for lang in TREEBANKS:
        name = f"{repo_name(lang)}@{commits[lang]}"
        for sent_id, text in sentences(repository(mirror, lang), commits[lang], lang):
            fields = {"lang": lang, "source": f"{name}#{sent_id}", "english": english[sent_id]}
            found.append((fields, text))
    repos = "\n".join(
        f"  https://github.com/{repo_name(lang)} at commit {commits[lang]}" for lang in TREEBANKS
    )
    read = Counter(str(f["lang"]) for f, _ in found)
    write_translated(
        OUT, "sentences.jsonl", NAMES, found,
        licence=licence(mirror, commits),
        notice=NOTICE.format(repos=repos),
        read=f"read per language: {dict(sorted(read.items()))}",
    )  # fmt: skip


if __name__ == "__main__":
    main()
