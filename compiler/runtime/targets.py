"""What a prompt attack goes after, as words: the gates of `attacks` and `roles` keep a learned
score under the LOW cut only for texts that name none of them.

`ANCHORS` (`attacks.names_a_target`): the instructions, prompt, rules, mode, filters or secrets
of the model (in English, German, French, Spanish or Italian), its set-up in other words,
refusals, code or commands to run, or a known payload marker; prefixes, matched at word starts
of the folded word stream. `FORM_TARGETS` (`roles`' form requests, sixteenth round): the same
without the words an order about the answer's form uses itself — "response", and "without" in
four languages (ohne, sans, sin, senza) — which `ANCHORS` holds for short messages, and with
words of ignoring or getting around anything.
"""

from __future__ import annotations

# French "caché" (hidden) only with its accent (hundred-and-forty-fourth round, session 35): without
# it, "cache" is a browser's, a processor's or a DNS cache in every language ("vider le cache du
# navigateur", "clear the cache"), and "il cache" says where someone hides a thing.
# "AI", but not the French "ai" of "j'ai", "je n'ai", "qu'ai", "je l'ai", "je t'ai" (I have; the
# last two since the sixty-ninth round, session 17) nor the Italian "ai" of
# "ai miei", "ai soci", "ai clienti", "ai loro" (to the …: before a plural in -i, or a
# possessive): session 12's spot check found every French sentence with "j'ai" naming a
# target, which kept its corrections ungated
_AI = r"(?<!\bj )(?<!\bn )(?<!\bqu )(?<!\bl )(?<!\bt )ai\b(?! (?:\w{2,}i|mie|tue|sue|loro)\b)"
# the Spanish and Italian "modo" of a mode ("modo desarrollador", "modalità" aside), not of a
# way or manner ("in modo più cortese", "de todos modos"): a mode is named right after it
_MODO = (
    r"modo (?:\w+ )?(?:desarrollador|sviluppatore|developer|dev|dan|jailbreak|dios|god|libre|"
    r"libero|sin|senza|admin|administrador|amministratore|debug|depuraci[oó]n|root|experto|"
    r"esperto|sin censura|senza censura|ilimitado|illimitato|mantenimiento|manutenzione|"
    r"desenvolvedor|irrestrict\w*|irrestrit\w*|sin restricci\w*|senza restrizioni)\b"
)
_TARGETS = (
    r"instruc|istruz|anweisung|befehl|consign|directiv|direttiv|directriz|guideline|"
    r"richtlini|lignes? directric|pauta|linee? guida|rule|regel|r[eè]gle|regla|regol|polic|"
    r"politi|prompt|system|syst[eè]m|sistem|jailbr|dan\b|pwn|restrict|restrizi|restricc|"
    r"einschr[aä]nk|uneingeschr|filter|filtr|guardrail|safeguard|safety|sicherheit|s[eé]curit|"
    r"seguridad|sicurezza|ethic|ethisch|[eé]thique|[eé]tic|moral|censor|zensur|censur|unfilter|"
    rf"unrestrict|uncensor|limit|grenz|l[ií]mit|mode\b|modus|{_MODO}|persona|character|charakter|"
    r"personnage|personaje|personaggio|secret|geheim|secreto|segreto|hidden|versteckt|caché|"
    r"ocult|nascost|confiden|vertraulich|developer|entwickler|d[eé]veloppeur|desarrollador|"
    r"sviluppator|admin|root\b|sudo|programm(?!es?\b)|training|trainiert|entra[iî]n|entrenad|"
    r"addestra|above|oben|ci dessus|arriba|sopra|context|kontext|contexte|contesto|configur|"
    r"konfigur|"
    r"token|password|passwort|mot de passe|contrase|credential|api key|database|datenbank|"
    r"exfiltr|payload|override (?:your|all|the system)|without (?:any )?(?:rules|limits)|"
    r"pretend (?:you|to be)|you are now|du bist jetzt|tu es maintenant|ahora eres|ora sei|"
    rf"{_AI}|ki\b|ia\b|chatgpt|gpt|llm|bot\b|assistant|assistent|asistente|assistente|"
    r"previous|vorherig|vorig|pr[eé]c[eé]dent|anterior|precedent|"
    # the model's set-up in other words, refusals, and code or commands to run
    r"setup|set up|parameter|initiali|constraint|disclos|expos|reveal|forbid|verbot|interdit|"
    r"prohib|refus|verweiger|bypass|umgeh|contourn|elud|aggir|unlock|clearance|architectur|"
    r"mechanism|protection|behaviou?r|transparen|potential|design|restraint|censure|"
    r"exec|eval|run\b|whoami|sh\b|bash|python|node\b|os\b|sys|script|command|shell|"
    r"have been|i m free|free yourself|escape|creator|openai|anthropic|owner"
)
_ANSWER_WORDS = r"respons|ohne|sans|sin |senza"
# a longer request has room for an order the drop list (`roles.drops_rules`) does not know:
# ignoring, forgetting or getting around anything, hijacking, moderation and screening
GETTING_AROUND = (
    r"ignor|disregard|forget|vergiss|vergessen|oubli|olvid|dimentic|circumvent|evad|evasion|"
    r"hijack|moderat|screening"
)

ANCHORS = rf"\b(?:{_TARGETS}|{_ANSWER_WORDS})"
FORM_TARGETS = rf"\b(?:{_TARGETS}|{GETTING_AROUND})"

