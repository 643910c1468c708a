"""commands/eval_why.py's wording, on made-up evidence."""

from __future__ import annotations

from compiler.commands.eval_why import _as_document, lines
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


def test_a_long_text_quotes_its_deciding_stretch_and_over_a_request_says_no_judge() -> None:
    stretch = tuple(f"w{i}" for i in range(48))
    long = _evidence()._replace(length=120, stretch=stretch)
    out = lines(long, "HIGH")
    said = [line for line in out if line.startswith("  a long text (120 words)")]
    assert said and said[0].endswith('48-word stretch, "w0 w1 w2 w3 w4 w5 w6 w7 w8 w9 ..."')
    assert any("over 80 words a text is read as a document" in line for line in out)
    windowed = lines(_evidence()._replace(length=76, stretch=stretch), "HIGH")
    assert any(line.startswith("  a long text (76 words)") for line in windowed)
    assert not any("read as a document" in line for line in windowed)  # the judge is asked
    assert not any("a long text" in line for line in lines(_evidence(), "HIGH"))


def test_the_summary_says_when_a_long_text_was_read_as_a_document() -> None:
    stretch = tuple(f"w{i}" for i in range(48))
    long = _evidence()._replace(length=120, stretch=stretch)
    assert _as_document(long) == (
        " in a 120-word text read as a document (its most suspicious 48-word stretch decides)"
    )
    assert _as_document(_evidence()._replace(length=76, stretch=stretch)) == ""
    assert _as_document(_evidence()) == ""


def test_a_long_request_says_its_stretch_has_a_cut_of_its_own() -> None:
    stretch = tuple(f"w{i}" for i in range(48))
    request = _evidence()._replace(length=120, stretch=stretch, long_request=True)
    assert any("held to a LOW cut of its own" in line for line in lines(request, "HIGH"))
    document = request._replace(long_request=False)
    assert not any("cut of its own" in line for line in lines(document, "HIGH"))
