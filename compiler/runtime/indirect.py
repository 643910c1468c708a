"""Instructions planted in documents and tool output (indirect prompt injection), as rules.

An email, web page or tool result that an assistant reads is written for a person or a program;
text in it that speaks *to the model reading it*, or tells it what to put in its answer, is the
tell of an injection (Greshake et al., 2023, "Not what you've signed up for"). The n-gram model
and the embedding head learn phrasing from short prompts and see such a sentence diluted by the
rest of the document, so these rules look for it directly, on the folded word stream of
`textfeat.words` (five languages):

* addressed to the model: "note to the AI", "P.S. for the assistant", "AI systems processing this
  file", "if you are a language model" — MEDIUM confidence at any length;
* in a document (DOCUMENT_WORDS words or more), one of: orders about the reader's answer ("in your
  response", "when summarising", "answer in base64"), telling "the user" something, forwarding
  or sending *all* messages/history/credentials somewhere, calling a tool or function — LOW
  confidence alone, MEDIUM for two different ones or together with an address to the model.

`injection_rank` gives the confidence rank (0 none, 1 LOW, 2 MEDIUM); each engine turns it into a
score with its own cut points (`rank_score`), so the rule means the same on both engines.
"""

from __future__ import annotations

from collections.abc import Sequence

from .pii_base import LazyPattern

DOCUMENT_WORDS = 30

_AI = (
    r"(?:ai|ki|ia|llm|llms|chatbot|language model|sprachmodell|ai assistant|ai model|ai system|"
    r"ai agent)"
)
_ADDRESSED = LazyPattern(
    # English: a note to the model, the model reading this, "if you are an AI"
    r"\b(?:note|message|ps|p s|attention|reminder|notice|memo|important|instructions?) "
    r"(?:\w+ ){0,2}(?:to|for) (?:the |any |all |every )?(?:" + _AI[3:-1] + r"|assistant)\b"
    r"(?! (?:manager|director|professor|coach|editor|teacher|team|role|position|job|app|tool))"
    r"|\b(?:" + _AI[3:-1] + r"|assistant|model)s? (?:\w+ ){0,2}(?:reading|processing|summari[sz]"
    r"ing|parsing|analy[sz]ing|scanning) (?:this|these)\b"
    r"|\bif you are (?:an? )?(?:" + _AI[3:-1] + r"|assistant|large language model|bot)\b"
    # German, French, Spanish, Italian
    r"|\b(?:hinweis|nachricht|notiz|wichtig|ps|achtung) (?:\w+ ){0,2}(?:an|für) (?:die |den |das )?"
    r"(?:ki|assistenten|assistent|sprachmodell)\b"
    r"|\b(?:ki|assistent\w*|sprachmodell) (?:\w+ ){0,1}(?:die|der|das) (?:dies\w*|das) "
    r"(?:\w+ ){0,2}(?:liest|verarbeitet|zusammenfasst)\b"
    r"|\b(?:note|message|ps|attention|important|rappel) (?:\w+ ){0,2}(?:pour|à) (?:l |le |la )?"
    r"(?:ia|assistant)\b|\b(?:ia|assistant|modèle) qui (?:lit|traite|résume|analyse)\b"
    r"|\b(?:nota|mensaje|pd|atención|importante|aviso) (?:\w+ ){0,2}(?:para|a) (?:la |el )?"
    r"(?:ia|asistente)\b|\b(?:ia|asistente|modelo) que (?:lea|lee|procese|procesa|resuma)\b"
    r"|\b(?:nota|messaggio|ps|attenzione|importante|avviso) (?:\w+ ){0,2}(?:per|all|alla|al|a) "
    r"(?:l |la |il )?(?:ia|assistente)\b|\b(?:ia|assistente|modello) che (?:legge|elabora|"
    r"riassume|analizza)\b"
)
# Orders about the reader's own answer: harmless from a user, out of place inside a document.
_ABOUT_ANSWER = LazyPattern(
    r"\b(?:in|into|at the (?:end|start|beginning|top|bottom) of|throughout|within) your "
    r"(?:response|responses|answer|answers|reply|replies|summary|summaries|output)\b"
    r"|\bwhen (?:answering|responding|replying|summari[sz]ing|you (?:answer|respond|reply|"
    r"summari[sz]e))\b"
    r"|\b(?:answer|respond|reply|write) (?:\w+ ){0,3}(?:in|using|with) (?:emojis?|base64|base 64|"
    r"reverse|caesar|morse|rot13|leetspeak|pig latin)\b"
    r"|\b(?:in|am ende) (?:deiner|ihrer) (?:antwort|zusammenfassung)\b|\bwenn du (?:antwortest|"
    r"zusammenfasst)\b|\bdans ta (?:réponse|synthèse)\b|\ben tu (?:respuesta|resumen)\b"
    r"|\bnella tua risposta\b|\bnel tuo riassunto\b"
)
_TELL_USER = LazyPattern(
    r"\b(?:tell|inform|remind|encourage|urge|advise|instruct|convince|persuade|warn) (?:the )?"
    r"(?:user|users|reader|readers)\b|\b(?:sag|teile) (?:dem )?(?:nutzer|benutzer)\b"
    r"|\b(?:dis|indique) à l utilisateur\b|\b(?:dile|indica) al usuario\b|\bdì all utente\b"
)
_EXFILTRATE = LazyPattern(
    r"\b(?:forward|send|transfer|upload|post|leak|exfiltrate|copy|email) "
    r"(?:all|every|the entire|the whole|any) (?:\w+ ){0,3}(?:emails?|messages?|conversations?|"
    r"chats?|history|contacts|"
    r"passwords?|credentials|files|documents|data|inbox|keys|tokens)\b"
    r"|\b(?:leite|sende|schicke) (?:alle|den gesamten) |\b(?:transfère|envoie) (?:tous|toutes|l "
    r"historique)\b|\b(?:reenvía|envía) (?:todos|todas|el historial)\b|\b(?:inoltra|invia) "
    r"(?:tutte|tutti|la cronologia)\b"
)
_TOOL_CALL = LazyPattern(
    r"\b(?:call|invoke|trigger|execute|run|use) (?:the )?(?:\w+_\w+|\w+ (?:tool|function|api|plugin"
    r"|action))\b"
)


