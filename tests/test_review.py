"""The review of a mission draft against the ways missions fail (no index needed)."""

from __future__ import annotations

from datetime import date

import pytest

from assistant.knowledge import load
from assistant.review import CRITERIA, read, review, review_json

TODAY = date(2026, 12, 3)

STRONG = """HVAD
Inden 2035 skal antallet af unge mellem 18 og 25 år, der hverken er i job eller uddannelse, \
være halveret.
HVORFOR
Ingen af os kan løse det alene: jobcentret, skolerne, psykiatrien, foreningerne og \
virksomhederne rummer hver en del af svaret.
HVORDAN
En partnerskabsbestyrelse med direktører fra kommune, region, erhvervsliv og civilsamfund \
mødes hvert kvartal og følger op på indikatorerne. Alle, der vil bidrage, er velkomne."""

APP = (
    "Our mission is to launch a new app that helps residents book appointments at the town "
    "hall. The council's IT department will build it next year."
)

SLOGAN = (
    "Vår mission er et godt liv for alle innbyggere gjennom helhetlig, innovativ og "
    "bærekraftig samskaping med synergier på tvers."
)


def _status(draft: str) -> dict[str, str]:
    result = review(draft, load(), today=TODAY)
    return {f.id: f.status for f in result.findings}


def test_a_strong_draft_gets_praise() -> None:
    result = review(STRONG, load(), today=TODAY)
    statuses = {f.id: f.status for f in result.findings}
    assert result.lang == "da" and tuple(statuses) == CRITERIA
    assert sum(s != "met" for s in statuses.values()) == 0
    assert "stærkt" in result.summary


def test_a_solution_with_a_short_horizon_is_no_mission() -> None:
    statuses = _status(APP)
    assert statuses["solution_not_challenge"] == "missing"
    assert statuses["quickly_solved"] == "missing"
    assert statuses["single_sector"] == "missing"
    assert statuses["no_how_governance"] == "missing"


def test_a_slogan_is_too_broad_and_abstract() -> None:
    result = review(SLOGAN, load(), today=TODAY)
    statuses = {f.id: f.status for f in result.findings}
    assert result.lang == "nb"
    assert statuses["too_broad"] == "missing" and statuses["not_translatable"] == "missing"
    assert statuses["no_target_or_time"] == "missing"
    # "på tvers" without the sectors it crosses is not across sectors
    assert statuses["single_sector"] != "met"
    broad = next(f for f in result.findings if f.id == "too_broad")
    assert "et godt liv" in broad.reason and broad.suggestion


def test_a_start_year_and_a_title_number_are_no_deadline_or_target() -> None:
    parts = read("Mission 1: Fra 2024 arbejder vi med trivsel i skolerne.", TODAY)
    assert not parts.target and not parts.deadline
    parts = read("By 2030, no child in the city will leave school without a plan.", TODAY)
    assert parts.target and parts.horizon_years == 4


@pytest.mark.parametrize("draft", [STRONG, APP, SLOGAN])
def test_evidence_is_the_drafts_own_and_citations_are_whole(draft: str) -> None:
    data = review_json(review(draft, load(), today=TODAY))
    assert [c["id"] for c in data["criteria"]] == list(CRITERIA)
    for c in data["criteria"]:
        assert c["status"] in ("met", "weak", "missing")
        assert all(e in draft for e in c["evidence"])
        assert c["citations"] and all(x["quote"] for x in c["citations"])
        assert (c["status"] == "met") == (c["suggestion"] == "")


def test_the_drafts_eval_counts_weaknesses_and_false_flags() -> None:
    from assistant.review.evaluate import corpus_texts, evaluate_drafts
    from assistant.settings import Settings

    rows = [
        {"id": "a", "lang": "en", "draft": APP, "labels": {"solution_not_challenge": "missing"}},
        {"id": "b", "lang": "da", "draft": STRONG, "labels": {c: "met" for c in CRITERIA}},
    ]
    entries = load()
    result = evaluate_drafts(
        rows,
        lambda d: review(d, entries, today=TODAY),
        corpus_texts(Settings().corpus_dir, entries),
    )
    assert result["weakness_recall"] == 1.0 and result["false_flags"] == 0.0
    assert result["evidence_verbatim"] == 1.0 and result["citations_whole"] == 1.0
    assert result["language"] == 1.0
