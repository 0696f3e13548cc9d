"""Exports of a mission canvas a leader can send: Markdown and Word, with the pictures.

    to_markdown(canvas, method)                  # self-contained: pictures as data URIs
    to_docx(canvas, method, Path("mission.docx"))
    mission_text(Path("mission.docx"))           # the mission as the review reads it back

Both start with the mission itself (WHAT, WHY, HOW, as `guide.canvas_draft` writes it), then
walk the three steps: the team's answers, the structured fields and tables with the actor map
and the portfolio view, guidance and feedback with [n], the self-assessment, the open points,
and the references numbered in the order they are first cited.
"""

from __future__ import annotations

import base64
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from .canvas import WHAT_FIELDS, Canvas, Note, SourceRef, canvas_words
from .guide import STRUCTURE, canvas_draft
from .method import Method, Prompt
from .pictures import actor_map, portfolio_view
from .sentences import readable

RATING_LABELS = {
    "yes": {"da": "ja", "nb": "ja", "en": "yes"},
    "partly": {"da": "delvist", "nb": "delvis", "en": "partly"},
    "no": {"da": "nej", "nb": "nei", "en": "no"},
    "not_yet": {"da": "ikke endnu", "nb": "ikke ennå", "en": "not yet"},
}
LABELS = {
    "mission": {"da": "Missionen", "nb": "Missionen", "en": "The mission"},
    "answers": {"da": "Teamets svar", "nb": "Teamets svar", "en": "The team's answers"},
    "feedback": {"da": "Feedback", "nb": "Tilbakemelding", "en": "Feedback"},
    "guidance": {"da": "Vejledning", "nb": "Veiledning", "en": "Guidance"},
    "assessment": {"da": "Selvevaluering", "nb": "Egenvurdering", "en": "Self-assessment"},
    "question": {"da": "Spørgsmål", "nb": "Spørsmål", "en": "Question"},
    "rating": {"da": "Vurdering", "nb": "Vurdering", "en": "Rating"},
    "notes": {"da": "Noter", "nb": "Notater", "en": "Notes"},
    "field": {"da": "Felt", "nb": "Felt", "en": "Field"},
    "open": {"da": "Åbne punkter", "nb": "Åpne punkter", "en": "Open points"},
    "references": {"da": "Kilder", "nb": "Kilder", "en": "References"},
    "made": {
        "da": "Lavet med Missionsguiden",
        "nb": "Laget med Missionsguiden",
        "en": "Made with Missionsguiden",
    },
    "team": {"da": "Teamet", "nb": "Teamet", "en": "The team"},
    "unanswered": {
        "da": "(ikke besvaret endnu)",
        "nb": "(ikke besvart ennå)",
        "en": "(not answered yet)",
    },
}
MARK_START = "<!-- missionsguiden:mission -->"  # the mission section the review reads back
MARK_END = "<!-- /missionsguiden:mission -->"
DOCX_CATEGORY = "Missionsguiden canvas"


def free_path(path: Path) -> Path:
    """`path`, or `name-2.ext`, `name-3.ext`, ... if it exists: exports never overwrite."""
    n, candidate = 1, path
    while candidate.exists():
        n += 1
        candidate = path.with_name(f"{path.stem}-{n}{path.suffix}")
    return candidate


# -- what both exports hold ----------------------------------------------------------------


def _cited_notes(canvas: Canvas, method: Method) -> Iterator[Note]:
    """Every cited note in the order the exports show them."""
    for step in method.steps:
        for prompt in step.prompts:
            yield from canvas.guidance.get(prompt.id, [])
            yield from canvas.feedback.get(prompt.id, [])
        for q in method.quality[step.quality_list].questions:
            yield from canvas.guidance.get(q.id, [])[:1]


def references(canvas: Canvas, method: Method) -> list[SourceRef]:
    """The cited sources, numbered in the order the reader first meets them."""
    seen: dict[tuple[str, str], SourceRef] = {}
    for note in _cited_notes(canvas, method):
        if note.ref:
            seen.setdefault((note.ref.source, note.ref.quote), note.ref)
    return list(seen.values())


