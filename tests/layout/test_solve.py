"""How a park's layout solve ends, and what it says: certified by the same rules as every
solve (landplan.solving.certify), its stop in the same words."""

from __future__ import annotations

import numpy as np
import pytest
from grids import grid_graph, problem

from landplan.layout.solve import ParkLayout, solve_layout
from landplan.solving.options import SolverOptions
from landplan.solving.result import Status, Stop
from landplan.solving.words import STOPS

#: A 3 × 5 park, two linked industries: the heuristic's layout (19 km) is 1 km from the
#: bound; a search finds an 18 km one and proves it.
CASE = problem(
    grid_graph(3, 5), {"A": {"starting": 7.0}, "B": {"starting": 5.0}}, links=[("A", "B", 1.0)]
)


def test_a_park_too_large_to_search_keeps_the_heuristics_layout_and_says_so():
    result = solve_layout(CASE, SolverOptions(gap=0.0), search_limit=0)
    assert isinstance(result, ParkLayout) and result.has_layout
    assert result.stopped_by == Stop.SIZE_LIMIT and result.status == Status.FEASIBLE
    assert result.gap is not None and result.gap > 0 and result.bound <= result.objective
    assert (result.objective, result.bound) == (pytest.approx(19.0), pytest.approx(18.0))
    assert result.reason.startswith("not searched: its 30 decisions are more than")
    assert "layout from landplan's heuristic" in result.reason
    assert result.result.counts.decisions == 30 and result.result.counts.rows == 0


def test_no_nodes_to_search_is_a_node_limit():
    result = solve_layout(CASE, SolverOptions(gap=0.0, node_limit=0))
    assert result.stopped_by == Stop.NODE_LIMIT and "node limit (0 nodes)" in result.reason


def test_a_searched_park_keeps_the_solvers_better_layout_and_reports_its_work():
    result = solve_layout(CASE, SolverOptions(gap=0.0, node_limit=50))
    assert result.status == Status.OPTIMAL and result.objective == pytest.approx(18.0)
    assert "layout from HiGHS" in result.reason
    counts = result.result.counts
    assert counts.decisions == 30 and counts.rows > 0 and counts.nodes > 0


def test_a_layout_within_the_gap_asked_for_is_certified_without_a_search():
    result = solve_layout(CASE, SolverOptions(gap=0.1), search_limit=0)
    assert result.stopped_by == Stop.GAP and result.gap == pytest.approx(1 / 19)
    assert result.reason.startswith("within 5.26 % of the bound (asked: 10 %)")


def test_no_layout_says_why_in_words():
    strip = grid_graph(1, 5, unusable={2})  # three parcels in one block cannot be had
    tied = problem(strip, {"A": {"starting": 3.0}}, contiguity=True)
    result = solve_layout(tied, SolverOptions(gap=0.0), search_limit=0)
    assert not result.has_layout and result.status == Status.NO_SOLUTION
    assert result.objective is None and result.gap is None
    assert (result.owner == -1).all() and result.industry(0) is None
    assert "heuristic found no layout with each industry in one block" in result.reason
    assert "try smaller cells" in result.reason


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
