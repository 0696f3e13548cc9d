"""What the web app renders, without a server: passages for reading, source labels."""

from assistant.ui import _short, for_reading, render_sources


def test_slide_leftovers_around_a_quote_are_dropped_and_the_quote_stays_verbatim() -> None:
    passage = (
        "Udfordringen\nSektor Sektor Sektor\n\nMissions projekt\n\nMissions projekt\n"
        "Råd nr. 1: Design missionen i fællesskab\n• Etabler en coalition of the willing – en "
        "frontløbergruppe.\nSektor Sektor"
    )
    assert for_reading(passage) == (
        "Udfordringen\n\nMissions projekt\n\nRåd nr. 1: Design missionen i fællesskab\n"
        "• Etabler en coalition of the willing – en frontløbergruppe."
    )
    quote = "Sektor Sektor Sektor"  # a quote is never cut, even one a slide repeats
    turn = {
        "message": "Hvad?",
        "citations": [
            {
                "n": 1,
                "source": "x.txt",
                "title": "T",
                "locator": "linje 1",
                "quote": quote,
                "passage": passage,
            },
        ],
    }
    assert f"<mark>{quote}</mark>" in render_sources(turn, 1, "da", {})


def test_two_sources_of_one_long_titled_document_differ_at_a_glance() -> None:
    title = (
        "Hvordan kan vi arbejde med implementering, når opgaverne skal løses på tværs af sektorer?"
    )
    assert _short(title) == "Hvordan kan vi arbejde med implementering, når …"
    turn = {
        "message": "Hvad?",
        "citations": [
            {"n": n, "source": "t.txt", "title": title, "locator": loc, "quote": "q"}
            for n, loc in ((1, "“Svag”, linje 451–512"), (2, "“Råd nr. 2”, linje 600–640"))
        ],
    }
    html = render_sources(turn, 1, "da", {})
    assert "“Svag”, linje 451–512</span></summary>" in html
    assert "“Råd nr. 2”, linje 600–640</span></summary>" in html


def test_why_an_upload_was_not_added_is_said_in_the_interface_language(tmp_path) -> None:
    import pytest

    from assistant.ingest import IngestError, load_document
    from assistant.ui import problem_text

    big = tmp_path / "billede.txt"
    big.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00" * 10)
    with pytest.raises(IngestError) as caught:
        load_document(big)
    assert problem_text(caught.value, "da") == "billede.txt: det ligner en binær fil, ikke tekst."
    assert problem_text(caught.value, "nb").startswith("billede.txt: det ser ut som en binærfil")
    assert "binary file" in str(caught.value)  # the CLI keeps its English reason
    odd = tmp_path / "notat.odt"
    odd.write_text("x")
    with pytest.raises(IngestError) as caught:
        load_document(odd)
    assert problem_text(caught.value, "en") == (
        "notat.odt: the file type .odt cannot be used (use .pdf, .docx, .txt or .md)."
    )
