"""The box bound: never above the best layout (brute force on small grids), sharp on strips."""

from __future__ import annotations

import numpy as np
from grids import best_value, grid_graph, problem
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from landplan.layout.boxes import least_edges, square_edges

TIERS = ("starting", "expansion")


def test_a_strip_one_cell_wide_needs_a_long_box():
    strip = {"expansion": np.ones((1, 10))}
    assert square_edges(6) == 10  # six cells could have 10 sides of boundary in a 2 × 3 block
    assert least_edges({"expansion": 6}, strip) == 14  # in a strip: a 1 × 6 bar


def test_a_box_as_large_as_the_grid_counts():
    """Three cells of a 2 × 2 grid: an L in the only box there is (a regression: the whole
    grid's box was once left out, and the bound claimed 10, two separate blocks)."""
    assert least_edges({"starting": 3}, {"starting": np.ones((2, 2))}) == 8


def test_cells_apart_are_bounded_as_separate_blocks():
    two_islands = {"starting": np.array([[1, 1, 0, 0, 1, 1]], dtype=float)}
    assert least_edges({"starting": 4}, two_islands) == 12  # two dominoes, 6 + 6


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    rows=st.integers(1, 3),
    columns=st.integers(2, 4),
    data=st.data(),
)
def test_the_bound_never_exceeds_the_best_layout(rows, columns, data):
    n = rows * columns
    tiers = {i: data.draw(st.sampled_from(TIERS)) for i in range(n)}
    unusable = set(data.draw(st.lists(st.integers(0, n - 1), max_size=n // 3)))
    graph = grid_graph(rows, columns, tiers, unusable)
    usable = {t: int(((graph.tier == t) & graph.usable).sum()) for t in TIERS}
    land = {
        t: float(data.draw(st.integers(1, usable[t])))
        for t in TIERS
        if usable[t] and data.draw(st.booleans())
    }
    if not land:
        return
    case = problem(graph, {"A": land})
    assert case.least_boundary(("A",)) <= best_value(case) + 1e-9


def test_a_block_lies_in_one_piece_and_a_split_is_bounded_by_its_parts_boxes():
    """Two strips of 13 cells, ten rows apart: a box of 13 × 10 holds both (46 sides), but no
    block can join them; two bars have 28 sides each. A split bounded by its parts' sizes alone
    once claimed 24 (a cell and a block of 25)."""
    rows = np.zeros((10, 13))
    strips = {"starting": rows.copy(), "expansion": rows.copy()}
    strips["starting"][0] = 1
    strips["expansion"][9] = 1
    assert least_edges({"starting": 13, "expansion": 13}, strips) == 56


def test_pieces_hold_no_more_than_their_cells():
    """A ring broken into pieces of 3, 2 and 1 cells: six cells are three blocks there (8 + 6 +
    4), not two of three (the largest piece holds one)."""
    ring = np.array([[1, 1, 1, 0, 1, 1, 0, 1]], dtype=float)
    assert least_edges({"reserve": 6}, {"reserve": ring}) == 18
