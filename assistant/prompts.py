"""Prompts are files in prompts/, rendered strictly: a missing variable is an error.

render(settings.prompts_dir, "answer_user", question=q, passages=p)
"""

from __future__ import annotations

from pathlib import Path
from string import Template

from .types import MissionsguidenError


def render(prompts_dir: Path, name: str, **variables: str) -> str:
    path = prompts_dir / f"{name}.md"
    if not path.exists():
        raise MissionsguidenError(f"prompt '{name}' not found in {prompts_dir}")
    try:
        return Template(path.read_text(encoding="utf-8")).substitute(variables)
    except KeyError as exc:
        raise MissionsguidenError(f"prompt '{name}' needs the variable {exc}") from exc
