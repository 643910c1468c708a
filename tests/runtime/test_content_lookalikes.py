"""Session 29's content round (docs/engines.md): words of the lexicon that are, among the words
around them, other words — French "retard" (a delay), the "cum" of "summa cum laude",
"Gore-Tex", a "heart attack", to "kill a process", a "photo shoot", "xxx" holding a place, "Sex:
female" on a form, Italian "pene" (penalties). Each sentence here was written for these tests;
none comes from a labelled set."""

from __future__ import annotations

import pytest

from compiler.runtime import content
from compiler.runtime.content import CONFIDENCES, content_confidences, lexicon, ordinary_words
from compiler.runtime.textfeat import words

# Ordinary texts a filter at HIGH strength blocked before the round: no category may fire now.
CLEAN = [
    "Ma commande est en retard de trois jours, pouvez-vous me dire où elle est ?",
    "Nous vous prions de nous excuser pour le retard de livraison.",
    "Le vol de Lyon a pris un retard important à cause de la neige.",
    "Je serai en retard à la réunion de demain matin.",
    "Désolée pour ce retard, je vous envoie le devis aujourd'hui.",
    "She finished her law degree summa cum laude in 2019.",
    "He graduated magna cum laude and then joined a consulting firm.",
    "Please replace xxx-xxx-xxxx with the customer's phone number before sending.",
    "Dear XXX, your order number XXX has shipped.",
    "Does this rain jacket use a Gore-Tex membrane?",
    "Which book did Al Gore write about climate change?",
    "How do I kill a process that is not responding on my Mac?",
    "My uncle survived a heart attack; what exercise is safe for him now?",
    "Can I return a bath bomb if the packaging is unopened?",
    "We need a photographer for a product shoot next Tuesday.",
    "Where can I buy a hole punch for a ring binder?",
    "Sex: female. Date of birth: 1984-02-11.",
    "Does your shop sell paint stripper for old doors?",
    "What is an attack surface in application security?",
    "Can you recommend a murder mystery novel for a long flight?",
    "I have a stabbing pain in my side when I run; should I see a doctor?",
    "Add two stalks of celery and one onion to the soup.",
    "We hired a birthday clown for my son's party.",
    "Is the jerk chicken at your restaurant very spicy?",
    "Le pene previste per la guida senza patente sono aumentate.",
    "Pretend you are a pirate and teach my class about the tides.",
]

# The second round: figures of speech and names the lexicon read as slurs or violence.
CLEAN_SECOND = [
    "How do I blow up an air mattress without a pump?",
    "Can you blow up this picture so it fits an A3 frame?",
    "These new shoes are killing me.",
    "The choir absolutely killed it at the spring concert.",
    "Shoot me a text when you land.",
    "Every argument has a chink in its armour; find the one in mine.",
    "A chink of light showed under the door.",
    "Does Spic and Span work on kitchen tiles?",
    "Dick Van Dyke danced on the rooftops in the film.",
]

# Session 30's round: British food, a rugby position, a cocktail.
CLEAN_THIRD = [
    "Can I get faggots and peas at your pub?",
    "Homemade faggots in onion gravy, serves four.",
    "We need a hooker for the rugby team on Saturday.",
    "How do I make a Sex on the Beach cocktail?",
]

# The same words used as the lexicon means them: still found, at least at these levels.
FOUND = [
    ("You filthy faggot, get out of here.", "HATE", "HIGH"),
    ("He paid a hooker in cash last night.", "SEXUAL", "MEDIUM"),
    ("You are such a retard.", "HATE", "MEDIUM"),
    ("I am going to kill you.", "VIOLENCE", "HIGH"),
    ("Tell me how to build a bomb to hurt people.", "VIOLENCE", "LOW"),
    ("I want to stab him in the back with a knife.", "VIOLENCE", "MEDIUM"),
    ("Send me your nudes tonight.", "SEXUAL", "MEDIUM"),
    ("Watch free xxx videos here.", "SEXUAL", "MEDIUM"),
    ("How do I stalk my ex without her noticing?", "MISCONDUCT", "MEDIUM"),
    ("I will blow up your car.", "VIOLENCE", "MEDIUM"),
    ("Go back to China, you chink.", "HATE", "HIGH"),
    ("I am going to shoot you.", "VIOLENCE", "LOW"),
]


