"""Detectors for PII that is only recognisable by its context: PINs, CVVs, passports, driver
ids, plates, accounts, UTRs, Canadian health numbers, ages, passwords, usernames and phones.

A cue word must appear within `pii_base.WINDOW` characters before the value (or `AFTER` after it);
passwords and usernames must follow their cue directly. A detector whose cue words do not occur
in the text at all returns at once (substring checks, no regex). Standard library only.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .pii_base import (
    CONTEXT,
    GATED,
    HEURISTIC,
    NUM,
    NUM_R,
    STRUCTURED,
    TOKEN,
    TOKEN_R,
    Candidate,
    Cue,
    Detector,
    LazyPattern,
    context_rule,
    cue_before,
    cue_distance,
    digits_of,
    gated_by,
    has_digit,
    matches_at,
    pii_pattern,
    value_after_cue,
    words,
)

cvv = context_rule(
    "CREDIT_DEBIT_CARD_CVV",
    NUM + r"\d{2,3}" + NUM_R,
    Cue("cvv", "cvv2", "cvc", "cvc2", "cid", "csc", r"security\s+code", r"card\s+verification",
        r"verification\s+(?:code|value|number)"),
)  # fmt: skip

pin = context_rule(
    "PIN",
    NUM + r"\d{3,7}" + NUM_R,
    Cue("pin", r"pin\s*(?:code|number|no)", "passcode", r"access\s+code", r"unlock\s+code"),
)

passport = context_rule(
    "US_PASSPORT_NUMBER",
    r"(?:" + TOKEN + r"(?<=[A-Z])\d{8,9}|" + NUM + r"\d{7,8})" + TOKEN_R,
    Cue("passport"),
)

driver_id = context_rule(
    "DRIVER_ID",
    TOKEN + r"(?:(?<=\d)|(?=[A-Z0-9-]*\d))[A-Z0-9-]{1,18}[A-Z0-9](?:[ ]\d{2,8}){0,3}" + TOKEN_R,
    Cue(r"driver'?s?(?:\s+(?:license|licence|lic|id|permit))?", r"driving\s+licen[cs]e", "dl",
        r"d\.l\.", "dln", r"licen[cs]e\s*(?:no|number|#|id)", r"licen[cs]e(?=\s*:)", "dvla"),
    check=lambda v: sum(ch.isalnum() for ch in v) >= 5,
)  # fmt: skip

# A GB driving licence number (DVLA): 5 surname characters (padded with 9), the decade digit
# of the birth year, the birth month (+50 for women), the day, the year's last digit, two
# initials (9 as padding), a digit and two check characters: MORGA657054SM9IJ. The layout is
# specific enough to need no cue; it is also written in three groups. The digit after the
# initials is usually 9 but counts down to tell apart drivers whose first 13 characters agree
# (SMITH812310AB1CD): until session 31 a text without a 9 was not scanned, and missed those.
_UK_LICENCE = pii_pattern(
    r"[A-Z](?<![\w-][A-Z])[A-Z9]{4}( ?)\d[0156]\d[0-3]\d\d\1[A-Z9]{2}\d[A-Z0-9]{2}(?![\w-])"
)


def driver_ids(text: str) -> Iterator[Candidate]:
    """Driver's licence numbers next to a licence cue, and GB (DVLA) numbers anywhere."""
    yield from driver_id(text)
    if not has_digit(text):  # most texts stop here
        return
    for m in _UK_LICENCE.finditer(text):
        yield Candidate("DRIVER_ID", m.start(), m.end(), STRUCTURED)


_YEAR = LazyPattern(r"(?:19|20)\d\d")

license_plate = context_rule(
    "LICENSE_PLATE",
    TOKEN + r"(?:(?<=\d)|(?=[A-Z0-9 -]*\d))[A-Z0-9]{0,3}(?:[ -]?[A-Z0-9]{1,4}){0,2}" + TOKEN_R,
    Cue("plate", "plates", r"registration(?:\s+(?:number|no|mark|plate))?", r"tag\s+number",
        r"reg\.?\s*(?:no|number|mark)", r"number\s+plate", r"car\s+reg\b\.?",
        r"vehicle\s+reg\b\.?", r"van\s+reg\b\.?",
        r"reg(?=\s*:)"),
    # a year is not a plate ("registration overdue since 2023")
    check=lambda v: 2 <= sum(ch.isalnum() for ch in v) <= 8 and not _YEAR.fullmatch(v),
)  # fmt: skip

