"""The mission canvas: everything a team writes in the guide, saved and exported.

    store = CanvasStore.from_settings(settings)
    canvas = store.create("Ungemission", lang="da"); canvas.answers["what"] = "..."; store.save(canvas)
    to_markdown(canvas, method); to_docx(canvas, method, Path("mission.docx"))

Each save is one transaction that replaces the canvas's JSON, so a crash leaves the old or the
new version, never a mix. Several canvases live side by side, each resumable by id.
"""

from __future__ import annotations

import json
import re
import time
import uuid
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import Column, Float, String, Table, Text, insert, select, update
from sqlalchemy.engine import Engine

from .db import make_engine, metadata
from .method import Method
from .sentences import readable
from .settings import Settings
from .types import MissionsguidenError

canvases = Table(
    "canvases",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("owner", String(200), nullable=True),
    Column("data", Text, nullable=False),
    Column("updated_at", Float, nullable=False),
)

RATING_LABELS = {
    "yes": {"da": "ja", "nb": "ja", "en": "yes"},
    "partly": {"da": "delvist", "nb": "delvis", "en": "partly"},
    "no": {"da": "nej", "nb": "nei", "en": "no"},
    "not_yet": {"da": "ikke endnu", "nb": "ikke ennå", "en": "not yet"},
}
LABELS = {
    "answers": {"da": "Teamets svar", "nb": "Teamets svar", "en": "The team's answers"},
    "feedback": {"da": "Feedback", "nb": "Tilbakemelding", "en": "Feedback"},
    "guidance": {"da": "Vejledning", "nb": "Veiledning", "en": "Guidance"},
    "assessment": {"da": "Selvevaluering", "nb": "Egenvurdering", "en": "Self-assessment"},
    "open": {"da": "Åbne punkter", "nb": "Åpne punkter", "en": "Open points"},
    "references": {"da": "Kilder", "nb": "Kilder", "en": "References"},
    "unanswered": {
        "da": "(ikke besvaret endnu)",
        "nb": "(ikke besvart ennå)",
        "en": "(not answered yet)",
    },
}


@dataclass
class SourceRef:
    """A cited source sentence: where it is and what it says, verbatim."""

    source: str
    title: str
    locator: str
    quote: str


@dataclass
class Note:
    """One piece of feedback or guidance on a prompt, with its source; `field` names the part
    of the structured canvas it is about ("deadline", "actor:Skolerne", ...), if any."""

    text: str
    ref: SourceRef | None = None
    field: str | None = None


# The structured canvas: the WHAT's fields, the actor table (step 2) and the portfolio (step 3).
WHAT_FIELDS = ("challenge", "indicator", "baseline", "level", "deadline")
SECTORS = ("public", "civil_society", "business", "citizens", "research")
DECISIONS = ("keep", "merge", "stop", "scale")
_NAME_SPLIT = re.compile(r"\s*[,;\n]\s*")


@lru_cache(maxsize=1)
def canvas_words() -> dict[str, Any]:
    """The structured canvas's words in da/nb/en (resources/canvas.yaml), read once."""
    path = Path(__file__).parent / "resources" / "canvas.yaml"
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def names_in(cell: str) -> list[str]:
    """The actor names in a table cell, separated by commas or semicolons ("Skolerne;
    Jobcentret, DGI"); not by "og"/"and", which joins names like "Børn og Unge"."""
    return [n.strip() for n in _NAME_SPLIT.split(cell or "") if n.strip()]


@dataclass
class Actor:
    """A row of the actor table: who, from which sector, what they bring, who they depend on
    and who depends on them (names of other rows), their binding action environment, and
    who mobilises them there."""

    name: str
    sector: str = ""  # one of SECTORS, or "" when not given
    brings: str = ""
    depends_on: str = ""
    depended_by: str = ""
    environment: str = ""
    mobiliser: str = ""


@dataclass
class Effort:
    """A row of the portfolio: a running effort, the part of the mission it serves, what the
    team decides for it (one of DECISIONS) and who owns it."""

    name: str
    serves: str = ""
    decision: str = ""
    owner: str = ""


