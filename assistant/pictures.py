"""Pictures of the structured canvas: the actor map (step 2) and the portfolio (step 3), as PNG.

    from assistant.canvas import Actor, Effort
    from assistant.pictures import actor_graph, actor_map, portfolio_view

    actors = [Actor("Skolerne", "public", depends_on="Forældrene", environment="Ungeforum")]
    actor_graph(actors).edges(data="kind")  # [("Skolerne", "Forældrene", "depends"), ...]
    png = actor_map(actors, "da")            # b"\\x89PNG..." or None for an empty table
    png = portfolio_view([Effort("Lektiecafé", "Trivsel", "keep", "Skolen")], "da")

The pictures draw with matplotlib's object API (a `Figure` on its own Agg canvas, never
pyplot), so web server threads can draw side by side; matplotlib and networkx are imported
only when a picture is asked for. The same table gives the same bytes: the layout has a
fixed seed and the PNG carries no software version.
"""

from __future__ import annotations

import io
import textwrap
from typing import TYPE_CHECKING, Any

from .canvas import DECISIONS, SECTORS, Actor, Effort, canvas_words, names_in

if TYPE_CHECKING:
    import networkx as nx
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from matplotlib.text import Text

# Okabe-Ito colours (readable with colour-blindness), light enough for black text on them.
SECTOR_COLOURS = {
    "public": "#56B4E9",
    "civil_society": "#E69F00",
    "business": "#F0E442",
    "citizens": "#CC79A7",
    "research": "#009E73",
}
DECISION_COLOURS = {"keep": "#009E73", "merge": "#E69F00", "stop": "#D55E00", "scale": "#56B4E9"}
NO_SECTOR = "#BBBBBB"
UNDECIDED = "#DDDDDD"
ENVIRONMENT = "#E0E0E0"
EDGE = "#555555"
EDGE_STYLES = {"depends": "solid", "in": "dashed", "mobilises": "dotted"}


def _word(group: str, key: str, lang: str) -> str:
    """One label from canvas.yaml in `lang`, Danish when the language is not there."""
    label = canvas_words()[group][key]
    return str(label.get(lang) or label["da"])


def _key(name: str) -> str:
    """How names are compared: "Skolerne" and " skolerne" are the same actor."""
    return name.strip().casefold()


def _wrap(text: str, width: int, lines: int = 4) -> str:
    """Long names on a few short lines, so a label stays narrow and readable."""
    return textwrap.fill(
        " ".join(text.split()), width, max_lines=lines, placeholder=" …", break_long_words=False
    )


# -- the actor graph -----------------------------------------------------------------------


def actor_graph(actors: list[Actor]) -> nx.DiGraph:
    """Who depends on whom, and who acts where: the actor table as a directed graph.

    Nodes are named as the table spells them (kind actor, outside or environment); edges are
    "depends" (A -> B: A depends on B), "in" (actor -> environment) and "mobilises"
    (mobiliser -> environment). An environment named like an actor gets the id
    "<name> (environment)"; its `label` attribute stays the name."""
    import networkx as nx

    g = nx.DiGraph()
    ids: dict[str, str] = {}
    rows = [a for a in actors if a.name.strip()]
    for a in rows:
        if _key(a.name) not in ids:
            ids[_key(a.name)] = a.name.strip()
            sector = a.sector if a.sector in SECTORS else ""
            g.add_node(a.name.strip(), kind="actor", sector=sector, label=a.name.strip())

    def node(name: str) -> str:
        if _key(name) not in ids:
            ids[_key(name)] = name.strip()
            g.add_node(name.strip(), kind="outside", sector="", label=name.strip())
        return ids[_key(name)]

    def link(source: str, target: str, kind: str) -> None:
        if source != target:
            g.add_edge(source, target, kind=kind)

    for a in rows:
        me = ids[_key(a.name)]
        for other in names_in(a.depends_on):
            link(me, node(other), "depends")
        for other in names_in(a.depended_by):
            link(node(other), me, "depends")
    environments: dict[str, str] = {}
    for a in rows:
        if not a.environment.strip():
            continue
        env = environments.get(_key(a.environment))
        if env is None:
            env = a.environment.strip()
            env = f"{env} (environment)" if _key(env) in ids else env
            environments[_key(a.environment)] = env
            g.add_node(env, kind="environment", sector="", label=a.environment.strip())
        link(ids[_key(a.name)], env, "in")
        for mobiliser in names_in(a.mobiliser):
            link(node(mobiliser), env, "mobilises")
    return g


