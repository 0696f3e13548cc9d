"""Hybrid retrieval: dense (chunks and their sentence windows) + BM25 with stemming, fused.

    retriever = Retriever(settings, store, embedder); retriever.warm()
    result = retriever.search("Hvordan starter vi en coalition of the willing?", k=5)

Stage 1 gathers candidates from the vector store (approximate, scales) and from BM25.
Stage 2 scores every candidate exactly: 0.5 * chunk similarity + 0.5 * best window
similarity, each less a share of its hubness, min-max normalised and fused with BM25
(weight 0.3; English questions reach the Danish/Norwegian words through the glossary).
Near-duplicates are skipped so five copies of one slide cannot crowd out the rest; an
optional cross-encoder reorders the top.
"""

from __future__ import annotations

import re
import threading
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

import numpy as np

from .embed import Embedder
from .glossary import expand_query
from .index import record_chunk
from .ingest import load_manifest
from .lang import answer_language
from .settings import Settings
from .store import VectorStore
from .types import Chunk, Lang, MissionsguidenError, Passage

# The dense half's share of the fused score; BM25 has the rest (the glossary carries it
# across languages).
DENSE_WEIGHT = 0.7
# In a conversation: a lift for passages next to those the last answer used, and one for
# anything in the same documents, since a follow-up mostly stays in the text it was answered
# from (follow-up hit@5 on the held-out conversations 0.74 -> 0.81).
NEAR_BONUS = 0.2
FOCUS_BONUS = 0.2
SENTENCE_TOPIC_WEIGHT = 0.3  # the topic's share in the vector that picks a follow-up's quotes
NAMED_BONUS = 0.2  # for the document a question names ("ifølge håndbogen", "in the talk on ...")
# Hubness: a generic paragraph or a slide of keywords sits close to every question in e5's
# narrow cosine band and took the top place from the passage that answers. As in CSLS (Conneau et al. 2018), a
# vector's similarity is lowered by its mean similarity to its nearest windows elsewhere in
# the corpus: the nearest HUB_SHARE of them, among at most HUB_SAMPLE. On all 238 questions
# with gold in the dev, own, fresh and fresh2 sets, hit@1 0.67 -> 0.69 and hit@5 0.88 -> 0.90,
# no set lower on either.
CHUNK_HUB_WEIGHT = 0.5
WINDOW_HUB_WEIGHT = 0.25
HUB_SHARE = 0.015
HUB_SAMPLE = 4096
_STOPWORDS = frozenset(
    line.strip()
    for line in (Path(__file__).parent / "resources" / "stopwords.txt")
    .read_text("utf-8")
    .splitlines()
    if line.strip() and not line.startswith("#")
)


class IndexMismatchError(MissionsguidenError):
    """The index was built by another embedder than the one configured."""


@dataclass
class Retrieval:
    question: str
    lang: Lang
    query: str  # what was actually searched for (after glossary expansion)
    vector: np.ndarray
    passages: list[Passage] = field(default_factory=list)
    lexical_best: float = 0.0  # the top BM25 score over the whole index: any lexical evidence?
    # With a topic mixed in, the message's own vector and BM25 best, before the mix: whether a
    # self-contained question is covered at all is judged on its own words, not the topic's.
    own_vector: np.ndarray | None = None
    own_lexical_best: float = 0.0


@dataclass(frozen=True)
class Window:
    chunk_id: str
    start: int  # offsets inside the chunk text
    end: int
    score: float


@lru_cache(maxsize=4)
def _stemmer(lang: str) -> Any:
    import Stemmer

    return Stemmer.Stemmer({"nb": "norwegian", "en": "english"}.get(lang, "danish"))


def tokenize(text: str, lang: str = "da") -> list[str]:
    stem = _stemmer(lang)
    return [
        stem.stemWord(w)
        for w in re.findall(r"\w+", text.lower())
        if w not in _STOPWORDS and (len(w) > 1 or w.isdigit())  # "trin 1", "nøgle 4"
    ]


