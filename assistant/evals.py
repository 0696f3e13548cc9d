"""Answer-quality evaluation: retrieval, citations, refusals, language and latency.

    questions = load_set(Path("evals/questions.own.jsonl"))
    report = evaluate(assistant, questions)           # full system + BM25-only + dense-only
    write_report(report, Path("evals/report"))        # report.json, index.html, retrieve.jsonl
    compare(load_report(a), load_report(b))           # what got better and worse

A retrieved passage is relevant when it contains a gold quote after `normalize`, the same
folding as the judge's `score.py`, so `retrieve.jsonl` (written beside every report in the
`missionsguiden retrieve --questions --json` format) recounts to the same hit@k.

Citation precision asks, for each sentence of an answer and each passage it cites, whether the
passage supports the sentence (in the spirit of ALCE). Offline that is judged by `ProxyJudge`, a
documented lexical + embedding rule whose agreement with hand labels (evals/support_labels.jsonl)
is measured by `judge_agreement`; with a chat model configured, `LLMJudge` can judge instead.
"""

from __future__ import annotations

import functools
import json
import math
import re
import statistics
import subprocess
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from .answer import cited_sentences
from .lang import detect
from .llm import ChatModel
from .prompts import render
from .retrieve import tokenize
from .sentences import fold, sentence_spans
from .types import MissionsguidenError

REFUSE_KINDS = frozenset({"unanswerable", "offtopic", "injection"})
KINDS = ("factual", "guidance", "crosslingual", "unanswerable", "offtopic", "injection")
SYSTEMS = ("hybrid", "dense", "bm25")
K = 5


# The judge's folding in ../shared/evals/score.py is exactly `fold` (tested).
normalize = fold


# -- question sets -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Gold:
    source: str
    quote: str


@dataclass(frozen=True)
class EvalQuestion:
    id: str
    lang: str
    kind: str
    question: str
    gold: tuple[Gold, ...] = ()
    points: tuple[Gold, ...] = ()  # a rubric's points, each backed by a quote (else the gold)

    @property
    def answerable(self) -> bool:
        return self.kind not in REFUSE_KINDS


def load_set(path: Path) -> list[EvalQuestion]:
    """A question set (JSON lines); a bad line is an error naming the file and line."""
    if not path.is_file():
        raise MissionsguidenError(f"no question set at {path}")
    questions: list[EvalQuestion] = []
    seen: set[str] = set()
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            q = EvalQuestion(
                id=str(row["id"]),
                lang=row.get("lang", ""),
                kind=row["kind"],
                question=row["question"],
                gold=tuple(Gold(g["source"], g["quote"]) for g in row.get("gold") or ()),
                points=tuple(Gold(p["source"], p["quote"]) for p in row.get("points") or ()),
            )
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            raise MissionsguidenError(f"{path}:{n}: not a question row ({exc})") from exc
        if q.kind not in KINDS:
            raise MissionsguidenError(f"{path}:{n}: unknown kind '{q.kind}'")
        if q.id in seen:
            raise MissionsguidenError(f"{path}:{n}: duplicate id '{q.id}'")
        seen.add(q.id)
        questions.append(q)
    if not questions:
        raise MissionsguidenError(f"{path} holds no questions")
    return questions


# -- retrieval metrics -------------------------------------------------------------------------


def contains_gold(text: str, gold: Sequence[Gold]) -> bool:
    folded = normalize(text)
    return any(normalize(g.quote) in folded for g in gold)


def rank_of_first_hit(texts: Sequence[str], gold: Sequence[Gold], k: int = K) -> int | None:
    return next((i for i, t in enumerate(texts[:k], 1) if contains_gold(t, gold)), None)


def ndcg(relevant: Sequence[bool], n_relevant: int, k: int = K) -> float:
    """Binary nDCG@k; the ideal ranking has min(k, relevant passages in the index) hits."""
    ideal = sum(1 / math.log2(i + 1) for i in range(1, min(k, n_relevant) + 1))
    gained = sum(1 / math.log2(i + 1) for i, rel in enumerate(relevant[:k], 1) if rel)
    return gained / ideal if ideal else 0.0


# -- citation support --------------------------------------------------------------------------


class SupportJudge(Protocol):
    name: str

    def supports(self, sentence: str, passage: str) -> bool: ...


