"""Evaluate an allocation against a problem: objective terms, shortfall, presence, KPIs.

An allocation is a table with ``cluster_id``, ``park_id``, ``tier`` and ``land_km2``. Everything a
plan is judged by follows from it, so the optimum, the greedy comparison and a planner's own plan
are all scored by the same functions.
"""

from __future__ import annotations

import pandas as pd

from landplan.problem import (
    ChainBonus,
    DemandConstraints,
    PresenceCost,
    Problem,
    SuitabilityObjective,
)

#: Land below this (km²) counts as none: solver round-off, not a presence.
LAND_EPSILON = 1e-6
ALLOCATION_COLUMNS = ["cluster_id", "park_id", "tier", "land_km2"]


def land_by_park(allocation: pd.DataFrame) -> pd.Series:
    """Land of each cluster in each park, indexed by (cluster_id, park_id)."""
    return allocation.groupby(["cluster_id", "park_id"])["land_km2"].sum()


def presences(allocation: pd.DataFrame) -> pd.MultiIndex:
    """The (cluster_id, park_id) pairs with land."""
    land = land_by_park(allocation)
    return land.index[land > LAND_EPSILON]


def shortfall_table(problem: Problem, allocation: pd.DataFrame) -> pd.DataFrame:
    """Per cluster and horizon: demand, land released by then, and shortfall (all km²)."""
    release = problem.units.set_index(["park_id", "tier"])["release_by"]
    released = allocation.assign(
        release_by=[
            release[p, t] for p, t in zip(allocation["park_id"], allocation["tier"], strict=True)
        ]
    )
    rows = []
    for cluster in problem.clusters.index:
        mine = released[released["cluster_id"] == cluster]
        for h in problem.horizons:
            land = float(mine.loc[mine["release_by"] <= h, "land_km2"].sum())
            demand = float(problem.demand.loc[cluster, h])
            rows.append(
                {
                    "cluster_id": cluster,
                    "horizon": h,
                    "demand_km2": demand,
                    "land_km2": land,
                    "shortfall_km2": max(0.0, demand - land),
                }
            )
    return pd.DataFrame(rows)


def co_located_links(problem: Problem, allocation: pd.DataFrame) -> pd.DataFrame:
    """Chain links whose two clusters share a park: cluster_a, cluster_b, park_id, strength."""
    present = set(presences(allocation))
    rows = [
        {
            "cluster_a": link.cluster_a,
            "cluster_b": link.cluster_b,
            "park_id": park,
            "strength": link.strength,
        }
        for link in problem.links.itertuples()
        for park in problem.parks.index
        if (link.cluster_a, park) in present and (link.cluster_b, park) in present
    ]
    return pd.DataFrame(rows, columns=["cluster_a", "cluster_b", "park_id", "strength"])


def objective_terms(problem: Problem, allocation: pd.DataFrame) -> dict[str, float]:
    """The value of each objective term for this allocation (signed as in the objective)."""
    terms: dict[str, float] = {}
    land = land_by_park(allocation)
    for term in problem.objective:
        if isinstance(term, SuitabilityObjective):
            scores = [problem.suitability.loc[c, p] for c, p in land.index]
            terms[term.name] = (
                term.weight * float((land.to_numpy() * scores).sum()) if scores else 0.0
            )
        elif isinstance(term, ChainBonus):
            terms[term.name] = term.weight * float(
                co_located_links(problem, allocation)["strength"].sum()
            )
        elif isinstance(term, PresenceCost):
            terms[term.name] = -term.weight * len(presences(allocation))
    demand = problem.family(DemandConstraints)
    if demand is not None and not demand.strict:
        shortfall = shortfall_table(problem, allocation)["shortfall_km2"].sum()
        terms["shortfall_penalty"] = -demand.penalty * float(shortfall)
    return terms
