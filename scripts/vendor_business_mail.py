"""Convert permissively licensed transactional and notification email templates into
tests/data/attacks/business_mail/mail.jsonl: benign business email read as tool output.

    fetch github:ActiveCampaign/postmark-templates     # and the other repositories of SOURCES
    python scripts/vendor_business_mail.py /work/.mirror

The argument is the directory `fetch` puts bare clones in (`OWNER+NAME/repo`); each source is
read at the commit pinned in SOURCES, so the same clones give the same file byte for byte.

Sources (MIT, BSD-3-Clause or Apache-2.0; each row records repository, commit, path, licence):
* postmark-templates (MIT): Postmark's plain-text transactional emails (welcome, password
  reset, invoice, receipt, dunning, trial expiring, comment notification, invitation);
* transactional-email-templates (MIT): Mailgun's three HTML emails (action, alert, billing);
* saleor (BSD-3-Clause): the shop's default customer and staff emails (order, payment,
  invoice, fulfilment, refund, account);
* FOSSBilling (Apache-2.0): the billing system's default emails (invoices, payment reminders,
  service activation and suspension notices, support tickets, sign-up);
* shopware (MIT): the shop's default emails, plain text, English and German (order, payment
  and delivery state changes, invoices, credit notes, cancellations, account emails);
* bagisto (MIT): the `emails` strings of the shop's and the admin's language files (order,
  invoice, shipment, refund and cancellation notices, registration, password, newsletter,
  invoice reminders) in English, German, French, Spanish and Italian;
* BookStack (MIT): its mail notifications (password reset, email confirmation, invitation,
  comment and page notices) from its language files, in the five languages;
* django-allauth (MIT), django-oscar (BSD-3-Clause), wagtail (BSD-3-Clause): the plain-text
  email templates (account confirmation, login codes, password and security notices, order
  placed, stock alerts, review workflow notices) rendered in the five languages with the
  projects' own translation catalogues;
* django-helpdesk (BSD-3-Clause): its support-ticket emails (opened, assigned, updated,
  escalated, resolved, closed), written in each of the five languages;
* killbill-email-notifications-plugin (Apache-2.0): Kill Bill's billing emails (invoice, upcoming
  invoice, successful and failed payment, refund, subscription cancellation), English;
* solidus (BSD-3-Clause) and solidus_i18n (BSD-3-Clause): the shop's order, cancellation,
  shipment and refund emails, English from solidus and German, French, Spanish and Italian from
  solidus_i18n's translations of the same keys;
* opencollective-api (MIT): Open Collective's contribution and billing emails (pending
  contributions with the host's bank-transfer instructions, reminders, failed payments,
  expiring cards, receipts, refunds, overdue platform bills), English and one in French.

Each email is rendered once per language with every placeholder filled by a plausible value
(names, shop names, amounts, dates, order numbers, links on example domains) drawn by a random
generator seeded with the template's name and the language; template syntax and HTML are
removed. An email is kept when all its sentences are translated, when it has 25 words or more
(trailing paragraphs are dropped past 250), and when its first 60 folded characters (the key
the other converters use) match neither an earlier row nor a held-out, blind or calibration row.
Rows are written language by language, so that the loader's every fifth row (`tuning mail`) is
every fifth email of each language. Unlike the other converters' rows they are not cut at
vendoring.MAX_CHARS: each is a whole email, and the 250-word bound stands instead.
"""

from __future__ import annotations

import html
import json
import random
import re
import sys
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from vendoring import git, write_rows

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.attack_data import BLIND, CALIBRATION, HELD_OUT, load  # noqa: E402
from compiler.runtime.textfeat import words  # noqa: E402

OUT = ROOT / "tests" / "data" / "attacks" / "business_mail"
LANGS = ("en", "de", "fr", "es", "it")
MIN_WORDS, MAX_WORDS = 25, 250


@dataclass(frozen=True)
class Source:
    """One repository, the commit it is read at, its licence file and SPDX identifier; `batch`
    is the round of vendoring that added it (rows are written batch by batch, so that a later
    round leaves the earlier rows, and the loader's folds of them, where they were)."""

    repo: str
    commit: str
    licence_file: str
    licence: str
    batch: int = 0


SOURCES = {
    "postmark": Source(
        "ActiveCampaign/postmark-templates",
        "fa73527acb4eb59cf673a54572d213e908f1515c",
        "LICENSE",
        "MIT",
    ),
    "mailgun": Source(
        "mailgun/transactional-email-templates",
        "e05e59e8c1e0fa7ffbacc7a165a609fd37c590b5",
        "LICENSE",
        "MIT",
    ),
    "saleor": Source(
        "saleor/saleor", "723cd4eba87dfc72822ade45dc08a3caa548428d", "LICENSE", "BSD-3-Clause"
    ),
    "fossbilling": Source(
        "FOSSBilling/FOSSBilling",
        "56a0871df1240dc1d0d12c1a278fbe3678821982",
        "LICENSE",
        "Apache-2.0",
    ),
    "shopware": Source(
        "shopware/shopware", "cfc087db92b7381885333c3035b8a034ec251bae", "LICENSE", "MIT"
    ),
    "bagisto": Source(
        "bagisto/bagisto", "889a7c6bd7200867d528f6ddc2668798e7db05d8", "LICENSE", "MIT"
    ),
    "bookstack": Source(
        "BookStackApp/BookStack", "6f1c54d018f7d55301eb4c31055b04769f5924d7", "LICENSE", "MIT"
    ),
    "allauth": Source(
        "pennersr/django-allauth", "20f4bded2fd2e12d0d172d1321626a94c17ac97e", "LICENSE", "MIT"
    ),
    "oscar": Source(
        "django-oscar/django-oscar",
        "cdbfc4412c87dd9037d62b04755780b76490373c",
        "LICENSE",
        "BSD-3-Clause",
    ),
    "wagtail": Source(
        "wagtail/wagtail", "c2ae43b9265d085c95142cd1a1f8563ad2eb4de9", "LICENSE", "BSD-3-Clause"
    ),
    "helpdesk": Source(
        "django-helpdesk/django-helpdesk",
        "360bace463c78314adb07d6b8bffc4676b73be29",
        "LICENSE",
        "BSD-3-Clause",
    ),
    # second round (#13): invoices, payments, failed payments and refunds
    "killbill": Source(
        "killbill/killbill-email-notifications-plugin",
        "34c64036d67596de02c4354d3e6abb7714297ae6",
        "LICENSE",
        "Apache-2.0",
        batch=1,
    ),
    "solidus": Source(
        "solidusio/solidus",
        "1f5bf5c638f5fe9fbda4d480bdb7ebcfa39a9a5e",
        "LICENSE.md",
        "BSD-3-Clause",
        batch=1,
    ),
    "solidus_i18n": Source(
        "solidusio/solidus_i18n",
        "a262c6174aa6b913c4502e758cae46dd1f1df8ba",
        "LICENSE",
        "BSD-3-Clause",
        batch=1,
    ),
    "opencollective": Source(
        "opencollective/opencollective-api",
        "e3f35f58970e39eeaa678a8990dfd72d0e71a9ce",
        "LICENSE",
        "MIT",
        batch=1,
    ),
}


# -- placeholder values ------------------------------------------------------------------------

