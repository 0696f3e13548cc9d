"""`llm` mode against a local server speaking the OpenAI chat protocol (streaming), on loopback."""

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar

import pytest

from assistant.answer import Answerer
from assistant.core import Assistant
from assistant.llm import make_chat_model

REPLY = (
    "Start med en frontløbergruppe, der brænder for udfordringen [2]. Mød dem i deres hverdag [7]."
)


class _Handler(BaseHTTPRequestHandler):
    requests: ClassVar[list[dict]] = []

    def log_message(self, *args: object) -> None:
        pass

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        _Handler.requests.append(body)
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.end_headers()
        for word in REPLY.split(" "):
            chunk = {
                "id": "x",
                "object": "chat.completion.chunk",
                "created": 0,
                "model": body["model"],
                "choices": [{"index": 0, "delta": {"content": word + " "}, "finish_reason": None}],
            }
            self.wfile.write(f"data: {json.dumps(chunk)}\n\n".encode())
        self.wfile.write(b"data: [DONE]\n\n")


@pytest.fixture
def endpoint() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/v1"
    server.shutdown()


def test_llm_mode_streams_from_an_openai_compatible_endpoint(
    corpus_assistant: Assistant, endpoint: str
) -> None:
    settings = corpus_assistant.settings.model_copy(
        update={"mode": "llm", "llm_base_url": endpoint, "llm_model": "stub-model"}
    )
    answerer = Answerer(settings, corpus_assistant.retriever, chat_model=make_chat_model(settings))
    events = list(answerer.stream("Hvordan starter vi en coalition of the willing?"))
    answer = events[-1]
    assert len([e for e in events if isinstance(e, str)]) > 3  # streamed piece by piece
    assert answer.mode == "llm" and not answer.refused
    assert answer.dropped_citations == ["[7]"]  # only 5 passages were given
    assert [c.n for c in answer.citations] == [1]
    assert answer.citations[0].quote in answer.citations[0].passage.chunk.text
    sent = _Handler.requests[-1]
    assert sent["model"] == "stub-model" and sent["stream"] is True
    assert '<passage n="1"' in sent["messages"][-1]["content"]  # numbered passages went out
