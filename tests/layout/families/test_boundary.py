"""Exposed boundary."""

from __future__ import annotations

import numpy as np
import pytest
from grids import all_layouts, grid_graph, problem, row_values

from landplan.layout.model import compile_layout
from landplan.layout.problem import evaluate
from landplan.solving.matrix import MatrixForm


def test_an_edge_variable_where_both_parcels_may_hold_the_industry():
    case = problem(grid_graph(2, 2), {"A": {"starting": 2.0}})  # 4 cells, 4 inner edges
    model = compile_layout(case)
    assert set(model.s) == {("A", e) for e in range(4)}
    assert len(model.rows["edge"]) == 8  # s ≤ x on each side
    assert {key[2] for key in model.rows["edge"] if key[1] == 0} == set(case.graph.edges[0][:2])


def test_the_term_is_the_boundary_weight_times_the_exposed_edge_of_every_layout():
    case = problem(grid_graph(2, 3), {"A": {"starting": 2.0}}, boundary_weight=2.5)
    model = compile_layout(case)
    names = MatrixForm.from_model(model).names
    for owner in all_layouts(case):
        values = dict(zip(names, model.start(owner, names), strict=True))
        term = sum(coef * values[var.name] for var, coef in model.terms["boundary"].items())
        assert term == pytest.approx(2.5 * evaluate(case, owner).exposed["A"])


def test_an_edge_counts_as_shared_only_where_both_sides_hold_the_industry():
    case = problem(grid_graph(1, 2), {"A": {"starting": 1.0}})
    model = compile_layout(case)
    names = MatrixForm.from_model(model).names
    values = np.zeros(len(names))
    values[names.index(model.x["A", 0].name)] = 1
    values[names.index(model.s["A", 0].name)] = 1  # claims the edge with parcel 1 empty
    assert row_values(model, values, "edge") == {("A", 0, 0): 0.0, ("A", 0, 1): 1.0}
