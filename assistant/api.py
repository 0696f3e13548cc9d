"""The HTTP API beside the web app: a user's canvases and conversations, and asking.

    GET  /api/canvases                       the caller's canvases
    POST /api/canvases  {"title", "lang"}    start a canvas
    GET  /api/canvases/{id}                  one canvas (JSON)
    PUT  /api/canvases/{id}/answers/{prompt} {"text"}: the team's answer; returns feedback
    PUT  /api/canvases/{id}/structure        {"what": {...}, "actors": [...], "portfolio": [...]}
                                             (each optional): the structured canvas; returns feedback
    GET  /api/canvases/{id}/export?format=md|docx
    GET  /api/conversations                  the caller's saved conversations
    GET  /api/conversations/{id}/export      one conversation as Markdown
    POST /api/ask  {"question": "..."}      an answer with its citations

With login on (a users file), every call needs HTTP Basic credentials from that file, and a
user only ever sees their own canvases and conversations: another user's id answers 404, the
same as an id that does not exist. With login off it is the one-user app on loopback.
"""

import hashlib
import tempfile
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query
from fastapi.responses import FileResponse, PlainTextResponse
from fastapi.security import HTTPBasic, HTTPBasicCredentials
from pydantic import BaseModel, Field

from .auth import UserFile
from .canvas import Actor, Canvas, Effort
from .core import Assistant
from .export import to_docx, to_markdown
from .index import safe_name
from .types import MissionsguidenError


class AskRequest(BaseModel):
    question: str = Field(max_length=50_000)


class NewCanvas(BaseModel):
    title: str = Field(min_length=1, max_length=200)
    lang: str = Field(default="da", pattern="^(da|nb|en)$")


class TeamAnswer(BaseModel):
    text: str = Field(max_length=20_000)


class ActorRow(BaseModel):
    name: str = Field(min_length=1, max_length=200)
    sector: str = Field(default="", max_length=100)
    brings: str = Field(default="", max_length=2_000)
    depends_on: str = Field(default="", max_length=2_000)
    depended_by: str = Field(default="", max_length=2_000)
    environment: str = Field(default="", max_length=500)
    mobiliser: str = Field(default="", max_length=500)


class EffortRow(BaseModel):
    name: str = Field(min_length=1, max_length=300)
    serves: str = Field(default="", max_length=500)
    decision: str = Field(default="", max_length=50)
    owner: str = Field(default="", max_length=300)


class Structure(BaseModel):
    """The structured canvas: the WHAT's fields, the actor table and the portfolio; a part
    left out is left as it is."""

    what: dict[str, str] | None = None
    actors: list[ActorRow] | None = Field(default=None, max_length=200)
    portfolio: list[EffortRow] | None = Field(default=None, max_length=200)


class VerifiedUsers:
    """Checks Basic credentials against the users file. A PBKDF2 check takes ~0.3 s, so a
    success is remembered (by a hash of name and password) until the file changes."""

    def __init__(self, users: UserFile) -> None:
        self.users = users
        self._known: dict[str, float] = {}

    def check(self, name: str, password: str) -> bool:
        key = hashlib.sha256(f"{name}\0{password}".encode()).hexdigest()
        stamp = self.users.path.stat().st_mtime if self.users.path.exists() else 0.0
        if self._known.get(key) == stamp:
            return True
        if self.users.verify(name, password):
            self._known[key] = stamp
            return True
        return False


