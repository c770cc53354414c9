"""Where an industry cannot be one block, and why, in a planner's words.

With contiguity, each industry's land must be one block in each group of touching tiers (tiers
that share an edge; land in tiers apart may form one block each). That is impossible where the
parcels an industry may take in a group fall into *pieces* (sets of parcels joined by shared
edges, as a ring one cell wide breaks at its diagonal steps), none of which holds the land the
industry needs in every tier of the group: the plan's band ``low[c, t]`` (km²) in each tier
``t``. Those industries are laid out as compactly as they can be, in blocks, and the park's
result names them with the figures.

A piece may hold the land only through a *bridge* the industry cannot afford: a tier of which it
may take one or two parcels (its band's top over the smallest of them, BRIDGE at most) joins no
more of the other tiers' parcels than those few parcels touch. So where a group has such tiers,
every choice of so few of their parcels is tried, each joining the pieces of the industry's
other parcels it touches (a reserve ring broken at its diagonal steps, with one cell of the
expansion ring to join them, holds a few cells at most). Both checks are necessary, not
sufficient: an industry may still find its one piece taken by others, which the layout's search
reports in turn.
"""

from __future__ import annotations

import itertools
import math
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from landplan.layout.problem import ParkLayoutProblem


#: A tier of which an industry may take at most this many parcels is a bridge it must afford.
BRIDGE = 2
#: Choices of bridge parcels tried at most (beyond, the bridges are not checked).
CHOICES = 20_000


def apart(problem: ParkLayoutProblem) -> dict[str, str]:
    """For each industry no piece of whose parcels can hold its land in some group of touching
    tiers: why, in words (see the module's docstring)."""
    found = {}
    for c in problem.clusters:
        mine = np.zeros(problem.graph.size, bool)
        mine[problem.candidates(c)] = True
        label = _pieces(problem, mine)
        for group in problem.touching_groups((c,)):
            why = _why(problem, c, sorted(group), label) or _why_bridged(problem, c, sorted(group))
            if why:
                found[c] = why
                break
    return found


def _pieces(problem: ParkLayoutProblem, mine: np.ndarray) -> np.ndarray:
    """For each parcel of ``mine`` (a mask), the number of its piece (1, 2…); 0 elsewhere."""
    graph = problem.graph
    neighbours = graph.neighbours()
    label = np.zeros(graph.size, dtype=int)
    count = 0
    for start in np.flatnonzero(mine).tolist():
        if label[start]:
            continue
        count += 1
        label[start], queue = count, [start]
        while queue:
            i = queue.pop()
            for j, _ in neighbours[i]:
                if mine[j] and not label[j]:
                    label[j] = count
                    queue.append(j)
    return label


def _why(problem: ParkLayoutProblem, cluster: str, tiers: list[str], label: np.ndarray) -> str:
    """Why ``cluster`` cannot be one block in ``tiers`` (empty if one piece can hold it): the
    pieces there, and how far the best of them falls short in the tier it is shortest of."""
    graph = problem.graph
    inside = (label > 0) & np.isin(graph.tier, tiers)
    pieces = sorted(set(label[inside].tolist()))
    need = {t: problem.band(cluster, t)[0] for t in tiers}

    def held(piece: int, tier: str) -> float:
        return float(graph.area[(label == piece) & (graph.tier == tier)].sum())

    def shortfall(piece: int) -> tuple[float, str]:  # the least share of a tier's need it holds
        return min((held(piece, t) / need[t], t) for t in tiers if need[t] > 0)

    best_share, tier = max((shortfall(p) for p in pieces), default=(0.0, tiers[0]))
    if best_share >= 1 - 1e-9:
        return ""
    piece = max(pieces, key=lambda p: (shortfall(p)[0], -p), default=0)
    where = " and ".join(tiers) + (" areas" if len(tiers) > 1 else " area")
    if graph.side_km is not None:  # whole cells: count them
        cell = float(graph.area[graph.usable].max())
        have = round(held(piece, tier) / cell) if piece else 0
        wanted = problem.cells_needed(cluster, tier)
        size = f" at {100 * cell:g} ha cells"
        amount = f"the largest holds {have} of the {wanted} parcels {cluster} needs there"
    else:
        size = ""
        amount = (
            f"the largest holds {held(piece, tier) if piece else 0.0:.2f} of the "
            f"{need[tier]:.2f} km² {cluster} needs there"
        )
    return (
        f"{cluster} cannot be one block in the {where}: the parcels it may take there are in "
        f"{len(pieces)} pieces{size}; in the {tier} area {amount}"
    )


