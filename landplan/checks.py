"""Checks run before every solve, reported in planners' words.

Each check returns :class:`Diagnostic` values. Level ``error`` with kind ``contradiction`` means
the rules contradict each other (fix the input); ``error`` with kind ``infeasible`` means no plan
can satisfy the hard rules (the solve is skipped and the status is infeasible); ``warning``
means the plan will fall short or the numbers look wrong, but it can still be solved.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from landplan.problem import (
    ConcentrationConstraints,
    DemandConstraints,
    EndorsementConstraints,
    FocusConstraints,
    LockConstraints,
    Problem,
    SuitabilityObjective,
)


@dataclass(frozen=True)
class Diagnostic:
    """One finding: its level, kind, a message, and the clusters and parks it concerns."""

    level: Literal["error", "warning"]
    kind: Literal["contradiction", "infeasible", "shortfall", "scaling"]
    message: str
    clusters: tuple[str, ...] = ()
    parks: tuple[str, ...] = ()

    def __str__(self) -> str:
        return f"{self.level}: {self.message}"


def check_problem(problem: Problem) -> list[Diagnostic]:
    """All checks, contradictions first."""
    return [
        *check_locks(problem),
        *check_demand_reachable(problem),
        *check_presence_room(problem),
        *check_scaling(problem),
    ]


def check_locks(problem: Problem) -> list[Diagnostic]:
    """Locks naming unknown ids, locks that contradict exclusions or strict endorsement, and
    more locks in a park or for a cluster than the caps allow."""
    locks = problem.family(LockConstraints)
    if locks is None:
        return []
    found: list[Diagnostic] = []
    clusters, parks = set(problem.clusters.index), set(problem.parks.index)
    for cluster, park in (*locks.locked_in, *locks.locked_out):
        if cluster not in clusters or park not in parks:
            found.append(
                Diagnostic(
                    "error",
                    "contradiction",
                    f"lock ({cluster}, {park}) names an unknown cluster or park",
                    (cluster,),
                    (park,),
                )
            )
    if found:
        return found
    for cluster, park in set(locks.locked_in) & set(locks.locked_out):
        found.append(
            Diagnostic(
                "error",
                "contradiction",
                f"{_name(problem, cluster)} is both locked into and excluded from park {park}",
                (cluster,),
                (park,),
            )
        )
    allowed = problem.allowed()
    for cluster, group in locks.locked_in_any:
        if not allowed.loc[cluster, list(group)].any():
            found.append(
                Diagnostic(
                    "error",
                    "contradiction",
                    f"{_name(problem, cluster)} is locked into one of parks {', '.join(group)}, "
                    "but exclusions or strict policy mode rule out every one of them",
                    (cluster,),
                    group,
                )
            )
    if problem.family(EndorsementConstraints):
        for cluster, park in locks.locked_in:
            if not problem.endorsed.loc[cluster, park]:
                found.append(
                    Diagnostic(
                        "error",
                        "contradiction",
                        f"{_name(problem, cluster)} is locked into park {park} "
                        f"({problem.parks.loc[park, 'district']}), but strict policy mode does not allow "
                        "it there: the policy does not name that district for it",
                        (cluster,),
                        (park,),
                    )
                )
    in_table = pd.DataFrame(list(locks.locked_in), columns=["cluster_id", "park_id"])
    focus = problem.family(FocusConstraints)
    if focus is not None:
        for park, group in in_table.groupby("park_id"):
            if len(group) > focus.max_clusters:
                found.append(
                    Diagnostic(
                        "error",
                        "contradiction",
                        f"park {park} has {len(group)} clusters locked in but at most "
                        f"{focus.max_clusters} are allowed per park",
                        tuple(group["cluster_id"]),
                        (park,),
                    )
                )
    concentration = problem.family(ConcentrationConstraints)
    if concentration is not None:
        for cluster, group in in_table.groupby("cluster_id"):
            if len(group) > concentration.max_parks:
                found.append(
                    Diagnostic(
                        "error",
                        "contradiction",
                        f"{_name(problem, cluster)} is locked into {len(group)} parks but may be in at "
                        f"most {concentration.max_parks}",
                        (cluster,),
                        tuple(group["park_id"]),
                    )
                )
    footprints, capacity = problem.footprints, problem.park_capacity
    for park, group in in_table.groupby("park_id"):
        need = footprints[group["cluster_id"]].sum()
        if need > capacity[park] + 1e-9:
            found.append(
                Diagnostic(
                    "error",
                    "infeasible",
                    f"the clusters locked into park {park} need at least {need:.2f} km² (their minimum "
                    f"footprints) but it releases only {capacity[park]:.2f} km²",
                    tuple(group["cluster_id"]),
                    (park,),
                )
            )
    return found


def check_demand_reachable(problem: Problem) -> list[Diagnostic]:
    """A cluster whose demand by a horizon exceeds the land released by then in the parks it may
    use (at most as many parks as the concentration cap allows, largest first)."""
    demand_family = problem.family(DemandConstraints)
    if demand_family is None:
        return []
    strict = demand_family.strict
    allowed = problem.allowed()
    concentration = problem.family(ConcentrationConstraints)
    max_parks = concentration.max_parks if concentration else len(problem.parks)
    released = (
        problem.units.pivot_table(
            index="park_id",
            columns="release_by",
            values="capacity_km2",
            aggfunc="sum",
            fill_value=0.0,
        )
        .reindex(columns=problem.horizons, fill_value=0.0)
        .cumsum(axis=1)
    )
    # Per cluster and horizon: the land the max_parks largest allowed parks release by then.
    may_use = allowed.to_numpy()[:, :, None] * released.loc[allowed.columns].to_numpy()[None]
    reachable = -np.sort(-may_use, axis=1)[:, :max_parks].sum(axis=1)
    demand = problem.demand.to_numpy()
    found = []
    for i, cluster in enumerate(problem.clusters.index):
        short = np.flatnonzero(demand[i] > reachable[i] + 1e-9)
        if not len(short):
            continue
        j = short[0]  # later horizons repeat the story
        parks = allowed.columns[allowed.loc[cluster].to_numpy()]
        found.append(
            _unmet(
                demand_family.is_hard(cluster),
                f"{_name(problem, cluster)} needs {demand[i, j]:.2f} km² by "
                f"{problem.horizons[j]} but the {min(max_parks, len(parks))} largest of the parks "
                f"it may use release only {reachable[i, j]:.2f} km² by then"
                + (" (allowed parks: " + ", ".join(parks) + ")" if len(parks) <= 8 else ""),
                (cluster,),
                tuple(parks),
            )
        )
    for h in problem.horizons:
        total_demand = problem.demand[h].sum()
        total_land = released[h].sum()
        if total_demand > total_land + 1e-9:
            found.append(
                _unmet(
                    strict,
                    f"all clusters together need {total_demand:.2f} km² by {h} but the parks release "
                    f"only {total_land:.2f} km² by then",
                )
            )
    return found


def check_presence_room(problem: Problem) -> list[Diagnostic]:
    """Clusters per park × parks below the presences needed, and footprints no park can hold."""
    demand_family = problem.family(DemandConstraints)
    strict = bool(demand_family and demand_family.strict)
    allowed = problem.allowed()
    capacity, footprints = problem.park_capacity, problem.footprints
    total = problem.demand.iloc[:, -1]
    found = []
    needed = 0
    for cluster in problem.clusters.index:
        if total[cluster] <= 0:
            continue
        usable = capacity[allowed.loc[cluster]]
        usable = usable[usable >= footprints[cluster]]
        if usable.empty:
            found.append(
                _unmet(
                    bool(demand_family and demand_family.is_hard(cluster)),
                    f"no park it may use can hold the minimum footprint of {_name(problem, cluster)} "
                    f"({footprints[cluster]:.2f} km²)",
                    (cluster,),
                )
            )
            continue
        needed += math.ceil(total[cluster] / usable.max() - 1e-9)
    focus = problem.family(FocusConstraints)
    if focus is not None and needed > focus.max_clusters * len(problem.parks):
        found.append(
            _unmet(
                strict,
                f"the clusters need at least {needed} park places but {len(problem.parks)} parks × "
                f"{focus.max_clusters} clusters per park give only {focus.max_clusters * len(problem.parks)}",
            )
        )
    return found


def check_scaling(problem: Problem) -> list[Diagnostic]:
    """Numbers that look like the wrong unit, and a shortfall penalty too small to bite."""
    found = []
    numbers = np.concatenate(
        [problem.units["capacity_km2"].to_numpy(float), problem.demand.to_numpy(float).ravel()]
    )
    positive = numbers[numbers > 0]
    if positive.size and (positive.max() > 1e4 or positive.min() < 1e-4):
        found.append(
            Diagnostic(
                "warning",
                "scaling",
                f"land figures range from {positive.min():.3g} to {positive.max():.3g} km²: check the "
                "units (km², not m² or hectares); badly scaled numbers slow the solver and blur results",
            )
        )
    demand_family = problem.family(DemandConstraints)
    suitability = problem.term(SuitabilityObjective)
    if demand_family and not demand_family.strict and suitability:
        if demand_family.penalty <= suitability.weight:
            found.append(
                Diagnostic(
                    "warning",
                    "scaling",
                    f"the shortfall penalty ({demand_family.penalty:g}) is not above the suitability "
                    f"weight ({suitability.weight:g}): the plan may leave demand unmet to gain "
                    "suitability elsewhere",
                )
            )
    return found


def _unmet(
    strict: bool, message: str, clusters: tuple[str, ...] = (), parks: tuple[str, ...] = ()
) -> Diagnostic:
    """Demand that cannot be met: an error (infeasible) when demand is a hard rule, else a
    warning that the plan will fall short."""
    if strict:
        return Diagnostic("error", "infeasible", message, clusters, parks)
    return Diagnostic("warning", "shortfall", message, clusters, parks)


def _name(problem: Problem, cluster: str) -> str:
    return f"{problem.clusters.loc[cluster, 'name_en']} ({cluster})"
