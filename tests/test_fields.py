"""The structured canvas: exact feedback on its fields and tables, and its exports (no model)."""

from __future__ import annotations

import base64
import re
from datetime import date
from pathlib import Path

import pytest
import yaml

from assistant.canvas import Actor, Canvas, Effort, Note, SourceRef, canvas_words
from assistant.export import mission_text, references, to_docx, to_markdown
from assistant.guide import canvas_draft
from assistant.method import load_method
from assistant.review.fields import (
    check_actors,
    check_portfolio,
    check_what,
    deadline_of,
    decision_id,
    number_of,
    sector_id,
    what_sentence,
)
from assistant.sentences import fold
from assistant.settings import ROOT

TODAY = date(2026, 12, 3)
GOOD = {
    "challenge": "For mange unge står uden job og uddannelse",
    "indicator": "andelen af 25-årige i job eller uddannelse",
    "baseline": "78 % (2024)",
    "level": "90 %",
    "deadline": "31. december 2032",
}


def keys(notes: list) -> list[str]:
    return [n.key for n in notes]


def test_every_feedback_has_three_languages_and_cites_a_verbatim_handbook_sentence() -> None:
    words = canvas_words()
    corpus = {p.name: fold(p.read_text("utf-8")) for p in (ROOT / "corpus").glob("*.txt")}
    for key, text in words["feedback"].items():
        assert all(text[lang].strip() for lang in ("da", "nb", "en")), key
        source = words["sources"][text["source"]]
        assert fold(source["quote"]) in corpus[source["file"]], key
    for group in ("what", "actor_columns", "effort_columns", "sectors", "decisions", "pictures"):
        for key, labels in words[group].items():
            assert set(labels) == {"da", "nb", "en"}, (group, key)


@pytest.mark.parametrize(
    ("text", "lang", "year"),
    [
        ("2030", "da", 2030),
        ("31. december 2031", "da", 2031),
        ("inden udgangen af 2033", "da", 2033),
        ("innen 2035", "nb", 2035),
        ("by the end of 2034", "en", 2034),
        ("June 2032", "en", 2032),
        ("om 10 år", "da", 2036),
        ("within ten years", "en", 2036),
        ("inden for ti år", "da", 2036),
    ],
)
def test_a_deadline_is_read_as_a_date(text: str, lang: str, year: int) -> None:
    when = deadline_of(text, lang, TODAY)
    assert when is not None and when.year == year


def test_numbers_are_read_in_the_canvas_locale() -> None:
    assert number_of("1.200 unge", "da") == 1200
    assert number_of("12,5 %", "nb") == 12.5
    assert number_of("1,200 people", "en") == 1200
    assert number_of("i 2024", "da") is None  # a year alone is not a level
    assert number_of("mange", "da") is None


def test_a_complete_what_gets_no_feedback_and_reads_as_the_missions_sentence() -> None:
    assert check_what(GOOD, "da", TODAY) == []
    sentence = what_sentence(GOOD, "da", TODAY)
    assert sentence == (
        "For mange unge står uden job og uddannelse. Vi måler andelen af 25-årige i job eller "
        "uddannelse fra 78 % (2024) til 90 % inden 2032."
    )


def test_each_weak_field_gets_its_own_note() -> None:
    assert keys(check_what({}, "en", TODAY)) == [
        "challenge_missing",
        "indicator_missing",
        "baseline_missing",
        "level_missing",
        "deadline_missing",
    ]
    weak = {**GOOD, "baseline": "lav", "level": "bedre", "deadline": "snart"}
    notes = check_what(weak, "da", TODAY)
    assert keys(notes) == ["baseline_no_number", "level_no_number", "deadline_unreadable"]
    assert {n.field for n in notes} == {"baseline", "level", "deadline"}
    assert "„bedre“" in notes[1].text and "„snart“" in notes[2].text
    assert keys(check_what({**GOOD, "level": "78 %"}, "da", TODAY)) == ["level_same"]
    assert keys(check_what({**GOOD, "level": "halvere ledigheden"}, "da", TODAY)) == []


