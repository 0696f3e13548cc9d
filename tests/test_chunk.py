from pathlib import Path

from assistant.chunk import MAX_CHARS, chunk_document
from assistant.ingest import load_document
from assistant.settings import ROOT


def _docs():
    return [load_document(p) for p in sorted((ROOT / "corpus").glob("*.txt"))]


def test_chunks_are_verbatim_spans_within_the_size_limit() -> None:
    for doc in _docs():
        chunks = chunk_document(doc)
        assert chunks, doc.meta.source
        for chunk in chunks:
            assert len(chunk.text) <= MAX_CHARS
            assert doc.text[chunk.start : chunk.end] == chunk.text


def test_chunk_ids_are_stable_and_unique() -> None:
    first = [c.id for d in _docs() for c in chunk_document(d)]
    second = [c.id for d in _docs() for c in chunk_document(d)]
    assert first == second
    assert len(set(first)) == len(first)


def test_locators_name_section_and_lines() -> None:
    doc = load_document(ROOT / "corpus" / "000_322a16c1be6a585a.txt")
    chunks = chunk_document(doc)
    step2 = next(c for c in chunks if "forpligtende handlingsmiljøer" in c.text)
    assert "linje" in step2.locator
    first, _, last = step2.locator.rpartition("linje ")[2].partition("–")
    raw_lines = (ROOT / "corpus" / doc.meta.source).read_text(encoding="utf-8").splitlines()
    window = "\n".join(raw_lines[int(first) - 1 : int(last or first)])
    assert "handlingsmiljø" in window


def test_every_dev_gold_quote_survives_cleaning(tmp_path: Path) -> None:
    """Cleaning must never destroy the evidence a reader would look for."""
    import json

    from assistant.sentences import fold

    dev = ROOT.parent / "shared" / "evals" / "questions.dev.jsonl"
    own = ROOT / "evals" / "questions.own.jsonl"
    docs = {d.meta.source: fold(d.text) for d in _docs()}
    for path in (dev, own):
        if not path.exists():
            continue
        for row in map(json.loads, path.read_text().splitlines()):
            for gold in row["gold"]:
                assert fold(gold["quote"]) in docs[gold["source"]], (row["id"], gold["quote"])
