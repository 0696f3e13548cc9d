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
    "hvorfor",
    "hvilken",
    "enn",
    "bare",
    "blir",
    "være",
    "også",
    "må",
    "sin",
    "får",
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
}


@lru_cache(maxsize=1)
def _detector():
    from lingua import Language, LanguageDetectorBuilder

    return LanguageDetectorBuilder.from_languages(
        Language.DANISH,
        Language.BOKMAL,
        Language.NYNORSK,
        Language.ENGLISH,
        Language.SWEDISH,
        Language.GERMAN,
        Language.FRENCH,
        Language.SPANISH,
        Language.DUTCH,
        Language.FINNISH,
        Language.POLISH,
        Language.ITALIAN,
    ).build()


def detect(text: str) -> str:
    """ISO code of the most likely language: da, nb, en, or another code (sv, de, ...)."""
    words = set(re.findall(r"[a-zæøåäöü]+", text.lower()))
    if not words:
        return "da"
    result = _detector().detect_language_of(text)
    code = result.iso_code_639_1.name.lower() if result else "da"
    code = {"nn": "nb", "no": "nb"}.get(code, code)
    if code in ("da", "nb"):
        nb, da = len(words & (_NB_ONLY - _DA_ONLY)), len(words & (_DA_ONLY - _NB_ONLY))
        if nb > da:
            code = "nb"
        elif da > nb:
            code = "da"
    return code


def answer_language(text: str, default: Lang = "da") -> Lang:
    code = detect(text)
    return code if code in ("da", "nb", "en") else default  # type: ignore[return-value]