class ProxyJudge:
    """Offline support judge: a sentence is supported by a passage when it is in it verbatim,
    or when most of its content words are there (stemmed) and it is close in meaning to one of
    the passage's sentences (multilingual e5, so an English or Norwegian paraphrase of a Danish
    passage can pass). Thresholds were set on the odd rows of evals/support_labels.jsonl; the
    agreement is reported on the even rows and on all of them (`judge_agreement`)."""

    name = "proxy"
    # Set on the odd rows of the hand labels (accuracy 0.80 there). e5-small scores a
    # contradiction or an added detail as close as a paraphrase, so on held-out rows the rule
    # agrees only ~0.6 of the time: it is reliable for verbatim (extractive) sentences only.
    min_word_share = 0.75  # of the sentence's content words found in the passage
    min_similarity = 0.94  # e5 cosine to the passage's closest sentence
    min_similarity_alone = 0.95  # enough without shared words (a translation)

    def __init__(self, embed_queries: Callable[[list[str]], np.ndarray]) -> None:
        self.embed = embed_queries

    def scores(self, sentence: str, passage: str) -> tuple[bool, float, float]:
        if normalize(sentence).rstrip(".?!") in normalize(passage):
            return True, 1.0, 1.0
        words = set(tokenize(sentence))
        share = len(words & set(tokenize(passage))) / len(words) if words else 0.0
        parts = [passage[a:b] for a, b in sentence_spans(passage)] or [passage]
        vectors = self.embed([sentence, *parts])
        similarity = float(np.max(vectors[1:] @ vectors[0]))
        return False, share, similarity

    def supports(self, sentence: str, passage: str) -> bool:
        verbatim, share, similarity = self.scores(sentence, passage)
        return (
            verbatim
            or (share >= self.min_word_share and similarity >= self.min_similarity)
            or similarity >= self.min_similarity_alone
        )


class LLMJudge:
    """A chat model answers yes/no from prompts/judge_support.md; unparseable means no."""

    name = "llm"

    def __init__(self, chat_model: ChatModel, prompts_dir: Path) -> None:
        self.chat_model = chat_model
        self.prompts_dir = prompts_dir

    def supports(self, sentence: str, passage: str) -> bool:
        prompt = render(self.prompts_dir, "judge_support", sentence=sentence, passage=passage)
        reply = str(getattr(self.chat_model.invoke([("human", prompt)]), "content", "")).strip()
        return reply.lower().startswith(("yes", "ja"))


def judge_agreement(judge: SupportJudge, labels_path: Path) -> dict[str, Any]:
    """How often the judge agrees with the hand labels: accuracy and Cohen's kappa, on the
    held-out (even) rows and on all rows, plus the rows where it disagrees."""
    rows = [json.loads(line) for line in labels_path.read_text("utf-8").splitlines() if line]
    results = []
    for i, row in enumerate(rows):
        verdict = judge.supports(row["sentence"], row["passage"])
        results.append((i % 2 == 1, bool(row["supported"]), verdict, row))

    def stats(items: list) -> dict[str, float]:
        n = len(items)
        if not n:
            return {"n": 0}
        agree = sum(1 for _, gold, got, _ in items if gold == got) / n
        p_gold = sum(1 for _, gold, _, _ in items if gold) / n
        p_got = sum(1 for _, _, got, _ in items if got) / n
        chance = p_gold * p_got + (1 - p_gold) * (1 - p_got)
        kappa = (agree - chance) / (1 - chance) if chance < 1 else 1.0
        tp = sum(1 for _, gold, got, _ in items if gold and got)
        return {
            "n": n,
            "accuracy": agree,
            "kappa": kappa,
            "precision": tp / max(1, sum(1 for _, _, got, _ in items if got)),
            "recall": tp / max(1, sum(1 for _, gold, _, _ in items if gold)),
        }

    return {
        "judge": judge.name,
        "held_out": stats([r for r in results if r[0]]),
        "all": stats(results),
        "disagreements": [
            {"id": row["id"], "type": row.get("type", ""), "label": gold, "judge": got}
            for _, gold, got, row in results
            if gold != got
        ],
    }


# -- running a set -----------------------------------------------------------------------------


