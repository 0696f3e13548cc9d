"""The Gradio web app: chat with cited answers, the mission guide, and the library.

    app = create_app(Assistant(Settings()))   # a FastAPI app with the Gradio UI at /
    serve(settings)                            # what `missionsguiden serve` runs

Callbacks only translate between widgets and the core (`Assistant`, `Conversation`, `Guide`);
what an answer, a canvas or a library holds is decided there, never here. Everything a user
or a document wrote is escaped before it is shown, so a question or a source holding HTML or
script is displayed as text.
"""

from __future__ import annotations

import html
import re
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import gradio as gr
import yaml

from .api import make_router
from .auth import OWNER_COOKIE, OWNER_COOKIE_MAX_AGE, AnonymousOwners, UserFile
from .canvas import Canvas, Note
from .conversation import Conversation
from .core import Assistant
from .export import free_path, to_docx, to_markdown
from .guide import canvas_draft
from .index import safe_name
from .sentences import readable
from .settings import Settings
from .types import MissionsguidenError
from .ui_canvas import build_structure
from .ui_canvas import read as read_structure
from .ui_canvas import updates as structure_updates
from .ui_review import build_review_tab, render_review

UI_TEXT = Path(__file__).parent / "resources" / "ui.yaml"
LANGS = (("Dansk", "da"), ("Norsk", "nb"), ("English", "en"))
RATINGS = ("yes", "partly", "no", "not_yet")
_MARKER = re.compile(r"\[(\d{1,2})\]")
STREAM_INTERVAL_S = 0.05  # at most ~20 screen updates a second while an answer streams

# Clicking a citation marker opens its passage in the sources panel (and focuses it, so the
# keyboard follows). Delegated from the document, so it also works for streamed messages.
HEAD = """
<script>
document.addEventListener('click', (event) => {
  const link = event.target.closest && event.target.closest('a[href*="#mg-c"]');
  if (!link) return;
  const target = document.getElementById(link.getAttribute('href').split('#')[1]);
  if (!target) return;
  event.preventDefault();
  event.stopPropagation();
  document.querySelectorAll('details.mg-source[open]').forEach((d) => { d.open = false; });
  target.open = true;
  target.querySelector('summary').focus({preventScroll: true});
  // the quote itself, not the top of its passage, is what the reader must see: scroll the
  // sources panel to it, and the page only as far as the panel needs
  const mark = target.querySelector('mark') || target;
  const panel = target.closest('#mg-sources');
  const scrolls = panel && ['auto', 'scroll'].includes(getComputedStyle(panel).overflowY);
  if (scrolls && panel.scrollHeight > panel.clientHeight + 1) {
    const top = mark.getBoundingClientRect().top - panel.getBoundingClientRect().top;
    panel.scrollTop += top - panel.clientHeight / 3;
    panel.scrollIntoView({block: 'nearest'});
  } else {
    mark.scrollIntoView({block: 'center'});
  }
}, true);
</script>
"""

CSS = """
.mg-source { border-left: 3px solid #1d4ed8; padding: 0.25rem 0.75rem; margin: 0.5rem 0; }
.mg-source summary { cursor: pointer; font-weight: 600; }
.mg-source summary:focus-visible { outline: 3px solid #1d4ed8; outline-offset: 2px; }
.mg-source mark { background: #fde68a; color: #111827; padding: 0 0.1em; }
.mg-meta { color: #374151; font-size: 0.9em; margin: 0.25rem 0; }
.mg-where { color: #374151; font-size: 0.9em; font-weight: 400; }
.mg-passage { white-space: pre-wrap; margin: 0.25rem 0 0.5rem 0; }
.mg-turn h3 { margin: 0.75rem 0 0.25rem 0; }
.mg-steps { display: flex; flex-wrap: wrap; gap: 0.75rem; }
.mg-step { flex: 1 1 10rem; }
.mg-step progress { width: 100%; height: 0.8rem; }
.mg-current { font-weight: 700; }
.mg-library { width: 100%; border-collapse: collapse; }
.mg-library caption { text-align: left; font-weight: 600; padding: 0.25rem 0; }
.mg-library th, .mg-library td { text-align: left; padding: 0.35rem 0.5rem; vertical-align: top;
  border-bottom: 1px solid #d1d5db; }
#mg-library { overflow-x: auto; }
#mg-sources, #mg-canvas { max-height: 40rem; overflow-y: auto !important; }
@media (max-width: 720px) { .mg-library { width: 100%; border-collapse: collapse; }
.mg-library caption { text-align: left; font-weight: 600; padding: 0.25rem 0; }
.mg-library th, .mg-library td { text-align: left; padding: 0.35rem 0.5rem; vertical-align: top;
  border-bottom: 1px solid #d1d5db; }
#mg-library { overflow-x: auto; }
#mg-sources, #mg-canvas { max-height: none; } }
"""


# Gradio's default blue and grey fall short of WCAG AA contrast (4.5:1) on buttons and hints.
THEME = gr.themes.Default(primary_hue="blue").set(
    button_primary_background_fill="*primary_700",
    button_primary_background_fill_hover="*primary_800",
    button_primary_text_color="white",
    body_text_color_subdued="*neutral_600",
    input_placeholder_color="*neutral_600",
    button_cancel_background_fill="#b91c1c",
    button_cancel_background_fill_hover="#991b1b",
    button_cancel_text_color="white",
)


