"""Best-effort NAME and ADDRESS detection: cue phrases, honorifics, a first-name list, and street
shapes. Bedrock uses an ML model for these; this is a heuristic, documented in docs/pii.md.

Standard library only; the first-name list is package data (data/pii_first_names.json).
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterator
from itertools import compress
from operator import not_

from .datafiles import read_text
from .pii_base import (
    CONTEXT,
    HEURISTIC,
    Candidate,
    Cue,
    LazyPattern,
    gated_by,
    has_digit,
    has_upper,
    lower,
    pii_pattern,
    words,
)


@functools.cache
def first_names() -> frozenset[str]:
    """The vendored first-name list (read once, on the first NAME scan)."""
    return frozenset(json.loads(read_text("data", "pii_first_names.json"))["names"])


# Capitalised words that are never a person's first or last name in these positions.
_NOT_NAMES = frozenset(
    words(
        """I A An The This That These Those My Our Your His Her Their We You He She It They Hi Hello
    Dear Thanks Thank Regards Best Monday Tuesday Wednesday Thursday Friday Saturday Sunday
    January February March April May June July August September October November December
    Street Road Avenue Drive Mr Mrs Ms Dr Please Yes No Ok OK Team Support Customer Service
    Inc Ltd LLC Corp Company Bank Hospital University School Account Card Order Today Tomorrow
    Here There What When Where Who Why How And Or But If So Not Is Are Was Am Will Can World
    Everyone Everybody All Folks Guys Friends Sir Madam Again Back Guest Welcome Admin Users
    Assistant Assistants Bot Chatbot Yesterday Earlier Then Also Recently Finally Meanwhile"""
    )
)

# Words that make a capitalised run an organisation: Bedrock's NAME excludes "names that are
# part of organizations" ("John Doe Organization"), so a run with one of these is no NAME.
_ORG_WORDS = frozenset(
    words(
        """Organization Organisation Foundation Institute Association Society Group Company
    Corporation Corp Inc Ltd LLC LLP PLC GmbH Consulting Partners Holdings Industries Enterprises
    Services Solutions Systems Technologies Labs Laboratories Studio Studios Agency Bank Hospital
    Clinic University College School Academy Center Centre Council Committee Department Ministry
    Trust Fund Church Club Team Teams Museum Library Hotel Restaurant Cafe Spa Store Shop Press
    Media Records Publishing Associates Brothers Airlines Motors Pharmaceuticals Capital"""
    )
)

_HONORIFICS = frozenset(words("Mr Mrs Ms Miss Mx Dr Prof Sir Dame Rev Capt Lord Lady"))
# Capitalised words that introduce a name when they start a capitalised run ("Dear Jane Doe").
_STRONG_LEADS = frozenset(words("Dear Regards Sincerely Attn Signed Cardholder Patient Customer"))
_WEAK_LEADS = frozenset(words("Hi Hello Hey Thanks From With By For To Meet Met And Cc Ask"))
# Weak cues that introduce a person (greetings, introductions): after one, a capitalised run
# is a name even when its first word is not in the list ("Hello Zhang Wei", "I'm Tariq
# Haddad"); a single unknown word only after a greeting ("Hi Olusegun", not "I am Canadian").
_PERSON_LEADS = frozenset(words("Hi Hello Hey Thanks Meet Met Cc Ask"))
_GREETINGS = frozenset(words("Hi Hello Hey Thanks hi hello hey thanks"))
# Session 31: words that end a product's name, not a person's ("Google Assistant", "Support
# Bot"): a single word before one is the product's maker or kind, no name ("Hi Google
# Assistant, set a timer"); a full name before one keeps it ("Jane Doe Assistant" is a title).
_PRODUCT_ENDS = frozenset(words("Assistant Assistants Bot Chatbot"))
# Session 31: verbs only a person does, right after a capitalised run of two or three words
# that no cue introduces and no known first name starts ("Zhang Wei called about the order",
# "Nguyen Van An lives here"): the run is a person's name. Not "said", "wrote", "asked",
# "announced", "reported" or "joined", which companies, cities and governments do too
# ("Morgan Stanley said", "Hong Kong announced").
_PERSON_VERBS = frozenset(
    words(
        """phoned texted emailed messaged lives lived smiled smiles laughed cried married
    graduated"""
    )
)
# "called" and "rang" also name ("Silicon Valley called it a bubble", "The Report called for
# cuts"): a person's only before whom or when they called ("called me", "called about").
_CALLS = frozenset(words("called calls rang"))
_CALLED_WHOM = frozenset(
    words(
        """me us you him her them about back again twice yesterday today earlier this last
    our my your to from"""
    )
)
# A Vietnamese given name ("Nguyen Van An") is also the English article: it ends a name of three
# or more words, never a shorter run ("Hi John An update follows").
_GIVEN_AN = "An"

# A run of capitalised words (and initials). The first character is matched before the left
# boundary check so that `re` can skip quickly to the next capital letter.
_UP, _LO = "A-ZÀ-ÖØ-Þ", "a-zß-öø-ÿ"  # ASCII and Latin-1 letters: José, García, Müller
_WORD = rf"[{_UP}](?:'[{_UP}])?[{_LO}]+(?:[-'][{_UP}][{_LO}]+|[{_UP}][{_LO}]+)?"
_RUN = LazyPattern(
    rf"[{_UP}](?<![\w'-].)(?:(?:(?<=M)(?:rs?|s|x)|(?<=D)r|(?<=P)rof|(?<=R)ev|(?<=C)apt)\."
    rf"|(?:'[{_UP}])?[{_LO}]+(?:[-'][{_UP}][{_LO}]+|[{_UP}][{_LO}]+)?)"
    rf"(?:\s+(?:[{_UP}]\.|{_WORD})){{0,4}}"
)
_GROUP = re.Match.group  # a match's text, mapped over many matches at C speed
# Session 30: a form's label for a person, then a colon ("Contact: Zhang Wei", "Passenger: Ama
# Owusu"): what follows is the person's name, as after "Customer:" and "Patient:". Labels that
# often name a business ("Sender:", "Landlord:", "Account holder:", "Beneficiary:") are not
# among them. One phrase each: a phrase with a literal start keeps the cue's search cheap.
_FORM_LABELS = tuple(
    rf"{label}\s*:"
    for label in (
        "contact", "emergency contact", "primary contact", "employee", "applicant", "guest",
        "passenger", "tenant", "driver", "witness", "attendee", "student", "parent", "guardian",
        "next of kin",
    )
)  # fmt: skip
# Lower-case cues right before a run (only whitespace between).
# Multi-word cues are written with one literal space: their literal prefix is then the whole
# phrase ("i am"), not its first word ("i"), which keeps the trigger search cheap.
_STRONG = Cue("my name is", "my name's", r"name\s*:", "named", "signed,?", "sincerely,?",
              "regards,?", "dear", "attn:?", "attention:?", r"full name\s*(?::|is)",
              "cardholder(?: name)?:?", r"patient\s*:", r"customer\s*:",
              "contact person:?", *_FORM_LABELS)  # fmt: skip
_WEAK = Cue("i am", "i'm", "this is", "hi", "hello", "hey", "thanks,?", "from", "with", "by",
            "for", "ask for", "speak to", "talk to", "meet", "met", "and", "cc:?",
            "to")  # fmt: skip
_PERSON = Cue("i am", "i'm", "this is", "hi", "hello", "hey", "thanks,?", "ask for", "speak to",
              "talk to", "meet", "met", "cc:?", "call me", "spoke to", "spoke with",
              "talked to", "talked with", "speaking with", "speaking to", "ask")  # fmt: skip


def _cued(cue: Cue, text: str, start: int) -> bool:
    """Whether `cue` ends right before `start`, with only whitespace between: its last end at
    or before `start` lies inside the whitespace that ends there (`Cue.last_end` asked about
    that stretch alone, so a frequent cue is not looked for all over the text)."""
    gap = start
    while gap and text[gap - 1].isspace():
        gap -= 1
    if gap == start:
        return False  # a word right before: no gap, or one that is not whitespace
    end = cue.last_end(text, gap, start)
    return 0 <= end < start


def names(text: str) -> Iterator[Candidate]:
    """Person names after an honorific ("Dr. Jane Doe"), a strong cue ("my name is", "Dear",
    "Regards,"), a weak cue ("I'm", "from", "with") if the first word is a known first name, or
    two-to-five capitalised words starting with a known first name."""
    if not has_upper(text):  # every name starts with a capital letter
        return
    known = first_names()
    # The cues are looked for on first need (`_cued`): the weak cues ("to", "and", "for") are
    # frequent and most capitalised runs are settled without them.
    found_runs = list(_RUN.finditer(text))
    # One capitalised word ("The", "Please", "Paris"): a name only after a strong cue. Most
    # runs are such words; they are set aside without a Python step each unless one is cued.
    lone = [" " not in run and run not in known for run in map(_GROUP, found_runs)]
    keep = list(map(not_, lone))
    if any(lone) and _STRONG.spans(text).ends:  # known from here on: no search in `_cued`
        for i in compress(range(len(lone)), lone):
            keep[i] = _cued(_STRONG, text, found_runs[i].start())
    for m in compress(found_runs, keep):
        run = m.group()
        tokens = run.split()  # the words: a run is words and the whitespace between them
        first, cue, lead = 0, "", ""
        while first < len(tokens):
            word = tokens[first].rstrip(".")
            if word in _HONORIFICS:
                cue = cue or "honorific"
            elif word in _STRONG_LEADS:
                cue = "strong"
            elif word in _PERSON_LEADS:
                cue, lead = cue or "person", word
            elif word in _WEAK_LEADS or word in _NOT_NAMES:
                cue = cue or ("weak" if word in _WEAK_LEADS else "")
            else:
                break
            first += 1
        last = len(tokens)
        while last > first and tokens[last - 1] in _NOT_NAMES:
            if tokens[last - 1] == _GIVEN_AN and last - first >= 3:
                break
            last -= 1
        if last <= first or _organisation(tokens[first:], text, m.end()):
            continue
        if last - first == 1 and last < len(tokens) and tokens[last] in _PRODUCT_ENDS:
            continue  # "Google Assistant": a product
        offsets = _offsets(run, tokens, m.start())
        start = offsets[first]
        later = [k for k in range(first + 1, min(first + 3, last)) if tokens[k] in known]
        if not cue:
            if _cued(_STRONG, text, start):
                cue = "strong"
            elif _cued(_PERSON, text, start):
                cue = "person"
                lead = text[max(0, start - 7) : start].rsplit(maxsplit=1)[-1].rstrip(",")
            # A weak cue only counts before a known first name (here or one of the next two
            # words): without one the run is no name, cued or not, and the weak cues' spans,
            # the commonest words ("to", "and", "for"), are not looked for.
            elif (tokens[first] in known or later) and _cued(_WEAK, text, start):
                cue = "weak"
            elif 2 <= last - first <= 3 and last == len(tokens) and _verb_after(text, m.end()):
                cue = "verb"
        if not cue and tokens[first] not in known and later:
            # "Contact John Smith": a capitalised verb or word before a known first name.
            first = later[0]
            start = offsets[first]
        is_known = tokens[first] in known
        person = cue == "person" and (last - first >= 2 or lead in _GREETINGS)
        strong = cue in ("honorific", "strong", "verb")
        if strong or (cue in ("weak", "person") and is_known) or person:
            rank = CONTEXT
        elif is_known and last - first >= 2 and not _place_before(text, start):
            rank = HEURISTIC
        else:
            continue
        # Bedrock's NAME excludes titles: the match starts after "Dr." / "Mrs".
        end = offsets[last - 1] + len(tokens[last - 1])
        yield Candidate("NAME", start, end, rank, 0)


def _verb_after(text: str, end: int) -> bool:
    """Whether the word right after a run ending at `end` (one space between) is one of
    `_PERSON_VERBS`, "was born", or a call with whom or when after it (`_CALLED_WHOM`)."""
    following = text[end : end + 24].split(maxsplit=2)
    if not following or text[end : end + 1] != " ":
        return False
    if following[0] in _CALLS:
        return len(following) > 1 and following[1].rstrip(".,;!?") in _CALLED_WHOM
    return following[0] in _PERSON_VERBS or following[:2] == ["was", "born"]


def _place_before(text: str, start: int) -> bool:
    """Whether the word right before a run starting at `start` is "at" or "in": an uncued run
    there is a place or an employer ("works at Morgan Stanley", "in Santa Clara"), seldom a
    person. Reads at most 16 characters back, not the text before the run."""
    before = text[max(0, start - 16) : start]
    head = before.rstrip()
    if len(head) == len(before) or head[-2:].lower() not in ("at", "in"):
        return False
    if len(head) == 2:  # "at" opens the text, or 14 spaces precede it
        return start <= 16
    return not head[-3].isalnum()


def _offsets(run: str, tokens: list[str], base: int) -> list[int]:
    """Where each of a run's words (`tokens`, in order) starts in the text (the run starts at
    `base`): each is the first place its word occurs after the word before, since only
    whitespace lies between them and a word starts with none."""
    out: list[int] = []
    at = 0
    for token in tokens:
        at = run.find(token, at)
        out.append(base + at)
        at += len(token)
    return out


def _organisation(tokens: list[str], text: str, end: int) -> bool:
    """Whether a capitalised run names an organisation or a street rather than a person: it
    holds an organisation word or a street suffix ("John Doe Organization", "Jane Doe
    Street"), or is followed by a company suffix ("Maria Garcia LLC")."""
    if not _ORG_OR_STREET.isdisjoint(tokens):
        return True
    following = text[end : end + 8].split(maxsplit=1)
    return bool(following) and following[0].rstrip(".,") in _ORG_WORDS


# USPS Publication 28 street suffixes (common subset, with abbreviations) and UK street types.
_SUFFIXES = words(
    """Alley Annex Arcade Avenue Ave Bayou Beach Bend Bluffs? Bottom Boulevard Blvd Branch
    Bridge Brooks? Burgs? Bypass Camp Canyon Cape Causeway Centers? Circles? Cir Cliffs? Close Club
    Common Corners? Course Courts? Ct Coves? Creek Crescent Crest Crossing Crossroad Curve Dale Dam
    Divide Drives? Dr Estates? Expressway Expy Extensions? Falls? Ferry Fields? Flats? Fords? Forest
    Forges? Forks? Fort Freeway Fwy Gardens? Gateway Glens? Greens? Groves? Harbors? Haven Heights
    Highway Hwy Hills? Hollow Inlet Islands? Isle Junctions? Keys? Knolls? Lakes? Landing Lane Ln
    Lights? Loaf Locks? Lodge Loop Mall Manors? Meadows? Mews Mills? Mission Motorway Mount
    Mountains? Neck Orchard Oval Overpass Parks? Parkways? Pkwy Pass Passage Path Pike Pines?
    Place Pl Plains? Plaza Points? Ports? Prairie Radial Ramp Ranch Rapids? Rest Ridges? River
    Roads? Rd Route Row Rue Run Shoals? Shores? Skyway Springs? Spurs? Squares? Sq Station
    Stravenue Stream Streets? St Summit Terrace Ter Throughway Trace Track Trafficway Trail Trl
    Tunnel Turnpike Underpass Unions? Valleys? Via Viaduct Views? Villages? Ville Vista Walks?
    Wall Ways? Wells? Wynd"""
)

# Street words that are not also common surnames (Lane, Park, Hill, Ford, Wells are both): a
# capitalised run holding one is a street name ("Jane Doe Street"), not a person.
_STREET_WORDS = frozenset(
    words(
        """Street Streets St Avenue Ave Road Roads Rd Boulevard Blvd Drive Drives Terrace Ter
    Place Pl Plaza Square Squares Sq Highway Hwy Parkway Parkways Pkwy Expressway Expy Freeway
    Fwy Turnpike Crescent Circle Cir Alley Causeway Motorway Trail Trl Way Ways Mews Ct Ln"""
    )
)

_ORG_OR_STREET = _ORG_WORDS | _STREET_WORDS  # either makes a run no person's name

_UK_POSTCODE = r"[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}"
_STATES = (
    *words(
        """Alabama Alaska Arizona Arkansas California Colorado Connecticut Delaware Florida
    Georgia Hawaii Idaho Illinois Indiana Iowa Kansas Kentucky Louisiana Maine Maryland
    Massachusetts Michigan Minnesota Mississippi Missouri Montana Nebraska Nevada Ohio Oklahoma
    Oregon Texas Utah Vermont Virginia Washington Wisconsin Wyoming Ontario Quebec Alberta
    Manitoba"""
    ),
    r"New\s(?:Hampshire|Jersey|Mexico|York)",
    r"(?:North|South)\s(?:Carolina|Dakota)",
    r"Rhode\sIsland",
    r"West\sVirginia",
    r"British\sColumbia",
    r"Nova\sScotia",
)
_STATE_CODES = words(
    """AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH
    NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY PR ON QC BC AB MB SK NS NB"""
)
_NATIONS = (
    r"USA|U\.S\.A\.|US|U\.S\.|United\sStates(?:\sof\sAmerica)?|UK|U\.K\.|United\sKingdom"
    r"|Canada|Australia|Ireland|England|Scotland|Wales|New\sZealand|Germany|France|Spain|Italy"
)
_LOCALITY = (
    r"(?:,?\s+(?:[A-Z][a-z]+\.?\s?){1,3},?\s+(?:[A-Z]{2}\s+\d{5}(?:-\d{4})?"  # City, ST 12345
    r"|[A-Z]{2}\s+[A-Z]\d[A-Z]\s?\d[A-Z]\d)"  # City, PR A1A 1A1 (Canada)
    r"|(?:,?\s+(?:[A-Z][a-z]+\s?){1,3}){1,2},?\s+"
    + _UK_POSTCODE  # Town, POSTCODE
    # City, State / City, Country / City, State, Country (no postal code)
    + r"|,\s+(?:[A-Z][a-z]+\.?\s){0,2}[A-Z][a-z]+(?:,\s+(?:"
    + "|".join(_STATES)
    + "|"
    + "|".join(_STATE_CODES)
    + r")(?:,\s+(?:"
    + _NATIONS
    + r"))?|,\s+(?:"
    + _NATIONS
    + r"))"
    r"(?![\w.]\w)"
    r")?"
)
_UNIT = r"(?:,?\s+(?:Apt\.?|Apartment|Suite|Ste\.?|Unit|Flat|Floor|#)\s*[\w-]+)?"
# USPS secondary unit designators (and a few UK/building words) with their number: two or more
# in a row are an address on their own ("Suite #12, Building 123"), one is enough before a
# street address ("Apt 4B, 77 Elm Road").
_DESIGNATOR = (
    r"(?:Apt\.?|Apartment|Suite|Ste\.?|Unit|Flat|Floor|Fl\.?|Building|Bldg\.?|Block|Blk\.?"
    r"|Room|Rm\.?|Tower|Level|Wing|Lot|Dept\.?|Department|Office|Hangar|Pier|Slip|Space|Trailer)"
    r"\s*#?\s*(?:\d{1,5}[A-Za-z]?|[A-Z]\d{0,3})(?![\w.-]\w)"
)
# A run of designators starts with a common one, written so that the pattern begins with a
# character class (`re` then skips to the next such capital); the others (Fl., Rm., Level,
# Wing, Lot, ...) only continue a run.
_UNITS = pii_pattern(
    r"[ABFRSTU](?<![\w].)(?:(?<=A)pt\.?|(?<=A)partment|(?<=S)uite|(?<=U)nit|(?<=F)lat"
    r"|(?<=F)loor|(?<=B)uilding|(?<=B)ldg\.?|(?<=B)lock|(?<=R)oom|(?<=T)ower)"
    r"\s*#?\s*(?:\d{1,5}[A-Za-z]?|[A-Z]\d{0,3})(?![\w.-]\w)(?:,?\s+" + _DESIGNATOR + r")+"
)
_UNIT_BEFORE = LazyPattern(r"\b" + _DESIGNATOR + r",?\s+\Z")
_STREET = pii_pattern(
    r"\d(?<![\w]\d)\d{0,5}[A-Za-z]?(?:-\d{1,4})?,?\s+(?:[A-Z][a-z]+\.?\s+){1,4}(?:"
    + "|".join(_SUFFIXES)
    + r")\b\.?"
    + _UNIT
    + _LOCALITY
)
_PO_BOX = pii_pattern(
    r"\b(?:P\.?\s?O\.?\s?Box|Post\s+Office\s+Box|(?:Unit|PSC)\s+\d{4},?\s+Box)\s+\d{1,6}"
    + _LOCALITY
)
_MILITARY = pii_pattern(r"\b(?:USNS|USNV|USS|USCGC)\s+[A-Z][a-z]+,?\s+FPO\s+A[AEP]\s+\d{5}")
_DPO = LazyPattern(r",?\s+(?:FPO|DPO|APO)\s+A[AEP]\s+\d{5}")


@gated_by(_STREET, _PO_BOX, _MILITARY, _UNITS)
def addresses(text: str) -> Iterator[Candidate]:
    """Street addresses (house number, capitalised street name, street suffix, optional unit and
    `City, ST 12345` / UK postcode line), PO boxes and US military addresses."""
    if not has_digit(text):  # every form has a house, box or postal number
        return
    low = lower(text)
    patterns = [_STREET]
    if "box" in low:
        patterns.append(_PO_BOX)
    if "FPO" in text:
        patterns.append(_MILITARY)
    for pattern in patterns:
        for m in pattern.finditer(text):
            tail = _DPO.match(text, m.end())
            unit = _UNIT_BEFORE.search(text, max(0, m.start() - 24), m.start())
            start = unit.start() if unit else m.start()
            yield Candidate("ADDRESS", start, tail.end() if tail else m.end(), HEURISTIC)
    if has_upper(text):
        for m in _UNITS.finditer(text):
            yield Candidate("ADDRESS", m.start(), m.end(), HEURISTIC)
