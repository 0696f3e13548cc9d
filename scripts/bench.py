"""Benchmark the core: ingest time, cold `ask` wall time, warm retrieve / ask latency.

Usage: `.venv/bin/python scripts/bench.py` [--keep] [--data-dir DIR [--ingest]]

Prints a table of metric, value, target and PASS/MISS. Always exits 0: it is a report, not a gate.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
QUESTION_FILES = [
    Path(__file__).resolve().parents[2] / "shared" / "evals" / "questions.dev.jsonl",
    REPO / "evals" / "questions.own.jsonl",
]
COLD_QUESTION = "Hvordan starter vi en coalition of the willing?"

Row = tuple[str, str, str, str]


def run_cli(data_dir: Path, *args: str) -> tuple[float, int]:
    """Run `python -m assistant.cli ARGS` in a new process; return (wall seconds, exit code)."""
    env = {**os.environ, "MISSIONSGUIDEN_DATA_DIR": str(data_dir), "HF_HUB_OFFLINE": "1"}
    cmd = [sys.executable, "-m", "assistant.cli", *args]
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=REPO, env=env, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        print(f"! {args[0]} exited {proc.returncode}: {proc.stderr[-500:]}", file=sys.stderr)
    return seconds, proc.returncode


def load_questions() -> list[str]:
    questions: list[str] = []
    for path in QUESTION_FILES:
        if not path.exists():
            print(f"(skipping missing {path})", file=sys.stderr)
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                questions.append(json.loads(line)["question"])
    return questions


def percentiles(ms: list[float]) -> tuple[float, float, float]:
    """p50, p95 and max of a list of milliseconds."""
    if len(ms) < 2:
        return (ms[0], ms[0], ms[0]) if ms else (float("nan"),) * 3
    cuts = statistics.quantiles(ms, n=100, method="inclusive")
    return statistics.median(ms), cuts[94], max(ms)


def row(metric: str, value: float, unit: str, target: float | None) -> Row:
    verdict = "" if target is None else ("PASS" if value < target else "MISS")
    goal = "" if target is None else f"< {target:g} {unit}"
    return metric, f"{value:.1f} {unit}" if unit == "ms" else f"{value:.2f} {unit}", goal, verdict


def time_calls(fn: Callable[[str], object], questions: list[str], rounds: int) -> list[float]:
    times: list[float] = []
    for _ in range(rounds):
        for q in questions:
            start = time.perf_counter()
            fn(q)
            times.append((time.perf_counter() - start) * 1000)
    return times


def bench(data_dir: Path, ingest: bool) -> list[Row]:
    rows: list[Row] = []
    if ingest:
        seconds, code = run_cli(data_dir, "ingest")
        rows.append(row("ingest (corpus)" + ("" if code == 0 else " FAILED"), seconds, "s", 60))

    cold = [run_cli(data_dir, "ask", COLD_QUESTION, "--json")[0] for _ in range(3)]
    for i, seconds in enumerate(cold, 1):
        rows.append(row(f"cold ask #{i}", seconds, "s", None))
    rows.append(row("cold ask median", statistics.median(cold), "s", 5))

    os.environ["HF_HUB_OFFLINE"] = "1"
    from assistant.core import Assistant
    from assistant.settings import Settings

    a = Assistant(Settings(data_dir=data_dir, mode="extractive"))
    questions = load_questions()
    a.retrieve(questions[0] if questions else COLD_QUESTION)  # warm: model, store, index
    n = len(questions)

    p50, p95, worst = percentiles(time_calls(lambda q: a.retrieve(q, k=5), questions, 3))
    rows.append(row(f"warm retrieve p50 ({n} q x 3)", p50, "ms", 100))
    rows.append(row("warm retrieve p95", p95, "ms", None))
    rows.append(row("warm retrieve max", worst, "ms", None))

    p50, p95, _ = percentiles(time_calls(lambda q: a.ask(q, mode="extractive"), questions, 1))
    rows.append(row(f"warm ask p50 ({n} q x 1)", p50, "ms", 50))
    rows.append(row("warm ask p95", p95, "ms", None))
    return rows


def print_table(rows: list[Row]) -> None:
    header: Row = ("metric", "value", "target", "result")
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(4)]
    for r in [header, tuple("-" * w for w in widths), *rows]:
        print("  ".join(cell.ljust(w) for cell, w in zip(r, widths, strict=True)).rstrip())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", action="store_true", help="keep the temporary data dir")
    parser.add_argument("--data-dir", type=Path, help="use an existing data dir (no ingest)")
    parser.add_argument("--ingest", action="store_true", help="ingest even with --data-dir")
    args = parser.parse_args()

    tmp = None if args.data_dir else Path(tempfile.mkdtemp(prefix="missionsguiden-bench-"))
    data_dir: Path = args.data_dir or tmp
    try:
        rows = bench(data_dir, ingest=tmp is not None or args.ingest)
        print(f"data dir: {data_dir}")
        print_table(rows)
    except Exception as exc:  # a report, not a gate
        print(f"benchmark failed: {exc!r}", file=sys.stderr)
    finally:
        if tmp is not None and not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)
        elif tmp is not None:
            print(f"kept {tmp}")
    sys.exit(0)


if __name__ == "__main__":
    main()
