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
    of the structured canvas it is about ("deadline", "actors", ...), and `check` what found
    it (a review criterion, a method check or a field check), if any."""

    text: str
    ref: SourceRef | None = None
    field: str | None = None
    check: str | None = None


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

    def part(self, name: str) -> Any:
        """A structured part by name ("what", "actors", "portfolio")."""
        return {"what": self.what, "actors": self.actors, "portfolio": self.portfolio}[name]

    def has(self, name: str) -> bool:
        """Whether the team has begun a structured part."""
        value = self.part(name)
        return any(value.values()) if isinstance(value, dict) else bool(value)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Canvas:
        def notes(d: dict[str, list[dict]]) -> dict[str, list[Note]]:
            return {
                k: [
                    Note(
                        n["text"],
                        SourceRef(**n["ref"]) if n.get("ref") else None,
                        n.get("field"),
                        n.get("check"),
                    )
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