def _legend_entries(g: nx.DiGraph, lang: str) -> list[tuple[str, str]]:
    """The legend's (key, label) pairs for what is in the picture, and only that."""
    kinds = {d["kind"] for _, d in g.nodes(data=True)}
    sectors = {d["sector"] for _, d in g.nodes(data=True) if d["kind"] == "actor"}
    edges = {k for _, _, k in g.edges(data="kind")}
    entries = [(s, _word("sectors", s, lang)) for s in SECTORS if s in sectors]
    if "" in sectors:
        entries.append(("no_sector", _word("pictures", "no_sector", lang)))
    for kind, word in (("environment", "environment"), ("outside", "outside")):
        if kind in kinds:
            entries.append((kind, _word("pictures", word, lang)))
    for kind, word in (("depends", "depends_on"), ("mobilises", "mobilises")):
        if kind in edges:
            entries.append((kind, _word("pictures", word, lang)))
    return entries


def legend_labels(actors: list[Actor], lang: str) -> list[str]:
    """The actor map's legend in `lang`: the sectors present, then environment, outside
    names and the arrows; pure, so the picture's words can be tested without reading a PNG."""
    return [label for _, label in _legend_entries(actor_graph(actors), lang)]


def decision_labels(efforts: list[Effort], lang: str) -> list[str]:
    """The portfolio's legend in `lang`: every decision, and "undecided" if an effort is."""
    labels = [_word("decisions", d, lang) for d in DECISIONS]
    if any(e.decision not in DECISIONS for e in efforts if e.name.strip()):
        labels.append(_word("pictures", "undecided", lang))
    return labels


def picture_title(picture: str, lang: str) -> str:
    """A picture's title in `lang` ("actor_map" or "portfolio")."""
    return _word("pictures", picture, lang)


# -- drawing -------------------------------------------------------------------------------


def _figure(width: float, height: float) -> Figure:
    """A figure on its own Agg canvas: no pyplot, no global state, safe in server threads."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), dpi=100, layout="constrained")
    FigureCanvasAgg(fig)
    return fig


def _png(fig: Figure) -> bytes:
    """The figure as PNG bytes, without the software version, so equal input is equal bytes."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", metadata={"Software": None})
    return buf.getvalue()


def _layout(g: nx.DiGraph) -> dict[str, list[float]]:
    """Kamada-Kawai positions (deterministic: no random start), stretched to fill [0, 1]²;
    names in separate groups stand a little further apart than the farthest connected pair."""
    import networkx as nx

    u = g.to_undirected()
    dist = {a: dict(d) for a, d in nx.shortest_path_length(u)}
    far = max((x for d in dist.values() for x in d.values()), default=1) + 1
    full = {a: {b: dist[a].get(b, far) for b in u} for a in u}
    raw = nx.kamada_kawai_layout(u, dist=full) if len(u) > 1 else {n: (0.0, 0.0) for n in u}
    xs, ys = [p[0] for p in raw.values()], [p[1] for p in raw.values()]

    def unit(v: float, lo: float, hi: float) -> float:
        return 0.5 if hi - lo < 1e-9 else (v - lo) / (hi - lo)

    return {n: [unit(raw[n][0], min(xs), max(xs)), unit(raw[n][1], min(ys), max(ys))] for n in g}


def _spread(
    pos: dict[str, list[float]],
    half: dict[str, tuple[float, float]],
    gap: tuple[float, float] = (0.04, 0.05),
    rounds: int = 300,
) -> dict[str, list[float]]:
    """Push overlapping label boxes (half widths and heights in `half`) apart along the axis
    where they overlap least, inside [0, 1]², so no label hides another."""
    nodes = sorted(pos)
    for _ in range(rounds):
        moved = False
        for i, a in enumerate(nodes):
            for b in nodes[i + 1 :]:
                d = (pos[b][0] - pos[a][0], pos[b][1] - pos[a][1])
                reach = [half[a][k] + half[b][k] + gap[k] for k in (0, 1)]
                over = [reach[k] - abs(d[k]) for k in (0, 1)]
                if over[0] <= 0 or over[1] <= 0:
                    continue
                moved = True
                k = 0 if over[0] / reach[0] < over[1] / reach[1] else 1
                step = (over[k] / 2 + 1e-3) * (1 if d[k] > 0 or (d[k] == 0 and a < b) else -1)
                pos[a][k] = min(1.0, max(0.0, pos[a][k] - step))
                pos[b][k] = min(1.0, max(0.0, pos[b][k] + step))
        if not moved:
            break
    return pos


def _overlapping(pos: dict[str, list[float]], half: dict[str, tuple[float, float]]) -> bool:
    """Whether any two label boxes still overlap."""
    nodes = sorted(pos)
    return any(
        all(abs(pos[a][k] - pos[b][k]) < half[a][k] + half[b][k] for k in (0, 1))
        for i, a in enumerate(nodes)
        for b in nodes[i + 1 :]
    )


