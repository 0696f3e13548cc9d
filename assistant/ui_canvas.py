"""The guide tab's structured canvas: the WHAT's fields, the actor table with its map, and the
portfolio with its view.

Built inside the app's Blocks by `ui.build_ui`, below the team's answer box. Each part shows
only at the prompt it belongs to (`guide.STRUCTURE`), labelled in the canvas's language; the
callbacks turn the widgets into a `Guide.fill` call and the canvas back into widget updates.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

import gradio as gr

from .canvas import WHAT_FIELDS, Actor, Canvas, Effort, canvas_words
from .export import structure_table
from .guide import STRUCTURE
from .pictures import actor_map, portfolio_view

_ROWS = 6  # empty rows offered in a new table


@dataclass
class StructureWidgets:
    """The structured canvas's components in the guide tab."""

    what_box: Any
    what: list[Any]
    actors_box: Any
    actors_hint: Any
    actors: Any
    actor_map: Any
    portfolio_box: Any
    portfolio_hint: Any
    portfolio: Any
    portfolio_view: Any

    @property
    def outputs(self) -> list[Any]:
        """What `updates` sets, in its order."""
        return [
            self.what_box,
            *self.what,
            self.actors_box,
            self.actors_hint,
            self.actors,
            self.actor_map,
            self.portfolio_box,
            self.portfolio_hint,
            self.portfolio,
            self.portfolio_view,
        ]

    @property
    def inputs(self) -> list[Any]:
        """What `read` takes, in its order."""
        return [*self.what, self.actors, self.portfolio]


def build_structure() -> StructureWidgets:
    """The components (inside the guide tab's Blocks), hidden until a canvas is at their prompt."""
    with gr.Group(visible=False, elem_id="mg-what-fields") as what_box:
        what = [
            gr.Textbox(label=k, lines=1, max_lines=3, elem_id=f"mg-what-{k}") for k in WHAT_FIELDS
        ]
    with gr.Group(visible=False, elem_id="mg-actors-box") as actors_box:
        actors_hint, actors, actor_pic = _table_with_picture(
            "actor_columns",
            ["16%", "13%", "15%", "14%", "14%", "15%", "13%"],
            "mg-actors",
            "mg-actor-map",
        )
    with gr.Group(visible=False, elem_id="mg-portfolio-box") as portfolio_box:
        portfolio_hint, portfolio, portfolio_pic = _table_with_picture(
            "effort_columns", ["30%", "30%", "18%", "22%"], "mg-portfolio", "mg-portfolio-view"
        )
    return StructureWidgets(
        what_box,
        what,
        actors_box,
        actors_hint,
        actors,
        actor_pic,
        portfolio_box,
        portfolio_hint,
        portfolio,
        portfolio_pic,
    )


def _table_with_picture(
    columns: str, widths: list[str | int], table_id: str, picture_id: str
) -> tuple[Any, Any, Any]:
    """A table's instructions, the editable table, and the picture drawn from it (hidden
    until there is one)."""
    hint = gr.Markdown(elem_id=f"{table_id}-hint")
    table = gr.Dataframe(
        column_count=len(canvas_words()[columns]),
        row_count=_ROWS,
        datatype="str",
        interactive=True,
        wrap=True,
        column_widths=widths,
        elem_id=table_id,
    )
    picture = gr.Image(
        type="pil", interactive=False, visible=False, show_label=False, elem_id=picture_id
    )
    return hint, table, picture


def updates(canvas: Canvas, prompt_id: str) -> list[Any]:
    """The structured canvas as widget updates (`StructureWidgets.outputs`) at a prompt."""
    words, lang = canvas_words(), canvas.lang
    at = {part: prompt_id == pid for part, pid in STRUCTURE.items()}
    what = [
        gr.update(label=words["what"][k][lang], value=canvas.what.get(k, "")) for k in WHAT_FIELDS
    ]
    return [
        gr.update(visible=at["what"]),
        *what,
        gr.update(visible=at["actors"]),
        _hint("sectors", "actor_hint", lang),
        _table(*structure_table(canvas, "actors")[1:]),
        _png(actor_map(canvas.actors, lang) if at["actors"] else None),
        gr.update(visible=at["portfolio"]),
        _hint("decisions", "portfolio_hint", lang),
        _table(*structure_table(canvas, "portfolio")[1:]),
        _png(portfolio_view(canvas.portfolio, lang) if at["portfolio"] else None),
    ]


def read(prompt_id: str, *values: Any) -> dict[str, Any]:
    """The structured part of `prompt_id` from the widgets' values (`StructureWidgets.inputs`),
    as keyword arguments of `Guide.fill`: {} at a prompt without one."""
    *what, actors, portfolio = values
    if prompt_id == STRUCTURE["what"]:
        return {"what": {k: str(v or "") for k, v in zip(WHAT_FIELDS, what, strict=True)}}
    if prompt_id == STRUCTURE["actors"]:
        return {"actors": [Actor(*r) for r in _rows(actors, 7)]}
    if prompt_id == STRUCTURE["portfolio"]:
        return {"portfolio": [Effort(*r) for r in _rows(portfolio, 4)]}
    return {}


def _rows(table: Any, width: int) -> list[list[str]]:
    """A table's filled rows as strings, `width` cells each (a DataFrame or a list of lists)."""
    raw = table.values.tolist() if hasattr(table, "values") else list(table or [])
    rows = [[("" if c is None or c != c else str(c)).strip() for c in r][:width] for r in raw]
    return [r + [""] * (width - len(r)) for r in rows if r and r[0]]


def _table(headers: list[str], rows: list[list[str]]) -> Any:
    """A table's update: its rows under headers in the canvas's language, with empty rows to
    fill in below."""
    import pandas as pd

    rows = rows + [[""] * len(headers) for _ in range(max(1, _ROWS - len(rows)))]
    return gr.update(value=pd.DataFrame(rows, columns=headers))


def _hint(group: str, key: str, lang: str) -> str:
    """The table's instructions, naming the words its sector or decision column takes."""
    choices = ", ".join(v[lang] for v in canvas_words()[group].values())
    return canvas_words()["hints"][key][lang].format(choices=choices)


def _png(data: bytes | None) -> Any:
    """A picture's update: shown when there is one, hidden (no empty frame) when not."""
    if data is None:
        return gr.update(value=None, visible=False)
    from PIL import Image

    return gr.update(value=Image.open(io.BytesIO(data)), visible=True)
