"""A mission draft against the ways missions fail (`resources/review.yaml`).

Each criterion is judged from the parts of the draft (`parts.read`): a status (met, weak,
missing), the draft's own sentences as evidence, the reason and one suggestion in the draft's
language, and the quotes of the texts that make it a criterion (the knowledge entries' quotes,
verbatim and whole).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

import yaml

from ..canvas import SourceRef
from ..knowledge import Entry
from ..lang import answer_language
from ..types import MissionsguidenError
from . import parts as p

CRITERIA = (
    "no_target_or_time",
    "quickly_solved",
    "single_sector",
    "no_why_together",
    "usual_suspects",
    "too_broad",
    "too_narrow",
    "solution_not_challenge",
    "not_translatable",
    "closed_participation",
    "no_how_governance",
)
# A horizon this short is a task, not a mission ("time-bound, but not solved quickly"); this
# long is a long-term challenge.
QUICK_YEARS = 2
LONG_YEARS = 4
OPEN_KINDS = 3  # kinds of actor outside the public sector brought in (citizens, associations, companies): open


@dataclass(frozen=True)
class Finding:
    """One criterion judged on one draft."""

    id: str
    name: str
    status: str  # met | weak | missing
    evidence: tuple[str, ...]  # the draft's own sentences, verbatim
    reason: str
    suggestion: str  # "" when met
    citations: tuple[SourceRef, ...]
    basis: tuple[str, ...] = ()  # what the cited entries say, in the draft's language


@dataclass(frozen=True)
class Review:
    lang: str
    summary: str
    findings: tuple[Finding, ...]


@dataclass(frozen=True)
class _Judged:
    status: str
    evidence: tuple[str, ...] = ()
    found: str = ""
    have: str = ""
    lack: str = ""
    weak_kind: str = ""
    reason: str = ""  # a reason other than the status's own ("unstated": met, nothing shown)


@lru_cache(maxsize=1)
def _texts() -> dict:
    path = Path(__file__).resolve().parent.parent / "resources" / "review.yaml"
    return yaml.safe_load(path.read_text("utf-8"))


def review(
    draft: str,
    entries: Iterable[Entry],
    lang: str | None = None,
    locate: Callable[[str, str], SourceRef] | None = None,
    today: date | None = None,
) -> Review:
    """Review a draft; `lang` is detected when not given, `locate(source, quote)` finds where
    a quote stands in the texts (else the source file alone is given)."""
    if not draft.strip():
        raise MissionsguidenError("the draft is empty")
    lang = lang if lang in ("da", "nb", "en") else answer_language(draft)
    parts = p.read(draft, today)
    by_id = {e.id: e for e in entries}
    texts = _texts()
    findings = tuple(
        _finding(cid, JUDGES[cid](parts), texts["criteria"][cid], lang, by_id, locate)
        for cid in CRITERIA
    )
    return Review(lang, _summary(findings, texts["summary"], lang), findings)


def judge(
    criteria: Iterable[str],
    text: str,
    entries: Iterable[Entry],
    lang: str,
    locate: Callable[[str, str], SourceRef] | None = None,
    today: date | None = None,
) -> list[Finding]:
    """Some of the criteria on one piece of text (read once): the guide's feedback on a team's
    answer to a prompt uses the review's own criteria."""
    by_id = {e.id: e for e in entries}
    parts = p.read(text, today)
    texts = _texts()["criteria"]
    return [_finding(c, JUDGES[c](parts), texts[c], lang, by_id, locate) for c in criteria]


def review_json(result: Review) -> dict:
    """The review as evaluators read it: one object per criterion, all eleven always."""
    return {
        "lang": result.lang,
        "summary": result.summary,
        "criteria": [
            {
                "id": f.id,
                "name": f.name,
                "status": f.status,
                "evidence": list(f.evidence),
                "reason": f.reason,
                "suggestion": f.suggestion,
                "basis": list(f.basis),
                "citations": [
                    {"source": c.source, "quote": c.quote, "locator": c.locator}
                    for c in f.citations
                ],
            }
            for f in result.findings
        ],
    }


