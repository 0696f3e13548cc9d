"""The shipped fakes (assistant.testing): fast, deterministic, and shaped like the real ones."""

from __future__ import annotations

import numpy as np

from assistant.core import Assistant
from assistant.settings import Settings
from assistant.testing import HashEmbedder, ScriptedChatModel


def test_hash_vectors_are_deterministic_normalised_and_closer_for_shared_words() -> None:
    embedder = HashEmbedder()
    a, b, c = embedder.embed_passages(
        ["Etabler en coalition of the willing", "en coalition of the willing", "vejret i dag"]
    )
    assert np.allclose(a, HashEmbedder().embed_queries(["Etabler en coalition of the willing"])[0])
    assert np.isclose(np.linalg.norm(a), 1.0) and np.isclose(np.linalg.norm(c), 1.0)
    assert a @ b > a @ c
    assert embedder.embed_passages([]).shape == (0, embedder.dim)


def test_the_scripted_model_replies_in_order_streams_in_pieces_and_records_prompts() -> None:
    model = ScriptedChatModel(["Første svar [1].", "Andet svar."], default="NOT_IN_SOURCES")
    assert model.invoke([("human", "a")]).content == "Første svar [1]."
    assert "".join(str(c.content) for c in model.stream([("human", "b")])) == "Andet svar."
    assert model.invoke([("human", "c")]).content == "NOT_IN_SOURCES"
    assert [p[0][1] for p in model.prompts] == ["a", "b", "c"]


def test_an_index_built_with_the_fake_embedder_ranks_by_shared_words(
    tiny_settings: Settings,
) -> None:
    assistant = Assistant(tiny_settings, embedder=HashEmbedder())
    assistant.ingest()
    top = assistant.retrieve("serviceeftersyn af indsatser og projekter", k=1).passages[0]
    assert "serviceeftersyn" in top.chunk.text


def test_importing_the_package_starts_no_thread() -> None:
    """Nothing is started at import (the condenser's pool waits for its first follow-up)."""
    import subprocess
    import sys

    code = "import threading, assistant.core, assistant.ui; print(threading.active_count())"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "1"
