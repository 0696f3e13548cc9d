#!/usr/bin/env python3
"""Follow-up retrieval with and without conversation history, on a multi-turn set.

usage: .venv/bin/python evals/score_conversations.py [evals/conversations.jsonl] [--k 5] [--show]

For every turn the conversation's query (what `Conversation` searched for) is retrieved; for
follow-up turns the bare message is retrieved too, as a chat tool that embeds only the last
message would. A turn is a hit when a top-k passage contains a gold quote (folded as in
../shared/evals/score.py). Prints first-turn hit@k, follow-up hit@k with history, and the same
follow-ups without history.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from assistant.core import Assistant
from assistant.sentences import fold
from assistant.settings import Settings


def hit(passages: list, gold: list[dict]) -> bool:
    quotes = [fold(g["quote"]) for g in gold]
    return any(q in fold(p.chunk.text) for p in passages for q in quotes)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("set", nargs="?", default=str(Path(__file__).parent / "conversations.jsonl"))
    ap.add_argument("--k", type=int, default=5)
    ap.add_argument("--show", action="store_true", help="print every follow-up and its query")
    opts = ap.parse_args()
    assistant = Assistant(Settings())
    rows = [json.loads(line) for line in Path(opts.set).read_text().splitlines() if line.strip()]
    first, with_history, without_history, switches, topic_changes = [], [], [], [], []
    for row in rows:
        conversation = assistant.conversation()
        for n, turn in enumerate(row["turns"], start=1):
            plan = conversation.plan(turn["question"])
            args = plan.search_args()
            with_ctx = assistant.retriever.search(args.pop("query"), k=opts.k, **args).passages
            conversation.ask(turn["question"])
            if n == 1:
                first.append(hit(with_ctx, turn["gold"]))
            elif not turn.get("followup"):
                topic_changes.append(hit(with_ctx, turn["gold"]))
            elif turn.get("lang_switch"):
                switches.append(plan.lang == turn["lang_switch"] and hit(with_ctx, turn["gold"]))
            elif turn.get("followup"):
                bare = assistant.retriever.search(turn["question"], k=opts.k).passages
                with_history.append(hit(with_ctx, turn["gold"]))
                without_history.append(hit(bare, turn["gold"]))
                if opts.show:
                    mark = "HIT " if with_history[-1] else "miss"
                    print(f"{mark} {row['id']}#{n}: {turn['question']!r} -> {plan.shown_query!r}")

    def rate(xs: list[bool]) -> str:
        return f"{sum(xs) / max(1, len(xs)):.2f} (n={len(xs)})"

    print(
        f"first-turn hit@{opts.k} {rate(first)}; follow-up hit@{opts.k} with history"
        f" {rate(with_history)}, without history {rate(without_history)};"
        f" topic changes {rate(topic_changes)};"
        f" language switches right {rate(switches)}"
    )


if __name__ == "__main__":
    main()