PEOPLE = {
    "en": ["Emma Collins", "James Whitaker", "Olivia Grant", "Daniel Hughes", "Sophie Turner"],
    "de": ["Jana Becker", "Lukas Hoffmann", "Miriam Schulz", "Tobias Wagner", "Anna Krüger"],
    "fr": ["Camille Moreau", "Julien Lefèvre", "Claire Dubois", "Antoine Girard", "Léa Fontaine"],
    "es": ["Lucía Fernández", "Javier Ortega", "Marta Ruiz", "Pablo Navarro", "Elena Castillo"],
    "it": ["Giulia Ferrari", "Marco Bianchi", "Chiara Romano", "Luca Esposito", "Sara Colombo"],
}
SHOPS = [
    "Northwind Supply",
    "Lindenhof Books",
    "Bluebird Outfitters",
    "Harbor & Pine",
    "Copperleaf Studio",
    "Alder Street Coffee",
    "Meridian Office",
    "Fjord Cycles",
]
DOMAINS = ["example.com", "example.org", "example.net"]
PRODUCTS = {
    "en": ["Linen tote bag", "Ceramic mug, 350 ml", "Notebook A5, dotted", "Desk lamp"],
    "de": ["Leinentasche", "Keramikbecher, 350 ml", "Notizbuch A5, gepunktet", "Schreibtischlampe"],
    "fr": ["Sac en lin", "Mug en céramique, 350 ml", "Carnet A5 à points", "Lampe de bureau"],
    "es": ["Bolsa de lino", "Taza de cerámica, 350 ml", "Cuaderno A5 punteado", "Lámpara de mesa"],
    "it": [
        "Borsa di lino",
        "Tazza in ceramica, 350 ml",
        "Quaderno A5 a puntini",
        "Lampada da tavolo",
    ],
}
SERVICES = ["Web hosting, Starter plan", "Domain example.net", "Cloud backup, 50 GB"]
BROWSERS = ["Firefox 128 (Windows)", "Safari (iPhone)", "Chrome 126 (macOS)"]
PAGES = {
    "en": ["Opening hours", "Spring catalogue", "Privacy notice", "Press kit"],
    "de": ["Öffnungszeiten", "Frühjahrskatalog", "Datenschutzhinweis", "Pressemappe"],
    "fr": [
        "Horaires d'ouverture",
        "Catalogue de printemps",
        "Politique de confidentialité",
        "Dossier de presse",
    ],
    "es": [
        "Horario de apertura",
        "Catálogo de primavera",
        "Aviso de privacidad",
        "Dossier de prensa",
    ],
    "it": [
        "Orari di apertura",
        "Catalogo di primavera",
        "Informativa sulla privacy",
        "Cartella stampa",
    ],
}
TASKS = {
    "en": ["Legal review", "Final approval"],
    "de": ["Rechtliche Prüfung", "Endabnahme"],
    "fr": ["Relecture juridique", "Validation finale"],
    "es": ["Revisión legal", "Aprobación final"],
    "it": ["Revisione legale", "Approvazione finale"],
}
WORKFLOWS = {
    "en": ["Two-step review", "Moderation"],
    "de": ["Zweistufige Prüfung", "Moderation"],
    "fr": ["Relecture en deux étapes", "Modération"],
    "es": ["Revisión en dos pasos", "Moderación"],
    "it": ["Revisione in due fasi", "Moderazione"],
}
ADDRESSES = {
    "en": ["14 Elm Row, Leeds LS2 7PQ", "220 Harbor Lane, Portland, OR 97205"],
    "de": ["Lindenstraße 12, 04109 Leipzig", "Am Markt 3, 79098 Freiburg"],
    "fr": ["8 rue des Tanneurs, 69002 Lyon", "21 avenue Jean Jaurès, 31000 Toulouse"],
    "es": ["Calle Mayor 17, 28013 Madrid", "Carrer de Pujades 40, 08005 Barcelona"],
    "it": ["Via Garibaldi 9, 10122 Torino", "Corso Italia 45, 50123 Firenze"],
}
COMMENTS = {
    "en": [
        "Could we add the Saturday opening hours here?",
        "Looks good to me.",
        "The second photo is a little dark.",
        "Please check the price in the table.",
    ],
    "de": [
        "Können wir hier noch die Öffnungszeiten am Samstag ergänzen?",
        "Sieht gut aus.",
        "Das zweite Foto ist etwas dunkel.",
        "Bitte den Preis in der Tabelle prüfen.",
    ],
    "fr": [
        "Peut-on ajouter les horaires du samedi ici ?",
        "Ça me semble bien.",
        "La deuxième photo est un peu sombre.",
        "Merci de vérifier le prix dans le tableau.",
    ],
    "es": [
        "¿Podemos añadir aquí el horario del sábado?",
        "Me parece bien.",
        "La segunda foto está un poco oscura.",
        "Revisad el precio de la tabla, por favor.",
    ],
    "it": [
        "Possiamo aggiungere qui gli orari del sabato?",
        "Per me va bene.",
        "La seconda foto è un po' scura.",
        "Controllate il prezzo nella tabella.",
    ],
}
TICKETS = {  # a support ticket's title, description and resolution
    "en": [
        (
            "Invoice shows the wrong VAT number",
            "Our VAT number on invoice 2291 is missing a digit.",
            "We corrected the VAT number and sent the invoice again.",
        ),
        (
            "Parcel not delivered",
            "The tracking page has said 'in transit' for six days.",
            "The carrier found the parcel; it will be delivered tomorrow.",
        ),
    ],
    "de": [
        (
            "Falsche USt-IdNr. auf der Rechnung",
            "Auf Rechnung 2291 fehlt eine Ziffer unserer USt-IdNr.",
            "Wir haben die USt-IdNr. korrigiert und die Rechnung erneut versandt.",
        ),
        (
            "Paket nicht angekommen",
            "Die Sendungsverfolgung zeigt seit sechs Tagen 'unterwegs'.",
            "Der Versanddienst hat das Paket gefunden; es wird morgen zugestellt.",
        ),
    ],
    "fr": [
        (
            "Numéro de TVA erroné sur la facture",
            "Il manque un chiffre à notre numéro de TVA sur la facture 2291.",
            "Nous avons corrigé le numéro de TVA et renvoyé la facture.",
        ),
        (
            "Colis non livré",
            "Le suivi indique « en transit » depuis six jours.",
            "Le transporteur a retrouvé le colis ; il sera livré demain.",
        ),
    ],
    "es": [
        (
            "Número de IVA incorrecto en la factura",
            "En la factura 2291 falta un dígito de nuestro NIF.",
            "Hemos corregido el NIF y hemos vuelto a enviar la factura.",
        ),
        (
            "Paquete no entregado",
            "El seguimiento indica «en tránsito» desde hace seis días.",
            "La empresa de transporte ha localizado el paquete; se entregará mañana.",
        ),
    ],
    "it": [
        (
            "Partita IVA errata in fattura",
            "Nella fattura 2291 manca una cifra della nostra partita IVA.",
            "Abbiamo corretto la partita IVA e inviato di nuovo la fattura.",
        ),
        (
            "Pacco non consegnato",
            "Il tracciamento indica «in transito» da sei giorni.",
            "Il corriere ha ritrovato il pacco; sarà consegnato domani.",
        ),
    ],
}
TICKET_FIELDS = {  # queue, priority, status
    "en": ("Customer Support", "3. Normal", "Open"),
    "de": ("Kundendienst", "3. Normal", "Offen"),
    "fr": ("Service client", "3. Normale", "Ouvert"),
    "es": ("Atención al cliente", "3. Normal", "Abierto"),
    "it": ("Assistenza clienti", "3. Normale", "Aperto"),
}
STREETS = {  # street, postcode, city, country
    "en": ("14 Elm Row", "LS2 7PQ", "Leeds", "United Kingdom"),
    "de": ("Lindenstraße 12", "04109", "Leipzig", "Deutschland"),
    "fr": ("8 rue des Tanneurs", "69002", "Lyon", "France"),
    "es": ("Calle Mayor 17", "28013", "Madrid", "España"),
    "it": ("Via Garibaldi 9", "10122", "Torino", "Italia"),
}
SHIPPING = {  # a shipping method and its description
    "en": ("Standard", "Delivery in 2-4 working days"),
    "de": ("Standard", "Lieferung in 2-4 Werktagen"),
    "fr": ("Standard", "Livraison sous 2 à 4 jours ouvrés"),
    "es": ("Estándar", "Entrega en 2-4 días laborables"),
    "it": ("Standard", "Consegna in 2-4 giorni lavorativi"),
}
# the salutation Shopware puts before a customer's name: English "Dear"; German templates open
# with "Hallo" themselves or with the name alone
SALUTATIONS = {"en": "Dear", "de": "", "fr": "", "es": "", "it": ""}
SHOPWARE_STATES = {  # the state names Shopware's emails announce: English, German
    "open": ("Open", "Offen"),
    "in_progress": ("In progress", "In Bearbeitung"),
    "completed": ("Done", "Abgeschlossen"),
    "cancelled": ("Cancelled", "Abgebrochen"),
    "shipped": ("Shipped", "Versandt"),
    "shipped_partially": ("Shipped (partially)", "Teilweise versandt"),
    "returned": ("Returned", "Retour"),
    "returned_partially": ("Returned (partially)", "Teilweise retourniert"),
    "paid": ("Paid", "Bezahlt"),
    "paid_partially": ("Paid (partially)", "Teilweise bezahlt"),
    "refunded": ("Refunded", "Erstattet"),
    "refunded_partially": ("Refunded (partially)", "Teilweise erstattet"),
    "reminded": ("Reminded", "Erinnert"),
    "authorized": ("Authorized", "Autorisiert"),
    "chargeback": ("Chargeback", "Rückbuchung"),
    "unconfirmed": ("Unconfirmed", "Unbestätigt"),
}
REQUESTS = {  # a GDPR request's type and status
    "en": ("Update", "Pending"),
    "de": ("Aktualisierung", "Ausstehend"),
    "fr": ("Mise à jour", "En attente"),
    "es": ("Actualización", "Pendiente"),
    "it": ("Aggiornamento", "In attesa"),
}
MONTHS = {
    "en": [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
    "de": [
        "Januar",
        "Februar",
        "März",
        "April",
        "Mai",
        "Juni",
        "Juli",
        "August",
        "September",
        "Oktober",
        "November",
        "Dezember",
    ],
    "fr": [
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ],
    "es": [
        "enero",
        "febrero",
        "marzo",
        "abril",
        "mayo",
        "junio",
        "julio",
        "agosto",
        "septiembre",
        "octubre",
        "noviembre",
        "diciembre",
    ],
    "it": [
        "gennaio",
        "febbraio",
        "marzo",
        "aprile",
        "maggio",
        "giugno",
        "luglio",
        "agosto",
        "settembre",
        "ottobre",
        "novembre",
        "dicembre",
    ],
}


@dataclass
class Filler:
    """Plausible values for placeholders, drawn once per name for one email."""

    lang: str
    rng: random.Random
    shop: str = ""
    domain: str = ""
    state: str = ""  # an order's or a payment's new state, where the template names one
    values: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.shop = self.rng.choice(SHOPS)
        self.domain = self.rng.choice(DOMAINS)

    def __call__(self, name: str) -> str:
        key = name.strip().lower()
        if key not in self.values:
            self.values[key] = self._value(key)
        return self.values[key]

    def person(self) -> str:
        return self.rng.choice(PEOPLE[self.lang])

    def date(self) -> str:
        day, month = self.rng.randint(1, 28), self.rng.randrange(12)
        name = MONTHS[self.lang][month]
        if self.lang == "en":
            return f"{name} {day}, 2025"
        if self.lang == "de":
            return f"{day}. {name} 2025"
        if self.lang == "es":
            return f"{day} de {name} de 2025"
        return f"{day} {name} 2025"

    def amount(self) -> str:
        return self.money(self.rng.randint(500, 40000))

    def money(self, cents: int) -> str:
        if self.lang == "en":
            return f"${cents // 100:,}.{cents % 100:02d}"
        return f"{cents // 100},{cents % 100:02d} €"

    def bank_account(self) -> tuple[str, str]:
        """An IBAN and a BIC that are no bank's: the IBAN's check digits are 00, which no
        valid IBAN has, and the BIC's location code ends in 0, the mark of a test BIC."""
        country = {"en": "GB", "de": "DE", "fr": "FR", "es": "ES", "it": "IT"}[self.lang]
        digits = "".join(str(self.rng.randint(0, 9)) for _ in range(18))
        groups = " ".join(digits[i : i + 4] for i in range(0, 18, 4))
        return f"{country}00 {groups}", f"EXMP{country}X0"

    def url(self, path: str) -> str:
        token = "".join(self.rng.choice("abcdefghjkmnpqrstuvwxyz23456789") for _ in range(10))
        slug = self.shop.lower().split()[0].strip("&")
        return f"https://{slug}.{self.domain}/{path}/{token}"

    def _address(self, mailbox: str) -> str:
        """An email address on the email's domain: MAILBOX@, or a person's first name not
        used yet in this email."""
        if mailbox:
            return f"{mailbox}@{self.domain}"
        taken = set(self.values.values())
        address = ""
        while not address or address in taken:
            first = self.person().split()[0].lower()
            ascii_ = unicodedata.normalize("NFKD", first).encode("ascii", "ignore").decode()
            address = f"{ascii_}@{self.domain}"
        return address

    def _ticket(self, key: str) -> str:
        title, description, resolution = self.rng.choice(TICKETS[self.lang])
        self.values.setdefault("ticket.title", title)
        self.values.setdefault("ticket.description", description)
        self.values.setdefault("resolution", resolution)
        self.values.setdefault("ticket.resolution", self.values["resolution"])
        queue, priority, status = TICKET_FIELDS[self.lang]
        other = {
            "queue.title": queue,
            "ticket.helpdesk": queue,
            "ticket.get_priority_display": priority,
            "ticket.priority": priority,
            "ticket.get_status": status,
            "ticket.status": status,
        }
        key = {"ticket.subject": "ticket.title"}.get(key, key)
        if key in self.values:
            return self.values[key]
        if key in other:
            return other[key]
        if key == "ticket.ticket":
            return f"[support-{self.rng.randint(100, 9999)}]"
        if "assigned" in key:
            return self.values.setdefault("ticket.assigned_to", self.person())
        return self._value(key.removeprefix("ticket."))

    def _value(self, key: str) -> str:  # one rule per kind of name, the first that fits
        last = re.split(r"[.\s]", key)[-1]
        lang = self.lang
        if last == "base_url":
            return f"https://{self.shop.lower().split()[0]}.{self.domain}"
        if "url" in key or "link" in key or last in {"href", "path"}:
            return self.url(last.replace("_url", "").replace("_", "-") or "account")
        if "email" in last or last == "to":
            return self._address("support" if "support" in key else "")
        if key.startswith(("ticket.", "queue.")) or last == "resolution":
            return self._ticket(key)
        if "domain" in key:
            return f"{self.shop.lower().split()[0]}.{self.domain}"
        if "attachment_name" in last:
            return f"document-{self.rng.randint(100, 999)}.pdf"
        if (
            "product" in last
            or last == "description"
            or (("line" in key or "product" in key) and "title" in last)
        ):
            return self.rng.choice(PRODUCTS[lang])
        if last in {"appname", "app_name"} or any(
            w in key for w in ("site", "shop", "company", "organization", "store", "channel")
        ):
            return self.shop
        if re.fullmatch(r"ns\d", last):
            return f"{last}.{self.domain}"
        if last in {"days_passed", "period"}:
            return str(self.rng.choice([7, 14, 30]))
        if last == "signature":  # only in English emails
            return f"{self.shop} Billing Team"
        if last in {"first_name", "last_name", "firstname", "lastname"}:
            first, family = self.person().split(maxsplit=1)
            return first if last.startswith("first") else family
        if last == "lettername":
            return SALUTATIONS[lang]
        if last == "displayname" and "salutation" in key:
            return ""  # Mr or Ms: left out rather than guessed
        if "statemachinestate" in key and self.state:
            return self.state
        if last in {"street", "zipcode", "city"} or ("country" in key and last == "name"):
            street, code, city, country = STREETS[lang]
            return {"street": street, "zipcode": code, "city": city}.get(last, country)
        if "shippingmethod" in key:
            return SHIPPING[lang][last == "description"]
        if last == "taxrate":
            return "20" if lang == "en" else "19"
        if last == "fileextension":
            return "pdf"
        if last == "points":
            return str(self.rng.randint(3, 5))
        if last == "phone":
            return f"+49 30 {self.rng.randint(1000000, 9999999)}"
        if last in {"subject", "content"}:
            return self.rng.choice(COMMENTS[lang])
        if last == "index":
            return str(self.rng.randint(1, 3))
        fixed = {
            "currency": "USD" if lang == "en" else "EUR",
            "variant_name": self.rng.choice(["Blue", "Large", "Oak"]),
            "data_type": "products",
            "operating_system": self.rng.choice(["Windows", "macOS", "Android"]),
            "trial_length": str(self.rng.choice([14, 30])),
            "attachment_type": "PDF",
            "attachment_size": f"{self.rng.randint(80, 900)} KB",
            "credit_card_brand": self.rng.choice(["Visa", "Mastercard"]),
            "credit_card_last_four": str(self.rng.randint(1000, 9999)),
            "request-type": REQUESTS[lang][0],
            "request-status": REQUESTS[lang][1],
        }
        if last in fixed:
            return fixed[last]
        if last == "title" and key.startswith("order."):
            return self.rng.choice(SERVICES)
        if last == "reason":
            return self.rng.choice(["Overdue invoice", "Payment not received"])
        if last.endswith("_at") or any(
            w in last for w in ("date", "created", "timestamp", "deadline", "due")
        ):
            return self.date()
        if any(w in last for w in ("amount", "total", "price", "tax", "discount", "value")):
            return self.amount()
        if last == "balance":
            return self.amount()
        if "track" in last:
            return f"1Z{self.rng.randint(10**9, 10**10 - 1)}"
        if last in {"ip", "ip_address"}:
            return f"203.0.113.{self.rng.randint(2, 250)}"
        if "agent" in last or "browser" in last:
            return self.rng.choice(BROWSERS)
        if any(w in last for w in ("code", "token", "_key")):
            return str(self.rng.randint(100000, 999999))
        if any(w in last for w in ("number", "id")) or "order" in key or "invoice" in key:
            return str(self.rng.randint(100000, 999999))
        if "quantity" in last or last == "qty":
            return str(self.rng.randint(1, 4))
        if "task" in key:
            return self.rng.choice(TASKS[lang])
        if "workflow" in key:
            return self.rng.choice(WORKFLOWS[lang])
        if "page" in key or "title" in last:
            return self.rng.choice(PAGES[lang])
        if "address" in key:
            return self.rng.choice(ADDRESSES[lang])
        if any(w in last for w in ("text", "body", "message", "note", "comment")) and not (
            last.endswith("name")
        ):
            return self.rng.choice(COMMENTS[lang])
        if any(w in key for w in ("name", "user", "customer", "editor", "admin", "requested")):
            return self.person()
        if "provider" in key:
            return self.rng.choice(["Google", "GitHub", "Microsoft"])
        if "description" in last or "item" in key:
            return self.rng.choice(PRODUCTS[lang])
        raise KeyError(f"no value for placeholder {key!r}")


def filler(template: str, lang: str) -> Filler:
    """The values of one email: seeded by the template's name (not its path, so that copies of
    one template get the same values and are dropped as duplicates) and the language."""
    return Filler(lang, random.Random(f"{template}|{lang}"))


# -- text clean-up -----------------------------------------------------------------------------

_BLOCK_TAGS = re.compile(r"<\s*(br|/p|/div|/tr|/h[1-6]|/li|/table|hr)\b[^>]*>", re.I)


def strip_html(text: str) -> str:
    """Visible text of an HTML fragment: scripts, styles and head dropped, block ends as
    line breaks, entities decoded."""
    text = re.sub(r"<(head|style|script)\b.*?</\1\s*>", " ", text, flags=re.S | re.I)
    text = re.sub(r"<!--.*?-->", " ", text, flags=re.S)
    text = _BLOCK_TAGS.sub("\n", text)
    text = re.sub(r"<[^>]+>", " ", text)
    return html.unescape(text)


def tidy(text: str) -> str:
    """Spaces collapsed within lines, decoration lines (*** / ---) and runs of blank lines
    dropped."""
    lines = []
    for raw in text.replace("\r", "").split("\n"):
        line = re.sub(r"[\u200b-\u200d\u034f\ufeff]", "", raw)  # zero-width preview padding
        line = re.sub(r"[ \t\u00a0]+", " ", line).strip()
        line = re.sub(r"(\S) ([.,])(\s|$)", r"\1\2\3", line)
        if re.fullmatch(r"[*\-=_#]{3,}", line):
            continue
        if line or (lines and lines[-1]):
            lines.append(line)
    return "\n".join(lines).strip()


def fit(text: str) -> str | None:
    """`text` with trailing paragraphs dropped to at most MAX_WORDS words; None if it has fewer
    than MIN_WORDS."""
    paragraphs = text.split("\n")
    while len(" ".join(paragraphs).split()) > MAX_WORDS and len(paragraphs) > 1:
        paragraphs.pop()
    text = tidy("\n".join(paragraphs))
    return text if MIN_WORDS <= len(text.split()) <= MAX_WORDS else None


def email(subject: str, body: str) -> str:
    return f"Subject: {subject.strip()}\n\n{body.strip()}" if subject.strip() else body.strip()


# -- Postmark (Handlebars plain text) and Mailgun (HTML) ----------------------------------------

_BRACKETED = {
    "product name": "shop",
    "company name, llc": "company",
    "credit card statement name": "shop",
    "sender name": "sender_name",
}


def handlebars(
    text: str, fill: Filler, helper: Callable[[str, list[str]], str] | None = None
) -> str:
    """A Handlebars template rendered: each loop twice, each condition true, each value and each
    `[Bracketed Name]` filled; `helper` (a helper's or value's name and its arguments), where
    given, fills the values instead, and brackets are left as they are."""

    def loop(m: re.Match[str]) -> str:  # twice, each item's values their own
        items = m.group(1).strip(" .") or "item"
        return "\n".join(
            re.sub(r"{{\s*(?!else\b)(\w[\w.]*)\s*}}", rf"{{{{{items}.{n}.\1}}}}", m.group(2))
            for n in (0, 1)
        )

    def value(m: re.Match[str]) -> str:
        name, *args = m.group(1).replace("../", "").split()
        if helper is not None:
            return helper(name, args)
        if name == "price":
            return fill.amount()
        if name == "format_address":
            return fill("address")
        return fill(args[0] if args else name)

    text = re.sub(r"{{#each ([^}]+)}}(.*?){{/each}}", loop, text, flags=re.S)
    text = re.sub(r"{{#(\w+)}}(.*?){{/\1}}", lambda m: m.group(2), text, flags=re.S)
    branches = re.compile(r"{{#if [^}]*}}((?:(?!{{#if).)*?){{else}}(?:(?!{{#if).)*?{{/if}}", re.S)
    while branches.search(text):  # innermost first: the first branch of each condition
        text = branches.sub(lambda m: m.group(1), text)
        if helper is not None:  # and conditions without a second branch, so that the outer
            # condition's first branch is found
            single = r"{{#if [^}]*}}((?:(?!{{#if|{{else}}).)*?){{/if}}"
            text = re.sub(single, r"\1", text, flags=re.S)
    text = re.sub(r"{{[#/^](if|unless|else)[^}]*}}|{{else}}", "", text)
    text = re.sub(r"{{{?\s*([^}]+?)\s*}?}}", value, text)
    if helper is not None:
        return text

    def bracket(m: re.Match[str]) -> str:
        name = m.group(1).lower()
        if name == "x":
            return str(fill.rng.randint(2, 5))
        if name in _BRACKETED:
            return fill(_BRACKETED[name])
        if "street" in name or "suite" in name:
            return f"{fill.rng.randint(10, 400)} Market Street"
        return fill(name.replace(" ", "_"))

    return re.sub(r"\[([A-Za-z][^\]\n]{0,40})\]", bracket, text)


_POSTMARK_KIND = {
    "dunning": "payment reminder",
    "password-reset": "account notice",
    "password-reset-help": "account notice",
    "trial-expired": "subscription notice",
    "trial-expiring": "subscription notice",
    "user-invitation": "invitation",
    "comment-notification": "comment notification",
    "action": "account notice",
    "alert": "subscription notice",
    "billing": "invoice",
}


_SALEOR_KIND = {
    "confirm_fulfillment": "shipping notice",
    "update_fulfillment": "shipping notice",
    "confirm_order": "order confirmation",
    "confirmed_order": "order confirmation",
    "staff_confirm_order": "order confirmation",
    "order_cancel": "order notice",
    "order_refund": "refund notice",
    "confirm_payment": "receipt",
    "send_invoice": "invoice",
    "gift_card": "order notice",
    "export_failed": "export notice",
    "export_success": "export notice",
}


def postmark(repo: Path, commit: str) -> Iterator[tuple[str, str, str, str]]:
    """(path, lang, kind, text) of Postmark's plain-text emails."""
    for path in git(repo, "ls-tree", "-r", "--name-only", commit, "templates").splitlines():
        if not path.endswith("/content.txt") or "/example/" in path:
            continue
        name = path.split("/")[-2]
        text = handlebars(git(repo, "show", f"{commit}:{path}"), filler(name, "en"))
        body = text.partition("\n")[2]  # the first line is the hidden preview text
        yield path, "en", _POSTMARK_KIND.get(name, name), tidy(body)


def saleor(repo: Path, commit: str) -> Iterator[tuple[str, str, str, str]]:
    """(path, lang, kind, text) of Saleor's default customer and staff emails (MJML rendered to
    HTML, Handlebars placeholders)."""
    for folder in ("user_email", "admin_email"):
        base = f"saleor/plugins/{folder}/default_email_templates"
        for path in git(repo, "ls-tree", "--name-only", commit, base + "/").splitlines():
            name = Path(path).stem
            page = re.sub(
                r"<!--\[if.*?<!\[endif\]-->", " ", git(repo, "show", f"{commit}:{path}"), flags=re.S
            )
            text = handlebars(tidy(strip_html(page)), filler(f"saleor:{name}", "en"))
            yield path, "en", _SALEOR_KIND.get(name, "account notice"), tidy(text)


def mailgun(repo: Path, commit: str) -> Iterator[tuple[str, str, str, str]]:
    """(path, lang, kind, text) of Mailgun's three HTML emails."""
    for path in git(repo, "ls-tree", "-r", "--name-only", commit, "templates").splitlines():
        if not path.endswith(".html") or "/inlined/" in path:
            continue
        page = git(repo, "show", f"{commit}:{path}")
        title = re.search(r"<title>(.*?)</title>", page, re.S)
        text = tidy(strip_html(page))
        if title and text.startswith(title.group(1).strip()):
            text = text[len(title.group(1).strip()) :]
        yield path, "en", _POSTMARK_KIND[Path(path).stem], tidy(text)


# -- Bagisto (Laravel PHP language arrays) ------------------------------------------------------

_PHP_TOKEN = re.compile(
    r"'(?P<single>(?:[^'\\]|\\.)*)'|\"(?P<double>(?:[^\"\\]|\\.)*)\"|(?P<open>\[)|(?P<close>\])"
    r"|(?P<arrow>=>)|//[^\n]*|/\*.*?\*/",
    re.S,
)
PhpTree = dict[str, "PhpTree | str"]


def php_array(source: str) -> PhpTree:
    """The array a Laravel language file returns (string keys and values only)."""
    start = source.index("return [") + len("return ")
    stack: list[PhpTree] = []
    root: PhpTree = {}
    key: str | None = None
    pending: str | None = None
    for m in _PHP_TOKEN.finditer(source, start):
        string = m.group("single") if m.group("single") is not None else m.group("double")
        opening, closing = m.group("open"), m.group("close")
        if string is not None:
            value = re.sub(r"\\(['\"\\])", r"\1", string)
            if key is None:
                pending = value
            else:
                stack[-1][key] = value
                key = None
        elif m.group("arrow"):
            key, pending = pending, None
        elif opening:
            table: PhpTree = {}
            if stack and key is not None:
                stack[-1][key] = table
            elif not stack:
                root = table
            stack.append(table)
            key = None
        elif closing:
            stack.pop()
            if not stack:
                break
    return root


_BAGISTO_FILES = (
    "packages/Webkul/Shop/src/Resources/lang/{}/app.php",
    "packages/Webkul/Admin/src/Resources/lang/{}/app.php",
)
_BAGISTO_ORDER = (
    "title",
    "heading",
    "greeting",
    "description",
    "quotes",
    "invoice-overdue",
    "already-paid",
    "summary",
)
_BAGISTO_KIND = {
    "orders": "order notice",
    "created": "order confirmation",
    "customers": "account notice",
    "admin": "account notice",
    "reminder": "payment reminder",
    "invoiced": "invoice",
    "shipped": "shipping notice",
    "refunded": "refund notice",
    "subscribed": "newsletter",
}


_BAGISTO_FIELDS = ("request-type", "request-status", "message", "customer-name")


def _groups(
    tree: PhpTree, trail: tuple[str, ...] = ()
) -> Iterator[tuple[tuple[str, ...], PhpTree]]:
    for key, value in tree.items():
        if isinstance(value, dict):
            if "subject" in value:
                yield (*trail, key), value
            yield from _groups(value, (*trail, key))


def _colon_fill(text: str, fill: Filler) -> str:
    text = re.sub(r'href=":link"|style=":style"', "", text)
    return re.sub(r"(?<!\w):([A-Za-z_]+)", lambda m: fill(m.group(1)), strip_html(text))


def bagisto(repo: Path, commit: str) -> Iterator[tuple[str, str, str, str]]:
    """(path, lang, kind, text) of every email of Bagisto's shop and admin language files."""
    for pattern in _BAGISTO_FILES:
        trees = {
            lang: php_array(git(repo, "show", f"{commit}:{pattern.format(lang)}")) for lang in LANGS
        }
        for trail, group in _groups(trees["en"]["emails"]):  # type: ignore[arg-type]
            if trail[0] == "rma":
                continue
            kind = next(
                (_BAGISTO_KIND[t] for t in reversed(trail) if t in _BAGISTO_KIND), "account notice"
            )
            for lang in LANGS:
                mails: PhpTree = trees[lang]["emails"]  # type: ignore[assignment]
                node: PhpTree | str = mails
                for step in trail:
                    node = node.get(step, {}) if isinstance(node, dict) else {}
                if not isinstance(node, dict) or set(node) != set(group):
                    continue
                path = f"{pattern.format(lang)}#emails.{'.'.join(trail)}"
                fill = filler(".".join(trail), lang)
                yield path, lang, kind, _bagisto_mail(mails, trail, node, fill)


def _bagisto_mail(mails: PhpTree, trail: tuple[str, ...], node: PhpTree, fill: Filler) -> str:
    keys = [k for k in _BAGISTO_ORDER if k in node] + [
        k for k in node if k not in _BAGISTO_ORDER and k != "subject"
    ]
    lines = [f"{mails['dear']}" if isinstance(mails.get("dear"), str) else ""]
    for key in keys:
        value = node[key]
        if not isinstance(value, str):
            continue
        if key == "password":
            continue  # a label with nothing to show
        if value.rstrip().endswith(":") and key in _BAGISTO_FIELDS:
            value = f"{value.rstrip()} {fill(key)}"
        elif key == "username-email":
            value = f"{value}: {fill('email')}"
        elif key in {"reset-password", "verify-email", "sign-in", "unsubscribe"}:
            value = f"{value}: {fill(key + '_url')}"
        lines.append(value)
    orders = mails.get("orders")
    if trail[0] == "orders" and isinstance(orders, dict):
        for key in ("subtotal", "shipping-handling", "tax", "grand-total"):
            label = orders.get(key)
            if isinstance(label, str):
                lines.append(f"{label}: {fill.amount() if key != 'grand-total' else fill('total')}")
    if isinstance(mails.get("thanks"), str):
        lines.append(str(mails["thanks"]))
    body = _colon_fill("\n".join(lines), fill)
    return email(_colon_fill(str(node["subject"]), fill), tidy(body))


# -- Django templates with gettext catalogues (allauth, oscar, wagtail) -------------------------

Catalogue = dict[tuple[str, str], str]


def _po_string(lines: list[str]) -> str:
    out = []
    for line in lines:
        body = line[line.index('"') + 1 : line.rindex('"')]
        out.append(
            re.sub(r"\\(.)", lambda m: {"n": "\n", "t": "\t"}.get(m.group(1), m.group(1)), body)
        )
    return "".join(out)


def po_catalogue(text: str) -> Catalogue:
    """(context, msgid) -> translation of a gettext .po file; fuzzy and empty ones left out,
    plural entries give their singular."""
    catalogue: Catalogue = {}
    for entry in text.split("\n\n"):
        fields: dict[str, list[str]] = {}
        current = ""
        fuzzy = False
        for line in entry.splitlines():
            if line.startswith("#,") and "fuzzy" in line:
                fuzzy = True
            elif line.startswith("#"):
                continue
            elif line.startswith('"'):
                fields.setdefault(current, []).append(line)
            elif line.strip():
                current = line.split()[0]
                fields.setdefault(current, []).append(line)
        msgid = _po_string(fields.get("msgid", []))
        msgstr = _po_string(fields.get("msgstr", fields.get("msgstr[0]", [])))
        if msgid and msgstr and not fuzzy:
            catalogue[(_po_string(fields.get("msgctxt", [])), msgid)] = msgstr
    return catalogue


class UntranslatedError(Exception):
    """A sentence of the email has no translation in the language asked for."""


_DJ_TOKEN = re.compile(r"({%.*?%}|{{.*?}}|{#.*?#})", re.S)


@dataclass
class Django:
    """A small renderer for the plain-text email templates of Django projects: inheritance
    and blocks, trans/blocktrans looked up in a catalogue, each condition's first branch, each
    loop's body twice, every variable filled by a Filler."""

    read: Callable[[str], str]
    catalogue: Catalogue | None  # None: English, the msgids themselves
    fill: Filler
    false_when: tuple[str, ...] = ()  # a condition naming one of these is taken as false

    def render(self, name: str) -> str:
        chain = [self._tokens(name)]
        while (parent := self._extends(chain[-1])) is not None:
            chain.append(self._tokens(parent))
        blocks: dict[str, list[str]] = {}
        for tokens in chain:  # the child's blocks win: collected first
            for block, body in self._blocks(tokens).items():
                blocks.setdefault(block, body)
        return self._run(chain[-1], blocks, {})

    def block(self, name: str, block: str) -> str:
        """Only the block BLOCK of template NAME (Twig emails keep subject and body apart)."""
        return self._run(self._blocks(self._tokens(name)).get(block, []), {}, {})

    def _tokens(self, name: str) -> list[str]:
        return [t for t in _DJ_TOKEN.split(self.read(name)) if t and not t.startswith("{#")]

    @staticmethod
    def _tag(token: str) -> list[str]:
        return token[2:-2].split() if token.startswith("{%") else []

    def _extends(self, tokens: list[str]) -> str | None:
        for token in tokens:
            tag = self._tag(token)
            if tag[:1] == ["extends"]:
                return tag[1].strip("'\"")
        return None

    def _blocks(self, tokens: list[str]) -> dict[str, list[str]]:
        found: dict[str, list[str]] = {}
        for i, token in enumerate(tokens):
            tag = self._tag(token)
            if tag[:1] == ["block"]:
                found[tag[1]] = tokens[i + 1 : self._end(tokens, i, "block", "endblock")]
        return found

    def _end(self, tokens: list[str], start: int, opening: str, closing: str) -> int:
        depth = 0
        for i in range(start, len(tokens)):
            tag = self._tag(tokens[i])[:1]
            if tag == [opening]:
                depth += 1
            elif tag == [closing]:
                depth -= 1
                if depth == 0:
                    return i
        raise ValueError(f"no {closing}")

    def _value(self, expr: str, names: dict[str, str]) -> str:
        if "|daysleft" in expr.replace(" ", ""):
            return str(self.fill.rng.randint(3, 14))
        if "~" in expr:  # Twig's concatenation
            return "".join(self._value(part, names) for part in expr.split("~"))
        base = expr.split("|", maxsplit=1)[0].strip()
        if base.startswith(("rawUrl(", "url(")):
            return self.fill.url("account/order")
        if base[:1] in "'\"":
            return base.strip("'\"")
        head, dot, rest = base.partition(".")
        if f"loop:{head}" in names:
            base = names[f"loop:{head}"] + dot + rest
        return names[base] if base in names else self.fill(base)

    def _translate(self, msgid: str, context: str = "") -> str:
        if self.catalogue is None:
            return msgid
        found = self.catalogue.get((context, msgid))
        if found is None:
            raise UntranslatedError(msgid)
        return found

    def _run(self, tokens: list[str], blocks: dict[str, list[str]], names: dict[str, str]) -> str:
        out: list[str] = []
        i = 0
        while i < len(tokens):
            token = tokens[i]
            tag = self._tag(token)
            if token.startswith("{{"):
                out.append(self._value(token[2:-2], names))
            elif not tag:
                out.append(token)
            elif tag[0] == "block":
                end = self._end(tokens, i, "block", "endblock")
                out.append(self._run(blocks.get(tag[1], tokens[i + 1 : end]), blocks, names))
                i = end
            elif tag[0] in {"blocktrans", "blocktranslate"}:
                end = i + 1
                while self._tag(tokens[end])[:1] not in (["endblocktrans"], ["endblocktranslate"]):
                    end += 1
                out.append(self._blocktrans(tag, tokens[i + 1 : end], names))
                i = end
            elif tag[0] in {"trans", "translate"}:
                literal = re.match(r"{%\s*\w+\s+(['\"])(.*?)\1(.*)%}", token, re.S)
                assert literal, token
                rest = literal.group(3).split()
                context = ""
                if "context" in rest:
                    context = rest[rest.index("context") + 1].strip("'\"")
                text = self._translate(literal.group(2), context)
                if "as" in rest:
                    names[rest[rest.index("as") + 1]] = text
                else:
                    out.append(text)
            elif tag[0] == "if":
                end = self._end(tokens, i, "if", "endif")
                branch = i + 1
                while branch < end and not (
                    self._tag(tokens[branch])[:1] in (["elif"], ["else"])
                    and self._depth(tokens, i, branch) == 1
                ):
                    branch += 1
                if any(word in token for word in self.false_when):  # the last branch instead
                    last = max(
                        (k for k in range(i + 1, end) if self._tag(tokens[k])[:1] == ["else"]
                         and self._depth(tokens, i, k) == 1),
                        default=end,
                    )  # fmt: skip
                    out.append(self._run(tokens[last + 1 : end], blocks, names))
                else:
                    out.append(self._run(tokens[i + 1 : branch], blocks, names))
                i = end
            elif tag[0] == "for":
                end = self._end(tokens, i, "for", "endfor")
                body = tokens[i + 1 : end]
                if "{% empty %}" in body:
                    body = body[: body.index("{% empty %}")]
                items = tag[tag.index("in") + 1].split(".")[-1]
                if items == "all":
                    items = tag[tag.index("in") + 1].split(".")[-2]
                for n in range(2):
                    inner = dict(names)
                    for var in tag[1 : tag.index("in")]:
                        inner[f"loop:{var.strip(',')}"] = f"{items}.{n}"
                    out.append(self._run(body, blocks, inner))
                i = end
            elif tag[0] == "with":
                for pair in tag[1:]:
                    alias, _, expr = pair.partition("=")
                    names[alias] = self._value(expr, names)
            elif len(tag) > 2 and tag[-2] == "as":  # {% absolute_url … as name %} and the like
                names[tag[-1]] = self.fill(tag[-1])
            elif tag[0] == "url":
                view = tag[1].strip("'\"").replace(":", "/").replace("_", "-")
                out.append(f"/{view}/{self.fill.rng.randint(10, 999)}/")
            i += 1
        return "".join(out)

    def _depth(self, tokens: list[str], start: int, at: int) -> int:
        depth = 0
        for token in tokens[start:at]:
            tag = self._tag(token)[:1]
            depth += tag == ["if"]
            depth -= tag == ["endif"]
        return depth

    def _blocktrans(self, tag: list[str], body: list[str], names: dict[str, str]) -> str:
        scope = dict(names)
        options = tag[1:]
        for n, option in enumerate(options):
            if "=" in option and (n == 0 or options[n - 1] != "as"):
                alias, _, expr = option.partition("=")
                scope[alias] = self._value(expr, names)
        plural = next((k for k, t in enumerate(body) if self._tag(t)[:1] == ["plural"]), None)
        body = body[:plural] if plural is not None else body
        msgid = ""
        for token in body:
            if token.startswith("{{"):
                msgid += f"%({token[2:-2].strip()})s"
            else:
                msgid += token.replace("%", "%%")
        if "trimmed" in options:
            msgid = re.sub(r"\s*\n\s*", " ", msgid.strip())
        context = ""
        if "context" in options:
            context = options[options.index("context") + 1].strip("'\"")
        text = self._translate(msgid, context)
        text = re.sub(r"%\((\w+)\)s", lambda m: self._value(m.group(1), scope), text)
        return text.replace("%%", "%")


# (template directory, subject suffix, body suffix, kind by template name prefix)
_DJANGO = {
    "allauth": (
        [
            "allauth/templates/account/email",
            "allauth/templates/mfa/email",
            "allauth/templates/socialaccount/email",
        ],
        "_subject.txt",
        "_message.txt",
        "allauth/locale/{}/LC_MESSAGES/django.po",
    ),
    "oscar": (
        ["src/oscar/templates/oscar/communication/emails"],
        "_subject.txt",
        "_body.txt",
        "src/oscar/locale/{}/LC_MESSAGES/django.po",
    ),
    "wagtail": (
        [
            "wagtail/admin/templates/wagtailadmin/notifications",
            "wagtail/admin/templates/wagtailadmin/account/password_reset",
        ],
        "_subject.txt",
        ".txt",
        "wagtail/admin/locale/{}/LC_MESSAGES/django.po",
    ),
}


def _django_kind(name: str) -> str:
    for words_, kind in (
        (("order",), "order confirmation"),
        (("product_alert",), "stock alert"),
        (("password", "code", "confirm", "registration", "signup", "email"), "account notice"),
        (
            ("totp", "webauthn", "recovery", "connected", "already_exists", "unknown"),
            "security notice",
        ),
    ):
        if any(w in name for w in words_):
            return kind
    return "workflow notice"


_FOSSBILLING_KIND = {
    "invoice_created": "invoice",
    "invoice_paid": "receipt",
    "invoice_payment_reminder": "payment reminder",
    "invoice_due_after": "payment reminder",
    "order_suspension_warning": "payment reminder",
}


def fossbilling(repo: Path, commit: str) -> Iterator[tuple[str, str, str, str]]:
    """(path, lang, kind, text) of FOSSBilling's default emails (Twig templates of HTML with a
    subject block and a content block)."""
    for path in git(repo, "ls-tree", "-r", "--name-only", commit, "src/modules").splitlines():
        if "/templates/email/" not in path or "mod_email_test" in path:
            continue
        name = Path(path).name.removesuffix(".html.twig").removeprefix("mod_")
        page = strip_html(git(repo, "show", f"{commit}:{path}"))
        fill = filler(f"fossbilling:{name}", "en")
        renderer = Django(lambda _, text=page: text, None, fill)
        subject, body = renderer.block(name, "subject"), renderer.block(name, "content")
        kind = _FOSSBILLING_KIND.get(name, "")
        if not kind:
            kind = "support ticket" if "ticket" in name else "account notice"
            if name.startswith("service"):
                kind = "service notice"
        yield path, "en", kind, email(tidy(subject), tidy(body))


# BookStack's mail notifications as its classes build them (app/Access/Notifications,
# app/Activity/Notifications/Messages) and its plain-text layout prints them: greeting, intro
# lines, "action: URL", outro lines, the application's name.
# (name, kind, subject, greeting, intro lines, detail lines, action, outro lines)
_BOOKSTACK = (
    ("reset_password", "account notice", "auth.email_reset_subject", "",
     ["auth.email_reset_text"], [], "auth.reset_password", ["auth.email_reset_not_requested"]),
    ("confirm_email", "account notice", "auth.email_confirm_subject",
     "auth.email_confirm_greeting", ["auth.email_confirm_text"], [], "auth.email_confirm_action",
     []),
    ("user_invite", "invitation", "auth.user_invite_email_subject",
     "auth.user_invite_email_greeting", ["auth.user_invite_email_text"], [],
     "auth.user_invite_email_action", []),
    ("new_comment", "comment notification", "notifications.new_comment_subject", "",
     ["notifications.new_comment_intro"],
     ["detail_page_name", "detail_page_path", "detail_commenter", "detail_comment"],
     "notifications.action_view_comment", []),
    ("new_page", "workflow notice", "notifications.new_page_subject", "",
     ["notifications.new_page_intro"],
     ["detail_page_name", "detail_page_path", "detail_created_by"],
     "notifications.action_view_page", []),
    ("updated_page", "workflow notice", "notifications.updated_page_subject", "",
     ["notifications.updated_page_intro"],
     ["detail_page_name", "detail_page_path", "detail_updated_by"],
     "notifications.action_view_page", ["notifications.updated_page_debounce"]),
)  # fmt: skip


_BOOKSTACK_DETAILS = {
    "detail_page_name": "pagename",
    "detail_page_path": "book_title",
    "detail_commenter": "commenter_name",
    "detail_comment": "comment_text",
    "detail_created_by": "editor_name",
    "detail_updated_by": "editor_name",
}


def bookstack(repo: Path, commit: str) -> Iterator[tuple[str, str, str, str]]:
    """(path, lang, kind, text) of BookStack's email notifications in the five languages, from
    its language files (lang/<lang>/{auth,notifications}.php)."""
    for lang in LANGS:
        files = {
            part: php_array(git(repo, "show", f"{commit}:lang/{lang}/{part}.php"))
            for part in ("auth", "notifications")
        }

        def text(ref: str, fill: Filler, files: dict[str, PhpTree] = files) -> str:
            part, _, key = ref.partition(".")
            value = files[part].get(key)
            if not isinstance(value, str) or not value.strip():
                raise UntranslatedError(ref)
            return _colon_fill(value, fill)

        for name, kind, subject, greeting, intro, details, action, outro in _BOOKSTACK:
            fill = filler(f"bookstack:{name}", lang)
            notes = files["notifications"]
            try:
                lines = [text(ref, fill) for ref in intro]
                for key in details:
                    label = text(f"notifications.{key}", fill)
                    lines.append(f"{label} {fill(_BOOKSTACK_DETAILS[key])}")
                lines += ["", f"{text(action, fill)}: {fill(name + '_url')}", ""]
                lines += [text(ref, fill) for ref in outro]
                if kind not in {"account notice", "invitation"}:
                    link = text("notifications.footer_reason_link", fill)
                    footer = str(notes.get("footer_reason", "")).replace(":link", link)
                    lines.append(_colon_fill(footer, fill))
                body = "\n".join([text(greeting, fill), ""] if greeting else []) + "\n".join(lines)
                mail = email(text(subject, fill), f"{body}\n\n{fill('appName')}")
            except UntranslatedError:
                continue
            yield f"lang/{lang}/#{name}", lang, kind, mail


def _shopware_kind(name: str) -> str:
    if name.startswith("order_transaction"):
        return "payment reminder" if name.endswith("reminded") else "payment notice"
    if name.startswith(("order_delivery", "delivery")):
        return "shipping notice"
    kinds = {"invoice_mail": "invoice", "credit_note_mail": "refund notice",
             "order_confirmation_mail": "order confirmation", "contact_form": "contact form",
             "review_form": "contact form"}  # fmt: skip
    if name in kinds:
        return kinds[name]
    return (
        "order notice"
        if name.startswith(("order", "cancellation", "downloads"))
        else ("account notice")
    )


# what the rendered Shopware emails leave out: product options and reference prices, product
# images, VAT ids, rounded totals
_SHOPWARE_ABSENT = ("options", "features", "cover", "vatIds", "displayRounded")


def shopware(repo: Path, commit: str) -> Iterator[tuple[str, str, str, str]]:
    """(path, lang, kind, text) of Shopware's default emails, plain-text version, English and
    German (src/Core/Migration/Fixtures/mails/<type>/<lang>-plain.html.twig); an email whose
    template uses a value this converter has no plausible filling for is left out."""
    base = "src/Core/Migration/Fixtures/mails"
    paths = git(repo, "ls-tree", "-r", "--name-only", commit, base).splitlines()
    for path in paths:
        folder, file = path.removeprefix(base + "/").split("/")
        lang = file.split("-")[0]
        if "-plain." not in file or lang not in LANGS or folder.startswith("defaultMail"):
            continue
        fill = filler(f"shopware:{folder}", lang)
        state = folder.rpartition(".")[2]
        if state in SHOPWARE_STATES:
            fill.state = SHOPWARE_STATES[state][lang == "de"]
        text = git(repo, "show", f"{commit}:{path}")
        try:
            renderer = Django(lambda _, text=text: text, None, fill, _SHOPWARE_ABSENT)
            body = renderer.render(path)
        except KeyError:
            continue
        yield path, lang, _shopware_kind(folder), tidy(strip_html(body))


def django_mails(name: str) -> Callable[[Path, str], Iterator[tuple[str, str, str, str]]]:
    """The converter of one Django project's plain-text emails."""
    dirs, subject_suffix, body_suffix, po_path = _DJANGO[name]

    def convert(repo: Path, commit: str) -> Iterator[tuple[str, str, str, str]]:
        files = {
            p: ""
            for d in dirs
            for p in git(repo, "ls-tree", "--name-only", commit, d + "/").splitlines()
        }
        catalogues: dict[str, Catalogue | None] = {"en": None}
        for lang in LANGS[1:]:
            catalogues[lang] = po_catalogue(git(repo, "show", f"{commit}:{po_path.format(lang)}"))
        template_root = dirs[0].split("/templates/")[0] + "/templates/"

        def read(template: str) -> str:
            return git(repo, "show", f"{commit}:{template_root}{template}")

        for path in sorted(files):
            if not path.endswith(subject_suffix):
                continue
            stem = path[: -len(subject_suffix)]
            body_path = stem + body_suffix
            if body_path not in files or body_path == path:
                continue
            for lang in LANGS:
                fill = filler(Path(stem).name, lang)
                renderer = Django(read, catalogues[lang], fill)
                try:
                    subject = renderer.render(path.removeprefix(template_root))
                    body = renderer.render(body_path.removeprefix(template_root))
                except UntranslatedError:
                    continue
                yield (
                    body_path,
                    lang,
                    _django_kind(Path(stem).name),
                    email(tidy(subject), tidy(body)),
                )

    return convert


def helpdesk(repo: Path, commit: str) -> Iterator[tuple[str, str, str, str]]:
    """(path, lang, kind, text) of django-helpdesk's ticket emails (its email-template fixture:
    plain text, one record per template and language)."""
    path = "src/helpdesk/fixtures/emailtemplate.json"
    for n, record in enumerate(json.loads(git(repo, "show", f"{commit}:{path}"))):
        fields = record["fields"]
        lang = fields["locale"]
        if lang not in LANGS:
            continue
        name = fields["template_name"]
        fill = filler(f"helpdesk:{name}", lang)
        plain = str(fields["plain_text"])
        body = Django(lambda _, text=plain: text, None, fill).render(name)
        subject = f"{fill('ticket.ticket')} {fill('ticket.title')} {fields['subject']}"
        yield f"{path}#{n}", lang, "support ticket", email(subject, tidy(body))


# -- Kill Bill (Mustache HTML, Java properties) -------------------------------------------------

_KILLBILL_KIND = {
    "InvoiceCreation": "invoice",
    "UpcomingInvoice": "invoice",
    "SuccessfulPayment": "receipt",
    "FailedPayment": "failed payment",
    "PaymentRefund": "refund notice",
}


def _killbill_value(key: str, fill: Filler, name: str) -> str:
    """A value for one of Kill Bill's Mustache names (`item.N.` inside the invoice's loop): the
    items' amounts add up to the total, paid in full for a paid invoice and not at all for a
    failed or upcoming one."""
    last = key.rpartition(".")[2].lower()
    customer = {"address1": "220 Harbor Lane", "city": "Portland", "postalcode": "97205"}
    if key.startswith("account.") and last == "companyname":
        return fill("customer_company")
    if key.startswith("account.") and last in customer:
        return customer[last]
    if last == "country":
        return "US"
    if last == "prettyplanname" or key.endswith("lastActivePlan.name"):
        return fill(key) if key in fill.values else fill.values.setdefault(
            key, fill.rng.choice(SERVICES))  # fmt: skip
    if last == "externalkey":
        return f"PAY-{fill.rng.randint(10000, 99999)}"
    if "date" in last:
        return fill(key.replace("formatted", ""))
    cents = [int(fill(f"cents.{n}")) for n in (0, 1)]
    paid = sum(cents) if name in {"InvoiceCreation", "SuccessfulPayment"} else 0
    amounts = {
        "formattedamount": cents[int(key.split(".")[1])] if key.startswith("item.") else 0,
        "formattedchargedamount": sum(cents),
        "formattedpaidamount": paid,
        "formattedbalance": sum(cents) - paid,
        "formattedprocessedamount": cents[0],
    }
    if last in amounts:
        return fill.money(amounts[last])
    if last == "invoicenumber":
        return fill("invoice.number")
    return fill(key)


def killbill(repo: Path, commit: str) -> Iterator[tuple[str, str, str, str]]:
    """(path, lang, kind, text) of Kill Bill's email notifications (Mustache HTML; the `text.`
    names from the English translation file, each loop rendered twice, each section shown)."""
    base = "src/main/resources/org/killbill/billing/plugin/notification"
    props = git(repo, "show", f"{commit}:{base}/translations/Translation_en.properties")
    text = dict(
        (k.strip(), v.lstrip())  # a value keeps its trailing space ("Total: ")
        for k, _, v in (line.partition("=") for line in props.splitlines())
        if v and not k.startswith("#")
    )
    for path in git(repo, "ls-tree", "--name-only", commit, f"{base}/templates/").splitlines():
        name = Path(path).stem
        if not path.endswith(".mustache") or name.startswith("Subscription"):
            continue
        fill = filler(f"killbill:{name}", "en")
        fill.values["customer_company"] = next(s for s in SHOPS if s != fill.shop)
        for n in (0, 1):
            fill.values[f"cents.{n}"] = str(fill.rng.randint(900, 25000))
        page = git(repo, "show", f"{commit}:{path}")

        def loop(m: re.Match[str]) -> str:
            return "\n".join(
                re.sub(r"{{(?![#/])\s*([\w.]+)\s*}}", rf"{{{{item.{n}.\1}}}}", m.group(2))
                for n in (0, 1)
            )

        page = re.sub(r"{{#(invoice\.invoiceItems)}}(.*?){{/\1}}", loop, page, flags=re.S)
        # no state (the address has its city), one date per service period
        for absent in ("account.stateOrProvince", "formattedEndDate"):
            page = re.sub(rf"{{{{#{absent}}}}}.*?{{{{/{absent}}}}}", "", page)
        page = re.sub(r"{{[#/][\w.]+}}", "", page)  # the other sections: shown

        def value(m: re.Match[str], fill: Filler = fill, name: str = name) -> str:
            key = m.group(1)
            if key.startswith("text."):
                return text[key.removeprefix("text.")]
            return _killbill_value(key, fill, name)

        page = re.sub(r"{{\s*([\w.]+)\s*}}", value, page)
        subject = text[name[0].lower() + name[1:] + "Subject"]
        yield path, "en", _KILLBILL_KIND[name], email(subject, tidy(strip_html(page)))


# -- Solidus (ERB plain text; Rails locale files) ------------------------------------------------

# (mailer, template, kind, the keys of the lines in the order the template prints them; `*` is
# the order's line items, `=` a rule of the template; the subject is "<shop> <subject> #<number>")
_SOLIDUS = (
    (
        "order_mailer.confirm_email",
        "core/app/views/spree/order_mailer/confirm_email.text.erb",
        "order confirmation",
        ("dear_customer", "", "instructions", "", "=", "order_summary", "=", "*", "=",
         "subtotal", "", "shipping", "tax", "=", "total", "", "thanks"),
    ),
    (
        "order_mailer.cancel_email",
        "core/app/views/spree/order_mailer/cancel_email.text.erb",
        "order notice",
        ("dear_customer", "", "instructions", "", "=", "order_summary_canceled", "=", "*", "=",
         "subtotal", "total"),
    ),
    (
        "order_mailer.inventory_cancellation",
        "core/app/views/spree/order_mailer/inventory_cancellation_email.text.erb",
        "order notice",
        ("dear_customer", "", "instructions", "", "=", "order_summary_canceled", "=", "*"),
    ),
    (
        "reimbursement_mailer.reimbursement_email",
        "core/app/views/spree/reimbursement_mailer/reimbursement_email.text.erb",
        "refund notice",
        ("dear_customer", "", "instructions", "", "=", "refund_summary", "=", "total_refunded",
         "", "=", "exchange_summary", "=", "*>", "", "days_to_send"),
    ),
    (
        "shipment_mailer.shipped_email",
        "core/app/views/spree/carton_mailer/shipped_email.text.erb",
        "shipping notice",
        ("dear_customer", "", "instructions", "", "=", "shipment_summary", "=", "*", "=", "",
         "track_information", "track_link", "", "thanks"),
    ),
)  # fmt: skip


# solidus_i18n's German strings of the refund email are its keys' names translated ("Betreff",
# "Anweisungen"), not the email's sentences: left out
_SOLIDUS_UNTRANSLATED = {("de", "reimbursement_mailer.reimbursement_email")}
_TAX_LABELS = {"en": "VAT", "de": "MwSt.", "fr": "TVA", "es": "IVA", "it": "IVA"}


def _solidus_mails(
    locale: dict[str, object], lang: str, where: Callable[[str], str]
) -> Iterator[tuple[str, str, str, str]]:
    """(path, lang, kind, text) of Solidus's emails in one language, from its locale tree;
    `where` names the file a row comes from, given the template's path. The line items'
    prices, the subtotal, shipping, tax and total add up."""
    spree = locale.get("spree")
    assert isinstance(spree, dict)

    def t(*keys: str) -> str:
        node: object = spree
        for key in keys:
            node = node.get(key) if isinstance(node, dict) else None
        if not isinstance(node, str) or not node.strip():
            raise UntranslatedError(".".join(keys))
        return node.replace("\\n", "").strip()

    for mailer, template, kind, lines in _SOLIDUS:
        if (lang, mailer) in _SOLIDUS_UNTRANSLATED:
            continue
        fill = filler(f"solidus:{mailer}", lang)
        products = fill.rng.sample(PRODUCTS[lang], 2)
        items = [(p, fill.rng.randint(1, 3), fill.rng.randint(500, 9000)) for p in products]
        subtotal = sum(qty * cents for _, qty, cents in items)
        shipping, tax = fill.rng.choice([490, 590, 990]), subtotal * 19 // 119
        values = {
            "subtotal": fill.money(subtotal),
            "total": fill.money(subtotal + shipping),
            "shipping": fill.money(shipping),
            "tax": fill.money(tax),
            "days": "14",
            "tracking": fill("tracking_number"),
            "url": fill("tracking_url"),
        }
        if kind == "refund notice":
            values["total"] = values["subtotal"]
        out = []
        try:
            for line in lines:
                if line in {"", "="}:
                    out.append("")
                elif line == "*":
                    for product, qty, cents in items:
                        sku = f"SKU-{fill.rng.randint(1000, 9999)}"
                        out.append(f"{sku} {product} ({qty}) @ {fill.money(cents)} = "
                                   f"{fill.money(qty * cents)}")  # fmt: skip
                elif line == "*>":  # an exchange: the item sent back -> the one asked for
                    for product, _, _ in items:
                        other = next(p for p in PRODUCTS[lang] if p not in products)
                        out.append(f"SKU-{fill.rng.randint(1000, 9999)} {product} -> "
                                   f"SKU-{fill.rng.randint(1000, 9999)} {other}")  # fmt: skip
                elif line in {"shipping", "tax"}:
                    detail = SHIPPING[lang][0] if line == "shipping" else _TAX_LABELS[lang]
                    out.append(f"{t(line)}: {detail} {values[line]}")
                else:
                    raw = t(*mailer.split("."), line)
                    text = re.sub(r"%{(\w+)}", lambda m, v=values: v[m.group(1)], raw)
                    if line in {"subtotal", "total"} and "%{" not in raw:
                        text = f"{text} {values[line]}"
                    out.append(text)
            subject = t(*mailer.split("."), "subject")
        except UntranslatedError:
            continue
        number = f"R{fill.rng.randint(100000000, 999999999)}"
        body = tidy("\n".join(out))
        yield where(template), lang, kind, email(f"{fill.shop} {subject} #{number}", body)


def _rails_locale(repo: Path, commit: str, path: str, lang: str) -> dict[str, object]:
    tree = yaml.safe_load(git(repo, "show", f"{commit}:{path}"))
    assert isinstance(tree, dict) and isinstance(tree.get(lang), dict)
    return tree[lang]


def solidus(repo: Path, commit: str) -> Iterator[tuple[str, str, str, str]]:
    """(path, lang, kind, text) of Solidus's plain-text emails, English."""
    locale = _rails_locale(repo, commit, "core/config/locales/en.yml", "en")
    yield from _solidus_mails(locale, "en", lambda template: template)


def solidus_i18n(repo: Path, commit: str) -> Iterator[tuple[str, str, str, str]]:
    """(path, lang, kind, text) of Solidus's plain-text emails in German, French, Spanish and
    Italian, from solidus_i18n's locale files (a row's path is the locale file and the
    template's name)."""
    for lang in LANGS[1:]:
        path = f"config/locales/{lang}.yml"
        locale = _rails_locale(repo, commit, path, lang)
        yield from _solidus_mails(locale, lang, lambda t, path=path: f"{path}#{Path(t).name}")


# -- Open Collective (Handlebars HTML) ----------------------------------------------------------

_OPENCOLLECTIVE_KIND = {
    "order.pending": "payment instructions",
    "order.new.pendingFinancialContribution": "payment notice",
    "order.reminder.pendingFinancialContribution": "payment reminder",
    "order.pending.created": "payment notice",
    "order.pending.received": "payment notice",
    "order.payment.failed": "failed payment",
    "payment.failed": "failed payment",
    "virtualcard.charge.declined": "failed payment",
    "payment.creditcard.expiring": "payment notice",
    "payment.creditcard.confirmation": "payment notice",
    "order.processed": "receipt",
    "order.processed.fr": "receipt",
    "order.processing": "payment notice",
    "contribution.refunded": "refund notice",
    "subscription.canceled": "subscription notice",
    "platform.billing.overdue.reminder": "payment reminder",
    "platform.billing.payment.confirmation": "receipt",
    "platform.billing.new.expense": "invoice",
    "platform.billing.additional.charges.notification": "invoice",
    "collective.expense.paid": "payment notice",
    "collective.expense.paid.for.host": "payment notice",
    "order.canceled.archived.collective": "order notice",
}
# conditions taken as false (the others are true): a correction of an earlier email, a second
# reminder, a message the collective or its host writes
_OPENCOLLECTIVE_FALSE = ("erratum", "reminder", "isSystem", "customMessage", "message",
                         "messageForContributors")  # fmt: skip


def _opencollective_value(name: str, args: list[str], fill: Filler) -> str:
    """A value for one of Open Collective's Handlebars expressions (a helper and its arguments,
    or a name)."""
    if name in {"currency", "moment", "moment-timezone", "escapeForSubject", "toUpperCase"}:
        value = _opencollective_value(args[0], [], fill)
        return value.upper() if name == "toUpperCase" else value
    if name == "permalink":
        return fill("order_url")
    if name == "pluralize":
        return args[0].strip("\"'") + "s"
    if name == "subtract":
        return str(fill.rng.randint(1, 3))
    key = name.lower()
    last = key.rpartition(".")[2]
    if key.startswith("config.") or last == "website":
        return fill("base_url")
    if key == "instructions":
        iban, bic = fill.bank_account()
        holder = _opencollective_value("host.name", [], fill)
        return "\n".join(
            (f"Amount: {fill('order.totalamount')}", f"Reference: {fill('order.id')}",
             f"Account holder: {holder}", f"IBAN: {iban}", f"BIC: {bic}")
        )  # fmt: skip
    if last == "platformtipamount":  # a tenth of the amount at most
        return fill.values.setdefault(key, fill.money(fill.rng.randint(100, 1500)))
    if key in {n.lower() for n in _OPENCOLLECTIVE_FALSE}:
        return ""
    if key.startswith("theme."):  # a colour in a style attribute
        return ""
    if last == "expectedat":
        return fill(f"{key}_date")
    if last == "memo":
        return f"Transfer from {fill('fromcollective.name')}"
    if key.startswith(("host.", "collective.", "tocollective.")) and last in {"name", "slug"}:
        owner = key.split(".")[0].replace("tocollective", "collective")
        if f"{owner}.name" not in fill.values:
            taken = {fill.values.get("collective.name"), fill.values.get("host.name")}
            fill.values[f"{owner}.name"] = next(x for x in SHOPS if x not in taken)
        org = fill.values[f"{owner}.name"]
        return org if last == "name" else re.sub(r"\W+", "-", org.lower())
    fixed = {
        "brand": fill("credit_card_brand"),
        "paymentmethod.data.brand": fill("credit_card_brand"),
        "paymentmethod.name": fill("credit_card_last_four"),
        "name": fill("credit_card_last_four"),
        "paymentmethodname": "Bank transfer",
        "interval": "mois" if fill.lang == "fr" else "month",
        "order.interval": "month",
        "subscription.interval": "month",
        "tiername": "Backer",
        "order.type": "contribution",
        "order.description": "Monthly contribution",
        "transaction.description": "Monthly contribution",
        "subscription.plan.title": "Basic",
        "expense.payoutmethodlabel": "Bank transfer",
        "currency": "USD",
        "pledgecurrency": "USD",
    }
    if key in fixed:
        return fixed[key]
    if key in {"collectivename", "fromcollective.name"} or last in {"firstname", "name"}:
        return fill(key if key != "collectivename" else "fromcollective.name")
    if key.startswith(("currentutilization.", "subscription.plan.pricing.")) or last == "length":
        return str(fill.rng.randint(2, 10))
    if "amount" in last:
        return fill(key)
    return fill(key)


def _false_condition(page: str, name: str) -> str:
    """`page` with each `{{#if name}}` block replaced by its `{{else}}` branch (or nothing) and
    each `{{#unless name}}` block by its first branch: `name` taken as false."""
    tags = re.compile(r"{{#(?:if|unless)\b[^}]*}}|{{/(?:if|unless)}}|{{else}}")
    opening = re.compile(rf"{{{{#(if|unless) {name}\s*}}}}")
    while m := opening.search(page):
        depth, middle, end = 0, -1, -1
        for tag in tags.finditer(page, m.end()):
            text = tag.group(0)
            if text.startswith("{{#"):
                depth += 1
            elif text == "{{else}}" and depth == 0 and middle < 0:
                middle = tag.start()
            elif text.startswith("{{/"):
                if depth == 0:
                    end = tag.start()
                    break
                depth -= 1
        stop = page.index("}}", end) + 2
        first = page[m.end() : middle if middle >= 0 else end]
        second = page[page.index("}}", middle) + 2 : end] if middle >= 0 else ""
        page = page[: m.start()] + (second if m.group(1) == "if" else first) + page[stop:]
    return page


def opencollective(repo: Path, commit: str) -> Iterator[tuple[str, str, str, str]]:
    """(path, lang, kind, text) of Open Collective's contribution and billing emails (Handlebars
    HTML with a `Subject:` line; partials, styles and false conditions removed, each other
    condition true, each loop twice); the host's bank-transfer instructions, which the host
    writes, are its account details: amount, reference, holder, IBAN and BIC."""
    for name, kind in _OPENCOLLECTIVE_KIND.items():
        path = f"templates/emails/{name}.hbs"
        page = git(repo, "show", f"{commit}:{path}")
        lang = "fr" if name.endswith(".fr") else "en"
        fill = filler(f"opencollective:{name}", lang)
        page = re.sub(r"{{>\s*linkCollective collective=(\w+)[^}]*}}", r"{{\1.name}}", page)
        page = re.sub(r"<style\b.*?</style>|<!--.*?-->|{{>[^}]*}}", "", page, flags=re.S)
        page = re.sub(r"{{else if [^}]*}}", "{{else}}", page)
        page = re.sub(r"{{(#|/)ifCond\b", r"{{\1if", page)
        for false in _OPENCOLLECTIVE_FALSE:
            page = _false_condition(page, false)
        try:
            text = handlebars(page, fill, lambda n, a, f=fill: _opencollective_value(n, a, f))
        except KeyError:
            continue
        subject, _, body = tidy(text).partition("\n")
        yield path, lang, kind, email(subject.removeprefix("Subject:"), tidy(strip_html(body)))


CONVERTERS: dict[str, Callable[[Path, str], Iterator[tuple[str, str, str, str]]]] = {
    "postmark": postmark,
    "mailgun": mailgun,
    "saleor": saleor,
    "fossbilling": fossbilling,
    "shopware": shopware,
    "bookstack": bookstack,
    "bagisto": bagisto,
    "allauth": django_mails("allauth"),
    "oscar": django_mails("oscar"),
    "wagtail": django_mails("wagtail"),
    "helpdesk": helpdesk,
    "killbill": killbill,
    "solidus": solidus,
    "solidus_i18n": solidus_i18n,
    "opencollective": opencollective,
}


def _key(text: str) -> str:
    return " ".join(words(text))[:60]


def main() -> None:
    """Write mail.jsonl and the sources' licences from the bare clones under the directory
    given on the command line."""
    mirror = Path(sys.argv[1])
    kept_out = {_key(r.text) for n in (*HELD_OUT, *BLIND, *CALIBRATION) for r in load(n)}
    seen: set[str] = set()
    rows: list[dict[str, object]] = []
    batches: list[int] = []
    licences = []
    for name, src in SOURCES.items():
        repo = mirror / src.repo.replace("/", "+") / "repo"
        licences.append(
            f"==== {src.repo}@{src.commit}:{src.licence_file} ({src.licence}) ====\n\n"
            + git(repo, "show", f"{src.commit}:{src.licence_file}").strip()
            + "\n"
        )
        for path, lang, kind, text in CONVERTERS[name](repo, src.commit):
            fitted = fit(text)
            if fitted is None:
                continue
            key = _key(fitted)
            if key in seen or key in kept_out:
                continue
            seen.add(key)
            batches.append(src.batch)
            rows.append(
                {
                    "text": fitted,
                    "label": 0,
                    "lang": lang,
                    "channel": "tool",
                    "kind": kind,
                    "source": f"{src.repo}@{src.commit}:{path}",
                    "licence": src.licence,
                }
            )
    # batch by batch, and within a batch language by language (sources in order within each), so
    # that the loader's every fifth row (benchmarks/attack_data.py: `tuning mail`) is every fifth
    # email of each language and a later batch leaves the earlier rows' folds as they were
    order = sorted(range(len(rows)), key=lambda n: (batches[n], LANGS.index(str(rows[n]["lang"]))))
    rows = [rows[n] for n in order]
    digest = write_rows(OUT, "mail.jsonl", rows, "\n".join(licences))
    langs = {lang: sum(r["lang"] == lang for r in rows) for lang in LANGS}
    kinds = {k: sum(r["kind"] == k for r in rows) for k in sorted({str(r["kind"]) for r in rows})}
    print(f"{len(rows)} rows {langs} {kinds}, sha256 {digest}")


if __name__ == "__main__":
    main()
