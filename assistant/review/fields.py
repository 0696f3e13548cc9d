"""Exact feedback on the structured canvas: the WHAT's fields, the actor table, the portfolio.

    check_what({"indicator": "...", "deadline": "2027"}, "da")  # -> [FieldNote("deadline", ...)]
    check_actors(canvas.actors, "en"); check_portfolio(canvas.portfolio, "nb")

Each note names the field, row or table it is about, says what is missing or weak in the
canvas's language, and cites the handbook sentence that makes it matter (resources/canvas.yaml).
Dates are read with dateparser (da/nb/en), numbers with Babel's locale-aware parser.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from ..canvas import SECTORS, Actor, Effort, canvas_words, names_in
from . import signals as s

QUICK_YEARS = 2  # as the review's `quickly_solved`: a horizon this short is a task
_NUMBER = re.compile(r"\d[\d.,\u00a0\u202f ]*\d|\d")
_YEAR = re.compile(r"\b(20\d\d|19\d\d)\b")
_ABSOLUTE = re.compile(
    r"\b(?:alle|ingen|nul|null|samtlige|all|none|no|zero|every|halv\w*|fordobl\w*|doble\w*)\b",
    re.IGNORECASE,
)
_LOCALES = {"da": "da_DK", "nb": "nb_NO", "en": "en_GB"}


@dataclass(frozen=True)
class FieldNote:
    """Feedback on one part of the structured canvas, with the source sentence it rests on."""

    field: str  # "deadline", "actors", "actor:Skolerne", "environment:…", "portfolio", …
    key: str  # which feedback (resources/canvas.yaml `feedback`)
    text: str
    source: str  # the corpus file
    quote: str  # the handbook's sentence, verbatim


def _note(field: str, key: str, lang: str, **values: Any) -> FieldNote:
    words = canvas_words()
    text = words["feedback"][key]
    src = words["sources"][text["source"]]
    return FieldNote(field, key, text[lang].format(**values), src["file"], src["quote"])


# -- reading dates and numbers ----------------------------------------------------------------


def deadline_of(text: str, lang: str, today: date | None = None) -> date | None:
    """The date a deadline field names: a date or month ("31. december 2030", "June 2032"), a
    year ("inden udgangen af 2030"), or a span from today ("om 10 år", "within ten years")."""
    today = today or date.today()
    text = text.strip()
    if not text:
        return None
    years = [int(y) for y in _YEAR.findall(text)]
    parsed = _dateparse(text, lang, today)
    if parsed and (not years or parsed.year == years[-1]):
        return parsed
    if years:
        return date(years[-1], 12, 31)
    span = [n for m in s.DEADLINE_SPAN.finditer(text) if (n := s.number_value(m.group(1)))]
    return date(today.year + max(span), 12, 31) if span else parsed


def _dateparse(text: str, lang: str, today: date) -> date | None:
    import datetime as dt

    import dateparser

    settings = {
        "PREFER_DATES_FROM": "future",
        "PREFER_DAY_OF_MONTH": "last",
        "RELATIVE_BASE": dt.datetime(today.year, today.month, today.day),
    }
    parsed = dateparser.parse(text, languages=[lang, "en"], settings=settings)  # type: ignore[arg-type]
    return parsed.date() if parsed else None


def number_of(text: str, lang: str) -> float | None:
    """The first number in a field, read in the canvas's locale ("1.200" is 1200 in Danish,
    "12,5 %" is 12.5); a year alone is not a level."""
    from babel.numbers import NumberFormatError, parse_decimal

    for m in _NUMBER.finditer(text):
        raw = m.group(0).strip()
        if _YEAR.fullmatch(raw) and not re.search(r"%|procent|prosent|percent", text, re.I):
            continue
        try:
            return float(parse_decimal(raw.replace("\u00a0", " "), locale=_LOCALES[lang]))
        except (NumberFormatError, ValueError):
            continue
    return None


_KINDS = {
    "civil_society": "civil society",
    "business": "business",
    "research": "research",
    "citizens": "citizens",
}
_PUBLIC = re.compile(r"\b(?:offentlig\w*|public|stat\w*|government|kommunal\w*)", re.I)


def sector_id(value: str) -> str:
    """A sector as the table holds it: its id, its label in any of the three languages, or the
    kind of actor the review recognises in the words ("frivillig forening": civil society)."""
    found = _label_id(value, "sectors")
    if found or not (value or "").strip():
        return found
    for key, kind in _KINDS.items():
        if s.SECTORS[kind].search(value):
            return key
    return "public" if s.PUBLIC_ACTOR.search(value) or _PUBLIC.search(value) else ""


def decision_id(value: str) -> str:
    """A portfolio decision as the table holds it: its id, or its label in any language."""
    return _label_id(value, "decisions")


def _label_id(value: str, group: str) -> str:
    value = (value or "").strip().casefold()
    for key, labels in canvas_words()[group].items():
        if value == key or value in {v.casefold() for v in labels.values()}:
            return str(key)
    return ""


# -- the checks ---------------------------------------------------------------------------------


def check_what(what: dict[str, str], lang: str, today: date | None = None) -> list[FieldNote]:
    """The WHAT's fields: a challenge, an indicator, a baseline with a number, a target level
    that can be measured and differs from it, and a deadline that is a date some years ahead."""
    get = {k: (what.get(k) or "").strip() for k in ("challenge", "indicator", "baseline", "level")}
    notes = [
        _note(k, f"{k}_missing", lang)
        for k in ("challenge", "indicator", "baseline", "level")
        if not get[k]
    ]
    base = number_of(get["baseline"], lang) if get["baseline"] else None
    if get["baseline"] and base is None:
        notes.append(_note("baseline", "baseline_no_number", lang))
    if get["level"]:
        level = number_of(get["level"], lang)
        if level is None and not (s.TARGET.search(get["level"]) or _ABSOLUTE.search(get["level"])):
            notes.append(_note("level", "level_no_number", lang, text=get["level"]))
        elif level is not None and level == base:
            notes.append(_note("level", "level_same", lang, value=get["level"]))
    return notes + _check_deadline(what.get("deadline") or "", lang, today or date.today())


def _check_deadline(text: str, lang: str, today: date) -> list[FieldNote]:
    if not text.strip():
        return [_note("deadline", "deadline_missing", lang)]
    when = deadline_of(text, lang, today)
    if when is None:
        return [_note("deadline", "deadline_unreadable", lang, text=text.strip())]
    if when < today:
        return [_note("deadline", "deadline_past", lang, year=when.year)]
    if when.year - today.year <= QUICK_YEARS:
        return [_note("deadline", "deadline_quick", lang, year=when.year, n=when.year - today.year)]
    return []


def check_actors(actors: list[Actor], lang: str) -> list[FieldNote]:
    """The actor table: filled in, each actor's sector, more than public bodies, dependencies
    among named actors, and a binding action environment with someone mobilising it."""
    rows = [a for a in actors if a.name.strip()]
    if not rows:
        return [_note("actors", "actors_missing", lang)]
    words = canvas_words()["sectors"]
    notes = []
    unsorted = [a.name for a in rows if not sector_id(a.sector)]
    if unsorted:
        notes.append(_note("actors", "sector_missing", lang, names=_list(unsorted, lang)))
    notes += _sectors(rows, words, lang)
    notes += _dependencies(rows, lang)
    homeless = [a.name for a in rows if not a.environment.strip()]
    if homeless:
        notes.append(_note("actors", "no_environment", lang, names=_list(homeless, lang)))
    for env in dict.fromkeys(a.environment.strip() for a in rows if a.environment.strip()):
        if not any(a.mobiliser.strip() for a in rows if a.environment.strip() == env):
            notes.append(_note(f"environment:{env}", "no_mobiliser", lang, environment=env))
    return notes


def _sectors(rows: list[Actor], words: dict, lang: str) -> list[FieldNote]:
    given = {sector_id(a.sector) for a in rows} - {""}
    if not given:
        return []
    outside = [k for k in SECTORS if k != "public" and k in given]
    lacking = _list([words[k][lang].lower() for k in SECTORS if k not in given], lang, "or")
    if not outside:
        return [_note("actors", "only_public", lang, lacking=lacking)]
    if len(outside) == 1 and "public" in given:
        found = words[outside[0]][lang].lower()
        return [_note("actors", "one_outside", lang, found=found, lacking=lacking)]
    return []


def _dependencies(rows: list[Actor], lang: str) -> list[FieldNote]:
    known = {a.name.strip().casefold() for a in rows}
    named = [n for a in rows for n in names_in(a.depends_on) + names_in(a.depended_by)]
    if not named:
        return [_note("actors", "no_dependencies", lang)]
    unknown = list(dict.fromkeys(n for n in named if n.casefold() not in known))
    return [_note("actors", "unknown_actor", lang, names=_list(unknown, lang))] if unknown else []


def check_portfolio(efforts: list[Effort], lang: str) -> list[FieldNote]:
    """The portfolio: filled in, each effort serving a part of the mission with a decision and
    an owner, and something merged or stopped (capability also means deselecting)."""
    rows = [e for e in efforts if e.name.strip()]
    if not rows:
        return [_note("portfolio", "portfolio_missing", lang)]
    notes = []
    checks = (
        ("no_part", [e.name for e in rows if not e.serves.strip()]),
        ("no_decision", [e.name for e in rows if not e.decision]),
        ("no_owner", [e.name for e in rows if not e.owner.strip() and e.decision != "stop"]),
    )
    for key, names in checks:
        if names:
            notes.append(_note("portfolio", key, lang, names=_list(names, lang)))
    if not any(e.decision in ("merge", "stop") for e in rows):
        notes.append(_note("portfolio", "nothing_stopped", lang))
    return notes


_AND = {"da": {"and": "og", "or": "eller"}, "nb": {"and": "og", "or": "eller"}}


def _list(items: list[str], lang: str, join: str = "and") -> str:
    """ "A, B og C" in the canvas's language."""
    word = _AND.get(lang, {}).get(join, join)
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} {word} {items[-1]}"


