"""Checksums and numbering rules that turn a PII look-alike into a validated match.

Each function takes the candidate's characters (separators already removed unless said otherwise)
and answers True only when the value could have been issued. Standard library only: this module is
bundled into the evaluator zipapp.
"""

from __future__ import annotations

import functools

from .pii_base import words

# Characters per country for IBANs (ISO 13616 registry, countries in common use). A country not
# listed here is rejected: a wrong length is the cheapest way to tell an IBAN from a random token.
IBAN_LENGTHS: dict[str, int] = {
    "AD": 24, "AE": 23, "AL": 28, "AT": 20, "AZ": 28, "BA": 20, "BE": 16, "BG": 22, "BH": 22,
    "BR": 29, "BY": 28, "CH": 21, "CR": 22, "CY": 28, "CZ": 24, "DE": 22, "DK": 18, "DO": 28,
    "EE": 20, "EG": 29, "ES": 24, "FI": 18, "FO": 18, "FR": 27, "GB": 22, "GE": 22, "GI": 23,
    "GL": 18, "GR": 27, "GT": 28, "HR": 21, "HU": 28, "IE": 22, "IL": 23, "IQ": 23, "IS": 26,
    "IT": 27, "JO": 30, "KW": 30, "KZ": 20, "LB": 28, "LC": 32, "LI": 21, "LT": 20, "LU": 20,
    "LV": 21, "LY": 25, "MC": 27, "MD": 24, "ME": 22, "MK": 19, "MR": 27, "MT": 31, "MU": 30,
    "NL": 18, "NO": 15, "PK": 24, "PL": 28, "PS": 29, "PT": 25, "QA": 29, "RO": 24, "RS": 22,
    "SA": 24, "SC": 31, "SE": 24, "SI": 19, "SK": 24, "SM": 27, "ST": 25, "SV": 28, "TL": 23,
    "TN": 24, "TR": 26, "UA": 29, "VA": 22, "VG": 24, "XK": 20,
}  # fmt: skip

# ISO 3166-1 alpha-2 codes: positions 5-6 of a SWIFT/BIC are the bank's country.
COUNTRIES: frozenset[str] = frozenset(
    words(
        """AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ
    BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO
    DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU
    GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW
    KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU
    MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW
    PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF
    TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS XK YE YT
    ZA ZM ZW"""
    )
)

# Issuer identification number ranges of the card schemes (first digits), checked before Luhn so
# that a Luhn-valid order number starting with, say, 9 is not a card.
_CARD_PREFIXES: tuple[tuple[int, int, int], ...] = (
    # (prefix length, low, high) inclusive
    (1, 4, 4),  # Visa
    (2, 51, 55),  # Mastercard
    (4, 2221, 2720),  # Mastercard 2-series
    (2, 34, 34),  # American Express
    (2, 37, 37),
    (3, 300, 305),  # Diners Club
    (2, 36, 36),
    (2, 38, 39),
    (4, 6011, 6011),  # Discover
    (3, 644, 649),
    (2, 65, 65),
    (2, 62, 62),  # UnionPay (also Discover co-branded)
    (2, 35, 35),  # JCB: issued 3528-3589, but test generators use all of 35xx
    (4, 2131, 2131),  # JCB (15-digit legacy)
    (4, 1800, 1800),
    (2, 50, 50),  # Maestro
    (4, 604, 604),  # Maestro UK (0604)
    (2, 56, 69),
)
# Schemes outside the major ones (ISO/IEC 7812 issuer ranges as the schemes publish them): they
# only raise a cue-confirmed number's rank, because a bare Luhn-valid number starting with 1, 8
# or 9 is far more often an order or tracking number than one of these cards.
_MORE_CARD_PREFIXES: tuple[tuple[int, int, int], ...] = (
    (1, 1, 1),  # UATP (airline cards, 15 digits)
    (4, 2200, 2204),  # Mir
    (2, 81, 82),  # RuPay, UnionPay 81
    (3, 508, 508),  # RuPay
    (4, 9792, 9792),  # Troy
)


# Luhn's doubled digit, digit sum taken: the digits of every other place from the right.
_DOUBLED = {str(d): 2 * d - 9 if 2 * d > 9 else 2 * d for d in range(10)}


def luhn(digits: str) -> bool:
    """The Luhn mod-10 check used by card numbers and Canadian SINs."""
    if digits.isascii() and digits.isdigit():  # the common case, in C: the same sum
        kept = digits[::-2]
        total = (
            sum(map(ord, kept)) - 48 * len(kept) + sum(map(_DOUBLED.__getitem__, digits[-2::-2]))
        )
        return total % 10 == 0
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = ord(ch) - 48
        if i % 2:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def card_number(digits: str, extended: bool = False) -> bool:
    """A 12-19 digit number with a known scheme prefix that passes Luhn; `extended` also
    accepts the smaller schemes' prefixes (UATP, Mir, RuPay, Troy)."""
    if not 12 <= len(digits) <= 19 or not digits.isdigit():
        return False
    known = (_known_prefix if digits.isascii() else _scheme)(digits[:4], extended)
    return known and luhn(digits)


