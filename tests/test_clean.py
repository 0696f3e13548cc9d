from assistant.clean import clean_pages
from assistant.sentences import fold, sentence_spans


def _clean(raw: str) -> tuple[str, list[str]]:
    text, blocks = clean_pages([(None, raw)])
    return text, [text[b.start : b.end] for b in blocks]


def test_line_break_hyphenation_is_joined() -> None:
    text, _ = _clean("Det gælder hele sam-\nfundet og alle sektorer i landet og mere til her.\n")
    assert "samfundet" in text


def test_compound_elision_keeps_its_hyphen() -> None:
    text, _ = _clean("Det gælder både social-\nog sundhedsområdet i kommunen og regionen i dag.\n")
    assert "social- og sundhedsområdet" in text


def test_blank_line_inside_a_sentence_is_repaired() -> None:
    raw = "Der skal arbejdes med en fælles erkendelse. Den\n\nerkendelse kræver involvering af flere.\n"
    text, blocks = _clean(raw)
    assert "Den erkendelse kræver involvering" in text
    assert len(blocks) == 1


def test_stray_urls_and_page_numbers_are_dropped() -> None:
    raw = "Første afsnit om missioner og samarbejde.\n\nhttps://example.org/x?msclkid=1\n\n5\n\nAndet afsnit her.\n"
    text, blocks = _clean(raw)
    assert "https://" not in text
    assert blocks == ["Første afsnit om missioner og samarbejde.", "Andet afsnit her."]


def test_headings_and_bullets_become_their_own_blocks() -> None:
    raw = "Missionens kvalitet\n\n• Er det tydeligt, hvorfor vi skal gøre det her sammen?\n\n• Er det tydeligt,\nhvordan vi skaber værdi?\n"
    text, blocks = clean_pages([(None, raw)])
    kinds = [b.kind for b in blocks]
    assert kinds == ["heading", "item", "item"]
    assert text[blocks[2].start : blocks[2].end] == "• Er det tydeligt, hvordan vi skaber værdi?"


def test_blocks_keep_original_lines_and_pages() -> None:
    _, blocks = clean_pages([(3, "Overskrift\n\nEn linje der\nfortsætter her.\n")])
    assert blocks[-1].lines == (3, 4)
    assert all(b.page == 3 for b in blocks)


def test_sentence_spans_keep_abbreviations() -> None:
    text = "Det sker f.eks. i Aarhus. Dorte Bukdahl, 15. maj 2025. Næste sætning."
    parts = [text[a:b] for a, b in sentence_spans(text)]
    assert parts == ["Det sker f.eks. i Aarhus.", "Dorte Bukdahl, 15. maj 2025.", "Næste sætning."]


def test_fold_matches_the_scorers_normalisation() -> None:
    assert fold("Sam-\nfundet  ”står”") == 'samfundet "står"'
