"""The guide engine on the real corpus: cited guidance, transparent feedback, canvases, exports."""

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from assistant.cli import app
from assistant.core import Assistant
from assistant.export import to_docx, to_markdown
from assistant.method import load_method
from assistant.sentences import fold
from assistant.settings import ROOT
from assistant.types import MissionsguidenError

CORPUS = {p.name: fold(p.read_text(encoding="utf-8")) for p in (ROOT / "corpus").glob("*.txt")}


def test_the_eighteen_quality_questions_keep_the_handbooks_wording() -> None:
    method = load_method()
    assert len(method.questions) == 18
    for q in method.questions:
        assert fold(q.text["da"]) in CORPUS["000_322a16c1be6a585a.txt"], q.id
        assert q.text["nb"] and q.text["en"]
    assert [s.id for s in method.steps] == [1, 2, 3]


def test_every_feedback_check_cites_a_verbatim_source() -> None:
    for check in load_method().checks.values():
        assert fold(check.quote) in CORPUS[check.source], check.id


@pytest.fixture
def guide(corpus_assistant: Assistant):
    return corpus_assistant.guide()


def test_feedback_on_a_vague_mission(guide) -> None:
    canvas = guide.start("Test", lang="da")
    notes = guide.answer(canvas, "what", "Vi vil gerne have det bedre for de unge.")
    # the review's own criterion: neither a target nor a time horizon, with what to write
    assert len(notes) == 1 and "hverken et målbart mål eller en tidshorisont" in notes[0].text
    assert all(n.ref and "linje" in n.ref.locator for n in notes)
    # the handbook's sentence is whole: "... men ikke løst hurtigt"
    assert notes[0].ref.quote.endswith("men ikke løst hurtigt")
    notes = guide.answer(canvas, "what", "Vi vil lancere en app til de unge inden 2026.")
    assert any("app" in n.text for n in notes)  # a solution named as the mission
    assert (
        guide.answer(canvas, "what", "Halvér ledigheden blandt unge i kommunen inden 2030.") == []
    )


def test_feedback_on_the_usual_suspects_and_missing_governance(guide) -> None:
    canvas = guide.start("Test", lang="en")
    notes = guide.answer(canvas, "actors", "The job centre, the region and the hospital.")
    assert notes and "usual suspects" in notes[0].text
    assert guide.answer(canvas, "actors", "The job centre, volunteers and local businesses.") == []
    assert guide.answer(canvas, "how", "We will work hard on it.")
    assert (
        guide.answer(canvas, "how", "A steering group meets monthly and follows up on actions.")
        == []
    )


def test_guidance_is_cited_from_the_corpus(guide) -> None:
    canvas = guide.start("Test", lang="nb")
    notes = guide.guidance(canvas, guide.method.prompt("environments"))
    assert notes
    for note in notes:
        assert fold(note.ref.quote) in CORPUS[note.ref.source]


def test_canvases_persist_side_by_side_and_resume(guide, corpus_assistant: Assistant) -> None:
    first = guide.start("Første", lang="da")
    second = guide.start("Anden", lang="en")
    guide.answer(first, "what", "Alle unge i job eller uddannelse inden 2030.")
    guide.assess(first, "mission.1", "partly", "mangler virksomhederne")
    reopened = corpus_assistant.canvases.get(first.id)
    assert reopened.answers["what"].startswith("Alle unge")
    assert reopened.assessment["mission.1"] == {
        "rating": "partly",
        "notes": "mangler virksomhederne",
    }
    assert guide.next_prompt(reopened).id == "why"
    assert guide.next_prompt(corpus_assistant.canvases.get(second.id)).id == "what"
    with pytest.raises(MissionsguidenError, match="rating must be"):
        guide.assess(reopened, "mission.1", "maybe")


