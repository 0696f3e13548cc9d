"""Build and update the index: documents -> chunks -> vectors -> a new store generation.

    report = sync_index(settings, store, embedder)           # the corpus + the user's library
    report = add_to_library(settings, store, embedder, [Path("notat.pdf")])

Incremental: a chunk whose embedding text is unchanged keeps its vector; only new text is
embedded. Safe: the new generation goes live in one step at the end (see `store`).
"""

from __future__ import annotations

import hashlib
import re
import shutil
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from filelock import FileLock, Timeout

from .chunk import chunk_document
from .embed import Embedder
from .ingest import IngestError, iter_files, load_document, load_documents, load_manifest
from .sentences import sentence_spans
from .settings import Settings
from .store import Record, VectorStore
from .types import Chunk, Document, MissionsguidenError


@dataclass
class IngestReport:
    documents: list[str] = field(default_factory=list)
    chunks: int = 0
    embedded: int = 0
    reused: int = 0
    problems: list[IngestError] = field(default_factory=list)
    added_to_library: list[str] = field(default_factory=list)
    seconds: float = 0.0


def chunk_record(chunk: Chunk, title: str) -> Record:
    embed_text = _embed_text(chunk, title)
    return Record(
        id=chunk.id,
        text=chunk.text,
        metadata={
            "source": chunk.source,
            "title": title,
            "heading": chunk.heading,
            "locator": chunk.locator,
            "start": chunk.start,
            "end": chunk.end,
            "ordinal": chunk.ordinal,
            "doc_sha256": chunk.doc_sha256,
            "embed_sha": hashlib.sha1(embed_text.encode()).hexdigest(),
            "kind": "chunk",
        },
    )


WINDOW_CHARS = 250


def window_records(chunk: Chunk) -> list[Record]:
    """Runs of whole sentences (<= 250 chars) inside a chunk, embedded on their own.

    A question about one sentence matches its window far better than the whole chunk;
    the window's score lifts its parent chunk, and the answer quotes windows verbatim.
    """
    spans = sentence_spans(chunk.text)
    out: list[Record] = []
    i = 0
    while i < len(spans):
        j = i
        while j + 1 < len(spans) and spans[j + 1][1] - spans[i][0] <= WINDOW_CHARS:
            j += 1
        start, end = spans[i][0], spans[j][1]
        text = chunk.text[start:end]
        out.append(
            Record(
                id=f"{chunk.id}~{start}",
                text=text,
                metadata={
                    "kind": "window",
                    "parent": chunk.id,
                    "source": chunk.source,
                    "start": start,
                    "end": end,
                    "embed_sha": hashlib.sha1(text.encode()).hexdigest(),
                },
            )
        )
        i = j + 1
    return out


def record_chunk(record: Record) -> tuple[Chunk, str]:
    m = record.metadata
    chunk = Chunk(
        id=record.id,
        source=str(m["source"]),
        text=record.text,
        start=int(m["start"]),
        end=int(m["end"]),
        heading=str(m.get("heading", "")),
        locator=str(m.get("locator", "")),
        ordinal=int(m.get("ordinal", 0)),
        doc_sha256=str(m.get("doc_sha256", "")),
    )
    return chunk, str(m.get("title", chunk.source))


def _embed_text(chunk: Chunk, title: str) -> str:
    return f"{title}\n{chunk.embed_text}"


def _lock(settings: Settings) -> FileLock:
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    return FileLock(str(settings.data_dir / "ingest.lock"), timeout=0)


def load_all(settings: Settings) -> tuple[list[Document], list[IngestError]]:
    """The shipped corpus (with its manifest) plus the user's library."""
    manifest = load_manifest(settings.corpus_dir)
    # With a manifest, the corpus is exactly the files it lists (not its README).
    shipped = (
        [settings.corpus_dir / name for name in manifest]
        if manifest
        else [settings.corpus_dir]
        if settings.corpus_dir.is_dir()
        else []
    )
    library = [settings.library_dir] if settings.library_dir.is_dir() else []
    report = load_documents(
        [*shipped, *library], manifest, max_bytes=int(settings.max_file_mb * 2**20)
    )
    return report.documents, report.problems


def sync_index(
    settings: Settings,
    store: VectorStore,
    embedder: Embedder,
    progress: bool = False,
    rebuild: bool = False,
) -> IngestReport:
    try:
        with _lock(settings):
            return _sync(settings, store, embedder, progress, rebuild)
    except Timeout as exc:
        raise MissionsguidenError(
            "another ingest is running on this data directory; wait for it to finish"
        ) from exc


