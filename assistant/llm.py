"""The chat model for `llm` mode, through langchain: an OpenAI-compatible endpoint or a GGUF file.

    model = make_chat_model(settings)   # a langchain BaseChatModel; .stream(messages)

Everything that talks to a chat model (the answer stage, the guide's feedback, a
conversation's condenser, the eval's judge) holds a `ChatModel`: the two methods of a
LangChain chat model it uses. `assistant.testing.ScriptedChatModel` is the fake.

Ollama, vLLM, a llama.cpp server, OpenAI and Azure all speak the OpenAI protocol: set
MISSIONSGUIDEN_LLM_BASE_URL, MISSIONSGUIDEN_LLM_MODEL and MISSIONSGUIDEN_LLM_API_KEY.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any, Protocol, cast

from .settings import Settings
from .types import MissionsguidenError


class ChatModel(Protocol):
    """What Missionsguiden asks of a chat model: a whole reply, or a reply in pieces (each
    with `.content`)."""

    def invoke(self, messages: Sequence[Any]) -> Any: ...

    def stream(self, messages: Sequence[Any]) -> Iterator[Any]: ...


def make_chat_model(settings: Settings) -> ChatModel:
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
    from pydantic import SecretStr

    model = ChatOpenAI(
        base_url=settings.llm_base_url,
        model=settings.llm_model,
        api_key=SecretStr(settings.llm_api_key.get_secret_value() or "not-needed"),
        temperature=settings.llm_temperature,
        timeout=settings.llm_timeout_s,
        max_retries=1,
        streaming=True,
    )
    return cast(ChatModel, model)  # a Runnable: invoke and stream take the messages
