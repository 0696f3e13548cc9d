"""Saved conversations, in SQLite in the data directory (any SQLAlchemy URL, e.g. PostgreSQL).

    store = ConversationStore.from_settings(settings)
    cid = store.create("Hvordan starter vi ...?")
    store.append(cid, turn_json)
    store.turns(cid); store.list(); store.export_markdown(cid)

The same database will hold the mission canvases, so a user can reopen both.
"""

from __future__ import annotations

import json
import time
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    Column,
    Float,
    ForeignKey,
    Integer,
    String,
    Table,
    Text,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.engine import Engine

from .db import make_engine, metadata
from .settings import Settings
from .types import MissionsguidenError

conversations = Table(
    "conversations",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("title", Text, nullable=False),
    Column("owner", String(200), nullable=True),
    Column("created_at", Float, nullable=False),
    Column("updated_at", Float, nullable=False),
)
turns = Table(
    "conversation_turns",
    metadata,
    Column("conversation_id", String(32), ForeignKey("conversations.id"), primary_key=True),
    Column("n", Integer, primary_key=True),
    Column("data", Text, nullable=False),  # the turn as JSON (message, query, answer, citations)
    Column("created_at", Float, nullable=False),
)


@dataclass(frozen=True)
class ConversationSummary:
    id: str
    title: str
    turns: int
    updated_at: float


class ConversationStore:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        metadata.create_all(engine)

    @classmethod
    def from_settings(cls, settings: Settings) -> ConversationStore:
        return cls(make_engine(settings))

    def create(self, title: str, owner: str | None = None) -> str:
        cid = uuid.uuid4().hex[:12]
        now = time.time()
        with self.engine.begin() as db:
            db.execute(
                insert(conversations).values(
                    id=cid, title=title[:200], owner=owner, created_at=now, updated_at=now
                )
            )
        return cid

    def append(self, conversation_id: str, turn: dict[str, Any]) -> int:
        """Add a turn; one transaction, so a crash leaves the conversation as it was."""
        now = time.time()
        with self.engine.begin() as db:
            n = db.execute(
                select(func.count()).where(turns.c.conversation_id == conversation_id)
            ).scalar_one()
            db.execute(
                insert(turns).values(
                    conversation_id=conversation_id,
                    n=n + 1,
                    data=json.dumps(turn, ensure_ascii=False),
                    created_at=now,
                )
            )
            db.execute(
                update(conversations)
                .where(conversations.c.id == conversation_id)
                .values(updated_at=now)
            )
        return n + 1

    def turns(self, conversation_id: str, owner: str | None = None) -> list[dict[str, Any]]:
        """The saved turns; with `owner` (login on), only that user's conversation."""
        query = select(conversations.c.id).where(conversations.c.id == conversation_id)
        if owner is not None:
            query = query.where(conversations.c.owner == owner)
        with self.engine.connect() as db:
            if db.execute(query).first() is None:
                raise MissionsguidenError(f"no conversation with id '{conversation_id}'")
            rows = db.execute(
                select(turns.c.data)
                .where(turns.c.conversation_id == conversation_id)
                .order_by(turns.c.n)
            )
            return [json.loads(row.data) for row in rows]

    def list(self, owner: str | None = None) -> list[ConversationSummary]:
        counts = (
            select(turns.c.conversation_id, func.count().label("n"))
            .group_by(turns.c.conversation_id)
            .subquery()
        )
        query = (
            select(conversations, func.coalesce(counts.c.n, 0).label("n"))
            .outerjoin(counts, counts.c.conversation_id == conversations.c.id)
            .order_by(conversations.c.updated_at.desc())
        )
        if owner is not None:
            query = query.where(conversations.c.owner == owner)
        with self.engine.connect() as db:
            return [
                ConversationSummary(r.id, r.title, int(r.n), float(r.updated_at))
                for r in db.execute(query)
            ]

    def export_markdown(self, conversation_id: str, owner: str | None = None) -> str:
        """The conversation as Markdown: each question, the answer, and its sources."""
        rows = self.turns(conversation_id, owner=owner)
        title = next((s.title for s in self.list() if s.id == conversation_id), conversation_id)
        out = [f"# {title}", ""]
        for n, t in enumerate(rows, start=1):
            out += [f"## {n}. {t['message']}", ""]
            if t.get("followup") and t.get("query"):
                out += [f"*Søgning / search: {t['query']}*", ""]
            out += [t.get("answer", ""), ""]
            for c in t.get("citations", []):
                out.append(f"- [{c['n']}] {c['title']}, {c['locator']}: “{c['quote']}”")
            out.append("")
        return "\n".join(out).rstrip() + "\n"
