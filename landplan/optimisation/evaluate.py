"""Evaluate an allocation against a problem: objective terms, shortfall, presence, KPIs.

An allocation is a table with ``cluster_id``, ``park_id``, ``tier`` and ``land_km2``. Everything a
plan is judged by follows from it, so the optimum, the greedy comparison and a planner's own plan
are all scored by the same functions.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from landplan.optimisation.problem import Problem

#: Land below this (km²) counts as none: solver round-off, not a presence.
LAND_EPSILON = 1e-6
#: The least land that counts as a presence (1 ha), so that presence always means land.
MIN_PRESENCE_KM2 = 0.01
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
    keys = pd.MultiIndex.from_frame(allocation[["park_id", "tier"]])
    years = release.reindex(keys).to_numpy()
    land = allocation["land_km2"].to_numpy(dtype=float)
    clusters = problem.clusters.index
    position = clusters.get_indexer(allocation["cluster_id"])
    horizons = list(problem.horizons)
    released = np.zeros((len(clusters), len(horizons)))
    for j, h in enumerate(horizons):
        np.add.at(released[:, j], position, np.where(years <= h, land, 0.0))
    demand = problem.demand.to_numpy(dtype=float)
    return pd.DataFrame(
        {
            "cluster_id": np.repeat(clusters.to_numpy(), len(horizons)),
            "horizon": np.tile(horizons, len(clusters)),
            "demand_km2": demand.ravel(),
            "land_km2": released.ravel(),
            "shortfall_km2": np.maximum(0.0, demand - released).ravel(),
        }
    )


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
    """The value of each objective contribution for this allocation (signed as in the
    objective), each computed by its part (:meth:`landplan.optimisation.part.Part.value`)."""
    terms: dict[str, float] = {}
    for part in problem.parts:
        value = part.value(problem, allocation)
        if value is not None:
            terms[part.objective_name] = value
    return terms
