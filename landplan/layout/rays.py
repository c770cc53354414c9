"""A sharper least boundary for land in rings, on any parcels: rays from the park's centre.

A disc bounds a region's boundary by its area alone (``2√(πA)``), and a thin ring's land is far
from a disc: ``A`` km² of a ring ``ω`` wide runs ``A/ω`` along it, and its boundary is about
twice that. Rays tell it. Take a point ``O`` (the park's centre) in no parcel the land may take,
and a ray from ``O`` at angle ``φ``: if the ray meets the land ``S``, it enters and leaves it,
crossing ``S``'s boundary at least twice, each time at a distance of at least ``r(φ)``, the
nearest any parcel ``S`` may take comes to ``O`` along that ray. A piece of boundary crossing
rays over an angle ``dφ`` at distance ``r`` is at least ``r dφ`` long, so

    boundary(S) ≥ ∫_Φ 2 r(φ) dφ,      area(S ∩ t) ≤ ∫_Φ a_t(φ) dφ  for each tier t,

with ``Φ`` the angles whose rays meet ``S`` and ``a_t(φ) = (R_t(φ)² − r_t(φ)²) / 2`` the most
area a ray's sliver of tier ``t`` can hold (``r_t``, ``R_t`` the nearest and farthest its parcels
come along it). The land needs ``low[c, t]`` in each tier, so ``Φ`` must gather that much: the
least boundary is at least the cheapest set of angles that does, a fractional knapsack solved by
taking angles in order of ``2 r / a_t`` (for each tier alone, and for the tiers' land together;
the largest of these bounds). Angles are taken in bins of BIN radians, each with the nearest and
farthest distance of every parcel reaching into it (a parcel's angles and distances from its
corners: bounds, so the bound holds). Where a parcel the land may take holds ``O``, ``r = 0``
and the bound is nothing: it is the largest of this and the disc's that counts.
"""

from __future__ import annotations

import math

import numpy as np
import shapely

#: The angle of a bin of rays (radians).
BIN = 2 * math.pi / 360


def polar(geoms: np.ndarray, centre: tuple[float, float]) -> np.ndarray:
    """For each polygon (metres): its first and last angle seen from ``centre`` (radians, the
    last no smaller than the first, the whole turn where the polygon holds the centre), and its
    nearest and farthest distance from it (km); one row each."""
    out = np.zeros((len(geoms), 4))
    if not len(geoms):
        return out
    points, owner = shapely.get_coordinates(geoms, return_index=True)
    dx, dy = points[:, 0] - centre[0], points[:, 1] - centre[1]
    angle = np.arctan2(dy, dx) % (2 * math.pi)
    far = np.hypot(dx, dy) / 1000.0
    near = shapely.distance(geoms, shapely.Point(centre)) / 1000.0
    for i in range(len(geoms)):
        mine = np.sort(angle[owner == i])
        gaps = np.diff(np.append(mine, mine[0] + 2 * math.pi))
        widest = int(np.argmax(gaps))  # the polygon's angles are the turn less its widest gap
        first = mine[(widest + 1) % len(mine)]
        span = 2 * math.pi - gaps[widest]
        if near[i] <= 0:  # holds the centre: every angle
            first, span = 0.0, 2 * math.pi
        out[i] = first, first + span, near[i], far[owner == i].max()
    return out


def least_ray_boundary(
    rays: np.ndarray, area: np.ndarray, tiers: np.ndarray, needs: dict[str, float]
) -> float:
    """A lower bound (km) on the boundary of any set of the parcels ``rays`` (rows from
    :func:`polar`, of area ``area`` km² in tier ``tiers``) holding at least ``needs[t]`` km² of
    each tier ``t`` (see the module's docstring)."""
    bins = round(2 * math.pi / BIN)
    nearest = np.full(bins, np.inf)  # r(φ): the nearest any parcel comes, by bin
    closest = {t: np.full(bins, np.inf) for t in needs}
    farthest = {t: np.zeros(bins) for t in needs}
    for (first, last, near, far), tier in zip(rays, tiers.tolist(), strict=True):
        covered = _bins(first, last, bins)
        np.minimum.at(nearest, covered, near)
        if tier in needs:
            np.minimum.at(closest[tier], covered, near)
            np.maximum.at(farthest[tier], covered, far)
    cost = 2 * np.where(np.isfinite(nearest), nearest, 0.0) * BIN
    holds = {
        t: np.where(
            farthest[t] > 0, (farthest[t] ** 2 - np.minimum(closest[t], farthest[t]) ** 2) / 2, 0.0
        )
        * BIN
        for t in needs
    }
    wanted = {t: needs[t] for t in needs if needs[t] > 0}
    bounds = [_knapsack(cost, holds[t], wanted[t]) for t in wanted]
    if len(wanted) > 1:
        together = np.sum([holds[t] for t in wanted], axis=0)
        bounds.append(_knapsack(cost, together, sum(wanted.values())))
    return max(bounds, default=0.0)


def _bins(first: float, last: float, bins: int) -> np.ndarray:
    """The bins a parcel seen from ``first`` to ``last`` radians reaches into."""
    start, end = math.floor(first / BIN), math.floor(last / BIN)
    return np.arange(start, min(end, start + bins - 1) + 1) % bins


def _knapsack(cost: np.ndarray, holds: np.ndarray, need: float) -> float:
    """The least cost of bins (fractions of them allowed) that hold ``need``: bins in order of
    cost per area held; 0 if even every bin cannot (no bound from rays then)."""
    useful = holds > 0
    if holds[useful].sum() < need:
        return 0.0
    order = np.argsort(cost[useful] / holds[useful], kind="stable")
    c, h = cost[useful][order], holds[useful][order]
    held = np.cumsum(h)
    k = int(np.searchsorted(held, need))
    before = held[k - 1] if k else 0.0
    return float(c[:k].sum() + c[k] * (need - before) / h[k])
