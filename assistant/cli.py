"""The `missionsguiden` command: ingest, retrieve, ask, chat, guide.

    missionsguiden ingest [PATH...]
    missionsguiden retrieve "Hvad er en mission?" --k 5 --json
    missionsguiden ask "Hvordan starter vi en coalition of the willing?"
    missionsguiden ask --questions questions.jsonl   # one JSON object per line
    missionsguiden chat [--script conversations.jsonl --json]

Errors are one line on stderr and a non-zero exit, never a traceback.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    help="Missionsguiden: grounded, cited answers on mission-oriented cross-sector work.",
)


def _fail(message: str, code: int = 1) -> NoReturn:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code)


def _guard(fn: Callable[[], None]) -> None:
    from .types import MissionsguidenError

    try:
        fn()
    except typer.Exit:
        raise
    except MissionsguidenError as exc:
        _fail(str(exc))
    except KeyboardInterrupt:
        _fail("interrupted", 130)
    except BrokenPipeError:  # `missionsguiden ... | head`: the reader left; stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        raise typer.Exit(0) from None
    except Exception as exc:  # the last line of defence: one line, not a traceback
        if os.environ.get("MISSIONSGUIDEN_DEBUG"):
            raise
        _fail(f"{type(exc).__name__}: {exc} (set MISSIONSGUIDEN_DEBUG=1 for details)")


def _assistant(**overrides: Any):
    from .settings import Settings, prepare_environment

    prepare_environment()
    from .core import Assistant

    return Assistant(Settings(**{k: v for k, v in overrides.items() if v is not None}))


def _read_jsonl(path: Path) -> Iterator[tuple[int, Any]]:
    """(line number, parsed value) for each non-empty line; a bad line is named in the error."""
    from .types import MissionsguidenError

    if not path.exists():
        raise MissionsguidenError(f"{path}: no such file")
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            yield n, json.loads(line)
        except json.JSONDecodeError as exc:
            raise MissionsguidenError(f"{path}:{n}: not a JSON line ({exc.msg})") from exc


def _read_questions(path: Path) -> Iterator[dict]:
    from .types import MissionsguidenError

    for n, row in _read_jsonl(path):
        if not isinstance(row, dict) or "question" not in row:
            raise MissionsguidenError(f"{path}:{n}: a row needs a 'question' (and an 'id')")
        yield row


def _print_json(obj: dict) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False) + "\n")
    sys.stdout.flush()


@app.command()
def ingest(
    paths: Annotated[
        list[Path] | None, typer.Argument(help="Your own .txt, .md or .pdf files or folders.")
    ] = None,
    rebuild: Annotated[
        bool, typer.Option(help="Re-embed everything (e.g. after changing embedder).")
    ] = False,
) -> None:
    """Build or update the index: the shipped corpus plus your library (and PATHs, if given)."""

    def run() -> None:
        assistant = _assistant()
        report = assistant.ingest(paths or [], rebuild=rebuild, progress=sys.stderr.isatty())
        for problem in report.problems:
            typer.echo(f"skipped {problem}", err=True)
        for name in report.added_to_library:
            typer.echo(f"added {name} to the library")
        if report.documents:
            typer.echo(
                f"index: {len(report.documents)} documents, {report.chunks} passages"
                f" ({report.embedded} embedded, {report.reused} reused) in {report.seconds:.1f} s"
            )
        if paths and not report.added_to_library:
            raise typer.Exit(1)

    _guard(run)


@app.command()
def retrieve(
    question: Annotated[str | None, typer.Argument()] = None,
    k: Annotated[int, typer.Option("--k", min=1, max=50)] = 5,
    as_json: Annotated[bool, typer.Option("--json")] = False,
    questions: Annotated[Path | None, typer.Option(help="JSON lines with id and question.")] = None,
) -> None:
    """Show the passages retrieved for a question."""

    def run() -> None:
        assistant = _assistant()
        if questions:
            for row in _read_questions(questions):
                passages = assistant.retrieve(row["question"], k=k).passages
                _print_json({"id": row.get("id"), "passages": [p.to_json() for p in passages]})
            return
        if not question:
            _fail("give a QUESTION or --questions FILE", 2)
        result = assistant.retrieve(question, k=k)
        if as_json:
            _print_json({"query": result.query, "passages": [p.to_json() for p in result.passages]})
            return
        for n, p in enumerate(result.passages, start=1):
            typer.echo(f"[{n}] {p.title} — {p.chunk.locator}  (score {p.score:.3f})")
            typer.echo("    " + p.chunk.text.replace("\n\n", "\n").replace("\n", "\n    ") + "\n")

    _guard(run)


@app.command()
def ask(
    question: Annotated[str | None, typer.Argument()] = None,
    mode: Annotated[str | None, typer.Option(help="extractive (default) or llm")] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
    questions: Annotated[Path | None, typer.Option(help="JSON lines with id and question.")] = None,
    k: Annotated[int | None, typer.Option("--k", min=1, max=50)] = None,
) -> None:
    """Answer a question from the sources, with citations."""

    def run() -> None:
        if mode not in (None, "extractive", "llm"):
            _fail("--mode must be extractive or llm", 2)
        assistant = _assistant(mode=mode)
        if questions:
            for row in _read_questions(questions):
                answer = assistant.ask(row["question"], k=k)
                _print_json({"id": row.get("id"), **answer.to_json()})
            return
        if not question:
            _fail("give a QUESTION or --questions FILE", 2)
        if as_json:
            _print_json(assistant.ask(question, k=k).to_json())
            return
        answer = None
        for event in assistant.ask_stream(question, k=k):
            if isinstance(event, str):
                typer.echo(event, nl=False)
            else:
                answer = event
        typer.echo("")
        if answer is not None:
            _print_sources(answer)

    _guard(run)


@app.command()
def chat(
    script: Annotated[
        Path | None, typer.Option(help='JSON lines {"id", "turns": ["question", ...]} to run.')
    ] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
    mode: Annotated[str | None, typer.Option(help="extractive (default) or llm")] = None,
    k: Annotated[int | None, typer.Option("--k", min=1, max=50)] = None,
    resume: Annotated[
        str | None, typer.Option(help="Continue a saved conversation (its id).")
    ] = None,
    list_saved: Annotated[bool, typer.Option("--list", help="List saved conversations.")] = False,
    export: Annotated[
        str | None, typer.Option(help="Print a saved conversation as Markdown.")
    ] = None,
) -> None:
    """A conversation: follow-up questions keep the topic. Empty line or Ctrl-D ends it.

    Interactive conversations are saved in the data directory; reopen one with --resume ID."""

    def run() -> None:
        if mode not in (None, "extractive", "llm"):
            _fail("--mode must be extractive or llm", 2)
        assistant = _assistant(mode=mode)
        if list_saved:
            for saved in assistant.history.list():
                typer.echo(f"{saved.id}  {saved.turns:2d} turns  {saved.title}")
            return
        if export:
            typer.echo(assistant.history.export_markdown(export), nl=False)
            return
        if script:
            for row in _read_conversations(script):
                conversation = assistant.conversation()
                for n, message in enumerate(row["turns"], start=1):
                    turn = conversation.ask(message, k=k)
                    _print_json({"id": row.get("id"), "turn": n, **turn.to_json()})
            return
        conversation = assistant.conversation(resume=resume, save=True)
        typer.echo("Missionsguiden — stil et spørgsmål (tom linje afslutter).")
        for old in conversation.turns:
            typer.echo(f"\n> {old.message}\n{old.answer.text}")
        while True:
            try:
                message = input("\n> ").strip()
            except EOFError:
                break
            if not message:
                break
            for event in conversation.stream(message, k=k):
                if isinstance(event, str):
                    typer.echo(event, nl=False)
                else:
                    typer.echo("")
                    if as_json:
                        _print_json(event.to_json())
                    if event.followup:
                        typer.echo(f"(søgte efter / searched for: {event.query})")
                    _print_sources(event.answer)
        if conversation.id:
            typer.echo(
                f"\nSaved as {conversation.id}: `missionsguiden chat --resume {conversation.id}`"
            )

    _guard(run)


def _read_conversations(path: Path) -> Iterator[dict]:
    from .types import MissionsguidenError

    for n, row in _read_jsonl(path):
        turns = row.get("turns") if isinstance(row, dict) else None
        if not isinstance(turns, list) or not turns:
            raise MissionsguidenError(f"{path}:{n}: a row needs 'turns': a list of questions")
        row["turns"] = [t["question"] if isinstance(t, dict) else str(t) for t in turns]
        yield row


@app.command()
def guide(
    answers: Annotated[
        Path | None,
        typer.Option(help="YAML with title, lang, answers, what, actors, portfolio, assessment."),
    ] = None,
    export: Annotated[
        Path | None, typer.Option(help="Folder to write the canvas as .md and .docx.")
    ] = None,
    canvas: Annotated[str | None, typer.Option(help="Resume a saved canvas (its id).")] = None,
    lang: Annotated[str, typer.Option(help="da, nb or en")] = "da",
    title: Annotated[str, typer.Option(help="The canvas's title.")] = "Vores mission",
    list_saved: Annotated[bool, typer.Option("--list", help="List saved canvases.")] = False,
) -> None:
    """Design a mission step by step (the handbook's three steps and 18 quality questions)."""

    def run() -> None:
        from .export import free_path, to_docx, to_markdown

        assistant = _assistant()
        if list_saved:
            for c in assistant.canvases.list():
                typer.echo(f"{c.id}  {len(c.answers):2d} answers  {c.title}")
            return
        engine = assistant.guide()
        if answers:
            current = _guide_from_file(engine, answers, canvas)
        else:
            current = assistant.canvases.get(canvas) if canvas else engine.start(title, lang=lang)
            _guide_interactive(engine, current)
        if export:
            export.mkdir(parents=True, exist_ok=True)
            md = free_path(export / f"canvas-{current.id}.md")  # never overwrite an export
            md.write_text(to_markdown(current, engine.method), encoding="utf-8")
            docx = to_docx(current, engine.method, free_path(md.with_suffix(".docx")))
            typer.echo(f"wrote {md} and {docx}")
        typer.echo(f"canvas {current.id}: `missionsguiden guide --canvas {current.id}` to continue")

    _guard(run)


@app.command()
def review(
    path: Annotated[
        Path,
        typer.Argument(
            help="The mission draft: a text, Markdown or Word file, or a Missionsguiden export "
            "(its mission is reviewed); '-' for stdin."
        ),
    ],
    lang: Annotated[
        str | None, typer.Option(help="da, nb or en (detected from the draft when not given)")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Review a mission draft against the ways missions fail (11 criteria, from the texts)."""

    def run() -> None:
        from .types import MissionsguidenError

        if str(path) == "-":
            draft = sys.stdin.read()
        elif path.exists():
            from .export import mission_text

            draft = mission_text(path)
        else:
            raise MissionsguidenError(f"{path}: no such file")
        from .review import review_json

        result = _assistant().guide().review(draft, lang=lang)
        if as_json:
            _print_json(review_json(result))
            return
        typer.echo(result.summary)
        for f in result.findings:
            mark = {"met": "✓", "weak": "~", "missing": "✗"}[f.status]
            typer.echo(f"\n{mark} {f.name} ({f.id}): {f.reason}")
            for sentence in f.evidence[:2]:
                typer.echo(f"    “{sentence}”")
            if f.suggestion:
                typer.echo(f"    → {f.suggestion}")
            for basis, c in list(zip(f.basis, f.citations, strict=False))[:1]:
                typer.echo(f"    {basis}")
                typer.echo(f"      “{c.quote}” — {c.title}, {c.locator}")

    _guard(run)


def _eval_drafts(assistant: Any, path: Path, report: Path | None, as_json: bool) -> None:
    from .review.evaluate import corpus_texts, evaluate_drafts, load_drafts, print_figures

    guide = assistant.guide()
    entries = guide.answerer.knowledge.entries
    result = evaluate_drafts(
        load_drafts(path), guide.review, corpus_texts(assistant.settings.corpus_dir, entries)
    )
    if report:
        report.mkdir(parents=True, exist_ok=True)
        (report / "review.json").write_text(json.dumps(result, ensure_ascii=False, indent=1))
    if as_json:
        _print_json(result)
    else:
        print_figures(result, typer.echo)


def _guide_from_file(engine: Any, path: Path, canvas_id: str | None) -> Any:
    import yaml

    from .types import MissionsguidenError

    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else None
    except yaml.YAMLError as exc:
        raise MissionsguidenError(f"{path}: not valid YAML ({exc})") from exc
    if not isinstance(data, dict):
        raise MissionsguidenError(f"{path}: expected a YAML mapping with 'answers'")
    current = (
        engine.store.get(canvas_id)
        if canvas_id
        else engine.start(
            str(data.get("title") or "Vores mission"), lang=str(data.get("lang") or "da")
        )
    )
    known = {p.id for p in engine.method.prompts}
    engine.fill(
        current, **_structure(data, path)
    )  # the fields first: the answers' feedback reads them
    for prompt_id, text in (data.get("answers") or {}).items():
        if prompt_id not in known:
            raise MissionsguidenError(
                f"{path}: unknown prompt '{prompt_id}' (one of {', '.join(sorted(known))})"
            )
        engine.guidance(current, engine.method.prompt(prompt_id))
        engine.answer(current, prompt_id, str(text))
    for prompt in engine.method.prompts:
        for note in current.feedback.get(prompt.id, []):
            typer.echo(f"[{prompt.id}{'/' + note.field if note.field else ''}] {note.text}")
    for qid, item in (data.get("assessment") or {}).items():
        item = item if isinstance(item, dict) else {"rating": item}
        rating = item.get("rating")
        if isinstance(rating, bool):  # YAML reads `yes` as true
            rating = "yes" if rating else "no"
        engine.assess(current, str(qid), str(rating).replace(" ", "_"), str(item.get("notes", "")))
    return current


def _structure(data: dict, path: Path) -> dict[str, Any]:
    """The structured canvas in an answers file: `what` (a mapping of its fields), `actors` and
    `portfolio` (lists of mappings with the tables' columns), each only when given."""
    from .canvas import WHAT_FIELDS, Actor, Effort
    from .types import MissionsguidenError

    out: dict[str, Any] = {}
    try:
        if isinstance(data.get("what"), dict):
            out["what"] = {k: str(data["what"].get(k) or "") for k in WHAT_FIELDS}
        for key, row in (("actors", Actor), ("portfolio", Effort)):
            if isinstance(data.get(key), list):
                out[key] = [row(**{k: str(v) for k, v in r.items()}) for r in data[key]]
    except (TypeError, AttributeError) as exc:
        raise MissionsguidenError(
            f"{path}: a row of the canvas's tables is not valid ({exc})"
        ) from exc
    return out


def _guide_interactive(engine: Any, current: Any) -> None:
    lang = current.lang
    step_done: set[int] = set()
    while (prompt := engine.next_prompt(current)) is not None:
        step = next(s for s in engine.method.steps if s.id == prompt.step)
        typer.echo(f"\n== {step.title[lang]} ==\n{prompt.text[lang]}")
        for n, note in enumerate(engine.guidance(current, prompt), start=1):
            typer.echo(f"  [{n}] “{note.text}” — {note.ref.title}, {note.ref.locator}")
        try:
            text = input("> ").strip()
        except EOFError:
            return
        if not text:
            return
        for note in engine.answer(current, prompt.id, text):
            typer.echo(
                f"  ! {note.text} (“{note.ref.quote}” — {note.ref.title}, {note.ref.locator})"
            )
        if all(current.answers.get(p.id) for p in step.prompts) and step.id not in step_done:
            step_done.add(step.id)
            _assess_interactive(engine, current, step.quality_list)


def _assess_interactive(engine: Any, current: Any, list_id: str) -> None:
    lang = current.lang
    qlist = engine.method.quality[list_id]
    typer.echo(
        f"\n-- {qlist.title[lang]}: y = ja/yes, p = delvist/partly, n = nej/no,"
        " Enter = ikke endnu/not yet; add a note after a colon, e.g. 'p: mangler virksomhederne'"
    )
    ratings = {"y": "yes", "j": "yes", "p": "partly", "d": "partly", "n": "no"}
    for q in qlist.questions:
        try:
            reply = input(f"{q.text[lang]} [y/p/n] ").strip()
        except EOFError:
            return
        rating, _, note = reply.partition(":")
        engine.assess(
            current, q.id, ratings.get(rating.strip().lower()[:1], "not_yet"), note.strip()
        )


@app.command("eval")
def eval_(
    set_path: Annotated[
        Path | None, typer.Option("--set", help="A question set (JSON lines with gold quotes).")
    ] = None,
    mode: Annotated[str | None, typer.Option(help="extractive (default) or llm")] = None,
    report: Annotated[
        Path | None, typer.Option(help="Write report.json, index.html and retrieve.jsonl here.")
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the whole report as JSON.")
    ] = False,
    k: Annotated[int, typer.Option("--k", min=1, max=50)] = 5,
    judge: Annotated[str, typer.Option(help="Citation support judge: proxy or llm.")] = "proxy",
    labels: Annotated[
        Path | None, typer.Option(help="Hand-labelled support pairs to measure the judge on.")
    ] = None,
    gate: Annotated[
        Path | None, typer.Option(help="Fail (exit 2) below the thresholds in this YAML file.")
    ] = None,
    baselines: Annotated[bool, typer.Option(help="Also run BM25 alone and dense alone.")] = True,
    compare: Annotated[
        tuple[Path, Path] | None, typer.Option(help="Compare two report.json files: A B.")
    ] = None,
    conversations: Annotated[
        Path | None,
        typer.Option(help="A multi-turn set: follow-up hit@k with and without history."),
    ] = None,
    drafts: Annotated[
        Path | None,
        typer.Option(
            help="Mission drafts labelled per review criterion: how well review finds them."
        ),
    ] = None,
) -> None:
    """Measure answer quality: retrieval, citations, refusals, language, latency."""

    def run() -> None:
        from . import evals
        from .evals import fmt
        from .settings import ROOT

        if compare:
            _print_comparison(evals.compare(*(evals.load_report(p) for p in compare)))
            return
        assistant = _assistant(mode=mode)
        if drafts:
            _eval_drafts(assistant, drafts, report, as_json)
            return
        if conversations:
            result = evals.evaluate_conversations(assistant, conversations, k=k)
            if as_json:
                _print_json(result)
            else:
                figures = result["figures"]
                typer.echo(f"{result['conversations']} conversations")
                for name in (
                    "first_turn",
                    "followup_with_history",
                    "followup_without_history",
                    "topic_change",
                    "language_switch",
                ):
                    value = figures.get(f"{name}.hit@{k}")
                    typer.echo(
                        f"  {name:26} hit@{k} {fmt(value)}  (n={figures.get(f'{name}.n', 0)})"
                    )
            return
        if set_path is None:
            _fail("give --set FILE (or --compare A B, or --conversations FILE)")
        from tqdm import tqdm

        questions = evals.load_set(set_path)
        support_judge = None
        if judge == "llm":
            from .llm import make_chat_model

            support_judge = evals.LLMJudge(
                assistant.chat_model or make_chat_model(assistant.settings),
                assistant.settings.prompts_dir,
            )
        elif judge != "proxy":
            _fail("--judge is proxy or llm")
        result = evals.evaluate(
            assistant,
            questions,
            mode=mode,
            k=k,
            judge=support_judge,
            baselines=baselines,
            progress=lambda xs: tqdm(
                xs,
                desc="eval",
                unit="q",
                file=sys.stderr,
                leave=False,
                disable=not sys.stderr.isatty(),
            ),
        )
        result["meta"]["set"] = str(set_path)
        labels_path = labels or ROOT / "evals" / "support_labels.jsonl"
        if labels_path.is_file():
            used = support_judge or evals.ProxyJudge(assistant.embedder.embed_queries)
            result["judge_agreement"] = evals.judge_agreement(used, labels_path)
        states_labels = ROOT / "evals" / "states_labels.jsonl"
        if states_labels.is_file():
            result["states_agreement"] = evals.states_agreement(states_labels)
        if report:
            from .eval_report import write_report

            paths = write_report(result, report)
            typer.echo(f"report: {paths['html']} ({paths['json']})", err=True)
        if as_json:
            _print_json(result)
        else:
            _print_summary(result)
        if gate:
            import yaml

            failures = evals.gate(result, yaml.safe_load(gate.read_text(encoding="utf-8")) or {})
            if failures:
                typer.echo(f"gate {gate}: FAILED", err=True)
                for failure in failures:
                    typer.echo(f"  {failure}", err=True)
                raise typer.Exit(2)
            typer.echo(f"gate {gate}: passed")

    _guard(run)


def _print_summary(result: dict) -> None:
    from .evals import K, fmt

    overall = result["overall"]
    meta = result["meta"]
    typer.echo(
        f"{meta['questions']} questions ({overall['n_gold']} with gold), mode {meta['mode']}"
    )
    for system in ("hybrid", "dense", "bm25"):
        if f"{system}.hit@{K}" not in overall:
            continue
        gain = overall.get(f"gain_vs_{system}.hit@{K}")
        typer.echo(
            f"  {system:7} hit@1 {fmt(overall[f'{system}.hit@1'])}  hit@3"
            f" {fmt(overall[f'{system}.hit@3'])}  hit@{K} {fmt(overall[f'{system}.hit@{K}'])}"
            f"  MRR {fmt(overall[f'{system}.mrr'])}  nDCG@{K} {fmt(overall[f'{system}.ndcg@{K}'])}"
            + (f"  (full system ×{gain:.2f})" if gain else "")
        )
    typer.echo(
        f"  refusals right {fmt(overall['refusal_accuracy'])}, false refusals"
        f" {fmt(overall['false_refusals'])}, citation validity {fmt(overall['citation_validity'])},"
        f" recall {fmt(overall['citation_recall'])}, precision"
        f" {fmt(overall['citation_precision'])} ({meta['judge']} judge)"
    )
    typer.echo(
        f"  answer language {fmt(overall['language_match'])}, latency p50"
        f" {fmt(overall['latency_p50_s'])} s, p95 {fmt(overall['latency_p95_s'])} s"
    )
    typer.echo(
        f"  answers: cite a gold point {fmt(overall.get('answer_cited'))}, points stated"
        f" {fmt(overall.get('points_stated'))}, own words {fmt(overall.get('own_words'))},"
        f" fragments {fmt(overall.get('fragments'))}, language purity"
        f" {fmt(overall.get('language_pure'))}"
    )
    rules = overall.get("refusals_by_rule") or {}
    if rules:
        typer.echo(
            "  refusals by rule: "
            + ", ".join(f"{k} {v['n']} (precision {v['precision']:.2f})" for k, v in rules.items())
        )
    for group in ("by_kind", "by_lang"):
        parts = [
            f"{key} {fmt(m.get(f'hybrid.hit@{K}'))}"
            for key, m in result[group].items()
            if m["n_gold"]
        ]
        typer.echo(f"  hit@{K} {group.replace('_', ' ')}: " + ", ".join(parts))
    agreement = result.get("judge_agreement")
    if agreement:
        held = agreement["held_out"]
        typer.echo(
            f"  support judge vs hand labels: accuracy {fmt(held.get('accuracy'))},"
            f" kappa {fmt(held.get('kappa'))} on {held['n']} held-out rows"
        )
    states = result.get("states_agreement")
    if states:
        typer.echo(
            f"  'a quote states the point' vs hand labels: accuracy {fmt(states['accuracy'])},"
            f" kappa {fmt(states['kappa'])} on {states['n']} pairs"
        )
    failing = [q["id"] for q in result["questions"] if q["failures"]]
    typer.echo(f"  failing: {' '.join(failing) or '-'}")


def _print_comparison(diff: dict) -> None:
    typer.echo(f"{'metric':34} {'A':>7} {'B':>7} {'B-A':>7}")
    for name, m in diff["metrics"].items():
        if name in ("n", "n_gold"):
            continue
        typer.echo(f"{name:34} {m['a']:7.3f} {m['b']:7.3f} {m['delta']:+7.3f}")
    for label in ("better", "worse"):
        typer.echo(f"\n{label} ({len(diff[label])}):")
        for q in diff[label]:
            typer.echo(f"  {q['id']}: {q['what']} — {q['question'][:80]}")


@app.command()
def serve(
    host: Annotated[
        str | None,
        typer.Option(help="Interface to bind; 127.0.0.1 (this machine only) by default."),
    ] = None,
    port: Annotated[int | None, typer.Option(help="Port; 7860 by default.")] = None,
    users_file: Annotated[
        Path | None, typer.Option(help="Turn login on with this users file (see `user add`).")
    ] = None,
) -> None:
    """Start the web app (chat, mission guide, library)."""

    def run() -> None:
        from .settings import Settings, prepare_environment

        prepare_environment()
        from .ui import serve as serve_app

        overrides = {"host": host, "port": port, "users_file": users_file}
        given: dict[str, Any] = {k: v for k, v in overrides.items() if v is not None}
        settings = Settings(**given)
        if settings.host not in ("127.0.0.1", "localhost", "::1") and not settings.users_file:
            typer.echo(
                f"warning: serving on {settings.host} without login; anyone who can reach it"
                " can read and change every canvas (set MISSIONSGUIDEN_USERS_FILE)",
                err=True,
            )
        serve_app(settings)

    _guard(run)


user_app = typer.Typer(help="Users for the web app's login.", no_args_is_help=True)
app.add_typer(user_app, name="user")


@user_app.command("add")
def user_add(
    name: str,
    users_file: Annotated[
        Path | None, typer.Option(help="The users file (default: MISSIONSGUIDEN_USERS_FILE).")
    ] = None,
    password: Annotated[
        str | None, typer.Option(help="Read from the prompt when not given.", hidden=True)
    ] = None,
) -> None:
    """Add a user (or set a new password); asks for the password twice."""

    def run() -> None:
        from .auth import UserFile
        from .settings import Settings

        path = users_file or Settings().users_file
        if path is None:
            _fail("give --users-file or set MISSIONSGUIDEN_USERS_FILE")
        secret = password or typer.prompt("password", hide_input=True, confirmation_prompt=True)
        UserFile(path).add(name, secret)
        typer.echo(f"{name} can now sign in ({path})")

    _guard(run)


def _print_sources(answer: Any) -> None:
    from .answer import one_line

    if answer.dropped_citations:
        typer.echo(
            f"\n(dropped citations that matched no given passage: {', '.join(answer.dropped_citations)})"
        )
    if not answer.citations:
        return
    typer.echo("\nKilder / Sources:")
    for c in answer.citations:
        typer.echo(f"[{c.n}] {c.passage.title} — {c.passage.chunk.locator}")
        typer.echo(f"    “{one_line(c.quote)}”")


def main() -> None:
    app()


if __name__ == "__main__":
    main()