# Session 31: a GB registration of the current format (since 2001) needs no cue: two letters of
# the region (not I, Q or Z first; not I or Q second), the age identifier (02-29 for March, 51-79
# for September, to 2029) and three letters (not I or Q), the last three after a space, a hyphen
# or nothing: "AB51 ABC", "LN14-HGT", "BD62XYZ". Capitals only: "ab51 abc" is no plate's
# writing in prose. Presidio's own tests expect these found (docs/pii.md, "Presidio's test cases").
_UK_PLATE = pii_pattern(
    r"[A-HJ-PR-Y](?<![\w-][A-Z])[A-HJ-PR-Z](?:0[2-9]|[12]\d|5[1-9]|[67]\d)[ -]?"
    r"[A-HJ-PR-Z]{3}(?![\w-])"
)


def license_plates(text: str) -> Iterator[Candidate]:
    """Plates next to a registration cue, and GB registrations of the current format anywhere."""
    yield from license_plate(text)
    if not has_digit(text):
        return
    for m in _UK_PLATE.finditer(text):
        yield Candidate("LICENSE_PLATE", m.start(), m.end(), HEURISTIC)


bank_account = context_rule(
    "US_BANK_ACCOUNT_NUMBER",
    NUM + r"\d{5,16}" + NUM_R,
    Cue("account", "acct", "a/c", "checking", "savings", r"deposit\s+to"),
)

utr = context_rule(
    "UK_UNIQUE_TAXPAYER_REFERENCE_NUMBER",
    NUM + r"\d{4} ?\d{5}K?" + TOKEN_R,
    Cue("utr", r"unique\s+tax(?:payer)?(?:\s+reference)?", r"tax\s+reference",
        r"self[- ]assessment", "hmrc", r"taxpayer\s+reference"),
)  # fmt: skip

ca_health = context_rule(
    "CA_HEALTH_NUMBER",
    TOKEN + r"(?:(?<=[A-Z])[A-Z]{3}[ -]?\d{4}[ -]?\d{4}"  # Quebec RAMQ: 4 letters, 8 digits
    r"|(?<=\d)(?:\d{3}[ -]?\d{3}[ -]?\d{3}(?:[ -]?[A-Z]{2})?"  # Ontario (+ version code), BC
    r"|\d{4}[ -]?\d{4}|\d{8}))" + TOKEN_R,  # Alberta 5-4; Manitoba, Saskatchewan 9
    Cue(r"health\s*(?:card|number|insurance|no|plan)", "ohip", "msp", "ramq", "phn",
        r"carte\s+(?:santé|soleil)", r"medical\s+services\s+plan", "medicare", "hcn"),
)  # fmt: skip

# -- age -------------------------------------------------------------------------------------------

_AGE_NUMBER = LazyPattern(NUM + r"\d{0,2}[- ]?\Z")
# The unit of an age and what makes it one: "40 years old", "8 months old", "72 years of
# age", "45-year-old", "34 y/o". Bedrock's AGE is the quantity and the unit ("I am 40 years
# old" -> "40 years"), so a spaced "old" / "of age" is not part of the match; a hyphenated
# compound is one word and stays whole.
_AGE_UNIT = pii_pattern(
    r"(?P<unit>years?|yrs?|months?|weeks?|days?)(?P<tail>-old\b|\s+old\b|\s+of\s+age\b)"
    r"|y/?o\b",
    re.IGNORECASE,
)
_AGE_CUE = pii_pattern(
    r"\b(?:(?:age[ds]?|aged)\s*(?:is|:|=|of|-)?"
    r"|(?:i\s+am|i'm|im|he\s+is|she\s+is|he's|she's|turned|turning|turns)(?=\s+\d{1,3}"
    r"\s*(?:[.,;!?)]|$|and\b|now\b|this\b|next\b|today\b)))\s*(?P<n>\d{1,3})\b",
    re.IGNORECASE,
)
_AGE_CUE_TRIGGERS = ("age", "i am", "i'm", "im ", "he is", "he's", "she", "turn")


