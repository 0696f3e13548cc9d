"""A conversation: follow-up questions become self-contained retrieval queries.

    conv = Conversation(answerer)
    conv.ask("Hvordan starter vi en coalition of the willing?")
    turn = conv.ask("Og hvem skal være med i den?")
    turn.query   # "Og hvem skal være med i den? (coalition of the willing starter)"

Offline, a follow-up (a short message, a pronoun or an ellipsis such as "og hvad med",
"hva med", "what about") is searched together with the key terms of the conversation's
current topic, and the user is shown the query that was used. With a chat model, a
condense-question prompt rewrites it instead, with the offline rule as the fallback.
A request for another language ("in English please", "svar på norsk") re-answers the last
question in that language; a vague first message ("Hvad med det?") gets a clarifying question.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any

from .answer import Answerer
from .history import ConversationStore
from .lang import detect, tells_danish_from_norwegian
from .llm import ChatModel
from .prompts import render
from .retrieve import tokenize
from .types import Answer, Lang, Passage

_ANAPHORS = {
    # da / nb
    "den",
    "det",
    "dem",
    "de",
    "denne",
    "dette",
    "disse",
    "dens",
    "deres",
    "dets",
    "der",
    "dér",
    "her",
    "hun",
    "han",
    "ham",
    "hende",
    "henne",
    "sådan",
    "slik",
    "samme",
    # en
    "it",
    "its",
    "they",
    "them",
    "their",
    "that",
    "this",
    "those",
    "these",
    "there",
    "such",
}
# Words that point back in a short question: "Hvem skal så ...", "Hvilken rolle bør kommunen da ha?"
_DISCOURSE = {"så", "da", "then", "selve", "ellers", "else", "instead", "stedet", "også", "also"}
_CONNECTORS = re.compile(
    r"^\s*(?:og|men|så|også|hvad\s+så|hva\s+så|hvad\s+med|hva\s+med|hvordan\s+med|and|but|also|so|"
    r"what\s+about|how\s+about|and\s+what|and\s+who|and\s+how|what\s+else|hvad\s+ellers|hva\s+ellers)\b",
    re.IGNORECASE,
)
_LANGUAGE_REQUEST: list[tuple[Lang, re.Pattern[str]]] = [
    ("en", re.compile(r"\b(?:in\s+english|på\s+engelsk|paa\s+engelsk|english\s+please)\b", re.I)),
    ("nb", re.compile(r"\b(?:på\s+norsk|in\s+norwegian|på\s+bokmål)\b", re.I)),
    ("da", re.compile(r"\b(?:på\s+dansk|in\s+danish)\b", re.I)),
]
_REQUEST_ONLY = re.compile(
    r"^\s*(?:can\s+you\s+|could\s+you\s+|kan\s+du\s+|please\s+)?(?:say|svar|answer|sige|si|skriv|write|"
    r"repeat|gentag|gjenta|translate|oversæt|oversett)?\b.{0,30}$",
    re.IGNORECASE,
)
MAX_FOLLOWUP_WORDS = 12


# Condensing runs in a pool so a slow chat model can be given up on
# (settings.condense_timeout_s); the pool starts with the first condensed follow-up, not at
# import.
@lru_cache(maxsize=1)
def _condenser() -> ThreadPoolExecutor:
    return ThreadPoolExecutor(max_workers=4, thread_name_prefix="condense")


# How much of the topic so far goes into a follow-up's search: its scores are added to the
# message's own at this weight (0.5-0.7 measured alike; 1.0 let the topic drown the message).
FOLLOWUP_WEIGHT = 0.7
# A question without follow-up markers asked later in a conversation still mostly continues it
# ("Hvordan er teamet satt sammen?"): the topic comes in at a lower weight. Topic changes kept
# their passages at 0.4 (10 of 10 in the top 5), and undetected follow-ups gained.
BACKGROUND_WEIGHT = 0.4
NEAR_PASSAGES = 3

CLARIFY: dict[str, str] = {
    "da": "Hvad tænker du på? Skriv gerne hele spørgsmålet, fx “Hvordan starter vi en coalition of the willing?”",
    "nb": "Hva tenker du på? Skriv gjerne hele spørsmålet, f.eks. «Hvordan starter vi en coalition of the willing?»",
    "en": "What do you have in mind? Please write the whole question, e.g. “How do we start a coalition of the willing?”",
}


@dataclass
class Turn:
    message: str
    query: str  # what was searched for, as shown to the user
    lang: Lang
    answer: Answer
    followup: bool = False
    clarification: bool = False
    topic: str = ""  # the conversation's topic after this turn, carried into the next
    plan: Plan | None = None

    def to_json(self) -> dict[str, Any]:
        plan = self.plan.search_args() if self.plan else {}
        return {
            "message": self.message,
            "question": self.answer.question,
            "plan": {**plan, "near": list(plan.get("near", ())), "topic": self.topic},
            "query": self.query,
            "followup": self.followup,
            "clarification": self.clarification,
            "passages": [p.to_json() for p in self.answer.passages],
            **self.answer.to_json(),
        }


@dataclass
class Plan:
    query: str  # searched for; the message itself, or a condensed question
    lang: Lang
    followup: bool = False
    clarify: bool = False
    restate: bool = False  # the user asked for the last answer in another language
    context: str = ""  # the topic so far, fused into the search
    context_weight: float = 0.0
    topic: str = ""
    near: tuple[str, ...] = ()  # chunk ids the last answer drew on

    def search_args(self) -> dict[str, Any]:
        """How to search for this turn: the same for answering it and for evaluating it."""
        return {
            "query": self.query,
            "lang": self.lang,
            "context": self.context,
            "context_weight": self.context_weight,
            "near": self.near,
        }

    @property
    def shown_query(self) -> str:
        return f"{self.query} (+ {self.context})" if self.followup and self.context else self.query


@dataclass
class Conversation:
    answerer: Answerer
    chat_model: ChatModel | None = (
        None  # with a chat model, follow-ups are condensed by prompts/condense.md
    )
    turns: list[Turn] = field(default_factory=list)
    id: str = ""
    store: ConversationStore | None = None  # when set, every turn is saved as it is answered
    owner: str | None = None  # the logged-in user it is saved for

    @classmethod
    def resume(
        cls,
        answerer: Answerer,
        store: ConversationStore,
        conversation_id: str,
        chat_model: ChatModel | None = None,
        owner: str | None = None,
    ) -> Conversation:
        """Reopen a saved conversation: its turns come back, so follow-ups keep their topic."""
        conv = cls(answerer, chat_model=chat_model, id=conversation_id, store=store, owner=owner)
        retriever = answerer.retriever
        retriever.warm()
        for row in store.turns(conversation_id, owner=owner):
            saved = row.get("plan") or {}
            passages = [
                Passage(retriever.chunks[p["id"]], p["title"], float(p["score"]))
                for p in row.get("passages", [])
                if p.get("id") in retriever.chunks
            ]
            answer = Answer(
                row.get("question", row["message"]),
                row["answer"],
                row["lang"],
                row["mode"],
                refused=row["refused"],
                reason=row.get("reason", ""),
                passages=passages,
            )
            plan = Plan(
                query=saved.get("query", row["message"]),
                lang=row["lang"],
                followup=row.get("followup", False),
                context=saved.get("context", ""),
                context_weight=float(saved.get("context_weight", 0.0)),
                topic=saved.get("topic", ""),
                near=tuple(saved.get("near", ())),
            )
            conv.turns.append(
                Turn(
                    row["message"],
                    row["query"],
                    row["lang"],
                    answer,
                    followup=row.get("followup", False),
                    clarification=row.get("clarification", False),
                    topic=plan.topic,
                    plan=plan,
                )
            )
        return conv

    # -- planning ----------------------------------------------------------------------------

    def plan(self, message: str) -> Plan:
        previous = self._last_answered()
        lang = self._language(message, previous)
        requested = _requested_language(message)
        if (
            requested
            and previous
            and previous.plan
            and _REQUEST_ONLY.match(_strip_request(message))
        ):
            # The same search as last time, answered in the language asked for.
            return replace(previous.plan, lang=requested, followup=True, restate=True)
        followup = is_followup(message)
        if previous is None:
            if followup and not _content_terms(message):
                return Plan(message, lang, clarify=True)
            return Plan(message, lang, topic=message)
        if not followup:
            # A self-contained question may still continue the topic: keep a light touch of it.
            return Plan(
                message,
                lang,
                context=previous.topic,
                context_weight=BACKGROUND_WEIGHT,
                topic=message,
            )
        condensed = self._condense(message, previous)
        if condensed:
            return Plan(condensed, lang, followup=True, topic=condensed)
        return Plan(
            message,
            lang,
            followup=True,
            context=previous.topic,
            context_weight=FOLLOWUP_WEIGHT,
            topic=f"{previous.topic} {message}",
            near=tuple(p.chunk.id for p in previous.answer.passages[:NEAR_PASSAGES]),
        )

    def _last_answered(self) -> Turn | None:
        return next((t for t in reversed(self.turns) if not t.clarification), None)

    def _language(self, message: str, previous: Turn | None) -> Lang:
        requested = _requested_language(message)
        if requested:
            return requested
        code = detect(message)
        if (
            previous is not None
            and code in ("da", "nb")
            and previous.lang in ("da", "nb")
            and not tells_danish_from_norwegian(message)
        ):
            return previous.lang  # "Hvor moden er tilgangen egentlig?" is both: keep the user's
        if code in ("da", "nb", "en") and (len(message.split()) >= 4 or previous is None):
            return code  # type: ignore[return-value]
        return previous.lang if previous else (code if code in ("da", "nb", "en") else "da")  # type: ignore[return-value]

    def _condense(self, message: str, previous: Turn) -> str | None:
        """With a chat model: a standalone question. None (use the offline rule) on failure."""
        if self.chat_model is None:
            return None
        history = "\n".join(f"- {t.message}" for t in self.turns[-3:])
        prompt = render(
            self.answerer.settings.prompts_dir, "condense", history=history, message=message
        )
        future = _condenser().submit(self.chat_model.invoke, [("human", prompt)])
        try:
            reply = future.result(timeout=self.answerer.settings.condense_timeout_s)
        except Exception:  # a slow or failing model must not break the conversation
            future.cancel()
            return None
        text = str(getattr(reply, "content", reply)).strip().splitlines()
        return text[0].strip() if text and 5 <= len(text[0]) <= 400 else None

    # -- asking ------------------------------------------------------------------------------

    def stream(
        self, message: str, k: int | None = None, mode: str | None = None
    ) -> Iterator[str | Turn]:
        plan = self.plan(message)
        if plan.clarify:
            text = CLARIFY[plan.lang]
            yield text
            clarified = Answer(
                message,
                text,
                plan.lang,
                mode or self.answerer.settings.mode,
                refused=True,
                reason="clarify",
            )
            turn = Turn(message, "", plan.lang, clarified, clarification=True)
            self._keep(turn)
            yield turn
            return
        previous = self._last_answered()
        question = previous.answer.question if previous and plan.restate else message
        answer: Answer | None = None
        quoted = (
            [c.quote for c in previous.answer.citations]
            if previous and plan.followup and not plan.restate
            else []
        )
        events = self.answerer.stream(
            question, k=k, mode=mode, followup=plan.followup, quoted=quoted, **plan.search_args()
        )
        for event in events:
            if isinstance(event, Answer):
                answer = event
            else:
                yield event
        assert answer is not None
        turn = Turn(
            message,
            plan.shown_query,
            plan.lang,
            answer,
            followup=plan.followup,
            topic=plan.topic,
            plan=plan,
        )
        self._keep(turn)
        yield turn

    def _keep(self, turn: Turn) -> None:
        self.turns.append(turn)
        if self.store is not None:
            if not self.id:
                self.id = self.store.create(turn.message, owner=self.owner)
            self.store.append(self.id, turn.to_json())

    def ask(self, message: str, k: int | None = None, mode: str | None = None) -> Turn:
        turn: Turn | None = None
        for event in self.stream(message, k=k, mode=mode):
            if isinstance(event, Turn):
                turn = event
        assert turn is not None
        return turn


def is_followup(message: str) -> bool:
    """Short, or leaning on something said before (a pronoun, "og hvad med", "what about")."""
    words = re.findall(r"\w+", message.lower())
    if not words:
        return False
    if _CONNECTORS.match(message):
        return True
    if len(words) > MAX_FOLLOWUP_WORDS:
        return False
    return bool(set(words) & (_ANAPHORS | _DISCOURSE)) or len(_content_terms(message)) <= 1


def _content_terms(text: str) -> list[str]:
    return [
        w
        for w in re.findall(r"\w+", text.lower())
        if w not in _ANAPHORS and tokenize(w) and len(w) > 2
    ]


def _requested_language(message: str) -> Lang | None:
    for lang, pattern in _LANGUAGE_REQUEST:
        if pattern.search(message):
            return lang
    return None


def _strip_request(message: str) -> str:
    for _, pattern in _LANGUAGE_REQUEST:
        message = pattern.sub("", message)
    return message.strip(" ?!.,")
