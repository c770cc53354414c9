"""A sharper least boundary on a square grid for land across tiers: the seams between them.

Land ``S`` in several tiers is the union of its parts ``S_t`` in each tier ``t``, and its
boundary is theirs less twice the edge each two parts share across the seam between their tiers:

    B(S) = Σ_t B(S_t) − 2 Σ_{t < u} L(S_t, S_u).

``L(S_t, S_u)`` is at most ``F_u(S_t)``, the sides of ``S_t``'s cells that face cells of tier
``u`` the land may take, and at most ``F_t(S_u)``. Charge each seam to one of its two sides (the
tier ``t`` of pair ``{t, u}``, say: ``2 L ≤ 2 F_u(S_t)``); then

    B(S) ≥ Σ_t min over S_t of [B(S_t) − 2 Σ_{u charged to t} F_u(S_t)],

each term a problem of one tier alone. ``F_u(S_t) = Σ_{i ∈ S_t} f_i`` counts each cell's sides
facing tier ``u``, a sum over cells: the discount ``g_i = 2 Σ_u f_i`` of a cell. A tier charged
with no seam is bounded by its boxes (:func:`landplan.layout.boxes.least_edges`); a charged one
block by block: a block ``K`` of ``k`` cells in an ``h × w`` box has ``B(K) ≥ max(2 (h + w),
B(k))`` (``B`` the least boundary of ``k`` cells) and a discount of at most the ``k`` largest
``g`` in the box, so ``B(K) − g(K) ≥ max(2 (h + w), B(k)) − top_k(g)``, least over every box
``k`` connected cells can span (``h + w ≤ k + 1``, within one piece of the tier's cells), and
the tier's cells split into blocks every way (as :mod:`~landplan.layout.boxes` does). Every
way of charging the seams gives a bound; the best is taken.

It tells what the boxes cannot: land that must reach from a starting area through an expansion
ring into the reserve beyond, with only a few cells of the ring, passes it by a *neck* (the
ring's cells are charged with both seams, and a neck of them has little boundary left once its
seams are paid by the blocks on either side, which have their whole boundary). A tier charged
with a seam is worth bounding so only where the land needs few of its cells (NECK): many cells
along a seam take a discount as long as the seam.
"""

from __future__ import annotations

import itertools

import numpy as np

from landplan.layout.boxes import _pieces, _prefix, least_edges, square_edges

#: A tier is charged with seams only where the land needs at most this many of its cells.
NECK = 8


def least_seamed(needs: dict[str, int], counts: dict[str, np.ndarray]) -> int:
    """A lower bound, in sides, on the boundary of any set of cells holding exactly
    ``needs[t]`` cells of each tier ``t``, ``counts[t]`` marking the cells of tier ``t`` it may
    use (tiers it needs no cell of included): the best way of charging the seams between its
    tiers (see the module's docstring); 0 where there is no seam (its boxes bound it) or no
    way is worth bounding."""
    tiers = sorted(t for t in needs if needs[t] > 0)
    spare = [t for t in needs if needs[t] == 0 and t in counts]  # cells it may hold all the same
    seams = [
        (t, u) for t, u in itertools.combinations(tiers, 2) if _facing(counts[t], counts[u]).any()
    ]
    if not seams and not spare:
        return 0
    best, bounded = 0, {}  # a tier's bound by the seams charged to it
    for sides in itertools.product((0, 1), repeat=len(seams)):
        charged: dict[str, list[str]] = {t: list(spare) for t in tiers}  # a spare tier's too
        for seam, side in zip(seams, sides, strict=True):
            charged[seam[side]].append(seam[1 - side])
        if any(charged[t] and needs[t] > NECK for t in tiers):
            continue
        for t in tiers:
            key = (t, *sorted(charged[t]))
            if key not in bounded:
                bounded[key] = _least_tier(needs[t], counts, t, charged[t])
        best = max(best, sum(bounded[t, *sorted(charged[t])] for t in tiers))
    return best


def _least_tier(n: int, counts: dict[str, np.ndarray], t: str, charged: list[str]) -> int:
    """The least of ``B(S_t) − 2 Σ_u F_u(S_t)`` over ``n`` cells of tier ``t``, the seams with
    the tiers ``charged`` paid by it."""
    if not charged:
        return least_edges({t: n}, {t: counts[t]})
    discount = 2 * np.sum([_facing(counts[t], counts[u]) for u in charged], axis=0)
    return _least_discounted(n, counts[t] > 0, discount)


def _facing(cells: np.ndarray, others: np.ndarray) -> np.ndarray:
    """For each of ``cells`` (a mask), its sides that face a cell of ``others``; 0 elsewhere."""
    near = others > 0
    sides = np.zeros(cells.shape, dtype=int)
    sides[1:, :] += near[:-1, :]
    sides[:-1, :] += near[1:, :]
    sides[:, 1:] += near[:, :-1]
    sides[:, :-1] += near[:, 1:]
    return sides * (cells > 0)


def _least_discounted(n: int, cells: np.ndarray, discount: np.ndarray) -> int:
    """The least of ``B(S) − discount(S)`` over sets ``S`` of ``n`` of ``cells``, bounded block
    by block (see the module's docstring)."""
    least = np.full(n + 1, np.inf)
    least[0] = 0.0
    for (rows, columns), piece in _pieces(cells):
        share = _split(_one_block(n, piece, discount[rows, columns] * piece))
        share[int(piece.sum()) + 1 :] = np.inf  # no more cells than the piece has
        least = np.array([min(least[k - j] + share[j] for j in range(k + 1)) for k in range(n + 1)])
    return int(least[n])


def _one_block(n: int, piece: np.ndarray, discount: np.ndarray) -> np.ndarray:
    """For every k ≤ n: the least of ``max(2 (h + w), B(k)) − top_k(discount)`` over the boxes
    of the piece holding at least k of its cells with ``h + w ≤ k + 1``."""
    values = sorted({int(v) for v in discount[piece]} - {0}, reverse=True)
    held = _prefix(piece)
    by_value = [_prefix(discount == v) for v in values]
    least = np.full(n + 1, np.inf)
    least[0] = 0.0
    k = np.arange(1, n + 1)
    floor = np.array([square_edges(int(m)) for m in k])
    rows, columns = piece.shape
    for h in range(1, min(rows, n) + 1):
        for w in range(1, min(columns, n + 1 - h) + 1):
            inside = _window(held, h, w).ravel()
            top = np.zeros((len(inside), n))
            left = np.broadcast_to(k, top.shape).astype(float)
            for v, sums in zip(values, by_value, strict=True):
                take = np.minimum(left, _window(sums, h, w).ravel()[:, None])
                top += v * take
                left = left - take
            top[inside[:, None] < k] = -np.inf  # boxes too small for k cells
            best = top.max(axis=0)
            spans = k >= h + w - 1
            value = np.maximum(2 * (h + w), floor) - best
            least[1:] = np.where(spans, np.minimum(least[1:], value), least[1:])
    return least


def _window(sums: np.ndarray, h: int, w: int) -> np.ndarray:
    return sums[h:, w:] - sums[:-h, w:] - sums[h:, :-w] + sums[:-h, :-w]


def _split(one: np.ndarray) -> np.ndarray:
    """Every split of k cells into blocks: ``F(k) = min(one(k), min_j F(j) + one(k − j))``."""
    least = one.copy()
    for k in range(2, len(one)):
        least[k] = min(least[k], min(least[j] + one[k - j] for j in range(1, k)))
    return least
