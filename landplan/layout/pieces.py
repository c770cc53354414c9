"""Where an industry cannot be one block, and why, in a planner's words.

With contiguity, each industry's land must be one block in each group of touching tiers (tiers
that share an edge; land in tiers apart may form one block each). That is impossible where the
parcels an industry may take in a group fall into *pieces* (sets of parcels joined by shared
edges, as a ring one cell wide breaks at its diagonal steps), none of which holds the land the
industry needs in every tier of the group: the plan's band ``low[c, t]`` (km²) in each tier
``t``. Those industries are laid out as compactly as they can be, in blocks, and the park's
result names them with the figures. The check is necessary, not sufficient: an industry may
still find its one piece taken by others, which the layout's search reports in turn.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from landplan.layout.problem import ParkLayoutProblem


def apart(problem: ParkLayoutProblem) -> dict[str, str]:
    """For each industry no piece of whose parcels can hold its land in some group of touching
    tiers: why, in words (see the module's docstring)."""
    found = {}
    for c in problem.clusters:
        label = _pieces(problem, c)
        for group in problem.touching_groups((c,)):
            why = _why(problem, c, sorted(group), label)
            if why:
                found[c] = why
                break
    return found


def _pieces(problem: ParkLayoutProblem, cluster: str) -> np.ndarray:
    """For each parcel ``cluster`` may take, the number of its piece (1, 2…); 0 elsewhere."""
    graph = problem.graph
    mine = np.zeros(graph.size, bool)
    mine[problem.candidates(cluster)] = True
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