@dataclass
class Canvas:
    id: str
    title: str
    lang: str = "da"
    owner: str | None = None
    answers: dict[str, str] = field(default_factory=dict)
    feedback: dict[str, list[Note]] = field(default_factory=dict)
    guidance: dict[str, list[Note]] = field(default_factory=dict)
    assessment: dict[str, dict[str, str]] = field(default_factory=dict)  # qid -> rating, notes
    what: dict[str, str] = field(default_factory=dict)  # WHAT_FIELDS -> the team's text
    actors: list[Actor] = field(default_factory=list)
    portfolio: list[Effort] = field(default_factory=list)
    created_at: float = field(default_factory=time.time)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Canvas:
        def notes(d: dict[str, list[dict]]) -> dict[str, list[Note]]:
            return {
                k: [
                    Note(n["text"], SourceRef(**n["ref"]) if n.get("ref") else None, n.get("field"))
                    for n in v
                ]
                for k, v in d.items()
            }

        return cls(
            id=data["id"],
            title=data["title"],
            lang=data.get("lang", "da"),
            owner=data.get("owner"),
            answers=dict(data.get("answers", {})),
            feedback=notes(data.get("feedback", {})),
            guidance=notes(data.get("guidance", {})),
            assessment=dict(data.get("assessment", {})),
            what={k: v for k, v in data.get("what", {}).items() if k in WHAT_FIELDS},
            actors=[Actor(**a) for a in data.get("actors", [])],
            portfolio=[Effort(**e) for e in data.get("portfolio", [])],
            created_at=float(data.get("created_at", time.time())),
        )


class CanvasStore:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        metadata.create_all(engine)

    @classmethod
    def from_settings(cls, settings: Settings) -> CanvasStore:
        return cls(make_engine(settings))

    def create(self, title: str, lang: str = "da", owner: str | None = None) -> Canvas:
        canvas = Canvas(id=uuid.uuid4().hex[:12], title=title, lang=lang, owner=owner)
        with self.engine.begin() as db:
            db.execute(
                insert(canvases).values(
                    id=canvas.id, owner=owner, data=_dump(canvas), updated_at=time.time()
                )
            )
        return canvas

    def save(self, canvas: Canvas) -> None:
        with self.engine.begin() as db:
            db.execute(
                update(canvases)
                .where(canvases.c.id == canvas.id)
                .values(data=_dump(canvas), updated_at=time.time())
            )

    def get(self, canvas_id: str, owner: str | None = None) -> Canvas:
        """A canvas by id; with `owner` (login on), only that user's, else as if missing."""
        query = select(canvases.c.data).where(canvases.c.id == canvas_id)
        if owner is not None:
            query = query.where(canvases.c.owner == owner)
        with self.engine.connect() as db:
            row = db.execute(query).first()
        if row is None:
            raise MissionsguidenError(f"no canvas with id '{canvas_id}'")
        return Canvas.from_json(json.loads(row.data))

    def list(self, owner: str | None = None) -> list[Canvas]:
        query = select(canvases.c.data).order_by(canvases.c.updated_at.desc())
        if owner is not None:
            query = query.where(canvases.c.owner == owner)
        with self.engine.connect() as db:
            return [Canvas.from_json(json.loads(r.data)) for r in db.execute(query)]


def _dump(canvas: Canvas) -> str:
    return json.dumps(canvas.to_json(), ensure_ascii=False)


# -- export --------------------------------------------------------------------------------


def _references(canvas: Canvas) -> list[SourceRef]:
    seen: dict[tuple[str, str], SourceRef] = {}
    for notes in (*canvas.guidance.values(), *canvas.feedback.values()):
        for note in notes:
            if note.ref:
                seen.setdefault((note.ref.source, note.ref.quote), note.ref)
    return sorted(seen.values(), key=lambda r: (r.title, r.locator))


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


def free_path(path: Path) -> Path:
    """`path`, or `name-2.ext`, `name-3.ext`, ... if it exists: exports never overwrite."""
    n, candidate = 1, path
    while candidate.exists():
        n += 1
        candidate = path.with_name(f"{path.stem}-{n}{path.suffix}")
    return candidate


