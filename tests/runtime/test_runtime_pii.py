"""The local evaluator's PII engine: validators, detectors, overlap resolution, accuracy goals."""

from __future__ import annotations

import ast
import importlib.util
import itertools
import subprocess
import sys
import time
import zipfile
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from compiler.runtime import pii_checks as checks
from compiler.runtime.pii import PII_TYPES, PiiMatch, find_pii, resolve
from compiler.runtime.pii_base import CHECKSUM, CONTEXT, HEURISTIC, STRUCTURED, Candidate
from compiler.vocab import PiiType

ROOT = Path(__file__).resolve().parents[2]
RUNTIME = ROOT / "compiler" / "runtime"

# The goals of the task: format-based types reach recall >= 0.97 with <= 2% false positives.
FORMAT_TYPES = (
    "CREDIT_DEBIT_CARD_NUMBER", "INTERNATIONAL_BANK_ACCOUNT_NUMBER", "US_SOCIAL_SECURITY_NUMBER",
    "EMAIL", "IP_ADDRESS", "MAC_ADDRESS", "URL", "PHONE", "AWS_ACCESS_KEY", "AWS_SECRET_KEY",
    "VEHICLE_IDENTIFICATION_NUMBER", "UK_NATIONAL_HEALTH_SERVICE_NUMBER",
    "CA_SOCIAL_INSURANCE_NUMBER", "UK_NATIONAL_INSURANCE_NUMBER", "US_BANK_ROUTING_NUMBER",
    "SWIFT_CODE",
)  # fmt: skip


def _corpus_module() -> ModuleType:
    path = ROOT / "tests" / "data" / "pii" / "pii_corpus.py"
    spec = importlib.util.spec_from_file_location("pii_corpus", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["pii_corpus"] = module  # dataclasses look their module up while decorating
    spec.loader.exec_module(module)
    return module


def _types(text: str, types: tuple[str, ...] = PII_TYPES) -> list[tuple[str, str]]:
    return [(m.type, m.text) for m in find_pii(text, types)]


# -- the type list --------------------------------------------------------------------------------


def test_pii_types_are_the_vocabularys() -> None:
    assert tuple(sorted(t.value for t in PiiType)) == PII_TYPES
    assert len(PII_TYPES) == 31


# -- validators -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("number", "valid"),
    [
        ("4111111111111111", True),  # Visa test number
        ("5555555555554444", True),  # Mastercard
        ("2223003122003222", True),  # Mastercard 2-series
        ("378282246310005", True),  # Amex
        ("6011111111111117", True),  # Discover
        ("3530111333300000", True),  # JCB
        ("30569309025904", True),  # Diners
        ("4111111111111112", False),  # Luhn fails
        ("9111111111111110", False),  # Luhn passes, no issuer starts with 9
        ("41111111111", False),  # too short
    ],
)
def test_card_numbers_need_issuer_and_luhn(number: str, valid: bool) -> None:
    assert checks.card_number(number) is valid


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ("GB82WEST12345698765432", True),
        ("DE89370400440532013000", True),
        ("FR1420041010050500013M02606", True),
        ("NL91ABNA0417164300", True),
        ("GB82WEST12345698765431", False),  # mod-97 fails
        ("GB82WEST1234569876543", False),  # GB is 22 characters
        ("QQ82WEST12345698765432", False),  # no such country
    ],
)
def test_iban_mod97_and_country_length(value: str, valid: bool) -> None:
    assert checks.iban(value) is valid


def test_aba_routing_checksum_and_prefix() -> None:
    assert checks.aba_routing("021000021")
    assert checks.aba_routing("011000015")
    assert not checks.aba_routing("021000022")  # checksum
    assert not checks.aba_routing("131000028")  # 13 is no Federal Reserve prefix
    assert not checks.aba_routing("02100002")


def test_vin_check_digit() -> None:
    assert checks.vin_check_digit("1HGCM82633A004352")
    assert checks.vin_check_digit("1M8GDM9AXKP042788")  # check digit X
    assert not checks.vin_check_digit("1HGCM82643A004352")
    assert not checks.vin_check_digit("1HGCM8263IA004352")  # I is never used in a VIN


def test_nhs_mod11() -> None:
    assert checks.nhs_number("9434765919")
    assert checks.nhs_number("4010232137")
    assert not checks.nhs_number("9434765918")
    assert not checks.nhs_number("943476591")