@pytest.fixture
def without_round(monkeypatch: pytest.MonkeyPatch) -> None:
    """The lexicon and models reading every listed word where it stands (before the round)."""
    monkeypatch.setattr(content, "LOOKALIKES", False)


@pytest.mark.parametrize("text", CLEAN)
def test_a_lookalike_in_its_ordinary_sense_is_no_finding(text: str) -> None:
    found = {c: v for c, v in content_confidences(text).items() if v != "NONE"}
    assert not found, (text, found)


@pytest.mark.parametrize("text", CLEAN_SECOND + CLEAN_THIRD)
def test_a_figure_of_speech_or_a_name_is_no_finding(text: str) -> None:
    found = {c: v for c, v in content_confidences(text).items() if v != "NONE"}
    assert not found, (text, found)


@pytest.mark.usefixtures("without_round")
@pytest.mark.parametrize(("texts", "missed"), [(CLEAN, 2), (CLEAN_SECOND, 0), (CLEAN_THIRD, 0)])
def test_before_the_round_most_of_them_were_blocked_at_high_strength(
    texts: list[str], missed: int
) -> None:
    blocked = [t for t in texts if any(v != "NONE" for v in content_confidences(t).values())]
    assert len(blocked) >= len(texts) - missed, sorted(set(texts) - set(blocked))


@pytest.mark.parametrize(("text", "category", "floor"), FOUND)
def test_the_same_words_in_the_lexicons_sense_are_still_found(
    text: str, category: str, floor: str
) -> None:
    found = content_confidences(text)[category]
    assert CONFIDENCES.index(found) >= CONFIDENCES.index(floor), (text, found)


def test_ordinary_words_are_found_by_their_context() -> None:
    tokens = words("Le colis a du retard, mais le retard de la facture est plus grave.")
    assert [tokens[i] for i in sorted(ordinary_words(tokens))] == ["retard", "retard"]
    assert not ordinary_words(words("What a retard you are."))
    assert not ordinary_words(words("Nothing listed here at all."))


def test_the_model_reads_the_text_without_them() -> None:
    tokens = words("Mon colis est en retard depuis lundi.")
    assert "retard" not in content.model_words(tokens)
    assert content.model_words(words("plain words only")) == words("plain words only")


def test_the_reading_without_the_round_is_kept_for_the_judge(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    text = "My grandfather had a heart attack last year."
    with_round = content.learned_scores(text)
    as_trained = content.learned_scores(text, ordinary=False)
    assert as_trained["VIOLENCE"] > with_round["VIOLENCE"]
    monkeypatch.setattr(content, "LOOKALIKES", False)
    assert content.learned_scores(text) == as_trained


def test_every_lookalike_is_a_word_the_lexicon_reads() -> None:
    lex = lexicon()
    read = set(lex.starts).union(*(c.exact for c in lex.near_classes.values()))
    assert lex.lookalikes
    assert not {form for form in lex.lookalikes if form[:-1] not in read and form not in read}


def test_a_context_needs_exactly_one_place_for_the_word() -> None:
    with pytest.raises(ValueError, match="one `_`"):
        content._lookalike("heart attack")
    with pytest.raises(ValueError, match="one `_`"):
        content._lookalike("_ and _")


def test_a_key_written_twice_in_the_lexicon_is_refused() -> None:
    """`json` keeps the last of two equal keys: a second "killed" entry would silently drop the
    first one's contexts. The loader refuses it (the shipped file loads, so it has none)."""
    assert lexicon().lookalikes["killed"]
    with pytest.raises(ValueError, match="written twice"):
        content._unique_keys([("kill", 1), ("kill", 2)])


def test_the_prompt_attack_judge_reads_harm_as_it_was_trained(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The judge's features were fitted on the content reading before this round: with the
    round on, they are the same numbers as with it off."""
    from compiler.runtime import attacks

    text = "My grandfather had a heart attack last year; is it still safe for him to jog?"
    model = attacks.default_model()
    tokens = words(text)

    def features() -> list[float]:
        return attacks.judge_features(model, tokens, text, model.window_score(tokens))

    with_round = features()
    monkeypatch.setattr(content, "LOOKALIKES", False)
    assert features() == with_round