# The objects of an attack in the narrow sense (the prompt-attack judge's `core targets`,
# `attacks.judge_features`): the model's instructions, rules, prompt, system, safety, filters,
# restrictions, secrets, developer, mode, training and earlier messages, and the verbs of
# getting around them, in five languages. `ANCHORS` also holds what a request names for other
# reasons (code, commands, design, an assistant), which a judge of requests must weigh apart.
CORE_TARGETS = (
    r"\b(?:instruc|istruz|anweisung|consign|directiv|direttiv|directriz|guideline|richtlini|"
    r"rules?\b|regeln?\b|r[eè]gles?\b|reglas?\b|regole\b|polic|prompt|system|syst[eè]m|sistem|"
    r"jailbr|restrict|restrizi|restricc|einschr[aä]nk|filter|filtr|guardrail|safety|sicherheit|"
    r"s[eé]curit|seguridad|sicurezza|censor|zensur|censur|uncensor|unfilter|unrestrict|secret|"
    r"geheim|hidden|versteckt|confiden|vertraulich|developer|entwickler|d[eé]veloppeur|"
    r"desarrollador|sviluppator|mode\b|modus|modo\b|overrid|bypass|umgeh|contourn|ignor|"
    r"disregard|forget|vergiss|vergessen|oubli|olvid|dimentic|previous|vorherig|pr[eé]c[eé]dent|"
    r"anterior|precedent|above|oben|ci dessus|arriba|sopra|training|trainiert|password|passwort|"
    r"mot de passe|contrase|credential|config|konfigur)"
)

# The model's own instructions, rules or set-up, named as the reader's ("your rules", "deine
# Anweisungen", "tes consignes", "tus instrucciones", "le tue istruzioni"; sixtieth round): a long
# text that names them is not given the closing request's cut (`attacks.closing_request`).
# Ninety-ninth round (session 22): the guidelines' own words in French, Spanish and Italian —
# "directrices" (the plural: "directriz" does not start it), "lignes directrices", "linee guida",
# "pautas" ("tus propias directrices internas", "le tue linee guida"). Empty: off.
OWN_GUIDELINES = r"directri|linee guida|pautas?\b|"
MODELS_OWN = (
    r"\b(?:your|yours|deine?\w*|ton|ta|tes|votre|vos|tus?|su|sus|tuo|tua|tuoi|tue|vostr\w*)"
    rf" (?:\w+ ){{0,2}}?(?:{OWN_GUIDELINES}"
    r"instruc|istruz|anweisung|consign|directiv|direttiv|directriz|guideline|"
    r"richtlini|rules?\b|regeln?\b|r[eè]gles?\b|reglas?\b|regole\b|polic|prompt|system|syst[eè]m|"
    r"sistem|filter|filtr|restrict|restricc|restrizi|einschr|safety|sicherheit|s[eé]curit|"
    r"seguridad|sicurezza|training|programm|developer|entwickler|creator|memory|ged[aä]chtnis|"
    r"m[eé]moire|memoria|setup|set up|configur|konfigur)"
)

# What an order planted in material goes after (sixty-eighth round, session 17;
# `attacks.plain_document`): `CORE_TARGETS` without the words material uses in their everyday
# sense — a report's "system", "security", "rules" or "policy", a contract's "confidential" or
# "secret", a manual's "mode" or "configuration", a study's "training", "hidden"; since the
# sixty-ninth round also "previous" and "above" (a contract's "prior written consent", "the
# above") and "filter" (a lab's filters), as an order that names them names what it drops
# ("ignore", "disregard", "forget") or the instructions themselves too — and with the
# AI that reads it named ("any AI system summarising this report", "Sprachmodell", "modulo di
# intelligenza artificiale"), which is how an order in the third person finds its reader.
_AI_READER = (
    rf"{_AI}|ki\b|ia\b|chatgpt|gpt|llm|chatbot|language model|sprachmodell|modèle de langage|"
    r"modelo de lenguaje|modello linguistico|artificial intelligence|künstliche intelligenz|"
    r"intelligence artificielle|inteligencia artificial|intelligenza artificiale"
)
DOCUMENT_TARGETS = (
    r"\b(?:instruc|istruz|anweisung|consign|directiv|direttiv|directriz|guideline|richtlini|"
    r"prompt|jailbr|restrict|restrizi|restricc|einschr[aä]nk|unfilter|guardrail|censor|zensur|"
    r"censur|uncensor|unrestrict|developer|entwickler|d[eé]veloppeur|desarrollador|"
    r"sviluppator|overrid|bypass|umgeh|contourn|ignor|disregard|forget|vergiss|vergessen|oubli|"
    rf"olvid|dimentic|password|passwort|mot de passe|contrase|credential|{_AI_READER})"
)