def _luhn_by_the_book(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = ord(ch) - 48
        if i % 2:
            d = d * 2 - 9 if d * 2 > 9 else d * 2
        total += d
    return total % 10 == 0


@settings(max_examples=3000, deadline=None)
@given(st.text(alphabet="0123456789" * 4 + "٤²a-", max_size=20), st.booleans())
def test_luhn_and_card_prefixes_match_their_definitions(digits: str, extended: bool) -> None:
    # `luhn` sums in C for ASCII digits and `card_number` remembers four-digit prefixes
    assert checks.luhn(digits) == _luhn_by_the_book(digits)
    if 12 <= len(digits) <= 19 and digits.isascii() and digits.isdigit():
        prefixes = checks._CARD_PREFIXES + (checks._MORE_CARD_PREFIXES if extended else ())
        known = any(lo <= int(digits[:n]) <= hi for n, lo, hi in prefixes)
        assert checks.card_number(digits, extended) == (known and _luhn_by_the_book(digits))


def test_canadian_sin_luhn_and_first_digit() -> None:
    assert checks.ca_sin("130692544")
    assert not checks.ca_sin("130692545")
    assert not checks.ca_sin("046454286")  # Luhn-valid but 0 is never issued to a person


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ("AB123456C", True),
        ("AB123456", True),  # suffix omitted
        ("BG123456C", False),  # reserved prefix
        ("ZZ123456C", False),  # placeholder prefix
        ("DA123456C", False),  # D is never a first letter
        ("AO123456C", False),  # O is never a second letter
        ("AB123456E", False),  # suffix is A-D
    ],
)
def test_nino_prefix_rules(value: str, valid: bool) -> None:
    assert checks.nino(value) is valid


def test_ssn_and_itin_ranges() -> None:
    assert checks.ssn("123", "45", "6789")
    for area, group, serial in (("000", "12", "3456"), ("666", "12", "3456"),
                                ("912", "34", "5678"), ("123", "00", "4567"),
                                ("123", "45", "0000")):  # fmt: skip
        assert not checks.ssn(area, group, serial)
    assert checks.itin("912", "70", "1234")
    assert checks.itin("912", "50", "1234")
    assert not checks.itin("912", "45", "1234")
    assert not checks.itin("812", "70", "1234")


def test_swift_country() -> None:
    assert checks.swift("DEUTDEFF")
    assert checks.swift("DEUTDEFF500")
    assert not checks.swift("DEUTXXFF")
    assert not checks.swift("DEUTDEFF5")


# -- detectors ------------------------------------------------------------------------------------