Method = Literal["hybrid", "dense", "bm25"]


class Retriever:
    window_weight = 0.5  # dense score = (1 - w) * chunk similarity + w * best window similarity

    def __init__(self, settings: Settings, store: VectorStore, embedder: Embedder) -> None:
        self.settings = settings
        self.store = store
        self.embedder = embedder
        self._warm_generation = ""
        self.chunks: dict[str, Chunk] = {}
        self._document_text: dict[tuple[str, bool], str] = {}  # filled as `mentions` asks
        self.titles: dict[str, str] = {}
        self.kinds: dict[str, str] = {}  # document -> its manifest kind (handbook, talk, ...)
        self._reranker: Any = None
        self._warm_lock = threading.Lock()
        # Starter questions and a conversation's topic (embedded again for every follow-up)
        # come back often; the model is the costliest step of a search.
        self._query_vector = lru_cache(maxsize=2048)(self._embed_query)

    # -- loading -----------------------------------------------------------------------------

    def warm(self) -> None:
        """Load the live index once (chunks, vectors, BM25); again only when it changed.

        Web users share one retriever: the lock keeps two threads from loading at once."""
        with self._warm_lock:
            self._warm()

    def _warm(self) -> None:
        info = self.store.info()
        if info is None:
            raise MissionsguidenError("the index is empty: run `missionsguiden ingest` first")
        if info.embedder != self.embedder.name:
            raise IndexMismatchError(
                f"the index was built with '{info.embedder}' but the configured embedder is"
                f" '{self.embedder.name}'; vectors from different models cannot be compared."
                " Run `missionsguiden ingest` to rebuild it, or set MISSIONSGUIDEN_EMBEDDER back."
            )
        if info.generation == self._warm_generation:
            return
        import bm25s

        chunks: dict[str, Chunk] = {}
        titles: dict[str, str] = {}
        chunk_vecs: dict[str, np.ndarray] = {}
        windows: dict[str, list[tuple[int, int, np.ndarray]]] = defaultdict(list)
        for rec in self.store.records(with_vectors=True):
            if rec.vector is None:
                continue
            if rec.metadata.get("kind") == "window":
                windows[str(rec.metadata["parent"])].append(
                    (int(rec.metadata["start"]), int(rec.metadata["end"]), rec.vector)
                )
            else:
                chunk, title = record_chunk(rec)
                chunks[chunk.id] = chunk
                titles[chunk.id] = title
                chunk_vecs[chunk.id] = rec.vector
        self.ids = sorted(chunks, key=lambda cid: (chunks[cid].source, chunks[cid].ordinal))
        self.row = {cid: i for i, cid in enumerate(self.ids)}
        self.chunks, self.titles = chunks, titles
        self.chunk_matrix = np.vstack([chunk_vecs[cid] for cid in self.ids])
        self.windows = {cid: sorted(windows.get(cid, []), key=lambda w: w[0]) for cid in self.ids}
        self._measure_hubness()
        self._document_text = {}
        tokens = [tokenize(f"{chunks[c].heading} {chunks[c].text}") or ["_"] for c in self.ids]
        self.kinds = {m.source: m.kind for m in load_manifest(self.settings.corpus_dir).values()}
        self.bm25 = bm25s.BM25()
        self.bm25.index(tokens, show_progress=False)
        self._warm_generation = info.generation

    def _measure_hubness(self) -> None:
        """Each chunk's and window's hubness, subtracted from its similarity when ranking."""
        owners = np.array([self.row[c] for c in self.ids for _ in self.windows[c]], dtype=np.int64)
        self.chunk_hub = np.zeros(len(self.ids), dtype=np.float32)
        self.window_hub: dict[str, np.ndarray] = {
            c: np.zeros(len(self.windows[c]), dtype=np.float32) for c in self.ids
        }
        if not owners.size:
            return
        matrix = np.vstack([w[2] for c in self.ids for w in self.windows[c]]).astype(np.float32)
        sample = np.unique(
            np.linspace(0, len(owners) - 1, min(len(owners), HUB_SAMPLE)).astype(int)
        )
        reference, reference_owners = matrix[sample], owners[sample]
        self.chunk_hub = _hubness(
            self.chunk_matrix, np.arange(len(self.ids)), reference, reference_owners
        )
        window_hub = _hubness(matrix, owners, reference, reference_owners)
        at = 0
        for c in self.ids:
            n = len(self.windows[c])
            self.window_hub[c] = window_hub[at : at + n]
            at += n

    # -- searching ---------------------------------------------------------------------------

    def embed_query(self, text: str) -> np.ndarray:
        """The question's own vector (cached; read-only)."""
        return self._query_vector(text)

    def _embed_query(self, text: str) -> np.ndarray:
        vector = np.asarray(self.embedder.embed_queries([text])[0], dtype=np.float32)
        vector.setflags(write=False)  # shared through the cache
        return vector

    def search(
        self,
        question: str,
        k: int | None = None,
        lang: Lang | None = None,
        context: str = "",
        context_weight: float = 0.0,
        near: Sequence[str] = (),
        method: Method = "hybrid",
    ) -> Retrieval:
        """Passages for `question`. In a conversation, `context` (the topic so far) is searched
        for too and its scores are added with `context_weight`, and passages `near` the ones
        the last answer drew on (same or neighbouring chunk, or just the same document) get a
        small lift.

        `method` "dense" or "bm25" ranks by one half alone: the baselines of an eval run."""
        self.warm()
        k = k or self.settings.k
        lang = lang or answer_language(question)
        query, vector, lexical_all = self._query(question)
        candidates = self._candidates(
            vector if method != "bm25" else None, lexical_all if method != "dense" else None
        )
        with_topic = bool(context) and context_weight > 0
        own_vector, own_lexical_best = vector, _best(lexical_all)
        if with_topic:
            _, ctx_vector, ctx_lexical = self._query(context)
            more = self._candidates(
                ctx_vector if method != "bm25" else None, ctx_lexical if method != "dense" else None
            )
            candidates = list(dict.fromkeys(candidates + more))
        fused, dense, lexical = self._fuse(candidates, vector, lexical_all, method)
        fused = fused + self._named_bonus(question, candidates, fused)
        if with_topic:
            # Two searches, scores added: the message's own words keep their full weight, and
            # the topic decides among what they find (follow-up hit@5 on the held-out
            # conversations 0.81 -> 0.86, against one search for the summed query vectors).
            ctx_fused = self._fuse(candidates, ctx_vector, ctx_lexical, method)[0]
            ctx_fused = ctx_fused + self._named_bonus(context, candidates, ctx_fused)
            fused = fused + context_weight * ctx_fused
            # The answer's sentences are picked by this vector. The topic belongs in it, but
            # lightly: the passages are the topic's already, and the message says what to
            # quote from them (on both conversation sets, 22% of a follow-up's quotes repeat
            # the previous answer at 0.3, 32% at 0.7; gold passages cited alike).
            vector = vector + min(context_weight, SENTENCE_TOPIC_WEIGHT) * ctx_vector
            vector /= np.linalg.norm(vector)
            lexical_all = lexical_all + context_weight * ctx_lexical
            query = f"{question} (+ {context})"
        if near:
            nearby = self._neighbourhood(near)
            focus = {self.chunks[c].source for c in near if c in self.chunks}
            fused = fused + np.array(
                [
                    NEAR_BONUS * (cid in nearby) + FOCUS_BONUS * (self.chunks[cid].source in focus)
                    for cid in candidates
                ],
                dtype=np.float32,
            )

        order = np.argsort(-fused)
        passages: list[Passage] = []
        for i in order:
            cid = candidates[i]
            if any(_near_duplicate(self.chunks[cid], p.chunk) for p in passages):
                continue
            passages.append(
                Passage(
                    self.chunks[cid],
                    self.titles[cid],
                    float(fused[i]),
                    float(dense[i]),
                    float(lexical[i]),
                )
            )
            if len(passages) >= max(k, 20 if self.settings.reranker_model else k):
                break
        if self.settings.reranker_model:
            passages = self._rerank(query, passages)
        own = (own_vector, own_lexical_best) if with_topic else (None, 0.0)
        return Retrieval(question, lang, query, vector, passages[:k], _best(lexical_all), *own)

    def _query(self, text: str) -> tuple[str, np.ndarray, np.ndarray]:
        """The glossary-expanded text, the query vector and every chunk's BM25 score."""
        expanded = expand_query(text)
        vector = self._query_vector(text)
        if expanded != text:
            # The glossary's corpus words steer the dense half too: e5 matches an English
            # question to Danish text better with them beside it (dev hit@1 0.63 -> 0.69).
            vector = vector + self._query_vector(expanded)
            vector = vector / np.linalg.norm(vector)
        return expanded, vector, self._lexical(expanded)

    def _fuse(
        self, candidates: Sequence[str], vector: np.ndarray, lexical_all: np.ndarray, method: Method
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Fused, dense and lexical scores of the candidates (each half min-max normalised)."""
        dense = np.array([self._dense(cid, vector) for cid in candidates], dtype=np.float32)
        lexical = lexical_all[[self.row[c] for c in candidates]]
        weight = {"dense": 1.0, "bm25": 0.0}.get(method, DENSE_WEIGHT)
        return weight * _minmax(dense) + (1 - weight) * _minmax(lexical), dense, lexical

    def _candidates(self, vector: np.ndarray | None, lexical: np.ndarray | None) -> list[str]:
        n = self.settings.candidates
        found: dict[str, None] = {}
        if vector is not None:
            for rid, _ in self.store.query(vector, n * 3):
                cid = rid.split("~", 1)[0]
                if cid in self.row:
                    found[cid] = None
        if lexical is not None:
            for i in np.argsort(-lexical)[:n]:
                if lexical[i] > 0:
                    found[self.ids[i]] = None
        return list(found)

    def _named_bonus(
        self, question: str, candidates: Sequence[str], fused: np.ndarray
    ) -> np.ndarray:
        """A lift for the documents a question names by kind; of several, the best-matching."""
        lowered = question.lower()
        named: set[str] = set()
        for kind, pattern in _kind_patterns().items():
            if not pattern.search(lowered):
                continue
            scored = [
                (float(score), self.chunks[cid].source)
                for cid, score in zip(candidates, fused, strict=True)
                if self.kinds.get(self.chunks[cid].source) == kind
            ]
            if scored:
                named.add(max(scored)[1])
        return NAMED_BONUS * np.array(
            [self.chunks[cid].source in named for cid in candidates], dtype=np.float32
        )

    def _dense(self, cid: str, vector: np.ndarray) -> float:
        """The ranking's similarity: chunk and best window, each less a share of its hubness."""
        row = self.row[cid]
        chunk_sim = float(self.chunk_matrix[row] @ vector) - CHUNK_HUB_WEIGHT * self.chunk_hub[row]
        wins = self.windows.get(cid) or []
        best = max(
            (
                float(w[2] @ vector) - WINDOW_HUB_WEIGHT * hub
                for w, hub in zip(wins, self.window_hub[cid], strict=True)
            ),
            default=chunk_sim,
        )
        return (1 - self.window_weight) * chunk_sim + self.window_weight * best

    def _lexical(self, text: str) -> np.ndarray:
        """BM25 scores of every chunk; zeros for a query of stop words only ("Og hvem?")."""
        tokens = tokenize(text)
        if not tokens:
            return np.zeros(len(self.ids), dtype=np.float32)
        return np.asarray(self.bm25.get_scores(tokens), dtype=np.float32)

    def _neighbourhood(self, chunk_ids: Sequence[str]) -> set[str]:
        rows = {self.row[c] for c in chunk_ids if c in self.row}
        out = set()
        for r in rows:
            for n in (r - 1, r, r + 1):  # ids are sorted by (source, ordinal)
                if (
                    0 <= n < len(self.ids)
                    and self.chunks[self.ids[n]].source == self.chunks[self.ids[r]].source
                ):
                    out.add(self.ids[n])
        return out

    def mentions(self, source: str, term: str) -> bool:
        """Whether document `source` contains `term` (lowercase) in its text or headings."""
        return term in self.document_text(source, lower=True)

    def document_text(self, source: str, lower: bool = False) -> str:
        """Document `source`'s headings and text (lowercased, or as written)."""
        key = (source, lower)
        text = self._document_text.get(key)
        if text is None:
            text = " ".join(
                f"{c.heading} {c.text}" for c in self.chunks.values() if c.source == source
            )
            text = text.lower() if lower else text
            self._document_text[key] = text
        return text

    def windows_for(self, chunk_id: str, vector: np.ndarray) -> list[Window]:
        """The chunk's sentence windows scored against a query vector, in text order."""
        return [
            Window(chunk_id, start, end, float(vec @ vector))
            for start, end, vec in self.windows.get(chunk_id, [])
        ]

    def _rerank(self, query: str, passages: list[Passage]) -> list[Passage]:
        if self._reranker is None:
            from .settings import prepare_environment

            prepare_environment()
            from sentence_transformers import CrossEncoder

            try:
                self._reranker = CrossEncoder(self.settings.reranker_model, device="cpu")
            except Exception as exc:
                raise MissionsguidenError(
                    f"could not load reranker '{self.settings.reranker_model}' offline: {exc}"
                ) from exc
        scores = self._reranker.predict([(query, p.chunk.text) for p in passages])
        ranked = sorted(zip(scores, passages, strict=True), key=lambda sp: -float(sp[0]))
        return [Passage(p.chunk, p.title, float(s), p.dense, p.lexical) for s, p in ranked]


@lru_cache(maxsize=1)
def _kind_patterns() -> dict[str, re.Pattern[str]]:
    import yaml

    path = Path(__file__).parent / "resources" / "document_kinds.yaml"
    return {kind: re.compile(rx) for kind, rx in yaml.safe_load(path.read_text("utf-8")).items()}


def _hubness(
    vectors: np.ndarray,
    owners: np.ndarray,
    reference: np.ndarray,
    reference_owners: np.ndarray,
) -> np.ndarray:
    """Mean similarity of each vector to its nearest reference windows outside its own chunk
    (CSLS's r term); blockwise, so memory stays bounded on a large index."""
    k = max(1, round(HUB_SHARE * len(reference)))
    out = np.zeros(len(vectors), dtype=np.float32)
    for i in range(0, len(vectors), 2048):
        sims = vectors[i : i + 2048] @ reference.T
        sims[owners[i : i + 2048, None] == reference_owners[None, :]] = -np.inf
        kk = min(k, sims.shape[1])
        nearest = np.partition(sims, -kk, axis=1)[:, -kk:]
        found = np.isfinite(nearest)  # a vector with fewer windows elsewhere averages those
        total = np.where(found, nearest, 0.0).sum(axis=1)
        out[i : i + 2048] = total / np.maximum(found.sum(axis=1), 1)
    return out


def _best(scores: np.ndarray) -> float:
    return float(scores.max()) if scores.size else 0.0


def _minmax(x: np.ndarray) -> np.ndarray:
    if x.size == 0:
        return x
    span = float(x.max() - x.min())
    return (x - x.min()) / span if span > 1e-9 else np.ones_like(x)


def _near_duplicate(a: Chunk, b: Chunk) -> bool:
    """Overlapping spans of one document, or the same slide repeated, count as one passage."""
    if a.source == b.source:
        overlap = min(a.end, b.end) - max(a.start, b.start)
        if overlap > 0.5 * min(a.end - a.start, b.end - b.start):
            return True
    ta, tb = set(tokenize(a.text)), set(tokenize(b.text))
    return bool(ta and tb) and len(ta & tb) / len(ta | tb) > 0.8