@dataclass
class QuestionResult:
    id: str
    lang: str
    kind: str
    question: str
    gold: list[dict[str, str]]
    retrieval: dict[str, dict[str, Any]] = field(default_factory=dict)  # system -> figures
    answer: dict[str, Any] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)


def _passage_row(p: Any, gold: Sequence[Gold]) -> dict[str, Any]:
    return {
        "id": p.chunk.id,
        "source": p.chunk.source,
        "title": p.title,
        "locator": p.chunk.locator,
        "text": p.chunk.text,
        "score": round(p.score, 4),
        "relevant": contains_gold(p.chunk.text, gold) if gold else False,
    }


# -- what the answer says (as ../shared/evals/score_answers.py defines it) ---------------------

_WORD = re.compile(r"[^\W\d_]+")
_SEGMENT = re.compile(r"\n+|(?<=[.!?:])\s+")
_MARK = re.compile(r"[\[(]\d+[\])]")
OWN_WORDS_MIN = 12  # words of its own an answer must say, in the question's language
RECURRING = 3  # a sentence in this many answers is a fixed frame, not an answer


def _content(text: str) -> set[str]:
    return {w for w in _WORD.findall(normalize(text)) if len(w) > 3}


def states(point: str, quote: str) -> bool:
    """Whether a cited quote states a point's quote: it holds it, or shares at least 60% of
    the shorter one's content words (the passage around the quote does not count)."""
    g, q = normalize(point), normalize(quote)
    if g in q or (len(q) > 30 and q in g):
        return True
    gw, qw = _content(g), _content(q)
    return bool(gw and qw) and len(gw & qw) / min(len(gw), len(qw)) >= 0.6


def own_segments(text: str, sources: Sequence[str]) -> list[str]:
    """The answer's sentences that are not (nearly) copied from a cited quote or passage."""
    words = [_content(s) for s in sources]
    kept = []
    for segment in _SEGMENT.split(text or ""):
        w = _content(_MARK.sub(" ", segment))
        if w and not any(s and len(w & s) / len(w) >= 0.8 for s in words):
            kept.append(_MARK.sub(" ", segment).strip())
    return kept


def is_fragment(quote: str, question: str) -> bool:
    """A heading, a lead-in or a bare question shown as an answer (a checklist question is
    fine when the quality questions are asked about)."""
    q = quote.strip().strip("\uf0fc•-– ")
    asks_checklist = any(w in normalize(question) for w in ("kvalitet", "quality"))
    return len(_WORD.findall(q)) < 6 or (q.endswith(("?", ":")) and not asks_checklist)


@functools.cache
def _three_languages() -> Any:
    from lingua import Language, LanguageDetectorBuilder

    return LanguageDetectorBuilder.from_languages(
        Language.DANISH, Language.BOKMAL, Language.ENGLISH
    ).build()


def language_of(text: str) -> str:
    """da, nb or en, by a detector over those three alone (as the answer scorer decides)."""
    found = _three_languages().detect_language_of(text)
    return {"DANISH": "da", "BOKMAL": "nb", "ENGLISH": "en"}.get(found.name if found else "", "")


def states_agreement(labels_path: Path) -> dict[str, Any]:
    """How often `states` agrees with hand labels of "this cited quote states this point"
    (evals/states_labels.jsonl: pairs from answers to our own sets, labelled by a helper who
    did not see the rule's verdicts): accuracy and Cohen's kappa."""
    rows = [json.loads(x) for x in labels_path.read_text(encoding="utf-8").splitlines() if x]
    pairs = [(states(r["point"], r["quote"]), bool(r["states"])) for r in rows]
    n = len(pairs)
    agree = sum(j == h for j, h in pairs) / n
    judged, labelled = sum(j for j, _ in pairs) / n, sum(h for _, h in pairs) / n
    chance = judged * labelled + (1 - judged) * (1 - labelled)
    kappa = (agree - chance) / (1 - chance) if chance < 1 else 1.0
    return {"n": n, "accuracy": agree, "kappa": kappa}


