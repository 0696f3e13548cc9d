"""The vector store: Chroma, embedded (default) or a Chroma server over HTTP.

Writes are blue/green: an ingest fills a new *generation* collection (copying the vectors of
unchanged chunks from the live one) and only then moves the pointer to it. A crash or Ctrl-C
before that leaves the previous generation live and untouched; the next ingest removes the
half-built one. The pointer itself lives in Chroma, so several app workers sharing a Chroma
server see the same index.

    store = ChromaStore.from_settings(settings)
    gen = store.begin(embedder.name, dim); store.add(gen, records); store.commit(gen)
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np

from .settings import Settings
from .types import MissionsguidenError


@dataclass(frozen=True)
class Record:
    id: str
    text: str
    metadata: dict[str, str | int | float | bool]
    vector: np.ndarray | None = None


@dataclass(frozen=True)
class IndexInfo:
    generation: str
    embedder: str
    dim: int
    built_at: float
    count: int


class VectorStore(Protocol):
    def info(self) -> IndexInfo | None: ...
    def records(self, with_vectors: bool = False) -> Iterator[Record]: ...
    def query(self, vector: np.ndarray, n: int) -> list[tuple[str, float]]: ...
    def begin(self, embedder: str, dim: int) -> str: ...
    def add(self, generation: str, records: Sequence[Record]) -> None: ...
    def commit(self, generation: str) -> None: ...
    def discard_stale(self) -> int: ...
    def unfinished(self, embedder: str, dim: int) -> str | None: ...
    def contents(self, generation: str) -> dict[str, str]: ...
    def vectors(self, ids: Sequence[str]) -> dict[str, np.ndarray]: ...
    def delete(self, generation: str, ids: Sequence[str]) -> None: ...


class ChromaStore:
    """Chroma behind the `VectorStore` seam; nothing outside this module imports chromadb."""

    PAGE = 2000

    def __init__(self, client: Any, prefix: str) -> None:
        self.client = client
        self.prefix = prefix
        self._live: Any = None
        self._live_gen = ""

    @classmethod
    def from_settings(cls, settings: Settings) -> ChromaStore:
        import chromadb
        from chromadb.config import Settings as ChromaSettings

        chroma_settings = ChromaSettings(anonymized_telemetry=False)
        if settings.store == "http":
            try:
                client = chromadb.HttpClient(
                    host=settings.chroma_host, port=settings.chroma_port, settings=chroma_settings
                )
                client.heartbeat()
            except Exception as exc:
                raise MissionsguidenError(
                    f"cannot reach the Chroma server at {settings.chroma_host}:{settings.chroma_port}"
                    f" ({type(exc).__name__}); start it with `chroma run --path DIR` or set"
                    " MISSIONSGUIDEN_STORE=embedded"
                ) from exc
        else:
            settings.index_dir.mkdir(parents=True, exist_ok=True)
            client = chromadb.PersistentClient(
                path=str(settings.index_dir), settings=chroma_settings
            )
        return cls(client, settings.collection_prefix)

    # -- reading -----------------------------------------------------------------------------

    @property
    def _pointer_name(self) -> str:
        return f"{self.prefix}-pointer"

    def _pointer(self) -> Any:
        return self.client.get_or_create_collection(self._pointer_name, embedding_function=None)

    def info(self) -> IndexInfo | None:
        meta = self._pointer().metadata or {}
        gen = meta.get("generation")
        if not gen:
            return None
        return IndexInfo(
            generation=gen,
            embedder=str(meta.get("embedder", "")),
            dim=int(meta.get("dim", 0)),
            built_at=float(meta.get("built_at", 0.0)),
            count=int(meta.get("count", 0)),
        )

    def _live_collection(self) -> Any:
        info = self.info()
        if info is None:
            raise MissionsguidenError("the index is empty: run `missionsguiden ingest` first")
        if self._live is None or self._live_gen != info.generation:
            self._live = self.client.get_collection(info.generation, embedding_function=None)
            self._live_gen = info.generation
        return self._live

    def records(self, with_vectors: bool = False) -> Iterator[Record]:
        if self.info() is None:
            return
        col = self._live_collection()
        include = ["documents", "metadatas", *(["embeddings"] if with_vectors else [])]
        offset = 0
        while True:
            page = col.get(include=include, limit=self.PAGE, offset=offset)
            ids = page["ids"]
            if not ids:
                return
            vectors = page.get("embeddings") if with_vectors else None
            for i, rid in enumerate(ids):
                yield Record(
                    id=rid,
                    text=page["documents"][i],
                    metadata=dict(page["metadatas"][i] or {}),
                    vector=np.asarray(vectors[i], dtype=np.float32)
                    if vectors is not None
                    else None,
                )
            offset += len(ids)

    def query(self, vector: np.ndarray, n: int) -> list[tuple[str, float]]:
        col = self._live_collection()
        n = max(1, min(n, col.count()))
        res = col.query(
            query_embeddings=[np.asarray(vector, dtype=np.float32)],
            n_results=n,
            include=["distances"],
        )
        return [
            (rid, 1.0 - float(d)) for rid, d in zip(res["ids"][0], res["distances"][0], strict=True)
        ]

    # -- writing -----------------------------------------------------------------------------

    def begin(self, embedder: str, dim: int) -> str:
        name = f"{self.prefix}-gen-{time.strftime('%Y%m%d%H%M%S')}-{uuid.uuid4().hex[:6]}"
        self.client.create_collection(
            name,
            embedding_function=None,
            metadata={"hnsw:space": "cosine", "embedder": embedder, "dim": dim},
        )
        return name

    def add(self, generation: str, records: Sequence[Record]) -> None:
        if not records:
            return
        col = self.client.get_collection(generation, embedding_function=None)
        col.upsert(
            ids=[r.id for r in records],
            documents=[r.text for r in records],
            metadatas=[r.metadata for r in records],
            embeddings=np.vstack([_vector(r) for r in records]).astype(np.float32),
        )

    def commit(self, generation: str) -> None:
        col = self.client.get_collection(generation, embedding_function=None)
        meta = col.metadata or {}
        self._pointer().modify(
            metadata={
                "generation": generation,
                "embedder": meta.get("embedder", ""),
                "dim": meta.get("dim", 0),
                "built_at": time.time(),
                "count": col.count(),
            }
        )
        self._live = None

    def unfinished(self, embedder: str, dim: int) -> str | None:
        """The newest generation an interrupted ingest left behind, if it can be resumed."""
        info = self.info()
        live = info.generation if info else ""
        names = sorted(
            (col if isinstance(col, str) else col.name) for col in self.client.list_collections()
        )
        for name in reversed(names):
            if not name.startswith(f"{self.prefix}-gen-") or name <= live:
                continue
            meta = self.client.get_collection(name, embedding_function=None).metadata or {}
            if meta.get("embedder") == embedder and int(meta.get("dim", 0)) == dim:
                return name
        return None

    def contents(self, generation: str) -> dict[str, str]:
        """id -> embed_sha of what a generation already holds."""
        col = self.client.get_collection(generation, embedding_function=None)
        out: dict[str, str] = {}
        offset = 0
        while True:
            page = col.get(include=["metadatas"], limit=self.PAGE, offset=offset)
            if not page["ids"]:
                return out
            for rid, meta in zip(page["ids"], page["metadatas"], strict=True):
                out[rid] = str((meta or {}).get("embed_sha", ""))
            offset += len(page["ids"])

    def vectors(self, ids: Sequence[str]) -> dict[str, np.ndarray]:
        """Vectors of the live generation, for the records an ingest can reuse."""
        if not ids or self.info() is None:
            return {}
        page = self._live_collection().get(ids=list(ids), include=["embeddings"])
        return {
            rid: np.asarray(vec, dtype=np.float32)
            for rid, vec in zip(page["ids"], page["embeddings"], strict=True)
        }

    def delete(self, generation: str, ids: Sequence[str]) -> None:
        if ids:
            self.client.get_collection(generation, embedding_function=None).delete(ids=list(ids))

    def discard_stale(self) -> int:
        """Drop generations that are not live: the replaced one, and any half-built by a crash."""
        info = self.info()
        live = info.generation if info else ""
        dropped = 0
        for col in self.client.list_collections():
            name = col if isinstance(col, str) else col.name
            if name.startswith(f"{self.prefix}-gen-") and name != live:
                self.client.delete_collection(name)
                dropped += 1
        return dropped


def _vector(record: Record) -> np.ndarray:
    """A record's vector, which a record to be written always has."""
    if record.vector is None:
        raise ValueError(f"record {record.id} has no vector")
    return record.vector
