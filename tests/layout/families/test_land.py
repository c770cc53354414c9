"""Each industry's planned land in each tier, to within half a parcel."""

from __future__ import annotations

import numpy as np
from grids import broken, grid_graph, problem

from landplan.layout.model import compile_layout

TIERS = {i: ("starting", "expansion")[i % 2] for i in range(6)}  # 2 × 3: columns alternate


def test_a_band_of_half_a_parcel_either_side_of_the_plan():
    case = problem(grid_graph(2, 3), {"A": {"starting": 2.4}})  # 2.4 km² → 2 parcels of 1
    rows = compile_layout(case).rows["land"]
    assert list(rows) == [("A", "starting", ">="), ("A", "starting", "<=")]
    assert [row.constant for row in rows.values()] == [-1.9, -2.9]
    assert all(len(row) == 6 and set(row.values()) == {1.0} for row in rows.values())


def test_each_tier_of_the_plan_has_its_rows_over_its_own_parcels():
    case = problem(grid_graph(2, 3, TIERS), {"A": {"starting": 2.0, "expansion": 1.0}})
    rows = compile_layout(case).rows["land"]
    assert set(rows) == {("A", t, s) for t in ("starting", "expansion") for s in (">=", "<=")}
    starting = {var.name for var in rows["A", "starting", ">="]}
    assert starting == {"x_0_0", "x_0_2", "x_0_4"}  # the starting column's parcels


def test_too_little_or_too_much_land_breaks_the_band_and_the_plan_keeps_it():
    case = problem(grid_graph(2, 3), {"A": {"starting": 2.4}})
    model = compile_layout(case)
    assert not broken(model, np.array([0, 0, -1, -1, -1, -1]), "land")
    assert broken(model, np.array([0, -1, -1, -1, -1, -1]), "land") == {("A", "starting", ">=")}
    assert broken(model, np.array([0, 0, 0, -1, -1, -1]), "land") == {("A", "starting", "<=")}
