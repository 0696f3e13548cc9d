"""Which language a question is in: Danish, Norwegian (bokmål) or English, or something else.

detect_language("Hva er en mission?")  # "nb"
"""

from __future__ import annotations

import re
from functools import lru_cache

from .types import Lang

# Words that tell the two Scandinavian languages apart when the detector hesitates.
_NB_ONLY = {
    "hva",
    "ikke",
    "deg",
    "mye",
    "noen",
    "gjøre",
    "etter",
    "mellom",
    "hvilken",
    "enn",
    "bare",
    "blir",
    "være",
    "også",
    "må",
    "sin",
    "får",
    "vet",
    "meg",
    "oss",
    "vår",
    "våre",
    "gjennom",
    "spørsmål",
    "arbeid",
    "arbeide",
    "hjelpe",
    "noe",
    "seg",
    "ut",
    "opp",
    "av",
    "uten",
    "tvers",
    "samarbeid",
    "utfordring",
    "utfordringer",
    "dere",
    "å",
    "artikkelen",
    "heter",
    "legge",
    "nevne",
    "nevnes",
    "boka",
    "spørsmålet",
}
_DA_ONLY = {
    "hvad",
    "ikke",
    "dig",
    "meget",
    "nogen",
    "gøre",
    "efter",
    "mellem",
    "hvilken",
    "end",
    "bare",
    "bliver",
    "være",
    "også",
    "må",
    "får",
    "af",
    "kun",
    "nogle",
    "sådan",
    "ved",
    "mig",
    "os",
    "vores",
    "gennem",
    "hvornår",
    "spørgsmål",
    "arbejde",
    "hjælpe",
    "noget",
    "sig",
    "ud",
    "op",
    "uden",
    "tværs",
    "samarbejde",
    "udfordring",
    "udfordringer",
    "jer",
    "artiklen",
    "hedder",
    "lægge",
    "nævne",
    "nævnes",
    "bogen",
    "spørgsmålet",
}
# Function words Danish and Norwegian share and English lacks: they keep "Hvordan starter vi
# en coalition of the willing?" Scandinavian despite its English term.
_SCANDI = {
    "vi",
    "en",
    "et",
    "og",
    "er",
    "det",
    "den",
    "der",
    "at",
    "på",
    "til",
    "som",
    "skal",
    "kan",
    "hvordan",
    "hvem",
    "hvilke",
    "hvor",
    "om",
    "med",
    "har",
    "man",
    "jeg",
}
# English function words that no Danish or Norwegian question uses.
_EN_ONLY = {
    "what",
    "the",
    "how",
    "why",
    "does",
    "should",
    "which",
    "who",
    "where",
    "is",
    "are",
    "we",
    "our",
    "of",
    "and",
    "with",
    "can",
    "do",
    "it",
    "this",
    "that",
    "they",
}


_OURS = ("DANISH", "BOKMAL", "NYNORSK", "ENGLISH")
_OTHERS = ("SWEDISH", "GERMAN", "FRENCH", "SPANISH", "DUTCH", "FINNISH", "POLISH", "ITALIAN")


@lru_cache(maxsize=2)
def _detector(ours_only: bool = False):
    """lingua over da/nb/nn/en (its models load in 0.6 s), or with eight more languages too
    (5 s), for a text that may be none of ours."""
    from lingua import Language, LanguageDetectorBuilder

    names = _OURS if ours_only else _OURS + _OTHERS
    return LanguageDetectorBuilder.from_languages(*(getattr(Language, n) for n in names)).build()


# Function words of the other languages a question may come in: any of them sends the text to
# the detector over all twelve languages. Words Danish, Norwegian or English use too are left out.
_OTHER_FUNCTION_WORDS = {
    "de": "der das und wie ist nicht ich wir können eine sind warum",
    "fr": "les est comment pourquoi nous une qui quoi",
    "es": "los las por una",
    "it": "che non come",
    "nl": "het een hoe wat zijn",
    "sv": "och är hur vad inte",
    "pl": "jak czy nie jest",
    "fi": "mitä miten",
}
_OTHER = frozenset(
    {w for words in _OTHER_FUNCTION_WORDS.values() for w in words.split()}
    - _SCANDI
    - _EN_ONLY
    - _DA_ONLY
    - _NB_ONLY
)


