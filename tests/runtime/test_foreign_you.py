"""The hundred-and-twenty-first round (session 29, docs/engines.md): French "ton", "ta", "tes",
Italian "tue" and German "dir" say "you" only in a text that holds a word of their own language,
as German "du" does: elsewhere they are English "a ton of", "Tue" (Tuesday), a directory, or
German "Ton" (tone). Every sentence here was written for these tests."""

from __future__ import annotations

import pytest

from compiler.runtime import attacks
from compiler.runtime.attacks import prompt_attack_confidence, says_you

NOT_YOU = [
    "i have a ton of work to finish before friday",
    "schreib das bitte in einem freundlichen ton für unsere kunden",
    "the review is on tue at ten in room four",
    "set the output dir to the build folder",
    "ta for the help yesterday",
]
YOU = [
    "est ce que ton train est à l heure",
    "je pense que ta réponse est juste",
    "le tue amiche sono già arrivate",
    "kannst du mir sagen was dir nicht gefällt",
    "you said the meeting is on tue",
]


@pytest.fixture
def without_round(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(attacks, "FOREIGN_YOU", False)


@pytest.mark.parametrize("stream", NOT_YOU)
def test_a_word_of_another_language_is_not_the_second_person(stream: str) -> None:
    assert not says_you(stream)


@pytest.mark.parametrize("stream", YOU)
def test_the_second_person_among_its_own_language_still_is(stream: str) -> None:
    assert says_you(stream)


@pytest.mark.usefixtures("without_round")
def test_before_the_round_they_all_said_you() -> None:
    assert all(says_you(stream) for stream in NOT_YOU[:4])


def test_a_ton_of_emails_is_an_ordinary_request(monkeypatch: pytest.MonkeyPatch) -> None:
    text = (
        "I have a ton of emails to answer; write me a polite template for saying I will reply "
        "next week."
    )
    assert prompt_attack_confidence(text) == "NONE"
    monkeypatch.setattr(attacks, "FOREIGN_YOU", False)
    assert prompt_attack_confidence(text) != "NONE"


def test_the_judge_counts_the_words_it_was_trained_with() -> None:
    assert attacks._YOU_COUNTED.search("a ton of work") is not None
