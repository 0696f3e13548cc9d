"""Start the app as a user would (`missionsguiden serve`) on a free loopback port, for the
benchmark and the screenshot scripts."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(port: int, db: Path) -> subprocess.Popen:
    """Extractive mode, the configured index, conversations and canvases in `db`."""
    env = {
        **os.environ,
        "HF_HUB_OFFLINE": "1",
        "OMP_WAIT_POLICY": "PASSIVE",
        "MISSIONSGUIDEN_MODE": "extractive",
        "MISSIONSGUIDEN_DATABASE_URL": f"sqlite:///{db}",
    }
    proc = subprocess.Popen(
        [str(ROOT / ".venv/bin/missionsguiden"), "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.time() + 600  # a fresh machine builds the index first
    while time.time() < deadline:
        if proc.poll() is not None:
            sys.exit(f"the app did not start:\n{proc.stderr.read() if proc.stderr else ''}")
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)
            return proc
        except OSError:
            time.sleep(0.5)
    proc.kill()
    sys.exit("the app did not start within 10 minutes")


def stop_server(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
