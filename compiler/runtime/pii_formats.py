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
    HEURISTIC,
    NUM,
    NUM_R,
    STRUCTURED,
    Candidate,
    Cue,
    LazyPattern,
    cue_before,
    cue_distance,
    digits_of,
    has_digit,
    has_upper,
    lower,
    matches_at,
    near_cue,
    words,
)

CARD_CUE = Cue(
    *words("card visa mastercard amex credit debit maestro discover jcb diners charge"),
    r"american\s+express",
    r"pa(?:id|y)\s+with",
)

# -- payment cards ---------------------------------------------------------------------------------

_CARD = LazyPattern(
    NUM + r"(?:\d{3}([ .-])\d{4}\1\d{4}\1\d{4}(?:\1\d{1,3})?"  # 4-4-4-4(-3), also dotted
    r"|\d{3}([ .-])\d{6}\2\d{4,5}"  # Amex 4-6-5, Diners 4-6-4
    r"|\d{11,18})" + NUM_R
)


_ACCOUNT_CUE = Cue("account", "acct", "a/c", "checking", "savings")


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
    if not has_digit(text):
        return
    for m in _CARD.finditer(text):
        digits = digits_of(m.group())
        if not checks.card_number(digits):
            continue
        card = cue_distance(CARD_CUE, text, m.start(), m.end(), after=0)
        if len(digits) == 12 and card < 0:
            continue
        account = cue_distance(_ACCOUNT_CUE, text, m.start(), m.end(), after=0)
        if account >= 0 and (card < 0 or account < card):
            continue
        yield Candidate("CREDIT_DEBIT_CARD_NUMBER", m.start(), m.end(), CHECKSUM)


_EXPIRY = LazyPattern(
    r"[01](?<![\w/.-][01])(?:(?<=0)[1-9]|(?<=1)[0-2])\s?[/-]\s?(?:20\d{2}|\d{2})(?![\w/]|[.-]\d)"
)
_EXPIRY_CUE = Cue("exp", r"exp\.", "expiry", "expires", "expiration", "expiring", "expire",
                  r"valid\s+(?:thru|through|until|to)", r"good\s+thru", "mm/yy")  # fmt: skip


def expiry(text: str) -> Iterator[Candidate]:
    """MM/YY or MM/YYYY with an expiry cue before it, or within 40 characters after a card."""
    if not has_digit(text):
        return
    found = list(_EXPIRY.finditer(text))
    if not found:
        return
    for m in found:
        dist = cue_distance(_EXPIRY_CUE, text, m.start(), m.end())
        if dist < 0 and any(0 <= m.start() - c.end <= 40 for c in _cards(text)):
            dist = 50
        if dist >= 0:
            yield Candidate("CREDIT_DEBIT_CARD_EXPIRY", m.start(), m.end(), CONTEXT, dist)


# -- bank numbers --------------------------------------------------------------------------------

_IBAN_START = LazyPattern(r"[A-Z](?<![A-Za-z0-9][A-Z])[A-Z]\d{2}(?=[ ]?[A-Z0-9])")


def ibans(text: str) -> Iterator[Candidate]:
    """IBANs, compact or in groups of four; the country's length decides where the IBAN ends."""
    if not (has_digit(text) and has_upper(text)):
        return
    for m in _IBAN_START.finditer(text):
        length = checks.IBAN_LENGTHS.get(m.group()[:2])
        if length is None:
            continue
        chars = [m.group()]
        count, i = 4, m.end()
        while count < length and i < len(text):
            ch = text[i]
            if ch.isascii() and ch.isalnum():
                chars.append(ch)
                count += 1
            elif not (ch == " " and i + 1 < len(text) and text[i + 1].isalnum()):
                break
            i += 1
        if count != length or (i < len(text) and text[i].isalnum()):
            continue
        if checks.iban("".join(chars).upper()):
            yield Candidate("INTERNATIONAL_BANK_ACCOUNT_NUMBER", m.start(), i, CHECKSUM)


_SWIFT = LazyPattern(
    r"[A-Z](?<![A-Za-z0-9][A-Z])[A-Z]{5}[A-Z0-9]{2}(?:[A-Z0-9]{3})?(?![A-Za-z0-9])"
)
_SWIFT_CUE = Cue("swift", "bic", r"bank\s+identifier", r"bank\s+code", r"sort\s+code")
_NOT_SWIFT = Cue("code", "confirmation", "booking", "ref", "reference", "order", "ticket",
                 "voucher", "coupon", "promo", "tracking", "pnr")  # fmt: skip


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

