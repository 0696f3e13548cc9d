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


def test_a_word_file_is_read_with_its_tables_title_authors_year_and_language(
    tmp_path: Path,
) -> None:
    import datetime as dt

    from docx import Document as Docx

    doc = Docx()
    props = doc.core_properties
    props.title, props.author = "Plan for ensomhed", "Anne Hansen; Bo Berg"
    props.created = dt.datetime(2024, 5, 1)
    doc.add_heading("Plan for ensomhed", 0)
    doc.add_paragraph("Kommunen vil halvere ensomheden blandt ældre inden 2030.")
    table = doc.add_table(rows=2, cols=2)
    for cell, text in zip(
        [c for row in table.rows for c in row.cells],
        ["Indsats", "Budget", "Besøgsvenner", "400.000 kr."],
        strict=True,
    ):
        cell.text = text
    path = tmp_path / "plan.docx"
    doc.save(str(path))
    loaded = load_document(path)
    assert loaded.meta.title == "Plan for ensomhed"
    assert loaded.meta.authors == ("Anne Hansen", "Bo Berg")
    assert loaded.meta.year == 2024 and loaded.meta.language == "da"
    assert "Besøgsvenner | 400.000 kr." in loaded.text  # a table row stays one line
    blank = Docx()  # python-docx's template date (2013) and author are no one's
    blank.add_paragraph("A short note on shared governance for the mission board.")
    blank.save(str(tmp_path / "note.docx"))
    note = load_document(tmp_path / "note.docx")
    assert note.meta.year is None and note.meta.authors == () and note.meta.language == "en"
    (tmp_path / "broken.docx").write_bytes(b"PK not really a zip")
    with pytest.raises(IngestError, match="Word file could not be read"):
        load_document(tmp_path / "broken.docx")


def test_a_pdf_upload_takes_title_author_and_year_from_its_metadata(tmp_path: Path) -> None:
    import io

    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(minimal_pdf("Missionen for unge i job."))))
    writer.add_metadata(
        {"/Title": "Ungemissionen", "/Author": "Kari Nordmann", "/CreationDate": "D:20230315"}
    )
    path = tmp_path / "ung.pdf"
    with path.open("wb") as out:
        writer.write(out)
    meta = load_document(path).meta
    assert (meta.title, meta.authors, meta.year) == ("Ungemissionen", ("Kari Nordmann",), 2023)
