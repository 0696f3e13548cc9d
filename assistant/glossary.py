"""Domain glossary: English/Norwegian question terms -> the Danish words the corpus uses.

    expand_query("What happens in step 1?")  # "What happens in step 1? trin"

BM25 cannot match "step" to "trin"; the glossary (assistant/resources/glossary*.tsv: a
hand-made domain list and a translated list of the corpus's frequent words; data anyone can
extend) adds the Danish terms so the lexical half of the search works across
languages too. Danish questions often borrow English terms ("coalition of the willing"),
so every question is expanded; a Danish word that is also a key maps to itself.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

RESOURCES = Path(__file__).parent / "resources"


@lru_cache(maxsize=1)
def _entries() -> list[tuple[re.Pattern[str], str]]:
    entries: dict[str, str] = {}
    for path in sorted(RESOURCES.glob("glossary*.tsv")):  # the hand-made one first
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip() or line.startswith("#") or "\t" not in line:
                continue
            term, expansion = line.split("\t", 1)
            entries.setdefault(term.strip().lower(), expansion.strip())
    compiled = [
        (re.compile(rf"(?<!\w){re.escape(term)}(?!\w)"), expansion)
        for term, expansion in entries.items()
    ]
    # Longest terms first, so "binding action environment" wins over "action environment".
    return sorted(compiled, key=lambda e: -len(e[0].pattern))


def expand_query(question: str) -> str:
    lowered = question.lower()
    extra: list[str] = []
    for pattern, expansion in _entries():
        if pattern.search(lowered):
            lowered = pattern.sub(" ", lowered)
            extra.append(expansion)
    return f"{question} {' '.join(extra)}" if extra else question
