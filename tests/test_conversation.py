"""Scripted conversations: follow-ups keep the topic, new topics start clean, languages switch."""

import json
import re
import threading
from pathlib import Path

import pytest
from langchain_core.language_models.fake_chat_models import FakeListChatModel
from typer.testing import CliRunner

from assistant.answer import Answerer
from assistant.cli import app
from assistant.conversation import Conversation, is_followup
from assistant.core import Assistant
from assistant.lang import detect


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("Og hvem skal være med i den?", True),
        ("Hva med finansieringen?", True),
        ("What about step 3?", True),
        ("Hvad er relationel koordinering i en kommune?", False),
        ("How do we start a coalition of the willing in our region?", False),
    ],
)
def test_followup_detection(message: str, expected: bool) -> None:
    assert is_followup(message) is expected


def test_followup_carries_the_topic_and_shows_the_query(corpus_assistant: Assistant) -> None:
    conv = corpus_assistant.conversation()
    conv.ask("Hvordan starter vi en coalition of the willing?")
    turn = conv.ask("Og hvem skal være med i den?")
    assert turn.followup
    assert "coalition" in turn.query and turn.query.startswith("Og hvem skal være med i den?")
    assert any("oalition of the willing" in p.chunk.text for p in turn.answer.passages)


def test_a_new_topic_is_not_polluted_by_the_old(corpus_assistant: Assistant) -> None:
    conv = corpus_assistant.conversation()
    conv.ask("Hvordan starter vi en coalition of the willing?")
    turn = conv.ask("Hvad er relationel koordinering i en kommune?")
    assert not turn.followup
    assert turn.query == "Hvad er relationel koordinering i en kommune?"
    assert "relationel koordinering" in turn.answer.passages[0].chunk.text.lower()


def test_an_off_topic_question_mid_conversation_is_refused_on_its_own_evidence(
    corpus_assistant: Assistant,
) -> None:
    """The topic lifts a follow-up's evidence, but not a new question's: asked after two turns
    on the handbook, a football question must not borrow their passages to get an answer."""
    conv = corpus_assistant.conversation()
    conv.ask("Hvad er et forpligtende handlingsmiljø?")
    assert not conv.ask("Hvordan bygger vi det op?").answer.refused
    off_topic = conv.ask("Hvem vandt fodboldlandskampen i går?")
    assert off_topic.answer.refused and off_topic.answer.reason == "not_covered"
    assert off_topic.answer.citations == []


def test_a_followup_answer_says_something_new(corpus_assistant: Assistant) -> None:
    conv = corpus_assistant.conversation()
    first = conv.ask("Hvordan starter vi en coalition of the willing?").answer
    followup = conv.ask("Og hvem skal være med i den?").answer
    before = {c.quote for c in first.citations}
    assert followup.citations
    assert sum(c.quote in before for c in followup.citations) < len(before)


def test_language_switch_restates_the_last_answer(corpus_assistant: Assistant) -> None:
    conv = corpus_assistant.conversation()
    first = conv.ask("Hvad er en backbone i et partnerskab?")
    turn = conv.ask("Can you say that in English?")
    assert turn.lang == "en" and detect(re.sub(r"\[\d+\]", "", turn.answer.text)) == "en"
    assert [c.quote for c in turn.answer.citations] == [c.quote for c in first.answer.citations]
    norsk = conv.ask("Svar på norsk, takk")
    assert norsk.lang == "nb" and detect(re.sub(r"\[\d+\]", "", norsk.answer.text)) == "nb"


def test_a_vague_first_message_gets_a_clarifying_question(corpus_assistant: Assistant) -> None:
    turn = corpus_assistant.conversation().ask("Hvad med det?")
    assert turn.clarification and turn.answer.refused and not turn.answer.citations
    assert turn.answer.text.startswith("Hvad tænker du på?")


def test_chat_model_condenses_and_falls_back_when_it_fails(corpus_assistant: Assistant) -> None:
    model = FakeListChatModel(responses=["Hvem skal være med i en coalition of the willing?"])
    conv = Conversation(corpus_assistant.answerer, chat_model=model)
    conv.ask("Hvordan starter vi en coalition of the willing?")
    assert conv.ask("Og hvem skal være med i den?").query == (
        "Hvem skal være med i en coalition of the willing?"
    )

    class Broken:
        def invoke(self, *args: object) -> None:
            raise TimeoutError("slow model")

    conv = Conversation(corpus_assistant.answerer, chat_model=Broken())
    conv.ask("Hvordan starter vi en coalition of the willing?")
    assert "coalition" in conv.ask("Og hvem skal være med i den?").query