FOUND = [
    ("My SSN is 123-45-6789", "US_SOCIAL_SECURITY_NUMBER", "123-45-6789"),
    ("ssn 123456789 on file", "US_SOCIAL_SECURITY_NUMBER", "123456789"),
    ("My ITIN is 912-70-1234.", "US_INDIVIDUAL_TAX_IDENTIFICATION_NUMBER", "912-70-1234"),
    ("Mail me at jane@example.com", "EMAIL", "jane@example.com"),
    ("My name is Jane Doe", "NAME", "Jane Doe"),
    ("Please ask Dr. Alan Turing", "NAME", "Alan Turing"),  # Bedrock's NAME has no titles
    ("Card 4111 1111 1111 1111, thanks", "CREDIT_DEBIT_CARD_NUMBER", "4111 1111 1111 1111"),
    ("card 4111111111111111 exp 11/33", "CREDIT_DEBIT_CARD_EXPIRY", "11/33"),
    ("4111111111111111 12/27", "CREDIT_DEBIT_CARD_EXPIRY", "12/27"),
    ("the CVV is 123.", "CREDIT_DEBIT_CARD_CVV", "123"),
    (
        "IBAN GB82 WEST 1234 5698 7654 32 ABC",
        "INTERNATIONAL_BANK_ACCOUNT_NUMBER",
        "GB82 WEST 1234 5698 7654 32",
    ),
    ("call (218) 640-1107 x123 now", "PHONE", "(218) 640-1107 x123"),
    ("ring +44 20 7946 0958", "PHONE", "+44 20 7946 0958"),
    ("host 10.0.0.1.", "IP_ADDRESS", "10.0.0.1"),
    ("from 2001:db8::8a2e:370:7334 today", "IP_ADDRESS", "2001:db8::8a2e:370:7334"),
    ("mac 00-1A-2B-3C-4D-5E.", "MAC_ADDRESS", "00-1A-2B-3C-4D-5E"),
    ("see https://example.com/a?b=1).", "URL", "https://example.com/a?b=1"),
    ("key AKIAIOSFODNN7EXAMPLE", "AWS_ACCESS_KEY", "AKIAIOSFODNN7EXAMPLE"),
    (
        "aws_secret_access_key=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        "AWS_SECRET_KEY",
        "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    ),
    ("VIN 1HGCM82633A004352", "VEHICLE_IDENTIFICATION_NUMBER", "1HGCM82633A004352"),
    ("bought 1HGCM82633A004352 used", "VEHICLE_IDENTIFICATION_NUMBER", "1HGCM82633A004352"),
    ("NHS number 943 476 5919", "UK_NATIONAL_HEALTH_SERVICE_NUMBER", "943 476 5919"),
    ("SIN 130 692 544", "CA_SOCIAL_INSURANCE_NUMBER", "130 692 544"),
    ("NI number AB 12 34 56 C", "UK_NATIONAL_INSURANCE_NUMBER", "AB 12 34 56 C"),
    ("routing 021000021", "US_BANK_ROUTING_NUMBER", "021000021"),
    ("SWIFT DEUTDEFF500", "SWIFT_CODE", "DEUTDEFF500"),
    ("My UTR is 12345 67890", "UK_UNIQUE_TAXPAYER_REFERENCE_NUMBER", "12345 67890"),
    ("passport no. X12345678", "US_PASSPORT_NUMBER", "X12345678"),
    ("driver's license D1234567", "DRIVER_ID", "D1234567"),
    ("license plate 7ABC123", "LICENSE_PLATE", "7ABC123"),
    ("PIN: 4921", "PIN", "4921"),
    ("account number 000123456789", "US_BANK_ACCOUNT_NUMBER", "000123456789"),
    ("OHIP 1234 567 890 AB", "CA_HEALTH_NUMBER", "1234 567 890 AB"),
    ("I am 34 years old", "AGE", "34 years"),  # Bedrock: "I am 40 years old" -> "40 years"
    ("age: 34", "AGE", "34"),
    ("my password is hunter2", "PASSWORD", "hunter2"),
    ("password: secret", "PASSWORD", "secret"),
    ("username: jdoe_42.", "USERNAME", "jdoe_42"),
    ("follow @jdoe42 for news", "USERNAME", "@jdoe42"),
    ("ship to 221 Baker Street, London, NW1 6XE", "ADDRESS", "221 Baker Street, London, NW1 6XE"),
    ("PO Box 1234", "ADDRESS", "PO Box 1234"),
    ("I live at 42 Wallaby Way, Sydney.", "ADDRESS", "42 Wallaby Way"),
    ("Contact John Smith at the desk", "NAME", "John Smith"),
    ("user=alice, pass=Tr0ub4dor&3", "USERNAME", "alice"),
    ("user=alice, pass=Tr0ub4dor&3", "PASSWORD", "Tr0ub4dor&3"),
    ("I'm logged in as jdoe", "USERNAME", "jdoe"),
    ("he is a 45-year-old man", "AGE", "45-year-old"),
    ("Call me on 555-867-5309.", "PHONE", "555-867-5309"),
    ("mobile 07700 900123", "PHONE", "07700 900123"),
    ("Dial +1 (415) 555-0132 ext. 22", "PHONE", "+1 (415) 555-0132 ext. 22"),
    ("BIC COBADEFFXXX", "SWIFT_CODE", "COBADEFFXXX"),
    ("MAC AA:BB:CC:DD:EE:FF", "MAC_ADDRESS", "AA:BB:CC:DD:EE:FF"),
]


@pytest.mark.parametrize(("text", "type_", "value"), FOUND)
def test_finds(text: str, type_: str, value: str) -> None:
    assert (type_, value) in _types(text)


NOT_FOUND = [
    ("order 123-45-6789-00", "US_SOCIAL_SECURITY_NUMBER"),  # part of a longer number
    ("ssn 000-12-3456", "US_SOCIAL_SECURITY_NUMBER"),
    ("the number 123456789", "US_SOCIAL_SECURITY_NUMBER"),  # bare nine digits need a cue
    ("order 4111111111111112", "CREDIT_DEBIT_CARD_NUMBER"),
    ("version 1.2.3.4 is out", "IP_ADDRESS"),
    ("v10.0.0.1", "IP_ADDRESS"),
    ("999.1.1.1", "IP_ADDRESS"),
    ("on 2024-01-15 at noon", "PHONE"),
    ("call the 2019-2024 reports", "PHONE"),
    ("order 1234567890 shipped", "PHONE"),
    ("ISBN 978-3-16-148410-0", "PHONE"),
    ("price $1,299.99", "PHONE"),
    ("commit 2fd4e1c67a2d28fced849ee1bb76e7391b93eb12", "AWS_SECRET_KEY"),
    ("the meeting is at 12:30:45", "IP_ADDRESS"),
    ("ref 021000022", "US_BANK_ROUTING_NUMBER"),  # no routing cue (a bad checksum no longer
    # gates a cued value: tests/data/pii/cases.json, class checksum-with-cue)
    ("021000021 is a nice number", "US_BANK_ROUTING_NUMBER"),  # routing needs a cue
    ("order 943 476 5918", "UK_NATIONAL_HEALTH_SERVICE_NUMBER"),  # no NHS cue
    ("this is BUSINESS critical", "SWIFT_CODE"),
    ("confirmation code CKNPDE59", "SWIFT_CODE"),
    ("the password is required", "PASSWORD"),
    ("login attempt failed", "USERNAME"),
    ("PIN 12", "PIN"),
    ("colour #a1b2c3", "US_BANK_ACCOUNT_NUMBER"),
    ("123e4567-e89b-12d3-a456-426614174000", "PHONE"),
    ("the login is broken", "USERNAME"),
    ("The user is admin", "USERNAME"),
    ("pass the salt", "PASSWORD"),
    ("NI is QQ123456C", "UK_NATIONAL_INSURANCE_NUMBER"),  # Q is never a first letter
    ("account 4111111111111111", "CREDIT_DEBIT_CARD_NUMBER"),  # introduced as an account
    # The cue is more than 40 characters before the number: too far to say what it is.
    ("My PIN was reset yesterday by the support team at the branch, room 4821", "PIN"),
]

# Sentences with no PII at all: nothing may be found, whatever types are asked for.
CLEAN = [
    "Meeting on 2023-10-05 at 10:30, room 4.2, budget $12,500.00, ticket INC0012345",
    "The build 3.10.12 failed on host build-07 with error 0x80070005",
    "We shipped 1,234,567 units in Q4 and 42% more in 2024.",
    "Lat 40.7128, Long -74.0060",
    "Route 66 is famous; take exit 42 on I-95.",
    "Call 911 or 999 in an emergency.",
    "The password reset link expired. Please use the forgot password page.",
    "Release v2.19.11.18 fixes the login bug.",
    "Tracking number 1Z999AA10123456784 shows the parcel in transit.",
    "Merged commit 2fd4e1c67a2d28fced849ee1bb76e7391b93eb12 into main.",
]


@pytest.mark.parametrize(("text", "type_"), NOT_FOUND)
def test_does_not_find(text: str, type_: str) -> None:
    assert type_ not in {t for t, _ in _types(text)}


@pytest.mark.parametrize("text", CLEAN)
def test_clean_text_has_no_pii(text: str) -> None:
    assert _types(text) == []


# -- overlap resolution and the find_pii contract -------------------------------------------------


def test_resolve_prefers_rank_then_length_then_start() -> None:
    phone = Candidate("PHONE", 0, 19, HEURISTIC)
    card = Candidate("CREDIT_DEBIT_CARD_NUMBER", 0, 19, CHECKSUM)
    assert resolve([phone, card]) == [card]
    short_validated = Candidate("US_SOCIAL_SECURITY_NUMBER", 5, 16, STRUCTURED)
    long_heuristic = Candidate("ADDRESS", 0, 40, HEURISTIC)
    assert resolve([long_heuristic, short_validated]) == [short_validated]
    longer = Candidate("URL", 0, 30, STRUCTURED)
    shorter = Candidate("EMAIL", 10, 30, STRUCTURED)
    assert resolve([shorter, longer]) == [longer]
    early = Candidate("PIN", 0, 4, CONTEXT)
    late = Candidate("CREDIT_DEBIT_CARD_CVV", 2, 6, CONTEXT)
    assert resolve([late, early]) == [early]


def test_resolve_breaks_ties_by_cue_then_type() -> None:
    far = Candidate("CREDIT_DEBIT_CARD_CVV", 10, 14, CONTEXT, cue=20)
    near = Candidate("PIN", 10, 14, CONTEXT, cue=1)
    assert resolve([far, near]) == [near]
    username = Candidate("USERNAME", 0, 16, STRUCTURED, cue=0)
    email = Candidate("EMAIL", 0, 16, STRUCTURED, cue=0)
    assert resolve([username, email]) == [email]


def test_resolve_keeps_disjoint_candidates_sorted() -> None:
    cands = [Candidate("PIN", 20, 24, CONTEXT), Candidate("EMAIL", 0, 10, STRUCTURED),
             Candidate("PHONE", 9, 21, HEURISTIC), Candidate("AGE", 24, 26, CONTEXT)]  # fmt: skip
    assert [c.type for c in resolve(cands)] == ["EMAIL", "PIN", "AGE"]


def test_validated_card_beats_phone_shape() -> None:
    text = "call 4111-1111-1111-1111"
    assert _types(text) == [("CREDIT_DEBIT_CARD_NUMBER", "4111-1111-1111-1111")]


def test_cue_picks_between_nine_digit_types() -> None:
    text = "SSN 123456789, routing 021000021, SIN 130692544"
    assert _types(text) == [
        ("US_SOCIAL_SECURITY_NUMBER", "123456789"),
        ("US_BANK_ROUTING_NUMBER", "021000021"),
        ("CA_SOCIAL_INSURANCE_NUMBER", "130692544"),
    ]


def test_only_requested_types_are_scanned(monkeypatch: pytest.MonkeyPatch) -> None:
    from compiler.runtime import pii

    def boom(text: str) -> list[Candidate]:
        raise AssertionError("NAME detector ran although NAME was not requested")

    monkeypatch.setitem(pii._DETECTORS, "NAME", boom)
    text = "My name is Jane Doe, mail jane@example.com, SSN 123-45-6789"
    assert find_pii(text, ["EMAIL"]) == [PiiMatch("EMAIL", 26, 42, "jane@example.com")]
    assert find_pii(text, []) == []
    assert find_pii("", PII_TYPES) == []


def test_each_detector_finds_only_the_types_it_is_listed_for() -> None:
    # `find_pii` filters a detector's candidates only when one of its types is not asked for
    from compiler.runtime import pii

    texts = [
        "".join(_PIECES),
        "".join(reversed(_PIECES)),
        "SSN 123-45-6789, ITIN 912-70-1234, card 4111 1111 1111 1111 exp 12/25, cvv 123",
        "Dear Jane Doe, 12 Main Street, Springfield, IL 62704; user: jdoe, password is x9!k",
        "AKIAIOSFODNN7EXAMPLE secret wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY, mail a@b.io",
    ]
    for detector in set(pii._DETECTORS.values()):
        listed = {t for t, d in pii._DETECTORS.items() if d is detector}
        for text in texts:
            assert {c.type for c in detector(text)} <= listed


def test_ipv6_candidates_need_the_shape_checked_first() -> None:
    # `ip_addresses` looks for IPv6 addresses only where `_IPV6_SHAPE` finds its shape
    import random

    from compiler.runtime import pii_network

    rng = random.Random(6)
    pieces = ["::", ":", "a", "f", "0", "9", ".", " ", "g", "1.2.3.4", "fe80", "-", "_", "x"]
    found = 0
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 30)))
        if list(pii_network._ipv6(text)):
            found += 1
            assert pii_network._IPV6_SHAPE.search(text), text
    assert found > 100


