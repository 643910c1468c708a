"""Detectors for PII with a recognisable format: cards, bank and tax numbers, keys, network ids.

Each detector is a function `text -> Iterator[Candidate]`; validators live in `pii_checks`.
The regexes are compiled once, on first use (`LazyPattern`), and a detector skips a text at
once when a cheap check (no digit, no capital letter) proves it cannot hold a value. Standard
library only.
"""

from __future__ import annotations

from collections.abc import Iterator

from . import pii_checks as checks
from .pii_base import (
    CHECKSUM,
    CONTEXT,
    NUM,
    NUM_R,
    STRUCTURED,
    Candidate,
    Cue,
    LazyPattern,
    cue_before,
    cue_distance,
    cued_by,
    digits_of,
    gated_by,
    has_digit,
    has_upper,
    near_cue,
    pii_pattern,
    words,
)

CARD_CUE = Cue(
    r"card\s+account",  # "credit card account 1111-...": a card, not a bank account (first:
    # the alternation takes the first phrase that matches, and "card" alone ends sooner)
    *words("card visa mastercard amex credit debit maestro discover jcb diners charge uatp mir"),
    *words("rupay troy unionpay"),
    r"american\s+express",
    r"pa(?:id|y)\s+with",
)

# -- payment cards ---------------------------------------------------------------------------------

_CARD = pii_pattern(
    NUM + r"(?:\d{3}([ .-])\d{4}\1\d{4}\1\d{3,4}(?:\1\d{1,3})?"  # 4-4-4-4(-3), 4-4-4-3; or dots
    r"|\d{3}([ .-])\d{6}\2\d{4,5}"  # Amex 4-6-5, Diners 4-6-4
    r"|\d{3}([ .-])\d{5}\3\d{6}"  # UATP 4-5-6
    r"|\d{11,18})" + NUM_R
)


_ACCOUNT_CUE = Cue("account", "acct", "a/c", "checking", "savings")


@gated_by(_CARD)
def cards(text: str) -> Iterator[Candidate]:
    """Card numbers: known issuer prefix plus Luhn. 12-digit (Maestro) numbers need a card cue;
    a number introduced as an account (and not as a card) is left to US_BANK_ACCOUNT_NUMBER."""
    yield from _cards(text)


_CARDS_MEMO: list[tuple[str, tuple[Candidate, ...]]] = []  # the last text's cards


def _cards(text: str) -> tuple[Candidate, ...]:
    # Memoised for the last text: `expiry` needs the cards too, in the same `find_pii` call.
    if _CARDS_MEMO and _CARDS_MEMO[0][0] is text:
        return _CARDS_MEMO[0][1]
    found = tuple(_scan_cards(text))
    _CARDS_MEMO[:] = [(text, found)]
    return found


def _scan_cards(text: str) -> Iterator[Candidate]:
    # Without a card cue: a major scheme's prefix and Luhn. With one, any 13-19 digit number is a
    # card (AWS's own example card, 1111-0000-1111-0000, fails Luhn): the checksum then only
    # raises the rank. docs/pii.md, "Checksums".
    if not has_digit(text):
        return
    for m in _CARD.finditer(text):
        digits = digits_of(m.group())
        card = cue_distance(CARD_CUE, text, m.start(), m.end(), after=0)
        if checks.card_number(digits):
            rank = CHECKSUM
            if len(digits) == 12 and card < 0:
                continue
        elif card >= 0 and 13 <= len(digits) <= 19 and digits[0] != "0":
            rank = CHECKSUM if checks.card_number(digits, extended=True) else CONTEXT
        else:
            continue
        account = cue_distance(_ACCOUNT_CUE, text, m.start(), m.end(), after=0)
        if account >= 0 and (card < 0 or account < card):
            continue
        yield Candidate("CREDIT_DEBIT_CARD_NUMBER", m.start(), m.end(), rank, max(card, 0))


_EXPIRY = pii_pattern(
    r"[01](?<![\w/.-][01])(?:(?<=0)[1-9]|(?<=1)[0-2])\s?[/-]\s?(?:20\d{2}|\d{2})(?![\w/]|[.-]\d)"
)
# "Jan 2021", "January 2021", "Jan '27" (Bedrock's definition names "Jan 2021"): only looked
# for near an expiry cue, because a month and a year are mostly just a date.
_EXPIRY_NAMED = LazyPattern(
    r"[JFMASONDjfmasond](?<![\w].)(?i:(?<=j)an(?:uary)?|(?<=f)eb(?:ruary)?|(?<=m)ar(?:ch)?"
    r"|(?<=a)pr(?:il)?|(?<=m)ay|(?<=j)une?|(?<=j)uly?|(?<=a)ug(?:ust)?|(?<=s)ep(?:t(?:ember)?)?"
    r"|(?<=o)ct(?:ober)?|(?<=n)ov(?:ember)?|(?<=d)ec(?:ember)?)\.?,?\s+"
    r"(?:20\d{2}|'\d{2})(?![\w/]|[.-]\d)"
)
_EXPIRY_CUE = Cue("exp", r"exp\.", "expiry", "expires", "expiration", "expiring", "expire",
                  r"valid\s+(?:thru|through|until|to)", r"good\s+thru", "mm/yy")  # fmt: skip


