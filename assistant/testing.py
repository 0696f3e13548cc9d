"""Fakes for tests, and for anyone extending Missionsguiden: no model weights, no network.

    from assistant.testing import HashEmbedder, ScriptedChatModel

    assistant = Assistant(settings, embedder=HashEmbedder())     # indexes in milliseconds
    model = ScriptedChatModel(["Svaret står her [1]."])
    assistant = Assistant(settings, embedder=HashEmbedder(), chat_model=model)
    model.prompts                                                # what the model was sent

The fakes keep the contracts the real backends keep (an `Embedder`'s L2-normalised vectors;
the `invoke`/`stream` subset of a LangChain chat model that the answer stage, the guide, the
conversation and the eval use), so code under test cannot tell them apart by shape.
"""

from __future__ import annotations

import re
import zlib
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import numpy as np
from langchain_core.messages import AIMessage, AIMessageChunk

from .embed import Embedder

_WORD = re.compile(r"\w+")


class HashEmbedder(Embedder):
    """Deterministic bag-of-words vectors: each lowercased word adds to one of `dim` hashed
    slots, then the vector is L2-normalised. Texts that share words are close, others are
    not; queries and passages share one space, as e5's do."""

    name = "hash:bag-of-words"

    def __init__(self, dim: int = 256) -> None:
        self.dim = dim

    def _vector(self, text: str) -> np.ndarray:
        vector = np.zeros(self.dim, dtype=np.float32)
        for word in _WORD.findall(text.lower()):
            vector[zlib.crc32(word.encode("utf-8")) % self.dim] += 1.0
        norm = float(np.linalg.norm(vector))
        if norm == 0.0:
            vector[0] = 1.0
            return vector
        return vector / norm

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        return self._matrix(texts)

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        return self._matrix(texts)

    def _matrix(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.vstack([self._vector(t) for t in texts])


class ScriptedChatModel:
    """A chat model that answers from a queue of replies and records every prompt it gets.
    When the queue is empty it replies `default` (so a test that asks once too often fails on
    its assertion, not on an exception deep inside the answer stage)."""

    def __init__(self, replies: Iterable[str] = (), default: str = "") -> None:
        self.replies: deque[str] = deque(replies)
        self.default = default
        self.prompts: list[list[Any]] = []

    def _next(self, messages: Sequence[Any]) -> str:
        self.prompts.append(list(messages))
        return self.replies.popleft() if self.replies else self.default

    def invoke(self, messages: Sequence[Any], **_: Any) -> AIMessage:
        return AIMessage(content=self._next(messages))

    def stream(self, messages: Sequence[Any], **_: Any) -> Iterator[AIMessageChunk]:
        """The reply in word-sized pieces, as a streaming endpoint sends it."""
        for piece in re.findall(r"\S+\s*", self._next(messages)):
            yield AIMessageChunk(content=piece)
