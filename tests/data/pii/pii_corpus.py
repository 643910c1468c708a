"""The PII accuracy corpora: Faker-generated sentences with one labelled value each, clean text full
of look-alikes, and the scoring shared by tests/runtime/test_runtime_pii.py and
benchmarks/bench_pii.py.

Regenerate the stored corpora (seeded, deterministic for a given Faker version) with
`.venv/bin/python tests/data/pii/pii_corpus.py`; the JSONL files beside it are what the tests and
the benchmark read, so a Faker upgrade cannot silently change the numbers.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import json
import random
import string
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent

Sample = dict[str, Any]  # {"type": str, "text": str, "start": int, "end": int}


def _group(value: str, sizes: Sequence[int], sep: str) -> str:
    out, i = [], 0
    for n in sizes:
        out.append(value[i : i + n])
        i += n
    if i < len(value):
        out.append(value[i:])
    return sep.join(p for p in out if p)


def _nhs(rng: random.Random) -> str:
    while True:
        digits = [rng.randrange(10) for _ in range(9)]
        check = 11 - sum(d * w for d, w in zip(digits, range(10, 1, -1), strict=True)) % 11
        check = 0 if check == 11 else check
        if check != 10:
            return "".join(map(str, digits)) + str(check)


def _nino(rng: random.Random) -> str:
    first = rng.choice("ABCEGHJKLMNPRSTWXYZ")
    second = rng.choice("ABCEGHJKLMNPRSTWXYZ")
    while first + second in {"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"}:
        second = rng.choice("ABCEGHJKLMNPRSTWXYZ")
    return first + second + "".join(rng.choices(string.digits, k=6)) + rng.choice("ABCD")


def _values(fakers: dict[str, Any], rng: random.Random) -> dict[str, Callable[[], str]]:
    us, gb, ca = fakers["en_US"], fakers["en_GB"], fakers["en_CA"]
    any_ = list(fakers.values())

    def card() -> str:
        n = us.credit_card_number()
        style = rng.randrange(3)
        if style == 0 or len(n) not in (15, 16):
            return str(n)
        sep = " " if style == 1 else "-"
        return _group(n, (4, 4, 4, 4) if len(n) == 16 else (4, 6, 5), sep)

    def iban() -> str:
        value = str(rng.choice(any_).iban())
        return _group(value, [4] * 8, " ") if rng.random() < 0.4 else value

    def ipaddr() -> str:
        if rng.random() < 0.6:
            return str(us.ipv4_private() if rng.random() < 0.4 else us.ipv4())
        return ipaddress.IPv6Address(us.ipv6()).compressed

    def mac() -> str:
        value = str(us.mac_address())
        if rng.random() < 0.3:
            value = value.upper().replace(":", "-")
        return value

    def vin() -> str:
        if rng.random() < 0.8:
            return str(us.vin())
        return "W" + "".join(rng.choices("ABCDEFGHJKLMNPRSTUVWXYZ0123456789", k=16))

    def ca_health() -> str:
        kind = rng.randrange(3)
        if kind == 0:
            return str(us.numerify("#### ### ###")) + " " + rng.choice(["AB", "XY", "KL", "MN"])
        if kind == 1:
            return str(us.numerify("9### ### ###"))
        return str(us.lexify("????")).upper() + " " + str(us.numerify("#### ####"))

    def driver() -> str:
        fmt = rng.choice(["?#######", "### ### ###", "?###-###-##-###-#", "########",
                          "?????######??#??", "?###-####-####"])  # fmt: skip
        return str(us.bothify(fmt)).upper()

    def nino() -> str:
        value = _nino(rng)
        return _group(value, (2, 2, 2, 2, 1), " ") if rng.random() < 0.5 else value

    return {
        "ADDRESS": lambda: str(rng.choice([us, gb]).address()).replace("\n", ", "),
        "AGE": lambda: f"{rng.randint(16, 95)} years old",
        "AWS_ACCESS_KEY": lambda: (
            rng.choice(["AKIA", "ASIA"])
            + "".join(rng.choices(string.ascii_uppercase + "234567", k=16))
        ),
        "AWS_SECRET_KEY": lambda: (
            "".join(rng.choices(string.ascii_letters + string.digits, k=38))
            + rng.choice("/+")
            + rng.choice(string.digits)
        ),
        "CA_HEALTH_NUMBER": ca_health,
        "CA_SOCIAL_INSURANCE_NUMBER": lambda: str(ca.ssn()).replace(" ", rng.choice([" ", "-"])),
        "CREDIT_DEBIT_CARD_CVV": lambda: str(us.credit_card_security_code()),
        # Not Faker's credit_card_expire: it counts from today, so the corpus would drift.
        "CREDIT_DEBIT_CARD_EXPIRY": lambda: f"{rng.randint(1, 12):02d}/{rng.randint(24, 36)}",
        "CREDIT_DEBIT_CARD_NUMBER": card,
        "DRIVER_ID": driver,
        "EMAIL": lambda: str(rng.choice([us.email, us.company_email, gb.free_email])()),
        "INTERNATIONAL_BANK_ACCOUNT_NUMBER": iban,
        "IP_ADDRESS": ipaddr,
        "LICENSE_PLATE": lambda: str(rng.choice([us, gb, ca]).license_plate()),
        "MAC_ADDRESS": mac,
        "NAME": lambda: str(rng.choice([us, gb]).name()),
        "PASSWORD": lambda: str(us.password(length=rng.randint(8, 16))),
        "PHONE": lambda: str(rng.choice([us, gb, ca]).phone_number()),
        "PIN": lambda: us.numerify("#" * rng.choice([4, 4, 6])),
        "SWIFT_CODE": lambda: str(rng.choice(any_).swift()),
        "UK_NATIONAL_HEALTH_SERVICE_NUMBER": lambda: _group(_nhs(rng), (3, 3, 4), " "),
        "UK_NATIONAL_INSURANCE_NUMBER": nino,
        "UK_UNIQUE_TAXPAYER_REFERENCE_NUMBER": lambda: us.numerify(
            rng.choice(["##########", "##### #####"])
        ),
        "URL": lambda: str(rng.choice([us.url, us.uri, gb.url])()),
        "USERNAME": lambda: str(us.user_name()),
        "US_BANK_ACCOUNT_NUMBER": lambda: us.numerify("#" * rng.randint(8, 17)),
        "US_BANK_ROUTING_NUMBER": lambda: str(us.aba()),
        "US_INDIVIDUAL_TAX_IDENTIFICATION_NUMBER": lambda: str(us.itin()),
        "US_PASSPORT_NUMBER": lambda: str(us.passport_number()),
        "US_SOCIAL_SECURITY_NUMBER": lambda: str(us.ssn()),
        "VEHICLE_IDENTIFICATION_NUMBER": vin,
    }


# Several realistic phrasings per type; `{v}` is the value. Context-only types carry their cue
# because a person writing them does too (nobody writes a bare PIN and expects it understood).
_TEMPLATES = json.loads((HERE / "templates.json").read_text(encoding="utf-8"))
TEMPLATES: dict[str, list[str]] = _TEMPLATES["positive"]


def _fakers(seed: int) -> dict[str, Any]:
    from faker import Faker

    fakers = {}
    for i, locale in enumerate(("en_US", "en_GB", "en_CA", "de_DE", "fr_FR", "es_ES", "nl_NL")):
        fake = Faker(locale)
        fake.seed_instance(seed * 100 + i)
        fakers[locale] = fake
    return fakers


def positive(seed: int, per_type: int) -> list[Sample]:
    """`per_type` labelled sentences for each of the 31 types, templates used round-robin."""
    rng = random.Random(seed)
    values = _values(_fakers(seed), rng)
    samples: list[Sample] = []
    for type_, templates in sorted(TEMPLATES.items()):
        for i in range(per_type):
            value = values[type_]()
            template = templates[i % len(templates)]
            start = template.index("{v}")
            text = template.replace("{v}", value)
            samples.append({"type": type_, "text": text, "start": start, "end": start + len(value)})
    return samples


# Text with no PII at all but plenty of numbers and codes that look like some.
_CLEAN: list[str] = _TEMPLATES["clean"]


def clean(seed: int, n: int) -> list[str]:
    """`n` PII-free sentences full of look-alikes (orders, versions, hashes, dates, ...)."""
    rng = random.Random(seed)
    fake = _fakers(seed)["en_US"]

    def digits(k: int) -> str:
        return "".join(rng.choices(string.digits, k=k))

    def moment() -> dt.datetime:
        # Faker's date/time providers draw up to "now", which changes the corpus every run.
        return dt.datetime(2000, 1, 1) + dt.timedelta(seconds=rng.randrange(30 * 365 * 86400))

    def fill(key: str) -> str:
        upper = string.ascii_uppercase + string.digits
        table: dict[str, Callable[[], str]] = {
            "order": lambda: digits(rng.randint(6, 12)),
            "small": lambda: str(rng.randint(1, 12)),
            "small3": lambda: str(rng.randint(100, 999)),
            "small4": lambda: str(rng.randint(1000, 9999)),
            "small5": lambda: str(rng.randint(10000, 99999)),
            "ver3": lambda: ".".join(str(rng.randint(0, 20)) for _ in range(3)),
            "ver4": lambda: ".".join(str(rng.randint(0, 20)) for _ in range(4)),
            "date": lambda: moment().strftime("%Y-%m-%d"),
            "date2": lambda: moment().strftime(rng.choice(["%d/%m/%Y", "%m/%d/%Y", "%B %d, %Y"])),
            "time": lambda: moment().strftime("%H:%M"),
            "time2": lambda: moment().strftime("%H:%M:%S"),
            "uuid": lambda: str(fake.uuid4()),
            "sha": lambda: str(fake.sha1()),
            "sha64": lambda: str(fake.sha256()),
            "short": lambda: str(fake.sha1())[:7],
            "isbn": lambda: str(rng.choice([fake.isbn13, fake.isbn10])()),
            "price": lambda: f"${rng.randint(1, 9999):,}.{rng.randint(0, 99):02d}",
            "ups": lambda: "1Z" + "".join(rng.choices(upper, k=16)),
            "usps": lambda: _group("94" + digits(20), [4] * 6, " "),
            "fedex": lambda: digits(12),
            "iso": lambda: moment().isoformat() + "Z",
            "epoch": lambda: str(int(moment().replace(tzinfo=dt.UTC).timestamp())),
            "hex": lambda: str(fake.hex_color()),
            "pct": lambda: str(rng.randint(1, 99)),
            "dec": lambda: f"{rng.uniform(0, 100):.2f}",
            "coord": lambda: f"{fake.latitude():.4f}, {fake.longitude():.4f}",
            "sku": lambda: "SKU-" + digits(6),
            "year": lambda: str(rng.randint(1990, 2030)),
            "ref": lambda: "".join(rng.choices(upper, k=10)),
            "part": lambda: digits(3) + "-" + digits(4) + "-" + digits(2),
            "conf": lambda: "".join(rng.choices(upper, k=8)),
        }
        return table[key]()

    out: list[str] = []
    for i in range(n):
        template = _CLEAN[i % len(_CLEAN)]
        text, rest = "", template
        while "{" in rest:
            head, _, tail = rest.partition("{")
            key, _, rest = tail.partition("}")
            text += head + fill(key)
        out.append(text + rest)
    return out


@dataclass
class TypeScore:
    """Counts for one PII type over the labelled and the clean corpus."""

    samples: int = 0
    found: int = 0
    predicted: int = 0
    correct: int = 0
    clean_hits: int = 0
    examples_missed: list[str] = field(default_factory=list)

    @property
    def recall(self) -> float:
        """Labelled values found with the right type (overlapping at least half the value)."""
        return self.found / self.samples if self.samples else 1.0

    @property
    def precision(self) -> float:
        """Matches of this type in the labelled corpus that are a labelled value of it."""
        return self.correct / self.predicted if self.predicted else 1.0


def score(
    find: Callable[[str, Sequence[str]], Iterable[Any]],
    types: Sequence[str],
    samples: Sequence[Sample],
    clean_texts: Sequence[str],
) -> dict[str, TypeScore]:
    """Per-type recall, precision and clean-text false positives, scanning for all `types`.

    A labelled value counts as found when a match of its type overlaps at least half of it.
    `clean_hits` counts clean sentences with at least one match of the type.
    """
    scores = {t: TypeScore() for t in types}
    for sample in samples:
        s, e, want = sample["start"], sample["end"], sample["type"]
        scores[want].samples += 1
        hit = False
        for m in find(sample["text"], types):
            scores[m.type].predicted += 1
            overlap = min(e, m.end) - max(s, m.start)
            if m.type == want and overlap * 2 >= e - s:
                scores[m.type].correct += 1
                hit = True
        if hit:
            scores[want].found += 1
        elif len(scores[want].examples_missed) < 5:
            scores[want].examples_missed.append(sample["text"])
    for text in clean_texts:
        for t in {m.type for m in find(text, types)}:
            scores[t].clean_hits += 1
    return scores


def load(name: str) -> list[Any]:
    """A stored corpus file (JSON lines) from this folder."""
    with (HERE / name).open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def _write(name: str, rows: Iterable[Any]) -> None:
    with (HERE / name).open("w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, sort_keys=True, ensure_ascii=False) + "\n")


def main() -> None:
    """Regenerate the stored corpora: the benchmark's (large), the tests' (small, other seeds)."""
    _write("positive.jsonl", positive(seed=1, per_type=120))
    _write("clean.jsonl", clean(seed=3, n=2000))
    _write("positive_small.jsonl", positive(seed=2, per_type=40))
    _write("clean_small.jsonl", clean(seed=4, n=600))
    print(f"wrote corpora to {HERE}", file=sys.stderr)


if __name__ == "__main__":
    main()
