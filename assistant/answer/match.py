"""Which knowledge entries a question asks for.

An entry is found by the ways people ask for it (question against question, e5 "query:" on
both sides), by its statements in the three languages (question against passage), and by the
passage search: an entry whose quote sits in a top-ranked passage gains a little. The entry
vectors are computed once per knowledge base and embedder and cached on disk; the package ships
the cache for the default embedder, so a fresh install does not embed them again.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np

from ..embed import Embedder
from ..knowledge import LANGS, Entry, find_span, folded, normalize
from ..retrieve import Window
from ..types import Chunk, Passage

# An entry's hubness: the mean similarity of its ways of asking to their 30 nearest ways of
# asking other entries (of ~4,200), as the passages' is measured against their nearest windows.
HUB_NEIGHBOURS = 30
# Passage support by rank of the passage holding an entry's quote (0 = the top passage).
RANK_SUPPORT = (1.0, 0.8, 0.65, 0.5, 0.4, 0.3, 0.25, 0.2)


@dataclass(frozen=True)
class EntryHit:
    """An entry scored against one question; `score` ranks, the parts explain it."""

    entry: Entry
    score: float
    ask: float
    statement: float
    support: float
    quote: float
    hub: float = 0.0


# A checklist (the handbook's quality questions, a mobilisation exercise) answers a question
# about what to ask or check; to any other question it offers questions instead of an answer.
_ASKS_FOR_CHECKS = re.compile(
    r"kvalitet|quality|spørgsm|spørsm|question|tjek|sjekk|check|vurder|evaluat|assess|kriteri"
    r"|criteri|test|øvelse|øvelsen|exercise",
    re.IGNORECASE,
)


def asks_for_checks(question: str) -> bool:
    """Whether the question asks what to ask or check (then checklists are answers)."""
    return bool(_ASKS_FOR_CHECKS.search(question))


@dataclass(frozen=True)
class Weights:
    """Chosen by a grid search on the 207 questions of dev, own, fresh and fresh2 whose gold
    some entry states: the gold entry ranks first for 0.66 of them and in the top 3 for 0.83
    (the best settings lay within 0.02 of each other)."""

    ask: float = 0.8
    statement: float = 0.4
    support: float = 0.03
    quote: float = 0.2
    hub: float = 0.2
    checklist: float = 0.02  # what a checklist loses when the question asks for no checks


class KnowledgeIndex:
    """Entry vectors for one embedder, and where each entry's quotes lie in the index."""

    def __init__(self, entries: Sequence[Entry], embedder: Embedder, cache_dirs: Sequence[Path]):
        self.entries = tuple(entries)
        self.embedder = embedder
        self.cache_dirs = tuple(cache_dirs)
        self._vectors: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray] | None = None
        self._hub: np.ndarray | None = None
        self._spans: dict[str, tuple[tuple[str, int, int], ...]] = {}
        self._chunk_generation: object = None
        self._covered: frozenset[str] | None = None

    # -- vectors -------------------------------------------------------------------------------

    def _texts(self) -> tuple[list[str], list[int], list[str], list[int]]:
        asks, ask_owner, statements, statement_owner = [], [], [], []
        for i, e in enumerate(self.entries):
            for lang in LANGS:
                for a in e.asks.get(lang, ()):
                    asks.append(a)
                    ask_owner.append(i)
                statements.append(e.statement.get(lang, ""))
                statement_owner.append(i)
        return asks, ask_owner, statements, statement_owner

    def vectors(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """(ask vectors, their entry rows, statement vectors, their entry rows)."""
        if self._vectors is None:
            self._vectors = self._build()
        return self._vectors

    def _checklists(self) -> np.ndarray:
        return np.array([e.kind == "question_list" for e in self.entries], dtype=np.float32)

    def hubness(self) -> np.ndarray:
        """Each entry's mean similarity of its ways of asking to their nearest ways of asking
        other entries: an entry near every question (a generic one) is a hub, as passages
        are, and pays a share of it when ranked (CSLS, Conneau et al. 2018)."""
        if self._hub is None:
            asks, owner, _, _ = self.vectors()
            hub = self._shipped_hub()
            if hub is None:
                hub = self._hubness(asks, owner)
            self._hub = hub
        return self._hub

    def _hub_key(self) -> str:
        """What the hubness depends on: every way of asking and its entry, in order."""
        asks, owner, _, _ = self._texts()
        return hashlib.sha1(json.dumps([asks, owner]).encode("utf-8")).hexdigest()

    def _shipped_hub(self) -> np.ndarray | None:
        """The hubness saved with the vectors for this very set of ways of asking (computing
        it takes most of a second, on every cold start)."""
        key = self._hub_key()
        name = f"knowledge-{_slug(self.embedder.name)}.npz"
        for d in self.cache_dirs:
            if (d / name).is_file():
                with np.load(d / name) as z:
                    if "hub_key" in z.files and str(z["hub_key"]) == key:
                        return z["hub"].astype(np.float32)
        return None

    def _hubness(self, asks: np.ndarray, owner: np.ndarray) -> np.ndarray:
        hub = np.zeros(len(self.entries), dtype=np.float32)
        if len(asks):
            sims = asks @ asks.T
            sims[owner[:, None] == owner[None, :]] = -1.0
            k = min(HUB_NEIGHBOURS, max(1, len(asks) - 1))
            near = -np.partition(-sims, k - 1, axis=1)[:, :k].mean(axis=1)
            total = np.zeros(len(self.entries), dtype=np.float32)
            count = np.zeros(len(self.entries), dtype=np.float32)
            np.add.at(total, owner, near)
            np.add.at(count, owner, 1.0)
            hub = (total / np.maximum(count, 1.0)).astype(np.float32)
        return hub

    def _build(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Vectors from the cache where it has them (any earlier version of the knowledge
        base, for this embedder), embedding only the texts it lacks."""
        asks, ask_owner, statements, statement_owner = self._texts()
        known_asks, known_statements = self._cached()
        fresh = not (set(asks) <= known_asks.keys() and set(statements) <= known_statements.keys())
        result = (
            self._embed(asks, known_asks, self.embedder.embed_queries),
            np.asarray(ask_owner, dtype=np.int32),
            self._embed(statements, known_statements, self.embedder.embed_passages),
            np.asarray(statement_owner, dtype=np.int32),
        )
        if fresh:
            self.save(asks, statements, result)
        return result

    @staticmethod
    def _embed(texts: list[str], known: dict[str, np.ndarray], embed: Callable) -> np.ndarray:
        missing = list(dict.fromkeys(t for t in texts if t not in known))
        if missing:
            known = {**known, **dict(zip(missing, np.asarray(embed(missing)), strict=True))}
        return np.vstack([known[t] for t in texts]).astype(np.float32)

    def _cached(self) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
        asks: dict[str, np.ndarray] = {}
        statements: dict[str, np.ndarray] = {}
        name = f"knowledge-{_slug(self.embedder.name)}.npz"
        for d in reversed(self.cache_dirs):
            if (d / name).is_file():
                with np.load(d / name) as z:
                    asks.update(zip(z["ask_texts"].tolist(), z["asks"], strict=True))
                    statements.update(
                        zip(z["statement_texts"].tolist(), z["statements"], strict=True)
                    )
        return asks, statements

    def save(
        self,
        asks: list[str],
        statements: list[str],
        vectors: tuple[np.ndarray, ...],
        directory: Path | None = None,
        hub: np.ndarray | None = None,
    ) -> Path | None:
        """Write the vectors (float16: half the size, rankings unchanged) with their texts to
        the first writable cache directory, or to `directory`; with `hub`, the hubness too."""
        arrays: dict[str, Any] = {
            "ask_texts": np.asarray(asks),
            "asks": vectors[0].astype(np.float16),
            "statement_texts": np.asarray(statements),
            "statements": vectors[2].astype(np.float16),
        }
        if hub is not None:
            arrays |= {"hub": hub.astype(np.float32), "hub_key": np.asarray(self._hub_key())}
        for d in [directory] if directory else self.cache_dirs[::-1]:
            try:
                d.mkdir(parents=True, exist_ok=True)
                path = d / f"knowledge-{_slug(self.embedder.name)}.npz"
                np.savez_compressed(path, **arrays)
                return path
            except OSError:
                continue
        return None

    # -- where the quotes are -----------------------------------------------------------------

    def locate(self, chunks: dict[str, Chunk]) -> None:
        """For every entry, where its quotes lie in the indexed chunks: (chunk id, start, end)
        of the whole quote, or of its first or last half where a chunk seam cuts it."""
        if self._chunk_generation is chunks:
            return
        by_source: dict[str, list[tuple[str, tuple[str, tuple[int, ...]]]]] = {}
        for cid, c in chunks.items():
            by_source.setdefault(c.source, []).append((cid, folded(c.text)))
        found: dict[str, tuple[tuple[str, int, int], ...]] = {}
        for e in self.entries:
            spans: list[tuple[str, int, int]] = []
            for q in e.quotes:
                words = q.split()
                half = len(words) // 2
                parts = (
                    [q] if len(words) < 12 else [q, " ".join(words[:half]), " ".join(words[half:])]
                )
                for part in parts:
                    key = normalize(part)
                    here = [
                        (cid, *span)
                        for cid, fold in by_source.get(e.source, ())
                        if key in fold[0] and (span := find_span(chunks[cid].text, part, fold, key))
                    ]
                    spans += here
                    if here:
                        break
            found[e.id] = tuple(dict.fromkeys(spans))
        self._spans = found
        self._covered = None
        self._chunk_generation = chunks

    def chunks_of(self, entry: Entry) -> tuple[str, ...]:
        return tuple(dict.fromkeys(cid for cid, _, _ in self._spans.get(entry.id, ())))

    @cached_property
    def text(self) -> str:
        """Every statement, way of asking and quote, lowercased: the words the entries know."""
        parts = [
            t
            for e in self.entries
            for t in (*e.statement.values(), *e.quotes, *(a for v in e.asks.values() for a in v))
        ]
        return " ".join(parts).lower()

    @cached_property
    def said(self) -> str:
        """Every statement and quote, as written: what the entries say (their ways of asking
        are users' words, and name places and bodies the texts never mention)."""
        return " ".join(t for e in self.entries for t in (*e.statement.values(), *e.quotes))

    def covers(self, chunk_id: str) -> bool:
        """Whether some entry quotes the chunk (after `locate`): its content is authored."""
        if self._covered is None:
            self._covered = frozenset(cid for spans in self._spans.values() for cid, _, _ in spans)
        return chunk_id in self._covered

    # -- matching ------------------------------------------------------------------------------

    def match(
        self,
        vector: np.ndarray,
        passages: Sequence[Passage],
        windows: Callable[[str], Sequence[Window]],
        weights: Weights = Weights(),
        checks: bool = True,
    ) -> list[EntryHit]:
        """Every entry scored against a question vector, best first. `windows(chunk_id)`: the
        chunk's sentence windows scored against the question (the passage search's own)."""
        asks, ask_owner, statements, statement_owner = self.vectors()
        n = len(self.entries)
        ask = np.full(n, -1.0, dtype=np.float32)
        np.maximum.at(ask, ask_owner, asks @ vector)
        statement = np.full(n, -1.0, dtype=np.float32)
        np.maximum.at(statement, statement_owner, statements @ vector)
        rank = {p.chunk.id: r for r, p in enumerate(passages)}
        support = np.zeros(n, dtype=np.float32)
        quote = np.zeros(n, dtype=np.float32)
        scored: dict[str, Sequence[Window]] = {}
        for i, e in enumerate(self.entries):
            spans = self._spans.get(e.id, ())
            ranks = [rank[cid] for cid, _, _ in spans if cid in rank]
            if ranks and min(ranks) < len(RANK_SUPPORT):
                support[i] = RANK_SUPPORT[min(ranks)]
            for cid, start, end in spans:
                if cid not in scored:
                    scored[cid] = windows(cid)
                near = [w.score for w in scored[cid] if w.start < end and w.end > start]
                quote[i] = max([quote[i], *near])
        score = (
            weights.ask * ask
            + weights.statement * statement
            + weights.support * support
            + weights.quote * quote
            - weights.hub * (hub := self.hubness())
        )
        if not checks:
            score = score - weights.checklist * self._checklists()
        order = np.argsort(-score)
        return [
            EntryHit(
                self.entries[i],
                float(score[i]),
                float(ask[i]),
                float(statement[i]),
                float(support[i]),
                float(quote[i]),
                float(hub[i]),
            )
            for i in order
        ]


def _slug(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9.-]+", "_", name)[-60:]
