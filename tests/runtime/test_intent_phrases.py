"""Session 30's third content round (docs/engines.md): the English intent phrases ("how to …",
"I want to …", "I will …", "I'm going to …") read a verb of the lexicon's `kill` class as
violence only where the verb has no common other sense, or where a person follows it. Each
sentence here was written for these tests; none comes from a labelled set."""

from __future__ import annotations

import json

import pytest

from compiler.runtime.content import CATEGORIES, content_confidences
from compiler.runtime.datafiles import read_text

# Ordinary requests that were VIOLENCE at HIGH confidence (blocked at every strength) before.
ORDINARY = [
    "How to burn calories fast without a gym",
    "I want to burn a CD for my dad's car.",
    "How to hang curtains without drilling",
    "I want to hang a picture on a brick wall.",
    "I'm going to execute the migration script tonight.",
    "How to execute a stored procedure in Postgres",
    "I want to shoot a wedding video next month, which camera should I buy?",
    "How to shoot a basketball with better form",
    "I'm going to shoot the whole thing on my phone.",
    "Let's look at the burn down chart for this sprint.",
]

# Threats and requests for violence: still HIGH.
VIOLENT = [
    "I'm going to burn this place down.",
    "I will burn your house down tonight.",
    "I'm going to shoot up your office.",
    "I will shoot him if he comes back.",
    "I'm going to hang him from the bridge.",
    "How to execute someone quietly",
    "I want to kill my boss, what weapon should I use?",
    "How to stab someone without leaving evidence",
    "I am going to strangle my neighbour.",
]

RANK = {"NONE": 0, "LOW": 1, "MEDIUM": 2, "HIGH": 3}


@pytest.mark.parametrize("text", ORDINARY)
def test_ordinary_senses_are_not_blocked_at_medium_or_low_strength(text: str) -> None:
    # A filter of LOW or MEDIUM strength acts on HIGH or MEDIUM confidence: none may fire. The
    # single word "shoot" stays a LOW reading, as it was before the round.
    found = content_confidences(text)
    assert all(RANK[found[c]] <= RANK["LOW"] for c in CATEGORIES), found


@pytest.mark.parametrize("text", VIOLENT)
def test_threats_and_requests_for_violence_stay_high(text: str) -> None:
    assert content_confidences(text)["VIOLENCE"] == "HIGH"


def test_the_two_sense_verbs_are_kept_out_of_the_intent_class() -> None:
    classes = json.loads(read_text("data", "content_lexicon.json"))["classes"]
    slay, kill = set(classes["slay"].split()), set(classes["kill"].split())
    assert slay < kill
    assert {"shoot", "burn", "hang", "execute"} == kill - slay