def _sync(
    settings: Settings, store: VectorStore, embedder: Embedder, progress: bool, rebuild: bool
) -> IngestReport:
    t0 = time.perf_counter()
    docs, problems = load_all(settings)
    if not docs:
        raise MissionsguidenError(f"no documents found in {settings.corpus_dir}")
    records: list[Record] = []
    embed_texts: dict[str, str] = {}
    for doc in docs:
        for chunk in chunk_document(doc, max_chars=settings.max_passage_chars):
            records.append(chunk_record(chunk, doc.meta.title))
            embed_texts[chunk.id] = _embed_text(chunk, doc.meta.title)
            for window in window_records(chunk):
                records.append(window)
                embed_texts[window.id] = window.text

    # Vectors are written to the new generation batch by batch, so memory stays bounded by the
    # batch size, and an interrupted ingest is resumed: the next run finds its half-built
    # generation and embeds only what is missing.
    info = store.info()
    # Vectors are reused by what was embedded, not by id: an edit that moves a chunk boundary
    # changes the chunk's id, yet most of its sentence windows are the same text as before.
    live_by_sha: dict[str, str] = {}
    if info is not None and info.embedder == embedder.name and not rebuild:
        live_by_sha = {str(r.metadata.get("embed_sha")): r.id for r in store.records()}
    dim = (
        info.dim
        if info is not None and info.embedder == embedder.name and info.dim
        else int(embedder.embed_passages(["dimension"]).shape[1])
    )
    generation = None if rebuild else store.unfinished(embedder.name, dim)
    done = store.contents(generation) if generation else {}
    generation = generation or store.begin(embedder.name, dim)
    todo = [r for r in records if done.get(r.id) != r.metadata["embed_sha"]]
    embedded = reused = 0
    bar = _progress(len(todo), progress)
    step = max(settings.embed_batch, 1) * 4
    for i in range(0, len(todo), step):
        part = todo[i : i + step]
        live_ids = {
            r.id: live_by_sha[sha] for r in part if (sha := r.metadata["embed_sha"]) in live_by_sha
        }
        found = store.vectors(list(set(live_ids.values())))
        vectors = {rid: found[live] for rid, live in live_ids.items() if live in found}
        reused += len(vectors)
        missing = [r for r in part if r.id not in vectors]
        for j in range(0, len(missing), settings.embed_batch):
            batch = missing[j : j + settings.embed_batch]
            texts = [embed_texts[r.id] for r in batch]
            for r, v in zip(batch, embedder.embed_passages(texts), strict=True):
                vectors[r.id] = v
        embedded += len(missing)
        store.add(generation, [Record(r.id, r.text, r.metadata, vectors[r.id]) for r in part])
        bar.update(len(part))
    bar.close()
    wanted = {r.id for r in records}
    store.delete(generation, [rid for rid in done if rid not in wanted])
    store.commit(generation)
    store.discard_stale()
    return IngestReport(
        documents=[d.meta.source for d in docs],
        chunks=sum(1 for r in records if r.metadata["kind"] == "chunk"),
        embedded=embedded,
        reused=reused + (len(records) - len(todo)),
        problems=problems,
        seconds=time.perf_counter() - t0,
    )


def _progress(total: int, enabled: bool):
    from tqdm import tqdm

    return tqdm(total=total, desc="embedding", unit="chunk", disable=not enabled or total == 0)


def safe_name(name: str) -> str:
    """A file name that cannot leave the library folder or surprise a shell."""
    base = Path(name.replace("\\", "/")).name
    stem, suffix = Path(base).stem, Path(base).suffix.lower()
    stem = re.sub(r"[^\w.\- ]+", "_", stem, flags=re.UNICODE).strip(" ._") or "document"
    return f"{stem[:100]}{suffix}"


def add_to_library(
    settings: Settings,
    store: VectorStore,
    embedder: Embedder,
    paths: Sequence[Path],
    progress: bool = False,
) -> IngestReport:
    """Check each file, copy the readable ones into the library, then sync the index."""
    problems: list[IngestError] = []
    added: list[str] = []
    shipped = (
        {p.name for p in iter_files([settings.corpus_dir])}
        if settings.corpus_dir.is_dir()
        else set()
    )
    try:
        with _lock(settings):
            settings.library_dir.mkdir(parents=True, exist_ok=True)
            for path in iter_files(paths):
                try:
                    load_document(path, max_bytes=int(settings.max_file_mb * 2**20))
                except IngestError as exc:
                    problems.append(exc)
                    continue
                name = safe_name(path.name)
                if name in shipped:
                    problems.append(
                        IngestError(
                            path, "a corpus document already has this name; rename it", "name_taken"
                        )
                    )
                    continue
                tmp = settings.library_dir / f".{name}.part"
                shutil.copyfile(path, tmp)
                tmp.replace(settings.library_dir / name)
                added.append(name)
            report = (
                _sync(settings, store, embedder, progress, rebuild=False)
                if added
                else IngestReport()
            )
    except Timeout as exc:
        raise MissionsguidenError(
            "another ingest is running on this data directory; wait for it to finish"
        ) from exc
    report.problems = problems + report.problems
    report.added_to_library = added
    return report


def remove_from_library(
    settings: Settings, store: VectorStore, embedder: Embedder, name: str
) -> IngestReport:
    """Delete an uploaded document and re-sync, so its passages leave the index too."""
    path = settings.library_dir / safe_name(name)
    try:
        with _lock(settings):
            if not path.is_file() or path.parent != settings.library_dir:
                raise MissionsguidenError(f"'{name}' is not an uploaded document")
            path.unlink()
            return _sync(settings, store, embedder, progress=False, rebuild=False)
    except Timeout as exc:
        raise MissionsguidenError(
            "another ingest is running on this data directory; wait for it to finish"
        ) from exc
