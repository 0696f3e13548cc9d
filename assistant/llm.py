"""The chat model for `llm` mode, through langchain: an OpenAI-compatible endpoint or a GGUF file.

    model = make_chat_model(settings)   # a langchain BaseChatModel; .stream(messages)

Ollama, vLLM, a llama.cpp server, OpenAI and Azure all speak the OpenAI protocol: set
MISSIONSGUIDEN_LLM_BASE_URL, MISSIONSGUIDEN_LLM_MODEL and MISSIONSGUIDEN_LLM_API_KEY.
"""

from __future__ import annotations

from typing import Any

from .settings import Settings
from .types import MissionsguidenError


def make_chat_model(settings: Settings) -> Any:
    if settings.gguf_path:
        try:
            from langchain_community.chat_models import ChatLlamaCpp
        except ImportError as exc:
            raise MissionsguidenError(
                "a GGUF model needs the gguf extra: pip install 'missionsguiden[gguf]'"
            ) from exc
        return ChatLlamaCpp(
            model_path=settings.gguf_path,
            temperature=settings.llm_temperature,
            streaming=True,
            n_ctx=8192,
        )
    if not (settings.llm_base_url and settings.llm_model):
        raise MissionsguidenError(
            "llm mode needs a chat model: set MISSIONSGUIDEN_LLM_BASE_URL and MISSIONSGUIDEN_LLM_MODEL"
            " (e.g. http://localhost:11434/v1 and llama3.1 for Ollama), or use --mode extractive"
        )
    from langchain_openai import ChatOpenAI

    return ChatOpenAI(
        base_url=settings.llm_base_url,
        model=settings.llm_model,
        api_key=settings.llm_api_key.get_secret_value() or "not-needed",
        temperature=settings.llm_temperature,
        timeout=settings.llm_timeout_s,
        max_retries=1,
        streaming=True,
    )
