"""The guide: walks a team through the handbook's three steps and fills in a mission canvas.

    guide = Guide(answerer, canvases)
    canvas = guide.start("Ungemission", lang="da")
    prompt = guide.next_prompt(canvas)            # the first unanswered prompt
    guide.guidance(canvas, prompt)                # cited advice from the corpus
    guide.answer(canvas, prompt.id, "Alle unge i job eller uddannelse inden 2030")  # -> feedback
    guide.assess(canvas, "mission.1", "partly", "Vi mangler ...")

Works in extractive mode with no chat model: guidance is cited sentences found by searching the
corpus for the prompt's topic, and feedback comes from transparent checks (method.yaml), each
backed by a verbatim source sentence.
"""

from __future__ import annotations

import re
from dataclasses import replace

from .answer import Answerer
from .canvas import WHAT_FIELDS, Actor, Canvas, CanvasStore, Effort, Note, SourceRef
from .llm import ChatModel
from .method import RATINGS, Method, Prompt, load_method
from .prompts import render
from .review import CRITERIA, Review, judge
from .review import review as review_draft
from .review.fields import CHECKS, SENTENCES, decision_id, sector_id
from .sentences import fold, sentence_spans
from .types import MissionsguidenError

GUIDANCE_NOTES = 3
# The prompt each structured part of the canvas belongs to, and the prompt checks its exact
# feedback decides instead (a deadline field is read as a date, not searched for in the text).
STRUCTURE = {"what": "what", "actors": "actors", "portfolio": "review"}
_DECIDED_BY_FIELDS = {
    "what": ("no_target_or_time", "quickly_solved"),
    "actors": ("usual_suspects",),
    "portfolio": ("stop",),
}
QUALITY_SOURCE = "000_322a16c1be6a585a.txt"  # the handbook, where the 18 questions come from
_LANGUAGE_NAMES = {"da": "Danish", "nb": "Norwegian (bokmål)", "en": "English"}


