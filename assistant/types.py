"""The small typed objects that cross every stage boundary."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Lang = Literal["da", "nb", "en"]


class MissionsguidenError(Exception):
    """An error the user can act on; the CLI prints its message as one line."""


@dataclass(frozen=True)
class DocumentMeta:
    """What the manifest says about a document (empty where the text does not say)."""

    source: str
    title: str
    authors: tuple[str, ...] = ()
    year: int | None = None
    language: str = ""
    kind: str = ""
    description: str = ""


@dataclass(frozen=True)
class Block:
    """A structural unit of a cleaned document: a heading, a paragraph or a list item.

    `start`/`end` index into the cleaned text; `lines` and `page` locate it in the original.
    """

    kind: Literal["heading", "paragraph", "item"]
    start: int
    end: int
    lines: tuple[int, int]
    page: int | None = None


@dataclass(frozen=True)
class Document:
    meta: DocumentMeta
    text: str  # cleaned
    blocks: tuple[Block, ...]
    sha256: str  # of the raw file bytes, for incremental re-ingest


@dataclass(frozen=True)
class Chunk:
    id: str
    source: str
    text: str  # a verbatim span of the cleaned document, at most 1,200 characters
    start: int
    end: int
    heading: str
    locator: str
    ordinal: int
    doc_sha256: str

    @property
    def embed_text(self) -> str:
        """Heading in front so a chunk of bullet fragments still says what it is about."""
        return f"{self.heading}\n{self.text}" if self.heading else self.text


@dataclass(frozen=True)
class Passage:
    chunk: Chunk
    title: str
    score: float
    dense: float = 0.0
    lexical: float = 0.0

    def to_json(self) -> dict:
        return {
            "id": self.chunk.id,
            "source": self.chunk.source,
            "title": self.title,
            "locator": self.chunk.locator,
            "text": self.chunk.text,
            "score": round(self.score, 4),
        }


@dataclass(frozen=True)
class Citation:
    n: int
    passage: Passage
    quote: str  # verbatim source text, at least one sentence
    claim: str = ""  # the knowledge entry's statement this quote supports, if any

    def to_json(self) -> dict:
        return {
            "n": self.n,
            "source": self.passage.chunk.source,
            "title": self.passage.title,
            "locator": self.passage.chunk.locator,
            "quote": self.quote,
            "passage": self.passage.chunk.text,
        }


@dataclass
class Answer:
    question: str
    text: str
    lang: Lang
    mode: str
    refused: bool = False
    reason: str = ""  # why it refused (off-topic, injection, no evidence of the kind asked for...)
    citations: list[Citation] = field(default_factory=list)
    passages: list[Passage] = field(default_factory=list)
    dropped_citations: list[str] = field(default_factory=list)
    suggestions: list[str] = field(default_factory=list)  # a refusal's "ask this instead"

    def to_json(self) -> dict:
        return {
            "answer": self.text,
            "refused": self.refused,
            "reason": self.reason,
            "mode": self.mode,
            "lang": self.lang,
            "citations": [c.to_json() for c in self.citations],
            "dropped_citations": self.dropped_citations,
            "suggestions": self.suggestions,
        }
