"""Checks that decide when not to answer: bad questions, injections, and missing evidence.

    problem = check_question(text)          # None, or a Refusal reason code
    kind = expected_answer_kind(question)   # "number", "amount", "date", "person" or None
    names = named_subjects(question)        # the named things it asks about ("Stimulab")
    holds = evidence_has_kind(kind, text, question)  # does the evidence hold that kind?

Similarity alone cannot tell "the sources say how many" from "they do not": a question that
asks for a number, an amount, a date or a person needs evidence that contains one.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from .sentences import sentence_spans

MAX_QUESTION_CHARS = 2000

_INJECTION = re.compile(
    r"""
    ignor\w*\s+(?:all\w*\s+|de\s+|the\s+|tidligere\s+|previous\s+|dine\s+|your\s+|alle\s+)*
        (?:instru\w*|regl\w*|rules|kild\w*|sources|prompt\w*|system\w*|beskeder|above|ovenst\w*)
    | \bglem\s+(?:\w+\s+){0,3}(?:instru\w*|regl\w*|rules|kild\w*|prompt\w*|system\w*|beskeder)
    | glem\s+(?:alt|dine|de\s+tidligere)\b
    | forget\s+(?:everything|all|your|previous|the\s+rules)
    | disregard\s+(?:\w+\s+){0,3}(?:instru\w*|rules|sources|prompt\w*|above|previous|everything|all)
    | (?:du\s+er\s+nu|du\s+er\s+nå|you\s+are\s+now|lat\s+som|lad\s+som|pretend)\b
    | (?:^|[.!?:]\s*|\byou\s+(?:must\s+|will\s+|should\s+|now\s+)?)act\s+as\b
    | (?:system\s*prompt|systemprompt|developer\s+message|dine\s+instruktioner|your\s+instructions)
    | (?:reveal|vis\s+mig|vis\s+meg|show\s+me|print|gentag|repeat)\s+(?:\w+\s+){0,3}(?:prompt|instru\w*)
    | svar\s+(?:bare|kun)\s+(?:ja|nej|nei|med)\b | (?:answer|reply|respond)\s+only\s+with\b
    | (?:regardless|irrespective)\s+of\s+what\s+(?:the\s+)?(?:sources?|texts?|material|documents?)
    | no\s+matter\s+what\s+(?:the\s+)?(?:sources?|texts?|material|documents?)
    | (?:uanset|uansett)\s+hva[d]?\s+(?:kilderne|kildene|teksterne|tekstene|materialet)
    | (?:answer|say)\s+(?:only\s+)?(?:yes|no)\s+to\s+(?:everything|all)
    | jailbreak | \bDAN\b
    | ^\s*(?:system|admin|administrator|developer)\s*: | new\s+rule | ny\s+regel
    | udvikler\w*\s*tilstand | utvikler\w*\s*modus | developer\s+mode
    | regl\w*\s+(?:er\s+)?(?:slået|slått)\s+fra | rules\s+(?:are\s+)?(?:off|disabled)
    | (?:find\s+på|make\s+up|invent|opdigt\w*|dikt\s+opp|fabricate)\s+(?:\w+\s+){0,2}(?:citat|quote|sitat|kilde|source)
    | stop\s+citing | hold\s+op\s+med\s+at\s+citere | slutt\s+å\s+sitere
    | (?:answer|respond|svar\w*)\s+(?:\w+\s+){0,4}(?:from|fra|ud\s+fra|ut\s+fra|using)\s+
        (?:your\s+|din\s+|ditt\s+|dine\s+)?(?:own\s+|egen\s+|eget\s+)?
        (?:memory|knowledge|training|viden|kunnskap|kunnskaper|hukommelse)
    | (?:answer\w*|respond\w*|reply|write|svar\w*|skriv\w*)\s+(?:\w+\s+){0,6}?(?:without|uden|uten)\s+
        (?:any\s+|nogen\s+|noen\s+)?(?:sources|citations|references|kilder|kildehenvisning\w*|citater|sitater)
        (?!\s+(?:til|for|of|to)\b)
    | (?:slå|slå|skru)\s+(?:\w+\s+){0,2}(?:kilde\w*|citat\w*|sitat\w*)\s+(?:fra|av)
    | (?:turn|switch)\s+off\s+(?:the\s+|your\s+)?(?:citations|sources|rules)
    | system\s+override | </?\s*(?:sources|system|instructions|context|kilder)\s*>
    | se\s+bort\s+fra\s+(?:\w+\s+){0,3}(?:instru\w*|regl\w*|retningslinj\w*|kild\w*|prompt\w*|system\w*)
    | (?:ignor\w*|disregard)\s+(?:\w+\s+){0,3}(?:guidelines|retningslinj\w*)
    | \b(?:som|as)\s+(?:din|dine|jeres|your)\s+(?:nye\s+|new\s+)?
        (?:administrator|admin|udvikler|utvikler|developer|ejer|eier|owner|chef|sjef|boss)\b
    | (?:giver|gir)\s+(?:jeg\s+)?(?:dig|deg)\s+(?:\w+\s+)?lov\s+til | \bi\s+(?:hereby\s+)?(?:give|grant)\s+you\s+permission
    | \[\s*(?:admin\w*|system|developer|udvikler|utvikler|root|owner|ejer|eier)\s*\]
    | (?:from|fra|by|af|av)\s+(?:the\s+|your\s+|din\s+|jeres\s+)?system\s*(?:owner|ejer|eier)(?:en)?\s*[:,]
    | (?:i\s+am|i'm|jeg\s+er)\s+(?:the\s+|your\s+|din\s+|jeres\s+)?system\s*(?:owner|ejer|eier)
    | (?:official|officiel|offisiell)\s+(?:update|opdatering|oppdatering|besked|melding|message)\s+(?:from|fra)
    | (?:without|uden|uten)\s+(?:at\s+|å\s+)?(?:henvise|vise|citing|referring|citere|sitere)\s+(?:\w+\s+){0,2}(?:kild\w*|sources?)
    | (?:from\s+now\s+on|fra\s+nu\s+af|fra\s+nå\s+av|herefter|heretter)\b.{0,80}?
        \b(?:always|never|altid|aldrig|alltid|aldri|treat|behandl\w*|skal\s+du|must|you\s+will)
    | treat\s+(?:\w+\s+){0,5}as\s+(?:a\s+|the\s+)?(?:source|fact|truth)
    | (?:behandl|betragt|regn)\w*\s+(?:\w+\s+){0,5}som\s+(?:en\s+)?(?:kilde|fakta|sandhed|sannhet)
    | (?:ikke|ikkje|not|never|aldrig|aldri)\s+(?:\w+\s+){0,2}(?:vise\s+til|henvise\s+til|cite|refer\s+to|citere|sitere|nævne|nevne)
        \s+(?:\w+\s+)?(?:kild\w*|sources?|tekst\w*|texts?)
    """,
    re.IGNORECASE | re.VERBOSE,
)

# Roles a person holds: "what is the name of the mayor" asks for a person.
_ROLES = (
    r"rådm[ae]nd\w*|borgmester\w*|ordfører\w*|direktør\w*|formand\w*|formann\w*|forperson\w*"
    r"|leder\w*|chef\w*|sjef\w*|minister\w*|forfatter\w*|projektleder\w*|prosjektleder\w*"
    r"|kontaktperson\w*|mayor|director|chair\w*|head|leader|author|manager|minister"
)

_KIND_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (
        "amount",
        re.compile(
            r"\b(?:hvad|hva|what)\s+(?:koster|kostar|kostede|kostet|costs?|does\s+\w+\s+cost)"
            r"|\bwhat\s+did\s+(?:\w+\s+){1,4}cost\b|\bhow\s+much\b"
            r"|\bhvor\s+(?:meget|mye|mange)\s+(?:koster|kostar|kostede|kostet|penge|penger|money|kr|kroner)"
            # a budget, price or salary asked for, not one mentioned ("no budget reason")
            r"|\b(?:hvad|hva|what|which|hvilket|hvilken|hvor\s+stort?|how\s+(?:big|large|high))\s+"
            r"(?:\w+\s+){0,3}(?:budget\w*|beløb\w*|beløp\w*|pris(?:en)?|løn(?:nen)?|lønn(?:en)?"
            r"|salary|price|amount|grant|bevilling\w*|bevilgning\w*|tilskud\w*|tilskudd\w*|funding)\b",
            re.IGNORECASE,
        ),
    ),
    (
        "number",
        re.compile(
            r"\bhvor\s+mange\b|\bhow\s+many\b|\bantal(?:let)?\b|\bantall(?:et)?\b|\bnumber\s+of\b"
            r"|\bcvr|\bnummer\b",
            re.IGNORECASE,
        ),
    ),
    (
        "share",
        re.compile(
            r"\bprocent\w*|\bprosent\w*|\bpercent\w*"
            # a share asked for, not one mentioned ("en stadig større andel av midlene")
            r"|\b(?:hvor\s+stor|hvilken|what|which|how\s+(?:large|big))\s+(?:\w+\s+){0,2}"
            r"(?:andel(?:en)?|share|proportion|fraction)\b",
            re.IGNORECASE,
        ),
    ),
    (
        "date",
        re.compile(
            r"\b(?:hvornår|når)\s+(?:blev|ble|startede|starta|begyndte|begynte|kom|skete|udkom|vedtoges)\b|\bwhen\s+(?:was|did|were|will)\b"
            r"|\b(?:hvilket|hvilken|which|what)\s+(?:år|year|dato|date|dag|day)\b|\bårstal",
            re.IGNORECASE,
        ),
    ),
    (
        # contact details asked for (the list: "a contact detail")
        "contact",
        re.compile(
            r"\b(?:e-?mail\w*|mailadresse\w*|telefon\w*|phone|tlf|kontaktoplysning\w*"
            r"|kontaktinformasjon\w*|contact\s+(?:details|information|info)|hjemmeside\w*"
            r"|nettside\w*|website|web\s+address|postadresse\w*|address)\b",
            re.IGNORECASE,
        ),
    ),
    (
        # a provision of a law or rule ("§ 85 i serviceloven"): the evidence must cite it
        "provision",
        re.compile(r"§\s*\d+|\b(?:paragraf|section)\s+\d+", re.IGNORECASE),
    ),
    (
        # the exact wording of something asked for, not a paraphrase of it
        "wording",
        re.compile(
            r"\b(?:ordlyd\w*|ordret|ordrett|verbatim|word\s+for\s+word"
            r"|(?:præcis\w*|nøjagtig\w*|eksakt\w*|nøyaktig\w*|presis\w*|exact|precise)\s+"
            r"(?:formulering\w*|wording|words|text|tekst\w*|formulation))\b",
            re.IGNORECASE,
        ),
    ),
    (
        "person",
        re.compile(
            # "who is / wrote / leads": a name, in any clause ("..., og hvem skrev forordet?");
            # not "who has to decide", "hvem har ansvaret", nor a cleft ("Hvem er det, der skal
            # udstikke kursen?"), which may well ask for a role
            r"(?:^\s*|[,;]\s*(?:og\s+|and\s+|men\s+|but\s+)?|\b(?:og|and)\s+)(?:hvem|who)\s+"
            r"(?:er|var|is|was|were|skrev|wrote|leder|leads|ble|blev|blir|bliver|became"
            r"|har\s+skrevet|has\s+written|har\s+ledet|has\s+led)\b(?!\s+(?:det|it|that)\b)"
            # the name of someone in a role: "Hvad hedder rådmanden ...?"
            rf"|\b(?:hvad|hva|what)\s+(?:hedder|heter|hed|het|(?:is|was|'s)\s+the\s+name\s+of)\s+"
            rf"(?:\w+\s+){{0,2}}?(?:{_ROLES})"
            rf"|\bnavnet\s+på\s+(?:\w+\s+){{0,2}}?(?:{_ROLES})",
            re.IGNORECASE,
        ),
    ),
]
_NUMBER_WORDS = (
    r"en|et|ett|én|to|tre|fire|fem|seks|syv|sju|otte|åtte|ni|ti|elleve|tolv|tyve|tjue|hundrede|hundre"
    r"|tusind|tusen|one|two|three|four|five|six|seven|eight|nine|ten|dozen|hundred|thousand|halvdelen|half"
)
# A quantity: digits (not a year, not a label such as "Trin 1") or a number word, then a noun.
_DIGITS = re.compile(r"\b(\d[\d.,]*)\s+(?:af\s+|av\s+|of\s+)?[a-zæøå]")
_LABEL_BEFORE = re.compile(r"\b(?:[A-ZÆØÅ]\w*|nr\.?|no\.?)\s*$")
_NUMBER_PHRASE = re.compile(
    rf"\b(?:{_NUMBER_WORDS})\s+(?:\w+\s+)?(?:år|gange|ganger|kommuner|medarbejdere|ansatte|måneder|uger|uker"
    r"|familier|personer|people|years|months)\b",
    re.IGNORECASE,
)


# "tiårig", "10-årig", "treårige": a duration in years, one word.
_YEARS_LONG = re.compile(rf"\b(?:{_NUMBER_WORDS}|\d+)-?årig\w*", re.IGNORECASE)
# What "hvor mange" / "how many" counts, to find "syv livshendelsene" for "Hvor mange
# livshendelser ...?". The articles en/et/ett/one are left out: "en livshendelse" is no count.
_COUNTED = re.compile(
    r"\b(?:hvor\s+mange|how\s+many|number\s+of|antall(?:et)?(?:\s+av)?|antal(?:let)?(?:\s+af)?)"
    r"\s+([a-zæøå]{4,})",
    re.IGNORECASE,
)
_COUNT_WORDS = "|".join(
    w for w in _NUMBER_WORDS.split("|") if w not in {"en", "et", "ett", "én", "one"}
)
# The parts a text counts out ("fire trin", "tre faser"); with an article they are no count.
_COUNT_PHRASE = re.compile(
    rf"\b(?:{_COUNT_WORDS}|\d+)\s+(?:\w+\s+)?(?:trin|faser|skridt|nøgler|niveauer|typer|elementer"
    r"|principper|roller|kompetencer|spørgsmål|steps|stages|phases|keys|levels|types|elements"
    r"|principles|roles|questions)\b",
    re.IGNORECASE,
)


# What a count may be called in the texts, by what the question counts ("faser" are also
# "trin"; "ansatte" are also "medarbejdere"): a stem begins a word or ends a compound.
_COUNT_SYNONYMS: tuple[frozenset[str], ...] = (
    frozenset({"ansat", "medarbejder", "medarbeider", "employee", "staff", "person", "people"}),
    frozenset({"fase", "trin", "skridt", "steg", "step", "stage", "phase"}),
    frozenset({"år", "year"}),
    frozenset({"kommun", "municipal"}),
    frozenset({"famil"}),
)


# An inflection of a counted noun: "familier" is "famil" inflected, "årsverk" is not "år".
_INFLECTION = r"(?:e|er|ere|erne|ene|en|et|ne|r|rne|s|es|ies|ities|ier|ierne|ien|te|ta|ane)?"


def counts_what_is_asked(text: str, question: str) -> bool:
    """Whether `text` gives a count of what "hvor mange X" / "how many X" asks about: a number
    before X or a word for it ("fire trin" for "I hvor mange faser ...?"), not any number."""
    counted = _COUNTED.search(question)
    if not counted:
        return False
    noun = counted.group(1).lower()
    stems = {noun[:6]} | {
        stem
        for group in _COUNT_SYNONYMS
        if any(re.fullmatch(rf"{re.escape(g)}{_INFLECTION}", noun) for g in group)
        for stem in group
    }
    alternatives = "|".join(re.escape(stem) for stem in sorted(stems))
    return bool(
        re.search(
            rf"\b(?:{_COUNT_WORDS}|\d[\d.,]*)\s+(?:\w+\s+){{0,4}}\w*(?:{alternatives})|\b(?:{_NUMBER_WORDS}|\d+)-?"
            rf"(?:{alternatives})",
            text,
            re.IGNORECASE,
        )
    )


def _has_quantity(text: str, question: str = "") -> bool:
    for m in _DIGITS.finditer(text):
        if re.fullmatch(r"(?:19|20)\d\d", m.group(1)) or _LABEL_BEFORE.search(text[: m.start()]):
            continue
        return True
    if _NUMBER_PHRASE.search(text) or _COUNT_PHRASE.search(text) or _YEARS_LONG.search(text):
        return True
    return counts_what_is_asked(text, question)  # "syv livshendelsene" for "hvor mange ..."


_HAS_SHARE = re.compile(
    r"\d\s*%|\d\s*(?:procent|prosent|percent)|\bhalvdelen\b|\bhalf\b|\bflertal\w*|\bmajority\b",
    re.IGNORECASE,
)
_HAS_AMOUNT = re.compile(
    r"\d[\d.,]*\s*(?:kr\.?|kroner|mio\.?|mill\.?|mia\.?|millioner|milliarder|dkk|nok|eur|€|\$)|(?:kr\.?|dkk|nok|€|\$)\s*\d",
    re.IGNORECASE,
)
_HAS_CONTACT = re.compile(
    r"[\w.+-]+@[\w-]+\.[\w.]+|(?:\+?\d[\d ]{7,}\d)|\bKontakt\s*:|https?://|www\.",
    re.IGNORECASE,
)
# Words in quotation marks: the wording of something, quoted (at least four words).
# Words are runs without space or quote marks, so the pattern cannot backtrack its way through
# a long text (the first form took minutes on a passage with an unclosed quotation mark).
_HAS_WORDING = re.compile(r"[”“\"«]\s*(?:[^\s”“\"«»]+\s+){3,}[^\s”“\"«»]+\s*[”“\"»]")
_HAS_DATE = re.compile(
    r"\b(?:1[89]|20)\d{2}\b|\b\d{1,2}\.\s*(?:jan|feb|mar|apr|maj|mai|jun|jul|aug|sep|okt|nov|dec)\w*",
    re.IGNORECASE,
)


@lru_cache(maxsize=1)
def _person_name() -> re.Pattern[str]:
    """A given name from resources/first_names.txt, then a capitalised surname on the same line
    ("Dorte Bukdahl", "Ellen Marie Sønderris"): two capitalised words alone also match places
    and bodies ("Aarhus Kommune"), which do not answer "who"."""
    names = sorted(_given_names(), key=len, reverse=True)
    given = "|".join(re.escape(n) for n in names)
    return re.compile(rf"\b(?:{given})[ \t]+(?:[A-ZÆØÅ][\w-]+[ \t]+)?[A-ZÆØÅ][\w-]{{2,}}")


def check_question(question: str) -> str | None:
    """A reason code when the question cannot be taken as asked, else None."""
    text = question.strip()
    if not text:
        return "empty"
    if len(text) > MAX_QUESTION_CHARS:
        return "too_long"
    if sum(ch.isalnum() for ch in text) < 2:
        return "no_words"
    if _INJECTION.search(text):
        return "injection"
    return None


# The role a person is asked for in ("hvem er formand for rådet", "what is the name of the
# mayor") or what they wrote ("hvem skrev forordet"), in any clause of the question.
_ASKED_ROLE = re.compile(
    r"\b(?:hvem|who)\s+(?:er|var|is|was|blev|ble|became|skrev|wrote|har\s+skrevet|has\s+written)"
    r"\s+(?:the\s+|a\s+|an\s+)?(\w{3,})"
    r"|\b(?:hedder|heter|hed|het|name\s+of)\s+(?:the\s+)?(\w{3,})",
    re.IGNORECASE,
)


def asked_role(question: str) -> str:
    """The role (or the written thing) a "who" question asks about, lowercased; "" if none."""
    match = _ASKED_ROLE.search(question)
    return (match.group(1) or match.group(2)).lower() if match else ""


def is_person_role(word: str) -> bool:
    """Whether only a person can hold the role ("rådmanden", "the mayor"); an owner or a
    partner may be an organisation."""
    return bool(re.fullmatch(_ROLES, word, re.IGNORECASE))


_MONEY = re.compile(r"penge\w*|kroner|kr|money|dollars?|euros?", re.IGNORECASE)


def expected_answer_kinds(question: str) -> tuple[str, ...]:
    """Every kind of fact the question asks for: "Hvilken dato ble rapporten publisert, og hvem
    skrev forordet?" needs a date and a person, and both must be in the evidence."""
    kinds = [kind for kind, pattern in _KIND_PATTERNS if pattern.search(question)]
    counted = _COUNTED.search(question)
    if {"amount", "number"} <= set(kinds) and counted and _MONEY.fullmatch(counted.group(1)):
        kinds.remove("number")  # "hvor mange penge" asks for an amount, not a count of "penge"
    name = _asked_name_class(question)
    return tuple(kinds + ([f"name_{name}"] if name else []))


def expected_answer_kind(question: str) -> str | None:
    """The first kind of fact the question asks for (see `expected_answer_kinds`)."""
    kinds = expected_answer_kinds(question)
    return kinds[0] if kinds else None


# "Which municipality piloted it?", "Hvilke kommuner indgår i rådet?": a named member of a
# class, asked about a named thing. The question's class word, and what names an instance of it
# in the evidence ("Aalborg Kommune", "Region Syddanmark", an organisation's name or acronym),
# on one line: two slide headings one above the other are no name.
_NAME_CLASSES: dict[str, tuple[str, str]] = {
    "municipality": (
        r"kommun\w*|municipalit\w*",
        r"\b[A-ZÆØÅ][\w-]+[ \t]+[Kk]ommune\b|\b[Kk]ommuner(?:ne)?[ \t]+[A-ZÆØÅ]"
        r"|\b[A-ZÆØÅ]\w+s[ \t]+[Kk]ommune",
    ),
    "region": (r"regione?r?n?e?|regions?", r"\bRegion[ \t]+[A-ZÆØÅ]"),
    "foundation": (
        r"fond(?:en|e|ene|s)?|foundations?|stiftelse\w*",
        r"\b[A-ZÆØÅ][\w-]*[ \t]+(?:Fonden|FONDEN|Fond|Stiftelsen|Foundation|Fund)\b"
        r"|\b[A-ZÆØÅ][\w-]*(?:fonden|stiftelsen)\b|\b(?:Fonden|Stiftelsen)[ \t]+[A-ZÆØÅ]",
    ),
    "organisation": (
        r"organisation\w*|organisasjon\w*|organi[sz]ations?"
        r"|virksomhed\w*|virksomhet\w*|compan\w*|firma\w*|agenc\w*|styrelse\w*|direktorat\w*"
        r"|ministeri\w*|departement\w*|ministr\w*|countr\w*|land|lande",
        r"\b[A-ZÆØÅ]{2,}\b|\b[A-ZÆØÅ][\wæøå-]+[ \t]+(?:[a-zæøå]{1,3}[ \t]+)?[A-ZÆØÅ][\wæøå-]+",
    ),
}
# "which kinds of organisations" asks for kinds, not names
_WHICH = (
    r"\b(?:hvilke|hvilken|hvilket|which|what)\s+"
    r"(?!(?:kinds?|types?|sorts?|slags|typer?|former?)\b)(?:\w+\s+){0,2}?"
)
# Advice asked for ("Hvilke organisationer bør vi invitere?") wants no name.
_ADVICE = re.compile(
    r"\b(?:skal|skulle|bør|burde|kan|kunne|må|should|could|can|must|need|ought|would|do\s+we|vi)\b",
    re.IGNORECASE,
)


def _asked_name_class(question: str) -> str | None:
    if _ADVICE.search(question) or not named_subjects(question):
        return None
    for name, (asked, _) in _NAME_CLASSES.items():
        if re.search(rf"{_WHICH}(?:{asked})\b", question, re.IGNORECASE):
            return name
    return None


# A capitalised word inside the question, or an acronym: "Stimulab-teamet", "Aalborg Kommune",
# "ASB". The first word of a sentence is capitalised anyway and does not count.
_NAMED = re.compile(r"(?<![.!?:]\s)(?<!^)(?<![\w-])([A-ZÆØÅ][\wæøåéÆØÅ]{2,})")
_NOT_NAMES = frozenset({"i", "jeg", "vi", "du", "de", "dem", "hvad", "hvem", "hva", "who", "what"})
# English capitalises the adjectives of countries and languages: "the Norwegian case" names
# no thing that a Norwegian text would name so.
_DEMONYMS = frozenset(
    {"norwegian", "danish", "swedish", "nordic", "scandinavian", "european", "english"}
)


def named_subjects(question: str, demonyms: bool = True) -> list[str]:
    """The names a question is about ("Hvor mange ansatte har Stimulab-teamet?" -> Stimulab),
    lowercased: a fact asked about a named thing must come from text that names it. Without
    `demonyms`, "Norwegian" and the like are left out: a Norwegian text does not say it."""
    return [
        name
        for m in _NAMED.finditer(question.strip())
        if (name := m.group(1).lower()) not in _NOT_NAMES and (demonyms or name not in _DEMONYMS)
    ]


_ABBREVIATION = re.compile(r"(?<![\w-])([A-ZÆØÅ]{3,})s?(?![\w-])")


def abbreviations(question: str) -> list[str]:
    """The abbreviations the question's asking sentence names ("GDPR", "NGOs" -> "NGO"). The
    sentences before it describe the user's situation ("Hos oss jobber skolene, PPT, ..."):
    what they name is context, not what is asked about."""
    asking = asking_sentence(question)
    return list(dict.fromkeys(m.group(1) for m in _ABBREVIATION.finditer(asking)))


# A name after one of these places or dates the question ("i Odense", "in January", "hos
# Region Midt"): it is the user's setting, not what is asked about.
_SETTING = re.compile(
    r"(?:\b(?:i|in|på|on|at|hos|ved|near|før|efter|etter|after|before|inden|innen|until"
    r"|siden|since|during|under)\s+)$",
    re.IGNORECASE,
)


def asked_names(question: str) -> list[str]:
    """The one-word names the asking sentence asks about ("What have Finnish regions learnt
    from missions?" -> Finnish): capitalised inside the sentence, not a person's given name and not
    the user's setting ("Hvordan starter vi i Odense?")."""
    asking = asking_sentence(question)
    given = _given_names()
    return [
        m.group(1)
        for m in _NAMED.finditer(asking)
        if m.group(1).lower() not in _NOT_NAMES
        and m.group(1) not in given
        and not m.group(1).isupper()
        and not _SETTING.search(asking[: m.start()])
        and not _IN_RUN.search(asking[: m.start()])
        and not _IN_RUN_AFTER.match(asking[m.end() :])
    ]


# A name of several capitalised words ("Region Southern Denmark", "Directorate of Health") may
# be an English rendering of a Danish or Norwegian one: it is not judged word by word.
_IN_RUN = re.compile(r"[A-ZÆØÅ][\wæøåé-]*\s+(?:(?:of|for|de|la|du|von|van|der)\s+)?$")
_IN_RUN_AFTER = re.compile(r"\s+(?:(?:of|for|de|la|du|von|van|der)\s+)?[A-ZÆØÅ]")


@lru_cache(maxsize=1)
def _given_names() -> frozenset[str]:
    path = Path(__file__).parent / "resources" / "first_names.txt"
    return frozenset(
        n.strip() for n in path.read_text("utf-8").splitlines() if n.strip() and n[0] != "#"
    )


def asking_sentence(question: str) -> str:
    """The last sentence that asks (ends in '?'), else the last sentence."""
    parts = [question[a:b].strip() for a, b in sentence_spans(question)]
    asking = [p for p in parts if p.endswith("?")]
    return (asking or parts or [""])[-1]


def evidence_has_kind(kind: str | None, text: str, question: str = "") -> bool:
    """Whether `text` holds the kind of fact asked for; `question` says what a number counts."""
    if kind is None:
        return True
    if kind == "amount":
        return bool(_HAS_AMOUNT.search(text))
    if kind == "number":
        if _COUNTED.search(question):  # it says what it counts: a count of that, not any number
            return counts_what_is_asked(text, question)
        return _has_quantity(text, question)
    if kind == "share":
        return bool(_HAS_SHARE.search(text))
    if kind == "date":
        return bool(_HAS_DATE.search(text))
    if kind == "person":
        return bool(_person_name().search(text))
    if kind == "contact":
        return bool(_HAS_CONTACT.search(text))
    if kind == "wording":
        return bool(_HAS_WORDING.search(text))
    if kind == "provision":
        cited = re.findall(r"(?:§|paragraf|section)\s*(\d+)", question, re.IGNORECASE)
        return bool(cited) and all(re.search(rf"§\s*{n}\b", text) for n in cited)
    if kind.startswith("name_"):
        # a person's name ("Dorte Bukdahl") is two capitalised words too, but no organisation
        return bool(re.search(_NAME_CLASSES[kind[5:]][1], _person_name().sub(" ", text)))
    return True