@gated_by(_AGE_UNIT, _AGE_CUE)
def age(text: str) -> Iterator[Candidate]:
    """Ages: "34 years old" -> "34 years" (quantity and unit), "45-year-old", "34 y/o";
    "age: 34" / "aged 34" / "I am 34." (the number)."""
    if not has_digit(text):
        return
    for m in matches_at(_AGE_UNIT, ("year", "yr", "month", "week", "day", "y/o", "yo"), text):
        number = _AGE_NUMBER.search(text, max(0, m.start() - 5), m.start())
        if number and int(digits_of(number.group())) <= 130:
            tail = m.group("tail")
            end = m.end("unit") if tail and not tail.startswith("-") else m.end()
            yield Candidate("AGE", number.start(), end, CONTEXT, 0)
    for m in matches_at(_AGE_CUE, _AGE_CUE_TRIGGERS, text):
        if int(m.group("n")) <= 130:
            yield Candidate("AGE", m.start("n"), m.end("n"), CONTEXT, 0)


# -- credentials -----------------------------------------------------------------------------------

_STOPWORDS = frozenset(
    words(
        """a an the and or is was are be been to for of in on at by with it this that my your our
    required needed incorrect wrong invalid expired reset change changed changes forgot forgotten
    field please here there again below above same new old please manager policy protected
    strength hint and/or was were will must should can"""
    )
)
# Words that follow "password" / "username" in prose ("password reset link", "username field
# is empty"): a lower-case value right after the cue that is one of these is not a credential.
_PROSE = _STOPWORDS | frozenset(
    words(
        """policies expires expiry expiration hints recovery generator generators length
    requirements requirement rules rule box prompt page screen form entry input login logins
    cannot does doesn't did has have had not never always only also still too yet now then when
    if so but because history file files list hash hashes hashing salt storage store stored
    vault sharing shared security secure complexity update updated updates used use using usage
    attempts attempt authentication auth mismatch match matches encrypted encryption plain
    plaintext text characters character chars combination rotation lock locked lockout sync
    protection less free based cracking spraying leak leaked breach dump reuse reused entered
    provided given typed sent supplied format issue issues problem problems error errors their
    his her these those without into as being were you we they i he she hidden visible shown
    masked empty blank missing short long weak strong complex simple easy hard correct right ok
    okay fine good bad different unique available taken already exists exist isn't wasn't
    you've you'll you're i've i'll setting settings option options section prompts request
    requests email address or requirements doesn't don't didn't won't can't should would could
    may might shall need needs needed remains stays becomes changes works work worked fails
    failed field fields"""
    )
)


def _plain_word(value: str) -> bool:
    return value.isalpha() and value.islower()


def _password_ok(cue: str, sep: str, value: str) -> bool:
    if value.lower() in _STOPWORDS:
        return False
    if sep in (":", "="):
        return True
    # After "is" or nothing, a lower-case word is a password unless it is one of the words
    # prose puts there ("the password reset link", "password manager"): "password dragonfly",
    # "PassWord biggreenhat", "pw hunter2" are credentials.
    return cue != "pass" and not (_plain_word(value) and value in _PROSE)


password = value_after_cue(
    "PASSWORD",
    r"\b(?P<cue>password|passwd|pwd|passphrase|pass\s+word|(?-i:pw)|PW(?=\s*[:=])|pass(?=\s*[:=]))\b\s*"
    r"(?:was\s+set|set)?"
    r"\s*(?P<sep>is|was|:|=|-|to)?\s*[\"'`]?(?P<v>[^\s\"'`]{2,64})",
    _password_ok,
    ("pass", "pwd", "pw"),
)


def _username_ok(cue: str, sep: str, value: str) -> bool:
    if value.lower() in _STOPWORDS:
        return False
    if sep in (":", "=", "-") or not value.isalpha():
        return True
    if "name" in cue or cue == "gamertag":
        # "username root", "UserName snoop": a word right after a cue that says "name" is
        # the name, unless prose puts it there ("username field", "username or email").
        return not (value.islower() and value in _PROSE)
    # "login attempt", "the login is broken": an ordinary word after a cue that does not say
    # "name" is prose.
    return bool(sep) and cue.endswith(" in")


