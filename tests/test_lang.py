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