def expiry(text: str) -> Iterator[Candidate]:
    """MM/YY or MM/YYYY with an expiry cue before it, or within 40 characters after a card."""
    if not has_digit(text):
        return
    found = list(_EXPIRY.finditer(text))
    if "20" in text or "'" in text:  # a named month's year: 20xx or '27
        found += near_cue(_EXPIRY_NAMED, _EXPIRY_CUE, text)
    if not found:
        return
    for m in found:
        dist = cue_distance(_EXPIRY_CUE, text, m.start(), m.end())
        if dist < 0 and any(0 <= m.start() - c.end <= 40 for c in _cards(text)):
            dist = 50
        if dist >= 0:
            yield Candidate("CREDIT_DEBIT_CARD_EXPIRY", m.start(), m.end(), CONTEXT, dist)


# -- bank numbers --------------------------------------------------------------------------------

_IBAN_START = pii_pattern(r"[A-Z](?<![A-Za-z0-9][A-Z])[A-Z]\d{2}(?=[ -]?[A-Z0-9])")
_IBAN_CUE = Cue("iban", r"international\s+bank\s+account(?:\s+number)?")


@gated_by(_IBAN_START)
def ibans(text: str) -> Iterator[Candidate]:
    """IBANs, compact or in groups split by spaces or dashes (one kind); the country's length
    decides where the IBAN ends. Mod-97 decides alone; next to an IBAN cue a value of the right
    length is an IBAN whatever its check digits (the check then raises the rank)."""
    if not (has_digit(text) and has_upper(text)):
        return
    for m in _IBAN_START.finditer(text):
        length = checks.IBAN_LENGTHS.get(m.group()[:2])
        if length is None:
            continue
        chars = [m.group()]
        count, i, sep = 4, m.end(), ""
        while count < length and i < len(text):
            ch = text[i]
            if ch.isascii() and ch.isalnum():
                chars.append(ch)
                count += 1
            elif ch in " -" and (sep or ch) == ch and i + 1 < len(text) and text[i + 1].isalnum():
                sep = ch
            else:
                break
            i += 1
        if count != length or (i < len(text) and text[i].isalnum()):
            continue
        if checks.iban("".join(chars).upper()):
            yield Candidate("INTERNATIONAL_BANK_ACCOUNT_NUMBER", m.start(), i, CHECKSUM)
        elif _IBAN_CUE.present(text):
            dist = cue_distance(_IBAN_CUE, text, m.start(), i)
            if dist >= 0:
                yield Candidate("INTERNATIONAL_BANK_ACCOUNT_NUMBER", m.start(), i, CONTEXT, dist)


_SWIFT = pii_pattern(
    r"[A-Z](?<![A-Za-z0-9][A-Z])[A-Z]{5}[A-Z0-9]{2}(?:[A-Z0-9]{3})?(?![A-Za-z0-9])"
)
_SWIFT_CUE = Cue("swift", "bic", r"bank\s+identifier", r"bank\s+code", r"sort\s+code")
_NOT_SWIFT = Cue("code", "confirmation", "booking", "ref", "reference", "order", "ticket",
                 "voucher", "coupon", "promo", "tracking", "pnr")  # fmt: skip


@gated_by(_SWIFT)
def swift_codes(text: str) -> Iterator[Candidate]:
    """SWIFT/BIC codes with a real country; all-letter codes (which look like shouted words,
    e.g. BUSINESS) need a SWIFT/BIC cue."""
    if not has_upper(text):
        return
    for m in _SWIFT.finditer(text):
        code = m.group()
        if not checks.swift(code):
            continue
        dist = cue_distance(_SWIFT_CUE, text, m.start(), m.end())
        if dist < 0 and (code.isalpha() or cue_before(_NOT_SWIFT, text, m.start(), 16)):
            continue
        yield Candidate("SWIFT_CODE", m.start(), m.end(), STRUCTURED, max(dist, 0))


# -- US, Canadian and UK identity numbers --------------------------------------------------------

