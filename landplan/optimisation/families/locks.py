"""Locks and exclusions."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

import pandas as pd

from landplan.optimisation.diagnostics import Diagnostic, cluster_label
from landplan.optimisation.families.concentration import ConcentrationConstraints
from landplan.optimisation.families.endorsement import EndorsementConstraints
from landplan.optimisation.families.focus import FocusConstraints
from landplan.optimisation.part import EQ, GE, LE, Part

if TYPE_CHECKING:
    from landplan.optimisation.model import Model
    from landplan.optimisation.problem import Problem


@dataclass(frozen=True)
class LockConstraints(Part):
    """Locks and exclusions: ``y[c, p] = 1`` for locked-in pairs (rows ``locked_in``),
    ``y[c, p] = 0`` for locked-out pairs (``locked_out``), and ``Σ_{p ∈ P} y[c, p] ≥ 1`` for a
    cluster locked into a group of parks ``P`` (``locked_in_any``: a district, present in at
    least one of its parks). Pairs are (cluster_id, park_id); an excluded district is expanded
    to its parks before it gets here."""

    locked_in: tuple[tuple[str, str], ...] = ()
    locked_out: tuple[tuple[str, str], ...] = ()
    locked_in_any: tuple[tuple[str, tuple[str, ...]], ...] = ()
    name: ClassVar[str] = "locks"
    ROWS: ClassVar[tuple[str, ...]] = ("locked_in", "locked_out", "locked_in_any")

    def write(self, model: Model) -> None:
        for cluster, park in self.locked_in:
            model.add_row("locked_in", (cluster, park), [(model.y[cluster, park], 1.0)], EQ, 1.0)
        for cluster, park in self.locked_out:
            model.add_row("locked_out", (cluster, park), [(model.y[cluster, park], 1.0)], LE, 0.0)
        for cluster, parks in self.locked_in_any:
            pairs = [(model.y[cluster, park], 1.0) for park in parks]
            model.add_row("locked_in_any", (cluster, parks), pairs, GE, 1.0)

    def check(self, problem: Problem) -> list[Diagnostic]:
        """Locks naming unknown ids, locks that contradict exclusions or strict endorsement,
        more locks in a park or for a cluster than the caps allow, and locked clusters whose
        minimum sites a park cannot hold."""
        clusters, parks = set(problem.clusters.index), set(problem.parks.index)
        unknown = [
            _contradiction(
                f"lock ({cluster}, {park}) names an unknown cluster or park", cluster, (park,)
            )
            for cluster, park in (*self.locked_in, *self.locked_out)
            if cluster not in clusters or park not in parks
        ]
        if unknown:
            return unknown
        return [
            *self._both_ways(problem),
            *self._beyond_caps(problem),
            *self._room(problem),
        ]

    def _both_ways(self, problem: Problem) -> list[Diagnostic]:
        found = [
            _contradiction(
                f"{cluster_label(problem, cluster)} is both locked into and excluded from park {park}",
                cluster,
                (park,),
            )
            for cluster, park in sorted(set(self.locked_in) & set(self.locked_out))
        ]
        allowed = problem.allowed()
        found += [
            _contradiction(
                f"{cluster_label(problem, cluster)} is locked into one of parks {', '.join(group)}, "
                "but exclusions or strict policy mode rule out every one of them",
                cluster,
                group,
            )
            for cluster, group in self.locked_in_any
            if not allowed.loc[cluster, list(group)].any()
        ]
        if problem.family(EndorsementConstraints):
            found += [
                _contradiction(
                    f"{cluster_label(problem, cluster)} is locked into park {park} "
                    f"({problem.parks.loc[park, 'district']}), but strict policy mode does not "
                    "allow it there: the policy does not name that district for it",
                    cluster,
                    (park,),
                )
                for cluster, park in self.locked_in
                if not problem.endorsed.loc[cluster, park]
            ]
        return found

    def _beyond_caps(self, problem: Problem) -> list[Diagnostic]:
        """More clusters locked into a park than the focus cap allows, or a cluster locked into
        more parks than the concentration cap allows."""
        locked = pd.DataFrame(list(self.locked_in), columns=["cluster_id", "park_id"])
        found = []
        focus = problem.family(FocusConstraints)
        if focus is not None:
            found += _over_cap(
                locked,
                "park_id",
                focus.max_clusters,
                lambda park, n: (
                    f"park {park} has {n} clusters locked in but at most "
                    f"{focus.max_clusters} are allowed per park"
                ),
            )
        concentration = problem.family(ConcentrationConstraints)
        if concentration is not None:
            found += _over_cap(
                locked,
                "cluster_id",
                concentration.max_parks,
                lambda cluster, n: (
                    f"{cluster_label(problem, cluster)} is locked into {n} "
                    f"parks but may be in at most {concentration.max_parks}"
                ),
            )
        return found

    def _room(self, problem: Problem) -> list[Diagnostic]:
        locked = pd.DataFrame(list(self.locked_in), columns=["cluster_id", "park_id"])
        sites, capacity = problem.footprints, problem.park_capacity
        found = []
        for park, group in locked.groupby("park_id"):
            need = sites[group["cluster_id"]].sum()
            if need > capacity[park] + 1e-9:
                found.append(
                    Diagnostic(
                        "error",
                        "infeasible",
                        f"the clusters locked into park {park} need at least {need:.2f} km² (their "
                        f"minimum sites) but it releases only {capacity[park]:.2f} km²",
                        tuple(group["cluster_id"]),
                        (str(park),),
                    )
                )
        return found


def _over_cap(
    locked: pd.DataFrame, by: str, cap: int, message: Callable[[str, int], str]
) -> list[Diagnostic]:
    """A contradiction for each group of locks (by park or by cluster) larger than ``cap``."""
    return [
        Diagnostic(
            "error",
            "contradiction",
            message(str(key), len(group)),
            tuple(group["cluster_id"]),
            tuple(str(p) for p in group["park_id"]),
        )
        for key, group in locked.groupby(by)
        if len(group) > cap
    ]


def _contradiction(message: str, cluster: str, parks: tuple[str, ...]) -> Diagnostic:
    return Diagnostic("error", "contradiction", message, (cluster,), parks)