def make_router(assistant: Assistant) -> APIRouter:
    settings = assistant.settings
    basic = HTTPBasic(auto_error=False)
    verified = VerifiedUsers(UserFile(settings.users_file)) if settings.users_file else None

    def caller(
        credentials: Annotated[HTTPBasicCredentials | None, Depends(basic)],
    ) -> str | None:
        if verified is None:
            return None
        if credentials is None or not verified.check(credentials.username, credentials.password):
            raise HTTPException(401, "login required", headers={"WWW-Authenticate": "Basic"})
        return credentials.username

    User = Annotated[str | None, Depends(caller)]
    router = APIRouter(prefix="/api")

    def own_canvas(canvas_id: str, user: str | None) -> Canvas:
        try:
            return assistant.canvases.get(canvas_id, owner=user)
        except MissionsguidenError as exc:
            raise HTTPException(404, str(exc)) from exc

    @router.get("/canvases")
    def list_canvases(user: User) -> list[dict[str, Any]]:
        return [
            {"id": c.id, "title": c.title, "lang": c.lang, "answered": len(c.answers)}
            for c in assistant.canvases.list(owner=user)
        ]

    @router.post("/canvases", status_code=201)
    def create_canvas(body: NewCanvas, user: User) -> dict[str, Any]:
        return assistant.guide().start(body.title, lang=body.lang, owner=user).to_json()

    @router.put("/canvases/{canvas_id}/answers/{prompt_id}")
    def answer_prompt(
        canvas_id: str, prompt_id: str, body: TeamAnswer, user: User
    ) -> dict[str, Any]:
        """Save the team's answer to one of the guide's prompts; returns the feedback."""
        canvas = own_canvas(canvas_id, user)
        guide = assistant.guide()
        if prompt_id not in {p.id for p in guide.method.prompts}:
            raise HTTPException(404, f"no prompt '{prompt_id}'")
        notes = guide.answer(canvas, prompt_id, body.text)
        return {"feedback": [{"text": n.text, "ref": n.ref and n.ref.__dict__} for n in notes]}

    @router.put("/canvases/{canvas_id}/structure")
    def fill_structure(canvas_id: str, body: Structure, user: User) -> dict[str, Any]:
        """Save the structured canvas (fields and tables); returns the feedback on them."""
        canvas = own_canvas(canvas_id, user)
        notes = assistant.guide().fill(
            canvas,
            what=body.what,
            actors=None if body.actors is None else [Actor(**a.model_dump()) for a in body.actors],
            portfolio=None
            if body.portfolio is None
            else [Effort(**e.model_dump()) for e in body.portfolio],
        )
        return {
            "feedback": [
                {
                    "text": n.text,
                    "field": n.field,
                    "check": n.check,
                    "ref": n.ref and n.ref.__dict__,
                }
                for n in notes
            ]
        }

    @router.get("/canvases/{canvas_id}")
    def get_canvas(canvas_id: str, user: User) -> dict[str, Any]:
        return own_canvas(canvas_id, user).to_json()

    @router.get("/canvases/{canvas_id}/export", response_model=None)
    def export_canvas(
        canvas_id: str, user: User, format: Annotated[str, Query(pattern="^(md|docx)$")] = "md"
    ) -> PlainTextResponse | FileResponse:
        canvas = own_canvas(canvas_id, user)
        method = assistant.guide().method
        if format == "md":
            return PlainTextResponse(to_markdown(canvas, method), media_type="text/markdown")
        folder = Path(tempfile.mkdtemp(prefix="missionsguiden-api-"))
        name = f"{Path(safe_name(canvas.title)).stem or 'mission'}.docx"
        return FileResponse(to_docx(canvas, method, folder / name), filename=name)

    @router.get("/conversations")
    def list_conversations(user: User) -> list[dict[str, Any]]:
        return [
            {"id": c.id, "title": c.title, "turns": c.turns}
            for c in assistant.history.list(owner=user)
        ]

    @router.get("/conversations/{conversation_id}/export")
    def export_conversation(conversation_id: str, user: User) -> PlainTextResponse:
        try:
            text = assistant.history.export_markdown(conversation_id, owner=user)
        except MissionsguidenError as exc:
            raise HTTPException(404, str(exc)) from exc
        return PlainTextResponse(text, media_type="text/markdown")

    @router.post("/ask", dependencies=[Depends(caller)])
    def ask(request: AskRequest) -> dict[str, Any]:
        return assistant.ask(request.question).to_json()

    return router