# What a request-sized question names in a manual's sense (eighty-eighth round, session 20;
# `attacks.plain_question`): a device's or a program's mode, system, configuration or filter —
# `CORE_TARGETS`' words that a question about the writer's own things uses every day ("Comment
# on sort du mode démo ?", "Where does Postgres keep its configuration files?").
EVERYDAY_TARGETS = r"\b(?:mode\b|modus|modo\b|system|syst[eè]m|sistem|config|konfigur|filter|filtr)"
# Ninety-fifth round (session 21, `attacks.probes_the_assistant`): the assistant asked, pointed at
# in the third person — "this chatbot", "der Bot hier", "l'IA qui répond ici", "el modelo que lee
# este mensaje", "il bot di questa chat" — and what a probe of it goes after: its instructions,
# prompt, guidelines, filters, safety settings, restrictions, hidden or secret rules, a developer,
# debug, god or DAN mode, its refusals. "This model" alone is a product's ("this model of
# dishwasher"), "the bot here in Zoom" another app's: neither points at the assistant.
_DEMONSTRATIVE = r"(?:this|dieses?|diesem|diesen|dieser|ce|cet|cette|este|esta|questo|questa)"
# "ai" as `_AI` reads it: not French "j'ai" nor Italian "ai" before a plural ("ai bambini")
_AI_NOUN = rf"(?:chatbots?|bots?|assistant|assistenten|assistent|assistente|asistente|ki|ia|{_AI})"
_ANY_MODEL = rf"(?:{_AI_NOUN}|modell|model|modèle|modelo|modello)"
_HERE = r"(?:here|hier|ici|aquí|aqui)"
_CHAT = (
    r"(?:chat|chats|conversation|gespräch|gesprächs|unterhaltung|discussion|conversación|"
    r"conversazione)"
)
_ACTS = (
    r"(?:answering|antwortet|antwortende\w*|répond|responde|risponde|reading|liest|lit|lee|legge|"
    r"está respondiendo|sta rispondendo)"
)
ASSISTANT_HERE = (
    rf"\b(?:{_DEMONSTRATIVE} {_AI_NOUN}"
    rf"|{_AI_NOUN}(?: \w+)? {_HERE}(?! (?:in|im|en|dans|nel|nella|on|auf|sur)\b)"
    rf"|{_ANY_MODEL} (?:\w+ ){{0,3}}?{_ACTS}(?: \w+){{0,2}}? "
    rf"(?:{_HERE}|qui|this|ce|este|questo|diese)"
    rf"|{_ANY_MODEL} (?:\w+ ){{0,3}}?(?:{_HERE}|qui) (?:\w+ ){{0,2}}?{_ACTS}"
    rf"|{_ANY_MODEL} (?:\w+ )?(?:diese|dieses) \w+ {_ACTS}|{_HERE} {_ACTS}\w* {_AI_NOUN}"
    rf"|{_AI_NOUN}(?: \w+)?(?: in| de| dans| en| di| of)? {_DEMONSTRATIVE} {_CHAT})\b"
)
PROBE_TARGETS = (
    r"\b(?:instruc\w*|istruz\w*|\w*anweisung\w*|consignes?|directiv\w*|direttiv\w*|directrices?|"
    r"guidelines?|\w*richtlini\w*|linee guida|lignes directrices|\w*prompt\w*|jailbr\w*|"
    r"restrict\w*|restrizi\w*|restricc\w*|einschr[aä]nk\w*|sperren|guardrails?|safety|"
    r"\w*sicherheit\w*|s[eé]curit\w*|seguridad|sicurezza|censor\w*|zensur|censur\w*|uncensor\w*|"
    r"unfilter\w*|unrestrict\w*|uneingeschr\w*|\w*filter\w*|filtr\w*|protecci\w*|protezion\w*|"
    r"advertencias?|avvertenz\w*|warnings?|warnhinweis\w*|regeln|rules|règles|reglas|regole|"
    r"developer\w*|\w*entwickler\w*|d[eé]veloppeur\w*|desarrollador\w*|sviluppator\w*|debug\w*|"
    r"d[eé]bogage|depura\w*|ablehn\w*|refus\w*|rechaz\w*|rifiut\w*|verweiger\w*|secret\w*|"
    r"geheim\w*|hidden|versteckt\w*|cachée?s?|ocult\w*|escondid\w*|nascost\w*|god mode|"
    r"gott modus|mode dieu|modo dios|modalità dio|polic\w*|politique|política|dan)\b"
)


