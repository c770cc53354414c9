"""Every solver adapter keeps the same contract on the same tiny models: its answer and bound,
how it stops (proof, gap, node limit, target, infeasible), a start, and a stop asked while it
runs. The engine's checks of what an adapter claims are tested with the engine."""

from __future__ import annotations

import time

import numpy as np
import pulp
import pytest

from landplan.errors import SolverError
from landplan.solving.adapters import ADAPTERS, call_solver, search_in_segments
from landplan.solving.lanes import GRACE_S, POLL_S
from landplan.solving.matrix import MatrixForm
from landplan.solving.model import EQ, LE, LinearModel
from landplan.solving.result import Stop

SOLVERS = sorted(ADAPTERS)


def knapsack(n: int = 12, capacity: float | None = None) -> MatrixForm:
    """Pick items of values 1..n and weights n..1 (ordered so) within ``capacity`` (half the
    weights by default): a model whose optimum is found by hand."""
    model = LinearModel(lp=pulp.LpProblem("knapsack", pulp.LpMaximize))
    picks = [model.add_variable(f"pick_{i}", binary=True) for i in range(n)]
    weights = [float(n - i) for i in range(n)]
    room = sum(weights) / 2 if capacity is None else capacity
    model.add_row("room", (), list(zip(picks, weights, strict=True)), LE, room)
    model.lp.setObjective(pulp.lpSum((i + 1) * pick for i, pick in enumerate(picks)))
    return MatrixForm.from_model(model)


def market_split(rows: int = 4) -> MatrixForm:
    """Cornuéjols and Dawande's market split: split ``10 (rows − 1)`` items so that each row's
    weights fall exactly half on each side; famously slow for branch and bound (a solve long
    enough to be watched)."""
    rng = np.random.default_rng(0)
    weights = rng.integers(0, 100, (rows, 10 * (rows - 1)))
    model = LinearModel(lp=pulp.LpProblem("split", pulp.LpMaximize))
    picks = [model.add_variable(f"pick_{j}", binary=True) for j in range(weights.shape[1])]
    misses = []
    for i, row in enumerate(weights):
        over, under = model.add_variable(f"over_{i}", 0), model.add_variable(f"under_{i}", 0)
        pairs = [*zip(picks, row.tolist(), strict=True), (over, -1.0), (under, 1.0)]
        model.add_row("half", (i,), pairs, EQ, float(row.sum() // 2))
        misses += [over, under]
    model.lp.setObjective(-pulp.lpSum(misses))
    return MatrixForm.from_model(model)


def best_by_hand(n: int = 12) -> float:
    """Values 1..n at weights n..1 within half the weight: take the best value per weight
    first, the items from the light end, while they fit."""
    weights = [n - i for i in range(n)]
    room, value = sum(weights) / 2, 0.0
    for i in reversed(range(n)):
        if weights[i] <= room:
            room -= weights[i]
            value += i + 1
    return value


@pytest.mark.parametrize("solver", SOLVERS)
def test_a_proof_finds_the_optimum_and_proves_it(solver):
    call = call_solver(knapsack(), solver)
    assert call.stop == Stop.PROOF
    assert call.objective == pytest.approx(best_by_hand()) == pytest.approx(call.bound)
    assert knapsack().violation(call.values) <= 1e-9


@pytest.mark.parametrize("solver", SOLVERS)
def test_a_gap_allows_a_stop_short_of_the_optimum_and_says_so(solver):
    call = call_solver(knapsack(), solver, abs_gap=5.0)
    assert call.stop in (Stop.GAP, Stop.PROOF) if solver == "highs" else call.stop == Stop.GAP
    assert call.bound - call.objective <= 5.0 + 1e-9
    assert call.bound >= best_by_hand() - 1e-9


@pytest.mark.parametrize("solver", SOLVERS)
def test_infeasible_is_said(solver):
    form = knapsack()
    lower = form.lower.copy()
    lower[:] = 1.0  # every item, beyond the room
    call = call_solver(form.with_bounds(lower, form.upper), solver)
    assert call.stop == Stop.INFEASIBLE and call.values is None


@pytest.mark.parametrize("solver", SOLVERS)
def test_a_start_is_taken_and_never_made_worse(solver):
    form = knapsack()
    start = np.zeros(form.n_columns)
    start[form.column("pick_11")] = 1.0  # the lightest, most valuable item alone
    call = call_solver(form, solver, start=start, node_limit=0)
    assert call.objective is not None and call.objective >= 12.0


@pytest.mark.parametrize("solver", SOLVERS)
def test_a_watch_hears_the_figures_and_can_stop_the_solve(solver):
    heard = []

    def watch(best, bound):
        heard.append((best, bound))
        return True  # stop at the first look

    began = time.perf_counter()
    call = call_solver(market_split(), solver, watch=watch)
    assert heard and call.stop == Stop.INTERRUPTED
    assert time.perf_counter() - began < POLL_S + GRACE_S + 0.5


def test_only_highs_solves_relaxations():
    assert call_solver(knapsack(), "highs", relax=True).stop == Stop.PROOF
    with pytest.raises(SolverError, match="relaxations are solved with HiGHS"):
        call_solver(knapsack(), "scip", relax=True)


def test_an_unknown_solver_is_said():
    with pytest.raises(SolverError, match="no solver 'cbc'"):
        call_solver(knapsack(), "cbc")


@pytest.mark.parametrize("solver", SOLVERS)
def test_a_target_ends_the_search_at_the_first_plan_that_good(solver):
    call = call_solver(market_split(), solver, target=-1000.0)  # any split will do
    assert call.stop == Stop.TARGET and call.objective >= -1000.0


@pytest.mark.parametrize("solver", SOLVERS)
def test_a_search_in_segments_is_the_search_in_one_go(solver):
    """Paused after 1 and 10 nodes and taken up again (SCIP), or run at once (HiGHS), the search
    ends where one run to the same node limit ends."""
    form = market_split()
    pieces = list(search_in_segments(form, solver, (1, 10), node_limit=60))
    whole = call_solver(form, solver, node_limit=60)
    assert len(pieces) == (3 if solver == "scip" else 1)
    assert [p.nodes for p in pieces][:-1] == ([1, 10] if solver == "scip" else [])
    last = pieces[-1]
    assert (last.stop, last.objective, last.bound, last.nodes) == (
        whole.stop, whole.objective, whole.bound, whole.nodes
    )  # fmt: skip