def score_own_words(results: Sequence[QuestionResult]) -> None:
    """Own words and language purity for every answer, once all are in: a sentence that
    recurs in three or more answers is a frame and does not count."""
    seen: dict[str, int] = defaultdict(int)
    for r in results:
        for segment in {normalize(x) for x in r.answer.get("own_segments", [])}:
            seen[segment] += 1
    for r in results:
        own = " ".join(
            x for x in r.answer.get("own_segments", []) if seen[normalize(x)] < RECURRING
        )
        lang = language_of(own) if own else ""
        r.answer["own_text"] = own
        r.answer["own_words"] = len(_WORD.findall(own)) >= OWN_WORDS_MIN and lang == r.lang
        r.answer["language_pure"] = not own or lang == r.lang


def _answer_language_ok(answer: Any, expected: str) -> bool:
    """The answer's own words are in the question's language. An extractive answer's cited
    lines are quotes in the source's language, so only its frame is checked."""
    if answer.lang != expected:
        return False
    lines = answer.text.splitlines()
    if answer.mode == "extractive":
        lines = [line for line in lines if not re.search(r"\[\d+\]", line)]
    text = re.sub(r"\[\d+\]", " ", "\n".join(lines))
    if len(re.findall(r"\w+", text)) < 4:
        return True  # too little of its own to detect; the declared language stands
    found = detect(text)
    return found == expected or found not in ("da", "nb", "en")


def evaluate(
    assistant: Any,
    questions: Sequence[EvalQuestion],
    mode: str | None = None,
    k: int = K,
    judge: SupportJudge | None = None,
    baselines: bool = True,
    progress: Callable[[Iterable], Iterable] = lambda x: x,
) -> dict[str, Any]:
    """Run every question through retrieval (full system and baselines) and the answerer."""
    assistant.ensure_index()
    retriever = assistant.retriever
    retriever.warm()
    mode = mode or assistant.settings.mode
    judge = judge or ProxyJudge(assistant.embedder.embed_queries)
    documents = {c.source for c in retriever.chunks.values()}
    folded = [normalize(c.text) for c in retriever.chunks.values()]  # once, not per question
    results: list[QuestionResult] = []
    for q in progress(questions):
        result = QuestionResult(q.id, q.lang, q.kind, q.question, [asdict(g) for g in q.gold])
        golds = [normalize(g.quote) for g in q.gold]
        relevant_in_index = sum(1 for text in folded if any(g in text for g in golds))
        t0 = time.perf_counter()
        answer = assistant.ask(q.question, k=k, mode=mode)  # first: its latency includes
        latency = time.perf_counter() - t0  # embedding the question, cached for the searches
        for system in SYSTEMS if baselines else SYSTEMS[:1]:
            passages = retriever.search(q.question, k=k, method=system).passages
            rows = [_passage_row(p, q.gold) for p in passages]
            rank = rank_of_first_hit([p["text"] for p in rows], q.gold, k) if q.gold else None
            result.retrieval[system] = {
                "rank": rank,
                "ndcg": ndcg([p["relevant"] for p in rows], relevant_in_index, k),
                "passages": rows if system == "hybrid" else [p["id"] for p in rows],
            }
        if q.gold and relevant_in_index == 0:
            result.failures.append("gold not in any indexed passage")
        elif q.gold and not result.retrieval["hybrid"]["rank"]:
            result.failures.append(f"retrieval: no gold passage in the top {k}")

        citations = []
        by_n = {c.n: c for c in answer.citations}
        for c in answer.citations:
            citations.append(
                {
                    "n": c.n,
                    "source": c.passage.chunk.source,
                    "title": c.passage.title,
                    "locator": c.passage.chunk.locator,
                    "quote": c.quote,
                    "valid": c.passage.chunk.source in documents
                    and normalize(c.quote) in normalize(c.passage.chunk.text),
                    "gold": contains_gold(c.passage.chunk.text, q.gold) if q.gold else False,
                }
            )
        supported = []
        for sentence, markers in cited_sentences(answer.text):
            for n in markers:
                cited = by_n.get(n)
                ok = cited is not None and judge.supports(sentence, cited.passage.chunk.text)
                supported.append({"sentence": sentence, "n": n, "supported": ok})
        refusal_right = (
            answer.refused and not answer.citations if not q.answerable else not answer.refused
        )
        points = q.points or q.gold
        quotes = [c.quote for c in answer.citations]
        result.answer = {
            "points": [
                {"quote": p.quote, "stated": any(states(p.quote, x) for x in quotes)}
                for p in points
            ]
            if q.answerable
            else [],
            "own_segments": []
            if answer.refused
            else own_segments(
                answer.text, [t for c in answer.citations for t in (c.quote, c.passage.chunk.text)]
            ),
            "fragments": sum(is_fragment(x, q.question) for x in quotes),
            "text": answer.text,
            "refused": answer.refused,
            "reason": answer.reason,
            "lang": answer.lang,
            "language_ok": _answer_language_ok(answer, q.lang) if q.lang else True,
            "latency_s": latency,
            "citations": citations,
            "support": supported,
            "refusal_right": refusal_right,
            "gold_cited": any(c["gold"] for c in citations) if q.gold else None,
        }
        if not refusal_right:
            result.failures.append(
                "answered, should refuse" if not q.answerable else f"refused ({answer.reason})"
            )
        elif q.gold and q.answerable and not result.answer["gold_cited"]:
            result.failures.append("answer: gold passage not cited")
        elif q.gold and q.answerable and not any(p["stated"] for p in result.answer["points"]):
            result.failures.append("answer: no cited quote states a gold point")
        if any(not c["valid"] for c in citations):
            result.failures.append("citation quote not verbatim in its passage")
        # The offline proxy judge agrees with hand labels at kappa 0.20 (printed with every
        # run): its verdict is reported as a metric, but only a chat-model judge's is a failure.
        if judge.name != "proxy" and any(not s["supported"] for s in supported):
            result.failures.append("a cited passage does not support its sentence")
        if not result.answer["language_ok"]:
            result.failures.append(f"answer language {answer.lang}, asked in {q.lang}")
        results.append(result)
    score_own_words(results)
    coverage = knowledge_coverage(assistant)
    for r in results:
        if r.kind not in REFUSE_KINDS and not r.answer["refused"] and not r.answer["own_words"]:
            r.failures.append("answer: fewer than 12 words of its own in the question's language")
    return {
        "meta": {
            "mode": mode,
            "k": k,
            "judge": judge.name,
            "embedder": assistant.embedder.name,
            "questions": len(results),
            "commit": _commit(),
            "date": time.strftime("%Y-%m-%d %H:%M"),
        },
        **summarise(results, baselines),
        "coverage": coverage,
        "questions": [asdict(r) for r in results],
    }


