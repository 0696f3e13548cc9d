"""The eval suite: metrics by hand, the citation parser, set loading, the report, the gate,
comparison, and agreement with an independent recount by the judge's own score.py."""

from __future__ import annotations

import json
import math
import runpy
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from assistant import evals
from assistant.answer import cited_sentences
from assistant.cli import app
from assistant.core import Assistant
from assistant.eval_report import write_report
from assistant.settings import ROOT
from assistant.types import MissionsguidenError

SCORE_PY = ROOT.parent / "shared" / "evals" / "score.py"
runner = CliRunner()


def test_normalize_is_the_judges() -> None:
    if not SCORE_PY.exists():
        pytest.skip("../shared/evals/score.py is not beside the checkout")
    judge = runpy.run_path(str(SCORE_PY))["normalize"]
    for text in [
        "sam-\nfundet står “sammen” – ikke alene",
        "Coalition of the willing\u00ad  og ”andre”",
        "It’s a ‘wicked’ problem — right?",
    ]:
        assert evals.normalize(text) == judge(text)


def test_rank_and_ndcg_by_hand() -> None:
    gold = [evals.Gold("a.txt", "Fælles Mission")]
    texts = ["intet her", "vores fælles  mission er", "igen fælles mission"]
    assert evals.rank_of_first_hit(texts, gold) == 2
    assert evals.rank_of_first_hit(texts, gold, k=1) is None
    relevant = [False, True, True]
    expected = (1 / math.log2(3) + 1 / math.log2(4)) / (1 + 1 / math.log2(3))
    assert evals.ndcg(relevant, n_relevant=2) == pytest.approx(expected)
    assert evals.ndcg([True], n_relevant=1) == 1.0
    assert evals.ndcg([False], n_relevant=0) == 0.0


def test_cited_sentences_attach_markers_to_their_sentence() -> None:
    text = "Det siger kilderne:\n- Kan vi skabe en coalition? [1]\n- Etabler en gruppe. [2]\n"
    assert cited_sentences(text) == [
        ("Kan vi skabe en coalition?", [1]),
        ("Etabler en gruppe.", [2]),
    ]
    assert cited_sentences("Missionen er klar [1][3]. Den måles [2]. Uden kilde.") == [
        ("Missionen er klar.", [1, 3]),
        ("Den måles.", [2]),
    ]
    assert cited_sentences("Ingen markører her.") == []


def test_load_set_names_the_bad_line(tmp_path: Path) -> None:
    path = tmp_path / "set.jsonl"
    path.write_text(
        '{"id": "a", "lang": "da", "kind": "factual", "question": "Hvad?", "gold": []}\n{oops\n'
    )
    with pytest.raises(MissionsguidenError, match=r"set.jsonl:2"):
        evals.load_set(path)
    path.write_text('{"id": "a", "lang": "da", "kind": "poetry", "question": "Hvad?"}\n')
    with pytest.raises(MissionsguidenError, match="unknown kind"):
        evals.load_set(path)


def test_proxy_judge_passes_a_quote_and_fails_an_unrelated_claim(
    corpus_assistant: Assistant,
) -> None:
    judge = evals.ProxyJudge(corpus_assistant.embedder.embed_queries)
    passage = (
        "Etabler en coalition of the willing – en frontløbergruppe, der er særligt passionerede"
        " om at løse udfordringen. Andre aktører kan have en anden forståelse af problemet."
    )
    assert judge.supports("Etabler en coalition of the willing.", passage)
    assert not judge.supports("Kommunen skal ansætte 40 nye sygeplejersker i 2027.", passage)


def test_gate_and_compare() -> None:
    def report(hit: float, ranks: list[int | None]) -> dict:
        return {
            "overall": {"hybrid.hit@5": hit, "latency_p95_s": 0.2},
            "questions": [
                {
                    "id": f"q{i}",
                    "question": "?",
                    "gold": [{"source": "s", "quote": "x"}],
                    "retrieval": {"hybrid": {"rank": r}},
                    "answer": {"refusal_right": True, "gold_cited": bool(r)},
                }
                for i, r in enumerate(ranks)
            ],
        }

    a, b = report(0.5, [1, None]), report(0.5, [None, 2])
    assert evals.gate(a, {"min": {"hybrid.hit@5": 0.9}}) == ["hybrid.hit@5 = 0.50 < 0.9"]
    assert evals.gate(a, {"min": {"hybrid.hit@5": 0.5}, "max": {"latency_p95_s": 1}}) == []
    assert evals.gate(a, {"min": {"missing.metric": 0.1}}) == ["missing.metric = – < 0.1"]
    diff = evals.compare(a, b)
    assert {(q["id"], q["what"]) for q in diff["better"]} == {("q1", "hit@5"), ("q1", "gold cited")}
    assert {(q["id"], q["what"]) for q in diff["worse"]} == {("q0", "hit@5"), ("q0", "gold cited")}
    assert diff["metrics"]["hybrid.hit@5"]["delta"] == 0