@lru_cache(maxsize=1)
def ui_text() -> dict[str, dict[str, Any]]:
    return yaml.safe_load(UI_TEXT.read_text(encoding="utf-8"))


def t(lang: str, key: str, **fields: Any) -> Any:
    entry = ui_text()[key]
    value = entry.get(lang, entry["da"])
    return value.format(**fields) if fields and isinstance(value, str) else value


def problem_text(problem: Exception, lang: str) -> str:
    """Why a file was not added, in the interface's language (its English reason when the
    kind of problem has no text)."""
    code = getattr(problem, "code", "")
    path = getattr(problem, "path", None)
    if code and f"ingest_{code}" in ui_text() and path is not None:
        return str(t(lang, f"ingest_{code}", name=path.name, **problem.fields))  # type: ignore[attr-defined]
    return str(problem)


def pick_language(accept_language: str, default: str) -> str:
    """The first of da / nb / en in the browser's Accept-Language (no, nn count as nb)."""
    for part in accept_language.split(","):
        code = part.split(";")[0].strip().lower()[:2]
        code = {"no": "nb", "nn": "nb"}.get(code, code)
        if code in ("da", "nb", "en"):
            return code
    return default


# -- rendering (text in, escaped HTML / Markdown out) ------------------------------------------


def _escape(text: str) -> str:
    """Source or user text for the Markdown chat: no tags, no links, no images."""
    return html.escape(text, quote=False).replace("[", "&#91;").replace("]", "&#93;")


def render_answer(turn: dict[str, Any], turn_no: int, lang: str) -> str:
    """An answer for the chat, its [n] markers linked to the passages in the sources panel."""
    cited = {c["n"] for c in turn.get("citations", [])}
    parts, last = [], 0
    text = turn.get("answer", "")
    for m in _MARKER.finditer(text):
        parts.append(_escape(text[last : m.start()]))
        n = int(m.group(1))
        parts.append(f"[\\[{n}\\]](#mg-c{turn_no}-{n})" if n in cited else _escape(m.group(0)))
        last = m.end()
    parts.append(_escape(text[last:]))
    body = "".join(parts)
    reason = str(turn.get("reason", ""))
    if turn.get("refused") and (reason == "not_covered" or reason.startswith("missing_")):
        body += f"\n\n*{t(lang, 'not_covered_hint')}*"  # what it can answer instead
    if turn.get("followup") and turn.get("query"):
        body += f"\n\n*{t(lang, 'searched')}: {_escape(turn['query'])}*"
    return body


def _highlight(passage: str, quote: str) -> str:
    """The passage for reading, its quote marked (the quote itself verbatim)."""
    passage, quote = readable(passage), readable(quote)
    at = passage.find(quote)
    if at < 0:
        return f"<mark>{html.escape(quote)}</mark>"
    return (
        html.escape(for_reading(passage[:at]))
        + f"<mark>{html.escape(quote)}</mark>"
        + html.escape(for_reading(passage[at + len(quote) :]))
    )


_SLIDE_REPEAT = re.compile(r"^\s*(\w+)(?:\s+\1)+\s*$", re.IGNORECASE)


def for_reading(text: str) -> str:
    """Text around a quote without a slide's leftovers: a line that only repeats one word
    ("Sektor Sektor Sektor") or repeats the line before it ("Missions projekt" five times),
    and the blank lines they leave. Only what surrounds the quote, never the quote."""
    kept: list[str] = []
    last = ""
    for line in text.split("\n"):
        key = " ".join(line.split()).casefold()
        if key and (_SLIDE_REPEAT.match(line) or key == last):
            continue
        if key or (kept and kept[-1].strip()):
            kept.append(line)
        last = key or last
    return "\n".join(kept)


def _byline(source: str, documents: dict[str, Any]) -> str:
    meta = documents.get(source)
    if meta is None:
        return ""
    parts = [", ".join(meta.authors)] if meta.authors else []
    if meta.year:
        parts.append(str(meta.year))
    return " · ".join(parts)


def _short(title: str, limit: int = 48) -> str:
    """A document's title short enough that the section and lines beside it tell two
    sources of one document apart at a glance (the whole title is shown when opened)."""
    if len(title) <= limit:
        return title
    return title[:limit].rsplit(" ", 1)[0].rstrip(",;:") + " …"


def render_sources(turn: dict[str, Any], turn_no: int, lang: str, documents: dict) -> str:
    """One turn's citations as collapsible passages, each with its quote highlighted."""
    if not turn.get("citations"):
        return ""
    items = []
    for c in turn["citations"]:
        byline = _byline(c["source"], documents)
        items.append(
            f'<details class="mg-source" id="mg-c{turn_no}-{c["n"]}">'
            f"<summary>[{c['n']}] {html.escape(_short(c['title']))}"
            f'<span class="mg-where"> · {html.escape(c["locator"])}</span></summary>'
            f'<p class="mg-meta">{html.escape(c["title"])}{" · " if byline else ""}'
            f"{html.escape(byline)}</p>"
            f'<div class="mg-passage">{_highlight(c.get("passage") or c["quote"], c["quote"])}'
            "</div></details>"
        )
    return (
        f'<section class="mg-turn"><h3>{t(lang, "answer_to")}: '
        f"{html.escape(turn['message'][:160])}</h3>{''.join(items)}</section>"
    )


