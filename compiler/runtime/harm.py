"""What a request for harm asks, as words (sixtieth round, session 16).

`HARM_ASK` is read over a text's folded word stream (`textfeat.words`, joined by spaces), in
English, German, French, Spanish and Italian: to hide a wrong from the people or the checks
that would find it ("without being detected", "so that it looks like an accident", "sin que
nadie lo note"), a lethal dose, to make or get a weapon, an explosive, a poison, a drug or
malware, to get into someone else's accounts or devices, spyware, to forge papers or money, to
groom a child, a harassment campaign, to poison a person or an animal.

It only ever keeps a score: a long text that closes by asking the assistant for something gets
the long request's own cut (`attacks.closing_request`) unless it asks for any of these, which
is how a story that ends in a request for harm ("… which household substances would poison a
dog without a vet noticing?") keeps its full learned score. It is not a content filter and
blocks nothing by itself.
"""

from __future__ import annotations

from .pii_base import FastPattern

_ENGLISH = (
    r"\bwithout (?:\w+ ){0,2}(?:being|getting) (?:detected|caught|noticed|traced|found out|seen)\b"
    r"|\bwithout (?:anyone|anybody|them|him|her|the \w+) (?:\w+ )?(?:noticing|knowing|finding out|"
    r"realizing|realising|suspecting)\b|\bwithout leaving (?:a |any )?(?:trace|traces|evidence)\b"
    r"|\bundetect\w*|\buntraceable\b|\bcover (?:my|his|her|their|our) tracks\b"
    r"|\blooks? like (?:an? )?(?:accident|natural (?:death|causes)|suicide|"
    r"technical (?:fault|defect)|malfunction)\b"
    r"|\b(?:lethal|fatal|deadly) (?:dose|amount|quantity)\b|\bdate rape\b"
    r"|\b(?:make|build|create|synthesi[sz]e|cook|produce|assemble|manufacture|brew) (?:\w+ ){0,3}"
    r"(?:bomb|bombs|explosive|explosives|detonator|pipe bomb|poison|nerve agent|toxic gas|"
    r"chemical weapon|bioweapon|meth|methamphetamine|drugs|ricin|sarin|napalm|ransomware|malware|"
    r"keylogger|ghost gun)\b"
    r"|\b(?:hack|break|get) into (?:\w+ ){0,3}(?:account|accounts|email|emails|inbox|phone|"
    r"computer|laptop)\b|\b(?:spyware|stalkerware|spy app)\b"
    r"|\b(?:forge|fake|counterfeit) (?:\w+ ){0,2}(?:passport|passports|id|ids|documents|signature|"
    r"licen[cs]e|banknotes|money)\b|\b(?:groom|grooming) (?:a |an )?(?:child|minor|kid|teen|"
    r"\w+ year old)\b|\bharassment campaign\b|\bpoison (?:\w+ ){0,2}(?:dog|cat|neighbou?r|"
    r"husband|wife|boss|him|her|them|someone)\b"
)
_GERMAN = (
    r"\bunbemerkt\b|\bunentdeckt\b|\bspurlos\b|\bohne spuren\b|\bnicht nachweisbar\w*"
    r"|\bohne dass (?:\w+ ){0,3}(?:es )?(?:merkt|bemerkt|mitbekommt|herausfindet)\b"
    r"|\b(?:wie ein|nach einem?) (?:unfall|technische\w* defekt|natürliche\w* tod)\b"
    r"|\btödliche (?:dosis|menge)\b|\b(?:bombe|sprengstoff|sprengsatz|zünder|nervengift|giftgas|"
    r"schadsoftware|spionage app|spyware)\w*\b|\b(?:droge|drogen|crystal|waffe|gift) "
    r"(?:\w+ ){0,2}(?:herstell\w*|bauen|mischen|kochen)\b|\b(?:hack\w*|einbrech\w*) (?:\w+ ){0,3}"
    r"(?:konto|konten|e mail|postfach|handy)\w*\b|\bfälsch\w* (?:\w+ ){0,2}(?:pass|ausweis|"
    r"papiere|unterschrift)\w*\b|\bvergift\w*"
)
_FRENCH = (
    r"\bsans (?:\w+ )?(?:être|se faire) (?:détecté|repéré|pris|remarqué)\w*"
    r"|\bsans laisser de traces?\b|\bindétectable\w*|\bintraçable\w*"
    r"|\bsans que (?:personne|il|elle|on|le \w+|la \w+) (?:ne )?(?:\w+ )?"
    r"(?:remarque|s en aperçoive|le sache|se rende compte)\b"
    r"|\bcomme (?:un accident|une mort naturelle|une panne)\b"
    r"|\bdose (?:mortelle|létale)\b|\b(?:bombe|explosif|détonateur|gaz toxique|"
    r"logiciel malveillant|rançongiciel|logiciel espion)\w*\b"
    r"|\bfabriquer (?:\w+ ){0,2}(?:drogue|arme|poison)\w*\b"
    r"|\bpirater (?:\w+ ){0,3}(?:compte|comptes|messagerie|téléphone|ordinateur)\b"
    r"|\b(?:accéder|entrer) (?:à|dans) (?:ses|son|sa|leurs?) (?:\w+ ){0,2}(?:comptes?|messagerie|"
    r"téléphone)\b|\bfalsifier (?:\w+ ){0,2}(?:passeport|papiers|documents|signature)\b"
    r"|\bempoisonn\w*|\bcampagne de harcèlement\b"
)
_SPANISH = (
    r"\bsin que (?:nadie|él|ella|se|lo|el \w+|la \w+) (?:\w+ ){0,2}(?:note|den? cuenta|entere|"
    r"sepa|descubra)\b|\bsin dejar rastro\w*\b|\bindetectable\w*|\bsin ser (?:detectad|descubiert|"
    r"vist)\w*|\bparezca (?:un accidente|una muerte natural|un fallo)\b|\bdosis (?:letal|mortal)\b"
    r"|\b(?:bomba|explosivo|detonador|gas tóxico|malware|programa espía)\w*\b"
    r"|\b(?:fabricar|hacer|preparar|cocinar) (?:\w+ ){0,2}(?:droga|arma|veneno|metanfetamina)\w*\b"
    r"|\b(?:hackear|entrar en|acceder a) (?:\w+ ){0,3}(?:cuenta|cuentas|correo|móvil|teléfono)\b"
    r"|\bfalsificar (?:\w+ ){0,2}(?:pasaporte|documentos?|carné|firma)\b|\benvenen\w*"
    r"|\bsustancia (?:\w+ ){0,4}(?:comida|bebida)\b|\bcampaña de acoso\b"
)
_ITALIAN = (
    r"\bsenza che (?:nessuno|lui|lei|il \w+|la \w+) (?:\w+ ){0,2}(?:se ne accorga|lo noti|"
    r"lo sappia|scopra)\b|\bsenza lasciare tracce\b|\bnon rilevabil\w*|\birrintracciabil\w*"
    r"|\bsembri (?:un incidente|una morte naturale|un guasto)\b|\bdose (?:letale|mortale)\b"
    r"|\b(?:bomba|esplosiv|detonatore|gas tossico|malware|app spia)\w*\b"
    r"|\b(?:fabbricare|preparare|produrre) (?:\w+ ){0,2}(?:droga|arma|veleno)\w*\b"
    r"|\b(?:hackerare|entrare nella|accedere alla) (?:\w+ ){0,3}(?:account|posta|email|telefono)\b"
    r"|\bfalsificare (?:\w+ ){0,2}(?:passaporto|documenti|patente|firma)\b|\bavvelen\w*"
    r"|\bcampagna di molestie\b"
)
# RE2 says where a match could start first (`FastPattern`: the same matches, 71 -> 4 µs on a
# kilobyte of pasted material, session 17)
HARM_ASK = FastPattern("|".join((_ENGLISH, _GERMAN, _FRENCH, _SPANISH, _ITALIAN)))


def asks_for_harm(stream: str) -> bool:
    """True when a folded word stream asks for harm (`HARM_ASK`)."""
    return HARM_ASK.search(stream) is not None