@pytest.fixture(scope="module")
def small_set(tmp_path_factory: pytest.TempPathFactory) -> Path:
    rows = [json.loads(line) for line in (ROOT / "evals/questions.own.jsonl").open()][:12]
    rows.append({"id": "off", "lang": "en", "kind": "offtopic", "question": "How do I bake bread?"})
    path = tmp_path_factory.mktemp("evalset") / "small.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows))
    return path


@pytest.fixture(scope="module")
def small_report(corpus_assistant: Assistant, small_set: Path) -> dict:
    report = evals.evaluate(corpus_assistant, evals.load_set(small_set))
    report["meta"]["set"] = str(small_set)
    return report


def test_report_has_every_figure_by_kind_and_language(small_report: dict, tmp_path: Path) -> None:
    overall = small_report["overall"]
    for name in (
        "hybrid.hit@1",
        "hybrid.hit@5",
        "hybrid.mrr",
        "hybrid.ndcg@5",
        "dense.hit@5",
        "bm25.hit@5",
        "gain_vs_bm25.hit@5",
        "refusal_accuracy",
        "citation_validity",
        "citation_recall",
        "citation_precision",
        "language_match",
        "latency_p95_s",
    ):
        assert name in overall, name
    assert overall["refusal_accuracy"] == 1.0  # the baking question is refused
    assert overall["citation_validity"] == 1.0
    assert set(small_report["by_kind"]) >= {"factual", "offtopic"}
    assert set(small_report["by_lang"]) >= {"da", "en"}
    paths = write_report(small_report, tmp_path / "report")
    page = paths["html"].read_text()
    assert "<img alt='by_kind' src='data:image/png;base64," in page
    assert "BM25 alone" in page and "dense alone" in page
    # Failures first in the question table.
    ids = [q["id"] for q in small_report["questions"] if q["failures"]]
    if ids:
        assert page.index(ids[0]) < page.index("tr class='ok'")
    assert json.loads(paths["json"].read_text())["overall"] == overall


def test_hit_at_5_agrees_with_an_independent_recount(
    small_report: dict,
    small_set: Path,
    corpus_assistant: Assistant,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """`retrieve --questions --json` scored by the judge's score.py gives the eval's hit@5."""
    if not SCORE_PY.exists():
        pytest.skip("../shared/evals/score.py is not beside the checkout")
    monkeypatch.setenv("MISSIONSGUIDEN_DATA_DIR", str(corpus_assistant.settings.data_dir))
    monkeypatch.setenv("MISSIONSGUIDEN_CORPUS_DIR", str(corpus_assistant.settings.corpus_dir))
    result = runner.invoke(app, ["retrieve", "--questions", str(small_set), "--json", "--k", "5"])
    assert result.exit_code == 0, result.output
    out = tmp_path / "retrieve.jsonl"
    out.write_text(result.stdout)
    printed = subprocess.run(
        [sys.executable, str(SCORE_PY), str(small_set), str(out)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    recount = float(printed.split("hit@5=")[1].split()[0])
    assert recount == pytest.approx(small_report["overall"]["hybrid.hit@5"], abs=0.005)


def test_eval_cli_gate_fails_below_thresholds(
    small_set: Path, corpus_assistant: Assistant, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MISSIONSGUIDEN_DATA_DIR", str(corpus_assistant.settings.data_dir))
    monkeypatch.setenv("MISSIONSGUIDEN_CORPUS_DIR", str(corpus_assistant.settings.corpus_dir))
    gate = tmp_path / "gate.yaml"
    gate.write_text("min:\n  hybrid.hit@5: 1.01\n")
    result = runner.invoke(
        app, ["eval", "--set", str(small_set), "--gate", str(gate), "--no-baselines"]
    )
    assert result.exit_code == 2
    assert "hybrid.hit@5" in result.stderr and "FAILED" in result.stderr
    gate.write_text("min:\n  citation_validity: 1.0\n")
    result = runner.invoke(
        app,
        ["eval", "--set", str(small_set), "--gate", str(gate), "--report", str(tmp_path / "r")],
    )
    assert result.exit_code == 0, result.output
    assert "gate" in result.stdout and (tmp_path / "r" / "index.html").exists()
    a = tmp_path / "r" / "report.json"
    result = runner.invoke(app, ["eval", "--compare", str(a), str(a)])
    assert result.exit_code == 0 and "better (0)" in result.stdout


def test_llm_judge_reads_yes_and_no_from_the_chat_model() -> None:
    from langchain_core.language_models.fake_chat_models import FakeListChatModel

    model = FakeListChatModel(responses=["Yes.", "no - the passage gives no year", "Maybe"])
    judge = evals.LLMJudge(model, ROOT / "prompts")
    assert judge.supports("Missionen har et mål.", "Missionen har et klart mål.")
    assert not judge.supports("Den startede i 2021.", "Missionen har et klart mål.")
    assert not judge.supports("Uklart svar.", "Missionen har et klart mål.")  # unparseable: no
