"""What a request for misconduct names, as words (session 19, second content round).

Bedrock's MISCONDUCT is "seeking or providing information about engaging in criminal activity,
or harming, defrauding, or taking advantage of a person, group or institution". The standard
engine's n-gram model learned it from harmful requests that share their frame with ordinary ones
("Write a blog post …", "Give detailed instructions …"), and it reads the frame: GPTeacher's
ordinary requests were MISCONDUCT at HIGH confidence. `WRONGDOING` is the other half of such a
request, its goal: a crime, fraud or deception, a weapon, a drug, a poison, an attack on a
system, a check evaded, in English, German, French, Spanish and Italian, as prefixes matched at
word starts of the folded word stream (`textfeat.words`, joined by spaces). With
`content.MISCONDUCT_GOAL` on, `content` keeps the model's MISCONDUCT score only where this or
`harm.HARM_ASK` finds something. The round is off: held out, it lost one in five of the crime
requests the model found (docs/engines.md, "Session 19, second content round").

It is deliberately broad ("tax", "attack", "harm", "fake" and "crack" are in it): a word it
holds only lets the model's reading count, and the model still has to read misconduct. Words
that ordinary programming requests use in their everyday sense are left out or narrowed
("password", "dump", "hide", "false", "caught", a "cheat sheet", "tips and tricks"). It blocks
nothing by itself.
"""

from __future__ import annotations

from .pii_base import FastPattern

_ENGLISH = (
    r"steal|stole|theft|thie[fv]|robb?(?:ery|ed|ing|er|ers|s)?\b|burglar|shoplift|loot|fraud|"
    r"scam|launder|embezzl|brib|extort|blackmail|ransom|kidnap|abduct|smuggl|traffick|"
    r"counterfeit|forg(?:e|ed|er|ery|ing)\b|fake|fabricat|hack|crack|phish|malware|virus|"
    r"trojan|botnet|ddos|exploit|keylog|spyware|stalk|harass|threat|intimidat|illegal|illicit|"
    r"unlawful|unauthori[sz]ed|crime|criminal|felon|contraband|black market|dark ?web|darknet|"
    r"drug|narcotic|cocaine|heroin|meth\b|methamphetamine|fentanyl|opioid|ecstasy|mdma|lsd\b|"
    r"steroid|ephedrine|weapon|gun|firearm|rifle|ammo\b|ammunition|explosive|bomb|grenade|"
    r"poison|toxin|kill|murder|assassin|arson|vandal|trespass|lock ?pick|evad|evasion|ponzi|"
    r"pyramid scheme|insider trading|pira[ct]|plagiar|cheat(?! ?sheet)|bypass|circumvent|undetect|"
    r"untrace|dox|impersonat|catfish|manipulat|deceiv|decept|trick(?:s|ed|ing)? (?:\w+ ){0,2}into|"
    r"swindl|sabotag|terror|"
    r"extremis|radicali|cartel|gang\b|gangs\b|mafia|prostitut|escort|underage|groom|loophole|"
    r"tax|cult\b|cults\b|indoctrinat|disinformation|misinformation|propaganda|hoax|conspirac|"
    r"falsely|falsif|mislead|lie to|lied to|lying|cover up|secretly|break into|"
    r"break in\b|without (?:a |any )?(?:paperwork|licen[cs]e|permit|prescription|background)|"
    r"prescription|poach|cyberattack|sql injection|brute ?force|"
    r"social security|ssn\b|skimm|carding|overdose|lethal|suicide|self ?harm|abuse|vulnerab|"
    r"attack|assault|hurt|harm|injur|violen"
)
_GERMAN = (
    r"stehl|gestohl|diebstahl|dieb|raub|einbruch|einbrech|betrug|betrüg|geldwäsche|bestech|"
    r"erpress|entführ|schmuggel|fälsch|gefälscht|schadsoftware|straftat|verbrech|kriminell|"
    r"droge|rauschgift|waffe|sprengstoff|bombe|giftig|vergift|töt|mord|ermord|hinterzieh|"
    r"schwarzmarkt|täusch|manipulier"
)
_FRENCH = (
    r"voler|volé|voleu|cambriol|escroqu|arnaqu|fraude|blanchi|corromp|pot de vin|extorsion|"
    r"chantage|enlever|enlèvement|contrebande|contrefa|falsifi|logiciel malveillant|illégal|"
    r"illicite|criminel|délit|drogue|stupéfiant|arme\b|armes\b|explosif|empoisonn|tuer|meurtre|"
    r"évasion fiscale|marché noir|tromper"
)
_SPANISH = (
    r"robar|robo\b|robos\b|hurto|ladr[oó]n|estafa|blanque|soborn|extorsi|chantaje|secuestr|"
    r"contrabando|"
    r"falsific|falsa|falso|hackear|ilegal|il[ií]cit|delito|droga|arma\b|armas\b|explosivo|bomba|"
    r"veneno|envenen|matar|asesin|evasi[oó]n fiscal|mercado negro|enga[ñn]"
)
_ITALIAN = (
    r"rubare|rubat|furto|ladro|truffa|frode|riciclagg|corrompere|tangent|estorsion|ricatt|"
    r"rapire|rapimento|contrabbando|contraffa|illegale|illecit|reato|criminale|armi\b|"
    r"esplosiv|veleno|avvelen|uccidere|omicidio|evasione fiscale|mercato nero|ingann"
)

WRONGDOING = FastPattern(
    r"\b(?:" + "|".join((_ENGLISH, _GERMAN, _FRENCH, _SPANISH, _ITALIAN)) + ")"
)


def names_wrongdoing(stream: str) -> bool:
    """True when a folded word stream (`textfeat.words`, joined by spaces) names a wrongdoing."""
    return WRONGDOING.search(stream) is not None