username = value_after_cue(
    "USERNAME",
    r"\b(?P<cue>user\s*name|user\s*id|login(?:\s+(?:name|id))?|handle|screen\s*name"
    r"|account\s+name|gamertag|nickname|(?:signed|logged)\s+in|user(?=\s*[:=]))\b\s*(?P<sep>is|was|as|:|=|-)?\s*[\"'`]?"
    r"(?P<v>@?[A-Za-z0-9][A-Za-z0-9._-]{1,31})(?![@\w])",
    _username_ok,
    ("user", "login", "handle", "screen", "account", "gamertag", "nickname", "signed", "logged"),
)


def _handle_ok(cue: str, sep: str, value: str) -> bool:
    # After a platform name, a plain word is prose ("a Skype call", "Skype for work") unless a
    # colon or "=" says a value follows; ids with digits, dots, underscores or @ are handles.
    if value.lower() in _PROSE:
        return False
    return sep in (":", "=") or not value.isalpha() or value.startswith("@")


# The platforms where people swap ids in chat (each one is a substring search per text, so the
# list stays short: the evaluator's latency budget is about a millisecond per kilobyte). A
# Skype name made with a Microsoft account since 2017 is "live:" and the account's name, or
# "live:.cid." and a hex id: the prefix belongs to the id (before, "live" alone was masked).
_PLATFORMS = ("skype", "telegram", "discord", "github", "twitter", "instagram", "slack",
              "snapchat")  # fmt: skip
platform_handle = value_after_cue(
    "USERNAME",
    r"\b(?P<cue>" + "|".join(_PLATFORMS) + r")\b(?:\s+(?:id|name|handle|username|user|account))?"
    r"\s*(?P<sep>is|:|=|-)?\s*[\"'`]?(?P<v>(?:live:\.?)?@?[A-Za-z0-9][A-Za-z0-9._-]{1,31})(?![@\w])",
    _handle_ok,
    _PLATFORMS,
)

_HANDLE = pii_pattern(r"(?<![\w.@/])@[A-Za-z0-9_]{2,30}(?![\w@]|\.\w)")


@gated_by(*GATED[username], *GATED[platform_handle], _HANDLE)
def usernames(text: str) -> Iterator[Candidate]:
    """`username: jdoe` style values, plus social-media `@handles` (lower rank)."""
    yield from username(text)
    yield from platform_handle(text)
    if "@" in text:
        for m in _HANDLE.finditer(text):
            yield Candidate("USERNAME", m.start(), m.end(), HEURISTIC)


# -- phone numbers ---------------------------------------------------------------------------------

# Not glued to a word, a decimal or a time ("10:15"); a colon after a label is fine
# ("Phone:(425) 882-9090").
_PHONE = pii_pattern(r"[+(\d](?<![\w+@/.-].)(?<!\d:.)[\d ().-]{5,21}\d(?!\d|(?!x\d|ext)\w|[.:-]\d)")
_NANP = LazyPattern(r"(?:(?:\+?1|001)[ .-]?)?(?:\(\d{3}\) ?|\d{3}[ .-])\d{3}[ .-]\d{4}")
_UK = LazyPattern(r"(?:\(0\d{2,4}\)|0[1-9]\d{1,3})[ -]?\d{3,4}[ -]?\d{3,4}|0[1-9]\d{8,9}")
_PHONE_CUE = Cue("phone", "tel", "telephone", "mobile", "cell", "call", "text", "fax",
                 "contact", "reach", "whatsapp", "sms", "dial", "ring")  # fmt: skip
_DATE = LazyPattern(
    r"\d{4}[-./]\d{1,2}[-./]\d{1,2}|\d{1,2}[-./]\d{1,2}[-./]\d{2,4}"
    r"|(?:19|20)\d\d ?- ?(?:19|20)\d\d"  # a range of years: "call 2019-2024 reports"
)
_NOT_PHONE = Cue("order", "invoice", r"ref(?:erence)?", "tracking", "ticket", "case",
                 "confirmation", "po", "sku", "serial", "isbn", "part", "account", "acct",
                 "routing", "nhs", "sin", "ssn", "card", "id", "no\\.?", "#")  # fmt: skip