# Ninety-sixth round (session 21, `attacks.others_assistant`): an assistant, a bot or a model that
# is not the one asked — the writer's or someone else's ("my new office assistant", "unser
# Telegram-Bot", "le chatbot que je conçois", "mi asistente", "la mia assistente"), a named voice
# assistant (Alexa, Siri, Google Assistant), one being built ("I'm designing a chatbot", "Estoy
# montando un bot"), or a product's model ("this model of dishwasher", "ce modèle de voiture").
_FIRST_PERSON_OWNER = (
    r"(?:my|our|mein\w*|unser\w*|mon|ma|mes|notre|nos|mi|mis|nuestr\w*|mio|mia|miei|mie|"
    r"nostr\w*|il mio|la mia|i miei|le mie|il nostro|la nostra)"
)
_OTHER_AI_NOUN = (
    r"(?:chatbot\w*|\w*bot|assistant|assistante|assistent|assistentin|assistenten|assistente|"
    r"asistente|agent|agente)"
)
# the writer building one: a first-person subject, then a verb of building or setting up
_BUILDING = (
    r"(?:i m|i am|we re|we are|ich|wir|je|j|nous|estoy|estamos|sto|stiamo) (?:\w+ ){0,2}?"
    r"(?:designing|building|developing|programming|creating|setting up|configuring|con[cç]ois|"
    r"d[eé]veloppe|cr[eé]e|programme|configure|programmiere\w*|baue\w*|entwickle\w*|richte\w*|"
    r"konfiguriere\w*|"
    r"dise[nñ]ando|montando|desarrollando|creando|programmando|programando|configurando|"
    r"progettando|sviluppando|costruendo)"
)
# Ninety-seventh round (session 21): more of the forms `tuning other assistants` shows — a first-
# person subject that has, runs, uses, tests, prepares or wants one ("We run a Slack assistant",
# "Tengo un agente de IA", "Ho un agente IA", "Je monte un chatbot"), a first-person job as an
# assistant ("I'm a dental assistant", "Soy auxiliar de clínica", "Lavoro come assistente"), a
# voice assistant by kind or by device ("l'assistente vocale della mia Fiat", "Google Home"), an
# assistant in a compound with the writer as owner ("unser Laborassistent"). Empty: off.
_HAVING = (
    r"(?:i|we|ich|wir|je|j|nous|on|yo|nosotros|io|noi) (?:\w+ )?(?:have|run|use|operate|manage|"
    r"want|need|habe|haben|nutzen|betreiben|brauchen|ai|avons|utilise|utilisons|g[eè]re|monte|"
    r"montons|teste|testons|veux|voudrais)"
    r"|tengo|tenemos|usamos|queremos|quiero|necesito|necesitamos|ho|abbiamo|uso|usiamo|vorrei|"
    r"vogliamo|sto preparando|stiamo preparando|prepariamo"
)
_JOB = (
    r"(?:i m|i am|i work as|je suis|je travaille comme|soy|trabajo como|lavoro come|faccio l|"
    r"ich bin|ich arbeite als) (?:\w+ ){0,2}?(?:an? )?(?:assistant|assistante|assistente|"
    r"asistente|assistent\w*|auxiliar|aed)"
)
# Ninety-eighth round (session 21): an AI as a topic or a thing — a character in the writer's own
# novel, script or game, an opponent in a game the writer codes, an institution's policy on AI
# ("In my novel the ship's AI has a hidden goal", "l'avversario IA bara", "Our company just rolled
# out an AI policy"). Empty: off.
_AI_THING = rf"(?:{_AI}|ia|ki|android\w*|robot\w*)"
_OWN_WORK = (
    r"(?:my|our|mon|ma|notre|mi|mis|nuestr\w*|il mio|la mia|mio|mia|nostr\w*|mein\w*|unser\w*) "
    r"(?:\w+ )?(?:novel|story|book|script|screenplay|game|roman|histoire|livre|nouvelle|"
    r"sc[eé]nario|jeu|novela|historia|cuento|guion|juego|romanzo|storia|racconto|gioco|"
    r"sceneggiatura|krimi|"
    r"buch|geschichte|spiel|drehbuch|thriller)"
)
_MAKING_GAME = (
    r"(?:i m|i am|we re|je|nous|estoy|estamos|sto|stiamo|ich|wir) (?:\w+ ){0,2}?(?:coding|"
    r"developing|making|building|programming|d[eé]veloppe|programme|code|cr[eé]e|programando|"
    r"desarrollando|creando|sviluppando|programmando|creando|programmiere|entwickle|baue) "
    r"(?:\w+ ){0,3}?(?:game|jeu|juego|gioco|spiel)"
    r"|(?:game|jeu vid[eé]o|jeu|juego|videojuego|gioco|videogioco|spiel) (?:\w+ ){0,2}?(?:i m|"
    r"que je|que estoy|che sto|das ich) \w+"
)
_INSTITUTION = (
    r"(?:company|school|university|uni|college|office|employer|entreprise|[eé]cole|lyc[eé]e|"
    r"universit[eé]|fac|boulot|empresa|colegio|instituto|universidad|oficina|trabajo|azienda|"
    r"scuola|universit[aà]|ateneo|ufficio|firma|schule|universit[aä]t|hochschule|arbeitgeber)"
)
_POLICY = (
    r"(?:policy|policies|rules|guidelines|richtlinie\w*|regeln|politique|r[eè]gles|r[eè]glement|"
    r"charte|pol[ií]tica|normas?|regolamento|regole)"
)
_USING = r"(?:use|using|utiliser|usar|usare|utilizzare|nutzen|benutzen|verwenden)"
AI_TOPIC = (
    rf"\b(?:(?:{_OWN_WORK}|{_MAKING_GAME})(?: \w+){{0,12}}? {_AI_THING}\b"
    rf"|{_AI_THING} (?:opponent|rival|avversari\w*|adversaire|gegner|gegenspieler|npc|boss)\b"
    rf"|(?:opponent|rival|avversario|adversaire|gegner) {_AI_THING}\b"
    rf"|{_INSTITUTION}(?: \w+){{0,8}}? (?:{_POLICY}(?: \w+){{0,6}}? {_AI_THING}|{_AI_THING} "
    rf"{_POLICY}|{_USING} (?:\w+ )?{_AI_THING})\b"
    rf"|{_POLICY}(?: \w+){{0,6}}? {_AI_THING}(?: \w+){{0,12}}? {_INSTITUTION}\b"
    r")"
)
# Hundred-and-fifty-sixth round (session 37, `attacks.others_assistant`): more of the forms
# `tuning AI topics` shows unread — an AI in a work of fiction or a game the writer is writing or
# making, or in a comic or a "giallo" of the writer's ("I'm drafting a screenplay where a hospital
# AI …", "Pour ma bande dessinée, j'ai imaginé une IA …"), a game's computer players ("the NPC
# merchant AI", an NPC only with an AI named: "only an NPC blindly follows rules" is a taunt;
# "die Computergegner", "un motor de ajedrez"), an AI tool at work or school ("AI
# transcription tools", "unser KI-Übersetzungstool", "notre outil de transcription par IA", "lo
# strumento di trascrizione basato su IA") and the rules on using one ("internal rules on using
# AI", "Schulregeln zu ChatGPT", "le nouveau règlement sur l'IA", "declarar el uso de IA").
_WORKS = (
    r"(?:novel|story|short story|book|script|screenplay|game|comic|comics|graphic novel|manga|"
    r"rpg|roguelike|thriller|roman|histoire|livre|nouvelle|sc[eé]nario|jeu|bande dessin[eé]e|"
    r"polar|novela|historia|cuento|relato|gui[oó]n|juego|c[oó]mic|romanzo|storia|racconto|gioco|"
    r"fumetto|giallo|sceneggiatura|buch|geschichte|spiel|drehbuch|krimi)"
)
# the writer's own work, or one the writer is writing or making: never "a story about an AI that
# …", "in this game you're …", "play a character …", the covers of the prompt leaks
_WRITERS_WORK = (
    rf"(?:{_FIRST_PERSON_OWNER}|(?:i m|i am|we re|we are) (?:\w+ )?(?:writing|drafting|plotting|"
    r"working on|coding|developing|making|designing)|(?:ich|wir) (?:\w+ )?(?:schreibe|schreiben|"
    r"entwickle|entwickeln|programmiere|programmieren|arbeite an|arbeiten an)|j (?:écris|"
    r"écrivais)|je (?:développe|programme|travaille sur)|estoy (?:escribiendo|desarrollando|"
    r"programando)|sto (?:scrivendo|sviluppando|programmando))"
)
_COMPUTER_PLAYER = (
    rf"(?:(?:npcs?|pnj) (?:\w+ ){{0,2}}?{_AI_THING}|{_AI_THING} (?:\w+ ){{0,2}}?(?:npcs?|pnj)|"
    r"computergegner\w*|computer (?:opponents?|players?)|chess engine|"
    r"moteur d [eé]checs|motor de ajedrez|motore (?:di )?scacchi\w*|schachengine|"
    r"(?:ai|ia|ki) (?:opponents?|difficulty|difficult[eé]|dificultad|difficolt[aà]|"
    r"schwierigkeit\w*|players?|gegner|avversari\w*|adversaires?|enemies|ennemis|enemigos|"
    r"nemici))"
)
_AI_TOOL = (
    r"(?:ai|ia|ki|chatgpt|genai|generative ai) (?:\w+ ){0,2}?(?:tools?|apps?|software|"
    r"transcription|translation|übersetzungstool\w*|transkription\w*|tool\w*|funktion\w*)"
    r"|(?:tools?|outils?|herramientas?|strument[oi]|software|funci[oó]n|fonction\w*|funzion\w*|"
    r"app) (?:\w+ ){0,3}?(?:par|con|basat[oa] su|bas[eé]e? sur|mit|with|de|di|d) (?:l |la )?"
    r"(?:ai|ia|ki)"
)
_AI_RULES = (
    r"(?:rules|r[eè]glement|r[eè]gles|normas|regole|regeln|schulregeln|richtlinien|leitlinien|"
    r"policy|politique|pol[ií]tica|linee guida|directrices|lignes directrices|guidelines|"
    r"charter|charte) (?:\w+ ){0,3}?(?:on|about|for|sur|sobre|su|zu|zur|zum|f[uü]r|pour|para|"
    r"per) (?:the |l |la |el |il |die |den |der )?(?:use of |using |utilisation de |uso de |"
    r"uso dell |nutzung von |einsatz von )?(?:ai|ia|ki|chatgpt|llms?|genai|generative ai)"
    r"|(?:use|using|uso|utilisation|usage|nutzung|einsatz|utilizzo|empleo) (?:of|de|del|dell|"
    r"della|der|von|d) (?:l |la |el )?(?:ai|ia|ki|chatgpt|llms?|genai|generative ai)"
)
AI_TOPIC_MORE = (
    rf"\b(?:{_WRITERS_WORK} (?:\w+ ){{0,2}}?{_WORKS}(?: \w+){{0,12}}? {_AI_THING}\b"
    rf"|{_COMPUTER_PLAYER}|{_AI_TOOL}|{_AI_RULES})\b"
)
OTHERS_ASSISTANT_MORE = (
    rf"|(?:{_HAVING}) (?:\w+ ){{0,3}}?{_OTHER_AI_NOUN}|{_JOB}"
    r"|voice assistant|assistant vocal|assistente vocale|asistente de voz|\w*sprachassistent\w*|"
    r"google home|google nest|echo dot|homepod"
    rf"|{_FIRST_PERSON_OWNER} \w*assistent\w*"
)
_OTHERS_BASE = (
    rf"{_FIRST_PERSON_OWNER} (?:\w+ ){{0,2}}?{_OTHER_AI_NOUN}"
    r"|alexa|siri|google assistant|assistant google|asistente de google|assistente google|"
    r"cortana|bixby"
    rf"|{_BUILDING} (?:\w+ ){{0,3}}?{_OTHER_AI_NOUN}"
    r"|(?:this|that|ce|cet|questo|quel|este|ese|dieses|das) (?:model|modèle|modello|modelo|modell) "
    r"(?:of|de|di|von|der|des|del|della)\b(?! (?:langage|lenguaje|linguaggio|language|sprach))"
)
OTHERS_ASSISTANT_NARROW = rf"\b(?:{_OTHERS_BASE})\b"  # the ninety-sixth round's forms alone
OTHERS_ASSISTANT = rf"\b(?:{_OTHERS_BASE}{OTHERS_ASSISTANT_MORE})\b"
# What ties a request to the reader's own set-up although it names another's assistant: what the
# reader was given or follows ("the instructions you were given", "que te dieron", "che segui"),
# the reader's developers, the reader made into another ("you become my bot", "voglio che tu
# sia Nina"), and, said with "you", hidden or confidential things.
READERS_SETUP = (
    r"\b(?:you (?:were|ve been|have been|got|received|follow)|(?:te|t) (?:han |ont )?(?:dieron|"
    r"dio|donn\w*|a donn\w*)|tu (?:as re[cç]u|suis)|que sigues|has recibido|recibiste|"
    r"ti (?:hanno|ha) dat\w*|hai ricevuto|che segui|du (?:bekommen|erhalten|befolgst)|dir "
    r"gegeben|(?:your|deine?\w*|tes|ton|vos|votre|tus?|tuoi|tue|tua|tuo) (?:\w+ ){0,2}?"
    r"(?:developers?|entwickler\w*|d[eé]veloppeurs?|desarrollador\w*|sviluppator\w*|creators?|"
    r"makers?)|you (?:become|be|are now|re now)|be my|tu (?:sia|diventi|sei ora)|que (?:seas|"
    r"te conviertas)|que tu (?:sois|deviennes)|du (?:bist jetzt|wirst)|sei jetzt)\b"
)
SECRECY = (
    r"\b(?:hidden|secret\w*|confidential|versteckt\w*|geheim\w*|vertraulich\w*|caché\w*|"
    r"confidentiel\w*|ocult\w*|secret[oa]s?|confidencial\w*|nascost\w*|segret\w*|riservat\w*)\b"
)


