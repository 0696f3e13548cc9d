"""An eval run written out: report.json for machines, index.html for people (plots inline),
and retrieve.jsonl for an independent recount with score.py.

    write_report(report, Path("evals/report"))
"""

from __future__ import annotations

import base64
import html
import io
import json
from pathlib import Path
from typing import Any

from .evals import SYSTEMS, K, fmt, recount_file

HEADLINE = [
    (f"hybrid.hit@{K}", f"hit@{K}"),
    ("hybrid.hit@1", "hit@1"),
    ("hybrid.mrr", "MRR"),
    (f"hybrid.ndcg@{K}", f"nDCG@{K}"),
    ("refusal_accuracy", "refusals right"),
    ("false_refusals", "false refusals"),
    ("citation_validity", "citation validity"),
    ("citation_recall", "citation recall"),
    ("citation_precision", "citation precision"),
    ("language_match", "answer language"),
    ("answer_cited", "answer cites a gold point"),
    ("points_stated", "rubric points stated"),
    ("own_words", "own words"),
    ("fragments", "fragment quotes"),
    ("language_pure", "language purity"),
    ("latency_p50_s", "latency p50 (s)"),
    ("latency_p95_s", "latency p95 (s)"),
]


def write_report(report: dict[str, Any], out_dir: Path) -> dict[str, Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = {
        "json": out_dir / "report.json",
        "html": out_dir / "index.html",
        "recount": out_dir / "retrieve.jsonl",
    }
    paths["json"].write_text(json.dumps(report, ensure_ascii=False), encoding="utf-8")
    paths["recount"].write_text(recount_file(report), encoding="utf-8")
    paths["html"].write_text(render_html(report), encoding="utf-8")
    return paths


def _fmt(value: Any) -> str:
    return html.escape(fmt(value))


def _png(fig: Any) -> str:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=110, bbox_inches="tight")
    return base64.b64encode(buffer.getvalue()).decode()