def knowledge_coverage(assistant: Any) -> dict[str, Any]:
    """Which indexed passages of the texts the knowledge base has entries for."""
    knowledge = assistant.answerer.knowledge
    chunks = assistant.retriever.chunks
    knowledge.locate(chunks)
    sources = {e.source for e in knowledge.entries}
    covered = {cid for e in knowledge.entries for cid in knowledge.chunks_of(e)}
    ours = sorted(
        (c for c in chunks.values() if c.source in sources), key=lambda c: (c.source, c.ordinal)
    )
    return {
        "entries": len(knowledge.entries),
        "passages": len(ours),
        "covered": sum(c.id in covered for c in ours),
        "uncovered": [
            {"source": c.source, "locator": c.locator, "text": " ".join(c.text.split())[:200]}
            for c in ours
            if c.id not in covered
        ],
    }


def _commit() -> str:
    try:
        return subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
            cwd=Path(__file__).parent,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return ""


# -- aggregation -------------------------------------------------------------------------------


def _mean(values: Iterable[float]) -> float | None:
    values = list(values)
    return sum(values) / len(values) if values else None


def _pct(values: Sequence[float], q: int) -> float | None:
    if not values:
        return None
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


def metrics(results: Sequence[QuestionResult], systems: Sequence[str]) -> dict[str, Any]:
    out: dict[str, Any] = {"n": len(results)}
    with_gold = [r for r in results if r.gold]
    out["n_gold"] = len(with_gold)
    for system in systems:
        ranks = [r.retrieval[system]["rank"] for r in with_gold]
        for j in (1, 3, K):
            out[f"{system}.hit@{j}"] = _mean(1.0 if x and x <= j else 0.0 for x in ranks)
        out[f"{system}.mrr"] = _mean(1 / x if x else 0.0 for x in ranks)
        out[f"{system}.ndcg@{K}"] = _mean(r.retrieval[system]["ndcg"] for r in with_gold)
    refuse = [r for r in results if r.kind in REFUSE_KINDS]
    answerable = [r for r in results if r.kind not in REFUSE_KINDS]
    out["refusal_accuracy"] = _mean(1.0 if r.answer["refusal_right"] else 0.0 for r in refuse)
    out["false_refusals"] = _mean(1.0 if r.answer["refused"] else 0.0 for r in answerable)
    citations = [c for r in results for c in r.answer["citations"]]
    out["citation_validity"] = _mean(1.0 if c["valid"] else 0.0 for c in citations)
    out["citation_recall"] = _mean(
        1.0 if r.answer["gold_cited"] else 0.0 for r in answerable if r.gold
    )
    support = [s for r in results for s in r.answer["support"]]
    out["citation_precision"] = _mean(1.0 if s["supported"] else 0.0 for s in support)
    out["language_match"] = _mean(1.0 if r.answer["language_ok"] else 0.0 for r in results)
    out.update(answer_metrics(results))
    latencies = sorted(r.answer["latency_s"] for r in results)
    out["latency_p50_s"] = _pct(latencies, 50)
    out["latency_p95_s"] = _pct(latencies, 95)
    return out


