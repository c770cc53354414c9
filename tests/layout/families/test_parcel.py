"""One industry a parcel."""

from __future__ import annotations

import numpy as np
from grids import grid_graph, problem, row_values

from landplan.layout.model import compile_layout
from landplan.solving.matrix import MatrixForm


def test_a_row_for_each_parcel_two_industries_may_take():
    case = problem(grid_graph(3, 3), {"A": {"starting": 3.0}, "B": {"starting": 2.0}})
    rows = compile_layout(case).rows["parcel"]
    assert list(rows) == [(i,) for i in range(9)]
    assert all(len(row) == 2 and row.constant == -1 for row in rows.values())


def test_a_parcel_only_one_industry_may_take_needs_no_row():
    tiers = {i: "starting" if i < 3 else "expansion" for i in range(6)}
    case = problem(grid_graph(2, 3, tiers), {"A": {"starting": 1.0}, "B": {"expansion": 1.0}})
    assert not compile_layout(case).rows.get("parcel")


def test_two_industries_on_one_parcel_break_its_row():
    case = problem(grid_graph(1, 2), {"A": {"starting": 1.0}, "B": {"starting": 1.0}})
    model = compile_layout(case)
    names = MatrixForm.from_model(model).names
    values = np.zeros(len(names))
    values[names.index(model.x["A", 0].name)] = values[names.index(model.x["B", 0].name)] = 1
    assert row_values(model, values, "parcel") == {(0,): 1.0, (1,): 0.0}
