"""What E203 suggests for a PII entity it does not know.

People write entities the way they saw them elsewhere: the Bedrock enum name in lower case
(`phone`), a common abbreviation (`ssn`), or a name from another tool or an older API
(`US_DRIVER_LICENSE`). Edit distance alone finds none of these, so the suggestion tries, in
order: a Bedrock name written in another case, a table of common aliases, the nearest phrase by
edit distance, and finally the one entity whose distinctive words the input shares.
"""

from __future__ import annotations

import re

from ..diagnostics.sink import nearest
from ..vocab import PII_PHRASE, PII_PHRASES, PiiType, normalise_phrase

# Common names for entities, folded as `normalise_phrase` folds (spaces for `_` and `-`).
ALIASES: dict[str, PiiType] = {
    "ssn": PiiType.US_SOCIAL_SECURITY_NUMBER,
    "ssns": PiiType.US_SOCIAL_SECURITY_NUMBER,
    "us ssn": PiiType.US_SOCIAL_SECURITY_NUMBER,
    "social security numbers": PiiType.US_SOCIAL_SECURITY_NUMBER,
    "phones": PiiType.PHONE,
    "phone number": PiiType.PHONE,
    "telephone numbers": PiiType.PHONE,
    "emails": PiiType.EMAIL,
    "email address": PiiType.EMAIL,
    "e mail addresses": PiiType.EMAIL,
    "credit cards": PiiType.CREDIT_DEBIT_CARD_NUMBER,
    "credit card": PiiType.CREDIT_DEBIT_CARD_NUMBER,
    "card numbers": PiiType.CREDIT_DEBIT_CARD_NUMBER,
    "debit card numbers": PiiType.CREDIT_DEBIT_CARD_NUMBER,
    "cvv": PiiType.CREDIT_DEBIT_CARD_CVV,
    "cvvs": PiiType.CREDIT_DEBIT_CARD_CVV,
    "driver license": PiiType.DRIVER_ID,
    "driver licenses": PiiType.DRIVER_ID,
    "drivers license": PiiType.DRIVER_ID,
    "driving licence": PiiType.DRIVER_ID,
    "us driver license": PiiType.DRIVER_ID,
    "us driver licenses": PiiType.DRIVER_ID,
    "passport numbers": PiiType.US_PASSPORT_NUMBER,
    "passports": PiiType.US_PASSPORT_NUMBER,
    "us passport": PiiType.US_PASSPORT_NUMBER,
    "itin": PiiType.US_INDIVIDUAL_TAX_IDENTIFICATION_NUMBER,
    "itins": PiiType.US_INDIVIDUAL_TAX_IDENTIFICATION_NUMBER,
    "sin": PiiType.CA_SOCIAL_INSURANCE_NUMBER,
    "nino": PiiType.UK_NATIONAL_INSURANCE_NUMBER,
    "utr": PiiType.UK_UNIQUE_TAXPAYER_REFERENCE_NUMBER,
    "nhs numbers": PiiType.UK_NATIONAL_HEALTH_SERVICE_NUMBER,
    "iban": PiiType.INTERNATIONAL_BANK_ACCOUNT_NUMBER,
    "bic": PiiType.SWIFT_CODE,
    "swift": PiiType.SWIFT_CODE,
    "vin": PiiType.VEHICLE_IDENTIFICATION_NUMBER,
    "vins": PiiType.VEHICLE_IDENTIFICATION_NUMBER,
    "ip": PiiType.IP_ADDRESS,
    "ips": PiiType.IP_ADDRESS,
    "date of birth": PiiType.AGE,
    "full names": PiiType.NAME,
    "person names": PiiType.NAME,
    "postal addresses": PiiType.ADDRESS,
    "routing numbers": PiiType.US_BANK_ROUTING_NUMBER,
    "account numbers": PiiType.US_BANK_ACCOUNT_NUMBER,
    "bank account numbers": PiiType.US_BANK_ACCOUNT_NUMBER,
    "access keys": PiiType.AWS_ACCESS_KEY,
    "secret keys": PiiType.AWS_SECRET_KEY,
}

# Words too common across entities to point at one of them.
_GENERIC = frozenset({"us", "uk", "ca", "number", "numbers", "id", "ids", "code", "codes", "card"})


def _fold(phrase: str) -> str:
    return normalise_phrase(re.sub(r"[_\-]+", " ", phrase))


def _words(text: str) -> set[str]:
    return {w.rstrip("s") for w in _fold(text).split() if w not in _GENERIC} - {""}


def suggest_entity(phrase: str) -> str | None:
    """The canonical phrase to suggest for an unknown entity `phrase`, or None."""
    folded = _fold(phrase)
    upper = folded.replace(" ", "_").upper()
    if upper in PiiType.__members__:
        return PII_PHRASE[PiiType(upper)]
    if folded in ALIASES:
        return PII_PHRASE[ALIASES[folded]]
    near = nearest(folded, sorted(PII_PHRASES))
    if near is not None:
        return near
    mine = _words(phrase)
    scored = sorted(
        (len(mine & (_words(text) | _words(entity.name))), text)
        for text, entity in PII_PHRASES.items()
    )
    best = [text for score, text in scored if score and score == scored[-1][0]]
    return best[0] if len(best) == 1 else None