def _fit(fig: Figure, ax: Axes, boxes: dict[str, Text]) -> dict[str, tuple[float, float]]:
    """Measure the drawn label boxes, set the limits so boxes at the edge stay inside, and
    return each box's half width and height in data units."""
    fig.draw_without_rendering()
    frame = ax.get_window_extent()
    size = {n: t.get_bbox_patch().get_window_extent() for n, t in boxes.items()}  # type: ignore[union-attr]
    mx = min(0.3, max(b.width for b in size.values()) / 2 / frame.width)
    my = min(0.3, max(b.height for b in size.values()) / 2 / frame.height)
    lx, ly = mx / (1 - 2 * mx), my / (1 - 2 * my)  # margins: half the widest box, in data
    ax.set_xlim(-lx, 1 + lx)
    ax.set_ylim(-ly, 1 + ly)
    sx, sy = (1 + 2 * lx) / frame.width, (1 + 2 * ly) / frame.height
    return {n: (b.width / 2 * sx, b.height / 2 * sy) for n, b in size.items()}


def _place(fig: Figure, ax: Axes, boxes: dict[str, Text], pos: dict[str, list[float]]) -> None:
    """Move the labels apart where they overlap; in a crowded map, with smaller type."""
    for size in (8, 7, 6):
        for t in boxes.values():
            t.set_fontsize(size)
        half = _fit(fig, ax, boxes)
        spread = _spread({n: list(xy) for n, xy in pos.items()}, half)
        if not _overlapping(spread, half):
            break
    for n, xy in spread.items():
        boxes[n].set_position((xy[0], xy[1]))


def _node_text(ax: Axes, xy: tuple[float, float], data: dict[str, Any]) -> Text:
    """A node as its wrapped label in a box: coloured ellipse (actor), white ellipse with a
    grey dashed edge (outside the table), rounded grey box (environment)."""
    kind = data["kind"]
    if kind == "environment":
        box = dict(boxstyle="round,pad=0.5", fc=ENVIRONMENT, ec="#777777", lw=1.2)
    elif kind == "outside":
        box = dict(boxstyle="ellipse,pad=0.35", fc="white", ec="#888888", lw=1.2, ls="--")
    else:
        fill = SECTOR_COLOURS.get(data["sector"], NO_SECTOR)
        box = dict(boxstyle="ellipse,pad=0.35", fc=fill, ec="#333333", lw=0.8)
    weight = "bold" if kind == "environment" else "normal"
    return ax.text(
        *xy, _wrap(data["label"], 18), ha="center", va="center", fontsize=8,
        fontweight=weight, bbox=box, zorder=2,
    )  # fmt: skip


def _arrow(ax: Axes, a: Text, b: Text, kind: str) -> None:
    """An edge from box to box; drawn after the boxes so its ends meet their outlines."""
    ax.annotate(
        "", xy=b.get_position(), xytext=a.get_position(), zorder=3,
        arrowprops=dict(
            arrowstyle="-|>" if kind != "in" else "-", color=EDGE, lw=1.1,
            linestyle=EDGE_STYLES[kind], connectionstyle="arc3,rad=0.08",
            patchA=a.get_bbox_patch(), patchB=b.get_bbox_patch(), shrinkA=2, shrinkB=2,
            mutation_scale=12,
        ),
    )  # fmt: skip


def _legend_handles(entries: list[tuple[str, str]]) -> list[Any]:
    """Small stand-ins for the legend: a dot per sector, a box on a dashed line (an
    environment and who is in it), a hollow dot (outside), the two arrows' lines."""
    from matplotlib.lines import Line2D

    def dot(colour: str, edge: str = "#333333", marker: str = "o") -> Line2D:
        return Line2D([], [], ls="", marker=marker, ms=10, mfc=colour, mec=edge)

    special = {
        "no_sector": dot(NO_SECTOR),
        "environment": (
            Line2D([], [], color=EDGE, ls="dashed"),  # the dashed line: who acts in it
            dot(ENVIRONMENT, "#777777", "s"),
        ),
        "outside": dot("white", "#888888"),
        "depends": Line2D([], [], color=EDGE, ls="solid"),
        "mobilises": Line2D([], [], color=EDGE, ls="dotted", lw=1.5),
    }
    return [special.get(key) or dot(SECTOR_COLOURS[key]) for key, _ in entries]


