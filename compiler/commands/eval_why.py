"""`guardc eval --input TEXT --why`: why the local evaluator gives a text its prompt-attack
confidence, printed on stderr after the response (which stays the ApplyGuardrail shape).

A false block in `guardc test` is a red build; before a team can decide what to do about one
(a lower strength, cut points fitted to Bedrock's verdicts, a report to us) it needs to know what
found the attack: the learned model alone, a hand-written rule, an order planted in a document,
or a hidden payload. The parts come from the engine's own scoring
(`runtime.explain_attack`), so the explanation is the verdict's, cut points and calibration
included.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..runtime import Evaluator
    from ..runtime.explain_attack import AttackEvidence

PARTS = ("learned score", "rules", "planted orders", "decoded views")
STRETCH_SHOWN = 10  # words of a long text's deciding stretch quoted


def _evidence(evaluator: Evaluator, text: str) -> tuple[AttackEvidence, Sequence[float] | None]:
    """`text`'s evidence on the evaluator's engine, and the calibrated cut points that apply to
    it (none for an `[embed]` document, which keeps the standard engine's verdict)."""
    from ..runtime.explain_attack import evidence

    engine = evaluator.detectors.scorers.engine if evaluator.detectors.scorers else "standard"
    found = evidence(text, engine)
    calibrated = evaluator.calibration.filters.get("PROMPT_ATTACK")
    return found, None if found.document else calibrated


def _reaching(found: AttackEvidence, cuts: Sequence[float]) -> list[str]:
    """The names of the parts that reach LOW."""
    return [name for name, value in zip(PARTS, found.parts, strict=True) if value >= cuts[0]]


def explain(evaluator: Evaluator, text: str) -> list[str]:
    """The lines `--why` prints for `text` evaluated as INPUT by `evaluator`."""
    found, calibrated = _evidence(evaluator, text)
    side = evaluator.plan.sides.get("INPUT")
    strengths = [s for kind, s, _ in (side.filters if side else ()) if kind == "PROMPT_ATTACK"]
    return lines(found, strengths[0] if strengths else None, calibrated)


def summary(evaluator: Evaluator, text: str) -> str:
    """One line for a failed `guardc test` expectation: the confidence and what gave it (the
    parts reaching LOW; the learned score's strongest words when it alone does)."""
    found, calibrated = _evidence(evaluator, text)
    cuts = found.cuts if calibrated is None else tuple(calibrated)
    confidence = _level(max(found.parts), cuts)
    reaching = _reaching(found, cuts)
    if not reaching:
        return (
            f"prompt attack {confidence}: learned score {found.parts.learned:.3f} under LOW "
            f"{cuts[0]:.3f}, no rule, planted order or hidden payload"
        )
    line = f"prompt attack {confidence} from {' and '.join(reaching)}"
    if reaching == ["learned score"]:
        words = ", ".join(f"{w!r}" for w, _ in found.words[:4])
        line += f" alone ({words})" if words else " alone"
        line += _as_document(found)
        line += ", a local model's reading: compare with --against bedrock"
    return line + "; `guardc eval --input TEXT --why` shows more"


def _lowest_blocked(strength: str) -> str:
    """The lowest confidence a filter of `strength` blocks (the interpreter's rule)."""
    from ..runtime.engine import blocks

    return next(c for c in ("LOW", "MEDIUM", "HIGH") if blocks(c, strength))


def _level(score: float, cuts: Sequence[float]) -> str:
    from ..runtime.plan import level

    return level(score, cuts)


def lines(
    found: AttackEvidence, strength: str | None, calibrated: Sequence[float] | None = None
) -> list[str]:
    """The explanation of `found` under a filter of `strength` (None: the guardrail has no
    prompt-attack filter on input), on `calibrated` cut points when the plan has them."""
    cuts = tuple(calibrated) if calibrated is not None else found.cuts
    confidence = _level(max(found.parts), cuts)
    engine = "`[embed]` engine" if found.engine == "embed" else "standard engine"
    if strength is None:
        verdict = "this guardrail filters no prompt attacks on input"
    else:
        lowest = _lowest_blocked(strength)
        verdict = f"this guardrail's filter (strength {strength}) blocks {lowest} and up"
    out = [f"why PROMPT_ATTACK, {engine}: {confidence} confidence; {verdict}"]
    where = "calibrated (guardc calibrate)" if calibrated is not None else "the engine's own"
    out.append(
        f"  cut points       LOW {cuts[0]:.3f}  MEDIUM {cuts[1]:.3f}  HIGH {cuts[2]:.3f}, {where}"
    )
    if found.document:
        out.append("  a document (longer than a request): the standard engine's verdict")
    out += _long_text(found)
    for name, value in zip(PARTS, found.parts, strict=True):
        out.append(f"  {name:16} {value:.3f}  {_level(value, cuts)}")
    if found.raw >= cuts[0] > max(found.parts):
        out.append(_cleared(found, cuts))
    elif found.parts.learned < found.raw:
        out.append(f"  (the learned score was {found.raw:.3f} before {_what_lowered(found)})")
    if found.words and found.raw >= cuts[0]:  # what the word model read, when it matters
        shares = ", ".join(f"{word!r} +{share:.2f}" for word, share in found.words)
        out.append(f"  words and word pairs adding most to the word model's logit: {shares}")
    if _reaching(found, cuts) == ["learned score"]:
        out += [
            "  only the learned score reaches LOW: this is a learned model's reading, which",
            "  Bedrock's classifier may not share. Check it with `guardc test --against bedrock`;",
            "  `guardc calibrate` fits these cut points to Bedrock's recorded verdicts.",
        ]
    return out


def _read_as_document(found: AttackEvidence) -> bool:
    """Whether one stretch of a text over a request's length decided its learned score."""
    from ..runtime.attacks import REQUEST_WORDS

    return bool(found.stretch) and found.length > REQUEST_WORDS


def _as_document(found: AttackEvidence) -> str:
    """For the one-line summary: a text over a request's length is read as a document, one
    stretch deciding (empty otherwise)."""
    if not _read_as_document(found):
        return ""
    return (
        f" in a {found.length}-word text read as a document (its most suspicious"
        f" {len(found.stretch)}-word stretch decides)"
    )


def _long_text(found: AttackEvidence) -> list[str]:
    """What a long text's learned score reads: one stretch of it, and over a request's length
    no second opinion (the lines are empty for a text of one window)."""
    from ..runtime.attacks import LONG_REQUEST_LOW, REQUEST_WORDS

    if not found.stretch:
        return []
    opening = " ".join(found.stretch[:STRETCH_SHOWN])
    out = [
        f"  a long text ({found.length} words): the learned score is that of its most suspicious"
        f' {len(found.stretch)}-word stretch, "{opening} ..."'
    ]
    if _read_as_document(found):
        out.append(
            f"  over {REQUEST_WORDS} words a text is read as a document: no second opinion is"
            " asked, that stretch decides alone"
        )
    if found.long_request:
        out.append(
            "  it opens as a request (or after one sentence of context), or closes the"
            " writer's own material with one, so the rest is that material: that stretch is"
            " held to a LOW cut of its own,"
            f" {LONG_REQUEST_LOW} on the word model's scale"
        )
    return out


def _what_lowered(found: AttackEvidence) -> str:
    if found.gated < found.raw:
        return (
            "the gates (a short message, a role or format set-up, a request to rework or analyse"
            " a given text, a plain request or question, taking back a message)"
        )
    return "the second opinion" if found.engine == "standard" else "the agreement check"


def _cleared(found: AttackEvidence, cuts: Sequence[float]) -> str:
    return (
        f"  the learned score alone was {found.raw:.3f} ({_level(found.raw, cuts)}); "
        f"{_what_lowered(found)} kept it under LOW"
    )