_NINE = LazyPattern(r"(" + NUM + r"\d{2})([ -]?)(\d{2})\2(\d{4})" + NUM_R)
_SSN_CUE = Cue("ssn", "ss#", r"ss\s?no", r"social\s+security")
_ITIN_CUE = Cue(
    "itin", r"individual\s+tax(?:payer)?", r"tax\s*(?:payer)?\s*(?:id|identification)", "tin"
)


def us_tax_numbers(text: str) -> Iterator[Candidate]:
    """SSNs (area/group/serial rules) and ITINs (9xx, IRS group ranges): 3-2-4 with separators,
    or 9 bare digits next to an SSN/ITIN cue."""
    if not has_digit(text):
        return
    for m in _NINE.finditer(text):
        area, sep, group, serial = m.groups()
        for type_, valid, cue in (
            ("US_SOCIAL_SECURITY_NUMBER", checks.ssn, _SSN_CUE),
            ("US_INDIVIDUAL_TAX_IDENTIFICATION_NUMBER", checks.itin, _ITIN_CUE),
        ):
            if not valid(area, group, serial):
                continue
            dist = cue_distance(cue, text, m.start(), m.end())
            if sep or dist >= 0:
                yield Candidate(type_, m.start(), m.end(), STRUCTURED, max(dist, 0))


_SIN = LazyPattern(NUM + r"\d{2}([ -]?)\d{3}\1\d{3}" + NUM_R)
_SIN_CUE = Cue("sin", r"social\s+insurance", "nas")


def ca_sins(text: str) -> Iterator[Candidate]:
    """Canadian SINs (Luhn): 3-3-3 with separators, or 9 bare digits next to a SIN cue."""
    if not has_digit(text):
        return
    for m in _SIN.finditer(text):
        if not checks.ca_sin(digits_of(m.group())):
            continue
        dist = cue_distance(_SIN_CUE, text, m.start(), m.end())
        if m.group(1) or dist >= 0:
            yield Candidate(
                "CA_SOCIAL_INSURANCE_NUMBER", m.start(), m.end(), CHECKSUM, max(dist, 0)
            )


_NHS = LazyPattern(NUM + r"\d{2}([ -]?)\d{3}\1\d{4}" + NUM_R)
_NHS_CUE = Cue("nhs", r"national\s+health", r"health\s+service", r"patient\s+(?:number|id|no)")


def nhs_numbers(text: str) -> Iterator[Candidate]:
    """NHS numbers (mod 11) next to an NHS cue: without one, 3-3-4 digits are a phone number."""
    for m in near_cue(_NHS, _NHS_CUE, text):
        if not checks.nhs_number(digits_of(m.group())):
            continue
        dist = cue_distance(_NHS_CUE, text, m.start(), m.end())
        if dist >= 0:
            yield Candidate("UK_NATIONAL_HEALTH_SERVICE_NUMBER", m.start(), m.end(), CHECKSUM, dist)


_NINO = LazyPattern(
    r"[A-Z](?<![A-Za-z0-9][A-Z])[A-Z] ?\d{2} ?\d{2} ?\d{2}(?: ?[A-D])?(?![A-Za-z0-9])"
)
_NINO_CUE = Cue(r"national\s+insurance", "nino", r"ni\s+(?:number|no)", "ni")


def ninos(text: str) -> Iterator[Candidate]:
    """UK National Insurance numbers by HMRC's prefix rules; without the suffix letter, a cue."""
    if not (has_digit(text) and has_upper(text)):
        return
    for m in _NINO.finditer(text):
        value = m.group().replace(" ", "")
        if not checks.nino(value):
            continue
        dist = cue_distance(_NINO_CUE, text, m.start(), m.end())
        if len(value) == 9 or dist >= 0:
            yield Candidate("UK_NATIONAL_INSURANCE_NUMBER", m.start(), m.end(), STRUCTURED,
                            max(dist, 0))  # fmt: skip


_ROUTING = LazyPattern(NUM + r"\d{8}" + NUM_R)
_ROUTING_CUE = Cue("routing", "aba", "rtn", "transit", "ach", r"bank\s+(?:number|code)")