def actor_map(actors: list[Actor], lang: str) -> bytes | None:
    """The actor table as a map (PNG) a team can talk around: who depends on whom, in which
    sector, and which binding environments tie them together. None for an empty table."""
    g = actor_graph(actors)
    if not any(d["kind"] == "actor" for _, d in g.nodes(data=True)):
        return None
    fig = _figure(9, 6)
    ax = fig.add_subplot()
    ax.set_axis_off()
    entries = _legend_entries(g, lang)
    fig.legend(
        _legend_handles(entries), [label for _, label in entries], loc="outside lower center",
        ncol=min(len(entries), 4), fontsize=8, frameon=False,
    )  # fmt: skip
    fig.suptitle(picture_title("actor_map", lang), fontsize=13, fontweight="bold")
    pos = _layout(g)
    boxes = {n: _node_text(ax, (pos[n][0], pos[n][1]), d) for n, d in g.nodes(data=True)}
    _place(fig, ax, boxes, pos)
    for a, b, kind in sorted(g.edges(data="kind")):
        _arrow(ax, boxes[a], boxes[b], kind)
    return _png(fig)


# -- the portfolio -------------------------------------------------------------------------


def _parts(efforts: list[Effort], lang: str) -> dict[str, str]:
    """The columns, compared as names are: the parts served, in order of first mention, and
    last a column for efforts that name no part."""
    parts = {_key(e.serves): e.serves.strip() for e in reversed(efforts)}
    ordered = {k: parts[k] for k in dict.fromkeys(_key(e.serves) for e in efforts) if k}
    if "" in parts:
        ordered[""] = _word("pictures", "no_part", lang)
    return ordered


def _decision_cell(ax: Axes, row: int, col: int, decision: str, lang: str, width: int) -> None:
    """The mark where an effort meets its part: a box in the decision's colour, labelled."""
    from matplotlib.patches import FancyBboxPatch

    known = decision if decision in DECISIONS else ""
    label = _word("decisions", known, lang) if known else _word("pictures", "undecided", lang)
    ax.add_patch(
        FancyBboxPatch(
            (col - 0.42, row - 0.34), 0.84, 0.68, boxstyle="round,pad=0,rounding_size=0.08",
            fc=DECISION_COLOURS.get(known, UNDECIDED), ec="#333333", lw=0.6, zorder=2,
        )
    )  # fmt: skip
    ax.text(col, row, _wrap(label, width, 2), ha="center", va="center", fontsize=8, zorder=3)


def _grid(ax: Axes, names: list[str], headers: list[str]) -> None:
    """Rows (shaded every other) and columns of the matrix, the headers on top."""
    ax.set_xlim(-0.5, len(headers) - 0.5)
    ax.set_ylim(len(names) - 0.5, -0.5)
    for i in range(0, len(names), 2):
        ax.axhspan(i - 0.5, i + 0.5, color="#F4F4F4", zorder=0)
    for x in range(len(headers)):
        ax.axvline(x - 0.5, color="#CCCCCC", lw=0.8, zorder=1)
    ax.set_yticks(range(len(names)), names, fontsize=8)
    ax.set_xticks(range(len(headers)), headers, fontsize=8, fontweight="bold")
    ax.xaxis.tick_top()
    ax.tick_params(length=0)
    for spine in ax.spines.values():
        spine.set_visible(False)


def portfolio_view(efforts: list[Effort], lang: str) -> bytes | None:
    """The portfolio as a matrix (PNG): which part of the mission each effort serves, what
    the team decided for it, and who owns it. None when no effort has a name."""
    from matplotlib.lines import Line2D

    rows = [e for e in efforts if e.name.strip()]
    if not rows:
        return None
    parts = _parts(rows, lang)
    column = {k: j for j, k in enumerate(parts)}
    width = max(8, min(18, 90 // (len(parts) + 1)))  # characters a column has room for
    names = [_wrap(e.name, 32, 4) for e in rows]
    owners = [_wrap(e.owner, width + 4, 4) if e.owner.strip() else "–" for e in rows]
    headers = [_wrap(p, width, 6) for p in parts.values()]
    headers.append(_word("effort_columns", "owner", lang))
    lines = max(t.count("\n") + 1 for t in names + owners)  # the tallest row's
    head = max(h.count("\n") + 1 for h in headers)
    fig = _figure(9, max(3.5, 1.2 + 0.15 * head + len(rows) * (0.2 + 0.15 * lines)))
    ax = fig.add_subplot()
    _grid(ax, names, headers)
    for i, e in enumerate(rows):
        _decision_cell(ax, i, column[_key(e.serves)], e.decision, lang, width)
        ax.text(len(parts), i, owners[i], ha="center", va="center", fontsize=8, style="italic")
    labels = decision_labels(rows, lang)
    colours = [DECISION_COLOURS[d] for d in DECISIONS] + [UNDECIDED]
    handles = [Line2D([], [], ls="", marker="s", ms=10, mfc=c, mec="#333333") for c in colours]
    fig.legend(
        handles[: len(labels)], labels, loc="outside lower center", ncol=len(labels),
        fontsize=8, frameon=False,
    )  # fmt: skip
    fig.suptitle(picture_title("portfolio", lang), fontsize=13, fontweight="bold")
    return _png(fig)