def test_a_deadline_that_has_passed_or_is_near_is_flagged() -> None:
    past = check_what({**GOOD, "deadline": "2025"}, "nb", TODAY)
    assert keys(past) == ["deadline_past"] and "2025" in past[0].text
    near = check_what({**GOOD, "deadline": "2027"}, "en", TODAY)
    assert keys(near) == ["deadline_quick"] and "only 1 years away" in near[0].text
    assert near[0].quote.endswith("men ikke løst hurtigt")


def test_sectors_and_decisions_are_read_in_any_language() -> None:
    assert [sector_id(v) for v in ("public", "Sivilsamfunn", "Erhverv", "Citizens and users")] == [
        "public",
        "civil_society",
        "business",
        "citizens",
    ]
    assert sector_id("Frivillig forening") == "civil_society"
    assert sector_id("Universitetet") == "research"
    assert sector_id("kommunal") == "public"
    assert sector_id("noget andet") == ""
    assert [decision_id(v) for v in ("Fortsæt", "slå sammen", "Stop", "scale", "?")] == [
        "keep",
        "merge",
        "stop",
        "scale",
        "",
    ]


def test_the_actor_table_is_checked_row_by_row() -> None:
    assert keys(check_actors([], "da")) == ["actors_missing"]
    public = [
        Actor("Jobcentret", "public", depends_on="Skolerne; DGI", environment="Ungeteamet"),
        Actor("Skolerne", "Offentlig", environment="Ungeteamet"),
        Actor("Regionen", ""),
    ]
    notes = check_actors(public, "da")
    assert keys(notes) == [
        "sector_missing",
        "only_public",
        "unknown_actor",
        "no_environment",
        "no_mobiliser",
    ]
    assert "Regionen" in notes[0].text and "DGI" in notes[2].text
    assert "Skolerne" not in notes[2].text  # a name in the table is known
    assert notes[4].field == "environment:Ungeteamet"
    mixed = [
        Actor("Jobcentret", "public", depends_on="Virksomhederne", environment="Praktik"),
        Actor("Virksomhederne", "business", environment="Praktik", mobiliser="Jobcentret"),
    ]
    assert keys(check_actors(mixed, "en")) == ["one_outside"]
    broad = [*mixed, Actor("Ungdomsklubben", "civil_society", "", "Jobcentret", "", "Praktik")]
    assert check_actors(broad, "en") == []
    loose = [Actor("A", "public"), Actor("B", "business")]
    assert keys(check_actors(loose, "en")) == ["one_outside", "no_dependencies", "no_environment"]


def test_the_portfolio_needs_parts_decisions_owners_and_something_stopped() -> None:
    assert keys(check_portfolio([], "nb")) == ["portfolio_missing"]
    notes = check_portfolio([Effort("Mentorordning"), Effort("Klub", "fritid", "keep")], "nb")
    assert keys(notes) == ["no_part", "no_decision", "no_owner", "nothing_stopped"]
    assert "Mentorordning og Klub" in notes[2].text
    done = [Effort("Mentorordning", "job", "scale", "Jobcentret"), Effort("Klub", "fritid", "stop")]
    assert check_portfolio(done, "en") == []  # a stopped effort needs no owner


def structured_canvas() -> Canvas:
    ref = SourceRef("000.txt", "Håndbogen", "linje 1–2", "Målrettede, målbare")
    other = SourceRef("001.txt", "Oplægget", "linje 3", "Ingen kan løse det alene.")
    return Canvas(
        id="c1",
        title="Unge i job",
        answers={"what": "Alle unge i job eller uddannelse.", "why": "Ingen kan løse det alene."},
        what=dict(GOOD),
        actors=[
            Actor("Jobcentret", "public", "vejledning", "Virksomhederne", "", "Praktik", ""),
            Actor("Virksomhederne", "business", "pladser", "", "", "Praktik", "Jobcentret"),
            Actor("Ungdomsklubben", "civil_society", "kontakt", "Jobcentret", "", "Klub", ""),
        ],
        portfolio=[
            Effort("Mentorordning", "job", "scale", "Jobcentret"),
            Effort("Kursus", "job", "stop"),
        ],
        # cited later in the document, but first in reading order: "what" comes before "why"
        feedback={"why": [Note("Sig hvorfor.", other)], "what": [Note("Sæt et mål.", ref)]},
    )


