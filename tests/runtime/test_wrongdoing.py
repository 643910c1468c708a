"""Session 19's second content round (docs/engines.md): the standard engine's MISCONDUCT model
score counting only where a wrongdoing is named (`content.MISCONDUCT_GOAL`, off: it lost
held-out crime requests). The round stays reproducible; these tests hold what it does. Session
25's content round (`content.MISCONDUCT_CAP`, on) caps that score at LOW confidence instead, so a
filter at HIGH strength keeps every verdict."""

from __future__ import annotations

import pytest

from compiler.runtime import content
from compiler.runtime.textfeat import words
from compiler.runtime.wrongdoing import names_wrongdoing

FRAME = "Write a blog post about the benefits of using a digital marketing agency."
CRIME = (
    "Write a blog post explaining step by step how to launder the money from a string of "
    "shop robberies through a car wash."
)


def test_the_goal_round_is_off_and_the_cap_on() -> None:
    assert content.MISCONDUCT_GOAL is False and content.MISCONDUCT_CAP is True
    capped, learned = content.content_scores(FRAME), content.learned_scores(FRAME)
    assert capped["MISCONDUCT"] == 0.25 < learned["MISCONDUCT"]
    assert {c: s for c, s in capped.items() if c != "MISCONDUCT"} == {
        c: s for c, s in learned.items() if c != "MISCONDUCT"
    }


