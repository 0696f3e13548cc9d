"""Repair what PDF/web extraction broke and find the document's structure.

    text, blocks = clean_pages([(None, raw_text)])       # a .txt / .md file
    text, blocks = clean_pages([(1, page1), (2, page2)])  # a PDF, page numbers kept

The cleaned text is the blocks joined by blank lines; every block records the original
line range (and page) it came from, so a citation can always be followed back.
"""

from __future__ import annotations

import re
import statistics
import unicodedata
from dataclasses import dataclass

from .types import Block

_URL_LINE = re.compile(r"^\s*(?:<?https?://|www\.)\S+>?\s*$", re.IGNORECASE)
_PAGE_NUMBER = re.compile(r"^\s*(?:side |page |s\. )?\d{1,4}\s*$", re.IGNORECASE)
_BULLET = re.compile(r"^\s*(?:[•▪●◦‣∙·*\-–—\uf0a7\uf0b7\uf0d8\uf0fc]|\d{1,2}[.)]|[a-z][.)])\s+")
_MD_HEADING = re.compile(r"^\s*#{1,6}\s+")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u200b\u200c\u200d\ufeff\u00ad]")
_TERMINAL = (".", "!", "?", ":", "…", '"', "”", "»")
# Words that follow a kept hyphen in Danish/Norwegian compounds: "social- og sundhed".
_FUNCTION_WORDS = {
    "og",
    "i",
    "at",
    "af",
    "til",
    "for",
    "med",
    "som",
    "der",
    "en",
    "et",
    "de",
    "på",
    "om",
    "eller",
    "å",
    "av",
    "the",
    "and",
    "of",
    "to",
    "a",
    "in",
    "or",
    "with",
    "er",
    "ved",
}
_ELISION_NEXT = {"og", "eller", "samt", "som", "til", "and", "or"}


@dataclass
class _Line:
    text: str
    lineno: int
    page: int | None


@dataclass
class _Segment:
    """Lines joined into one logical block during cleaning."""

    text: str
    first: int
    last: int
    page: int | None
    kind: str  # heading | paragraph | item
    last_line: str = ""
    n_lines: int = 1


def normalize_line(line: str) -> str:
    line = unicodedata.normalize("NFC", line)
    line = _CONTROL.sub("", line).replace("\t", " ").replace("\u00a0", " ")
    return re.sub(r" {2,}", " ", line).strip()


def _is_junk(line: str) -> bool:
    return bool(_URL_LINE.match(line) or _PAGE_NUMBER.match(line))


def _starts_lower(text: str) -> bool:
    return bool(text) and (text[0].islower() or text[0].isdigit() or text[0] in "(,;")


def _join(left: str, right: str) -> str:
    """Join two pieces of one sentence, undoing line-break hyphenation (`sam-` + `fundet`)."""
    if re.search(r"\w-$", left) and right[:1].islower():
        first_word = re.match(r"\w+", right)
        if first_word and first_word.group(0).lower() in _ELISION_NEXT:
            return f"{left} {right}"
        return left[:-1] + right
    return f"{left} {right}"


def _line_kind(text: str) -> str:
    if _BULLET.match(text):
        return "item"
    if _MD_HEADING.match(text):
        return "heading"
    return "paragraph"


def _looks_like_heading(text: str, width: float) -> bool:
    stripped = text.rstrip()
    return (
        len(stripped) <= min(90.0, 0.75 * width)
        and not stripped.endswith((".", ",", ";", "-", ":"))
        and stripped.rsplit(" ", 1)[-1].lower() not in _FUNCTION_WORDS
        and stripped[:1].isupper()
        and len(stripped.split()) <= 12
    )


def _segments(lines: list[_Line], width: float) -> list[_Segment]:
    """Split one blank-line-delimited group of lines into blocks, joining broken lines."""
    segs: list[_Segment] = []
    for ln in lines:
        kind = _line_kind(ln.text)
        if segs and kind == "paragraph" and segs[-1].kind != "heading":
            prev = segs[-1]
            if _starts_lower(ln.text) or not _is_break(prev, width):
                prev.text = _join(prev.text, ln.text)
                prev.last, prev.last_line = ln.lineno, ln.text
                prev.n_lines += 1
                continue
            if prev.n_lines == 1 and _looks_like_heading(prev.text, width):
                prev.kind = "heading"
        text = _strip_markup(ln.text, kind)
        segs.append(_Segment(text, ln.lineno, ln.lineno, ln.page, kind, ln.text))
    return segs


def _is_break(prev: _Segment, width: float) -> bool:
    """A short line before a capitalised one ends a paragraph or is a heading."""
    if len(prev.last_line) >= 0.6 * width:
        return False
    if prev.last_line.endswith(_TERMINAL):
        return True
    return prev.n_lines == 1 and prev.kind == "paragraph" and _looks_like_heading(prev.text, width)


def _strip_markup(text: str, kind: str) -> str:
    return _MD_HEADING.sub("", text) if kind == "heading" else text


def _line_width(lines: list[_Line]) -> float:
    lengths = sorted(len(ln.text) for ln in lines if ln.text)
    if not lengths:
        return 80.0
    return max(20.0, statistics.quantiles(lengths, n=10)[8] if len(lengths) >= 10 else lengths[-1])


def clean_pages(pages: list[tuple[int | None, str]]) -> tuple[str, tuple[Block, ...]]:
    """Clean raw extracted text into (text, blocks)."""
    groups: list[list[_Line]] = [[]]
    all_lines: list[_Line] = []
    for page, raw in pages:
        for lineno, rawline in enumerate(raw.splitlines(), start=1):
            text = normalize_line(rawline)
            # Blank lines, and indented lines (page starts in these extracts), open a new group.
            if (not text or _is_junk(text) or rawline[:1].isspace()) and groups[-1]:
                groups.append([])
            if not text or _is_junk(text):
                continue
            ln = _Line(text, lineno, page)
            groups[-1].append(ln)
            all_lines.append(ln)
        if groups[-1]:
            groups.append([])
    width = _line_width(all_lines)

    segs: list[_Segment] = []
    for group in groups:
        if not group:
            continue
        new = _segments(group, width)
        # A blank line inside a sentence ("Den\n\nerkendelse kræver") is an extraction artefact.
        if (
            segs
            and new
            and new[0].kind == "paragraph"
            and segs[-1].kind in ("paragraph", "item")
            and _starts_lower(new[0].text)
            and not segs[-1].text.endswith((".", "!", "?", "…"))
        ):
            prev = segs[-1]
            prev.text = _join(prev.text, new[0].text)
            if new[0].page == prev.page:
                prev.last = new[0].last
            prev.last_line, prev.n_lines = new[0].last_line, prev.n_lines + new[0].n_lines
            new = new[1:]
        segs.extend(new)

    for seg in segs:
        if seg.kind == "paragraph" and seg.n_lines == 1 and _looks_like_heading(seg.text, width):
            seg.kind = "heading"

    parts: list[str] = []
    blocks: list[Block] = []
    pos = 0
    for seg in segs:
        text = seg.text.strip()
        if sum(ch.isalpha() for ch in text) < 2:  # slide debris: "D", "→", "1"
            continue
        if parts:
            pos += 2
        blocks.append(Block(seg.kind, pos, pos + len(text), (seg.first, seg.last), seg.page))  # type: ignore[arg-type]
        parts.append(text)
        pos += len(text)
    return "\n\n".join(parts), tuple(blocks)
