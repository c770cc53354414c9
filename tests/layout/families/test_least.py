"""The least-boundary cuts: they keep every layout and cut off land spread thinly."""

from __future__ import annotations

import numpy as np
import pytest
from grids import all_layouts, broken, grid_graph, problem, row_values

from landplan.layout.model import compile_layout
from landplan.solving.matrix import MatrixForm

LAND = {"A": {"starting": 3.0}, "B": {"starting": 2.0}}


def test_a_cut_for_each_industry_and_each_linked_group_and_partners_beside():
    case = problem(grid_graph(3, 3), LAND, links=[("A", "B", 1.0)])
    rows = compile_layout(case).rows
    assert list(rows["least"]) == [("A",), ("B",), ("A", "B")]
    least = {key: -row.constant for key, row in rows["least"].items()}
    assert least == {("A",): 8.0, ("B",): 6.0, ("A", "B"): 10.0}  # Harary and Harborth
    assert list(rows["beside"]) == [("A",), ("B",)]
    assert not compile_layout(problem(grid_graph(3, 3), LAND)).rows.get("beside")


def test_no_layout_breaks_a_cut():
    case = problem(grid_graph(3, 3), LAND, links=[("A", "B", 1.0)])
    model = compile_layout(case)
    for owner in all_layouts(case):
        assert not broken(model, owner, "least") and not broken(model, owner, "beside")


def test_land_spread_thinly_is_cut_off():
    """A third of industry A on each of nine parcels, every edge a third shared: 4 km of
    exposed boundary by the model's count, below the 8 km three cells must have."""
    case = problem(grid_graph(3, 3), {"A": {"starting": 3.0}})
    model = compile_layout(case)
    names = MatrixForm.from_model(model).names
    values = np.zeros(len(names))
    for var in (*model.x.values(), *model.s.values()):
        values[names.index(var.name)] = 1 / 3
    assert row_values(model, values, "least")["A",] == pytest.approx(4.0)