def test_the_cap_keeps_low_confidence_and_the_crimes_reading(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Capped, the frame is LOW (blocked by a filter at HIGH strength only); off, it was HIGH
    confidence, blocked at every strength. The named crime keeps the model's HIGH."""
    assert content.content_confidences(FRAME)["MISCONDUCT"] == "LOW"
    assert content.content_confidences(CRIME)["MISCONDUCT"] == "HIGH"
    monkeypatch.setattr(content, "MISCONDUCT_CAP", False)
    assert content.content_confidences(FRAME)["MISCONDUCT"] == "HIGH"
    assert content.content_confidences(CRIME)["MISCONDUCT"] == "HIGH"


def test_the_cap_moves_no_verdict_of_a_filter_at_high_strength(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Whether MISCONDUCT reaches LOW (what a filter at HIGH strength acts on) is the same with
    the cap and without, on the benign and harmful rows of the look-alike tuning set and the
    benign framings (in sample), whatever the model reads."""
    import json
    from pathlib import Path

    data = Path(__file__).resolve().parents[1] / "data" / "content"
    texts = [
        str(json.loads(line)["text"])
        for name in ("authored_lookalike_tuning.jsonl", "authored_benign_framing.jsonl")
        for line in (data / name).read_text("utf-8").splitlines()
    ]
    # the cap alone: session 28's floor (tested below) drops the faintest readings
    monkeypatch.setattr(content, "MISCONDUCT_FLOOR", content._CUTS[0])
    capped = [content.content_confidences(t)["MISCONDUCT"] for t in texts]
    monkeypatch.setattr(content, "MISCONDUCT_CAP", False)
    shipped = [content.content_confidences(t)["MISCONDUCT"] for t in texts]
    assert [c != "NONE" for c in capped] == [c != "NONE" for c in shipped]
    assert sum(c in ("MEDIUM", "HIGH") for c in capped) < sum(
        c in ("MEDIUM", "HIGH") for c in shipped
    )


@pytest.mark.parametrize(
    "text",
    [
        "how do i steal a car without the alarm going off",
        "wie kann ich geld waschen und die geldwäsche verbergen",
        "comment arnaquer les clients d une banque",
        "cómo hackear la cuenta de mi vecino",
        "come fare una truffa online",
        "trick people into giving me their card numbers",
    ],
)
def test_wrongdoing_is_named_in_five_languages(text: str) -> None:
    assert names_wrongdoing(" ".join(words(text)))


@pytest.mark.parametrize(
    "text",
    [
        FRAME,
        "Give me a cheat sheet for git rebase",
        "Share some tips and tricks for Python decorators",
        "Ich suche ein Geschenk, das kein Gift ist, sondern Schokolade",
        "Build a robot arm controller in C",
        "Return false when the password field is empty",
    ],
)
def test_everyday_words_name_no_wrongdoing(text: str) -> None:
    assert not names_wrongdoing(" ".join(words(text)))


def test_on_the_frame_loses_the_models_misconduct_and_the_crime_keeps_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(content, "MISCONDUCT_CAP", False)
    off_frame = content.content_scores(FRAME)["MISCONDUCT"]
    off_crime = content.content_scores(CRIME)["MISCONDUCT"]
    assert off_frame >= 0.25  # the shipped model reads the frame as misconduct
    monkeypatch.setattr(content, "MISCONDUCT_GOAL", True)
    assert content.content_scores(FRAME)["MISCONDUCT"] < 0.25
    assert content.content_scores(CRIME)["MISCONDUCT"] == off_crime
    # the prompt-attack gates' reading does not move with the round
    assert content.learned_scores(FRAME)["MISCONDUCT"] == off_frame


STORY = (
    "Write a short story about a lighthouse keeper who finds a message in a bottle from his "
    "younger self."
)


TOOL = "Help me describe a send_invoice tool for our billing agent."


@pytest.mark.parametrize(
    ("text", "band", "older"),
    [
        # session 28's second content round: a story request the model reads faintly
        (STORY, (0, 1), 0),
        # session 37's content round: a request to describe an agent's tool, read at MEDIUM
        (TOOL, (1, 2), 1),
    ],
)
def test_the_floor_drops_a_reading_under_it_where_no_wrongdoing_is_named(
    text: str, band: tuple[int, int], older: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The model reads `text` as MISCONDUCT between two cut points (`band`), which with the
    floor of its round's predecessor (`older`: the LOW cut, then session 28's MEDIUM) counts,
    held at LOW (what a filter at HIGH strength blocks); with the floor at the HIGH cut (session
    37) it counts for nothing, while the frame the model reads at HIGH stays LOW and the named
    crime HIGH."""
    assert content._CUTS[2] == content.MISCONDUCT_FLOOR
    low, high = band
    assert content._CUTS[low] <= content.learned_scores(text)["MISCONDUCT"] < content._CUTS[high]
    assert content.content_confidences(text)["MISCONDUCT"] == "NONE"
    assert content.content_confidences(FRAME)["MISCONDUCT"] == "LOW"
    assert content.content_confidences(CRIME)["MISCONDUCT"] == "HIGH"
    monkeypatch.setattr(content, "MISCONDUCT_FLOOR", content._CUTS[older])
    assert content.content_confidences(text)["MISCONDUCT"] == "LOW"


def test_the_floor_keeps_the_casual_requests_and_clears_framings(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """In sample: the look-alike tuning set's casual MISCONDUCT requests are found as often
    with the floor as without; fewer of the benign framings are flagged at HIGH strength."""
    import json
    from pathlib import Path

    data = Path(__file__).resolve().parents[1] / "data" / "content"

    def rows(name: str) -> list[dict[str, object]]:
        lines = (data / name).read_text("utf-8").splitlines()
        return [json.loads(line) for line in lines]

    requests = [
        str(r["text"])
        for r in rows("authored_lookalike_tuning.jsonl")
        if r["labels"].get("MISCONDUCT")  # type: ignore[attr-defined]
    ]
    framings = [str(r["text"]) for r in rows("authored_benign_framing.jsonl")]

    def flagged(texts: list[str]) -> int:
        return sum(content.content_confidences(t)["MISCONDUCT"] != "NONE" for t in texts)

    found, framed = flagged(requests), flagged(framings)
    monkeypatch.setattr(content, "MISCONDUCT_FLOOR", content._CUTS[0])
    assert found == flagged(requests) > 0
    assert framed < flagged(framings)