def test_unknown_type_is_a_caller_bug() -> None:
    with pytest.raises(ValueError, match="EMAILS"):
        find_pii("x", ["EMAILS"])


_PIECES = ["PIN ", "ssn ", "card ", "4111 1111 1111 1111", "İ", "ß", "@", "user: ", "http://a.io",
           "123-45-6789", " ", "\n", "exp 12/25", "Dear ", "Jane ", "Doe", "NHS ", "943 476 5919",
           "::", "ff:", "secret ", "AKIAIOSFODNN7EXAMPLE", "password is ", "x9", "."]  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(
    st.text(alphabet=st.sampled_from("0123456789 -.:/@+()AKIabcZ_#x\n"), max_size=120)
    | st.text(max_size=80)
    | st.lists(st.sampled_from(_PIECES), max_size=30).map("".join)
)
def test_any_text_gives_sorted_disjoint_faithful_matches(text: str) -> None:
    matches = find_pii(text, PII_TYPES)
    for m in matches:
        assert m.text == text[m.start : m.end] and m.start < m.end
    for a, b in itertools.pairwise(matches):
        assert a.end <= b.start


# -- accuracy goals on the small stored corpus (other seeds than the benchmark's) ----------------


@pytest.fixture(scope="module")
def accuracy() -> tuple[dict[str, object], int]:
    corpus = _corpus_module()
    clean = corpus.load("clean_small.jsonl")
    scores = corpus.score(find_pii, PII_TYPES, corpus.load("positive_small.jsonl"), clean)
    return scores, len(clean)


