"""How well the review finds what an expert reviewer labelled (`missionsguiden eval --drafts`).

A drafts set is JSON lines: {"id", "lang", "draft", "labels": {criterion id: met|weak|missing}}.
A labelled weakness (weak or missing) is found when the review does not say "met"; a labelled
strength (met) is falsely flagged when the review says weak or missing.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from pathlib import Path

from ..knowledge import Entry, find_span, folded
from .criteria import CRITERIA, Review, review_json


def load_drafts(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]


def evaluate_drafts(
    rows: Iterable[dict], review: Callable[[str], Review], corpus: dict[str, str]
) -> dict:
    """Per criterion and overall: recall of weaknesses, false flags on strengths; and whether
    every evidence sentence is the draft's own and every citation stands whole in its text."""
    counts = {c: {"weak_found": 0, "weak_n": 0, "false_flags": 0, "strong_n": 0} for c in CRITERIA}
    evidence_ok = citations_ok = language_ok = 0
    evidence_n = citations_n = 0
    per_draft = []
    rows = list(rows)
    folds = {name: folded(text) for name, text in corpus.items()}  # each text folded once
    for row in rows:
        data = review_json(review(row["draft"]))
        language_ok += data["lang"] == row.get("lang", data["lang"])
        said = {c["id"]: c["status"] for c in data["criteria"]}
        for cid, label in row["labels"].items():
            if cid not in counts:
                continue
            if label == "met":
                counts[cid]["strong_n"] += 1
                counts[cid]["false_flags"] += said[cid] != "met"
            else:
                counts[cid]["weak_n"] += 1
                counts[cid]["weak_found"] += said[cid] != "met"
        for c in data["criteria"]:
            evidence_n += len(c["evidence"])
            evidence_ok += sum(e in row["draft"] for e in c["evidence"])
            citations_n += len(c["citations"])
            citations_ok += sum(
                x["source"] in corpus
                and find_span(corpus[x["source"]], x["quote"], folds[x["source"]]) is not None
                for x in c["citations"]
            )
        per_draft.append({"id": row["id"], "labels": row["labels"], "review": said})
    weak_n = sum(c["weak_n"] for c in counts.values())
    strong_n = sum(c["strong_n"] for c in counts.values())
    return {
        "drafts": len(rows),
        "weakness_recall": _ratio(sum(c["weak_found"] for c in counts.values()), weak_n),
        "false_flags": _ratio(sum(c["false_flags"] for c in counts.values()), strong_n),
        "language": _ratio(language_ok, len(rows)),
        "evidence_verbatim": _ratio(evidence_ok, evidence_n),
        "citations_whole": _ratio(citations_ok, citations_n),
        "by_criterion": {
            cid: {
                "weakness_recall": _ratio(c["weak_found"], c["weak_n"]),
                "false_flags": _ratio(c["false_flags"], c["strong_n"]),
                "weak_n": c["weak_n"],
                "strong_n": c["strong_n"],
            }
            for cid, c in counts.items()
        },
        "per_draft": per_draft,
    }


def _ratio(a: int, b: int) -> float | None:
    return round(a / b, 3) if b else None


def print_figures(result: dict, echo: Callable[[str], None]) -> None:
    echo(
        f"{result['drafts']} drafts: weaknesses found {result['weakness_recall']}, "
        f"false flags on strengths {result['false_flags']}, language {result['language']}, "
        f"evidence verbatim {result['evidence_verbatim']}, citations whole "
        f"{result['citations_whole']}"
    )
    for cid, c in result["by_criterion"].items():
        echo(
            f"  {cid:24} weaknesses found {c['weakness_recall']} (n={c['weak_n']})"
            f"  false flags {c['false_flags']} (n={c['strong_n']})"
        )


def corpus_texts(corpus_dir: Path, entries: Iterable[Entry]) -> dict[str, str]:
    """The source texts the entries cite, by file name."""
    return {
        name: (corpus_dir / name).read_text("utf-8")
        for name in {e.source for e in entries}
        if (corpus_dir / name).is_file()
    }
