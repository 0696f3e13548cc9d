"""Sentence spans and the text folding used to compare quotes with sources.

spans = sentence_spans("Det er godt. F.eks. her.")  # [(0, 12), (13, 24)]
fold("sam-\\nfundet ”x”") == 'samfundet "x"'
"""

from __future__ import annotations

import re
import unicodedata

_SYMBOL_BULLET = re.compile("[\ue000-\uf8ff]")  # bullet glyphs from a PDF's private-use font


def readable(text: str) -> str:
    """Source text as a reader should see it: a PDF's symbol-font bullet glyph (an empty box
    on screen) shown as •. Quotes stay verbatim everywhere else."""
    return _SYMBOL_BULLET.sub("•", text)


# Abbreviations that end in a period without ending the sentence (da / nb / en).
_ABBREVIATIONS = {
    "f.eks",
    "fx",
    "bl.a",
    "dvs",
    "ca",
    "mv",
    "osv",
    "jf",
    "nr",
    "kr",
    "pkt",
    "evt",
    "inkl",
    "ekskl",
    "mht",
    "vedr",
    "iflg",
    "ift",
    "ifm",
    "m.fl",
    "m.m",
    "s",
    "e.g",
    "i.e",
    "etc",
    "vs",
    "dr",
    "mr",
    "mrs",
    "prof",
    "st",
    "no",
    "t.d",
    "m.a",
    "o.l",
    "ev",
    "mill",
    "mio",
    "mia",
    "fig",
    "red",
    "ref",
    "kap",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "okt",
    "nov",
    "dec",
}
_BOUNDARY = re.compile(r"[.!?…]+[\"”»')\]]*\s+|\n{2,}|(?<=[;:])\s+(?=[•\-–]\s)|\s+(?=[•▪●]\s)")
_WORD_BEFORE = re.compile(r"([\w.]+)[.]$")


def sentence_spans(text: str, min_chars: int = 2) -> list[tuple[int, int]]:
    """Split at sentence ends, blank lines and bullet markers, keeping abbreviations whole."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _BOUNDARY.finditer(text):
        end = m.end()
        head = text[start : m.start() + 1].rstrip()
        word = _WORD_BEFORE.search(head)
        if word and m.group(0).startswith(".") and _is_abbreviation(word.group(1), text, end):
            continue
        _add(spans, text, start, end)
        start = end
    _add(spans, text, start, len(text))
    return [s for s in spans if s[1] - s[0] >= min_chars]


def _is_abbreviation(word: str, text: str, next_start: int) -> bool:
    w = word.lower().rstrip(".")
    if w in _ABBREVIATIONS or (len(w) == 1 and w.isalpha()):
        return True
    # "15. maj", "3. trin": an ordinal before a lower-case word is not a sentence end.
    return w.isdigit() and next_start < len(text) and text[next_start].islower()


def _add(spans: list[tuple[int, int]], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start, end))


def fold(text: str) -> str:
    """Fold what extraction and typography vary: hyphenation, whitespace, quote marks, case."""
    text = unicodedata.normalize("NFKC", text)
    text = re.sub(r"(\w)-\s*\n\s*(\w)", r"\1\2", text)
    text = text.replace("\u00ad", "")
    text = re.sub(r"[\u201c\u201d\u201e\u00ab\u00bb\u2033\"]", '"', text)
    text = re.sub(r"[\u2018\u2019\u00b4`]", "'", text)
    text = re.sub(r"[\u2013\u2014]", "-", text)
    return re.sub(r"\s+", " ", text).strip().lower()
