"""The actor map and the portfolio: the graph behind the map, and PNGs that are stable."""

from assistant.canvas import Actor, Effort
from assistant.pictures import (
    _parts,
    actor_graph,
    actor_map,
    decision_labels,
    legend_labels,
    picture_title,
    portfolio_view,
)

PNG = b"\x89PNG\r\n\x1a\n"

ACTORS = [
    Actor("Skolerne", "public", depends_on="Forældrene; Ungdomsklubben", environment="Ungeforum"),
    Actor("Ungdomsklubben", "civil_society", depended_by="DGI", environment="Fritidsalliancen"),
    Actor("Forældrene", "citizens", environment="ungeforum ", mobiliser="Skolerne"),
    Actor(
        "Lokale virksomheder", "business", environment="Fritidsalliancen", mobiliser="Jobcentret"
    ),
]
EFFORTS = [
    Effort("Lektiecafé", "Trivsel i skolen", "keep", "Biblioteket"),
    Effort("Fritidsjob", "Flere unge i job", "scale", "Jobcentret"),
    Effort("Sommerlejr", "", "", "Kultur og Fritid"),
]


def edges(actors: list[Actor], kind: str) -> set[tuple[str, str]]:
    return {(a, b) for a, b, k in actor_graph(actors).edges(data="kind") if k == kind}


def test_dependencies_come_from_both_columns() -> None:
    actors = [Actor("A", depends_on="B, C"), Actor("B", depended_by="C; A"), Actor("C")]
    assert edges(actors, "depends") == {("A", "B"), ("A", "C"), ("C", "B")}


def test_names_match_whatever_their_case_and_spaces_and_keep_the_rows_spelling() -> None:
    actors = [Actor("Skolerne", depends_on=" FORÆLDRENE "), Actor(" Forældrene ")]
    g = actor_graph(actors)
    assert set(g) == {"Skolerne", "Forældrene"}
    assert edges(actors, "depends") == {("Skolerne", "Forældrene")}


def test_a_name_that_is_no_row_is_an_outside_node() -> None:
    g = actor_graph([Actor("Skolerne", "public", depends_on="Jobcentret; jobcentret")])
    assert g.nodes["Jobcentret"]["kind"] == "outside"
    assert g.nodes["Skolerne"] == {"kind": "actor", "sector": "public", "label": "Skolerne"}
    assert len(g) == 2


def test_environments_and_mobilisers() -> None:
    g = actor_graph(ACTORS)
    kinds = {n: d["kind"] for n, d in g.nodes(data=True)}
    assert [n for n, k in kinds.items() if k == "environment"] == ["Ungeforum", "Fritidsalliancen"]
    assert edges(ACTORS, "in") == {
        ("Forældrene", "Ungeforum"),  # "ungeforum " is Ungeforum
        ("Ungdomsklubben", "Fritidsalliancen"),
        ("Lokale virksomheder", "Fritidsalliancen"),
    }
    # Skolerne is in Ungeforum and mobilises Forældrene there: one edge, the mobilising one
    assert edges(ACTORS, "mobilises") == {
        ("Skolerne", "Ungeforum"),
        ("Jobcentret", "Fritidsalliancen"),
    }
    assert kinds["Jobcentret"] == "outside" and kinds["DGI"] == "outside"


def test_a_mobiliser_without_an_environment_draws_nothing() -> None:
    g = actor_graph([Actor("Skolerne", mobiliser="Kommunen")])
    assert list(g) == ["Skolerne"] and not g.edges


def test_an_environment_named_like_an_actor_is_its_own_node() -> None:
    g = actor_graph([Actor("Ungeforum", environment="Ungeforum")])
    assert g.nodes["Ungeforum"]["kind"] == "actor"
    env = "Ungeforum (environment)"
    assert g.nodes[env]["kind"] == "environment" and g.nodes[env]["label"] == "Ungeforum"
    assert edges([Actor("Ungeforum", environment="Ungeforum")], "in") == {("Ungeforum", env)}


def test_no_self_loops_and_unknown_sectors_are_none() -> None:
    g = actor_graph([Actor("A", "nonsense", depends_on="a", depended_by=" A ")])
    assert not g.edges
    assert g.nodes["A"]["sector"] == ""


def test_legend_in_the_canvas_language() -> None:
    assert legend_labels(ACTORS, "nb") == [
        "Offentlig",
        "Sivilsamfunn",
        "Næringsliv",
        "Innbyggere og brukere",
        "Forpliktende handlingsmiljø",
        "ikke i tabellen",
        "→ er avhengig av",
        "mobiliserer",
    ]
    assert legend_labels([Actor("A"), Actor("B", "research")], "en") == [
        "Research",
        "Sector not given",
    ]
    assert legend_labels([], "en") == []
    assert picture_title("actor_map", "nb") == "Aktørkart"
    assert picture_title("portfolio", "en") == "The portfolio"


def test_decision_legend_in_the_canvas_language() -> None:
    assert decision_labels(EFFORTS[:2], "nb") == ["Fortsett", "Slå sammen", "Stopp", "Skaler opp"]
    assert decision_labels(EFFORTS, "en") == ["Keep", "Merge", "Stop", "Scale up", "not decided"]


def test_portfolio_columns_in_order_of_first_mention_with_no_part_last() -> None:
    efforts = [Effort("a", ""), Effort("b", "Trivsel"), Effort("c", "Job"), Effort("d", "trivsel ")]
    assert list(_parts(efforts, "en").values()) == ["Trivsel", "Job", "(no part given)"]
    assert list(_parts(efforts[1:], "da").values()) == ["Trivsel", "Job"]


def test_the_pictures_are_pngs_and_the_same_table_gives_the_same_bytes() -> None:
    first, second = actor_map(ACTORS, "da"), actor_map(ACTORS, "da")
    assert first is not None and first.startswith(PNG) and first == second
    assert actor_map(ACTORS, "en") != first  # the legend and title follow the language
    view = portfolio_view(EFFORTS, "da")
    assert view is not None and view.startswith(PNG) and view == portfolio_view(EFFORTS, "da")


def test_empty_tables_give_no_picture() -> None:
    assert actor_map([], "da") is None
    assert actor_map([Actor("  ", "public", depends_on="Skolerne")], "da") is None
    assert portfolio_view([], "da") is None
    assert portfolio_view([Effort(" ", "Trivsel", "keep")], "da") is None


def test_a_single_actor_and_a_crowded_portfolio_render() -> None:
    one = actor_map([Actor("Skolerne")], "nb")
    assert one is not None and one.startswith(PNG)
    efforts = [
        Effort(
            f"Indsats {i}: en meget lang beskrivelse af hvad projektet egentlig gør i praksis",
            f"Del {i % 4} af missionen med et langt navn" if i % 5 else "",
            ("keep", "merge", "stop", "scale", "")[i % 5],
            f"Forvaltningen for et langt område nummer {i}",
        )
        for i in range(12)
    ]
    view = portfolio_view(efforts, "da")
    assert view is not None and view.startswith(PNG)
