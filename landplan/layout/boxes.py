"""A sharper least boundary on a square grid: the box a block must fit in.

Every column a set of grid cells occupies adds at least two horizontal edges to its boundary
(the top of its highest cell there and the bottom of its lowest), and every row two vertical
ones; a block (cells joined by edges) spans its columns and rows without gaps, so its boundary is
at least ``2 (w + h)`` sides for the ``w × h`` box around it. That box must hold the cells the
block needs in each tier. Where the tiers are thin rings, no small box holds enough of a ring's
cells, and the bound rises above the isoperimetric one (which only counts cells).

A block lies in one *piece* of the cells the land may use (cells joined by edges: a ring one cell
wide breaks into pieces at its diagonal steps), so its box is sought piece by piece, and the
land is shared among the pieces, none holding more cells of a tier than it has.

Land in two or more blocks has the boundary of its blocks added up, each bounded the same way:
:func:`least_edges` takes, in each piece ``K``, the least over one block and every split of the
tier counts into blocks, ``F_K(v) = min(b_K(v), min_{0 < u < v} F_K(u) + F_K(v − u))`` with
``b_K(v)`` the box bound of one block holding ``v`` in ``K`` (inf where ``v`` exceeds ``K``'s
cells), and the least over every way of sharing the counts among the pieces, ``F = F_1 ⊕ F_2 ⊕
…`` (``(F ⊕ G)(v) = min_u F(u) + G(v − u)``); every count vector at once, as arrays, for counts
with at most SPLIT_STATES smaller vectors. For larger ones a block is bounded by its box in the
piece that allows the least, and a split's parts by their sizes alone, ``B(n₁) + B(n₂)`` with
``B`` the least boundary of so many cells. It is never below ``B(n)``: a bound for any set of
cells, in one block or many.
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
    of each tier ``t``, where ``counts[t]`` marks (1) the grid cells of tier ``t`` it may use
    (tiers it needs no cell of included: their cells may join its blocks): the least over one
    block in the least box that holds it within one piece of those cells, and every split into
    blocks (see the module's docstring)."""
    tiers = sorted(t for t in needs if needs[t] > 0)
    if not tiers:
        return 0
    total = tuple(needs[t] for t in tiers)
    n = sum(total)
    usable = np.zeros(counts[tiers[0]].shape, bool)  # every cell the land may take
    for t in needs:
        if t in counts:
            usable |= counts[t] > 0
    pieces = [
        [_prefix(counts[t][rows, columns] * piece) for t in tiers]
        for (rows, columns), piece in _pieces(usable)
    ]
    if math.prod(k + 1 for k in total) <= SPLIT_STATES:
        least = float(_over_pieces(total, pieces)[total])
    else:  # a split's parts, whatever their tiers, have at least the least boundary of their sizes
        split = min((square_edges(k) + square_edges(n - k) for k in range(1, n)), default=math.inf)
        whole = dict(zip(tiers, total, strict=True))
        least = min(
            [split]
            + [
                _least_box(whole, dict(zip(tiers, sums, strict=True)), _shape(sums), split)
                for sums in pieces
            ]
        )
    # inf only where the cells cannot be held at all: B(n) still holds
    return int(least) if math.isfinite(least) else square_edges(n)


def _pieces(cells: np.ndarray) -> list[tuple[tuple[slice, slice], np.ndarray]]:
    """The pieces of ``cells`` (a boolean grid): sets of cells joined by edges (a block lies in
    one), each as the rows and columns of its box and its cells there."""
    label = np.zeros(cells.shape, dtype=int)
    found: list[tuple[tuple[slice, slice], np.ndarray]] = []
    rows, columns = cells.shape
    for start in zip(*np.nonzero(cells), strict=True):
        if label[start]:
            continue
        count = len(found) + 1
        label[start], queue, members = count, [start], [start]
        while queue:
            r, c = queue.pop()
            for step in ((r + 1, c), (r - 1, c), (r, c + 1), (r, c - 1)):
                if 0 <= step[0] < rows and 0 <= step[1] < columns and cells[step]:
                    if not label[step]:
                        label[step] = count
                        queue.append(step)
                        members.append(step)
        ys, xs = zip(*members, strict=True)
        box = (slice(min(ys), max(ys) + 1), slice(min(xs), max(xs) + 1))
        found.append((box, label[box] == count))
    return found


def _over_pieces(total: tuple[int, ...], pieces: list[list[np.ndarray]]) -> np.ndarray:
    """For every count vector ``v ≤ total``: the least, over every way of sharing ``v`` among
    the pieces (each holding no more cells of a tier than it has) and of splitting each share
    into blocks, of the blocks' box bounds added up."""
    least: np.ndarray | None = None
    for sums in pieces:
        share = _split(_one_block(total, sums))
        for axis, tier in enumerate(sums):  # no more cells of a tier than the piece has
            share[(slice(None),) * axis + (slice(int(tier[-1, -1]) + 1, None),)] = np.inf
        least = share if least is None else _add(least, share)
    if least is None:  # no cell at all
        least = np.full(tuple(k + 1 for k in total), np.inf)
    return least


def _add(least: np.ndarray, share: np.ndarray) -> np.ndarray:
    """``least`` and one more piece's ``share``: ``min_u share(u) + least(v − u)``."""
    out = least.copy()  # u = 0: the piece holds none
    for u in zip(*np.nonzero(np.isfinite(share)), strict=True):
        if any(u):
            rest = tuple(slice(0, k - a) for k, a in zip(least.shape, u, strict=True))
            after = tuple(slice(a, None) for a in u)
            np.minimum(out[after], share[u] + least[rest], out=out[after])
    return out


def _shape(sums: list[np.ndarray]) -> tuple[int, int]:
    return sums[0].shape[0] - 1, sums[0].shape[1] - 1


def _one_block(total: tuple[int, ...], sums: list[np.ndarray]) -> np.ndarray:
    """For every count vector ``v ≤ total``: twice the least half-perimeter ``w + h`` of a box
    holding ``v[t]`` cells of each tier (inf where none does), by boxes of growing size; a box
    holding a vector holds every smaller one."""
    shape = tuple(k + 1 for k in total)
    least = np.full(shape, np.inf)
    least[(0,) * len(total)] = 0.0
    rows, columns = _shape(sums)
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
