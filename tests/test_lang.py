"""Language of short questions that mix in names and English terms."""

import pytest

from assistant.lang import detect


@pytest.mark.parametrize(
    ("question", "lang"),
    [
        ("Hvordan starter vi en coalition of the willing?", "da"),
        ("Hvad menes der med co-stabilization frem for co-creation?", "da"),
        ("Hvordan ved vi, om mobiliseringen er god nok?", "da"),
        ("Hvordan vet vi om mobiliseringen er god nok?", "nb"),
        ("Hva med civilsamfunnet?", "nb"),
        ("What is the Youth Guarantee (Ungegarantien) in Hjørring?", "en"),
        ("How do we start a coalition of the willing?", "en"),
        ("Can you say that in English?", "en"),
        # "hvorfor" is both; spellings tell them apart (organisation / organisasjon)
        ("Hvorfor sammenlignes staben med et nervesystem i artiklen?", "da"),
        ("Hvorfor møder organisationerne modstand?", "da"),
        ("Hvorfor valgte livshendelsene å prøve missions?", "nb"),
        ("Hva er utfordringen med organisasjonen?", "nb"),
        ("Why do organisations come into existence at all?", "en"),
    ],
)
def test_detect(question: str, lang: str) -> None:
    assert detect(question) == lang


def test_clear_cut_questions_are_decided_without_loading_the_detector() -> None:
    """The detector's models take seconds to load: plain da/nb/en questions must not need it,
    and anything with another language's function words still goes to it."""
    from assistant.lang import _clear_cut, _words

    assert (
        _clear_cut(_words("Hvad er et forpligtende handlingsmiljø, og hvordan skaber vi det?"))
        == "da"
    )
    assert (
        _clear_cut(_words("Hva er erfaringene fra Alvorlig sykt barn med mission-tilnærmingen?"))
        == "nb"
    )
    assert _clear_cut(_words("What is the role of the backbone in a mission?")) == "en"
    assert _clear_cut(_words("Wie können wir eine Koalition der Willigen gründen?")) is None
    assert _clear_cut(_words("Hur startar vi en koalition?")) is None
    # English words in a Danish question: the detector weighs them
    assert _clear_cut(_words("Hvordan starter vi en coalition of the willing?")) is None
