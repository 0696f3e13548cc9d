"""The CLI contract: JSON lines carrying ids, one-line errors, no tracebacks."""

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from assistant.cli import app
from assistant.core import Assistant

runner = CliRunner()


@pytest.fixture
def cli_env(corpus_assistant: Assistant, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MISSIONSGUIDEN_DATA_DIR", str(corpus_assistant.settings.data_dir))
    monkeypatch.setenv("MISSIONSGUIDEN_CORPUS_DIR", str(corpus_assistant.settings.corpus_dir))


def test_retrieve_questions_json_lines(cli_env: None, tmp_path: Path) -> None:
    qs = tmp_path / "q.jsonl"
    qs.write_text(
        '{"id": "a", "question": "Hvad er en backbone?"}\n{"id": "b", "question": "What is a mission?"}\n'
    )
    result = runner.invoke(app, ["retrieve", "--questions", str(qs), "--json", "--k", "3"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["id"] for r in rows] == ["a", "b"]
    for row in rows:
        assert len(row["passages"]) == 3
        assert set(row["passages"][0]) >= {"source", "title", "locator", "text", "score"}


def test_ask_json(cli_env: None) -> None:
    result = runner.invoke(
        app, ["ask", "Hvordan starter vi en coalition of the willing?", "--json"]
    )
    assert result.exit_code == 0, result.output
    answer = json.loads(result.stdout)
    assert answer["mode"] == "extractive" and answer["refused"] is False
    assert set(answer["citations"][0]) >= {"n", "source", "title", "locator", "quote", "passage"}


def test_ask_streams_text_and_lists_sources(cli_env: None) -> None:
    result = runner.invoke(app, ["ask", "Hvad er en backbone i et partnerskab?"])
    assert result.exit_code == 0
    assert "Kilder / Sources:" in result.stdout and "[1]" in result.stdout


def test_errors_are_one_line_without_traceback(cli_env: None, tmp_path: Path) -> None:
    result = runner.invoke(app, ["ask", "--questions", str(tmp_path / "missing.jsonl")])
    assert result.exit_code == 1
    assert result.stderr.strip().count("\n") == 0
    assert result.stderr.startswith("error:") and "Traceback" not in result.output


def test_bad_question_file_line_is_named(cli_env: None, tmp_path: Path) -> None:
    qs = tmp_path / "q.jsonl"
    qs.write_text('{"id": "a", "question": "ok?"}\nnot json\n')
    result = runner.invoke(app, ["retrieve", "--questions", str(qs)])
    assert result.exit_code == 1 and "q.jsonl:2" in result.stderr
