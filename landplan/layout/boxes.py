"""A sharper least boundary on a square grid: the box a block must fit in.

Every column a set of grid cells occupies adds at least two horizontal edges to its boundary
(the top of its highest cell there and the bottom of its lowest), and every row two vertical
ones; a block (cells joined by edges) spans its columns and rows without gaps, so its boundary is
at least ``2 (w + h)`` sides for the ``w × h`` box around it. That box must hold the cells the
block needs in each tier. Where the tiers are thin rings, no small box holds enough of a ring's
cells, and the bound rises above the isoperimetric one (which only counts cells).

Land in two or more blocks has the boundary of its blocks added up, each bounded the same way:
:func:`least_edges` takes the least over one block and every split of the tier counts into two
parts (exactly for small counts; for large ones a part is bounded by its size alone, ``B(n₁) +
B(n₂)`` with ``B`` the least boundary of so many cells), and it is never below ``B(n)``: a bound
for any set of cells, in one block or many.
"""

from __future__ import annotations

import functools
import itertools
import math

import numpy as np


def lattice(x: np.ndarray, y: np.ndarray, side: float) -> tuple[np.ndarray, np.ndarray] | None:
    """Row and column of each cell of a square grid (centres ``x``, ``y``, cells ``side`` wide),
    or None if the centres are not on one lattice."""
    if len(x) == 0:
        return None
    column = (x - x.min()) / side
    row = (y - y.min()) / side
    if np.abs(column - np.rint(column)).max() > 0.01 or np.abs(row - np.rint(row)).max() > 0.01:
        return None
    return np.rint(row).astype(int), np.rint(column).astype(int)


def square_edges(cells: int) -> int:
    """The least boundary of ``cells`` cells of a square grid, in sides (Harary and Harborth)."""
    return 2 * math.ceil(2 * math.sqrt(cells) - 1e-9) if cells > 0 else 0


#: Tier-count vectors up to this many are bounded exactly over every way of splitting the land
#: into blocks; beyond it, a split costs at least the least boundary of its parts' sizes.
SPLIT_STATES = 150


def least_edges(needs: dict[str, int], counts: dict[str, np.ndarray]) -> int:
    """A lower bound, in sides, on the boundary of any set of cells holding ``needs[t]`` cells
    of each tier ``t``, where ``counts[t]`` marks (1) the grid cells of tier ``t`` it may use:
    the least of one block in the least box that holds it and every split into blocks."""
    tiers = sorted(t for t in needs if needs[t] > 0)
    if not tiers:
        return 0
    sums = {t: _prefix(counts[t]) for t in tiers}
    shape = counts[tiers[0]].shape
    total = tuple(needs[t] for t in tiers)
    exact = math.prod(k + 1 for k in total) <= SPLIT_STATES

    @functools.cache
    def bound(vector: tuple[int, ...]) -> float:
        n = sum(vector)
        if exact:  # every split into two parts, each bounded the same way
            splits = (
                bound(part) + bound(tuple(a - b for a, b in zip(vector, part, strict=True)))
                for part in itertools.product(*(range(k + 1) for k in vector))
                if 0 < sum(part) < n
                and part <= tuple(a - b for a, b in zip(vector, part, strict=True))
            )
        else:  # a split's parts, whatever their tiers, have at least the least boundary of their sizes
            splits = (square_edges(k) + square_edges(n - k) for k in range(1, n))
        best = min(splits, default=math.inf)
        one = _least_box(dict(zip(tiers, vector, strict=True)), sums, shape, best)
        return min(best, one)

    least = bound(total)  # inf only where the cells cannot be held at all: B(n) still holds
    return int(least) if math.isfinite(least) else square_edges(sum(total))


def _least_box(
    needs: dict[str, int], sums: dict[str, np.ndarray], shape: tuple[int, int], cap: float
) -> float:
    """Twice the least half-perimeter ``w + h`` of a box holding ``needs`` (at most ``cap``), or
    inf."""
    n = sum(needs.values())
    rows, columns = shape
    limit = min(cap, 2 * (rows + columns))
    half = square_edges(n) // 2
    while 2 * half <= limit:
        for h in range(1, min(half, rows + 1)):
            w = half - h
            if 1 <= w <= columns and w * h >= n and _fits(sums, needs, h, w):
                return 2 * half
        half += 1
    return math.inf


def _prefix(mask: np.ndarray) -> np.ndarray:
    total = np.zeros((mask.shape[0] + 1, mask.shape[1] + 1))
    total[1:, 1:] = mask.cumsum(0).cumsum(1)
    return total


def _fits(sums: dict[str, np.ndarray], needs: dict[str, int], h: int, w: int) -> bool:
    """Whether some h × w box holds at least ``needs[t]`` cells of every tier."""
    fits = None
    for t, total in sums.items():
        if needs.get(t, 0) == 0:
            continue
        inside = total[h:, w:] - total[:-h, w:] - total[h:, :-w] + total[:-h, :-w]
        enough = inside >= needs[t]
        fits = enough if fits is None else fits & enough
    return bool(fits is not None and fits.any())