_NINE = pii_pattern(r"(" + NUM + r"\d{2})([ .-]?)(\d{2})\2(\d{4})" + NUM_R)
_SSN_CUE = Cue("ssn", "ss#", r"ss\s?no", r"social\s+security")
_ITIN_CUE = Cue(
    "itin", r"individual\s+tax(?:payer)?", r"tax\s*(?:payer)?\s*(?:id|identification)", "tin"
)


# nine digits with at most two separators anywhere ("078-051121", "0711-0130-7"): a number
# written so is read as one only next to its cue (`loosely_written`)
_NINE_LOOSE = pii_pattern(NUM + r"(?:[ .-]?\d){8}" + NUM_R)


# how close before a loosely written number its cue must end ("my SSN is 078-051121"): right
# before it, not a sentence away where another number may be meant
LOOSE_CUE = 16


def loosely_written(value: str) -> bool:
    """Whether a nine-digit value has one or two separators, of one kind (none is the bare
    form, which the detectors read already; "123.45-6789" mixes two and stays no number)."""
    return 1 <= len(value) - 9 <= 2 and len(set(value) - set("0123456789")) == 1


@gated_by(_NINE, _NINE_LOOSE)
def us_tax_numbers(text: str) -> Iterator[Candidate]:
    """SSNs (area/group/serial rules) and ITINs (9xx, IRS group ranges): 3-2-4 with one kind of
    separator (space, dash or dot), or 9 bare digits next to an SSN/ITIN cue; next to the cue
    also nine digits grouped otherwise ("my SSN is 078-051121"), at context rank."""
    if not has_digit(text):
        return
    kinds = (
        ("US_SOCIAL_SECURITY_NUMBER", checks.ssn, _SSN_CUE),
        ("US_INDIVIDUAL_TAX_IDENTIFICATION_NUMBER", checks.itin, _ITIN_CUE),
    )
    regular = set()
    for m in _NINE.finditer(text):
        regular.add(m.span())
        area, sep, group, serial = m.groups()
        for type_, valid, cue in kinds:
            if not valid(area, group, serial):
                continue
            dist = cue_distance(cue, text, m.start(), m.end())
            if sep or dist >= 0:
                yield Candidate(type_, m.start(), m.end(), STRUCTURED, max(dist, 0))
    for m in _NINE_LOOSE.finditer(text):
        if m.span() in regular or not loosely_written(m.group()):
            continue
        digits = digits_of(m.group())
        for type_, valid, cue in kinds:
            if cue_before(cue, text, m.start(), LOOSE_CUE) and valid(
                digits[:3], digits[3:5], digits[5:]
            ):
                yield Candidate(type_, m.start(), m.end(), CONTEXT, 0)


_SIN = pii_pattern(NUM + r"\d{2}([ .-]?)\d{3}\1\d{3}" + NUM_R)
_SIN_CUE = Cue("sin", r"social\s+insurance", "nas")


@gated_by(_SIN)
def ca_sins(text: str) -> Iterator[Candidate]:
    """Canadian SINs: Luhn-valid 3-3-3 with spaces or dashes; anything else of nine digits
    (bare, dotted like a thousands separator, or failing Luhn, as AWS's own example
    123-456-789 does) next to a SIN cue, at context rank when Luhn fails."""
    if not has_digit(text):
        return
    for m in _SIN.finditer(text):
        valid = checks.ca_sin(digits_of(m.group()))
        dist = cue_distance(_SIN_CUE, text, m.start(), m.end())
        if dist >= 0 or (valid and m.group(1) in (" ", "-")):
            rank = CHECKSUM if valid else CONTEXT
            yield Candidate("CA_SOCIAL_INSURANCE_NUMBER", m.start(), m.end(), rank, max(dist, 0))


_NHS = LazyPattern(NUM + r"\d{2}([ -]?)\d{3}\1\d{4}" + NUM_R)
_NHS_CUE = Cue("nhs", r"national\s+health", r"health\s+service", r"patient\s+(?:number|id|no)")


@cued_by(_NHS_CUE)
def nhs_numbers(text: str) -> Iterator[Candidate]:
    """NHS numbers next to an NHS cue (without one, 3-3-4 digits are a phone number); the mod-11
    check raises the rank but does not gate (AWS's own example, 485 777 3456, fails it)."""
    for m in near_cue(_NHS, _NHS_CUE, text):
        dist = cue_distance(_NHS_CUE, text, m.start(), m.end())
        if dist >= 0:
            rank = CHECKSUM if checks.nhs_number(digits_of(m.group())) else CONTEXT
            yield Candidate("UK_NATIONAL_HEALTH_SERVICE_NUMBER", m.start(), m.end(), rank, dist)


