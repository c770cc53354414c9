"""A greedy plan, the yardstick the optimum is compared with.

Pairs (cluster, park) are taken in order of suitability, best first; locked-in pairs come before
all others, then, for each cluster locked into a group of parks (a district), the best-scoring
park of the group. In each tier of the park, earliest first, the cluster takes what it still needs by that
tier's release year (so land released by the first horizon goes to its demand), provided the whole take is
at least its footprint and the caps on clusters per park and parks per cluster allow it.
"""

from __future__ import annotations

from collections import defaultdict

import pandas as pd

from landplan.optimisation.evaluate import ALLOCATION_COLUMNS
from landplan.optimisation.families.locks import LockConstraints
from landplan.optimisation.problem import Problem


def greedy_allocation(problem: Problem) -> pd.DataFrame:
    """The greedy plan as an allocation table (cluster_id, park_id, tier, land_km2)."""
    allowed = problem.allowed()
    max_clusters = problem.max_clusters_per_park or len(problem.clusters)
    max_parks = problem.max_parks_per_cluster or len(problem.parks)
    locks = problem.part(LockConstraints)
    locked = set(locks.locked_in) if locks else set()
    groups = locks.locked_in_any if locks else ()

    free = {
        (u.park_id, u.tier): u.capacity_km2
        for u in problem.units.sort_values("release_by").itertuples()
    }
    release = problem.units.set_index(["park_id", "tier"])["release_by"].to_dict()
    tiers_of: dict[str, list[str]] = defaultdict(list)
    for park, tier in free:
        tiers_of[park].append(tier)
    demand = problem.demand
    got = {(c, h): 0.0 for c in problem.clusters.index for h in problem.horizons}
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
    # (cluster, park, the lock group it serves or ()) in the order they are tried.
    pairs = [(c, p, ()) for c, p in zip(scores["cluster_id"], scores["park_id"], strict=True)]
    n_locked = int(scores["locked"].sum())
    group_firsts = [
        (cluster, max(group, key=problem.suitability.loc[cluster].__getitem__), group)
        for cluster, group in groups
    ]
    rows, present = [], set()
    for cluster, park, group in pairs[:n_locked] + group_firsts + pairs[n_locked:]:
        if (cluster, park) in present or not allowed.loc[cluster, park]:
            continue
        if group and any((cluster, q) in present for q in group):
            continue  # the district lock already holds
        if clusters_in[park] >= max_clusters or parks_of[cluster] >= max_parks:
            continue
        takes = _takes(cluster, tiers_of[park], park, free, release, demand, got)
        if sum(takes.values()) < max(footprints[cluster], 1e-9):
            continue
        present.add((cluster, park))
        clusters_in[park] += 1
        parks_of[cluster] += 1
        for tier, take in takes.items():
            rows.append((cluster, park, tier, take))
            free[park, tier] -= take
            for h in problem.horizons:
                if release[park, tier] <= h:
                    got[cluster, h] += take
    return pd.DataFrame(rows, columns=ALLOCATION_COLUMNS)


def _takes(
    cluster: str,
    tiers: list[str],
    park: str,
    free: dict[tuple[str, str], float],
    release: dict[tuple[str, str], int],
    demand: pd.DataFrame,
    got: dict[tuple[str, int], float],
) -> dict[str, float]:
    """What the cluster would take in each tier of the park: first, in each tier, what it still
    needs by the tier's release year; then, earliest tier first, what it still needs by the
    last horizon (land released early serves later demand too)."""
    takes = dict.fromkeys(tiers, 0.0)
    last = demand.columns[-1]
    # a tier serves demand from the first horizon at or after its release (none: after the plan)
    serves = {t: next((h for h in demand.columns if h >= release[park, t]), None) for t in tiers}
    served = {t: year for t, year in serves.items() if year is not None}
    tiers = list(served)
    for tier in tiers:
        year = served[tier]
        need = demand.loc[cluster, year] - got[cluster, year] - sum(takes.values())
        takes[tier] = min(free[park, tier], max(0.0, need))
    for tier in tiers:
        need = demand.loc[cluster, last] - got[cluster, last] - sum(takes.values())
        takes[tier] += min(free[park, tier] - takes[tier], max(0.0, need))
    return {tier: take for tier, take in takes.items() if take > 0}
