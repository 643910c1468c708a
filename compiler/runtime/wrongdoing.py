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

# Session 38's content round (docs/engines.md): the crimes of the International Classification
# of Crime for Statistical Purposes (UNODC, 2015), section by section, that the lists above did
# not name — written from the classification's categories, not from any labelled row. Each only
# lets the model's MISCONDUCT reading count; it blocks nothing by itself.
_CRIMES = (
    # 01-02: acts leading to death or causing harm, coercion
    r"strangl|suffocat|behead|tortur|hostage|coerc|spike (?:\w+ ){0,2}drinks?\b|"
    r"roofie|rohypnol|ghb\b|chloroform|endanger(?:s|ing)?\b|"
    # 03: injurious acts of a sexual nature, as crimes
    r"sextort|revenge porn|non ?consensual|upskirt|voyeur|child porn|csam\b|"
    # 04-05: acts against property, with violence or without
    r"mugg(?:ing|er|ers|ed)\b|carjack|hijack|pickpocket|hot ?wir(?:e|ing)\b|joyrid|chop shop|"
    r"torrent(?:s|ing)?\b|bootleg|knock ?offs?\b|copyright infring|unlicen[cs]ed|keygen|"
    r"dine and dash|without paying|neighbou?rs? s? (?:wi ?fi|internet|network)\b|"
    # 06: acts involving controlled drugs
    r"cannabis|marijuana|psilocybin|magic mushroom|ketamine|pcp\b|opium|morphine|oxycodone|"
    r"oxycontin|xanax|adderall|percocet|codeine|pseudoephedrine|precursor chemical|dmt\b|"
    r"mephedrone|grow (?:op|house)s?\b|"
    # 07: fraud, deception, corruption
    r"money mule|chargeback|kickback|collu[sd]|price fixing|"
    r"rig(?:ged|ging)? (?:the |an |a )?(?:bid|bids|election|elections|vote|votes|lottery)\b|"
    r"voter suppression|ballot stuffing|pump and dump|wash trading|shell compan|"
    r"offshore account|smurfing|social engineering|pretexting|vishing|smishing|sim swap|"
    r"spoof(?:ing|ed)? (?:\w+ )?(?:email|emails|caller|number|ip|gps|location|mac|domain)\b|"
    r"clon(?:e|ed|ing) (?:\w+ ){0,2}(?:card|cards|sim|voice)\b|deepfake|misappropriat|defraud|"
    r"con (?:artist|man|men|someone|people|elderly|old people)\b|prey on|loan shark|"
    r"take advantage of (?:an? |the )?(?:elderly|vulnerable|old|lonely|drunk|someone|people|"
    r"person|her|him|them|children|kids|minors)\b|predatory (?:lend|loan|pricing)|gaslight|"
    r"alibi|perjur|lie under oath|tamper(?:ing|ed)? with|"
    r"false (?:\w+ )?(?:claim|claims|report|reports|identity|identities)\b|"
    # 08: acts against public order and authority: weapons, justice, escape
    r"ghost gun|silencer|suppressor|auto sear|bump stock|full ?auto (?:conversion|rifles?|guns?)\b|"
    r"(?:file|filed|filing|remove|removed|scratch) (?:off )?(?:the |its )?serial numbers?\b|"
    r"unregistered|switchblade|brass knuckles|molotov|thermite|napalm|detonat|ieds?\b|semtex|"
    r"tatp\b|blasting cap|get away with|"
    r"(?:escape|break out) (?:of |from )?(?:prison|jail|custody)\b|resist(?:ing)? arrest|"
    r"obstruct(?:ing|ion of)? (?:justice|an investigation|the police|police)\b|"
    r"destroy (?:the |any )?evidence|(?:dispose of|hide|get rid of) (?:a |the )?body\b|"
    r"swatting|riot(?:s|ing)?\b|incit|drunk driving|drink driving|dui\b|"
    r"(?:fool|beat|cheat|trick|pass) (?:\w+ ){0,2}(?:breathaly[sz]er|drug test|polygraph|"
    r"lie detector)|(?:seem|seems|look|looks|appear|appears) like (?:an? )?accident\b|"
    # 09: public safety and state security
    r"espionage|spy on|spying on|classified (?:documents|information|files)|treason|coup\b|"
    r"insurrection|militia|jihad|bioweapon|nerve agent|sarin|vx\b|ricin|anthrax|mustard gas|"
    r"phosgene|chlorine gas|nitazene|tetrodotoxin|strychnine|cyanide|arsenic|thallium|polonium|"
    r"botulinum|enrich(?:ed|ing)? uranium|"
    # 10: acts against the natural environment
    r"ivory|rhino horn|pangolin|"
    r"dump(?:ing)? (?:toxic |chemical |hazardous )?(?:waste|chemicals)\b|dynamite fishing|"
    # 11: acts against computer systems and data
    r"rootkit|backdoor|computer worm|self ?(?:replicating|propagating)|zero ?day|"
    r"privilege escalation|escalate (?:\w+ )?privileges|reverse shell|shellcode|"
    r"credential stuffing|cross ?site scripting|xss\b|csrf\b|man in the middle|mitm\b|"
    r"packet sniff|deauth|jammer|signal jamming|"
    r"someone(?: else)? s (?:account|accounts|password|passwords|phone|email|emails)\b|"
    r"track (?:my (?:wife|husband|girlfriend|boyfriend|partner|ex|employee)s? |her |his |"
    r"someone s )(?:\w+ )?(?:location|phone|whereabouts)\b|"
    r"read (?:her |his |their |someone s )(?:\w+ )?(?:messages|texts|emails)\b|"
    r"(?:disable|cut) (?:the |a )?(?:burglar alarm|alarm system|security cameras?|cctv)\b|"
    # the same sections in German, French, Spanish and Italian
    r"menschenhandel|schwarzgeld|hehler|urkundenfälsch|spionier|ausspionier|bedroh|kokain|"
    r"piratage|trafic de|escroc|cocaïne|espionn|harcel|menac|"
    r"narcotr|tráfico de|trafico de|acoso|acosar|amenaz|espiar|cocaína|suplant|"
    r"spacci|drogh|molest|minacc|spiare|corruzion|stupefacent|cocaina"
)
WRONGDOING = FastPattern(
    r"\b(?:" + "|".join((_ENGLISH, _GERMAN, _FRENCH, _SPANISH, _ITALIAN, _CRIMES)) + ")"
)


def names_wrongdoing(stream: str) -> bool:
    """True when a folded word stream (`textfeat.words`, joined by spaces) names a wrongdoing."""
    return WRONGDOING.search(stream) is not None
