"""Domain glossary: English/Norwegian question terms -> the Danish words the corpus uses.

    expand_query("What happens in step 1?")  # "What happens in step 1? trin"

BM25 cannot match "step" to "trin"; the glossary (assistant/resources/glossary.tsv, data
anyone can extend) adds the Danish terms so the lexical half of the search works across
languages too. Danish questions often borrow English terms ("coalition of the willing"),
so every question is expanded; a Danish word that is also a key maps to itself.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

GLOSSARY = Path(__file__).parent / "resources" / "glossary.tsv"


@lru_cache(maxsize=1)
def _entries() -> list[tuple[re.Pattern[str], str]]:
    entries = []
    for line in GLOSSARY.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#") or "\t" not in line:
            continue
        term, expansion = line.split("\t", 1)
        pattern = re.compile(rf"(?<!\w){re.escape(term.strip().lower())}(?!\w)")
        entries.append((pattern, expansion.strip()))
    # Longest terms first, so "binding action environment" wins over "action environment".
    return sorted(entries, key=lambda e: -len(e[0].pattern))


def expand_query(question: str) -> str:
    lowered = question.lower()
    extra: list[str] = []
    for pattern, expansion in _entries():
        if pattern.search(lowered):
            lowered = pattern.sub(" ", lowered)
            extra.append(expansion)
    return f"{question} {' '.join(extra)}" if extra else question
