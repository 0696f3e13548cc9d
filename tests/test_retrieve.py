"""Retrieval on the real corpus: what the ranking must get right whatever its weights."""

from __future__ import annotations

import numpy as np
import pytest

from assistant.core import Assistant
from assistant.retrieve import HUB_SHARE, _hubness, _near_duplicate


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


def test_hubness_is_the_mean_similarity_to_the_nearest_windows_of_other_chunks() -> None:
    # Three chunks' windows on a circle; a vector between all of them is the hub.
    angles = np.radians([0, 10, 120, 130, 240, 250])
    reference = np.stack([np.cos(angles), np.sin(angles)], axis=1).astype(np.float32)
    owners = np.array([0, 0, 1, 1, 2, 2])
    peripheral = reference[:1]
    hub = np.array([[np.cos(np.radians(65)), np.sin(np.radians(65))]], dtype=np.float32)
    scores = _hubness(np.vstack([peripheral, hub]), np.array([0, 3]), reference, owners)
    # the peripheral window's own chunk (0 and 10 degrees) does not count as its neighbourhood
    assert scores[0] < scores[1]
    k = max(1, round(HUB_SHARE * len(reference)))
    expected_own = np.sort(reference[2:] @ peripheral[0])[-k:].mean()
    assert scores[0] == pytest.approx(expected_own, abs=1e-6)


def test_a_chunk_with_no_windows_elsewhere_has_no_hubness() -> None:
    reference = np.eye(2, dtype=np.float32)
    scores = _hubness(reference, np.array([0, 0]), reference, np.array([0, 0]))
    assert scores.tolist() == [0.0, 0.0]
