"""commands/eval_why.py's wording, on made-up evidence."""

from __future__ import annotations

from compiler.commands.eval_why import lines
from compiler.runtime.attacks import AttackParts
from compiler.runtime.explain_attack import AttackEvidence

CUTS = (0.2, 0.5, 0.8)


def _evidence(
    engine: str = "standard", parts: AttackParts | None = None, document: bool = False
) -> AttackEvidence:
    parts = parts or AttackParts(0.6, 0.0, 0.0, 0.0)
    return AttackEvidence(engine, 0.6, 0.6, parts, CUTS, document=document)


def test_each_strength_names_the_lowest_confidence_it_blocks() -> None:
    for strength, lowest in (("LOW", "HIGH"), ("MEDIUM", "MEDIUM"), ("HIGH", "LOW")):
        first = lines(_evidence(), strength)[0]
        assert first.endswith(f"(strength {strength}) blocks {lowest} and up")
        assert "MEDIUM confidence" in first


def test_a_document_says_whose_verdict_it_is_and_a_rule_needs_no_caveat() -> None:
    out = lines(_evidence(engine="embed", document=True, parts=AttackParts(0.6, 0.9, 0, 0)), None)
    assert out[0].startswith("why PROMPT_ATTACK, `[embed]` engine: HIGH confidence")
    assert "  a document (longer than a request): the standard engine's verdict" in out
    assert not any("only the learned score" in line for line in out)


def test_calibrated_cut_points_decide_and_are_named() -> None:
    out = lines(_evidence(), "HIGH", (0.7, 0.8, 0.9))
    assert "NONE confidence" in out[0] and "calibrated (guardc calibrate)" in out[1]