def _why_bridged(problem: ParkLayoutProblem, cluster: str, tiers: list[str]) -> str:
    """Why ``cluster`` cannot be one block in ``tiers`` for want of bridges (empty if some choice
    of bridge parcels joins enough; see the module's docstring)."""
    graph = problem.graph
    most = {t: problem.most_parcels(cluster, t) for t in sorted(set(graph.tier.tolist()))}
    scarce = [t for t in tiers if most[t] <= BRIDGE]
    if not scarce:
        return ""
    mine = np.zeros(graph.size, bool)
    mine[problem.candidates(cluster)] = True
    pool = {t: np.flatnonzero(mine & (graph.tier == t)).tolist() for t in scarce}
    picks = [
        [x for k in range(most[t] + 1) for x in itertools.combinations(pool[t], k)] for t in scarce
    ]
    if math.prod(len(p) for p in picks) > CHOICES:
        return ""
    label = _pieces(problem, mine & ~np.isin(graph.tier, scarce))
    need = {t: problem.band(cluster, t)[0] for t in tiers}
    held = {
        (piece, t): float(graph.area[(label == piece) & (graph.tier == t)].sum())
        for piece in range(1, label.max() + 1)
        for t in tiers
    }
    neighbours = graph.neighbours()
    best: tuple[float, str] = (0.0, tiers[0])
    for choice in itertools.product(*picks):
        bridges = [x for part in choice for x in part]
        for block in _joined(bridges, label, neighbours):
            land = {t: sum(held.get((piece, t), 0.0) for piece in block[0]) for t in tiers}
            for x in block[1]:
                land[str(graph.tier[x])] += float(graph.area[x])
            share = min((land[t] / need[t], t) for t in tiers if need[t] > 0)
            if share[0] >= 1 - 1e-9:
                return ""
            best = max(best, share)
    tier = best[1]
    bridge = " and ".join(f"{most[t]} parcel{'s' * (most[t] != 1)} of the {t} area" for t in scarce)
    where = " and ".join(tiers) + (" areas" if len(tiers) > 1 else " area")
    if graph.side_km is not None:  # whole cells: count them
        cell = float(graph.area[graph.usable].max())
        amount = (
            f"at most {round(best[0] * need[tier] / cell)} of the "
            f"{problem.cells_needed(cluster, tier)} parcels it needs there"
        )
    else:
        amount = f"at most {best[0] * need[tier]:.2f} of the {need[tier]:.2f} km² it needs there"
    return (
        f"{cluster} cannot be one block in the {where}: it may take at most {bridge}, and "
        f"however they join its other parcels, in the {tier} area they hold {amount}"
    )


def _joined(
    bridges: list[int], label: np.ndarray, neighbours: list[list[tuple[int, float]]]
) -> list[tuple[set[int], list[int]]]:
    """The blocks ``bridges`` (parcels) make with the pieces ``label`` numbers: each the pieces
    and bridges joined, a bridge joining the pieces and bridges it touches; and every piece no
    bridge touches alone."""
    blocks: list[tuple[set[int], list[int]]] = []
    for x in bridges:
        pieces = {int(label[j]) for j, _ in neighbours[x] if label[j]}
        linked = [b for b in blocks if b[0] & pieces or any(j in b[1] for j, _ in neighbours[x])]
        merged = (pieces.union(*(b[0] for b in linked)), [x, *(y for b in linked for y in b[1])])
        blocks = [b for b in blocks if b not in linked] + [merged]
    touched = set().union(*(b[0] for b in blocks)) if blocks else set()
    return blocks + [({piece}, []) for piece in range(1, label.max() + 1) if piece not in touched]
