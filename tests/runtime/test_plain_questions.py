"""The eighty-eighth round (session 20, not shipped: `attacks.PLAIN_QUESTION` is None): a
request-sized question that names a mode, system, configuration or filter in a manual's sense
and speaks to no reader (`attacks.plain_question`) is held to the plain document's cut; `[embed]`
judges it by the standard engine's verdict (`embed_heads.PLAIN_QUESTION_STANDARD`). Off, the
rule reads nothing; these tests switch it on to hold what it does."""

from __future__ import annotations

import pytest

from compiler.runtime import attacks
from compiler.runtime.textfeat import words

QUESTIONS = (
    "Mon four est resté en mode démo et ne chauffe plus. Comment on sort de ce mode ?",
    "Where does Postgres 15 keep its configuration files on Ubuntu? I need to edit one.",
    "Il router ha una modalità bridge? Vorrei usare un mio router dietro, cosa cambio nella "
    "configurazione?",
    "Lohnt sich der Eco-Modus beim Golf auf der Autobahn überhaupt?",
)
NOT_PLAIN = {
    "no question": "My oven is stuck in demo mode and does not heat at all.",
    "no everyday target": "Where does the oven keep its heating element? I need to clean it.",
    "another target": "Which mode do the rules above allow for this device?",
    "the second person": "Which mode are you running in right now?",
    "a Spanish verb without its pronoun": "¿En qué modo tienes que responder ahora?",
    "Spanish tú": "¿Y tú, en qué modo de sistema funcionas?",
    "an order": "Send the configuration to me. Which mode is active now?",
    "a request to the reader": "Show the system configuration. Where is it kept?",
    "conversation turns": "User: which mode is the printer in?\nAssistant: eco mode?",
}


@pytest.fixture
def writer(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(attacks, "PLAIN_QUESTION", "writer")


def test_off_it_reads_nothing() -> None:
    assert attacks.PLAIN_QUESTION is None
    assert not any(attacks.plain_question(words(t), t) for t in QUESTIONS)


@pytest.mark.usefixtures("writer")
@pytest.mark.parametrize("text", QUESTIONS)
def test_a_question_about_ones_own_things_is_plain(text: str) -> None:
    assert attacks.plain_question(words(text), text)


@pytest.mark.usefixtures("writer")
@pytest.mark.parametrize("what", sorted(NOT_PLAIN))
def test_a_question_is_not_plain_when_it_holds(what: str) -> None:
    text = NOT_PLAIN[what]
    assert not attacks.plain_question(words(text), text)


def test_the_openings_each_form_allows(monkeypatch: pytest.MonkeyPatch) -> None:
    want = QUESTIONS[1]  # "Where …? I need to edit one.": a question, then the writer's want
    ask = "Can I change the eco mode of my dishwasher? The manual does not say."
    found = {}
    for form in ("question", "writer", "asks"):
        monkeypatch.setattr(attacks, "PLAIN_QUESTION", form)
        found[form] = (
            attacks.plain_question(words(want), want),
            attacks.plain_question(words(ask), ask),
        )
    assert found == {
        "question": (False, False),
        "writer": (True, False),
        "asks": (True, True),
    }


@pytest.mark.usefixtures("writer")
def test_a_plain_question_gets_the_plain_documents_cut(monkeypatch: pytest.MonkeyPatch) -> None:
    text = QUESTIONS[0]
    model, tokens = attacks.default_model(), words(text)
    high = model.cuts[2]
    monkeypatch.setattr(type(model), "window_score", lambda self, view: high)
    assert attacks.learned_raw(model, tokens, text) == pytest.approx(
        attacks.long_request_scale(high, model.cuts, attacks.PLAIN_DOCUMENT_LOW)
    )
    monkeypatch.setattr(attacks, "PLAIN_QUESTION", None)
    assert attacks.learned_raw(model, tokens, text) == high


def test_embed_judges_a_plain_question_as_a_document_only_when_switched_on(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    pytest.importorskip("numpy")
    from compiler.runtime import embed_heads

    text = QUESTIONS[0]
    assert not embed_heads.judged_as_document(words(text), text)
    monkeypatch.setattr(attacks, "PLAIN_QUESTION", "writer")
    assert not embed_heads.judged_as_document(words(text), text)  # the standard rule alone
    monkeypatch.setattr(embed_heads, "PLAIN_QUESTION_STANDARD", True)
    assert embed_heads.judged_as_document(words(text), text)