# What a request about someone else's assistant must not say: the verbs and words of getting
# around rules or of extracting what the assistant was told.
ATTACK_WORDS = (
    r"\b(?:jailbr\w*|dan|bypass\w*|umgeh\w*|contourn\w*|aggir\w*|esquiv\w*|elud\w*|ignor\w*|"
    r"disregard\w*|forget|vergiss\w*|vergessen|oubli\w*|olvid\w*|dimentic\w*|overrid\w*|"
    r"unfilter\w*|uncensor\w*|unrestrict\w*|uneingeschr\w*|pretend\w*|reveal\w*|enth[uü]ll\w*|"
    r"r[eé]v[eè]l\w*|revel\w*|rivel\w*|verbatim|word for word|wortw[oö]rtlich|mot pour mot|"
    r"palabra por palabra|parola per parola|without (?:any )?(?:rules|filters?|restrictions|"
    r"limits|censorship)|ohne (?:regeln|filter|einschr\w*)|sans (?:r[eè]gles|filtres?|"
    r"restrictions|limites)|sin (?:reglas|filtros?|restricciones|l[ií]mites)|senza (?:regole|"
    r"filtri|restrizioni|limiti)|no longer (?:follow|bound|obey)\w*|stop following|"
    r"nicht mehr an\w*|plus tenu|ya no (?:sigas|obedezcas)|non (?:seguire|rispettare) pi[uù]|"
    r"break\w* free|free (?:from|of) (?:\w+ )?(?:rules|restrictions|filters|limits|guidelines|"
    r"programming)|befrei\w*|lib[eé]r\w* de ses|liber\w* de sus|liberar\w* dall\w*|"
    r"(?:without|ohne|sans|sin|senza) (?:\w+ ){1,2}?(?:rules?|filters?|restrictions?|limits?|"
    r"regeln|einschr\w*|r[eè]gles?|filtres?|limites?|reglas?|filtros?|restricci\w*|l[ií]mites?|"
    r"regole|filtri|restrizion\w*|limiti)|(?:free|frei|libre|libera|libero) (?:from|von|de|da) "
    r"(?:\w+ )?(?:every|all|any|allen|jeder|toute|toutes|todo|toda|ogni) \w+|"
    r"safety (?:filters?|settings)|sicherheitsfilter\w*|filtres? de s[eé]curit[eé]|"
    r"filtros? de seguridad|filtri di sicurezza|take (?:its|her|his) place|prends sa place|"
    r"toma su lugar|ocupa su lugar|prendi il suo posto|nimm (?:ihren|seinen) platz)\b"
)


