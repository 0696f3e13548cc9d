"""An answer written from knowledge entries, in the question's language.

The best entry answers directly; the next ones that are nearly as close add the points that
matter, as bullets. Each statement carries the [n] of its quotes; the citations hold the
verbatim quotes, located in the indexed passages so the sources panel can highlight them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..knowledge import Entry, find_span, normalize
from ..types import Chunk, Citation, Lang, Passage
from .match import EntryHit

# How far below the best entry another may score and still be a point of the answer, and how
# many entries at most (the direct answer and four points). On the 241 questions with gold of
# dev, own, fresh and fresh2: 0.035 / 4 states 0.73 of the gold quotes with 2.5 entries an
# answer, 0.05 / 5 0.79 with 3.4, 0.1 / 5 0.81 with 4.5 (longer answers, little more said).
POINT_MARGIN = 0.05
MAX_POINTS = 5


@dataclass(frozen=True)
class Composed:
    text: str
    citations: list[Citation]
    entries: list[Entry]


def choose(
    hits: Sequence[EntryHit],
    margin: float = POINT_MARGIN,
    most: int = MAX_POINTS,
    checks: bool = True,
) -> list[EntryHit]:
    """The best hit and those within `margin` of it, without two that quote the same text.
    Unless the question asks what to ask or check (`checks`), a point whose quotes are only
    questions (a checklist) adds questions, not an answer: it is left out after the first."""
    if not hits:
        return []
    top = hits[0].score
    chosen: list[EntryHit] = []
    seen: set[str] = set()
    for h in hits:
        if h.score < top - margin or len(chosen) >= most:
            break
        quotes = {normalize(q) for q in h.entry.quotes}
        if quotes & seen or any(_overlaps(q, s) for q in quotes for s in seen):
            continue
        if chosen and not checks and all(_asks(q) for q in h.entry.quotes):
            continue
        chosen.append(h)
        seen |= quotes
    return chosen


# A question that asks what to do ("Hvordan får vi ...?", "What should we ...?") is answered
# first by advice; a case or a fact that is as close is an illustration, after it.
# "Hvordan er ... organiseret?" asks how a thing is: a fact; "Hvordan får vi ...?" asks what
# to do: the asker (vi, we, man, jeg, I, dere, you) is its subject.
_ASKS_HOW = re.compile(
    r"\b(?:hvordan|how|hvad|hva|what)\s+(?:\w+\s+){0,2}?(?:vi|we|man|jeg|i|dere|you|one|our"
    r"|vores|vår|våre|vårt|jeres|my|min|mit|mine)\b",
    re.IGNORECASE,
)
_ILLUSTRATIONS = frozenset({"case", "example", "fact"})


def asks_how(question: str) -> bool:
    """Whether the question asks what to do."""
    return bool(_ASKS_HOW.search(question))


def advice_first(chosen: list[EntryHit]) -> list[EntryHit]:
    """The chosen entries with the first piece of advice (or definition, or list) leading,
    when a case, an example or a fact ranked first: the same points, the answer first."""
    if not chosen or chosen[0].entry.kind not in _ILLUSTRATIONS:
        return chosen
    lead = next((h for h in chosen if h.entry.kind not in _ILLUSTRATIONS), None)
    return chosen if lead is None else [lead, *(h for h in chosen if h is not lead)]


def _asks(quote: str) -> bool:
    """A quote that only asks or leads in: a list of questions, or one short question or
    lead-in (a checklist's heading)."""
    end = quote.rstrip(' ”"»')
    return end.endswith(("?", ":")) and (quote.count("?") >= 2 or len(quote.split()) < 20)


def _overlaps(a: str, b: str) -> bool:
    return a in b or b in a


def compose(
    hits: Sequence[EntryHit],
    lang: Lang,
    chunks: dict[str, Chunk],
    titles: dict[str, str],
    chunks_of: dict[str, tuple[str, ...]],
) -> Composed:
    """The answer text and its citations for the chosen hits (best first)."""
    citations: list[Citation] = []
    lines: list[str] = []
    for i, h in enumerate(hits):
        markers = []
        statement = h.entry.statement.get(lang) or h.entry.statement["en"]
        for quote in h.entry.quotes:
            cited = cite(quote, h.entry, chunks, titles, chunks_of.get(h.entry.id, ()), h.score)
            if cited is None:
                continue
            passage, span = cited
            known = next((c.n for c in citations if c.quote == span), None)
            if known is None:
                known = len(citations) + 1
                citations.append(Citation(known, passage, span, statement))
            markers.append(f"[{known}]")
        if not markers:
            continue
        line = f"{statement} {''.join(markers)}"
        lines.append(line if i == 0 else f"- {line}")
    if len(lines) > 1:
        lines.insert(1, "")
    return Composed("\n".join(lines), citations, [h.entry for h in hits])


def cite(
    quote: str,
    entry: Entry,
    chunks: dict[str, Chunk],
    titles: dict[str, str],
    candidates: Sequence[str],
    score: float,
) -> tuple[Passage, str] | None:
    """The indexed passage holding `quote` and the quote as that passage writes it. A quote
    cut by a chunk seam is cited from the two chunks joined."""
    for cid in candidates:
        chunk = chunks.get(cid)
        if chunk is None:
            continue
        span = find_span(chunk.text, quote)
        if span:
            return Passage(chunk, titles.get(cid, ""), score), chunk.text[span[0] : span[1]]
    for cid in candidates:
        chunk = chunks.get(cid)
        following = _next_chunk(chunk, chunks) if chunk else None
        if chunk is None or following is None:
            continue
        joined = _join(chunk, following)
        span = find_span(joined.text, quote)
        if span:
            return Passage(joined, titles.get(cid, ""), score), joined.text[span[0] : span[1]]
    return None


def _next_chunk(chunk: Chunk, chunks: dict[str, Chunk]) -> Chunk | None:
    return next(
        (c for c in chunks.values() if c.source == chunk.source and c.ordinal == chunk.ordinal + 1),
        None,
    )


def _join(a: Chunk, b: Chunk) -> Chunk:
    """Two neighbouring chunks as one passage (they may share text at their seam)."""
    text = (
        a.text + b.text[max(0, a.end - b.start) :] if b.start <= a.end else f"{a.text}\n\n{b.text}"
    )
    first, last = a.locator, b.locator
    return Chunk(
        id=a.id,
        source=a.source,
        text=text,
        start=a.start,
        end=max(a.end, b.end),
        heading=a.heading,
        locator=_span_locator(first, last),
        ordinal=a.ordinal,
        doc_sha256=a.doc_sha256,
    )


def _span_locator(first: str, last: str) -> str:
    """'linje 10–20' and 'linje 18–30' -> 'linje 10–30' (the heading part of the first kept)."""
    if "–" in first and "–" in last:
        return first.rsplit("–", 1)[0] + "–" + last.rsplit("–", 1)[1]
    return first
