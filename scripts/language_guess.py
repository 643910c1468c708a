"""A language guess for vendored rows that carry no language: the one of guardc's five (en, de,
fr, es, it) whose common short words a text uses most (`guess_lang`). Shared by the converters of
sets without a language column (scripts/vendor_deepset.py, scripts/vendor_real_requests.py).
"""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from compiler.runtime.textfeat import words

# Short words common in one language and rare in the others (`words` lower-cases, keeps accents).
FUNCTION_WORDS = {
    "en": "the and is are was you your what how why who which where can could i my me to of for "
    "with this that it be not do does now about on at from there please give tell",
    "de": "der die das den dem des und ist sind war ich du mein meine mir mich dich dein deine "
    "wie was warum wer welche wo nicht ein eine einen mit für fur auf zu von im über uber jetzt "
    "alle bitte sie wir kann gibt sich auch oder nach bei wird werden habe",
    "fr": "les et est sont je tu vous mon moi ton comment quoi pourquoi où pas une avec pour sur "
    "des du au aux maintenant toutes cette être très mais aussi",
    "es": "el los las y es son yo usted mi cómo qué dónde no una con para por del al ahora "
    "todas este esta más está muy pero lo",
    "it": "il gli e sono io mio come che perché dove non una con per di del della nel alla ora "
    "tutte questo questa è più anche ma ho",
}
_WORDS = {lang: set(text.split()) for lang, text in FUNCTION_WORDS.items()}
# Word endings of one language (nouns and adjectives of keyword queries that have no short word).
SUFFIXES = {
    "en": ("ing", "ness", "ity", "ies", "ship"),
    "de": ("ung", "keit", "heit", "lich", "schaft", "isch", "ungen"),
    "fr": ("eux", "euse", "ité", "ée"),
    "es": ("ción", "dad", "ado", "ada"),
    "it": ("zione", "ità", "ato", "ata"),
}


def guess_lang(text: str) -> str:
    """The language whose function words `text` uses most (then, when it has none, whose word
    endings, umlauts and ß counting as German); `xx` when none does or two tie."""
    tokens = words(text)
    counts = Counter({lang: sum(t in vocab for t in tokens) for lang, vocab in _WORDS.items()})
    if not any(counts.values()):
        counts = Counter(
            {lang: sum(t.endswith(ends) for t in tokens) for lang, ends in SUFFIXES.items()}
        )
        counts["de"] += sum(any(c in t for c in "äöüß") for t in tokens)
    ranked = counts.most_common(2)
    if ranked[0][1] == 0 or ranked[0][1] == ranked[1][1]:
        return "xx"
    return ranked[0][0]


def function_words(tokens: Sequence[str], lang: str) -> int:
    """How many of `tokens` (`words` of a text) are `lang`'s function words."""
    return sum(t in _WORDS[lang] for t in tokens)