def _assessment_table(
    canvas: Canvas, qlist: Any, cite: Callable[[Note], str]
) -> tuple[list[str], list[list[str]]]:
    """A step's quality questions with the team's ratings and notes, as (header, rows)."""
    lang = canvas.lang
    rows = []
    for q in qlist.questions:
        given = canvas.assessment.get(q.id, {})
        source = "".join(cite(n) for n in canvas.guidance.get(q.id, [])[:1])
        rating = RATING_LABELS.get(given.get("rating", ""), {}).get(lang, "–")
        rows.append([q.text[lang] + source, rating, given.get("notes", "")])
    return [LABELS[k][lang] for k in ("question", "rating", "notes")], rows


def _open_points(canvas: Canvas, method: Method) -> list[str]:
    lang = canvas.lang
    points = [
        f"{p.text[lang]} {LABELS['unanswered'][lang]}"
        for p in method.prompts
        if not canvas.answers.get(p.id, "").strip()
    ]
    points += [n.text for notes in canvas.feedback.values() for n in notes]
    points += [
        f"{q.text[lang]} ({RATING_LABELS[canvas.assessment[q.id]['rating']][lang]})"
        for q in method.questions
        if canvas.assessment.get(q.id, {}).get("rating") in ("no", "partly", "not_yet")
    ]
    return points


# The tables of the structured canvas: their columns, the column holding a key that is shown
# by its label, the labels' group, and the picture's title.
_TABLES = {
    "actors": ("actor_columns", "sector", "sectors", "actor_map"),
    "portfolio": ("effort_columns", "decision", "decisions", "portfolio"),
}


def structure_table(canvas: Canvas, part: str) -> tuple[str, list[str], list[list[str]]]:
    """The actor table or the portfolio (`part`) as (title, header, rows) in the canvas's
    language, a sector or decision shown by its label: what the exports and the web app show."""
    words, lang = canvas_words(), canvas.lang
    columns, keyed, group, title = _TABLES[part]
    cols = list(words[columns])
    rows = [
        [
            str(words[group].get(v, {}).get(lang, v)) if c == keyed and v else v
            for c, v in zip(cols, _values(row), strict=True)
        ]
        for row in canvas.part(part)
    ]
    header = [words[columns][c][lang] for c in cols]
    return str(words["pictures"][title][lang]), header, rows


def _tables(canvas: Canvas, prompt: Prompt) -> list[tuple[str, list[str], list[list[str]]]]:
    """The structured part of a prompt as (title, header, rows) tables, if the team filled it."""
    words, lang = canvas_words(), canvas.lang
    if prompt.id == STRUCTURE["what"] and canvas.has("what"):
        rows = [[words["what"][k][lang], canvas.what.get(k, "")] for k in WHAT_FIELDS]
        return [("", [LABELS["field"][lang], LABELS["answers"][lang]], rows)]
    for part in _TABLES:
        if prompt.id == STRUCTURE[part] and canvas.has(part):
            return [structure_table(canvas, part)]
    return []


def _values(row: object) -> list[str]:
    return [str(v) for v in vars(row).values()]


def _picture(canvas: Canvas, prompt: Prompt) -> bytes | None:
    if prompt.id == STRUCTURE["actors"]:
        return actor_map(canvas.actors, canvas.lang)
    if prompt.id == STRUCTURE["portfolio"]:
        return portfolio_view(canvas.portfolio, canvas.lang)
    return None


# -- Markdown ---------------------------------------------------------------------------------


