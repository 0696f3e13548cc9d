"""When the answer stage refuses, and what it says then: one policy, one list of rules.

Each refusal has a rule id (the `reason` of an `Answer`):
- `empty`, `too_long`, `injection`: the question itself (guard.check_question);
- `wrong_language`: neither Danish, Norwegian nor English;
- `not_covered`: no knowledge entry and no passage states what is asked;
- `missing_number`, `missing_amount`, `missing_date`, `missing_person`, `missing_share`,
  `missing_contact`, `missing_wording`, `missing_name`, `missing_provision`: the question
  asks for that kind of fact (a contact detail; the exact wording of something; which
  municipality or organisation; what a section of a law says) about what it names, and the
  evidence does not hold it;
- `unknown_term`: the question names an abbreviation ("GDPR") that no indexed text and no
  entry mentions: whatever it asks about that, the sources cannot say;
- `model_refused`, `no_valid_citation` (llm mode): the chat model found nothing it could cite.
The messages are in `resources/refusals.yaml`, in the question's language; refusals of an
on-topic question suggest what the sources can answer instead.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml

from ..types import Lang
from .match import EntryHit

# Suggestions come from the entries nearest the question when it is this close to one of
# them (on-topic but unanswerable); otherwise from the app's starter questions. On our sets
# every off-topic question's nearest way of asking is at most 0.883, while nine in ten
# answerable questions are at 0.897 or more.
SUGGEST_NEAR = 0.89
SUGGESTIONS = 3


@dataclass(frozen=True)
class Refusal:
    rule: str
    message: str
    suggestions: tuple[str, ...] = ()


@cache
def _texts() -> dict:
    return yaml.safe_load(
        (resources.files("assistant") / "resources" / "refusals.yaml").read_text("utf-8")
    )


@cache
def _starters() -> dict[str, list[str]]:
    ui = yaml.safe_load((resources.files("assistant") / "resources" / "ui.yaml").read_text("utf-8"))
    return ui["starters"]


def message(rule: str, lang: Lang, term: str = "") -> str:
    texts = _texts()
    if rule.startswith("missing_"):
        kind = rule.removeprefix("missing_") or "number"
        names = texts["kinds"].get(kind, texts["kinds"]["number"])
        return texts["messages"]["missing_kind"][lang].format(kind=names[lang])
    key = {"no_words": "empty", "no_valid_citation": "model_refused"}.get(rule, rule)
    return texts["messages"].get(key, texts["messages"]["not_covered"])[lang].format(term=term)


def suggestions(lang: Lang, hits: Sequence[EntryHit] = ()) -> tuple[str, ...]:
    """Questions the sources can answer: the nearest entries' ways of asking (one per topic)
    when the question was near them, else the starter questions."""
    out: list[str] = []
    topics: set[str] = set()
    if hits and max(hits[0].ask, hits[0].statement) >= SUGGEST_NEAR:
        for h in hits:
            asks = h.entry.asks.get(lang, ())
            if asks and h.entry.topic not in topics:
                out.append(asks[0])
                topics.add(h.entry.topic)
            if len(out) >= SUGGESTIONS:
                break
    return tuple(out) or tuple(_starters()[lang][:SUGGESTIONS])


def refuse(rule: str, lang: Lang, hits: Sequence[EntryHit] = (), term: str = "") -> Refusal:
    """The refusal for `rule` (`term`: the unknown term it names); a question refused for its
    content gets suggestions."""
    offer = rule in ("not_covered", "unknown_term") or rule.startswith("missing_")
    return Refusal(rule, message(rule, lang, term), suggestions(lang, hits) if offer else ())


def render(refusal: Refusal, lang: Lang) -> str:
    if not refusal.suggestions:
        return refusal.message
    lines = [refusal.message, "", _texts()["suggest"][lang]]
    lines += [f"- {s}" for s in refusal.suggestions]
    return "\n".join(lines)
