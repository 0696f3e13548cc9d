from pathlib import Path

import pytest
from helpers import minimal_pdf

from assistant.index import safe_name
from assistant.ingest import IngestError, load_document, load_documents


def test_pdf_text_and_page_numbers_are_kept(tmp_path: Path) -> None:
    path = tmp_path / "notat.pdf"
    path.write_bytes(minimal_pdf("Vores mission handler om unge uden job i kommunen."))
    doc = load_document(path)
    assert "Vores mission handler om unge" in doc.text
    assert doc.blocks[0].page == 1


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("tom.txt", b"", "empty"),
        ("binær.txt", b"\x00\x01\x02" * 100, "binary"),
        ("ødelagt.pdf", b"%PDF-1.4 this is not really a pdf", "PDF"),
        ("billede.png", b"\x89PNG....", "unsupported"),
    ],
)
def test_bad_files_get_one_clear_reason(
    tmp_path: Path, name: str, content: bytes, reason: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(IngestError) as err:
        load_document(path)
    assert name in str(err.value)
    assert reason in str(err.value)


def test_size_limit(tmp_path: Path) -> None:
    path = tmp_path / "stor.txt"
    path.write_text("ord " * 1000, encoding="utf-8")
    with pytest.raises(IngestError, match="limit"):
        load_document(path, max_bytes=100)


def test_cp1252_text_is_decoded(tmp_path: Path) -> None:
    path = tmp_path / "gammel.txt"
    path.write_bytes(
        "Samarbejde på tværs af sektorer er nødvendigt for børn og ældre.".encode("cp1252")
    )
    assert "tværs" in load_document(path).text


def test_one_bad_file_does_not_stop_the_others(tmp_path: Path) -> None:
    (tmp_path / "god.md").write_text(
        "# Mission\n\nVi vil have flere unge i job sammen med virksomhederne.\n"
    )
    (tmp_path / "tom.txt").write_bytes(b"")
    report = load_documents([tmp_path])
    assert [d.meta.source for d in report.documents] == ["god.md"]
    assert [p.path.name for p in report.problems] == ["tom.txt"]


def test_markdown_headings_are_structure(tmp_path: Path) -> None:
    path = tmp_path / "plan.md"
    path.write_text("# Vores mission\n\nVi vil halvere ledigheden blandt unge inden 2030.\n")
    doc = load_document(path)
    assert doc.blocks[0].kind == "heading"
    assert doc.text.startswith("Vores mission")


def test_safe_names_cannot_escape_the_library() -> None:
    assert safe_name("../../etc/passwd.txt") == "passwd.txt"
    assert safe_name("..\\..\\x.md") == "x.md"
    assert safe_name("rapport <script>.pdf") == "rapport _script.pdf"