def to_markdown(canvas: Canvas, method: Method, pictures: bool = True) -> str:
    """The canvas as Markdown; with `pictures`, the actor map and portfolio view are inlined
    as PNG data URIs, so the one file is the whole export."""
    lang = canvas.lang
    number = {(r.source, r.quote): n for n, r in enumerate(references(canvas, method), 1)}

    def cite(note: Note) -> str:
        return f" [{number[(note.ref.source, note.ref.quote)]}]" if note.ref else ""

    out = [f"# {canvas.title}", "", f"*{LABELS['made'][lang]} · {time.strftime('%Y-%m-%d')}*", ""]
    draft = canvas_draft(canvas)
    if draft:
        out += [f"## {LABELS['mission'][lang]}", "", MARK_START, "", draft.replace("\n", "\n\n")]
        out += ["", MARK_END, ""]
    for step in method.steps:
        out += [f"## {step.title[lang]}", ""]
        for prompt in step.prompts:
            out += [f"### {prompt.text[lang]}", ""]
            out += [canvas.answers.get(prompt.id, "").strip() or LABELS["unanswered"][lang], ""]
            out += _markdown_structure(canvas, prompt, pictures)
            for note in canvas.guidance.get(prompt.id, []):
                out.append(f"> {LABELS['guidance'][lang]}: {readable(note.text)}{cite(note)}")
            for note in canvas.feedback.get(prompt.id, []):
                out.append(f"- **{LABELS['feedback'][lang]}:** {readable(note.text)}{cite(note)}")
            out.append("")
        qlist = method.quality[step.quality_list]
        out += [f"### {LABELS['assessment'][lang]}: {qlist.title[lang]}", ""]
        out += _md_table(*_assessment_table(canvas, qlist, cite))
        out.append("")
    out += [f"## {LABELS['open'][lang]}", ""]
    out += [f"- {p}" for p in _open_points(canvas, method)] or ["-"]
    out += ["", f"## {LABELS['references'][lang]}", ""]
    # the reference list is the citation record: its quotes stay verbatim
    out += [
        f"{n}. {r.title}, {r.locator}: “{' '.join(r.quote.split())}”"
        for n, r in enumerate(references(canvas, method), start=1)
    ]
    return "\n".join(out).rstrip() + "\n"


def _markdown_structure(canvas: Canvas, prompt: Prompt, pictures: bool) -> list[str]:
    out: list[str] = []
    for title, header, rows in _tables(canvas, prompt):
        png = _picture(canvas, prompt) if pictures else None
        if png:
            data = base64.b64encode(png).decode("ascii")
            out += [f"![{title}](data:image/png;base64,{data})", ""]
        out += [*_md_table(header, rows), ""]
    return out


def _md_table(header: list[str], rows: list[list[str]]) -> list[str]:
    def cell(text: str) -> str:
        return " ".join(text.split()).replace("|", "\\|")

    lines = ["| " + " | ".join(cell(h) for h in header) + " |"]
    lines.append("|" + "---|" * len(header))
    lines += ["| " + " | ".join(cell(c) for c in row) + " |" for row in rows]
    return lines


# -- Word -------------------------------------------------------------------------------------


