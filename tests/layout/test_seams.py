"""The seams' least boundary: never above any set of cells' boundary (every set of a tiny grid,
hypothesis), and sharp where land passes a ring by a neck."""

from __future__ import annotations

import itertools

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from landplan.layout.boxes import least_edges
from landplan.layout.seams import least_seamed

TIERS = ("starting", "expansion", "reserve")


def boundary(cells: set[tuple[int, int]]) -> int:
    """Sides of ``cells`` not shared with another of them."""
    shared = sum((r + 1, c) in cells for r, c in cells) + sum((r, c + 1) in cells for r, c in cells)
    return 4 * len(cells) - 2 * shared


def least_exact(needs: dict[str, int], masks: dict[str, np.ndarray]) -> float:
    """The least boundary of any set holding exactly ``needs[t]`` cells of each tier (any number
    of a tier it needs none of), by trying them all."""
    where = {t: list(zip(*np.nonzero(masks[t]), strict=True)) for t in masks}
    choices = [
        itertools.combinations(where[t], needs[t])
        if needs[t]
        else itertools.chain.from_iterable(
            itertools.combinations(where[t], k) for k in range(len(where[t]) + 1)
        )
        for t in needs
    ]
    return min(
        (
            boundary(set(itertools.chain.from_iterable(pick)))
            for pick in itertools.product(*choices)
        ),
        default=np.inf,
    )


def test_land_through_a_ring_passes_it_by_a_neck():
    """Two cells inside, a ring one cell wide, two cells beyond: a column of five (12 sides).
    A 2 × 3 box holds two cells of each (10 sides), but the land may take only one cell of the
    ring: the neck costs two more."""
    rows = np.array([[0] * 4, [1] * 4, [2] * 4])
    masks = {t: (rows == k).astype(float) for k, t in enumerate(TIERS)}
    needs = {"starting": 2, "expansion": 1, "reserve": 2}
    assert least_edges(needs, masks) == 10
    assert least_seamed(needs, masks) == least_exact(needs, masks) == 12


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=st.integers(1, 4), columns=st.integers(2, 4), data=st.data())
def test_no_set_of_cells_has_less_boundary_than_the_seams_bound(rows, columns, data):
    if data.draw(st.booleans()):  # tiers in bands, as rings are
        cuts = sorted(data.draw(st.lists(st.integers(0, rows), min_size=2, max_size=2)))
        tier = [[TIERS[sum(r >= cut for cut in cuts)] for _ in range(columns)] for r in range(rows)]
    else:
        tier = [[data.draw(st.sampled_from(TIERS)) for _ in range(columns)] for _ in range(rows)]
    unusable = data.draw(st.sets(st.integers(0, rows * columns - 1), max_size=rows * columns // 4))
    masks = {
        t: np.array(
            [[tier[r][c] == t and r * columns + c not in unusable for c in range(columns)]
             for r in range(rows)], dtype=float)
        for t in TIERS
    }  # fmt: skip
    needs = {
        t: data.draw(st.integers(0, min(int(masks[t].sum()), 4)))
        for t in TIERS
        if masks[t].any() and data.draw(st.booleans())
    }
    if not any(needs.values()):
        return
    assert least_seamed(needs, masks) <= least_exact(needs, masks)
