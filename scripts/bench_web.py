"""Benchmark the web app over loopback: time to first streamed token, full answer time, and
N simulated concurrent users for a bounded time (p50 / p95 latency, errors, mixed-up sessions).

    .venv/bin/python scripts/bench_web.py [--users 20] [--seconds 60] [--url http://...]

Without --url it starts `missionsguiden serve` on a free port (extractive mode, the configured
index, conversations in a throw-away SQLite file) and stops it afterwards. Each simulated user
is its own Gradio session (gradio_client), asking a mix of questions and follow-ups; a session
is "mixed up" if the chat it gets back holds anything but its own questions in order.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from app_process import ROOT, _free_port, start_server, stop_server

QUESTIONS = [
    "Hvordan starter vi en coalition of the willing?",
    "Hvad er et forpligtende handlingsmiljø?",
    "Hva lærte de av å jobbe med misjoner i livshendelser?",
    "What does a strategic staff do in mission work?",
    "Hvad er de fire nøgler til systeminnovation?",
    "Hvordan skaber vi en fælles problemforståelse?",
    "How should a mission portfolio be governed?",
    "Hvor mange sundhedsråd er der i Danmark?",  # refused: not in the sources
]
FOLLOW_UPS = ["Og hvem skal være med i den?", "Hvad så med civilsamfundet?", "In English please"]


def single_user_questions(n: int = 20) -> list[str]:
    """Distinct questions (the dev set's, when ../shared is there), so none is cached."""
    dev = ROOT.parent / "shared" / "evals" / "questions.dev.jsonl"
    if not dev.exists():
        return QUESTIONS
    rows = [json.loads(line) for line in dev.read_text(encoding="utf-8").splitlines() if line]
    return list(dict.fromkeys([*QUESTIONS, *(r["question"] for r in rows)]))[:n]


def _text(message: dict) -> str:
    content = message.get("content")
    if isinstance(content, list):
        return "".join(part.get("text", "") for part in content if isinstance(part, dict))
    return str(content or "")


@dataclass
class Timing:
    first_token: float
    total: float


def ask(client, question: str, history: list) -> tuple[Timing, list]:
    """One chat turn, streamed; returns its timing and the chat the server sent back."""
    t0 = time.perf_counter()
    first = None
    job = client.submit(question, history, "da", api_name="/ask")
    chat: list = history
    for _, chat, *_ in job:
        if first is None and chat and chat[-1]["role"] == "assistant" and _text(chat[-1]):
            first = time.perf_counter() - t0
    final = job.outputs()[-1] if job.outputs() else None
    if final is not None:
        chat = final[1]
    total = time.perf_counter() - t0
    if not chat or chat[-1]["role"] != "assistant" or not _text(chat[-1]):
        raise RuntimeError(f"no answer to {question!r}")
    return Timing(first if first is not None else total, total), chat


@dataclass
class UserLog:
    timings: list[Timing] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    mixed: int = 0


def simulated_user(url: str, seed: int, stop_at: float, log: UserLog) -> None:
    from gradio_client import Client

    rng = random.Random(seed)
    while time.time() < stop_at:
        try:
            client = Client(url, verbose=False)  # a new session: a new conversation
        except Exception as exc:
            log.errors.append(f"connect: {type(exc).__name__}: {exc}")
            time.sleep(1)
            continue
        history: list = []
        asked: list[str] = []
        for turn in range(rng.randint(1, 3)):
            if time.time() >= stop_at:
                return
            question = rng.choice(QUESTIONS if turn == 0 else FOLLOW_UPS)
            # A first question unique to the session, so no cache makes it cheaper.
            question = f"{question} (session {rng.randrange(10**6)})" if turn == 0 else question
            try:
                timing, history = ask(client, question, history)
            except Exception as exc:
                log.errors.append(f"{type(exc).__name__}: {exc}")
                break
            asked.append(question)
            log.timings.append(timing)
            got = [_text(m) for m in history if m["role"] == "user"]
            if got != asked:
                log.mixed += 1


def server_cpu(proc: subprocess.Popen | None) -> float:
    """CPU seconds (user + system) the server process has used so far (Linux /proc)."""
    if proc is None:
        return 0.0
    fields = Path(f"/proc/{proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def pct(values: list[float], q: float) -> float:
    return (
        statistics.quantiles(values, n=100, method="inclusive")[q - 1]
        if len(values) > 1
        else (values[0] if values else float("nan"))
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", help="an app already running; else one is started")
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()

    from gradio_client import Client

    proc = None
    url = args.url
    if not url:
        port = _free_port()
        db = Path(tempfile.mkdtemp(prefix="mg-bench-")) / "bench.sqlite"
        t0 = time.perf_counter()
        proc = start_server(port, db)
        url = f"http://127.0.0.1:{port}/"
        print(f"app started in {time.perf_counter() - t0:.1f} s at {url}")
    try:
        # 1. One user, quiet server: time to first streamed token and full answer time.
        client = Client(url, verbose=False)
        single: list[Timing] = []
        for question in single_user_questions():
            timing, _ = ask(client, question, [])
            single.append(timing)
        first = [t.first_token for t in single]
        total = [t.total for t in single]
        print(f"\nsingle user, {len(single)} questions (extractive):")
        print(
            f"  time to first token  p50 {pct(first, 50):.3f} s  p95 {pct(first, 95):.3f} s  max {max(first):.3f} s"
        )
        print(
            f"  full answer time     p50 {pct(total, 50):.3f} s  p95 {pct(total, 95):.3f} s  max {max(total):.3f} s"
        )

        # 2. N concurrent users for a bounded time.
        logs = [UserLog() for _ in range(args.users)]
        stop_at = time.time() + args.seconds
        threads = [
            threading.Thread(target=simulated_user, args=(url, i, stop_at, logs[i]))
            for i in range(args.users)
        ]
        cpu0 = server_cpu(proc)
        t0 = time.perf_counter()
        for th in threads:
            th.start()
        for th in threads:
            th.join()
        wall = time.perf_counter() - t0
        cpu = server_cpu(proc) - cpu0 if proc is not None else None
        timings = [t for log in logs for t in log.timings]
        errors = [e for log in logs for e in log.errors]
        mixed = sum(log.mixed for log in logs)
        lat = [t.total for t in timings]
        ttft = [t.first_token for t in timings]
        print(f"\n{args.users} concurrent users for {wall:.0f} s:")
        print(
            f"  answers {len(timings)} ({len(timings) / wall:.1f}/s), errors {len(errors)}, mixed-up sessions {mixed}"
        )
        if timings:
            print(
                f"  latency             p50 {pct(lat, 50):.3f} s  p95 {pct(lat, 95):.3f} s  max {max(lat):.3f} s"
            )
            print(f"  time to first token p50 {pct(ttft, 50):.3f} s  p95 {pct(ttft, 95):.3f} s")
        if cpu is not None and timings:
            # The simulated users run on the same 2 cores; this is the server's own share.
            print(
                f"  server CPU {cpu:.0f} core-s ({cpu / wall:.2f} cores busy), "
                f"{1000 * cpu / len(timings):.0f} ms CPU per answer"
                f" -> ~{(os.cpu_count() or 1) * len(timings) / cpu:.0f} answers/s if it had the machine"
            )
        for e in errors[:5]:
            print(f"  error: {e}")
        figures = {
            "single": {
                "ttft_p50": pct(first, 50),
                "ttft_p95": pct(first, 95),
                "total_p50": pct(total, 50),
                "total_p95": pct(total, 95),
            },
            "concurrent": {
                "users": args.users,
                "seconds": wall,
                "answers": len(timings),
                "errors": len(errors),
                "mixed_sessions": mixed,
                "latency_p50": pct(lat, 50) if lat else None,
                "latency_p95": pct(lat, 95) if lat else None,
                "ttft_p95": pct(ttft, 95) if ttft else None,
            },
        }
        if args.json:
            args.json.write_text(json.dumps(figures, indent=2))
        verdict = {True: "met", False: "NOT met"}
        print("\ntargets:")
        print(
            f"  first token < 1.5 s, one user (p95 {pct(first, 95):.2f} s): {verdict[pct(first, 95) < 1.5]}"
        )
        if ttft:
            print(
                f"  first token < 1.5 s, {args.users} users (p95 {pct(ttft, 95):.2f} s):"
                f" {verdict[pct(ttft, 95) < 1.5]}"
            )
        print(
            f"  no errors ({len(errors)}), no mixed-up sessions ({mixed}): {verdict[not errors and not mixed]}"
        )
    finally:
        if proc is not None:
            stop_server(proc)


if __name__ == "__main__":
    main()