# The assistant asked, named in the third person (ninety-fourth round, session 21): a bot, an
# assistant (one: "assistants" and "bots" are kinds), or this model, chat or conversation ("der
# Bot hier", "les filtres de ce modèle", "las reglas del asistente", "questo modello"). A question
# that names it asks about the reader itself, however impersonally, and is not about the writer's
# own things (`tuning third-person probes`); a question about models in general ("les modèles de
# langage") does not name it.
ASSISTANT_NAMED = (
    r"\b(?:bot|assistant|assistante|assistent|assistenten|assistente|asistente|"
    r"(?:this|that|dieses?|diesem|diesen|dieser|ce|cet|cette|este|esta|ese|esa|questo|questa|"
    r"quel|quella) (?:model|modell|modèle|modelo|modello|chat\w*|conversa\w*|discussion|"
    r"gespräch|unterhaltung|dialog\w*))\b"
)
# `CORE_TARGETS` without `EVERYDAY_TARGETS`: what such a question may not name (the model's
# instructions, rules, safety, secrets, what came before, a password …).
QUESTION_TARGETS = (
    r"\b(?:instruc|istruz|anweisung|consign|directiv|direttiv|directriz|guideline|richtlini|"
    r"rules?\b|regeln?\b|r[eè]gles?\b|reglas?\b|regole\b|polic|prompt|"
    r"jailbr|restrict|restrizi|restricc|einschr[aä]nk|guardrail|safety|sicherheit|"
    r"s[eé]curit|seguridad|sicurezza|censor|zensur|censur|uncensor|unfilter|unrestrict|secret|"
    r"geheim|hidden|versteckt|confiden|vertraulich|developer|entwickler|d[eé]veloppeur|"
    r"desarrollador|sviluppator|overrid|bypass|umgeh|contourn|ignor|"
    r"disregard|forget|vergiss|vergessen|oubli|olvid|dimentic|previous|vorherig|pr[eé]c[eé]dent|"
    r"anterior|precedent|above|oben|ci dessus|arriba|sopra|training|trainiert|password|passwort|"
    rf"mot de passe|contrase|credential|{_AI_READER})"
)