_SENTENCE = {
    "da": ("Vi måler {indicator}", "fra {baseline}", "til {level}", "inden {year}"),
    "nb": ("Vi måler {indicator}", "fra {baseline}", "til {level}", "innen {year}"),
    "en": ("We measure {indicator}", "from {baseline}", "to {level}", "by {year}"),
}


def what_sentence(what: dict[str, str], lang: str, today: date | None = None) -> str:
    """The WHAT's fields as the mission's sentences ("Unge uden job. Vi måler andelen i job:
    fra 70 % til 85 % inden 2032."), so that a review of the canvas reads its fields."""
    v = {
        k: (what.get(k) or "").strip().rstrip(".")
        for k in ("challenge", "indicator", "baseline", "level")
    }
    when = deadline_of(what.get("deadline") or "", lang, today)
    v["year"] = str(when.year) if when else ""
    keys = ("indicator", "baseline", "level", "year")
    pieces = [t.format(**v) for t, k in zip(_SENTENCE[lang], keys, strict=True) if v[k]]
    measured = " ".join(pieces)
    out = [x for x in (v["challenge"], measured) if x]
    return " ".join(f"{x}." for x in out)


def actors_sentence(actors: list[Actor], lang: str) -> str:
    """The actor table as a sentence of the mission ("Aktør: Kommunen (offentlig), DGI
    (civilsamfund)."), so that a review of the canvas reads who takes part, from which sector."""
    words = canvas_words()
    rows = [a for a in actors if a.name.strip()]
    if not rows:
        return ""
    named = [
        f"{a.name.strip()} ({words['sectors'][sid][lang].lower()})"
        if (sid := sector_id(a.sector))
        else a.name.strip()
        for a in rows
    ]
    return f"{words['draft']['actors'][lang]}: {', '.join(named)}."


# Each structured part's exact checks and the sentence it adds to the mission's text.
CHECKS: dict[str, Callable[[Any, str], list[FieldNote]]] = {
    "what": check_what,
    "actors": check_actors,
    "portfolio": check_portfolio,
}
SENTENCES: dict[str, Callable[[Any, str], str]] = {
    "what": what_sentence,
    "actors": actors_sentence,
}