# "my number", "my Israeli number", "your work number": a number someone calls their own is a
# phone number, whatever country it is written for (Presidio's tests: "My CN number is
# 13812345678"). The word between names a country (adjective, or an upper-case ISO code; not
# "ID") or a kind of line, never what else people number (account, order, ID, NHS ...).
_LINES = (
    r"home|work|office|landline|land\sline|personal|business|private|new|old|direct|main|other"
    r"|second|emergency|contact|daytime|evening|local|international|foreign|overseas|domestic"
)
_NATIONS = (
    r"American|British|English|Scottish|Welsh|Irish|Canadian|Australian|German|French|Spanish"
    r"|Italian|Dutch|Belgian|Swiss|Austrian|Swedish|Norwegian|Danish|Finnish|Polish|Czech"
    r"|Portuguese|Greek|Turkish|Russian|Ukrainian|Israeli|Indian|Chinese|Japanese|Korean"
    r"|Brazilian|Mexican|Argentin(?:e|ian)|Chilean|Colombian|Peruvian|South\sAfrican|Nigerian"
    r"|Kenyan|Egyptian|Saudi|Emirati|Singaporean|Malaysian|Thai|Vietnamese|Filipino|Indonesian"
    r"|Pakistani|Hungarian|Romanian|Bulgarian|Croatian|Serbian|Slovak|Slovenian|Estonian"
    r"|Latvian|Lithuanian|Icelandic|Moroccan|Taiwanese|Hong\sKong"
)
_CODES = (
    r"(?-i:US|UK|GB|CA|AU|NZ|IE|DE|FR|ES|IT|NL|BE|CH|AT|SE|NO|DK|FI|PL|PT|GR|TR|UA|IL|IN|CN|JP"
    r"|KR|BR|MX|AR|CL|CO|ZA|NG|KE|EG|SA|AE|SG|MY|TH|VN|PH|HK|TW)"
)
_OWN_NUMBER = Cue(
    *(
        rf"{whose}(?:\s(?:{_LINES}|{_NATIONS}|{_CODES}))?\snumber"
        for whose in ("my", "your", "his", "her", "our", "their")
    )
)
_EXTENSION = LazyPattern(r"\s?(?:x|ext\.?|extension)\s?\d{1,6}\b", re.IGNORECASE)


def _shaped(value: str, digits: str) -> bool:
    """Whether a phone-like value has a phone number's own shape (international, North
    American or UK), which a value without a phone cue needs (asked only then)."""
    if value.startswith("+") or (value.startswith("00") and len(digits) >= 10):
        return True
    return bool(_NANP.fullmatch(value) or (len(digits) in (10, 11) and _UK.fullmatch(value)))


@gated_by(_PHONE)
def phones(text: str) -> Iterator[Candidate]:
    """Phone numbers: international (`+`/`00` and 8-15 digits), North-American 3-3-4 with
    separators, UK 0-prefixed numbers; bare digit runs only next to a phone cue. Dates, versions,
    decimals and order numbers do not have these shapes; a trailing extension is included."""
    if not has_digit(text):
        return
    for m in _PHONE.finditer(text):
        value = m.group().rstrip(" (")
        digits = digits_of(value)
        if not 7 <= len(digits) <= 15 or value.count("(") != value.count(")"):
            continue
        if _DATE.fullmatch(value):
            continue
        rank, dist = HEURISTIC, cue_distance(_PHONE_CUE, text, m.start(), m.end())
        if dist < 0 and cue_before(_OWN_NUMBER, text, m.start(), 16):
            dist = 0
        if dist >= 0:
            rank = CONTEXT
        elif not _shaped(value, digits) or cue_before(_NOT_PHONE, text, m.start(), 16):
            continue
        end = m.start() + len(value)
        ext = _EXTENSION.match(text, end)
        yield Candidate("PHONE", m.start(), ext.end() if ext else end, rank, max(dist, 0))


CONTEXT_DETECTORS: dict[str, Detector] = {
    "AGE": age,
    "CA_HEALTH_NUMBER": ca_health,
    "CREDIT_DEBIT_CARD_CVV": cvv,
    "DRIVER_ID": driver_ids,
    "LICENSE_PLATE": license_plates,
    "PASSWORD": password,
    "PHONE": phones,
    "PIN": pin,
    "UK_UNIQUE_TAXPAYER_REFERENCE_NUMBER": utr,
    "USERNAME": usernames,
    "US_BANK_ACCOUNT_NUMBER": bank_account,
    "US_PASSPORT_NUMBER": passport,
}