_NINO = pii_pattern(
    r"[A-Z](?<![A-Za-z0-9-][A-Z])[A-Z]([ -]?)\d{2}\1\d{2}\1\d{2}(?:\1[A-D])?(?![A-Za-z0-9]|-\w)"
    r"|[A-Z](?<![A-Za-z0-9-][A-Z])[A-Z] ?\d{6} ?[A-D]?(?![A-Za-z0-9])"  # AB 123456 C
)
# Session 31: written all in lower case ("my ni number is ab 12 34 56 c", "tw987654a": chat
# input, and Presidio's own tests), with its suffix letter: the nine characters' layout and
# HMRC's prefix rules are as specific in either case; without the suffix, upper case only.
_NINO_LOWER = pii_pattern(
    r"[a-z](?<![A-Za-z0-9-][a-z])[a-z]([ -]?)\d{2}\1\d{2}\1\d{2}\1[a-d](?![A-Za-z0-9]|-\w)"
)
_NINO_CUE = Cue(r"national\s+insurance", "nino", r"ni\s+(?:number|no)", "ni")


@gated_by(_NINO, _NINO_LOWER)
def ninos(text: str) -> Iterator[Candidate]:
    """UK National Insurance numbers by HMRC's prefix rules; without the suffix letter, a cue
    (and capitals)."""
    if not has_digit(text):
        return
    found = [*_NINO.finditer(text)] if has_upper(text) else []
    found += _NINO_LOWER.finditer(text)
    for m in found:
        value = m.group().replace(" ", "").replace("-", "").upper()
        if not checks.nino(value):
            continue
        dist = cue_distance(_NINO_CUE, text, m.start(), m.end())
        if len(value) == 9 or dist >= 0:
            yield Candidate("UK_NATIONAL_INSURANCE_NUMBER", m.start(), m.end(), STRUCTURED,
                            max(dist, 0))  # fmt: skip


_ROUTING = LazyPattern(NUM + r"\d{8}" + NUM_R)
_ROUTING_CUE = Cue("routing", "aba", "rtn", "transit", "ach", r"bank\s+(?:number|code)")


@cued_by(_ROUTING_CUE)
def routing_numbers(text: str) -> Iterator[Candidate]:
    """ABA routing numbers: nine digits next to a routing cue; the Federal Reserve prefix and
    3-7-1 checksum raise the rank but do not gate (the cue already says what the number is).
    Nine digits split by one or two separators next to the cue count when the checksum holds."""
    for m in near_cue(_ROUTING, _ROUTING_CUE, text):
        dist = cue_distance(_ROUTING_CUE, text, m.start(), m.end())
        if dist >= 0:
            rank = CHECKSUM if checks.aba_routing(m.group()) else CONTEXT
            yield Candidate("US_BANK_ROUTING_NUMBER", m.start(), m.end(), rank, dist)
    # written in the Federal Reserve's groups ("0711-0130-7") or otherwise split: the checksum
    # must hold, the cue alone does not make a split number a routing number
    for m in near_cue(_NINE_LOOSE, _ROUTING_CUE, text):
        if not loosely_written(m.group()) or not checks.aba_routing(digits_of(m.group())):
            continue
        if cue_before(_ROUTING_CUE, text, m.start(), LOOSE_CUE):
            yield Candidate("US_BANK_ROUTING_NUMBER", m.start(), m.end(), CHECKSUM, 0)


# -- vehicles ------------------------------------------------------------------------------------

_VIN = pii_pattern(r"[A-HJ-NPR-Z0-9](?<![A-Za-z0-9].)[A-HJ-NPR-Z0-9]{16}(?![A-Za-z0-9])")
_VIN_CUE = Cue("vin", r"vehicle\s+identification", "chassis", r"vehicle\s+id", r"frame\s+number")


@gated_by(_VIN)
def vins(text: str) -> Iterator[Candidate]:
    """VINs: a valid North-American check digit (position 9), or any 17-character VIN next to
    a VIN cue (European and Asian VINs need not carry a check digit)."""
    if not (has_digit(text) and has_upper(text)):  # a VIN mixes capitals and digits
        return
    for m in _VIN.finditer(text):
        if m.group().isdigit() or m.group().isalpha():
            continue
        if checks.vin_check_digit(m.group()):
            yield Candidate("VEHICLE_IDENTIFICATION_NUMBER", m.start(), m.end(), CHECKSUM)
            continue
        dist = cue_distance(_VIN_CUE, text, m.start(), m.end())
        if dist >= 0:
            yield Candidate("VEHICLE_IDENTIFICATION_NUMBER", m.start(), m.end(), CONTEXT, dist)
