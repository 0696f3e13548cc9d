"""The handbook's method as typed data, loaded from assistant/resources/method.yaml.

method = load_method()
method.steps[0].prompts[0].text["da"]      # "HVAD er det for en samfundsudfordring ..."
method.quality["mission"].questions[0].id  # "mission.1"
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

METHOD_FILE = Path(__file__).parent / "resources" / "method.yaml"
RATINGS = ("yes", "partly", "no", "not_yet")


@dataclass(frozen=True)
class Check:
    id: str
    present: re.Pattern[str]
    message: dict[str, str]
    source: str
    quote: str


@dataclass(frozen=True)
class Prompt:
    id: str
    step: int
    text: dict[str, str]
    guidance: str  # the search that finds this prompt's guidance in the corpus
    checks: tuple[str, ...]


@dataclass(frozen=True)
class Step:
    id: int
    title: dict[str, str]
    prompts: tuple[Prompt, ...]
    quality_list: str


@dataclass(frozen=True)
class QualityQuestion:
    id: str  # "mission.1"
    text: dict[str, str]


@dataclass(frozen=True)
class QualityList:
    id: str
    title: dict[str, str]
    questions: tuple[QualityQuestion, ...]


@dataclass(frozen=True)
class Method:
    steps: tuple[Step, ...]
    quality: dict[str, QualityList]
    checks: dict[str, Check]

    @property
    def prompts(self) -> tuple[Prompt, ...]:
        return tuple(p for s in self.steps for p in s.prompts)

    def prompt(self, prompt_id: str) -> Prompt:
        for p in self.prompts:
            if p.id == prompt_id:
                return p
        raise KeyError(prompt_id)

    @property
    def questions(self) -> tuple[QualityQuestion, ...]:
        return tuple(q for lst in self.quality.values() for q in lst.questions)


@lru_cache(maxsize=1)
def load_method(path: Path = METHOD_FILE) -> Method:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    steps = tuple(
        Step(
            id=s["id"],
            title=s["title"],
            prompts=tuple(
                Prompt(p["id"], s["id"], p["text"], p["guidance"], tuple(p.get("checks", ())))
                for p in s["prompts"]
            ),
            quality_list=s["quality_list"],
        )
        for s in raw["steps"]
    )
    quality = {
        lid: QualityList(
            lid,
            lst["title"],
            tuple(QualityQuestion(f"{lid}.{n}", q) for n, q in enumerate(lst["questions"], 1)),
        )
        for lid, lst in raw["quality_lists"].items()
    }
    checks = {
        cid: Check(
            cid,
            re.compile(c["present"], re.IGNORECASE),
            c["message"],
            c["source"]["file"],
            c["source"]["quote"],
        )
        for cid, c in raw["checks"].items()
    }
    return Method(steps, quality, checks)