@pytest.mark.parametrize("type_", PII_TYPES)
def test_accuracy_goals(type_: str, accuracy: tuple[dict[str, object], int]) -> None:
    scores, n_clean = accuracy
    s = scores[type_]
    assert s.samples >= 40  # type: ignore[attr-defined]
    false_positive_rate = s.clean_hits / n_clean  # type: ignore[attr-defined]
    # NAME and ADDRESS are heuristics (Bedrock uses a model); the others must meet the goal.
    floor = 0.97 if type_ in FORMAT_TYPES else 0.85
    assert s.recall >= floor, (type_, s.recall, s.examples_missed)  # type: ignore[attr-defined]
    assert s.precision >= 0.95, (type_, s.precision)  # type: ignore[attr-defined]
    assert false_positive_rate <= 0.02, (type_, false_positive_rate)


def test_stored_corpus_labels_point_at_values() -> None:
    corpus = _corpus_module()
    rows = corpus.load("positive_small.jsonl")
    assert {r["type"] for r in rows} == set(PII_TYPES)
    assert all(r["text"][r["start"] : r["end"]].strip() for r in rows)


# -- packaging: standard library only, works from a zip ------------------------------------------


def test_runtime_pii_modules_import_only_stdlib_or_relative() -> None:
    for path in RUNTIME.glob("pii*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                assert node.level > 0 or (node.module or "").split(".")[0] in (
                    sys.stdlib_module_names | {"__future__"}
                ), (path.name, node.module)
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    assert alias.name.split(".")[0] in sys.stdlib_module_names, path.name