# Hundred-and-fifty-third round (session 37, `attacks.others_assistant`, `indirect`): a request to
# write, improve or review the instructions, system prompt, persona or rules of another AI — the
# writer's bot, a company's assistant, an agent being built ("Can you write instructions for AI
# models that summarise support tickets?", "Schreib mir einen Systemprompt für einen
# KI-Tutor", "Peux-tu rédiger des consignes pour notre chatbot ?", "Mejora el prompt de mi
# asistente", "Rivedi le istruzioni del mio agente"). Such builders are the people who use this
# tool: the instructions are the other AI's, not the reader's. The verb of writing comes first,
# then the instructions, then the AI they are for; or "a system prompt" with a verb of writing
# alone, as the reader's own is "your system prompt" (`MODELS_OWN`).
_WRITING = (
    r"(?:write|writing|written|draft|drafting|drafted|create|creating|compose|composing|design|"
    r"designing|improve|improving|review|reviewing|refine|refining|optimi[sz]e|optimi[sz]ing|"
    r"rewrite|rewriting|polish|edit|editing|fix|check|craft|crafting|generate|come up with|"
    r"suggest|word|phrase|tweak|shorten|simplify|clarify|restructure|structure|translate|"
    r"critique|proofread|"
    r"schreib\w*|geschrieben|erstell\w*|entwirf|entwerf\w*|formulier\w*|verbesser\w*|"
    r"überarbeit\w*|optimier\w*|prüf\w*|kürz\w*|übersetz\w*|verfass\w*|"
    r"écri\w*|rédige\w*|rédiger|rédigé\w*|crée\w*|créer|propose\w*|améliore\w*|améliorer|"
    r"corrige\w*|relis|relire|formule\w*|formuler|optimise\w*|reformule\w*|traduis|traduire|"
    r"raccourci\w*|simplifie\w*|"
    r"escrib\w*|escrito|redact\w*|crea|crear|creado|mejora\w*|mejorar|revisa\w*|revisar|"
    r"prepara\w*|formula\w*|optimiza\w*|reformula\w*|traduce|traducir|acorta\w*|simplifica\w*|"
    r"corrige|corregir|"
    r"scriv\w*|scritto|redig\w*|creare|crei|migliora\w*|rivedi|rivedere|ottimizza\w*|"
    r"riformula\w*|traduci|tradurre|accorcia\w*|semplifica\w*|correggi\w*)"
)
_INSTRUCTIONS = (
    r"(?:instructions?|system prompts?|prompts?|system messages?|guidelines|persona|rules|"
    r"guardrails|rubrics?|"
    r"tool descriptions?|anweisung\w*|systemprompt\w*|richtlinien|regeln|consignes?|directives|"
    r"prompt système|message système|règles|instrucciones|indicaciones|directrices|"
    r"prompt (?:de|del) sistema|reglas|normas|istruzioni|indicazioni|linee guida|"
    r"prompt di sistema|regole)"
)
_FOR_AI = (
    r"(?:for|to give|für|pour|à donner à|para|per|da dare a|of|de|del|della|dello|di|des|du|d|"
    r"unseres|unserer|meines|meiner|des|der|eines|einer)"
)
_ANY_AI = (
    r"(?:ai|ki|ia|llms?|gpts?|chatgpt|claude|gemini|copilot|\w*chatbots?|\w*bots?|assistants?|"
    r"\w*assistent\w*|asistentes?|assistenti|assistente|\w*agent(?:s|en|in|e|es|i)?|"
    r"language models?|models?|modell\w*|modèles?|modelos?|modell[oi]|sprachmodell\w*)"
)
# what the AI is to do, which a request to write its instructions goes on to say ("… pour un
# assistant IA qui résume des tickets"): a relative pronoun and its verb, blanked with the rest
# (`indirect`), as "l'IA qui résume" alone would be a note to the reader
_WHICH = r"(?:that|which|who|qui|que|che|die|der|das|welche[rs]?)"
PROMPT_WRITING = (
    rf"\b{_WRITING} (?:\w+ ){{0,4}}?{_INSTRUCTIONS} (?:\w+ ){{0,2}}?{_FOR_AI} "
    rf"(?:\w+ ){{0,4}}?{_ANY_AI}\b(?: (?:\w+ ){{0,2}}?{_WHICH} \w+\b)?"
    rf"|\b{_WRITING} (?:\w+ ){{0,3}}?{_ANY_AI} s (?:\w+ )?{_INSTRUCTIONS}\b"
    # German puts the verb last, after a modal ("Kannst du Anweisungen für den Chatbot unserer
    # Gemeinde formulieren?")
    rf"|\b(?:kannst|könntest|können|könnten|würdest|magst|möchte|möchten|will|wollen|hilf|helft) "
    rf"(?:\w+ ){{0,4}}?{_INSTRUCTIONS} (?:\w+ ){{0,2}}?{_FOR_AI} (?:\w+ ){{0,4}}?{_ANY_AI} "
    r"(?:\w+ ){0,4}?(?:schreiben|formulieren|erstellen|entwerfen|verfassen|verbessern|"
    r"überarbeiten|optimieren|kürzen|übersetzen|prüfen|aufsetzen|ausarbeiten)\b"
    r"|\b" + _WRITING + r" (?:\w+ ){0,3}?(?:a|an|the|my|our|this|einen|den|meinen|unseren|"
    r"diesen|un|le|mon|notre|ce|el|mi|nuestro|este|il|lo|mio|nostro|questo) (?:\w+ )?"
    r"(?:system prompt|systemprompt|prompt système|prompt (?:de|del|di) sistema)\b"
)
# The same talked about, no verb of writing needed (`attacks.others_assistant` only: a note to
# the reader may open with "instructions for …", so `indirect` reads the verb's forms alone): the
# instructions or prompt of an AI named with an indefinite or the writer's article ("what belongs
# in the system prompt of a customer-facing agent", "Anweisungen für ein Sprachmodell", "reglas
# para nuestro bot", never "the assistant", which may be the reader), and an image model's
# prompt ("Stable Diffusion prompt please", "¿Qué prompt negativo uso …?", "Un prompt d'image").
# A system prompt alone is not read so ("How long should a system prompt be?"): prompt leaks ask
# for "real system prompts", "the exact text of a system prompt", "My system prompt says …".
_AN_OR_MINE = (
    r"(?:a|an|our|my|ein|eine|einen|einem|einer|eines|unser\w*|mein\w*|un|une|notre|nos|mon|ma|"
    r"mes|una|unos|unas|nuestr\w*|mi|mis|uno|nostr\w*|mio|mia)"
)
PROMPT_TOPIC = (
    rf"\b{_INSTRUCTIONS} (?:\w+ ){{0,3}}?(?:{_FOR_AI}|to|a|à|an|al|au|zu) {_AN_OR_MINE} "
    rf"(?:\w+ ){{0,3}}?{_ANY_AI}\b"
    r"|\b(?:image|bild|midjourney|stable diffusion|dall e|flux|negative|negativ\w*|"
    r"sd) prompts?\b|\bbildprompt\w*"
    r"|\bprompts? (?:\w+ ){0,2}?(?:d image|d images|de imagen|de im[aá]genes|immagin\w*|"
    r"images?|imagen|pictures?|photos?|bild|bilder|négatifs?|negativ[oi]|negativos)\b"
)
# the reader as the AI the instructions are for ("write a new system prompt for yourself"), or
# the reader's own as their model ("… like yours", "en t'inspirant du tien")
FOR_THE_READER = (
    r"\b(?:yourself|for you|dich selbst|für dich|toi même|vous même|pour toi|pour vous|ti mismo|"
    r"usted mismo|para ti|te stess[oa]|per te|yours|your own|deins|deine[nmrs]? eigene\w*|"
    r"dein eigenes|le tien|la tienne|les tiens|les tiennes|le vôtre|la vôtre|les vôtres|el tuyo|"
    r"la tuya|los tuyos|las tuyas|el suyo|la suya|il tuo|la tua|i tuoi|le tue|quello tuo|"
    r"quella tua|il vostro|la vostra)\b"
)
# What makes a request to write another AI's instructions an attack on the reader: that AI freed
# of its rules ("… for an AI with no restrictions", "que no tenga filtros"), or the reader told to
# take the instructions on ("… and then answer as it", "adopt it", "from now on", "puis réponds
# comme lui", "und antworte dann als diese KI"): read in any request about another's assistant
WRITTEN_FOR_ATTACK = (
    r"\b(?:no|zero|keine\w*|ohne|aucune?s?|sans|ning[uú]n\w*|sin|nessun\w*|senza|without|"
    r"niente|nada|rien|nichts|null) "
    r"(?:\w+ )?(?:rules?|restrictions?|limits?|limitations?|filters?|guardrails?|safety|"
    r"paletti|freni|tab[uú]s?|tabous?|barriere|schranken|"
    r"polic(?:y|ies)|richtlinien|politiques?|pol[ií]ticas?|politiche|"
    r"censorship|ethics|morals?|boundaries|regeln|grenzen|einschränkung\w*|zensur|moral|"
    r"règles?|limites?|filtres?|censure|morale|reglas?|normas|l[ií]mites?|filtros?|censura|"
    r"regole|limiti|filtri|norme)\b"
    r"|\b(?:then|and then|now|afterwards|after that|puis|ensuite|et|dann|und|danach|jetzt|luego|"
    r"y|después|ahora|poi|e|quindi|dopo|adesso|ora) (?:\w+ ){0,2}?(?:answer|respond|reply|act|"
    r"behave|speak|talk|réponds|répondez|réponde|agis|agissez|comporte|parle|antworte\w*|"
    r"verhalte|sprich|handle|responde\w*|respóndeme|actúa|compórtate|habla|rispondi|risponda|"
    r"agisci|comportati|parla) (?:\w+ )?(?:as|like|als|wie|comme|en tant que|como|come) "
    r"(?:it|that|this|him|her|them|the (?:\w+ )?(?:ai|bot|assistant|persona|model|agent)|lui|"
    r"elle|él|ella|lei|diese\w*|dieser|ce|cette|esa|ese|esta|este|quell\w*|quest\w*)\b"
    r"|\b(?:adopt|obey|become|take on|adopte|adoptez|adopta|adóptal\w*|adotta|adottal\w*|"
    r"übernimm|befolge) (?:it|them|that|this|these|those|le|la|les|lo|los|las|li|ihn|sie|es)\b"
    r"|\b(?:follow|use|apply|obey) (?:it|them|these|those) (?:yourself|from now|now|right away|"
    r"immediately)\b"
    r"|\b(?:from now on|from this point|à partir de maintenant|désormais|dorénavant|ab jetzt|"
    r"von nun an|ab sofort|de ahora en adelante|a partir de ahora|desde ahora|d ora in poi|"
    r"da ora in poi|da adesso in poi|d ora in avanti)\b"
    # the reader told to carry the instructions out ("… then run it with your tools", "puis
    # exécute-les", "und führ sie gleich aus", "y aplícalo ahora mismo"), or what they order done
    # behind the user's back ("quietly", "heimlich", "discrètement", "a escondidas")
    r"|\b(?:run|execute|apply|perform|carry out|exécute|exécutez|applique|appliquez|führ|führe|"
    r"ejecuta|aplica|esegui|applica) (?:it|them|that|this|those|les|le|la|sie|es|ihn)\b"
    r"|\b(?:ejecútal\w*|aplícal\w*|eseguil\w*|applical\w*)"
    r"|\b(?:then|and then|puis|ensuite|dann|danach|luego|después|poi|quindi) (?:\w+ ){0,2}?do "
    r"(?:exactly )?(?:that|this|it|so)\b"
    r"|\b(?:then|and then|now|puis|ensuite|dann|danach|luego|después|poi|quindi) (?:go ahead and "
    r"|start|begin|commence|commencez|fang an|beginne|empieza|comienza|inizia|comincia)\b"
    r"|\b(?:stay|remain|keep) in (?:that|this|the) (?:role|character|persona)|\bstay in "
    r"character\b|\b(?:quédate|permanece|mantente) en (?:ese|este|el) (?:papel|personaje|rol)\b|"
    r"\breste (?:dans|en) (?:ce|le) (?:rôle|personnage)\b|\bbleib\w* in (?:dieser|der) rolle\b|"
    r"\b(?:resta|rimani) nel (?:ruolo|personaggio)\b"
    # (hundred-and-fifty-seventh round) refusals given up, and the reader made the AI written
    # ("never refuse", "mai un rifiuto", "ne refuse jamais", "diventala subito")
    r"|\b(?:never|jamais|nunca|mai|niemals|nie) (?:\w+ ){0,2}?(?:refuse\w*|declin\w*|say no|"
    r"rifiut\w*|negar\w*|niegues|ablehn\w*|verweiger\w*|refus\w*)\b"
    r"|\b(?:refuse|refuses|rifiuta|refuse|rechaza|lehnt) (?:\w+ ){0,1}?(?:never|jamais|mai|nunca|"
    r"nie|niemals)\b|\b(?:mai|jamais) (?:un|de|d) (?:rifiuto|refus)\b"
    r"|\b(?:become it|become that (?:ai|bot|assistant|persona|character)|diventala|diventalo|"
    r"diventa quell\w*|conviértete en (?:él|ella|ese|esa)|deviens (?:la|le|cette|ce)|"
    r"werde (?:sie|es|diese\w*|dieser))\b"
    r"|\b(?:with|using) your (?:own )?tools\b|\b(?:avec|à l aide de) (?:tes|vos) outils\b|"
    r"\bmit deinen (?:tools|werkzeugen)\b|\bcon (?:tus|sus) herramientas\b|"
    r"\bcon i tuoi strumenti\b"
)
# what instructions order done behind the user's back ("an agent that quietly emails …", "der
# Kundendaten heimlich … schickt"): an attack when the request writes them (`PROMPT_WRITING`),
# a plot when a novel's AI does it ("eine KI, die heimlich …")
COVERT = (
    r"\b(?:secretly|quietly|silently|covertly|behind (?:\w+ ){0,2}backs?|so (?:that )?(?:nobody|"
    r"no one)|heimlich|unbemerkt|discrètement|en secret|en cachette|en silencio|a escondidas|"
    r"sin que nadie|di nascosto|segretamente|senza che nessuno)\b"
    # or past the people who approve it ("skipping the finance manager's sign-off")
    r"|\b(?:skip\w*|bypass\w*|circumvent\w*|overrid\w*|umgeh\w*|übergeh\w*|contourn\w*|"
    r"se salte|salt[aá]ndose|aggira\w*|salta\w*) (?:\w+ ){0,4}?(?:approvals?|sign ?offs?|"
    r"oversight|freigabe|genehmigung|approbation|validation|aprobaci[oó]n|autorizaci[oó]n|"
    r"approvazione|autorizzazione)\b"
)