def test_the_markdown_export_holds_the_mission_tables_pictures_and_ordered_references() -> None:
    canvas, method = structured_canvas(), load_method()
    md = to_markdown(canvas, method)
    assert (
        "| Felt | Teamets svar |" in md and "| Deadline (år eller dato) | 31. december 2032 |" in md
    )
    assert "| Aktør | Sektor | Bidrager med |" in md and "| Ungdomsklubben | Civilsamfund |" in md
    assert "| Indsats | Del af missionen, den tjener | Beslutning | Ejer |" in md
    assert "| Kursus | job | Stop |  |" in md
    assert "| Spørgsmål | Vurdering | Noter |" in md  # every table has a header row
    pictures = re.findall(r"!\[(\w+)\]\(data:image/png;base64,([A-Za-z0-9+/=]+)\)", md)
    assert [p[0] for p in pictures] == ["Aktørkort", "Porteføljen"]
    assert all(base64.b64decode(p[1]).startswith(b"\x89PNG") for p in pictures)
    assert [r.quote for r in references(canvas, method)] == [
        "Målrettede, målbare",
        "Ingen kan løse det alene.",
    ]
    assert "Sæt et mål. [1]" in md and "Sig hvorfor. [2]" in md
    assert "data:image" not in to_markdown(canvas, method, pictures=False)


def test_an_export_reads_back_as_the_canvas_mission(tmp_path: Path) -> None:
    canvas, method = structured_canvas(), load_method()
    md = tmp_path / "m.md"
    md.write_text(to_markdown(canvas, method), encoding="utf-8")
    docx = to_docx(canvas, method, tmp_path / "m.docx")
    lines = [x for x in canvas_draft(canvas).splitlines() if x]
    assert [x for x in mission_text(md).splitlines() if x] == lines
    assert mission_text(docx).splitlines() == lines
    assert "Aktører: Jobcentret (offentlig), Virksomhederne (erhverv)" in canvas_draft(canvas)
    plain = tmp_path / "draft.md"
    plain.write_text("HVAD\nEn mission.", encoding="utf-8")
    assert mission_text(plain) == "HVAD\nEn mission."


def test_the_word_export_is_a_document_a_leader_can_send(tmp_path: Path) -> None:
    from docx import Document

    doc = Document(str(to_docx(structured_canvas(), load_method(), tmp_path / "m.docx")))
    props = doc.core_properties
    assert props.title == "Unge i job" and props.author and props.author != "python-docx"
    assert props.created is not None
    assert len(doc.inline_shapes) == 2  # the actor map and the portfolio view
    for table in doc.tables:
        header = table.rows[0]
        assert header._tr.trPr is not None and "tblHeader" in header._tr.trPr.xml
        assert all(run.bold for c in header.cells for run in c.paragraphs[0].runs)
    styles = {p.style.name for p in doc.paragraphs}
    assert {"Title", "Heading 1", "Heading 2", "List Bullet", "List Number"} <= styles


def test_a_canvas_with_its_structure_survives_json() -> None:
    canvas = structured_canvas()
    again = Canvas.from_json(yaml.safe_load(yaml.safe_dump(canvas.to_json())))
    assert again == canvas
    old = {"id": "x", "title": "Gammel", "answers": {"what": "..."}}  # saved before the fields
    assert Canvas.from_json(old).actors == [] and Canvas.from_json(old).what == {}