class Guide:
    def __init__(
        self,
        answerer: Answerer,
        store: CanvasStore,
        method: Method | None = None,
        chat_model: ChatModel | None = None,
    ) -> None:
        self.answerer = answerer
        self.store = store
        self.method = method or load_method()
        self.chat_model = chat_model  # when set, feedback is written by it (still cited)
        self._located: dict[tuple[str, str], SourceRef] = {}

    def start(self, title: str, lang: str = "da", owner: str | None = None) -> Canvas:
        if lang not in ("da", "nb", "en"):
            raise MissionsguidenError("the guide speaks da, nb or en")
        return self.store.create(title, lang=lang, owner=owner)

    def next_prompt(self, canvas: Canvas) -> Prompt | None:
        return next((p for p in self.method.prompts if not canvas.answers.get(p.id)), None)

    def guidance(self, canvas: Canvas, prompt: Prompt) -> list[Note]:
        """Cited advice for a prompt: the corpus's best sentences on its topic (kept on the canvas)."""
        if prompt.id not in canvas.guidance:
            answer = self.answerer.answer(
                prompt.text[canvas.lang],
                query=prompt.guidance,
                lang=canvas.lang,  # type: ignore[arg-type]
            )
            canvas.guidance[prompt.id] = [
                Note(
                    c.claim or c.quote,
                    SourceRef(
                        c.passage.chunk.source, c.passage.title, c.passage.chunk.locator, c.quote
                    ),
                )
                for c in answer.citations[:GUIDANCE_NOTES]
            ]
            self.store.save(canvas)
        return canvas.guidance[prompt.id]

    def answer(self, canvas: Canvas, prompt_id: str, text: str) -> list[Note]:
        """Record the team's answer and return feedback on it (empty when nothing is missing)."""
        prompt = self.method.prompt(prompt_id)
        canvas.answers[prompt_id] = text.strip()
        return self._feedback(canvas, prompt)

    def fill(
        self,
        canvas: Canvas,
        what: dict[str, str] | None = None,
        actors: list[Actor] | None = None,
        portfolio: list[Effort] | None = None,
    ) -> list[Note]:
        """Record the structured canvas (the WHAT's fields, the actor table, the portfolio)
        and return the new feedback on the prompt each belongs to."""
        notes: list[Note] = []
        if what is not None:
            canvas.what = {k: (what.get(k) or "").strip() for k in WHAT_FIELDS}
            notes += self._feedback(canvas, self.method.prompt(STRUCTURE["what"]))
        if actors is not None:
            canvas.actors = [_tidy_actor(a) for a in actors if a.name.strip()]
            notes += self._feedback(canvas, self.method.prompt(STRUCTURE["actors"]))
        if portfolio is not None:
            canvas.portfolio = [_tidy_effort(e) for e in portfolio if e.name.strip()]
            notes += self._feedback(canvas, self.method.prompt(STRUCTURE["portfolio"]))
        return notes

    def _feedback(self, canvas: Canvas, prompt: Prompt) -> list[Note]:
        """The feedback on a prompt from its answer and its structured part, kept on the
        canvas: exact notes on the fields first, then the prompt's checks on the text."""
        text = canvas.answers.get(prompt.id, "")
        fields = self._field_notes(canvas, prompt)
        part = _part_of(prompt.id)
        decided = _DECIDED_BY_FIELDS[part] if part and canvas.has(part) else ()
        full = "\n".join(x for x in (text, structure_sentence(canvas, prompt.id)) if x.strip())
        notes = self._checks(prompt, canvas, full, skip=decided) if full.strip() else []
        if self.chat_model is not None and text.strip():
            notes = self._written_feedback(canvas, prompt, text, notes) or notes
        canvas.feedback[prompt.id] = fields + notes
        self.store.save(canvas)
        return canvas.feedback[prompt.id]

    def _field_notes(self, canvas: Canvas, prompt: Prompt) -> list[Note]:
        """Exact feedback on the prompt's structured part, once the team has begun it."""
        part = _part_of(prompt.id)
        if part is None or not canvas.has(part):
            return []
        found = CHECKS[part](canvas.part(part), canvas.lang)
        return [Note(n.text, self._source(n.source, n.quote), n.field, n.key) for n in found]

    def _checks(
        self, prompt: Prompt, canvas: Canvas, text: str, skip: tuple[str, ...] = ()
    ) -> list[Note]:
        """Feedback from the prompt's checks on the team's answer, in their order. A check
        named for a way missions fail is the review's own criterion (`assistant.review`, the
        answer read once for all of them); the others are the step's checks in method.yaml.
        `skip`: the checks the structured fields decide exactly."""
        checks = [c for c in prompt.checks if c not in skip]
        criteria = [c for c in checks if c in CRITERIA]
        found = judge(criteria, text, self.answerer.knowledge.entries, canvas.lang, self._source)
        by_id = {f.id: f for f in found}
        notes = []
        for check_id in checks:
            if check_id in by_id:
                f = by_id[check_id]
                if f.status != "met":
                    ref = (f.citations or (None,))[0]
                    notes.append(Note(f"{f.reason} {f.suggestion}", ref, check=check_id))
                continue
            check = self.method.checks[check_id]
            if not check.present.search(text):
                ref = self._source(check.source, check.quote)
                notes.append(Note(check.message[canvas.lang], ref, check=check_id))
        return notes

    def _written_feedback(
        self, canvas: Canvas, prompt: Prompt, text: str, findings: list[Note]
    ) -> list[Note]:
        """Feedback written by the chat model from numbered sources; uncited sentences are
        dropped. Returns [] (so the checks' own feedback stands) when the model fails."""
        if self.chat_model is None:
            return []
        sources = [n.ref for n in findings if n.ref] + [
            n.ref for n in self.guidance(canvas, prompt) if n.ref
        ]
        if not sources:
            return []
        prompt_text = render(
            self.answerer.settings.prompts_dir,
            "guide_feedback",
            language=_LANGUAGE_NAMES[canvas.lang],
            prompt=prompt.text[canvas.lang],
            answer=text,
            findings="\n".join(f"- {n.text}" for n in findings) or "- (nothing)",
            sources="\n".join(
                f"[{i}] {r.quote} ({r.title}, {r.locator})" for i, r in enumerate(sources, 1)
            ),
        )
        try:
            reply = str(self.chat_model.invoke([("human", prompt_text)]).content)
        except Exception:  # a failing model must not lose the team's answer
            return []
        notes = []
        for a, b in sentence_spans(reply):
            sentence = reply[a:b]
            cited = [
                int(m)
                for m in re.findall(r"\[(\d{1,2})\]", sentence)
                if 1 <= int(m) <= len(sources)
            ]
            if cited:
                notes.append(
                    Note(re.sub(r"\s*\[\d{1,2}\]", "", sentence).strip(), sources[cited[0] - 1])
                )
        return notes

    def assess(self, canvas: Canvas, question_id: str, rating: str, notes: str = "") -> None:
        if rating not in RATINGS:
            raise MissionsguidenError(f"rating must be one of {', '.join(RATINGS)}")
        if question_id not in {q.id for q in self.method.questions}:
            raise MissionsguidenError(f"no quality question '{question_id}'")
        canvas.assessment[question_id] = {"rating": rating, "notes": notes}
        if question_id not in canvas.guidance:  # the handbook's own sentence, cited in exports
            question = next(q for q in self.method.questions if q.id == question_id)
            canvas.guidance[question_id] = [
                Note(question.text["da"], self._source(QUALITY_SOURCE, question.text["da"]))
            ]
        self.store.save(canvas)

    def review(self, draft: str, lang: str | None = None) -> Review:
        """A mission draft against the ways missions fail (`assistant.review`), citing the
        knowledge entries that make each one a criterion; the language is detected when not
        given."""
        return review_draft(draft, self.answerer.knowledge.entries, lang=lang, locate=self._source)

    def review_canvas(self, canvas: Canvas) -> Review:
        """The canvas's mission as a draft (its WHAT, WHY and HOW, with the actors and their
        action environments), reviewed in the canvas's language against the same criteria as
        the feedback on each answer."""
        return self.review(canvas_draft(canvas), lang=canvas.lang)

    def _source(self, source: str, quote: str) -> SourceRef:
        """Locate a handbook quote in the index, so feedback cites a followable passage. Each
        is found once (a walk over the index, ~3 ms) and then remembered: every save asks again."""
        key = (source, quote)
        if key not in self._located:
            self._located[key] = self._locate(source, quote)
        return self._located[key]

    def _locate(self, source: str, quote: str) -> SourceRef:
        retriever = self.answerer.retriever
        retriever.warm()
        wanted = fold(quote)
        for chunk in retriever.chunks.values():
            if chunk.source == source and wanted in fold(chunk.text):
                return SourceRef(source, retriever.titles[chunk.id], chunk.locator, quote)
        return SourceRef(source, source, "", quote)