def render_notes(notes: list[Note], empty: str) -> str:
    if not notes:
        return f"<p>{html.escape(empty)}</p>"
    items = []
    for note in notes:
        ref = ""
        if note.ref:
            ref = (
                f'<p class="mg-meta">{html.escape(note.ref.title)}'
                f"{', ' + html.escape(note.ref.locator) if note.ref.locator else ''}</p>"
            )
            if note.ref.quote and note.ref.quote != note.text:
                ref += (
                    f"<blockquote><mark>{html.escape(readable(note.ref.quote))}</mark></blockquote>"
                )
        items.append(f'<div class="mg-source"><p>{html.escape(readable(note.text))}</p>{ref}</div>')
    return "".join(items)


def render_progress(canvas: Canvas, steps: Any, current: str | None, lang: str) -> str:
    blocks = []
    for step in steps:
        done = sum(1 for p in step.prompts if canvas.answers.get(p.id))
        total = len(step.prompts)
        here = any(p.id == current for p in step.prompts)
        label = step.title.get(lang, step.title["da"])  # "Trin 1: Fælles problemforståelse"
        blocks.append(
            f'<div class="mg-step{" mg-current" if here else ""}">'
            f"<div>{html.escape(label)}</div>"
            f'<progress max="{total}" value="{done}" aria-label="{html.escape(label)}"></progress>'
            f"<div>{done}/{total} {t(lang, 'answered')}</div></div>"
        )
    return f'<div class="mg-steps" role="group">{"".join(blocks)}</div>'


# -- the app -----------------------------------------------------------------------------------


@dataclass
class Translated:
    """Components whose labels follow the interface language, and how to fill them."""

    items: list[tuple[Any, dict[str, Callable[[str], Any]]]] = field(default_factory=list)

    def __call__(self, component: Any, **props: Any) -> Any:
        """Register `component`; each prop is an ui.yaml key or a function of the language."""
        self.items.append(
            (
                component,
                {prop: key if callable(key) else _text(key) for prop, key in props.items()},
            )
        )
        return component

    @property
    def components(self) -> list[Any]:
        return [c for c, _ in self.items]

    def updates(self, lang: str) -> list[Any]:
        return [gr.update(**{p: f(lang) for p, f in props.items()}) for _, props in self.items]


def _text(key: str) -> Callable[[str], Any]:
    """The interface text `key`, in the language it is called with."""
    return lambda lang: t(lang, key)


def _when(stamp: float) -> str:
    """A saved item's time as a list shows it (the server's local time)."""
    return time.strftime("%Y-%m-%d %H:%M", time.localtime(stamp))


def _owner_reader(settings: Settings) -> Callable[[gr.Request | None], str | None]:
    """Who owns what a request saves and lists: the logged-in user; without login, the
    browser's anonymous owner (a signed cookie, set by `create_app`), or, for a client
    without that cookie, its own session: never everyone's."""
    owners = None if settings.users_file else anonymous_owners(settings)

    def owner(request: gr.Request | None) -> str | None:
        if request is None:
            return None
        user = getattr(request, "username", None)
        if user or owners is None:
            return user
        cookies = getattr(request, "cookies", None) or {}
        found = owners.read(cookies.get(OWNER_COOKIE))
        return found or f"anon-session:{getattr(request, 'session_hash', '') or 'none'}"

    return owner


def anonymous_owners(settings: Settings) -> AnonymousOwners:
    secret = settings.owner_secret.get_secret_value()
    return AnonymousOwners(settings.data_dir / "owner.key", secret)


@dataclass
class Assessment:
    """The self-assessment: each step's six quality questions in a box beside that step."""

    boxes: list[Any]  # one per step, shown at that step's prompts
    ratings: list[Any]  # in `method.questions` order
    notes: list[Any]
    buttons: list[Any]
    saved: list[Any]  # the saved state beside each button


def build_assessment(tr: Translated, method: Any) -> Assessment:
    out = Assessment([], [], [], [], [])
    by_question: dict[str, tuple[Any, Any]] = {}
    for step in method.steps:
        qlist = method.quality[step.quality_list]
        with tr(
            gr.Accordion(open=True, visible=False, elem_id=f"mg-assessment-{step.id}"),
            label=lambda lang, q=qlist: (
                f"{t(lang, 'assessment_step')}: {q.title.get(lang, q.title['da'])}"
            ),
        ) as box:
            for q in qlist.questions:
                with gr.Row():
                    rating = tr(
                        gr.Radio(scale=3),
                        label=lambda lang, q=q: q.text.get(lang, q.text["da"]),
                        choices=lambda lang: [(t(lang, f"rating_{r}"), r) for r in RATINGS],
                    )
                    note = tr(gr.Textbox(scale=2, max_lines=3), label="notes")
                by_question[q.id] = (rating, note)
            with gr.Row():
                out.buttons.append(
                    tr(
                        gr.Button(scale=1, elem_id=f"mg-save-assessment-{step.id}"),
                        value="save_assessment",
                    )
                )
                out.saved.append(gr.Markdown(elem_id=f"mg-assessment-saved-{step.id}"))
        out.boxes.append(box)
    out.ratings = [by_question[q.id][0] for q in method.questions]
    out.notes = [by_question[q.id][1] for q in method.questions]
    return out