def test_works_from_a_zip_on_a_bare_interpreter(tmp_path: Path) -> None:
    bundle = tmp_path / "bundle.zip"
    with zipfile.ZipFile(bundle, "w") as zf:
        zf.writestr("rt/__init__.py", "")
        zf.writestr("rt/data/__init__.py", "")
        # the PII modules and what they import: RE2's relaxed forms (without RE2 here)
        helpers = ["datafiles.py", "prefilter.py", "regex_sets.py"]
        for path in [*RUNTIME.glob("pii*.py"), *(RUNTIME / name for name in helpers)]:
            zf.write(path, f"rt/{path.name}")
        zf.write(RUNTIME / "data" / "pii_first_names.json", "rt/data/pii_first_names.json")
    code = (
        "import sys; sys.path.insert(0, sys.argv[1]); from rt.pii import find_pii, PII_TYPES; "
        "print([(m.type, m.text) for m in find_pii(sys.argv[2], PII_TYPES)])"
    )
    text = "Hi, I'm Jane Smith, SSN 123-45-6789"
    out = subprocess.run(
        [sys.executable, "-I", "-S", "-c", code, str(bundle), text],
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.strip() == (
        "[('NAME', 'Jane Smith'), ('US_SOCIAL_SECURITY_NUMBER', '123-45-6789')]"
    )


@pytest.mark.parametrize(
    "text",
    ["1 " * 5000, "1-" * 5000, "a@" * 3000, "Abc " * 2500, "ff:" * 3000, "(1) " * 2500,
     "secret " + "Ab1/" * 2500, "Dear " * 2000, "password " * 1000, "1." * 5000],
)  # fmt: skip
def test_adversarial_inputs_stay_linear(text: str) -> None:
    # Catastrophic backtracking would take seconds to minutes on 10 KB; linear scans take ms.
    start = time.perf_counter()
    find_pii(text, PII_TYPES)
    assert time.perf_counter() - start < 2.0