def test_a_slow_chat_model_is_given_up_on_for_the_offline_rule(
    corpus_assistant: Assistant,
) -> None:
    release = threading.Event()

    class Slow:
        def invoke(self, *args: object) -> str:
            release.wait(10)
            return "Et omskrevet spørgsmål, der kom for sent?"

    answerer = Answerer(
        corpus_assistant.settings.model_copy(update={"condense_timeout_s": 0.2}),
        corpus_assistant.retriever,
    )
    conv = Conversation(answerer, chat_model=Slow())
    conv.ask("Hvordan starter vi en coalition of the willing?")
    turn = conv.ask("Og hvem skal være med i den?")
    release.set()
    assert turn.query.startswith("Og hvem skal være med i den? (+") and "coalition" in turn.query


def test_chat_script_prints_one_object_per_turn(
    corpus_assistant: Assistant, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MISSIONSGUIDEN_DATA_DIR", str(corpus_assistant.settings.data_dir))
    monkeypatch.setenv("MISSIONSGUIDEN_CORPUS_DIR", str(corpus_assistant.settings.corpus_dir))
    script = tmp_path / "c.jsonl"
    script.write_text(
        json.dumps({"id": "c1", "turns": ["Hvad er en backbone?", "Og hvem ejer den?"]}) + "\n"
    )
    result = CliRunner().invoke(app, ["chat", "--script", str(script), "--json"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(r["id"], r["turn"]) for r in rows] == [("c1", 1), ("c1", 2)]
    for row in rows:
        assert set(row) >= {"id", "turn", "query", "passages", "answer", "refused", "citations"}


def test_conversations_are_saved_resumed_and_exported(corpus_assistant: Assistant) -> None:
    conv = corpus_assistant.conversation(save=True)
    conv.ask("Hvordan starter vi en coalition of the willing?")
    conv.ask("Og hvem skal være med i den?")
    saved = {s.id: s for s in corpus_assistant.history.list()}
    assert saved[conv.id].turns == 2

    again = corpus_assistant.conversation(resume=conv.id)
    assert [t.message for t in again.turns] == [t.message for t in conv.turns]
    turn = again.ask("Hvad så med civilsamfundet?")
    assert turn.followup and "coalition" in turn.query
    assert corpus_assistant.history.list()[0].turns == 3

    markdown = corpus_assistant.history.export_markdown(conv.id)
    assert markdown.startswith("# Hvordan starter vi en coalition of the willing?")
    assert "## 3. Hvad så med civilsamfundet?" in markdown
    assert "[1]" in markdown


def test_resuming_an_unknown_conversation_is_a_clear_error(corpus_assistant: Assistant) -> None:
    from assistant.types import MissionsguidenError

    with pytest.raises(MissionsguidenError, match="no conversation with id 'nope'"):
        corpus_assistant.conversation(resume="nope")


def test_a_followup_stays_in_the_document_it_was_answered_from(
    corpus_assistant: Assistant,
) -> None:
    conv = corpus_assistant.conversation()
    first = conv.ask("Hvordan opplevde deltakerne i Alvorlig sykt barn å jobbe mot en mission?")
    case = first.answer.passages[0].chunk.source
    assert case.startswith("003_")  # the Norwegian case
    turn = conv.ask("Og hvor moden er tilgangen egentlig?")
    assert turn.followup and turn.lang == "nb"  # ambiguous between da and nb: the user's stays
    bare = corpus_assistant.retriever.search("Og hvor moden er tilgangen egentlig?")
    assert sum(p.chunk.source == case for p in turn.answer.passages) > sum(
        p.chunk.source == case for p in bare.passages
    )
    assert turn.answer.passages[0].chunk.source == case


def test_a_followup_answer_quotes_no_pointer_elsewhere(corpus_assistant: Assistant) -> None:
    conv = corpus_assistant.conversation()
    conv.ask("Hvordan starter vi en coalition of the willing?")
    turn = conv.ask("Og hvem skal være med i den?")
    assert turn.answer.citations
    assert not any("www." in c.quote or "http" in c.quote for c in turn.answer.citations)
