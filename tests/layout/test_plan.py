"""A whole plan laid out: one problem a park, what the parcels cannot hold said before solving,
the parks solved on an executor and gathered in park order; and the tables a planner reads."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from conftest import tiny_parks
from grids import grid_graph

import landplan
from landplan.inputs.parcels import Parcels, grid_parcels
from landplan.inputs.settings import LayoutSettings
from landplan.layout.measures import LAYOUT_COLUMNS, blocks, layout_kpis, summary_table
from landplan.layout.plan import LayoutError, lay_out, park_problems, shortfalls
from landplan.solving.options import SolverOptions

LINKS = pd.DataFrame(
    [("A", "B", 1.0), ("A", "C", 0.5)], columns=["cluster_a", "cluster_b", "strength"]
)


def plan(*rows: tuple[str, str, str, float]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["cluster_id", "park_id", "tier", "land_km2"])


@pytest.fixture(scope="module")
def parcels() -> Parcels:
    return grid_parcels(tiny_parks(), cell_ha=4.0)  # about 25 cells of 4 ha a tier


PLAN = plan(
    ("A", "P1", "starting", 0.2),
    ("B", "P1", "starting", 0.12),
    ("A", "P1", "expansion", 0.08),
    ("C", "P2", "expansion", 0.3),
)


def test_one_problem_a_park_with_its_industries_land_and_links(parcels):
    settings = LayoutSettings(boundary_weight=2.0, partner_weight=1.0, contiguity=True)
    first, second = park_problems(parcels, PLAN, LINKS, settings)
    assert (first.park_id, first.clusters, second.park_id, second.clusters) == (
        "P1", ("A", "B"), "P2", ("C",),
    )  # fmt: skip
    assert first.land["A"] == {"starting": 0.2, "expansion": 0.08}
    assert first.links == (("A", "B", 1.0),) and second.links == ()  # partners in the park only
    assert first.boundary_weight == 2.0 and first.contiguity
    assert first.graph.side_km == pytest.approx(0.2) and first.graph.shape == "square"


def test_what_the_parcels_cannot_hold_is_said_by_park_and_tier(parcels):
    coarse = grid_parcels(tiny_parks(), cell_ha=25.0)  # half a parcel is 0.125 km²
    settings = LayoutSettings()
    found = shortfalls(park_problems(coarse, plan(("A", "P1", "starting", 0.1)), LINKS, settings))
    assert (
        found and "under half a parcel" in found[0] and "use parcels of at most 20 ha" in found[0]
    )
    crowded = plan(("A", "P1", "starting", 0.9), ("B", "P1", "starting", 0.9))
    found = shortfalls(park_problems(parcels, crowded, LINKS, settings))
    assert found == [found[0]] and found[0].startswith("park P1, starting area: the plan needs")
    with pytest.raises(LayoutError, match="the parcels cannot hold the plan"):
        lay_out(parcels, crowded, LINKS, settings, SolverOptions())


def test_the_parks_come_back_in_order_whatever_finished_first(parcels):
    heard = []
    layout = lay_out(
        parcels, PLAN, LINKS, LayoutSettings(), SolverOptions(),
        executor=landplan.Executor(workers=1), progress=lambda *said: heard.append(said),
    )  # fmt: skip
    parks = [r.park_id for r in layout.results]
    assert parks == ["P1", "P2"] == [p.park_id for p in layout.problems]
    assert all(r.has_layout for r in layout.results)
    size = sum(p.graph.size for p in layout.problems)
    assert heard[0][0].startswith(f"2 parks, {size:,} parcels, ") and heard[0][1:] == (0, 2)
    assert [done for _, done, _ in heard] == [0, 1, 2]
    assert heard[-1][0].startswith("P2: optimal, gap 0.0 % to the proven bound (")  # each park


def test_a_park_too_large_is_refused_before_anything_is_solved(parcels):
    with pytest.raises(LayoutError, match=r"park P\d has \d+ parcels .*--max-parcels"):
        lay_out(parcels, PLAN, LINKS, LayoutSettings(max_parcels=10), SolverOptions())


def test_the_summary_is_layout_csv_and_the_kpis_add_up(parcels):
    layout = lay_out(parcels, PLAN, LINKS, LayoutSettings(), SolverOptions(), executor=landplan.Executor(workers=1))  # fmt: skip
    table = summary_table(layout)
    assert list(table.columns) == LAYOUT_COLUMNS
    assert list(zip(table["park_id"], table["cluster_id"], strict=True)) == [
        ("P1", "A"), ("P1", "B"), ("P2", "C"),
    ]  # fmt: skip
    planned = table.set_index("cluster_id")["planned_km2"]
    assert planned.to_dict() == pytest.approx({"A": 0.28, "B": 0.12, "C": 0.3})
    assert (abs(table["laid_out_km2"] - table["planned_km2"]) <= 0.04).all()  # a parcel at most
    assert (table["exposed_boundary_km"] >= table["least_boundary_km"] - 1e-9).all()
    kpis = layout_kpis(layout)
    assert kpis["parks"] == 2 and kpis["parks_without_layout"] == 0
    assert kpis["worst_gap"] == max(r.gap for r in layout.results)
    assert kpis["irregular_parcels"] is False  # a grid: the bound counts the cells' sides


def test_blocks_are_numbered_largest_first_for_each_industry():
    graph = grid_graph(1, 6)
    owner = np.array([0, -1, 0, 0, 1, -1])
    assert blocks(owner, graph).tolist() == [2, 0, 1, 1, 1, 0]
