"""Retrieval on the real corpus: what the ranking must get right whatever its weights."""

from __future__ import annotations

import pytest

from assistant.core import Assistant
from assistant.retrieve import _near_duplicate


@pytest.mark.parametrize(
    ("question", "prefix"),
    [
        ("Hvad siger håndbogen om at skabe frirum?", "000_"),  # handbook
        ("What does the talk say about governance?", "001_"),  # talk
        ("Hva sier artikkelen om staben om nervesystemet?", "004_"),  # the article on staff
        ("Hvad siger artiklen om vilde problemer om nervesystemet?", "002_"),  # the other one
    ],
)
def test_a_named_document_is_favoured(
    corpus_assistant: Assistant, question: str, prefix: str
) -> None:
    passages = corpus_assistant.retriever.search(question).passages
    assert passages[0].chunk.source.startswith(prefix)


def test_english_question_finds_the_danish_passage(corpus_assistant: Assistant) -> None:
    passages = corpus_assistant.retriever.search("What is a coalition of the willing?").passages
    assert any("coalition of the willing" in p.chunk.text.lower() for p in passages[:3])


def test_passages_stay_within_the_limit_and_are_not_near_duplicates(
    corpus_assistant: Assistant,
) -> None:
    passages = corpus_assistant.retriever.search("mission", k=10).passages
    assert len(passages) == 10
    assert all(len(p.chunk.text) <= 1200 for p in passages)
    assert not any(
        _near_duplicate(a.chunk, b.chunk) for i, a in enumerate(passages) for b in passages[i + 1 :]
    )