def _finding(
    cid: str,
    judged: _Judged,
    text: dict,
    lang: str,
    by_id: dict[str, Entry],
    locate: Callable[[str, str], SourceRef] | None,
) -> Finding:
    words = text.get("words", {})

    def fill(template: str) -> str:
        have = words.get(judged.have, {}).get(lang, judged.have)
        lack = words.get(judged.lack, {}).get(lang, judged.lack)
        weak = text.get("weak", {}).get(judged.weak_kind, {}).get(lang, "")
        weak = weak.format(found=judged.found)
        return template.format(found=judged.found, have=have, lack=lack, weak=weak)

    reason = fill(text["reason"][judged.reason or judged.status][lang])
    suggestion = "" if judged.status == "met" else fill(text["suggestion"][judged.status][lang])
    cited = [e for eid in text["entries"] if (e := by_id.get(eid))]
    citations = tuple(
        locate(e.source, q) if locate else SourceRef(e.source, e.source, "", q)
        for e in cited
        for q in e.quotes
    )
    basis = tuple(e.statement.get(lang, "") for e in cited)
    return Finding(
        cid,
        text["name"][lang],
        judged.status,
        judged.evidence,
        reason,
        suggestion,
        citations,
        basis,
    )


def _summary(findings: tuple[Finding, ...], text: dict, lang: str) -> str:
    missing = sum(f.status == "missing" for f in findings)
    weak = sum(f.status == "weak" for f in findings)
    if not missing and weak <= 1:
        return text["strong"][lang]
    if missing <= 1 and weak + missing <= 3:
        return text["minor"][lang]
    return text["work"][lang].format(n=missing + weak)


def _named(d: p.Parts, kinds: list[str]) -> tuple[tuple[str, ...], str]:
    """The draft's sentences naming these sectors or kinds of actor, and one word for each."""
    evidence = tuple(dict.fromkeys(x for k in kinds for x in d.sectors[k].sentences))
    return evidence, ", ".join(w for k in kinds for w in d.sectors[k].words[:1])


def _words(found: p.Found, n: int = 3) -> str:
    return ", ".join(found.words[:n])


# -- the judges: one per criterion --------------------------------------------------------------


def _both(a: p.Found, a_word: str, b: p.Found, b_word: str) -> _Judged:
    """A criterion of two parts: met with both, weak with one (saying which is lacking)."""
    evidence = tuple(dict.fromkeys(a.sentences + b.sentences))
    if a and b:
        return _Judged("met", evidence)
    if a:
        return _Judged("weak", evidence, have=a_word, lack=b_word)
    if b:
        return _Judged("weak", evidence, have=b_word, lack=a_word)
    return _Judged("missing")


def _target_or_time(d: p.Parts) -> _Judged:
    return _both(d.target, "target", d.deadline, "deadline")


def _quickly_solved(d: p.Parts) -> _Judged:
    h = d.horizon_years
    if h is not None and h <= QUICK_YEARS:
        return _Judged("missing", d.deadline.sentences, found=", ".join(d.deadline.words))
    # a campaign, a report, or a thing one organisation sets up (an app, a centre, an event)
    # named as the mission, with no long horizon: a task, not a mission
    task = d.quick_task or d.solution_in_mission
    if task and not d.long_term and (h is None or h < LONG_YEARS):
        return _Judged("missing", task.sentences, found=_words(task, 2))
    if (h is not None and h >= LONG_YEARS) or d.long_term:
        return _Judged("met", d.deadline.sentences or d.long_term.sentences)
    if h is None:
        return _Judged("met", reason="unstated")
    return _Judged("weak", d.deadline.sentences)


def _single_sector(d: p.Parts) -> _Judged:
    domains = [k for k in d.domains() if k != "citizens"]  # citizens and users are no sector
    evidence, found = _named(d, domains)
    if len(domains) >= 3 or (d.across and len(domains) == 2):
        return _Judged("met", d.across.sentences + evidence, found=found)
    if len(domains) == 2 or d.across:
        return _Judged("weak", d.across.sentences + evidence, found=found or _words(d.across))
    return _Judged("missing", evidence, found=found or "—")


def _why_together(d: p.Parts) -> _Judged:
    """Met when the draft says why no one can solve it alone (a party that cannot do it alone
    counts), how the parties depend on each other, or what each holds; weak when it only
    speaks of working together."""
    if d.why_together or d.one_alone:
        return _Judged("met", d.why_together.sentences or d.one_alone.sentences)
    if d.together:
        return _Judged("weak", d.together.sentences)
    return _Judged("missing")