def test_exports_hold_answers_assessment_open_points_and_references(guide, tmp_path: Path) -> None:
    from docx import Document

    canvas = guide.start("Ungemission", lang="da")
    guide.guidance(canvas, guide.method.prompt("what"))
    guide.answer(canvas, "what", "Vi vil gerne have det bedre for de unge.")
    guide.assess(canvas, "mission.2", "no")
    markdown = to_markdown(canvas, guide.method)
    assert markdown.startswith("# Ungemission")
    assert "Vi vil gerne have det bedre for de unge." in markdown
    assert re.search(
        r"\| Er det tydeligt, hvordan vi sammen skaber værdi\? \[\d+\] \| nej \|", markdown
    )
    assert "## Åbne punkter" in markdown and "(ikke besvaret endnu)" in markdown
    references = markdown.split("## Kilder", 1)[1]
    assert "000_322a16c1be6a585a" not in references and "linje" in references
    doc = Document(str(to_docx(canvas, guide.method, tmp_path / "c.docx")))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "Ungemission" in text and "Vi vil gerne have det bedre for de unge." in text


def test_guide_cli_from_an_answers_file(
    corpus_assistant: Assistant, tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.setenv("MISSIONSGUIDEN_DATA_DIR", str(corpus_assistant.settings.data_dir))
    monkeypatch.setenv("MISSIONSGUIDEN_CORPUS_DIR", str(corpus_assistant.settings.corpus_dir))
    answers = tmp_path / "a.yaml"
    answers.write_text(
        "title: Ungemission\nlang: en\nanswers:\n  what: Better lives for young people.\n"
        "assessment:\n  mission.1: yes\n  mission.2: {rating: partly, notes: unclear}\n"
    )
    result = CliRunner().invoke(
        app, ["guide", "--answers", str(answers), "--export", str(tmp_path / "out")]
    )
    assert result.exit_code == 0, result.output
    assert "[what]" in result.stdout  # feedback printed
    md = next((tmp_path / "out").glob("canvas-*.md")).read_text()
    assert re.search(r"\| Is it clear why we must do this together\? \[\d+\] \| yes \|", md)
    assert next((tmp_path / "out").glob("canvas-*.docx")).stat().st_size > 0

    answers.write_text("answers:\n  nonsense: x\n")
    bad = CliRunner().invoke(app, ["guide", "--answers", str(answers)])
    assert bad.exit_code == 1 and "unknown prompt 'nonsense'" in bad.stderr


def test_review_of_a_mission_draft(guide) -> None:
    draft = (
        "Alle unge i Hjørring skal have en positiv destination inden 2030. "
        "Det kan kommunen ikke klare alene, derfor går vi sammen med virksomhederne."
    )
    result = guide.review(draft)
    findings = {f.id: f for f in result.findings}
    assert result.lang == "da" and len(findings) == 11
    assert findings["no_target_or_time"].status == "met"
    assert any("2030" in e for e in findings["no_target_or_time"].evidence)
    # a party that cannot do it alone is a why ("why no one can solve it alone")
    assert findings["no_why_together"].status == "met"
    assert any("alene" in e for e in findings["no_why_together"].evidence)
    # only speaking of working together is not yet one
    together = guide.review("Vi vil samarbejde tæt med hinanden om de unge inden 2030.")
    assert {f.id: f.status for f in together.findings}["no_why_together"] == "weak"
    for f in findings.values():
        assert all(e in draft for e in f.evidence)  # the draft's own sentences, verbatim
        for c in f.citations:
            assert fold(c.quote) in CORPUS[c.source] and "linje" in c.locator
    with pytest.raises(MissionsguidenError, match="empty"):
        guide.review("   ")


def test_written_feedback_from_a_chat_model_stays_cited(corpus_assistant: Assistant) -> None:
    from langchain_core.language_models.fake_chat_models import FakeListChatModel

    from assistant.guide import Guide

    reply = (
        "Jeres mission mangler en tidshorisont [1]. Den er ellers et godt fælles formål [3]. "
        "Og så en påstand uden kilde. Her er en forkert kilde [99]."
    )
    guide = Guide(
        corpus_assistant.answerer,
        corpus_assistant.canvases,
        chat_model=FakeListChatModel(responses=[reply]),
    )
    canvas = guide.start("Test", lang="da")
    notes = guide.answer(canvas, "what", "Alle unge skal have det godt.")
    assert [n.text for n in notes] == [
        "Jeres mission mangler en tidshorisont.",
        "Den er ellers et godt fælles formål.",
    ]
    for note in notes:
        assert fold(note.ref.quote) in CORPUS[note.ref.source]

    class Broken:
        def invoke(self, *args: object) -> None:
            raise TimeoutError

    guide.chat_model = Broken()
    notes = guide.answer(canvas, "what", "Alle unge skal have det godt.")
    assert notes and "tidshorisont" in notes[0].text  # the checks' own feedback stands


def test_a_team_goes_through_all_steps_quits_resumes_and_exports(
    corpus_assistant: Assistant, tmp_path: Path, monkeypatch
) -> None:
    """The whole method through the terminal session: 9 answers, 18 ratings, a break, export."""
    from docx import Document

    monkeypatch.setenv("MISSIONSGUIDEN_DATA_DIR", str(corpus_assistant.settings.data_dir))
    monkeypatch.setenv("MISSIONSGUIDEN_CORPUS_DIR", str(corpus_assistant.settings.corpus_dir))
    answers = {
        "what": "Halvér antallet af unge uden job eller uddannelse i kommunen inden 2030.",
        "why": "Ingen af os kan løse det alene; skoler, jobcenter og virksomheder er afhængige af hinanden.",
        "problems": "Data fra UU og jobcentret viser frafald, ensomhed og for få praktikpladser.",
        "how": "En fælles styregruppe mødes hver måned og følger op på aftalte handlinger.",
        "actors": "Jobcentret, erhvervsskolen, lokale virksomheder, frivillige foreninger og de unge selv.",
        "environments": "Praktikforløb i virksomhederne; et fælles sekretariat har ansvar for at mobilisere.",
        "strategies": "Virksomheder vil måske kun tage de stærkeste unge; vi aftaler mentorordninger.",
        "review": "Tre overlappende projekter samles, og et stoppes.",
        "capability": "Vi deler data og viden og holder et halvårligt læringsseminar.",
    }
    ratings = "\n".join(["y", "p: mangler virksomhederne", "n", "y", "", "y"])
    first_session = "\n".join([answers[k] for k in ("what", "why", "problems", "how")]) + "\n"
    first_session += ratings + "\n" + answers["actors"] + "\n\n"  # then quits (empty line)
    runner = CliRunner()
    result = runner.invoke(app, ["guide", "--lang", "da", "--title", "E2E"], input=first_session)
    assert result.exit_code == 0, result.output
    canvas_id = re.search(r"canvas (\w+):", result.stdout).group(1)
    saved = corpus_assistant.canvases.get(canvas_id)
    assert set(saved.answers) == {"what", "why", "problems", "how", "actors"}
    assert len(saved.assessment) == 6

    rest = (
        "\n".join(
            [
                answers["environments"],
                answers["strategies"],
                ratings,
                answers["review"],
                answers["capability"],
                ratings,
            ]
        )
        + "\n"
    )
    out = tmp_path / "export"
    result = runner.invoke(app, ["guide", "--canvas", canvas_id, "--export", str(out)], input=rest)
    assert result.exit_code == 0, result.output
    final = corpus_assistant.canvases.get(canvas_id)
    assert final.answers == answers and len(final.assessment) == 18
    assert final.assessment["mission.2"] == {"rating": "partly", "notes": "mangler virksomhederne"}

    markdown = (out / f"canvas-{canvas_id}.md").read_text()
    docx_text = "\n".join(
        [p.text for p in Document(str(out / f"canvas-{canvas_id}.docx")).paragraphs]
        + [
            c.text
            for t in Document(str(out / f"canvas-{canvas_id}.docx")).tables
            for r in t.rows
            for c in r.cells
        ]
    )
    method = load_method()
    for text in (markdown, docx_text):
        for answer in answers.values():
            assert answer in text
        for q in method.questions:
            assert q.text["da"] in text
    references = markdown.split("## Kilder", 1)[1].strip().splitlines()
    assert references
    for line in references:
        quote = line.split(": “", 1)[1].rstrip("”")
        assert fold(quote) in fold("\n".join(CORPUS.values())), line

    again = runner.invoke(app, ["guide", "--canvas", canvas_id, "--export", str(out)], input="")
    assert again.exit_code == 0
    assert (out / f"canvas-{canvas_id}-2.md").exists()  # exports never overwrite
    assert (out / f"canvas-{canvas_id}.md").read_text() == markdown


def test_a_pdf_bullet_glyph_is_shown_as_a_bullet_in_the_guide_and_its_export() -> None:
    from assistant.canvas import Canvas, Note, SourceRef
    from assistant.ui import render_notes

    quote = "\uf0b7 Engagementet er meget højere, når man selv har været med."
    ref = SourceRef("001_talk.txt", "Oplægget", "linje 1–2", quote)
    canvas = Canvas(id="c1", title="Mission", guidance={"what": [Note(quote, ref)]})
    method = load_method()
    markdown = to_markdown(canvas, method)
    guidance, references = markdown.split("## Kilder", 1)
    for shown in (render_notes(canvas.guidance["what"], ""), guidance):
        assert "\uf0b7" not in shown
        assert "• Engagementet er meget højere" in shown
    assert quote in references  # the reference list, the citation record, stays verbatim


def test_the_review_of_a_canvas_agrees_with_the_feedback(guide) -> None:
    """Feedback on each answer and the review of the whole canvas use the same criteria."""
    from assistant.guide import canvas_draft

    weak = guide.start("Svag", lang="da")
    flagged: set[str] = set()
    for prompt_id, text in {
        "what": "Vi vil gerne styrke trivslen blandt de ældre i kommunen.",
        "why": "Det er et vigtigt område for os.",
        "how": "Vi vil arbejde målrettet med det.",
        "actors": "Kommunen, regionen og hospitalet.",
    }.items():
        notes = guide.answer(weak, prompt_id, text)
        flagged |= {cid for cid in guide.method.prompt(prompt_id).checks if any(notes)}
    review = {f.id: f.status for f in guide.review_canvas(weak).findings}
    for cid in ("no_target_or_time", "no_why_together", "no_how_governance", "usual_suspects"):
        assert review[cid] != "met", cid
    assert "HVAD\nVi vil gerne styrke" in canvas_draft(weak)

    strong = guide.start("Stærk", lang="da")
    answers = {
        "what": "Inden 2032 skal andelen af ældre, der ofte føler sig ensomme, halveres.",
        "why": "Ingen af os kan løse det alene, for vi er afhængige af hinanden.",
        "how": "En styregruppe med direktørerne mødes hvert kvartal og følger op på målene.",
        "actors": "Kommunen, regionen, ældreforeningerne, boligselskaberne og de ældre selv.",
    }
    for prompt_id, text in answers.items():
        assert guide.answer(strong, prompt_id, text) == [], prompt_id
    review = {f.id: f.status for f in guide.review_canvas(strong).findings}
    for cid in ("no_target_or_time", "no_why_together", "no_how_governance", "usual_suspects"):
        assert review[cid] == "met", cid


def test_a_team_fills_the_structured_canvas_exports_it_and_the_review_agrees(
    corpus_assistant: Assistant, tmp_path: Path, monkeypatch
) -> None:
    """End to end: the three steps with the structured fields and tables, feedback, both
    exports, and `missionsguiden review` of each exported file agreeing with the feedback."""
    import json

    from assistant.canvas import Actor, Effort
    from assistant.export import to_docx, to_markdown
    from assistant.guide import _DECIDED_BY_FIELDS

    monkeypatch.setenv("MISSIONSGUIDEN_DATA_DIR", str(corpus_assistant.settings.data_dir))
    monkeypatch.setenv("MISSIONSGUIDEN_CORPUS_DIR", str(corpus_assistant.settings.corpus_dir))
    guide = corpus_assistant.guide()
    canvas = guide.start("Unge i job", lang="da")
    what = {
        "challenge": "For mange unge står uden job og uddannelse",
        "indicator": "andelen af 25-årige i job eller uddannelse",
        "baseline": "78 % (2024)",
        "level": "90 %",
        "deadline": "2027",
    }
    actors = [
        Actor(
            "Jobcentret", "Offentlig", "vejledning", "Virksomhederne", "", "Praktik", "Jobcentret"
        ),
        Actor("Virksomhederne", "Erhverv", "praktikpladser", "", "Jobcentret", "Praktik", ""),
        Actor("Skolerne", "Offentlig", "undervisning", "Jobcentret", "", "Praktik", ""),
    ]
    portfolio = [Effort("Mentorordning", "fastholdelse", "Fortsæt", "Jobcentret")]
    guide.answer(canvas, "what", "Alle unge i kommunen skal i job eller uddannelse.")
    guide.fill(canvas, what=what)
    guide.answer(canvas, "why", "Det er vigtigt for os.")
    guide.answer(canvas, "how", "Vi mødes i et fælles forum hver måned og følger op hvert kvartal.")
    guide.fill(canvas, actors=actors)
    guide.fill(canvas, portfolio=portfolio)

    def flagged() -> set[str]:
        return {n.check or "" for notes in canvas.feedback.values() for n in notes}

    def reviewed(path: Path) -> dict[str, str]:
        result = CliRunner().invoke(app, ["review", str(path), "--json"])
        assert result.exit_code == 0, result.output
        data = json.loads(result.output)
        assert data["lang"] == "da" and len(data["criteria"]) == 11
        return {c["id"]: c["status"] for c in data["criteria"]}

    def agree(status: dict[str, str]) -> None:
        found = flagged()
        for prompt in guide.method.prompts:
            decided = _DECIDED_BY_FIELDS.get(prompt.id, ())
            for cid in (c for c in prompt.checks if c in status and c not in decided):
                assert (cid in found) == (status[cid] != "met"), cid
        assert ("deadline_quick" in found) == (status["quickly_solved"] == "missing")
        public_only = bool({"only_public", "one_outside"} & found)
        assert public_only == (status["usual_suspects"] != "met")

    assert {"deadline_quick", "one_outside", "nothing_stopped", "no_why_together"} <= flagged()
    for path in (
        tmp_path / "a.md",
        to_docx(canvas, guide.method, tmp_path / "a.docx"),
    ):
        if path.suffix == ".md":
            path.write_text(to_markdown(canvas, guide.method), encoding="utf-8")
        status = reviewed(path)
        assert status == {f.id: f.status for f in guide.review_canvas(canvas).findings}
        agree(status)

    # the team mends what the feedback named; the feedback and the review move together
    guide.fill(canvas, what={**what, "deadline": "2035"})
    guide.fill(
        canvas,
        actors=[
            *actors,
            Actor("Ungdomsklubben", "Civilsamfund", "kontakt", "Jobcentret", "", "Praktik", ""),
            Actor("De unge selv", "Borgere og brugere", "erfaring", "", "", "Praktik", ""),
        ],
    )
    guide.answer(canvas, "why", "Ingen af os kan løse det alene: vi er afhængige af hinanden.")
    assert not {"deadline_quick", "one_outside", "no_why_together"} & flagged()
    path = tmp_path / "b.md"
    path.write_text(to_markdown(canvas, guide.method), encoding="utf-8")
    status = reviewed(path)
    assert status["quickly_solved"] == status["usual_suspects"] == "met"
    agree(status)