@functools.lru_cache(maxsize=4096)
def _known_prefix(head: str, extended: bool) -> bool:
    """`_scheme` of a card number's first four ASCII digits, remembered (a few hundred
    prefixes occur)."""
    return _scheme(head, extended)


def _scheme(head: str, extended: bool) -> bool:
    """Whether a card number starting with `head` (its first four digits) has a known scheme's
    prefix (`extended`: the smaller schemes' too)."""
    prefixes = _CARD_PREFIXES + _MORE_CARD_PREFIXES if extended else _CARD_PREFIXES
    return any(lo <= int(head[:n]) <= hi for n, lo, hi in prefixes)


def iban(value: str) -> bool:
    """ISO 13616: the country's length and the mod-97 check (the remainder must be 1)."""
    value = value.upper()
    if IBAN_LENGTHS.get(value[:2]) != len(value) or not value[2:4].isdigit():
        return False
    if not value.isalnum() or not value.isascii():
        return False
    rearranged = value[4:] + value[:4]
    number = "".join(str(int(ch, 36)) for ch in rearranged)
    return int(number) % 97 == 1


def aba_routing(digits: str) -> bool:
    """ABA routing transit number: a Federal Reserve prefix and the 3-7-1 weighted checksum."""
    if len(digits) != 9 or not digits.isdigit():
        return False
    prefix = int(digits[:2])
    # 00 is the US government, 01-12 Federal Reserve banks, 21-32 thrifts, 61-72 electronic, 80
    # traveller's cheques; anything else is not a routing number.
    if not (prefix <= 12 or 21 <= prefix <= 32 or 61 <= prefix <= 72 or prefix == 80):
        return False
    weights = (3, 7, 1) * 3
    return sum(int(d) * w for d, w in zip(digits, weights, strict=True)) % 10 == 0


_VIN_VALUES = {
    **{str(d): d for d in range(10)},
    **dict(zip("ABCDEFGH", range(1, 9), strict=True)),
    **dict(zip("JKLMN", range(1, 6), strict=True)),
    "P": 7,
    "R": 9,
    **dict(zip("STUVWXYZ", range(2, 10), strict=True)),
}
_VIN_WEIGHTS = (8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2)


def vin_check_digit(vin: str) -> bool:
    """The North-American VIN check digit in position 9 (ISO 3779 transliteration, mod 11)."""
    vin = vin.upper()
    if len(vin) != 17 or any(ch not in _VIN_VALUES for ch in vin):
        return False
    total = sum(_VIN_VALUES[ch] * w for ch, w in zip(vin, _VIN_WEIGHTS, strict=True))
    expected = total % 11
    return vin[8] == ("X" if expected == 10 else str(expected))


def nhs_number(digits: str) -> bool:
    """NHS number: ten digits, the last a mod-11 check over weights 10..2 (10 is never issued)."""
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


def ca_sin(digits: str) -> bool:
    """Canadian SIN: nine digits passing Luhn; 0 and 8 are never a first digit of a person's SIN."""
    return len(digits) == 9 and digits.isdigit() and digits[0] not in "08" and luhn(digits)


# HMRC never issues these two-letter prefixes; the first letter excludes D F I Q U V and the
# second also excludes O.
_NINO_BAD_PREFIXES = frozenset({"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"})


def nino(value: str) -> bool:
    """UK National Insurance number: two prefix letters, six digits, suffix A-D (spaces removed)."""
    value = value.upper()
    if len(value) not in (8, 9) or not value[2:8].isdigit():
        return False
    first, second = value[0], value[1]
    if first in "DFIQUV" or second in "DFIOQUV" or not (first.isalpha() and second.isalpha()):
        return False
    if value[:2] in _NINO_BAD_PREFIXES:
        return False
    return len(value) == 8 or value[8] in "ABCD"


def ssn(area: str, group: str, serial: str) -> bool:
    """US SSN ranges: no area 000, 666 or 9xx, no group 00, no serial 0000."""
    if area in ("000", "666") or area[0] == "9":
        return False
    return group != "00" and serial != "0000"


def itin(area: str, group: str, serial: str) -> bool:
    """US ITIN: a 9 first, then a group in the IRS's ranges 50-65, 70-88, 90-92 or 94-99."""
    if area[0] != "9" or serial == "0000":
        return False
    g = int(group)
    return 50 <= g <= 65 or 70 <= g <= 88 or 90 <= g <= 92 or 94 <= g <= 99


def swift(code: str) -> bool:
    """SWIFT/BIC: 4 letters bank, a real country, 2 location and optional 3 branch characters."""
    if len(code) not in (8, 11) or not code[:6].isalpha():
        return False
    return code[4:6] in COUNTRIES
