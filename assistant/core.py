"""The one object the CLI and the UI use: settings in, ingest / retrieve / ask out.

assistant = Assistant(Settings())
assistant.ask("Hvad er en mission?").citations
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from .answer import Answerer
from .canvas import CanvasStore
from .conversation import Conversation
from .embed import Embedder, make_embedder
from .guide import Guide
from .history import ConversationStore
from .index import IngestReport, add_to_library, remove_from_library, sync_index
from .ingest import IngestError, load_document, load_manifest
from .llm import ChatModel
from .retrieve import Retrieval, Retriever
from .settings import Settings
from .store import ChromaStore, VectorStore
from .types import Answer, DocumentMeta


@dataclass(frozen=True)
class LibraryEntry:
    meta: DocumentMeta
    passages: int
    uploaded: bool  # added by users (removable), not part of the shipped corpus


class Assistant:
    def __init__(
        self,
        settings: Settings,
        store: VectorStore | None = None,
        embedder: Embedder | None = None,
        chat_model: ChatModel | None = None,
    ) -> None:
        self.settings = settings
        self._store = store
        self._embedder = embedder
        self.chat_model = chat_model
        self._documents: tuple[str, list[LibraryEntry]] | None = None

    @cached_property
    def store(self) -> VectorStore:
        return self._store or ChromaStore.from_settings(self.settings)

    @cached_property
    def embedder(self) -> Embedder:
        return self._embedder or make_embedder(self.settings)

    @cached_property
    def retriever(self) -> Retriever:
        return Retriever(self.settings, self.store, self.embedder)

    @cached_property
    def answerer(self) -> Answerer:
        return Answerer(self.settings, self.retriever, self.chat_model)

    def ensure_index(self, progress: bool = False) -> IngestReport | None:
        """Build the index on first use, so a fresh checkout answers straight away."""
        if self.store.info() is None:
            return sync_index(self.settings, self.store, self.embedder, progress=progress)
        return None

    def warm(self) -> None:
        """Load the index and the embedding model now, so the first user does not wait."""
        self.ensure_index(progress=True)
        self.retriever.search("mission", k=1)

    def ingest(
        self, paths: Sequence[Path] = (), rebuild: bool = False, progress: bool = False
    ) -> IngestReport:
        if paths:
            return add_to_library(
                self.settings, self.store, self.embedder, paths, progress=progress
            )
        return sync_index(
            self.settings, self.store, self.embedder, progress=progress, rebuild=rebuild
        )

    def retrieve(self, question: str, k: int | None = None) -> Retrieval:
        self.ensure_index()
        return self.retriever.search(question, k=k)

    def ask(self, question: str, k: int | None = None, mode: str | None = None) -> Answer:
        """One question answered as the web chat answers a conversation's first turn: one
        path for the chat, the HTTP API (`POST /api/ask`) and the CLI."""
        return self.conversation(save=False).ask(question, k=k, mode=mode).answer

    def ask_stream(
        self, question: str, k: int | None = None, mode: str | None = None
    ) -> Iterator[str | Answer]:
        self.ensure_index()
        yield from self.answerer.stream(question, k=k, mode=mode)

    @cached_property
    def canvases(self) -> CanvasStore:
        return CanvasStore.from_settings(self.settings)

    def guide(self) -> Guide:
        """The mission guide; in llm mode its feedback is written by the chat model."""
        self.ensure_index()
        return Guide(self.answerer, self.canvases, chat_model=self._chat_model_if_llm())

    def _chat_model_if_llm(self) -> ChatModel | None:
        """The chat model in llm mode, built once from the settings (or the one given)."""
        if self.settings.mode != "llm":
            return None
        if self.chat_model is None:
            from .llm import make_chat_model

            self.chat_model = make_chat_model(self.settings)
        return self.chat_model

    @cached_property
    def history(self) -> ConversationStore:
        return ConversationStore.from_settings(self.settings)

    def conversation(
        self, resume: str | None = None, save: bool = False, owner: str | None = None
    ) -> Conversation:
        """A new (or, with `resume`, a saved) conversation; `save` keeps every turn.

        With llm mode configured, its chat model condenses follow-up questions. With `owner`
        (login on), it is saved for that user, and only that user's can be resumed."""
        self.ensure_index()
        condenser = self._chat_model_if_llm()
        if resume:
            return Conversation.resume(
                self.answerer, self.history, resume, chat_model=condenser, owner=owner
            )
        return Conversation(
            self.answerer,
            chat_model=condenser,
            store=self.history if save else None,
            owner=owner,
        )

    def documents(self) -> list[LibraryEntry]:
        """What is in the live index: each document with its manifest data and size.

        Kept until the index changes; every ingest or removal makes a new generation."""
        self.ensure_index()
        retriever = self.retriever
        retriever.warm()
        generation = self.store.info().generation  # type: ignore[union-attr]
        if self._documents and self._documents[0] == generation:
            return self._documents[1]
        manifest = load_manifest(self.settings.corpus_dir)
        uploaded = (
            {p.name for p in self.settings.library_dir.iterdir() if p.is_file()}
            if self.settings.library_dir.is_dir()
            else set()
        )
        counts = Counter(c.source for c in retriever.chunks.values())
        titles = {c.source: retriever.titles[cid] for cid, c in retriever.chunks.items()}
        for source in uploaded & set(counts):  # an upload's own metadata, read from its file
            manifest.setdefault(source, self._upload_meta(source, titles[source]))
        entries = [
            LibraryEntry(
                manifest.get(source) or DocumentMeta(source=source, title=titles[source]),
                passages=counts[source],
                uploaded=source in uploaded,
            )
            for source in sorted(counts, key=lambda s: (s in uploaded, titles[s].lower()))
        ]
        self._documents = (generation, entries)
        return entries

    def _upload_meta(self, source: str, title: str) -> DocumentMeta:
        """What an uploaded file says of itself (title, authors, year, language); read when
        the library is listed, once per index generation."""
        try:
            meta = load_document(self.settings.library_dir / source).meta
        except IngestError:
            return DocumentMeta(source=source, title=title)
        return DocumentMeta(source, title, meta.authors, meta.year, meta.language)

    def remove(self, name: str) -> IngestReport:
        """Remove an uploaded document (shipped corpus documents cannot be removed)."""
        return remove_from_library(self.settings, self.store, self.embedder, name)
