"""Helpers shared by the tests: a hand-written PDF, and the web app on a loopback port."""

from __future__ import annotations

import shutil
import socket
import threading
import time
import urllib.request
from pathlib import Path

from assistant.core import Assistant
from assistant.settings import Settings


def minimal_pdf(text: str) -> bytes:
    """A one-page PDF with a text layer, written by hand (no generator dependency)."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for n, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return out


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """The app under uvicorn in a background thread, on a free loopback port."""

    def __init__(self, assistant: Assistant) -> None:
        import uvicorn

        from assistant.ui import create_app

        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(
            create_app(assistant), host="127.0.0.1", port=self.port, log_level="warning"
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> Server:
        self.thread.start()
        deadline = time.time() + 30
        while time.time() < deadline:
            try:
                urllib.request.urlopen(f"{self.url}/healthz", timeout=2)
                return self
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("the app did not start")

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


def copy_of(corpus_assistant: Assistant, tmp: Path, **settings: object) -> Assistant:
    data = tmp / "data"
    shutil.copytree(corpus_assistant.settings.data_dir, data)
    for stale in ("missionsguiden.sqlite", "library"):
        target = data / stale
        if target.is_dir():
            shutil.rmtree(target)
        elif target.exists():
            target.unlink()
    return Assistant(
        Settings(corpus_dir=corpus_assistant.settings.corpus_dir, data_dir=data, **settings),
        embedder=corpus_assistant.embedder,
    )


def postgres_bin() -> Path | None:
    """Debian's PostgreSQL server binaries, if installed (apt-get install postgresql)."""
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"))
    return versions[-1].parent if versions else None


class Postgres:
    """A throw-away PostgreSQL server on a free loopback port, run as the `postgres` user
    (it refuses to run as root), with trust auth for the local role `app`."""

    def __init__(self) -> None:
        import os
        import tempfile

        self.bin = postgres_bin()
        if self.bin is None:
            raise RuntimeError("PostgreSQL is not installed")
        # Directly under /tmp: pytest's own temp folders are closed to other users.
        self.dir = Path(tempfile.mkdtemp(prefix="missionsguiden-pg-"))
        self.port = free_port()
        self.as_postgres = os.geteuid() == 0
        if self.as_postgres:
            shutil.chown(self.dir, "postgres")
        self.url = f"postgresql+psycopg://app@127.0.0.1:{self.port}/postgres"

    def _run(self, *args: str) -> None:
        import shlex
        import subprocess

        command = " ".join(shlex.quote(a) for a in args)
        argv = ["su", "postgres", "-s", "/bin/bash", "-c", command] if self.as_postgres else args
        # No pipes: the server would inherit them and the call would never see them close.
        subprocess.run(
            argv,
            check=True,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            timeout=120,
        )

    def __enter__(self) -> Postgres:
        data = str(self.dir / "data")
        self._run(str(self.bin / "initdb"), "-D", data, "-A", "trust", "-U", "app")
        options = f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1"
        log = str(self.dir / "server.log")
        self._run(str(self.bin / "pg_ctl"), "-D", data, "-l", log, "-o", options, "-w", "start")
        return self

    def __exit__(self, *exc: object) -> None:
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.dir / "data"), "-m", "immediate", "stop")
        shutil.rmtree(self.dir, ignore_errors=True)