def answer_metrics(results: Sequence[QuestionResult]) -> dict[str, Any]:
    """What the answers say: points stated, own words, fragments, purity, refusals by rule."""
    answered = [
        r for r in results if r.kind not in REFUSE_KINDS and r.gold and not r.answer["refused"]
    ]
    with_gold = [r for r in results if r.kind not in REFUSE_KINDS and r.gold]
    points = [p["stated"] for r in with_gold for p in r.answer["points"]]
    quotes = sum(len(r.answer["citations"]) for r in answered)
    out: dict[str, Any] = {
        "answer_cited": _mean(
            1.0 if any(p["stated"] for p in r.answer["points"]) else 0.0 for r in with_gold
        ),
        "points_stated": _mean(1.0 if p else 0.0 for p in points),
        "own_words": _mean(1.0 if r.answer["own_words"] else 0.0 for r in with_gold),
        "fragments": sum(r.answer["fragments"] for r in answered) / quotes if quotes else None,
        "language_pure": _mean(1.0 if r.answer["language_pure"] else 0.0 for r in answered),
    }
    by_rule: dict[str, list[bool]] = defaultdict(list)
    for r in results:
        if r.answer["refused"]:
            by_rule[r.answer["reason"]].append(r.kind in REFUSE_KINDS)
    out["refusals_by_rule"] = {
        rule: {"n": len(v), "precision": sum(v) / len(v)} for rule, v in sorted(by_rule.items())
    }
    out["refusal_recall_by_kind"] = {
        kind: _mean(1.0 if r.answer["refused"] else 0.0 for r in results if r.kind == kind)
        for kind in sorted(REFUSE_KINDS)
        if any(r.kind == kind for r in results)
    }
    return out


def summarise(results: Sequence[QuestionResult], baselines: bool = True) -> dict[str, Any]:
    systems = SYSTEMS if baselines else SYSTEMS[:1]
    overall = metrics(results, systems)
    if baselines:
        for base in SYSTEMS[1:]:
            for m in (f"hit@{K}", "mrr"):
                full, alone = overall[f"hybrid.{m}"], overall[f"{base}.{m}"]
                overall[f"gain_vs_{base}.{m}"] = full / alone if full and alone else None
    groups: dict[str, dict[str, list[QuestionResult]]] = {"kind": {}, "lang": {}}
    for r in results:
        groups["kind"].setdefault(r.kind, []).append(r)
        groups["lang"].setdefault(r.lang or "?", []).append(r)
    return {
        "overall": overall,
        "by_kind": {key: metrics(rows, systems) for key, rows in sorted(groups["kind"].items())},
        "by_lang": {key: metrics(rows, systems) for key, rows in sorted(groups["lang"].items())},
    }


# -- gate and comparison -----------------------------------------------------------------------


