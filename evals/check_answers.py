#!/usr/bin/env python3
"""Score `missionsguiden ask --questions SET --json` output the way the core issue is judged.

usage: missionsguiden ask --questions SET.jsonl > answers.jsonl
       python3 evals/check_answers.py SET.jsonl answers.jsonl

Prints: refusal accuracy on unanswerable / offtopic / injection rows, how many answerable rows
were answered with a citation whose passage contains a gold quote, false refusals, and citation
validity (every quote of >= 20 chars verbatim in the corpus, folding whitespace, quote marks and
line-break hyphenation).
"""

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from assistant.sentences import fold

REFUSE_KINDS = {"unanswerable", "offtopic", "injection"}


def main(set_path: str, out_path: str, corpus_dir: str = "corpus") -> None:
    rows = {r["id"]: r for r in map(json.loads, Path(set_path).read_text().splitlines()) if r}
    got = {d["id"]: d for d in map(json.loads, Path(out_path).read_text().splitlines()) if d}
    corpus = {p.name: fold(p.read_text(encoding="utf-8")) for p in Path(corpus_dir).glob("*.txt")}
    refuse_ok = refuse_n = ans_ok = ans_n = false_refusals = 0
    quotes = invalid = 0
    misses: list[str] = []
    for rid, row in rows.items():
        out = got.get(rid, {})
        for c in out.get("citations", []):
            quotes += 1
            if len(c["quote"]) < 20 or fold(c["quote"]) not in corpus.get(
                c["source"], fold(c["passage"])
            ):
                invalid += 1
        if row["kind"] in REFUSE_KINDS:
            refuse_n += 1
            refuse_ok += bool(out.get("refused")) and not out.get("citations")
            if not out.get("refused"):
                misses.append(f"{rid}(answered)")
            continue
        ans_n += 1
        if out.get("refused"):
            false_refusals += 1
        golds = [fold(g["quote"]) for g in row.get("gold", [])]
        if any(g in fold(c["passage"]) for c in out.get("citations", []) for g in golds):
            ans_ok += 1
        else:
            misses.append(f"{rid}({'refused' if out.get('refused') else 'uncited'})")
    print(
        f"refusal accuracy {refuse_ok}/{refuse_n}; answerable cited with gold {ans_ok}/{ans_n}"
        f" = {ans_ok / max(1, ans_n):.2f}; false refusals {false_refusals};"
        f" citation quotes valid {quotes - invalid}/{quotes}"
    )
    print("misses:", " ".join(misses) or "-")


if __name__ == "__main__":
    main(*sys.argv[1:])