def _clear_cut(words: set[str]) -> str | None:
    """da, nb or en when the function words alone decide, else None (ask the detector).

    The detector's models take seconds to load (most of a cold `ask`); on the 574 questions of
    evals/ this decides 68% of them, always as the detector would."""
    if words & _OTHER:
        return None
    nb, da = _scandinavian_marks(words)
    scandi = len(words & _SCANDI) + sum(_scandinavian_marks(words, spellings=False))
    en = len(words & _EN_ONLY)
    if en >= 2 and scandi == 0 and nb == da == 0:
        return "en"
    if scandi >= 2 and en == 0 and nb != da:
        return "nb" if nb > da else "da"
    return None


def _surely_ours(words: set[str]) -> bool:
    """Da, nb or en beyond doubt, only not which: on evals/ the detector over our languages
    alone then says what the one over all twelve says (145 of 145 such questions)."""
    function_words = words & (_SCANDI | _EN_ONLY)
    return not words & _OTHER and len(function_words) >= 2


# Everyday English words that the question-word list above leaves out; only for telling that a
# short request is English at all ("Give me a recipe for lasagna.", which lingua calls Italian).
_EN_COMMON = frozenset(
    [
        "a",
        "an",
        "and",
        "about",
        "for",
        "from",
        "give",
        "me",
        "my",
        "of",
        "on",
        "please",
        "tell",
        "to",
        "with",
        "you",
        "your",
        "i",
        "can",
        "could",
    ]
)


def speaks_ours(text: str) -> bool:
    """Whether the text uses two or more function words of Danish, Norwegian or English and
    none of the other languages': then it is ours, whatever a detector makes of its nouns."""
    words = _words(text)
    return not words & _OTHER and len(words & (_SCANDI | _EN_ONLY | _EN_COMMON)) >= 2


@lru_cache(maxsize=4096)
def detect(text: str) -> str:
    """ISO code of the most likely language: da, nb, en, or another code (sv, de, ...).
    Cached: the answer stage asks it of the same question several times."""
    words = _words(text)
    if not words:
        return "da"
    if code := _clear_cut(words):
        return code
    result = _detector(ours_only=_surely_ours(words)).detect_language_of(text)
    code = result.iso_code_639_1.name.lower() if result else "da"
    code = {"nn": "nb", "no": "nb"}.get(code, code)
    nb, da = _scandinavian_marks(words)
    # Spellings do not count against English: "organisation" is English too.
    scandi = len(words & _SCANDI) + sum(_scandinavian_marks(words, spellings=False))
    en = len(words & _EN_ONLY)
    # A short question full of names or loan words fools the detector ("Hvad menes med
    # co-creation?" is not English; "What is Ungegarantien in Hjørring?" is not Danish).
    if code == "en" and scandi > en:
        code = "nb" if nb > da else "da"
    elif code in ("da", "nb") and en >= 2 and en > scandi:
        code = "en"
    if code in ("da", "nb"):
        if nb > da:
            code = "nb"
        elif da > nb:
            code = "da"
    return code


def tells_danish_from_norwegian(text: str) -> bool:
    """Whether the text has more marks of one of Danish and Norwegian than of the other."""
    nb, da = _scandinavian_marks(_words(text))
    return nb != da


# organisation / organisasjon, mulighed / mulighet ("mission" is a loan word in both)
_DA_SPELLING = re.compile(r"(?:ation|hed(?:en|er|erne|ens)?$)")
_NB_SPELLING = re.compile(r"(?:asjon|isjon|het(?:en|er|ene|ens)?$)")


def _scandinavian_marks(words: set[str], spellings: bool = True) -> tuple[int, int]:
    """(Norwegian, Danish): words only one of them uses, and their spellings of shared words."""
    nb, da = len(words & (_NB_ONLY - _DA_ONLY)), len(words & (_DA_ONLY - _NB_ONLY))
    if spellings:
        long_words = [w for w in words if len(w) > 5]
        nb += sum(1 for w in long_words if _NB_SPELLING.search(w))
        da += sum(1 for w in long_words if _DA_SPELLING.search(w))
    return nb, da


def _words(text: str) -> set[str]:
    return set(re.findall(r"[a-zæøåäöü]+", text.lower()))


def answer_language(text: str, default: Lang = "da") -> Lang:
    code = detect(text)
    return code if code in ("da", "nb", "en") else default  # type: ignore[return-value]