def build_ui(assistant: Assistant) -> gr.Blocks:
    settings = assistant.settings
    _user = _owner_reader(settings)
    guide = assistant.guide()
    method = guide.method
    tr = Translated()
    export_dir = Path(tempfile.mkdtemp(prefix="missionsguiden-export-"))

    def documents() -> dict[str, Any]:
        return {e.meta.source: e.meta for e in assistant.documents()}

    def prompt_choices(canvas: Canvas | None) -> list[tuple[str, str]]:
        if canvas is None:
            return []
        lang = canvas.lang
        return [
            (
                f"{'✓' if canvas.answers.get(p.id) else '○'} {t(lang, 'step')} {p.step}: "
                f"{p.text[lang][:90]}",
                p.id,
            )
            for p in method.prompts
        ]

    with gr.Blocks(title="Missionsguiden", fill_width=False) as demo:
        conv_state = gr.State(None)
        sources_state = gr.State([])
        canvas_state = gr.State(None)

        with gr.Row(equal_height=True):
            with gr.Column(scale=4):
                gr.Markdown("# Missionsguiden")
                tr(gr.Markdown(), value="subtitle")
            with gr.Column(scale=1, min_width=200):
                ui_lang = gr.Radio(
                    [(name, code) for name, code in LANGS],
                    value=settings.ui_lang,
                    label="Sprog / Språk / Language",
                    elem_id="mg-ui-lang",
                )
                signed_in = gr.Markdown(visible=False)

        with gr.Tabs():
            # -- chat ------------------------------------------------------------------------
            with tr(gr.Tab(elem_id="mg-tab-chat"), label="tab_chat"), gr.Row():
                with gr.Column(scale=3, min_width=300):
                    chatbot = tr(
                        gr.Chatbot(
                            height=480,
                            buttons=["copy", "copy_all"],
                            elem_id="mg-chat",
                            feedback_options=None,
                        ),
                        label="chat_label",
                    )
                    with gr.Row():
                        question = tr(
                            gr.Textbox(
                                lines=1,
                                max_lines=6,
                                scale=5,
                                elem_id="mg-question",
                                autofocus=True,
                            ),
                            label="question",
                            placeholder="question_hint",
                        )
                        send = tr(
                            gr.Button(variant="primary", scale=1, elem_id="mg-send"),
                            value="send",
                        )
                    tr(gr.Markdown(), value=lambda lang: f"**{t(lang, 'starters_heading')}**")
                    with gr.Row():
                        starters = [
                            tr(
                                gr.Button(size="sm", elem_classes=["mg-starter"]),
                                value=lambda lang, i=i: t(lang, "starters")[i],
                            )
                            for i in range(4)
                        ]
                    with gr.Row():
                        new_chat = tr(gr.Button(size="sm"), value="new_chat")
                        export_chat = tr(
                            gr.Button(size="sm", elem_id="mg-export-chat"), value="export_chat"
                        )
                    chat_file = tr(gr.File(visible=False, interactive=False), label="export_file")
                    with gr.Row():
                        history = tr(
                            gr.Dropdown(choices=[], scale=4, elem_id="mg-history"),
                            label="history",
                        )
                        open_chat = tr(gr.Button(size="sm", scale=1), value="open_chat")
                with gr.Column(scale=2, min_width=260):
                    tr(gr.Markdown(), value=lambda lang: f"## {t(lang, 'sources')}")
                    # not relabelled with the others: a language switch keeps what it shows
                    sources = gr.HTML(
                        f"<p>{t(settings.ui_lang, 'sources_empty')}</p>",
                        elem_id="mg-sources",
                        js_on_load=None,
                    )

            # -- guide -----------------------------------------------------------------------
            with tr(gr.Tab(elem_id="mg-tab-guide"), label="tab_guide"):
                tr(gr.Markdown(), value="guide_intro")
                with gr.Row():
                    canvas_title = tr(
                        gr.Textbox(scale=3, elem_id="mg-canvas-title"),
                        label="canvas_title",
                        placeholder="canvas_title_hint",
                    )
                    canvas_lang = tr(
                        gr.Dropdown(
                            [(name, code) for name, code in LANGS],
                            value=settings.ui_lang,
                            scale=1,
                        ),
                        label="canvas_lang",
                    )
                    start = tr(
                        gr.Button(variant="primary", scale=1, elem_id="mg-start"),
                        value="start_canvas",
                    )
                with gr.Row():
                    my_canvases = tr(
                        gr.Dropdown(choices=[], scale=4, elem_id="mg-canvases"),
                        label="my_canvases",
                    )
                    open_canvas = tr(gr.Button(scale=1), value="open_canvas")
                guide_status = gr.Markdown(elem_id="mg-guide-status")
                progress = gr.HTML(elem_id="mg-progress", js_on_load=None)
                with gr.Row():
                    with gr.Column(scale=3, min_width=300):
                        prompt_pick = tr(
                            gr.Dropdown(choices=[], elem_id="mg-prompt-pick"), label="prompt"
                        )
                        prompt_text = gr.Markdown(elem_id="mg-prompt")
                        tr(gr.Markdown(), value=lambda lang: f"## {t(lang, 'guidance')}")
                        guidance = gr.HTML(elem_id="mg-guidance", js_on_load=None)
                        team_answer = tr(
                            gr.Textbox(lines=4, elem_id="mg-team-answer"), label="your_answer"
                        )
                        structure = build_structure()
                        with gr.Row():
                            save_answer = tr(
                                gr.Button(variant="primary", elem_id="mg-save-answer"),
                                value="save_answer",
                            )
                            next_prompt = tr(gr.Button(elem_id="mg-next"), value="next_prompt")
                        tr(gr.Markdown(), value=lambda lang: f"## {t(lang, 'feedback')}")
                        feedback = gr.HTML(elem_id="mg-feedback", js_on_load=None)
                        assessment = build_assessment(tr, method)
                    with gr.Column(scale=2, min_width=260):
                        tr(gr.Markdown(), value=lambda lang: f"## {t(lang, 'canvas')}")
                        canvas_view = gr.Markdown(elem_id="mg-canvas")
                        with gr.Row():
                            export_md = tr(gr.Button(elem_id="mg-export-md"), value="export_md")
                            export_docx = tr(
                                gr.Button(elem_id="mg-export-docx"), value="export_docx"
                            )
                        canvas_file = tr(
                            gr.File(visible=False, interactive=False, elem_id="mg-canvas-file"),
                            label="export_file",
                        )
                        review_canvas = tr(
                            gr.Button(elem_id="mg-review-canvas"), value="review_canvas"
                        )
                        canvas_review = gr.HTML(elem_id="mg-canvas-review", js_on_load=None)

            ratings, notes = assessment.ratings, assessment.notes
            # -- review ----------------------------------------------------------------------
            build_review_tab(tr, t, guide.review, ui_lang)

            # -- library ---------------------------------------------------------------------
            with tr(gr.Tab(elem_id="mg-tab-library"), label="tab_library"):
                tr(gr.Markdown(), value="library_intro")
                library = gr.HTML(elem_id="mg-library", js_on_load=None)
                upload = tr(
                    gr.File(
                        file_count="multiple",
                        file_types=[".pdf", ".docx", ".txt", ".md"],
                        elem_id="mg-upload",
                    ),
                    label="upload",
                )
                add = tr(gr.Button(variant="primary", elem_id="mg-add"), value="add")
                library_status = gr.Markdown(elem_id="mg-library-status")
                with gr.Row():
                    uploaded = tr(
                        gr.Dropdown(choices=[], scale=4, elem_id="mg-uploaded"),
                        label="uploaded_docs",
                    )
                    remove = tr(gr.Button(variant="stop", scale=1), value="remove")

        # -- callbacks: chat ---------------------------------------------------------------

        def ask(
            message: str,
            messages: list[dict],
            conv: Conversation | None,
            shown: list[str],
            lang: str,
            request: gr.Request,
        ) -> Iterator[tuple]:
            message = (message or "").strip()
            if not message:
                yield "", messages, conv, shown, gr.skip()
                return
            user = _user(request)
            if conv is None:
                conv = assistant.conversation(save=True, owner=user)
            messages = [
                *messages,
                {"role": "user", "content": _escape(message)},
                {"role": "assistant", "content": ""},
            ]
            text, last_sent = "", 0.0
            try:
                for event in conv.stream(message):
                    if isinstance(event, str):
                        text += event
                        if time.monotonic() - last_sent < STREAM_INTERVAL_S:
                            continue  # pieces that arrive together go out together
                        last_sent = time.monotonic()
                        messages[-1] = {"role": "assistant", "content": _escape(text)}
                        yield "", messages, conv, shown, gr.skip()
                    else:
                        turn_no = len(conv.turns)
                        row = event.to_json()
                        messages[-1] = {
                            "role": "assistant",
                            "content": render_answer(row, turn_no, event.lang),
                        }
                        section = render_sources(row, turn_no, event.lang, documents())
                        if section:
                            shown = [section, *shown]
                        html_out = "".join(shown) or f"<p>{t(lang, 'sources_empty')}</p>"
                        yield "", messages, conv, shown, html_out
            except MissionsguidenError as exc:
                messages[-1] = {
                    "role": "assistant",
                    "content": _escape(t(lang, "error", error=exc)),
                }
                yield "", messages, conv, shown, gr.skip()

        # Everything that computes guidance or answers shares the answer queue's limit.
        answering: dict[str, Any] = dict(
            concurrency_limit=settings.concurrency, concurrency_id="answers", api_name=False
        )
        chat_io = dict(
            outputs=[question, chatbot, conv_state, sources_state, sources],
            concurrency_limit=settings.concurrency,
            concurrency_id="answers",
        )
        chat_inputs = [chatbot, conv_state, sources_state, ui_lang]
        question.submit(ask, [question, *chat_inputs], api_name="ask", **chat_io)
        send.click(ask, [question, *chat_inputs], api_name=False, **chat_io)
        for button in starters:
            button.click(ask, [button, *chat_inputs], api_name=False, **chat_io)

        def new_conversation(lang: str, request: gr.Request) -> tuple:
            return (
                [],
                None,
                [],
                f"<p>{t(lang, 'sources_empty')}</p>",
                gr.update(visible=False, value=None),
                history_choices(request),
            )

        chatbot.clear(
            new_conversation,
            [ui_lang],
            [chatbot, conv_state, sources_state, sources, chat_file, history],
            api_name=False,
        )
        new_chat.click(
            new_conversation,
            [ui_lang],
            [chatbot, conv_state, sources_state, sources, chat_file, history],
            api_name=False,
        )

        def history_choices(request: gr.Request) -> Any:
            rows = assistant.history.list(owner=_user(request))
            return gr.update(
                choices=[
                    (f"{r.title[:80]} · {_when(r.updated_at)} ({r.turns})", r.id) for r in rows[:50]
                ]
            )

        def reopen(conversation_id: str | None, lang: str, request: gr.Request) -> tuple:
            if not conversation_id:
                return gr.skip(), gr.skip(), gr.skip(), gr.skip()
            user = _user(request)
            try:
                conv = assistant.conversation(resume=conversation_id, save=True, owner=user)
                rows = assistant.history.turns(conversation_id, owner=user)
            except MissionsguidenError as exc:
                raise gr.Error(str(exc)) from exc
            messages: list[Any] = []
            shown: list[Any] = []
            docs = documents()
            for n, row in enumerate(rows, start=1):
                messages += [
                    {"role": "user", "content": _escape(row["message"])},
                    {"role": "assistant", "content": render_answer(row, n, row["lang"])},
                ]
                section = render_sources(row, n, row["lang"], docs)
                if section:
                    shown.insert(0, section)
            return messages, conv, shown, "".join(shown) or f"<p>{t(lang, 'sources_empty')}</p>"

        open_chat.click(
            reopen,
            [history, ui_lang],
            [chatbot, conv_state, sources_state, sources],
            api_name=False,
        )

        def export_conversation(conv: Conversation | None, lang: str, request: gr.Request) -> Any:
            if conv is None or not conv.id:
                gr.Warning(t(lang, "no_conversation"))
                return gr.update(visible=False)
            text = assistant.history.export_markdown(conv.id, owner=_user(request))
            title = safe_name(conv.turns[0].message[:60] if conv.turns else "samtale")
            path = free_path(_private_dir(export_dir) / f"{Path(title).stem or 'samtale'}.md")
            path.write_text(text, encoding="utf-8")
            return gr.update(value=str(path), visible=True)

        export_chat.click(export_conversation, [conv_state, ui_lang], [chat_file], api_name=False)

        # -- callbacks: guide --------------------------------------------------------------

        def canvas_choices(request: gr.Request) -> Any:
            rows = assistant.canvases.list(owner=_user(request))
            return gr.update(
                choices=[(f"{c.title} · {_when(c.created_at)}", c.id) for c in rows[:100]]
            )

        def show(canvas: Canvas, prompt_id: str | None, lang: str, note: str = "") -> tuple:
            """Everything the guide tab shows for a canvas at one of its prompts."""
            current = (
                method.prompt(prompt_id) if prompt_id else guide.next_prompt(canvas)
            ) or method.prompts[-1]
            glang = canvas.lang
            notes = guide.guidance(canvas, current)
            done = guide.next_prompt(canvas) is None
            status = f"**{html.escape(canvas.title)}**"
            if done:
                status += f" · {t(glang, 'all_done')}"
            if note:
                status += f"\n\n{note}"
            return (
                canvas.id,
                status,
                render_progress(canvas, method.steps, current.id, glang),
                gr.update(choices=prompt_choices(canvas), value=current.id),
                f"**{t(glang, 'step')} {current.step}.** {_escape(current.text[glang])}",
                render_notes(notes, t(glang, "no_guidance")),
                canvas.answers.get(current.id, ""),
                render_notes(canvas.feedback.get(current.id, []), "")
                if current.id in canvas.feedback
                else "",
                to_markdown(canvas, method, pictures=False),
                *[
                    gr.update(value=canvas.assessment.get(q.id, {}).get("rating"))
                    for q in method.questions
                ],
                *[
                    gr.update(value=canvas.assessment.get(q.id, {}).get("notes", ""))
                    for q in method.questions
                ],
                *structure_updates(canvas, current.id),
                *[gr.update(visible=current.step == step.id) for step in method.steps],
            )

        guide_outputs = [
            canvas_state,
            guide_status,
            progress,
            prompt_pick,
            prompt_text,
            guidance,
            team_answer,
            feedback,
            canvas_view,
            *ratings,
            *notes,
            *structure.outputs,
            *assessment.boxes,
        ]

        def own_canvas(canvas_id: str | None, request: gr.Request) -> Canvas:
            if not canvas_id:
                raise gr.Error(t(settings.ui_lang, "no_canvas"))
            try:
                return assistant.canvases.get(canvas_id, owner=_user(request))
            except MissionsguidenError as exc:
                raise gr.Error(str(exc)) from exc

        def start_canvas(title: str, glang: str, lang: str, request: gr.Request) -> tuple:
            if not (title or "").strip():
                raise gr.Error(t(lang, "need_title"))
            canvas = guide.start(title.strip()[:200], lang=glang, owner=_user(request))
            return (*show(canvas, None, lang), canvas_choices(request))

        start.click(
            start_canvas,
            [canvas_title, canvas_lang, ui_lang],
            [*guide_outputs, my_canvases],
            **answering,
        )

        def open_saved(canvas_id: str | None, lang: str, request: gr.Request) -> tuple:
            return show(own_canvas(canvas_id, request), None, lang)

        open_canvas.click(open_saved, [my_canvases, ui_lang], guide_outputs, api_name=False)

        def goto(canvas_id: str | None, prompt_id: str | None, lang: str, request: gr.Request):
            if not canvas_id or not prompt_id:
                return tuple(gr.skip() for _ in guide_outputs)
            return show(own_canvas(canvas_id, request), prompt_id, lang)

        prompt_pick.input(
            goto,
            [canvas_state, prompt_pick, ui_lang],
            guide_outputs,
            **answering,
        )

        def save_team_answer(values: dict, request: gr.Request) -> tuple:
            """The answer and the prompt's structured part (fields or table), saved at once."""
            canvas = own_canvas(values[canvas_state], request)
            prompt_id, lang = values[prompt_pick], values[ui_lang]
            guide.answer(canvas, prompt_id, values[team_answer] or "")
            parts = read_structure(prompt_id, *[values[w] for w in structure.inputs])
            if parts:
                guide.fill(canvas, **parts)
            found = canvas.feedback.get(prompt_id, [])
            out = show(canvas, prompt_id, lang)
            shown_feedback = render_notes(found, t(canvas.lang, "feedback_ok"))
            return (*out[:7], shown_feedback, *out[8:])

        save_answer.click(
            save_team_answer,
            {canvas_state, prompt_pick, team_answer, ui_lang, *structure.inputs},
            guide_outputs,
            **answering,
        )

        def go_next(canvas_id: str | None, prompt_id: str | None, lang: str, request: gr.Request):
            canvas = own_canvas(canvas_id, request)
            ids = [p.id for p in method.prompts]
            unanswered = [i for i in ids if not canvas.answers.get(i)]
            after = ids[ids.index(prompt_id) + 1 :] if prompt_id in ids else ids
            target = next((i for i in after if i in unanswered), None) or (
                unanswered[0] if unanswered else (after[0] if after else ids[0])
            )
            return show(canvas, target, lang)

        next_prompt.click(
            go_next,
            [canvas_state, prompt_pick, ui_lang],
            guide_outputs,
            **answering,
        )

        def save_self_assessment(values: dict, request: gr.Request) -> tuple:
            """Inputs come as a dict (component -> value): 36 widgets, one call. The saved
            state shows beside each step's save button, not only as a passing toast."""
            lang = values[ui_lang]
            canvas = own_canvas(values[canvas_state], request)
            n = 0
            for q, rating, note in zip(method.questions, ratings, notes, strict=True):
                if values[rating]:
                    guide.assess(canvas, q.id, values[rating], values[note] or "")
                    n += 1
            saved = f"✓ {t(lang, 'assessment_saved', n=n)} · {time.strftime('%H:%M')}"
            gr.Info(t(lang, "assessment_saved", n=n))
            return (to_markdown(canvas, method, pictures=False), *[saved] * len(assessment.saved))

        for button in assessment.buttons:
            button.click(
                save_self_assessment,
                {canvas_state, ui_lang, *ratings, *notes},
                [canvas_view, *assessment.saved],
                api_name=False,
            )

        def export_canvas(kind: str) -> Callable:
            def run(canvas_id: str | None, request: gr.Request) -> Any:
                canvas = own_canvas(canvas_id, request)
                stem = Path(safe_name(canvas.title)).stem or "mission"
                path = free_path(_private_dir(export_dir) / f"{stem}.{kind}")
                if kind == "md":
                    path.write_text(to_markdown(canvas, method), encoding="utf-8")
                else:
                    to_docx(canvas, method, path)
                return gr.update(value=str(path), visible=True)

            return run

        def review_mission(canvas_id: str | None, lang: str, request: gr.Request) -> str:
            canvas = own_canvas(canvas_id, request)
            if not canvas_draft(canvas).strip():
                return f"<p>{html.escape(t(lang, 'review_empty'))}</p>"
            return render_review(guide.review_canvas(canvas), t, canvas.lang, "mg-canvas-review")

        review_canvas.click(
            review_mission, [canvas_state, ui_lang], [canvas_review], api_name=False
        )
        export_md.click(export_canvas("md"), [canvas_state], [canvas_file], api_name=False)
        export_docx.click(export_canvas("docx"), [canvas_state], [canvas_file], api_name=False)

        # -- callbacks: library ------------------------------------------------------------

        def library_view(lang: str) -> tuple:
            entries = assistant.documents()
            columns = [
                t(lang, k)
                for k in (
                    "col_title",
                    "col_authors",
                    "col_year",
                    "col_language",
                    "col_kind",
                    "col_passages",
                    "col_origin",
                )
            ]
            rows = [
                [
                    e.meta.title,
                    ", ".join(e.meta.authors),
                    str(e.meta.year or ""),
                    e.meta.language,
                    e.meta.kind,
                    e.passages,
                    t(lang, "origin_uploaded" if e.uploaded else "origin_corpus"),
                ]
                for e in entries
            ]
            removable = [(e.meta.title, e.meta.source) for e in entries if e.uploaded]
            head = "".join(f'<th scope="col">{html.escape(c)}</th>' for c in columns)
            body = "".join(
                "<tr>" + "".join(f"<td>{html.escape(str(v))}</td>" for v in row) + "</tr>"
                for row in rows
            )
            table = (
                f'<table class="mg-library"><caption>{t(lang, "documents")}</caption>'
                f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
            )
            return table, gr.update(choices=removable, value=None)

        def add_documents(
            files: list[str] | None,
            lang: str,
            progress=gr.Progress(track_tqdm=True),  # noqa: B008 (Gradio injects it)
        ) -> tuple:
            if not files:
                return (t(lang, "nothing_chosen"), gr.skip(), gr.skip(), gr.skip())
            progress(0, desc=t(lang, "indexing"))
            paths = [Path(f) for f in files]  # Gradio keeps each upload's own name
            try:
                report = assistant.ingest(paths, progress=True)
            except MissionsguidenError as exc:
                return (t(lang, "error", error=exc), gr.skip(), gr.skip(), gr.skip())
            lines = []
            if report.added_to_library:
                lines.append(t(lang, "added", names=", ".join(report.added_to_library)))
            if report.problems:
                lines.append(t(lang, "not_added"))
                lines += [f"- {_escape(problem_text(p, lang))}" for p in report.problems]
            return ("\n".join(lines), *library_view(lang), None)

        add.click(
            add_documents,
            [upload, ui_lang],
            [library_status, library, uploaded, upload],
            concurrency_limit=1,
            concurrency_id="ingest",
            api_name=False,
        )

        def remove_document(name: str | None, lang: str) -> tuple:
            if not name:
                return (t(lang, "nothing_to_remove"), gr.skip(), gr.skip())
            try:
                assistant.remove(name)
            except MissionsguidenError as exc:
                return (t(lang, "error", error=exc), gr.skip(), gr.skip())
            return (t(lang, "removed", name=name), *library_view(lang))

        remove.click(
            remove_document,
            [uploaded, ui_lang],
            [library_status, library, uploaded],
            concurrency_limit=1,
            concurrency_id="ingest",
            api_name=False,
        )

        # -- language and start-up ---------------------------------------------------------

        def relabel(lang: str, request: gr.Request) -> list:
            user = getattr(request, "username", None)  # a login, not an anonymous owner
            badge = (
                gr.update(
                    value=f"{t(lang, 'signed_in', name=_escape(user))} · "
                    f"[{t(lang, 'logout')}](/logout)",
                    visible=True,
                )
                if user
                else gr.update(visible=False)
            )
            return [*tr.updates(lang), *library_view(lang), badge]

        ui_lang.change(
            relabel,
            [ui_lang],
            [*tr.components, library, uploaded, signed_in],
            api_name=False,  # type: ignore[arg-type]  # gradio takes False as "no API endpoint"
            queue=False,
        )

        def keep_sources(lang: str, shown: list[str]) -> str:
            """The sources panel after a language switch: the same passages (so every [n] on
            screen still opens its source), or the empty note in the new language."""
            return "".join(shown) or f"<p>{t(lang, 'sources_empty')}</p>"

        ui_lang.change(
            keep_sources,
            [ui_lang, sources_state],
            [sources],
            api_name=False,  # type: ignore[arg-type]
            queue=False,
        )

        def on_load(request: gr.Request) -> tuple:
            lang = pick_language(request.headers.get("accept-language", ""), settings.ui_lang)
            return (
                lang,
                lang,
                *relabel(lang, request),
                history_choices(request),
                canvas_choices(request),
            )

        demo.load(
            on_load,
            None,
            [
                ui_lang,
                canvas_lang,
                *tr.components,
                library,
                uploaded,
                signed_in,
                history,
                my_canvases,
            ],
            api_name=False,
        )
    return demo


