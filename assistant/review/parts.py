"""The parts of a mission draft: its target, deadline, sectors, actors, why, governance, breadth.

A draft is read sentence by sentence; each part records the sentences that show it (verbatim,
as the review's evidence) and what was found in them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
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
    horizon_years: int | None  # years from the draft's start (or this year) to its deadline
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
    vague: Found = Found()
    means: Found = Found()
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
    why = set(_under(sents, ("HVORFOR", "WHY"), s.WHY_SENTENCE))
    aims = tuple(x for x in sents if x not in why)
    deadline, horizon = _deadlines(aims, year)
    return Parts(
        sentences=sents,
        target=_find(s.TARGET, aims, skip=_only_years),
        deadline=deadline,
        horizon_years=horizon,
        quick_task=_find(s.QUICK_TASK, mission or sents),  # the mission's own task, not its means
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
        jargon=_find(s.JARGON, sents),
        vague=_find(s.VAGUE, mission or sents),
        means=_find(s.MEANS, mission),
        closed=_find(s.CLOSED, sents),
        open=_find(s.OPEN, sents),
    )


def _find(
    pattern: re.Pattern[str],
    sents: tuple[str, ...],
    skip: Callable[[re.Match[str]], bool] | None = None,
) -> Found:
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


def _deadlines(sents: tuple[str, ...], year: int) -> tuple[Found, int | None]:
    """The deadlines named, and the longest horizon in years from `year`. A year is a deadline
    also when it is past (a draft may be older than today), but gives no horizon then."""
    words: list[str] = []
    hits: list[str] = []
    horizons: list[int] = []
    for x in sents:
        years = _deadline_years(x)
        horizon = _horizon(x, years, year)
        found = [str(y) for y in years] or ([str(year + horizon)] if horizon is not None else [])
        if found:
            words += found
            hits.append(x)
        if horizon is not None:
            horizons.append(horizon)
    return Found(tuple(dict.fromkeys(words)), tuple(hits)), max(horizons, default=None)


def _deadline_years(sentence: str) -> list[int]:
    """The years the sentence names as a deadline ("inden 2030"), not as a start ("fra 2024")."""
    starts = {m.group(1) for m in s.START_YEAR.finditer(sentence)}
    return [int(m.group(1)) for m in s.DEADLINE_YEAR.finditer(sentence) if m.group(1) not in starts]


def _horizon(sentence: str, years: list[int], year: int) -> int | None:
    """Years from `year` to the sentence's deadline (`years`, or a span: "inden for ti år"), or
    None; "næste år" and the like are a year."""
    spans = [n for m in s.DEADLINE_SPAN.finditer(sentence) if (n := s.number_value(m.group(1)))]
    spans += [10 for _ in s.DEADLINE_DECADE.finditer(sentence)]
    found = [y - year for y in years if y >= year] + spans
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


def _under(sents: tuple[str, ...], heads: tuple[str, ...], led: re.Pattern[str]) -> list[str]:
    """The sentences of a part of the draft: under a heading starting with one of `heads`
    ("HVORFOR"), or led by the part's own words (`led`: "HVORFOR:", "our mission is")."""
    out: list[str] = []
    under = False
    for x in sents:
        if s.HEADING.match(x):
            under = x.strip().upper().startswith(heads)
            continue
        if under or led.search(x):
            out.append(x)
    return out


def _mission_sentences(sents: tuple[str, ...]) -> tuple[str, ...]:
    """The sentences that state the mission itself: the first two, those under a WHAT heading
    and those saying "our mission is"."""
    opening = [x for x in sents if not s.HEADING.match(x)][:2]
    what = _under(sents, ("HVAD", "HVA", "WHAT"), s.MISSION_SENTENCE)
    return tuple(dict.fromkeys([*opening, *what]))
