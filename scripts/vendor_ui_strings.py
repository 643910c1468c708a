"""Convert the gettext catalogues of four Python web and documentation packages into
tests/data/attacks/ui_strings/.

    pip download --no-deps -d WHEELS django==5.1.4 wagtail==8.0.1 sphinx==9.0.4 \\
        django-allauth==65.22.1
    python scripts/vendor_ui_strings.py WHEELS

Issue #13: the word model reads the function words of German, French, Spanish and Italian as
attack evidence ("et", "und", "que", "dei", "para"; docs/engines.md, session 32). Its training
sets hold about a thousand non-English attacks (yanismiraoui) and far fewer benign non-English
texts, so at HIGH strength the selection sets' benign texts are blocked 12-23 % in those languages
against 6 % in English. The interface texts of Django, Wagtail, Sphinx and django-allauth are
benign text in all five languages written by their translators: form errors, help texts,
confirmations and account messages, many of them instructions to the reader ("Bitte geben Sie
ein gültiges Datum ein", "Inserisci un indirizzo email valido", "Ignorez ce message si vous
n'avez pas demandé …"). Licences: Django and Wagtail BSD-3-Clause, Sphinx BSD-2-Clause,
django-allauth MIT (each wheel's own licence file, copied into LICENSE).

Rows: every translated message (`msgstr`; fuzzy and untranslated ones are not) of the wheels'
`locale/{de,fr,es,it}/LC_MESSAGES/*.po` files, and the English source message (`msgid`) once,
with placeholders (`%(name)s`, `%s`, `{name}`, `{{ name }}`) and markup removed and entities
decoded; kept when it has at least MIN_WORDS words; labelled benign, with its language, channel
`tool` (text an application shows, not a user's request), `package` and `fold` (0-4, the sha256
of the English message's opening, `attack_data.fold_of`), so that a message and its translations
fall in the same fold: fold 4 is `tuning UI strings`, the others `UI strings`. Left out, by rule
only (no row was read to choose it): texts already written once (case-folded), the first kept in
package, file and catalogue order; rows opening like a row of another set (the first 60 folded
characters, `vendor_injecagent.key`); rows that are a near-duplicate of a row of a held-out, blind,
calibration, same-source or other tuning set (`vendor_clinc.near_kept_apart`). Deterministic: the
same wheels give the same file. The script prints counts only.
"""

from __future__ import annotations

import hashlib
import html
import re
import sys
import zipfile
from collections import Counter
from pathlib import Path

from vendor_business_mail import po_catalogue, strip_html
from vendor_clinc import write_translated

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "data" / "attacks" / "ui_strings"
NAMES = ("UI strings", "tuning UI strings")  # this set's own names in LOADERS
LANGS = ("de", "fr", "es", "it")
MIN_WORDS = 4
# package -> (wheel file name, licence file inside the wheel, what the licence must say)
WHEELS = {
    "django": (
        "Django-5.1.4-py3-none-any.whl",
        "Django-5.1.4.dist-info/LICENSE",
        "Redistribution and use in source and binary forms",
    ),
    "wagtail": (
        "wagtail-8.0.1-py3-none-any.whl",
        "wagtail-8.0.1.dist-info/licenses/LICENSE",
        "Redistribution and use in source and binary forms",
    ),
    "sphinx": (
        "sphinx-9.0.4-py3-none-any.whl",
        "sphinx-9.0.4.dist-info/licenses/LICENSE.rst",
        "Redistribution and use in source and binary forms",
    ),
    "django-allauth": (
        "django_allauth-65.22.1-py3-none-any.whl",
        "django_allauth-65.22.1.dist-info/licenses/LICENSE",
        "Permission is hereby granted, free of charge",
    ),
}
_PLACEHOLDER = re.compile(
    r"%\([^)]*\)[-#0 +]*\d*(?:\.\d+)?[sdirf]|%[sdirf]|\{\{[^}]*\}\}|\{[^}]*\}"
)
_SPACES = re.compile(r"\s+")
_CATALOGUE = re.compile(r"/locale/([a-z]{2})/LC_MESSAGES/[^/]+\.po$")
NOTICE = """\
The rows of strings.jsonl are interface messages of four Python packages, as published on PyPI:
{wheels}
Each wheel's licence is copied, unchanged, into LICENSE beside this note (Django and Wagtail:
BSD-3-Clause; Sphinx: BSD-2-Clause; django-allauth: MIT). Converted by
scripts/vendor_ui_strings.py: the translated messages of each wheel's German, French, Spanish and
Italian gettext catalogues and their English source messages, with placeholders and markup removed,
at least four words each; repeated texts and texts opening like, or nearly repeating, a row of
another set of this project left out.
"""


def clean(message: str) -> str:
    """A catalogue message as plain text: no placeholder, markup or entity, one space apart."""
    text = strip_html(_PLACEHOLDER.sub(" ", message))
    return _SPACES.sub(" ", html.unescape(text)).strip()


def messages(wheels: Path) -> list[tuple[dict[str, object], str]]:
    """((lang, package, English), text) of every message kept, in WHEELS order, each wheel's
    catalogues in name order, each catalogue in file order; the English message once, before
    its first translation."""
    found: list[tuple[dict[str, object], str]] = []
    for package, (wheel, _, _) in WHEELS.items():
        with zipfile.ZipFile(wheels / wheel) as z:
            names = sorted(n for n in z.namelist() if (m := _CATALOGUE.search(n)) and m[1] in LANGS)
            for name in names:
                lang = _CATALOGUE.search(name)[1]  # type: ignore[index]
                catalogue = po_catalogue(z.read(name).decode("utf-8"))
                for (_, msgid), msgstr in catalogue.items():
                    english = clean(msgid)
                    if len(english.split()) < MIN_WORDS:
                        continue
                    fields = {"package": package, "english": english}
                    found.append(({"lang": "en"} | fields, english))
                    found.append(({"lang": lang} | fields, clean(msgstr)))
    return [(f, t) for f, t in found if len(t.split()) >= MIN_WORDS]


def licences(wheels: Path) -> str:
    """Each wheel's licence file, after checking what it says, under a header naming it."""
    parts = []
    for package, (wheel, path, says) in WHEELS.items():
        with zipfile.ZipFile(wheels / wheel) as z:
            text = z.read(path).decode("utf-8")
        assert says in text, package
        parts.append(f"==== {package}: {wheel}, {path} ====\n\n{text.strip()}\n")
    return "\n".join(parts)


def main() -> None:
    """Write strings.jsonl, LICENSE and NOTICE from the folder of wheels given on the command
    line."""
    wheels = Path(sys.argv[1])
    found = messages(wheels)
    listed = "\n".join(
        f"  {wheel} sha256 {hashlib.sha256((wheels / wheel).read_bytes()).hexdigest()}"
        for wheel, _, _ in WHEELS.values()
    )
    read = Counter(f"{f['package']}/{f['lang']}" for f, _ in found)
    write_translated(
        OUT, "strings.jsonl", NAMES, found,
        licence=licences(wheels), notice=NOTICE.format(wheels=listed),
        read=f"read per package and language: {dict(sorted(read.items()))}",
    )  # fmt: skip


if __name__ == "__main__":
    main()