def to_docx(canvas: Canvas, method: Method, path: Path) -> Path:
    """The same content as the Markdown export, as a Word document with its title, author and
    date set, real heading and list styles, tables with header rows, and the two pictures."""
    from docx import Document as DocxDocument

    lang = canvas.lang
    refs = references(canvas, method)
    number = {(r.source, r.quote): n for n, r in enumerate(refs, start=1)}

    def cite(note: Note) -> str:
        return f" [{number[(note.ref.source, note.ref.quote)]}]" if note.ref else ""

    doc = DocxDocument()
    _properties(doc, canvas)
    doc.add_heading(canvas.title, level=0)
    doc.add_paragraph(f"{LABELS['made'][lang]} · {time.strftime('%Y-%m-%d')}")
    draft = canvas_draft(canvas)
    if draft:
        doc.add_heading(LABELS["mission"][lang], level=1)
        for line in draft.splitlines():
            doc.add_paragraph(line)
    for step in method.steps:
        doc.add_heading(step.title[lang], level=1)
        for prompt in step.prompts:
            doc.add_heading(prompt.text[lang], level=2)
            doc.add_paragraph(
                canvas.answers.get(prompt.id, "").strip() or LABELS["unanswered"][lang]
            )
            _docx_structure(doc, canvas, prompt)
            for kind, notes in (("guidance", canvas.guidance), ("feedback", canvas.feedback)):
                for note in notes.get(prompt.id, []):
                    doc.add_paragraph(
                        f"{LABELS[kind][lang]}: {readable(note.text)}{cite(note)}",
                        style="List Bullet",
                    )
        qlist = method.quality[step.quality_list]
        doc.add_heading(f"{LABELS['assessment'][lang]}: {qlist.title[lang]}", level=2)
        _docx_table(doc, *_assessment_table(canvas, qlist, cite))
    doc.add_heading(LABELS["open"][lang], level=1)
    for point in _open_points(canvas, method):
        doc.add_paragraph(point, style="List Bullet")
    doc.add_heading(LABELS["references"][lang], level=1)
    for r in refs:
        doc.add_paragraph(
            f"{r.title}, {r.locator}: “{' '.join(r.quote.split())}”", style="List Number"
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(path))
    return path


def _properties(doc: object, canvas: Canvas) -> None:
    import datetime as dt

    props = doc.core_properties  # type: ignore[attr-defined]
    props.title = canvas.title
    props.author = canvas.owner or f"{LABELS['team'][canvas.lang]} · {canvas.title}"
    props.last_modified_by = props.author
    props.category = DOCX_CATEGORY
    props.language = {"da": "da-DK", "nb": "nb-NO", "en": "en-GB"}[canvas.lang]
    props.created = props.modified = dt.datetime.now(dt.UTC).replace(tzinfo=None)


def _docx_structure(doc: object, canvas: Canvas, prompt: Prompt) -> None:
    import io

    from docx.shared import Cm

    for title, header, rows in _tables(canvas, prompt):
        png = _picture(canvas, prompt)
        if title:
            doc.add_heading(title, level=3)  # type: ignore[attr-defined]
        if png:
            doc.add_picture(io.BytesIO(png), width=Cm(16))  # type: ignore[attr-defined]
        _docx_table(doc, header, rows)


def _docx_table(doc: object, header: list[str], rows: list[list[str]]) -> None:
    """A table whose first row is a header row (bold, repeated on each page)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    table = doc.add_table(rows=1, cols=len(header))  # type: ignore[attr-defined]
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.paragraphs[0].add_run(text).bold = True
    mark = OxmlElement("w:tblHeader")
    mark.set(qn("w:val"), "true")
    table.rows[0]._tr.get_or_add_trPr().append(mark)
    for row in rows:
        for cell, text in zip(table.add_row().cells, row, strict=True):
            cell.text = text


# -- reading an export back -------------------------------------------------------------------


def mission_text(path: Path) -> str:
    """The text of a draft file for the review: a Missionsguiden export gives its mission
    section (what the guide's review reads), any other Markdown or text file its whole text,
    a Word file its paragraphs."""
    if path.suffix.lower() == ".docx":
        return _docx_mission(path)
    text = path.read_text(encoding="utf-8", errors="replace")
    if MARK_START in text and MARK_END in text:
        return text.split(MARK_START, 1)[1].split(MARK_END, 1)[0].strip()
    return text


def _docx_mission(path: Path) -> str:
    from docx import Document as DocxDocument

    doc = DocxDocument(str(path))
    paragraphs = [(p.style.name if p.style else "", p.text) for p in doc.paragraphs]
    if doc.core_properties.category != DOCX_CATEGORY:
        return "\n".join(t for _, t in paragraphs if t.strip())
    out, inside = [], False
    for style, text in paragraphs:
        if style == "Heading 1":
            if inside:
                break
            inside = text.strip() in {v for v in LABELS["mission"].values()}
            continue
        if inside and text.strip():
            out.append(text)
    return "\n".join(out)
