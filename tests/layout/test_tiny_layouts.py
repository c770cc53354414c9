"""Tiny parks whose best layout can be drawn by hand, solved to gap 0 with each solver."""

from __future__ import annotations

import numpy as np
import pytest
from grids import all_layouts, best_value, grid_graph, problem

from landplan.layout.bound import layout_bound
from landplan.layout.model import compile_layout
from landplan.layout.problem import evaluate, layout_faults
from landplan.layout.solve import solve_layout
from landplan.solving.adapters import call_solver
from landplan.solving.matrix import MatrixForm
from landplan.solving.options import SolverOptions
from landplan.solving.result import Status

SOLVERS = ["highs", "scip"]

# A 3×3 park, industry A on 3 parcels and B on 2. Alone, 3 parcels have at least 8 km of
# boundary (an L or a bar) and 2 parcels 6 km: 14 km. As chain partners (strength 1, partner
# weight 1) they share 2 km at best (B's bar along A's bar: 5 parcels with 10 km of boundary
# together, the least 5 parcels can have), so 8 + 6 − 2 = 12.
GRID = grid_graph(3, 3)
APART = problem(GRID, {"A": {"starting": 3.0}, "B": {"starting": 2.0}})
PARTNERS = problem(GRID, {"A": {"starting": 3.0}, "B": {"starting": 2.0}}, links=[("A", "B", 1.0)])


@pytest.mark.parametrize("case, optimum", [(APART, 14.0), (PARTNERS, 12.0)])
def test_brute_force_agrees_with_the_hand_worked_optimum(case, optimum):
    assert best_value(case) == pytest.approx(optimum)


@pytest.mark.parametrize("solver", SOLVERS)
@pytest.mark.parametrize("case, optimum", [(APART, 14.0), (PARTNERS, 12.0)])
def test_the_model_solves_to_the_optimum_with_gap_0(solver, case, optimum):
    model = compile_layout(case)
    form = MatrixForm.from_model(model)
    run = call_solver(form, solver, gap=0.0)
    assert -run.objective == pytest.approx(optimum, abs=1e-6)
    owner = model.owner(run.values, form.names)
    assert not layout_faults(case, owner)
    assert evaluate(case, owner).objective == pytest.approx(optimum)


@pytest.mark.parametrize("solver", SOLVERS)
@pytest.mark.parametrize("case, optimum", [(APART, 14.0), (PARTNERS, 12.0)])
def test_solve_layout_proves_the_optimum(solver, case, optimum):
    result = solve_layout(case, SolverOptions(name=solver, gap=0.0))
    assert result.status == Status.OPTIMAL and result.gap == 0.0
    assert result.objective == pytest.approx(optimum) and result.bound == pytest.approx(optimum)
    assert (result.owner == 0).sum() == 3 and (result.owner == 1).sum() == 2


@pytest.mark.parametrize("case", [APART, PARTNERS])
def test_the_bound_is_below_every_layout_and_reaches_the_optimum_here(case):
    bound = layout_bound(case)
    assert bound == pytest.approx(best_value(case), abs=1e-3)  # within the rounding allowance
    assert all(evaluate(case, o).objective >= bound - 1e-9 for o in all_layouts(case))


@pytest.mark.parametrize("case", [APART, PARTNERS])
def test_every_real_layout_satisfies_every_row_of_the_model(case):
    """The least-boundary cuts remove fractional points only: no layout breaks them."""
    model = compile_layout(case)
    form = MatrixForm.from_model(model)
    for owner in all_layouts(case):
        values = model.start(owner, form.names)
        assert form.violation(values) <= 1e-9
        assert form.value_of(values) == pytest.approx(-evaluate(case, owner).objective)


def test_contiguity_that_cannot_hold_keeps_the_best_layout_in_blocks():
    """A strip with its middle parcel not developable: 3 parcels cannot be one block; the
    park still gets the best layout, in two blocks, and says why."""
    strip = grid_graph(1, 5, unusable={2})
    free = solve_layout(problem(strip, {"A": {"starting": 3.0}}), SolverOptions(gap=0.0))
    assert free.status == Status.OPTIMAL  # without contiguity: two blocks, 4 + 6 = 10 km
    assert free.objective == pytest.approx(10.0)
    tied = solve_layout(
        problem(strip, {"A": {"starting": 3.0}}, contiguity=True), SolverOptions(gap=0.0)
    )
    assert tied.status == Status.OPTIMAL and tied.objective == pytest.approx(10.0)
    assert "2 pieces" in tied.notes["A"]


def test_tiers_that_do_not_touch_may_hold_one_block_each_under_contiguity():
    """Starting cells on the left, reserve cells on the right, a column of expansion between."""
    tiers = {i: t for i, t in enumerate(["starting", "expansion", "reserve"] * 3)}
    case = problem(
        grid_graph(3, 3, tiers), {"A": {"starting": 2.0, "reserve": 2.0}}, contiguity=True
    )
    result = solve_layout(case, SolverOptions(gap=0.0))
    assert result.status == Status.OPTIMAL and result.objective == pytest.approx(12.0)


def test_a_parcel_an_industry_may_take_but_need_not_can_join_its_blocks_in_the_bound():
    """Starting column, expansion column, reserve column: A needs 3 parcels in each outer
    column and may take one expansion parcel (0.5 km², half a parcel), which joins the two bars
    into one block. The bound must allow that block (it is not two blocks' bound added up)."""
    tiers = {i: ("starting", "expansion", "reserve")[i % 3] for i in range(9)}
    case = problem(
        grid_graph(3, 3, tiers), {"A": {"starting": 3.0, "expansion": 0.5, "reserve": 3.0}}
    )
    assert set(case.candidates("A").tolist()) == set(range(9))  # 1 km² ≤ 0.5 + 0.5
    joined = np.array([0, -1, 0, 0, 0, 0, 0, -1, 0])
    assert not layout_faults(case, joined)
    assert case.least_boundary(("A",)) <= evaluate(case, joined).objective
    smaller = problem(grid_graph(3, 3, tiers), {"A": {"starting": 3.0, "expansion": 0.4}})
    assert set(smaller.candidates("A").tolist()) == {0, 3, 6}  # 1 km² > 0.4 + 0.5: none