def routing_numbers(text: str) -> Iterator[Candidate]:
    """ABA routing numbers: nine digits passing the 3-7-1 checksum, next to a routing cue."""
    for m in near_cue(_ROUTING, _ROUTING_CUE, text):
        if not checks.aba_routing(m.group()):
            continue
        dist = cue_distance(_ROUTING_CUE, text, m.start(), m.end())
        if dist >= 0:
            yield Candidate("US_BANK_ROUTING_NUMBER", m.start(), m.end(), CHECKSUM, dist)


# -- vehicles ------------------------------------------------------------------------------------

_VIN = LazyPattern(r"[A-HJ-NPR-Z0-9](?<![A-Za-z0-9].)[A-HJ-NPR-Z0-9]{16}(?![A-Za-z0-9])")
_VIN_CUE = Cue("vin", r"vehicle\s+identification", "chassis", r"vehicle\s+id", r"frame\s+number")


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


# -- network and credentials ---------------------------------------------------------------------

_IPV4 = LazyPattern(r"\d(?<![\w.]\d)\d{0,2}(?:\.\d{1,3}){3}(?![\w]|\.\d)")
_HEX_COLON = frozenset("0123456789abcdefABCDEF:")
_HEX_COLON_DOT = _HEX_COLON | {"."}
_VERSION_CUE = LazyPattern(r"(?i)(?:\bv|\bversion|\bver\.?|\brelease|\bbuild|\brev\.?)\s*$")


def ip_addresses(text: str) -> Iterator[Candidate]:
    """IPv4 and IPv6 addresses, parsed by `ipaddress`; dotted quads after "version"/"v" are
    version numbers."""
    for m in _IPV4.finditer(text) if text.count(".") >= 3 and has_digit(text) else ():
        import ipaddress  # noqa: PLC0415 - its import costs more than most scans; rarely needed

        try:
            ipaddress.IPv4Address(m.group())
        except ValueError:
            continue
        if not _VERSION_CUE.search(text, max(0, m.start() - 12), m.start()):
            yield Candidate("IP_ADDRESS", m.start(), m.end(), STRUCTURED)
    if "::" in text or text.count(":") >= 7:
        yield from _ipv6(text)


def _ipv6(text: str) -> Iterator[Candidate]:
    # Grow a token of hex digits, colons (and dots, for an embedded IPv4) around each colon,
    # then let `ipaddress` decide; far cheaper than a regex tried at every hex letter.
    n, i, done = len(text), text.find(":"), -1
    while i >= 0:
        lo, hi = i, i
        while lo > 0 and text[lo - 1] in _HEX_COLON:
            lo -= 1
        while hi < n and text[hi] in _HEX_COLON_DOT:
            hi += 1
        done = hi
        while hi > lo and text[hi - 1] in ".:" and not text[lo:hi].endswith("::"):
            hi -= 1  # sentence punctuation after the address
        value = text[lo:hi]
        boundary = (lo == 0 or not text[lo - 1].isalnum()) and (
            hi == n or not (text[hi].isalnum() or text[hi] == "_")
        )
        if boundary and ("::" in value or value.count(":") == 7) and len(value) >= 3:
            import ipaddress  # noqa: PLC0415 - see ip_addresses

            try:
                ipaddress.IPv6Address(value)
            except ValueError:
                pass
            else:
                yield Candidate("IP_ADDRESS", lo, hi, STRUCTURED)
        i = text.find(":", max(i + 1, done))


_MAC = LazyPattern(
    r"[0-9A-Fa-f](?<![\w:.-].)(?:[0-9A-Fa-f]([:-])[0-9A-Fa-f]{2}(?:\1[0-9A-Fa-f]{2}){4}"
    r"|[0-9A-Fa-f]{3}\.[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4})(?![\w:-]|\.\w)"
)


def mac_addresses(text: str) -> Iterator[Candidate]:
    """EUI-48 MAC addresses: six hex pairs split by `:` or `-`, or Cisco's dotted 3x4 form."""
    # Each MAC has a separator two (or four, dotted) characters in: try the pattern only there.
    for sep, back in ((":", 2), ("-", 2), (".", 4)):
        i, done = text.find(sep), 0
        while i >= 0:
            start = i - back
            if start >= done:
                m = _MAC.match(text, start)
                if m:
                    done = m.end()
                    yield Candidate("MAC_ADDRESS", m.start(), m.end(), STRUCTURED)
            i = text.find(sep, i + 1)