def _private_dir(root: Path) -> Path:
    """A fresh folder per export, so one user's file name never tells another's."""
    return Path(tempfile.mkdtemp(dir=root))


def create_app(assistant: Assistant) -> Any:
    """The FastAPI app: the Gradio UI at / and a health check at /healthz for a proxy."""
    from fastapi import FastAPI

    settings = assistant.settings
    assistant.warm()
    app = FastAPI(title="Missionsguiden", docs_url=None, redoc_url=None)

    @app.get("/healthz")
    def healthz() -> dict[str, str]:
        info = assistant.store.info()
        return {
            "status": "ok" if info else "no index",
            "generation": info.generation if info else "",
        }

    app.include_router(make_router(assistant))
    if not settings.users_file:
        _set_owner_cookie(app, anonymous_owners(settings))

    auth = None
    if settings.users_file:
        users = UserFile(settings.users_file)
        users.users()  # fail at start-up, not at the first login, when the file is missing
        auth = users.verify
    demo = build_ui(assistant)
    demo.queue(default_concurrency_limit=settings.concurrency)
    return gr.mount_gradio_app(
        app,
        demo,
        path="",
        auth=auth,
        auth_message="Missionsguiden",
        footer_links=[],
        theme=THEME,
        css=CSS,
        head=HEAD,
        show_error=True,
        max_file_size=f"{int(settings.max_file_mb)}mb",
        ssr_mode=False,
    )


def _set_owner_cookie(app: Any, owners: AnonymousOwners) -> None:
    """Give each browser without a valid owner cookie one with the page itself (only there:
    its parallel asset requests would each set another), so that all its later calls carry
    the one it keeps."""

    @app.middleware("http")
    async def owner_cookie(request: Any, call_next: Callable) -> Any:
        response = await call_next(request)
        page = request.method == "GET" and request.url.path == "/"
        if page and owners.read(request.cookies.get(OWNER_COOKIE)) is None:
            _, value = owners.new()
            response.set_cookie(
                OWNER_COOKIE,
                value,
                max_age=OWNER_COOKIE_MAX_AGE,
                httponly=True,
                samesite="lax",
                secure=request.url.scheme == "https",
            )
        return response


def serve(settings: Settings) -> None:
    import uvicorn

    app = create_app(Assistant(settings))
    print(f"Missionsguiden: http://{settings.host}:{settings.port}", flush=True)
    uvicorn.run(app, host=settings.host, port=settings.port, log_level="warning")
