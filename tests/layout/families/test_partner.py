"""Edge shared with chain partners."""

from __future__ import annotations

import pytest
from grids import all_layouts, grid_graph, problem

from landplan.layout.model import compile_layout
from landplan.layout.problem import evaluate
from landplan.solving.matrix import MatrixForm

LAND = {"A": {"starting": 2.0}, "B": {"starting": 1.0}}


def test_no_link_no_partner_edge():
    model = compile_layout(problem(grid_graph(1, 3), LAND))
    assert not model.u and "partner" not in model.terms and not model.rows.get("partner")


def test_both_ways_round_each_edge_and_a_row_for_each_side():
    model = compile_layout(problem(grid_graph(1, 3), LAND, links=[("A", "B", 1.0)]))
    assert set(model.u) == {(0, side, e) for side in (0, 1) for e in (0, 1)}
    assert model.holders((0, 1, 0)) == ("B", "A")  # side 1: B on the edge's first parcel
    assert len(model.rows["partner"]) == 8


def test_the_term_is_minus_the_weight_times_the_strength_times_the_shared_edge():
    case = problem(grid_graph(2, 3), LAND, links=[("A", "B", 0.5)], partner_weight=1.5)
    model = compile_layout(case)
    names = MatrixForm.from_model(model).names
    for owner in all_layouts(case):
        values = dict(zip(names, model.start(owner, names), strict=True))
        term = sum(coef * values[var.name] for var, coef in model.terms["partner"].items())
        shared = evaluate(case, owner).partner_edge["A", "B"]
        assert term == pytest.approx(-1.5 * 0.5 * shared)