def _usual_suspects(d: p.Parts) -> _Judged:
    outside = d.outside_state()
    evidence, found = _named(d, outside)
    if len(outside) >= 2:
        return _Judged("met", evidence, found=found)
    if len(outside) == 1:
        return _Judged("weak", evidence, found=found, weak_kind="one")
    if d.public_actors:
        return _Judged("missing", d.public_actors.sentences, found=_words(d.public_actors))
    return _Judged("weak", weak_kind="none")


def _too_broad(d: p.Parts) -> _Judged:
    if d.slogan and not d.target:
        return _Judged("missing", d.slogan.sentences, found=_words(d.slogan, 1))
    if d.slogan:
        return _Judged("weak", d.slogan.sentences, reason="slogan", found=_words(d.slogan, 1))
    if not d.target and not d.group:
        return _Judged("weak")
    if d.vague and not d.target:  # a vague good for a group ("en værdig ældrepleje")
        return _Judged("weak", d.vague.sentences)
    return _Judged("met", d.group.sentences[:1] or d.target.sentences[:1])


def _too_narrow(d: p.Parts) -> _Judged:
    if d.narrow and len(d.domains()) <= 1:
        return _Judged("missing", d.narrow.sentences, found=_words(d.narrow, 1))
    if d.narrow:
        return _Judged("weak", d.narrow.sentences, found=_words(d.narrow, 1))
    task = d.solution_in_mission or d.quick_task  # one service or product as the whole mission
    if task:
        return _Judged("weak", task.sentences, found=_words(task, 1))
    return _Judged("met")


def _solution(d: p.Parts) -> _Judged:
    if d.solution_in_mission and not d.target:
        found = _words(d.solution_in_mission, 1)
        return _Judged("missing", d.solution_in_mission.sentences, found=found)
    if d.solution_in_mission:
        found = _words(d.solution_in_mission, 1)
        return _Judged("weak", d.solution_in_mission.sentences, found=found)
    if d.means:  # the mission fixes its route ("gennem en ... tilgang", "by reforming ...")
        return _Judged("weak", d.means.sentences, found=_words(d.means, 1))
    if d.solution and not d.target:  # only solutions, and no result to reach
        return _Judged("weak", d.solution.sentences, found=_words(d.solution, 1))
    return _Judged("met")


def _translatable(d: p.Parts) -> _Judged:
    """Jargon (counted once per word, "bærekraftig" and "bærekraftige" alike), or a mission
    whose aim is a slogan or a vague good ("en værdig ældrepleje") no actor can act on."""
    n = len({w.lower()[:7] for w in d.jargon.words})
    concrete = bool(d.target or d.group)
    if n >= 4 or (n >= 2 and not concrete):
        return _Judged("missing", d.jargon.sentences, found=_words(d.jargon))
    if n >= 2:
        return _Judged("weak", d.jargon.sentences, found=_words(d.jargon))
    vague = d.slogan or d.vague
    if vague:
        return _Judged("weak", vague.sentences, found=_words(vague, 2))
    return _Judged("met")


def _participation(d: p.Parts) -> _Judged:
    """Closed when it says so; open when it says so, or when it brings in actors of two or
    more kinds from outside the public sector to contribute ("a draft that invites citizens,
    associations, companies to contribute"); else silent, which is weak."""
    if d.closed:
        return _Judged("missing", d.closed.sentences, found=_words(d.closed, 1))
    if d.open:
        return _Judged("met", d.open.sentences)
    outside = d.outside_state()
    if len(outside) >= OPEN_KINDS:
        evidence, found = _named(d, outside)
        return _Judged("met", evidence, found=found, reason="invites")
    return _Judged("weak")


def _governance(d: p.Parts) -> _Judged:
    return _both(d.forum, "forum", d.follow_up, "rhythm")


JUDGES: dict[str, Callable[[p.Parts], _Judged]] = {
    "no_target_or_time": _target_or_time,
    "quickly_solved": _quickly_solved,
    "single_sector": _single_sector,
    "no_why_together": _why_together,
    "usual_suspects": _usual_suspects,
    "too_broad": _too_broad,
    "too_narrow": _too_narrow,
    "solution_not_challenge": _solution,
    "not_translatable": _translatable,
    "closed_participation": _participation,
    "no_how_governance": _governance,
}
