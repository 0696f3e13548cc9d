"""The parts of a mission draft: its target, deadline, sectors, actors, why, governance, breadth.

A draft is read sentence by sentence; each part records the sentences that show it (verbatim,
as the review's evidence) and what was found in them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from ..sentences import sentence_spans
from . import signals as s


@dataclass(frozen=True)
class Found:
    """What a signal matched, and the draft sentences it matched in (verbatim)."""

    words: tuple[str, ...] = ()
    sentences: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.sentences)


@dataclass(frozen=True)
class Parts:
    """A draft read for the parts of a mission."""

    sentences: tuple[str, ...]
    target: Found
    deadline: Found
    horizon_years: int | None  # years from now to the latest deadline named
    quick_task: Found
    long_term: Found
    sectors: dict[str, Found] = field(default_factory=dict)
    public_actors: Found = Found()
    across: Found = Found()
    why_together: Found = Found()
    one_alone: Found = Found()
    together: Found = Found()
    forum: Found = Found()
    follow_up: Found = Found()
    solution_in_mission: Found = Found()
    solution: Found = Found()
    slogan: Found = Found()
    group: Found = Found()
    narrow: Found = Found()
    jargon: Found = Found()
    closed: Found = Found()
    open: Found = Found()

    def outside_state(self) -> list[str]:
        """The kinds of actor outside the state the draft names."""
        return [k for k in s.OUTSIDE_STATE if self.sectors.get(k)]

    def domains(self) -> list[str]:
        """Every sector or kind of actor the draft names."""
        return [k for k, v in self.sectors.items() if v]


def sentences_of(draft: str) -> tuple[str, ...]:
    """The draft's sentences and lines (a heading or a list item is a sentence of its own)."""
    out: list[str] = []
    for line in draft.splitlines():
        line = line.strip().lstrip("-•*–").strip()
        if line:
            out += [line[a:b].strip() for a, b in sentence_spans(line)] or [line]
    return tuple(x for x in out if x)


def read(draft: str, today: date | None = None) -> Parts:
    """Read a draft for the parts of a mission."""
    sents = sentences_of(draft)
    year = _reference_year(draft, (today or date.today()).year)
    mission = _mission_sentences(sents)
    aims = tuple(x for x in sents if x not in _why_sentences(sents))
    horizons = [h for x in aims if (h := _horizon(x, year)) is not None]
    return Parts(
        sentences=sents,
        target=_find(s.TARGET, aims, skip=_only_years),
        deadline=_deadlines(aims, year),
        horizon_years=max(horizons) if horizons else None,
        quick_task=_find(s.QUICK_TASK, sents),
        long_term=_find(s.LONG_TERM, sents),
        sectors={name: _find(p, sents) for name, p in s.SECTORS.items()},
        public_actors=_find(s.PUBLIC_ACTOR, sents),
        across=_find(s.ACROSS, sents),
        why_together=Found(
            _find(s.WHY_TOGETHER, sents).words,
            tuple(x for x in sents if s.WHY_TOGETHER.search(x) or _gives_parts(x)),
        ),
        one_alone=_find(s.ONE_ALONE, sents),
        together=_find(s.TOGETHER, sents),
        forum=_find(s.FORUM, sents),
        follow_up=_find(s.FOLLOW_UP, sents),
        solution_in_mission=_find(s.SOLUTION, mission),
        solution=_find(s.SOLUTION, sents),
        slogan=_find(s.SLOGAN, mission or sents[:1]),
        group=_find(s.GROUP, sents),
        narrow=_find(s.NARROW, mission or sents),
        jargon=_find(s.JARGON, mission or sents),
        closed=_find(s.CLOSED, sents),
        open=_find(s.OPEN, sents),
    )


def _find(pattern: re.Pattern[str], sents: tuple[str, ...], skip=None) -> Found:
    words: list[str] = []
    hits: list[str] = []
    for x in sents:
        found = [m.group(0).strip() for m in pattern.finditer(x) if not (skip and skip(m))]
        if found:
            words += found
            hits.append(x)
    return Found(tuple(dict.fromkeys(words)), tuple(hits))


def _only_years(m: re.Match[str]) -> bool:
    """A 'target' that is a year or a title number ("Mission 1") is no target."""
    digits = re.findall(r"\d+", m.group(0))
    return bool(digits) and all(re.fullmatch(r"(?:19|20)\d\d", d) for d in digits)


def _deadlines(sents: tuple[str, ...], year: int) -> Found:
    """The deadlines named: a year as the horizon (also one now past: a draft may be older than
    today), or a span of years."""
    words: list[str] = []
    hits: list[str] = []
    for x in sents:
        starts = {m.group(1) for m in s.START_YEAR.finditer(x)}
        found = [m.group(1) for m in s.DEADLINE_YEAR.finditer(x) if m.group(1) not in starts]
        found += [str(year + h) for h in [_horizon(x, year)] if h is not None and not found]
        if found:
            words += found
            hits.append(x)
    return Found(tuple(dict.fromkeys(words)), tuple(hits))


def _horizon(sentence: str, year: int) -> int | None:
    """Years from now to the deadline the sentence names, or None (a start year is none)."""
    starts = {m.group(1) for m in s.START_YEAR.finditer(sentence)}
    years = [
        int(m.group(1)) for m in s.DEADLINE_YEAR.finditer(sentence) if m.group(1) not in starts
    ]
    years = [y for y in years if y >= year]  # before the reference: a year looked back on
    spans = [n for m in s.DEADLINE_SPAN.finditer(sentence) if (n := s.number_value(m.group(1)))]
    found = [y - year for y in years] + spans
    if not found and s.SHORT_HORIZON.search(sentence):
        found = [1]
    return max(found) if found else None


def _reference_year(draft: str, this_year: int) -> int:
    """The year a draft's horizon counts from: the earliest year it names as its own start
    ("Samfunnsoppdrag 2025–2026", "skoleåret 2024/25", "fra 2024"), else this year."""
    starts = [int(m.group(1)) for m in s.START_YEAR.finditer(draft)]
    starts += [int(m.group(1)) for m in re.finditer(r"\b(20\d\d)\s*[–/-]\s*(?:20)?\d\d\b", draft)]
    return min([*starts, this_year])


def _gives_parts(sentence: str) -> bool:
    """A sentence giving several parties each their part: why they need each other."""
    kinds = sum(bool(p.search(sentence)) for p in s.SECTORS.values())
    return kinds >= 3 and len(s.HOLDS.findall(sentence)) >= 2


def _why_sentences(sents: tuple[str, ...]) -> frozenset[str]:
    """The sentences of the WHY (under its heading, or led by "HVORFOR:" / "Why together:")."""
    out: set[str] = set()
    under_why = False
    for x in sents:
        if s.HEADING.match(x):
            under_why = x.strip().upper().startswith(("HVORFOR", "WHY"))
            continue
        if under_why or s.WHY_SENTENCE.match(x):
            out.add(x)
    return frozenset(out)


def _mission_sentences(sents: tuple[str, ...]) -> tuple[str, ...]:
    """The sentences that state the mission itself: under a WHAT heading, or saying "our
    mission is", else the first sentence that is not a heading."""
    out: list[str] = []
    under_what = False
    for x in sents:
        if s.HEADING.match(x):
            under_what = x.strip().upper().startswith(("HVAD", "HVA", "WHAT"))
            continue
        if under_what or s.MISSION_SENTENCE.search(x):
            out.append(x)
    opening = [x for x in sents if not s.HEADING.match(x)][:2]
    return tuple(dict.fromkeys([*opening, *out]))
