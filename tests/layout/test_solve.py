"""How a park's layout solve ends, and what it says: certified by the same rules as every
solve (landplan.solving.certify), its stop in the same words."""

from __future__ import annotations

import numpy as np
import pytest
from grids import grid_graph, problem

from landplan.layout import solve
from landplan.layout.solve import ParkLayout, solve_layout
from landplan.solving.options import SolverOptions
from landplan.solving.result import Status, Stop
from landplan.solving.words import STOPS

#: A 3 × 5 park, two linked industries: the greedy layout (19 km) is 1 km from the bound; a
#: search finds an 18 km one and proves it (so does annealing, which these tests leave out).
CASE = problem(
    grid_graph(3, 5), {"A": {"starting": 7.0}, "B": {"starting": 5.0}}, links=[("A", "B", 1.0)]
)


@pytest.fixture
def greedy_only(monkeypatch):
    """The heuristic without its annealing: the greedy layout, 1 km from the bound."""
    monkeypatch.setattr(solve, "anneal", lambda problem, owner, enough: owner)


def test_a_park_too_large_to_search_keeps_the_heuristics_layout_and_says_so(greedy_only):
    result = solve_layout(CASE, SolverOptions(gap=0.0), search_limit=0)
    assert isinstance(result, ParkLayout) and result.has_layout
    assert result.stopped_by == Stop.SIZE_LIMIT and result.status == Status.FEASIBLE
    assert result.gap is not None and result.gap > 0 and result.bound <= result.objective
    assert (result.objective, result.bound) == (pytest.approx(19.0), pytest.approx(18.0))
    assert result.reason.startswith("not searched: its 30 decisions are more than")
    assert "layout from landplan's heuristic" in result.reason
    assert result.result.counts.decisions == 30 and result.result.counts.rows == 0


def test_no_nodes_to_search_is_a_node_limit(greedy_only):
    result = solve_layout(CASE, SolverOptions(gap=0.0, node_limit=0))
    assert result.stopped_by == Stop.NODE_LIMIT and "node limit (0 nodes)" in result.reason


def test_a_searched_park_keeps_the_solvers_better_layout_and_reports_its_work(greedy_only):
    result = solve_layout(CASE, SolverOptions(gap=0.0, node_limit=50))
    assert result.status == Status.OPTIMAL and result.objective == pytest.approx(18.0)
    assert "layout from SCIP" in result.reason  # the default branch and bound
    counts = result.result.counts
    assert counts.decisions == 30 and counts.rows > 0 and counts.nodes > 0


def test_a_layout_within_the_gap_asked_for_is_certified_without_a_search(greedy_only):
    result = solve_layout(CASE, SolverOptions(gap=0.1), search_limit=0)
    assert result.stopped_by == Stop.GAP and result.gap == pytest.approx(1 / 19)
    assert result.reason.startswith("within 5.26 % of the bound (asked: 10 %)")


def test_an_industry_that_cannot_be_one_block_is_laid_out_in_blocks_and_named():
    strip = grid_graph(1, 5, unusable={2})  # three parcels in one block cannot be had
    tied = problem(strip, {"A": {"starting": 3.0}}, contiguity=True)
    result = solve_layout(tied, SolverOptions(gap=0.0), search_limit=0)
    assert result.has_layout and result.status == Status.OPTIMAL  # 4 + 6 km, the bound's
    assert result.objective == pytest.approx(10.0) and (result.owner == 0).sum() == 3
    assert result.notes == {
        "A": "A cannot be one block in the starting area: the parcels it may take there are in "
        "2 pieces at 100 ha cells; in the starting area the largest holds 2 of the 3 parcels A "
        "needs there"
    }


def test_an_industry_the_search_leaves_in_blocks_is_named(monkeypatch):
    """Two industries need four parcels each of a 2 × 4 park; the heuristic's layout is taken
    as one with B in two blocks (its pieces would allow one), A in one."""
    case = problem(grid_graph(2, 4), {"A": {"starting": 4.0}, "B": {"starting": 4.0}},
                   contiguity=True)  # fmt: skip
    split = np.array([0, 0, 1, 1, 1, 0, 0, 1])
    monkeypatch.setattr(solve, "anneal", lambda problem, owner, enough: split)
    result = solve_layout(case, SolverOptions(gap=0.0), search_limit=0)
    assert result.has_layout and np.array_equal(result.owner, split)
    assert list(result.notes) == ["B"]
    assert result.notes["B"].startswith("B is in 2 blocks: landplan's search found no layout")


def test_every_stop_has_its_words():
    assert set(STOPS) == set(Stop)
    assert all(words.phrase and words.meaning.endswith(".") for words in STOPS.values())


def test_the_layout_reads_its_figures_from_its_result():
    result = solve_layout(CASE, SolverOptions(gap=0.0), search_limit=0)
    assert (result.status, result.objective, result.gap) == (
        result.result.status, result.result.objective, result.result.gap,
    )  # fmt: skip
    assert np.array_equal(result.owner >= 0, result.owner != -1)
    assert {result.industry(i) for i in range(15)} <= {None, "A", "B"}
