"""Canvases and conversations on a real PostgreSQL server, and two app processes sharing them.

The server is Debian's package, started by these tests on a free loopback port (`.ci/run`
installs it). Without it the tests are skipped locally and fail on CI.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from helpers import Postgres, copy_of, free_port, postgres_bin

from assistant.canvas import CanvasStore
from assistant.core import Assistant
from assistant.export import to_markdown
from assistant.guide import Guide
from assistant.history import ConversationStore
from assistant.settings import Settings
from assistant.types import MissionsguidenError

if postgres_bin() is None:
    if os.environ.get("CI"):
        pytest.fail("the PostgreSQL tests need Debian's postgresql package", pytrace=False)
    pytest.skip("PostgreSQL is not installed", allow_module_level=True)

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def postgres_url() -> Iterator[str]:
    with Postgres() as server:
        yield server.url


def test_canvases_and_their_owners_on_postgres(
    postgres_url: str, corpus_assistant: Assistant
) -> None:
    from sqlalchemy import create_engine

    store = CanvasStore(create_engine(postgres_url))
    guide = Guide(corpus_assistant.answerer, store)
    canvas = guide.start("Ungemission på Postgres", lang="da", owner="alice")
    guide.guidance(canvas, guide.method.prompt("what"))
    guide.answer(canvas, "what", "Alle unge i job eller uddannelse inden 2030.")
    guide.assess(canvas, "mission.1", "partly", "mangler virksomhederne")

    again = CanvasStore(create_engine(postgres_url)).get(canvas.id, owner="alice")
    assert again.answers["what"].startswith("Alle unge")
    assert again.assessment["mission.1"]["rating"] == "partly"
    assert again.guidance["what"]  # cited guidance kept with the canvas
    assert "Alle unge i job" in to_markdown(again, guide.method)
    assert [c.id for c in store.list(owner="alice")] == [canvas.id]
    assert store.list(owner="bob") == []
    with pytest.raises(MissionsguidenError):
        store.get(canvas.id, owner="bob")


def test_conversations_on_postgres(postgres_url: str, corpus_assistant: Assistant) -> None:
    from sqlalchemy import create_engine

    from assistant.conversation import Conversation

    history = ConversationStore(create_engine(postgres_url))
    conversation = Conversation(corpus_assistant.answerer, store=history, owner="alice")
    conversation.ask("Hvordan starter vi en coalition of the willing?")
    conversation.ask("Og hvem skal være med i den?")
    [summary] = history.list(owner="alice")
    assert summary.turns == 2
    resumed = Conversation.resume(corpus_assistant.answerer, history, summary.id, owner="alice")
    assert [t.message for t in resumed.turns][1] == "Og hvem skal være med i den?"
    assert "coalition" in history.export_markdown(summary.id, owner="alice")
    with pytest.raises(MissionsguidenError):
        history.turns(summary.id, owner="bob")


def _serve(port: int, settings: Settings) -> subprocess.Popen:
    env = {
        **os.environ,
        "HF_HUB_OFFLINE": "1",
        "MISSIONSGUIDEN_DATA_DIR": str(settings.data_dir),
        "MISSIONSGUIDEN_CORPUS_DIR": str(settings.corpus_dir),
        "MISSIONSGUIDEN_DATABASE_URL": settings.database_url,
    }
    return subprocess.Popen(
        [sys.executable, "-m", "assistant.cli", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _wait(url: str, proc: subprocess.Popen) -> None:
    deadline = time.time() + 120
    while time.time() < deadline:
        assert proc.poll() is None, "the app process died"
        try:
            if httpx.get(f"{url}/healthz", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            time.sleep(0.5)
    raise RuntimeError(f"{url} did not start")


@pytest.mark.slow
def test_two_app_processes_share_canvases(
    postgres_url: str, corpus_assistant: Assistant, tmp_path: Path
) -> None:
    settings = copy_of(corpus_assistant, tmp_path).settings.model_copy(
        update={"database_url": postgres_url}
    )
    ports = free_port(), free_port()
    procs = [_serve(port, settings) for port in ports]
    try:
        a, b = (f"http://127.0.0.1:{port}" for port in ports)
        for url, proc in zip((a, b), procs, strict=True):
            _wait(url, proc)
        created = httpx.post(f"{a}/api/canvases", json={"title": "Delt mission"}, timeout=30)
        assert created.status_code == 201
        canvas_id = created.json()["id"]
        assert canvas_id in [c["id"] for c in httpx.get(f"{b}/api/canvases", timeout=30).json()]
        answered = httpx.put(
            f"{b}/api/canvases/{canvas_id}/answers/what",
            json={"text": "Færre ensomme ældre i kommunen inden 2028."},
            timeout=60,
        )
        assert answered.status_code == 200
        seen_by_a = httpx.get(f"{a}/api/canvases/{canvas_id}", timeout=30).json()
        assert seen_by_a["answers"]["what"] == "Færre ensomme ældre i kommunen inden 2028."
        exported = httpx.get(f"{a}/api/canvases/{canvas_id}/export?format=md", timeout=30).text
        assert "Færre ensomme ældre" in exported
    finally:
        for proc in procs:
            proc.terminate()
            proc.wait(timeout=30)