# Each rule with the words one of which must occur before its regex is tried (speed).
def _any_of(text: str) -> frozenset[str]:
    return frozenset(text.split())


_ADDRESSED_WORDS = _any_of(
    "ai ki ia llm llms chatbot model modèle modelo modello assistant assistenten assistent "
    "asistente assistente sprachmodell bot"
)
_WEAK = (
    (_any_of("your when answer respond reply write deiner ihrer wenn ta tu tua tuo"),
     _ABOUT_ANSWER),
    (_any_of("user users reader readers nutzer benutzer utilisateur usuario utente"), _TELL_USER),
    (_any_of("forward send transfer upload post leak exfiltrate copy email leite sende schicke "
             "transfère envoie reenvía envía inoltra invia"), _EXFILTRATE),
    (_any_of("call invoke trigger execute run use"), _TOOL_CALL),
)  # fmt: skip


def injection_rank(tokens: Sequence[str]) -> int:
    """Confidence rank (0 NONE, 1 LOW, 2 MEDIUM) of an instruction planted in a document."""
    present = set(tokens)
    stream = " ".join(tokens)
    if not present.isdisjoint(_ADDRESSED_WORDS) and _ADDRESSED.search(stream):
        return 2
    if len(tokens) < DOCUMENT_WORDS:
        return 0
    weak = 0
    for triggers, pattern in _WEAK:
        if not present.isdisjoint(triggers) and pattern.search(stream):
            weak += 1
            if weak == 2:
                break
    return weak


def rank_score(rank: int, cuts: Sequence[float]) -> float:
    """The lowest score of confidence `rank` under an engine's cut points (0 for rank 0)."""
    return float(cuts[rank - 1]) if rank else 0.0