def plots(report: dict[str, Any]) -> dict[str, str]:
    """hit@5 per system by kind and by language, and the latency distribution (base64 PNGs)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    systems = [s for s in SYSTEMS if f"{s}.hit@{K}" in report["overall"]]
    out = {}
    for group in ("by_kind", "by_lang"):
        rows = {key: m for key, m in report[group].items() if m.get("n_gold")}
        if not rows:
            continue
        fig, ax = plt.subplots(figsize=(7, 3.2))
        width = 0.8 / len(systems)
        for i, system in enumerate(systems):
            values = [rows[key][f"{system}.hit@{K}"] or 0 for key in rows]
            ax.bar([x + i * width for x in range(len(rows))], values, width, label=system)
        ax.set_xticks([x + width * (len(systems) - 1) / 2 for x in range(len(rows))])
        ax.set_xticklabels([f"{key}\n(n={rows[key]['n_gold']})" for key in rows])
        ax.set_ylim(0, 1.05)
        ax.set_ylabel(f"hit@{K}")
        ax.legend(loc="lower right", fontsize=8)
        ax.set_title(f"Retrieval hit@{K} {group.replace('_', ' ')}")
        out[group] = _png(fig)
        plt.close(fig)
    latencies = [q["answer"]["latency_s"] * 1000 for q in report["questions"]]
    if latencies:
        fig, ax = plt.subplots(figsize=(7, 2.6))
        ax.hist(latencies, bins=30, color="#1d4ed8")
        ax.set_xlabel("answer latency (ms)")
        ax.set_ylabel("questions")
        ax.set_title("Latency of ask (retrieval + answer)")
        out["latency"] = _png(fig)
        plt.close(fig)
    return out


def _metrics_table(report: dict[str, Any]) -> str:
    groups = [("all", report["overall"])]
    groups += [(f"kind: {k}", m) for k, m in report["by_kind"].items()]
    groups += [(f"lang: {k}", m) for k, m in report["by_lang"].items()]
    head = "".join(f"<th scope='col'>{html.escape(label)}</th>" for _, label in HEADLINE)
    body = "".join(
        f"<tr><th scope='row'>{html.escape(name)} (n={m['n']})</th>"
        + "".join(f"<td>{_fmt(m.get(key))}</td>" for key, _ in HEADLINE)
        + "</tr>"
        for name, m in groups
    )
    return f"<table><thead><tr><th></th>{head}</tr></thead><tbody>{body}</tbody></table>"


def _baselines_table(report: dict[str, Any]) -> str:
    overall = report["overall"]
    systems = [s for s in SYSTEMS if f"{s}.hit@{K}" in overall]
    names = {"hybrid": "full system (hybrid)", "dense": "dense alone (e5)", "bm25": "BM25 alone"}
    metrics = ["hit@1", "hit@3", f"hit@{K}", "mrr", f"ndcg@{K}"]
    rows = []
    for s in systems:
        gain = ""
        if s != "hybrid":
            ratio = overall.get(f"gain_vs_{s}.hit@{K}")
            gain = f"×{ratio:.2f}" if ratio else "–"
        rows.append(
            f"<tr><th scope='row'>{names[s]}</th>"
            + "".join(f"<td>{_fmt(overall.get(f'{s}.{m}'))}</td>" for m in metrics)
            + f"<td>{gain}</td></tr>"
        )
    head = "".join(f"<th scope='col'>{m}</th>" for m in metrics)
    return (
        f"<table><thead><tr><th></th>{head}<th scope='col'>full system's hit@{K} gain</th>"
        f"</tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


def _question_rows(report: dict[str, Any]) -> str:
    questions = sorted(report["questions"], key=lambda q: (not q["failures"], q["id"]))
    rows = []
    for q in questions:
        passages = "".join(
            f"<li class='{'gold' if p['relevant'] else ''}'>"
            f"{'★ ' if p['relevant'] else ''}{html.escape(p['title'][:60])}, "
            f"{html.escape(p['locator'])}<br><small>{html.escape(p['text'][:220])}…</small></li>"
            for p in q["retrieval"]["hybrid"]["passages"]
        )
        ranks = " · ".join(
            f"{s} {q['retrieval'][s]['rank'] or '–'}" for s in SYSTEMS if s in q["retrieval"]
        )
        answer = q["answer"]
        failures = "".join(f"<li>{html.escape(f)}</li>" for f in q["failures"]) or "<li>ok</li>"
        rows.append(
            f"<tr class='{'fail' if q['failures'] else 'ok'}'>"
            f"<td>{html.escape(q['id'])}<br><small>{q['kind']} · {q['lang']}</small></td>"
            f"<td>{html.escape(q['question'])}</td>"
            f"<td><ul>{failures}</ul><small>rank: {ranks}</small></td>"
            f"<td><small>{html.escape(answer['text'][:400])}</small>"
            f"<br><small>{'refused: ' + html.escape(answer['reason']) if answer['refused'] else ''}"
            f" {answer['latency_s'] * 1000:.0f} ms</small></td>"
            f"<td><ol>{passages}</ol></td></tr>"
        )
    return (
        "<table class='questions'><thead><tr><th scope='col'>id</th><th scope='col'>question</th>"
        "<th scope='col'>failures</th><th scope='col'>answer</th>"
        f"<th scope='col'>retrieved (★ holds a gold quote)</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def _answers_note(report: dict[str, Any]) -> str:
    """What the answers say (refusals by rule, the 'states' rule's agreement) and which
    passages of the texts no knowledge entry covers."""
    overall = report["overall"]
    rules = "".join(
        f"<li><code>{html.escape(rule)}</code>: {v['n']} refusals, precision {v['precision']:.2f}</li>"
        for rule, v in (overall.get("refusals_by_rule") or {}).items()
    )
    recall = ", ".join(
        f"{html.escape(kind)} {_fmt(v)}"
        for kind, v in (overall.get("refusal_recall_by_kind") or {}).items()
    )
    states = report.get("states_agreement")
    states_note = (
        f"<p>'A cited quote states the point' (the rule of <code>score_answers.py</code>) against"
        f" hand labels: accuracy {_fmt(states['accuracy'])}, kappa {_fmt(states['kappa'])} on"
        f" {states['n']} pairs.</p>"
        if states
        else ""
    )
    coverage = report.get("coverage")
    uncovered = ""
    if coverage:
        items = "".join(
            f"<li>{html.escape(u['source'])}, {html.escape(u['locator'])}:"
            f" <small>{html.escape(u['text'])}</small></li>"
            for u in coverage["uncovered"]
        )
        uncovered = (
            f"<h2>Knowledge base coverage</h2><p>{coverage['covered']} of {coverage['passages']}"
            f" passages of the shipped texts hold a quote of a knowledge entry"
            f" ({coverage['entries']} entries). The passages no entry covers:</p><ul>{items}</ul>"
        )
    return (
        f"<h2>Answers</h2><p>Refusals by rule:</p><ul>{rules or '<li>none</li>'}</ul>"
        f"<p>Rows refused, by the kind that should be: {recall or '–'}.</p>{states_note}{uncovered}"
    )


def render_html(report: dict[str, Any]) -> str:
    meta = report["meta"]
    images = plots(report)
    figures = "".join(
        f"<img alt='{html.escape(name)}' src='data:image/png;base64,{data}'>"
        for name, data in images.items()
    )
    agreement = report.get("judge_agreement")
    judge_note = ""
    if agreement:
        held, total = agreement["held_out"], agreement["all"]
        judge_note = (
            f"<p>Support judge <b>{html.escape(agreement['judge'])}</b> against the hand labels:"
            f" accuracy {_fmt(held.get('accuracy'))} (kappa {_fmt(held.get('kappa'))}) on"
            f" {held['n']} held-out rows, {_fmt(total.get('accuracy'))} on all {total['n']}.</p>"
        )
    failing = sum(1 for q in report["questions"] if q["failures"])
    answers_note = _answers_note(report)
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Missionsguiden eval: {html.escape(meta.get("set", ""))}</title>
<style>
body {{ font-family: system-ui, sans-serif; margin: 1.5rem; color: #111827; }}
table {{ border-collapse: collapse; margin: 0.5rem 0 1.5rem; font-size: 0.9rem; }}
th, td {{ border-bottom: 1px solid #d1d5db; padding: 0.3rem 0.5rem; text-align: left; vertical-align: top; }}
tr.fail td:first-child {{ border-left: 4px solid #b91c1c; }}
tr.ok td:first-child {{ border-left: 4px solid #15803d; }}
li.gold {{ font-weight: 600; }}
.questions td {{ max-width: 28rem; }}
img {{ max-width: 100%; margin-right: 1rem; }}
</style></head><body>
<h1>Missionsguiden eval</h1>
<p>Set <code>{html.escape(meta.get("set", ""))}</code>: {meta["questions"]} questions, mode
<b>{html.escape(meta["mode"])}</b>, k={meta["k"]}, embedder {html.escape(meta["embedder"])},
commit {html.escape(meta.get("commit", ""))}, {html.escape(meta["date"])}.
{failing} questions have at least one failure; they come first in the table below.</p>
<h2>Full system and baselines</h2>
{_baselines_table(report)}
<h2>Metrics by kind and language</h2>
{_metrics_table(report)}
{judge_note}
{answers_note}
<p>hit@k, MRR, nDCG: a passage counts when it holds a gold quote (the judge's folding). Citation
validity: the quote is verbatim in the cited passage of an indexed document. Citation recall: an
answerable question's answer cites a passage holding a gold quote. Citation precision: the share
of (sentence, cited passage) pairs where the passage supports the sentence. Refusals right: the
unanswerable, off-topic and injection rows are refused without citations.</p>
<h2>Plots</h2>
{figures}
<h2>Every question, failures first</h2>
{_question_rows(report)}
</body></html>
"""