# The canvas's answers that make up its mission, under the heading of the part they answer.
_DRAFT_PARTS = (
    ("what", ("what",)),
    ("why", ("why", "problems")),
    ("how", ("how", "actors", "environments")),
)
_HEADINGS = {
    "da": {"what": "HVAD", "why": "HVORFOR", "how": "HVORDAN"},
    "nb": {"what": "HVA", "why": "HVORFOR", "how": "HVORDAN"},
    "en": {"what": "WHAT", "why": "WHY", "how": "HOW"},
}


def canvas_draft(canvas: Canvas) -> str:
    """The team's mission as written on the canvas: WHAT, WHY and HOW, each from its answers."""
    headings = _HEADINGS.get(canvas.lang, _HEADINGS["da"])
    blocks = []
    for part, prompts in _DRAFT_PARTS:
        answers = [canvas.answers.get(p, "").strip() for p in prompts] + [
            structure_sentence(canvas, p) for p in prompts
        ]
        text = "\n".join(a for a in answers if a)
        if text:
            blocks.append(f"{headings[part]}\n{text}")
    return "\n".join(blocks)


def _part_of(prompt_id: str) -> str | None:
    """The structured part a prompt has, if any."""
    return next((part for part, pid in STRUCTURE.items() if pid == prompt_id), None)


def structure_sentence(canvas: Canvas, prompt_id: str) -> str:
    """What a prompt's structured part adds to the mission's text (the WHAT's fields, the
    actors with their sectors), so that the criteria and the review read it too."""
    part = _part_of(prompt_id)
    make = SENTENCES.get(part or "")
    return make(canvas.part(part), canvas.lang) if make and part else ""


def _tidy_actor(a: Actor) -> Actor:
    """An actor row as the canvas keeps it: trimmed, its sector as an id."""
    row = Actor(*(v.strip() for v in vars(a).values()))
    return replace(row, sector=sector_id(row.sector))


def _tidy_effort(e: Effort) -> Effort:
    """A portfolio row as the canvas keeps it: trimmed, its decision one of DECISIONS or ""."""
    row = Effort(*(v.strip() for v in vars(e).values()))
    return replace(row, decision=decision_id(row.decision))