def to_markdown(canvas: Canvas, method: Method) -> str:
    lang = canvas.lang
    refs = _references(canvas)
    number = {(r.source, r.quote): n for n, r in enumerate(refs, start=1)}

    def cite(note: Note) -> str:
        return f" [{number[(note.ref.source, note.ref.quote)]}]" if note.ref else ""

    out = [f"# {canvas.title}", ""]
    for step in method.steps:
        out += [f"## {step.title[lang]}", ""]
        for prompt in step.prompts:
            out += [f"### {prompt.text[lang]}", ""]
            out += [canvas.answers.get(prompt.id, "").strip() or LABELS["unanswered"][lang], ""]
            for note in canvas.guidance.get(prompt.id, []):
                out.append(f"> {LABELS['guidance'][lang]}: {readable(note.text)}{cite(note)}")
            for note in canvas.feedback.get(prompt.id, []):
                out.append(f"- **{LABELS['feedback'][lang]}:** {readable(note.text)}{cite(note)}")
            out.append("")
        qlist = method.quality[step.quality_list]
        out += [f"### {LABELS['assessment'][lang]}: {qlist.title[lang]}", ""]
        out += ["| | | |", "|---|---|---|"]
        for q in qlist.questions:
            a = canvas.assessment.get(q.id, {})
            rating = RATING_LABELS.get(a.get("rating", ""), {}).get(lang, "–")
            ref = "".join(cite(n) for n in canvas.guidance.get(q.id, [])[:1])
            out.append(f"| {q.text[lang]}{ref} | {rating} | {a.get('notes', '')} |")
        out.append("")
    out += [f"## {LABELS['open'][lang]}", ""]
    out += [f"- {p}" for p in _open_points(canvas, method)] or ["-"]
    out += ["", f"## {LABELS['references'][lang]}", ""]
    # the reference list is the citation record: its quotes stay verbatim
    out += [
        f"{n}. {r.title}, {r.locator}: “{' '.join(r.quote.split())}”"
        for n, r in enumerate(refs, start=1)
    ]
    return "\n".join(out).rstrip() + "\n"


def to_docx(canvas: Canvas, method: Method, path: Path) -> Path:
    """The same content as the Markdown export, as a Word document (python-docx)."""
    from docx import Document as DocxDocument

    lang = canvas.lang
    refs = _references(canvas)
    number = {(r.source, r.quote): n for n, r in enumerate(refs, start=1)}
    doc = DocxDocument()
    doc.add_heading(canvas.title, level=0)
    for step in method.steps:
        doc.add_heading(step.title[lang], level=1)
        for prompt in step.prompts:
            doc.add_heading(prompt.text[lang], level=2)
            doc.add_paragraph(
                canvas.answers.get(prompt.id, "").strip() or LABELS["unanswered"][lang]
            )
            for kind, notes in (("guidance", canvas.guidance), ("feedback", canvas.feedback)):
                for note in notes.get(prompt.id, []):
                    ref = f" [{number[(note.ref.source, note.ref.quote)]}]" if note.ref else ""
                    doc.add_paragraph(
                        f"{LABELS[kind][lang]}: {readable(note.text)}{ref}", style="List Bullet"
                    )
        qlist = method.quality[step.quality_list]
        doc.add_heading(f"{LABELS['assessment'][lang]}: {qlist.title[lang]}", level=2)
        table = doc.add_table(rows=0, cols=3)
        table.style = "Table Grid"
        for q in qlist.questions:
            a = canvas.assessment.get(q.id, {})
            cells = table.add_row().cells
            source = canvas.guidance.get(q.id, [])[:1]
            ref = (
                f" [{number[(source[0].ref.source, source[0].ref.quote)]}]"
                if source and source[0].ref
                else ""
            )
            cells[0].text = q.text[lang] + ref
            cells[1].text = RATING_LABELS.get(a.get("rating", ""), {}).get(lang, "–")
            cells[2].text = a.get("notes", "")
    doc.add_heading(LABELS["open"][lang], level=1)
    for point in _open_points(canvas, method):
        doc.add_paragraph(point, style="List Bullet")
    doc.add_heading(LABELS["references"][lang], level=1)
    for n, r in enumerate(refs, start=1):
        doc.add_paragraph(f"{n}. {r.title}, {r.locator}: “{' '.join(r.quote.split())}”")
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(path))
    return path