_ACCESS_KEY = LazyPattern(r"(?<![A-Za-z0-9])(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}(?![A-Za-z0-9])")
_SECRET = LazyPattern(r"[A-Za-z0-9/+](?<![A-Za-z0-9/+].)[A-Za-z0-9/+]{39}(?![A-Za-z0-9/+=])")
_SECRET_CUE = Cue("secret", "secretaccesskey")
_KEY_PREFIXES = ("AKIA", "ASIA", "ABIA", "ACCA")


def aws_access_keys(text: str) -> Iterator[Candidate]:
    """AWS access key ids: AKIA (long-term) or ASIA (temporary) and 16 upper-case characters."""
    if not any(p in text for p in _KEY_PREFIXES):
        return
    for m in _ACCESS_KEY.finditer(text):
        yield Candidate("AWS_ACCESS_KEY", m.start(), m.end(), STRUCTURED)


def aws_secret_keys(text: str) -> Iterator[Candidate]:
    """40 base64 characters (mixed case and a digit, so not a hex git hash) with a "secret" cue
    before them or an access key id within 120 characters."""
    keys = [(k.start, k.end) for k in aws_access_keys(text)]
    found = _SECRET.finditer(text) if keys else near_cue(_SECRET, _SECRET_CUE, text)
    for m in found:
        value = m.group()
        if value.lower() == value or value.upper() == value or not any(c.isdigit() for c in value):
            continue
        dist = cue_distance(_SECRET_CUE, text, m.start(), m.end(), after=0)
        if dist < 0 and any(abs(m.start() - e) <= 120 or abs(s - m.end()) <= 120 for s, e in keys):
            dist = 60
        if dist >= 0:
            yield Candidate("AWS_SECRET_KEY", m.start(), m.end(), CONTEXT, dist)


_LOCAL = LazyPattern(r"(?<![\w.%+-])[\w.%+-]{0,63}\w\Z")
_DOMAIN_PART = LazyPattern(
    r"[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,24}(?![\w-]|\.\w)"
)


def emails(text: str) -> Iterator[Candidate]:
    """Email addresses: local part, `@`, and a dotted domain ending in a letters-only TLD.
    Found from each `@` outwards rather than by scanning the whole text with one regex."""
    at = text.find("@")
    while at > 0:
        local = _LOCAL.search(text, max(0, at - 64), at)
        domain = _DOMAIN_PART.match(text, at + 1)
        if local and domain:
            yield Candidate("EMAIL", local.start(), domain.end(), STRUCTURED)
        at = text.find("@", at + 1)


_TLDS = words("com org net edu gov io co uk de fr ca info biz us eu ai app dev")
_URL = LazyPattern(r"(?i)(?:(?:https?|ftp)://|www\.)[^\s<>\"'`]+")
_DOMAIN = LazyPattern(
    r"(?i)[a-z0-9](?<![\w@.-].)[a-z0-9-]*\.(?:[a-z0-9-]+\.)*(?:" + "|".join(_TLDS) + r")"
    r"(?![\w-])(?:/[^\s<>\"'`]*)?"
)
_URL_TAIL = ".,;:!?'\")]}"


def urls(text: str) -> Iterator[Candidate]:
    """URLs with a scheme or `www.`, and bare domains with a common TLD (lower rank); trailing
    sentence punctuation and unbalanced closing brackets are not part of the URL."""
    found = [
        m
        for m in matches_at(_URL, ("http", "ftp", "www."), text)
        if m.start() == 0 or not text[m.start() - 1].isalnum()
    ]
    low = lower(text)
    starts: set[int] = set()
    for tld in _TLDS if len(low) == len(text) else ():
        i = low.find("." + tld)
        while i > 0:
            # Walk back to where the host name starts; the regex checks the rest.
            j = i
            while j > 0 and (text[j - 1].isalnum() or text[j - 1] in ".-"):
                j -= 1
            if j not in starts:
                starts.add(j)
                m = _DOMAIN.match(text, j)
                if m:
                    found.append(m)
            i = low.find("." + tld, i + 1)
    for m in sorted(found, key=lambda m: m.start()):
        value = m.group()
        while value and value[-1] in _URL_TAIL:
            if value[-1] == ")" and value.count("(") >= value.count(")"):
                break
            value = value[:-1]
        scheme = "://" in value or value[:4].lower() == "www."
        if scheme and len(value) < 8:
            continue
        yield Candidate(
            "URL", m.start(), m.start() + len(value), STRUCTURED if scheme else HEURISTIC
        )
