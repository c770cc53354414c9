"""A sharper least boundary on a square grid: the box a block must fit in.

Every column a set of grid cells occupies adds at least two horizontal edges to its boundary
(the top of its highest cell there and the bottom of its lowest), and every row two vertical
ones; a block (cells joined by edges) spans its columns and rows without gaps, so its boundary is
at least ``2 (w + h)`` sides for the ``w × h`` box around it. That box must hold the cells the
block needs in each tier. Where the tiers are thin rings, no small box holds enough of a ring's
cells, and the bound rises above the isoperimetric one (which only counts cells).

Land in two or more blocks has the boundary of its blocks added up, each bounded the same way:
:func:`least_edges` takes the least over one block and every split of the tier counts into
blocks, ``F(v) = min(b(v), min_{0 < u < v} F(u) + F(v − u))`` with ``b(v)`` the box bound of
one block holding ``v`` (every count vector at once, as arrays: exactly for counts with at most
SPLIT_STATES smaller vectors; for larger ones a split's parts are bounded by their sizes alone,
``B(n₁) + B(n₂)`` with ``B`` the least boundary of so many cells), and it is never below
``B(n)``: a bound for any set of cells, in one block or many.
"""

from __future__ import annotations

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


#: Tier-count vectors with at most this many smaller vectors are bounded exactly over every way
#: of splitting the land into blocks; beyond it, a split is bounded by its parts' sizes alone.
SPLIT_STATES = 3000


def least_edges(needs: dict[str, int], counts: dict[str, np.ndarray]) -> int:
    """A lower bound, in sides, on the boundary of any set of cells holding ``needs[t]`` cells
    of each tier ``t``, where ``counts[t]`` marks (1) the grid cells of tier ``t`` it may use:
    the least over one block in the least box that holds it and every split into blocks (see
    the module's docstring)."""
    tiers = sorted(t for t in needs if needs[t] > 0)
    if not tiers:
        return 0
    total = tuple(needs[t] for t in tiers)
    n = sum(total)
    sums = [_prefix(counts[t]) for t in tiers]
    if math.prod(k + 1 for k in total) <= SPLIT_STATES:
        least = float(_split(_one_block(total, sums))[total])
    else:  # a split's parts, whatever their tiers, have at least the least boundary of their sizes
        split = min((square_edges(k) + square_edges(n - k) for k in range(1, n)), default=math.inf)
        least = min(
            split,
            _least_box(
                dict(zip(tiers, total, strict=True)),
                dict(zip(tiers, sums, strict=True)),
                counts[tiers[0]].shape,
                split,
            ),
        )
    # inf only where the cells cannot be held at all: B(n) still holds
    return int(least) if math.isfinite(least) else square_edges(n)


def _one_block(total: tuple[int, ...], sums: list[np.ndarray]) -> np.ndarray:
    """For every count vector ``v ≤ total``: twice the least half-perimeter ``w + h`` of a box
    holding ``v[t]`` cells of each tier (inf where none does), by boxes of growing size; a box
    holding a vector holds every smaller one."""
    shape = tuple(k + 1 for k in total)
    least = np.full(shape, np.inf)
    least[(0,) * len(total)] = 0.0
    rows, columns = sums[0].shape[0] - 1, sums[0].shape[1] - 1
    for half in range(2, rows + columns + 1):
        held = np.zeros(shape, bool)
        for h in range(max(1, half - columns), min(half - 1, rows) + 1):
            w = half - h
            inside = [
                np.minimum(s[h:, w:] - s[:-h, w:] - s[h:, :-w] + s[:-h, :-w], k).astype(int)
                for s, k in zip(sums, total, strict=True)
            ]
            held[tuple(part.ravel() for part in inside)] = True
        for axis in range(len(total)):  # below a held vector
            held = np.flip(np.logical_or.accumulate(np.flip(held, axis), axis=axis), axis)
        least[held & np.isinf(least)] = 2 * half
        if np.isfinite(least[total]):  # every smaller vector is held by then
            break
    return least


def _split(one: np.ndarray) -> np.ndarray:
    """For every count vector: the least, over every split into blocks, of the blocks' bounds
    ``one`` added up: ``F(v) = min_{u ≤ v} one(u) + F(v − u)`` (a block and the rest; ``u = v``
    is one block), vectors in increasing order, so ``F`` of the rest is known."""
    least = one.copy()
    for v in itertools.product(*(range(k) for k in one.shape)):
        below = tuple(slice(0, a + 1) for a in v)
        rest = np.flip(least[below])  # rest[u] = F(v − u)
        least[v] = (one[below] + rest).min()
    return least


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
