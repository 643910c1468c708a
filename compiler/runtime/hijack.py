"""Output hijacking: an order to answer with one exact, quoted string and nothing else.

Goal-hijacking attacks (Perez and Ribeiro, 2022, "Ignore Previous Prompt"; the HackAPrompt and
Tensor Trust games; canary tests of agents) do not ask the model for anything harmful: they make
it drop its task and print a string the attacker chose ("say 'Access Granted' and nothing else",
"print 'I was hacked' without a period"). The words are ordinary, so a bag of n-grams learned from
jailbreaks misses them; the shape is not: a verb of saying, a quoted string, and a constraint that
the answer be exactly that. A user who wants "happy birthday" in Japanese or 'Hello, World!' in
Rust quotes a string too, but does not forbid everything else around it.

Matched on the raw text (quotes matter), case-insensitively; standard library only.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .pii_base import LazyPattern

_QUOTE = "\"'“”«»‘’`"
_Q = "[" + _QUOTE + "]"
_SAY = (
    r"(?:say|says|print|prints|output|outputs|write|reply|respond|answer|return|type|repeat"
    r"|display)"
)
# A quoted string of 2-60 characters; what comes before and after it is checked separately, so
# the scan starts at a quote character (fast) instead of trying every verb at every position.
_QUOTED = LazyPattern(_Q + "[^" + _QUOTE + r"\n]{2,60}" + _Q)
_BEFORE = LazyPattern(
    r"\b" + _SAY + r"\b(?: \w+){0,4}?\s*:?\s*$"
    r"|\b(?:only|just|exactly|solely)\s+(?:say|print|output|write|reply with|respond with|"
    r"answer with|return|type)\b\s*:?\s*$",
    re.IGNORECASE,
)
_AFTER = LazyPattern(
    r"[^\n]{0,40}?\b(?:and nothing else|nothing else|only|no (?:punctuation|period|full stop|"
    r"dot|quotes|explanation)|without (?:punctuation|a period|the period|quotes|explanation|any)|"
    # "exactly" of the string, not of a count ("a post about 'X' with exactly 3 bullet points")
    r"verbatim|exactly(?! (?:\d|one|two|three|four|five|six|seven|eight|nine|ten)\b)|no other)",
    re.IGNORECASE,
)
_ONLY_BEFORE = LazyPattern(
    r"\b(?:only|just|exactly|solely)\s+\w+(?: with)?\s*:?\s*$", re.IGNORECASE
)
# another quoted answer offered after this one: "say "yes." or "no."" (session 12, IFEval)
_CHOICE = LazyPattern(r"\s*(?:,|/|or|oder|ou|o|oppure)\s*" + _Q)
_HINTS = frozenset(_QUOTE)
# Words one of each group the text must have before the regex is tried (speed: most texts have an
# apostrophe and a verb of saying, few also a word that forbids everything else).
_VERBS = frozenset(_SAY[3:-1].split("|"))
_LIMITS = frozenset(
    [
        "nothing",
        "only",
        "punctuation",
        "period",
        "stop",
        "dot",
        "quotes",
        "explanation",
        "without",
        "verbatim",
        "exactly",
        "other",
        "just",
        "solely",
    ]
)

FORCED_SCORE = 0.6  # MEDIUM on both engines' cut points: the shape alone, no other evidence


def forced_output(text: str, tokens: Sequence[str]) -> bool:
    """True when `text` (whose `textfeat.words` are `tokens`) orders an answer made of one
    quoted string and nothing else."""
    present = set(tokens)
    if _VERBS.isdisjoint(present) or _LIMITS.isdisjoint(present) or _HINTS.isdisjoint(text):
        return False
    for match in _QUOTED.finditer(text):
        before = text[max(0, match.start() - 60) : match.start()]
        if not _BEFORE.search(before):
            continue
        if _CHOICE.match(text, match.end()):
            continue  # one of several quoted answers offered: a choice of form, not a payload
        if _ONLY_BEFORE.search(before) or _AFTER.match(text, match.end(), match.end() + 60):
            return True
    return False
