"""Vendor Microsoft Presidio's recognizer test cases as an outside PII test suite (session 31, #13:
"PII looks better on the project's own corpora than on test cases other projects wrote").

    fetch github:microsoft/presidio
    python scripts/vendor_presidio_pii.py /work/.mirror/microsoft+presidio/repo [COMMIT]

Presidio (MIT, (c) Presidio Contributors) tests each of its pattern recognizers on texts with the
spans it must find, written by its own contributors: `presidio-analyzer/tests/test_*_recognizer.py`,
`pytest.mark.parametrize` lists of (text, expected count, expected spans, ...). The converter reads
those lists with `ast` (literals only: no test code is run or copied) for the recognizers whose
entity is one of Bedrock's types (`RECOGNIZERS`), and writes one row per distinct text and type:
the Bedrock type and the spans Presidio expects, [] for a text where it expects none.

Left out, and counted: a case where Presidio expects a span only at a low score (every score
range's top under `WEAK_SCORE`: "912803456" alone is a US passport at 0.0-0.1, a guess its own
analyzer drops at any useful threshold, and no definition of Bedrock's would take), the phone
tests' leniency variants (the same texts under the `phonenumbers` library's leniency levels), and
texts that hold no letter or digit. Presidio's UK passport and postcode, date, crypto wallet and
the other countries' identifiers have no Bedrock type and are not read.

Evaluation only: `benchmarks/bench_pii.py` reports agreement per type and per source file, and
tests/runtime/test_presidio_cases.py holds the measured agreement as a floor. Nothing was tuned on
it before its first score (session 31: docs/pii.md, "Presidio's test cases").
"""

from __future__ import annotations

import ast
import sys
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from vendoring import git, source, write_rows  # noqa: E402

OUT_DIR = ROOT / "tests" / "data" / "pii" / "presidio"
OUT = OUT_DIR / "cases.jsonl"
TESTS = "presidio-analyzer/tests"
# Presidio's recognizer test file -> the Bedrock type its entity is
RECOGNIZERS = {
    "aba_routing": "US_BANK_ROUTING_NUMBER",
    "ca_sin": "CA_SOCIAL_INSURANCE_NUMBER",
    "credit_card": "CREDIT_DEBIT_CARD_NUMBER",
    "email": "EMAIL",
    "iban": "INTERNATIONAL_BANK_ACCOUNT_NUMBER",
    "ip": "IP_ADDRESS",
    "mac": "MAC_ADDRESS",
    "phone": "PHONE",
    "uk_driving_licence": "DRIVER_ID",
    "uk_nhs": "UK_NATIONAL_HEALTH_SERVICE_NUMBER",
    "uk_nino": "UK_NATIONAL_INSURANCE_NUMBER",
    "uk_vehicle_registration": "LICENSE_PLATE",
    "url": "URL",
    "us_bank": "US_BANK_ACCOUNT_NUMBER",
    "us_driver_license": "DRIVER_ID",
    "us_itin": "US_INDIVIDUAL_TAX_IDENTIFICATION_NUMBER",
    "us_passport": "US_PASSPORT_NUMBER",
    "us_ssn": "US_SOCIAL_SECURITY_NUMBER",
}
WEAK_SCORE = 0.3  # a span expected only at a score range whose top is under this is a guess
_POSITIONS = ("expected_positions", "expected_res")


def _cases(tree: ast.Module) -> list[dict[str, Any]]:
    """The literal rows of every `parametrize` in a test module that lists a text, an expected
    count and expected spans, as dicts by parameter name."""
    rows: list[dict[str, Any]] = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "parametrize"):
            continue
        names = [n.strip() for n in ast.literal_eval(node.args[0]).split(",")]
        if "expected_len" not in names or not any(p in names for p in _POSITIONS):
            continue
        if "leniency" in names:
            continue  # the phonenumbers library's leniency variants of the same texts
        for element in node.args[1].elts:  # type: ignore[attr-defined]
            try:
                values = ast.literal_eval(element)
            except ValueError:  # built by code (an f-string, a name): not read
                rows.append({"not a literal": True})
                continue
            rows.append(dict(zip(names, values, strict=True)))
    return rows


def _spans(row: dict[str, Any]) -> list[list[int]] | None:
    """The spans a case expects, or None when any is expected only at a weak score."""
    positions = next(row[p] for p in _POSITIONS if p in row)
    spans = [[int(s), int(e)] for s, e in positions][: int(row["expected_len"])]
    ranges = row.get("expected_score_ranges")
    if ranges:
        for low_high in ranges:
            top = low_high[1]
            if top != "max" and float(top) < WEAK_SCORE:
                return None
    score = row.get("expected_score", row.get("score"))
    if spans and isinstance(score, int | float) and score < WEAK_SCORE:
        return None
    return spans


def main() -> None:
    """Write the rows and the licence, print counts."""
    repo, commit = source()
    licence = git(repo, "show", f"{commit}:LICENSE")
    assert "MIT License" in licence
    rows: dict[tuple[str, str], dict[str, object]] = {}
    dropped: Counter[str] = Counter()
    for name, bedrock in RECOGNIZERS.items():
        path = f"{TESTS}/test_{name}_recognizer.py"
        for row in _cases(ast.parse(git(repo, "show", f"{commit}:{path}"))):
            if row.get("not a literal"):
                dropped["not a literal"] += 1
                continue
            text = str(row.get("text", row.get("iban", "")))
            spans = _spans(row)
            if spans is None:
                dropped["weak score"] += 1
            elif not any(ch.isalnum() for ch in text):
                dropped["no letter or digit"] += 1
            elif (text, bedrock) in rows:
                dropped["repeated"] += 1
            else:
                rows[text, bedrock] = {
                    "source": name,
                    "spans": spans,
                    "text": text,
                    "type": bedrock,
                }
    ordered = sorted(rows.values(), key=lambda r: (str(r["source"]), str(r["text"])))
    header = (
        "The rows of cases.jsonl are test cases of the repository below, at the commit named\n"
        "(presidio-analyzer/tests/test_*_recognizer.py, their parametrize lists' texts and\n"
        "expected spans); its LICENSE file, at that commit, is the text that follows:\n"
        f"  microsoft/presidio {commit}\n\n"
    )
    digest = write_rows(OUT_DIR, OUT.name, ordered, header + licence)
    print(f"{len(ordered)} cases, sha256 {digest}")
    print("by type:", dict(sorted(Counter(str(r["type"]) for r in ordered).items())))
    print("with spans / without:", sum(bool(r["spans"]) for r in ordered), "/",
          sum(not r["spans"] for r in ordered))  # fmt: skip
    print("left out:", dict(sorted(dropped.items())))


if __name__ == "__main__":
    main()
