"""A greedy plan, the yardstick the optimum is compared with.

Pairs (cluster, park) are taken in order of suitability, best first (locked-in pairs before all
others). Each cluster takes as much of its remaining 2035 demand as the park has free, earliest
tiers first, provided that is at least its footprint and the caps on clusters per park and parks
per cluster allow it.
"""

from __future__ import annotations

from collections import defaultdict

import pandas as pd

from landplan.evaluate import ALLOCATION_COLUMNS
from landplan.problem import ConcentrationConstraints, FocusConstraints, LockConstraints, Problem


def greedy_allocation(problem: Problem) -> pd.DataFrame:
    """The greedy plan as an allocation table (cluster_id, park_id, tier, land_km2)."""
    allowed = problem.allowed()
    focus = problem.family(FocusConstraints)
    concentration = problem.family(ConcentrationConstraints)
    max_clusters = focus.max_clusters if focus else len(problem.clusters)
    max_parks = concentration.max_parks if concentration else len(problem.parks)
    locks = problem.family(LockConstraints)
    locked = set(locks.locked_in) if locks else set()

    free = {
        (u.park_id, u.tier): u.capacity_km2
        for u in problem.units.sort_values("release_by").itertuples()
    }
    tiers_of: dict[str, list[str]] = defaultdict(list)
    for park, tier in free:
        tiers_of[park].append(tier)
    remaining = problem.demand.iloc[:, -1].astype(float).to_dict()
    footprints = problem.footprints
    clusters_in: dict[str, int] = defaultdict(int)
    parks_of: dict[str, int] = defaultdict(int)

    scores = problem.suitability.stack().rename("score").reset_index()
    scores.columns = ["cluster_id", "park_id", "score"]
    scores["locked"] = [
        (c, p) in locked for c, p in zip(scores["cluster_id"], scores["park_id"], strict=True)
    ]
    scores = scores.sort_values(
        ["locked", "score", "cluster_id", "park_id"], ascending=[False, False, True, True]
    )
    rows = []
    for pair in scores.itertuples():
        cluster, park = pair.cluster_id, pair.park_id
        if not allowed.loc[cluster, park] or remaining[cluster] <= 0:
            continue
        if clusters_in[park] >= max_clusters or parks_of[cluster] >= max_parks:
            continue
        room = sum(free[park, t] for t in tiers_of[park])
        amount = min(remaining[cluster], room)
        if amount < max(footprints[cluster], 1e-9):
            continue
        clusters_in[park] += 1
        parks_of[cluster] += 1
        remaining[cluster] -= amount
        for tier in tiers_of[park]:
            take = min(amount, free[park, tier])
            if take > 0:
                rows.append((cluster, park, tier, take))
                free[park, tier] -= take
                amount -= take
    return pd.DataFrame(rows, columns=ALLOCATION_COLUMNS)