def gate(report: dict[str, Any], thresholds: dict[str, Any]) -> list[str]:
    """The metrics that fall below their minimum (or above a `max:` bound)."""
    failures = []
    overall = report["overall"]
    for name, bound in thresholds.get("min", {}).items():
        value = overall.get(name)
        if value is None or value < bound:
            failures.append(f"{name} = {fmt(value)} < {bound}")
    for name, bound in thresholds.get("max", {}).items():
        value = overall.get(name)
        if value is None or value > bound:
            failures.append(f"{name} = {fmt(value)} > {bound}")
    return failures


def load_report(path: Path) -> dict[str, Any]:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise MissionsguidenError(f"cannot read the report {path}: {exc}") from exc


def compare(a: dict[str, Any], b: dict[str, Any]) -> dict[str, Any]:
    """Metric deltas (B - A) and the questions whose outcome changed between two reports."""
    deltas = {}
    for name, before in a["overall"].items():
        after = b["overall"].get(name)
        if isinstance(before, int | float) and isinstance(after, int | float):
            deltas[name] = {"a": before, "b": after, "delta": after - before}
    qa = {q["id"]: q for q in a["questions"]}
    better, worse = [], []
    for q in b["questions"]:
        old = qa.get(q["id"])
        if old is None:
            continue
        for label, was, now in (
            (
                f"hit@{K}",
                bool(old["retrieval"]["hybrid"]["rank"]),
                bool(q["retrieval"]["hybrid"]["rank"]),
            ),
            ("refusal right", old["answer"]["refusal_right"], q["answer"]["refusal_right"]),
            ("gold cited", bool(old["answer"]["gold_cited"]), bool(q["answer"]["gold_cited"])),
        ):
            if q["gold"] or label == "refusal right":
                if now and not was:
                    better.append({"id": q["id"], "what": label, "question": q["question"]})
                elif was and not now:
                    worse.append({"id": q["id"], "what": label, "question": q["question"]})
    return {"metrics": deltas, "better": better, "worse": worse}


def fmt(value: Any) -> str:
    """A figure for people: two decimals, or – when there is none."""
    return "–" if value is None else f"{value:.2f}" if isinstance(value, float) else str(value)


def recount_file(report: dict[str, Any]) -> str:
    """The full system's passages in `retrieve --questions --json` form, for score.py."""
    lines = []
    for q in report["questions"]:
        passages = q["retrieval"]["hybrid"]["passages"]
        lines.append(json.dumps({"id": q["id"], "passages": passages}, ensure_ascii=False))
    return "\n".join(lines) + "\n"


# -- conversations -----------------------------------------------------------------------------


def evaluate_conversations(assistant: Any, path: Path, k: int = K) -> dict[str, Any]:
    """Follow-up retrieval with the conversation's query next to the bare message (what a chat
    tool that embeds only the last message would search), on a multi-turn set."""
    rows = [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]
    retriever = assistant.retriever
    buckets: dict[str, list[bool]] = defaultdict(list)
    turns = []
    for row in rows:
        conversation = assistant.conversation()
        for n, turn in enumerate(row["turns"], start=1):
            gold = [Gold(g["source"], g["quote"]) for g in turn["gold"]]
            plan = conversation.plan(turn["question"])
            args = plan.search_args()
            texts = [
                p.chunk.text for p in retriever.search(args.pop("query"), k=k, **args).passages
            ]
            hit = rank_of_first_hit(texts, gold, k) is not None
            conversation.ask(turn["question"])
            record = {"id": row["id"], "turn": n, "question": turn["question"], "hit": hit}
            if n == 1:
                buckets["first_turn"].append(hit)
            elif not turn.get("followup"):
                buckets["topic_change"].append(hit)
            elif turn.get("lang_switch"):
                buckets["language_switch"].append(plan.lang == turn["lang_switch"] and hit)
            else:
                bare = [p.chunk.text for p in retriever.search(turn["question"], k=k).passages]
                without = rank_of_first_hit(bare, gold, k) is not None
                buckets["followup_with_history"].append(hit)
                buckets["followup_without_history"].append(without)
                record.update(query=plan.shown_query, hit_without_history=without)
            turns.append(record)
    figures = {
        f"{name}.hit@{k}": _mean(1.0 if h else 0.0 for h in hits) for name, hits in buckets.items()
    }
    figures.update({f"{name}.n": len(hits) for name, hits in buckets.items()})
    return {"conversations": len(rows), "figures": figures, "turns": turns}
