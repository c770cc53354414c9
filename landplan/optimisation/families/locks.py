"""Locks and exclusions."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, ClassVar

import pandas as pd
from pydantic import BaseModel, ConfigDict, model_validator

from landplan.i18n import N_, keep
from landplan.optimisation.diagnostics import Diagnostic, cluster_label
from landplan.optimisation.part import ConstraintFamily, Names, Setting
from landplan.solving.model import EQ, GE, LE

if TYPE_CHECKING:
    from landplan.optimisation.model import Model
    from landplan.optimisation.problem import Problem


class Placement(BaseModel):
    """A cluster in (or out of) a park or a district, by id or by English or Chinese name, in a
    scenario's ``locks`` or ``exclusions``. A lock to a district means: present in at least one
    of its parks."""

    model_config = ConfigDict(extra="forbid")

    cluster: str
    park: str | None = None
    district: str | None = None
    note: str = ""

    @model_validator(mode="after")
    def _one_place(self) -> Placement:
        if (self.park is None) == (self.district is None):
            raise ValueError("give a park or a district (one of them)")
        return self

    def resolve(self, names: Names, section: str, i: int) -> tuple[str, list[str]]:
        """The cluster's id and the ids of the parks meant (the place's parks, for a district),
        an unknown name reported at ``section[i]`` of the scenario."""
        cluster = names.cluster(self.cluster, section, i, "cluster")
        if self.park is not None:
            return cluster, [names.park(self.park, section, i, "park")]
        assert self.district is not None  # a placement names a park or a district (validated)
        return cluster, names.district_parks(self.district, section, i, "district")


@dataclass(frozen=True)
class LockConstraints(ConstraintFamily):
    """Locks and exclusions: ``y[c, p] = 1`` for locked-in pairs (rows ``locked_in``),
    ``y[c, p] = 0`` for locked-out pairs (``locked_out``), and ``Σ_{p ∈ P} y[c, p] ≥ 1`` for a
    cluster locked into a group of parks ``P`` (``locked_in_any``: a district, present in at
    least one of its parks). Pairs are (cluster_id, park_id); an excluded district is expanded
    to its parks before it gets here."""

    locked_in: tuple[tuple[str, str], ...] = ()
    locked_out: tuple[tuple[str, str], ...] = ()
    locked_in_any: tuple[tuple[str, tuple[str, ...]], ...] = ()
    name: ClassVar[str] = "locks"
    VERBS: ClassVar[tuple[str, ...]] = (
        "add_locked_in_constraints",
        "add_locked_out_constraints",
        "add_locked_in_any_constraints",
    )
    ROWS: ClassVar[tuple[str, ...]] = ("locked_in", "locked_out", "locked_in_any")
    ORDER: ClassVar[int] = 80
    ACCUMULATES: ClassVar[bool] = True
    SETTINGS: ClassVar[tuple[Setting, ...]] = (
        Setting(
            "locks",
            list[Placement],
            [],
            "Industries that must be in a park, or in one of a district's parks.",
            accumulates=True,
        ),
        Setting(
            "exclusions",
            list[Placement],
            [],
            "Industries that must not be in a park, or in any of a district's parks.",
            accumulates=True,
        ),
    )

    @classmethod
    def from_settings(cls, settings: Mapping[str, Any], names: Names) -> LockConstraints | None:
        locks = cls()
        for i, place in enumerate(settings["locks"]):
            cluster, parks = place.resolve(names, "locks", i)
            if len(parks) == 1:
                locks = locks.with_locked_in([(cluster, parks[0])])
            else:
                locks = locks.with_locked_in_any(cluster, parks)
        for i, place in enumerate(settings["exclusions"]):
            cluster, parks = place.resolve(names, "exclusions", i)
            locks = locks.with_locked_out([(cluster, p) for p in parks])
        return locks if locks != cls() else None

    def with_locked_in(self, pairs: Iterable[tuple[str, str]]) -> LockConstraints:
        merged = tuple(dict.fromkeys((*self.locked_in, *((c, p) for c, p in pairs))))
        return replace(self, locked_in=merged)

    def with_locked_out(self, pairs: Iterable[tuple[str, str]]) -> LockConstraints:
        merged = tuple(dict.fromkeys((*self.locked_out, *((c, p) for c, p in pairs))))
        return replace(self, locked_out=merged)

    def with_locked_in_any(self, cluster: str, parks: Iterable[str]) -> LockConstraints:
        """``cluster`` present in at least one of ``parks`` (e.g. the parks of a district)."""
        group = (cluster, tuple(sorted(parks)))
        return replace(self, locked_in_any=tuple(dict.fromkeys((*self.locked_in_any, group))))

    def rules_out(self, problem: Problem) -> dict[tuple[str, str], str]:
        return {pair: keep(N_("it is excluded from there")) for pair in self.locked_out}

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
                keep(
                    N_("lock (%(cluster)s, %(park)s) names an unknown cluster or park"),
                    cluster=cluster,
                    park=park,
                ),
                cluster,
                (park,),
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
                keep(
                    N_("%(cluster)s is both locked into and excluded from park %(park)s"),
                    cluster=cluster_label(problem, cluster),
                    park=park,
                ),
                cluster,
                (park,),
            )
            for cluster, park in sorted(set(self.locked_in) & set(self.locked_out))
        ]
        allowed = problem.allowed()
        found += [
            _contradiction(
                keep(
                    N_(
                        "%(cluster)s is locked into one of parks %(parks)s, but exclusions or "
                        "strict policy mode rule out every one of them"
                    ),
                    cluster=cluster_label(problem, cluster),
                    parks=", ".join(group),
                ),
                cluster,
                group,
            )
            for cluster, group in self.locked_in_any
            if not allowed.loc[cluster, list(group)].any()
        ]
        others = problem.ruled_out(but=self)
        found += [
            _contradiction(
                keep(
                    N_("%(cluster)s is locked into park %(park)s (%(district)s), but %(why)s"),
                    cluster=cluster_label(problem, cluster),
                    park=park,
                    district=str(problem.parks.loc[park, "district"]),
                    why=others[cluster, park],
                ),
                cluster,
                (park,),
            )
            for cluster, park in self.locked_in
            if (cluster, park) in others
        ]
        return found

    def _beyond_caps(self, problem: Problem) -> list[Diagnostic]:
        """More clusters locked into a park than the focus cap allows, or a cluster locked into
        more parks than the concentration cap allows."""
        locked = pd.DataFrame(list(self.locked_in), columns=["cluster_id", "park_id"])
        found = []
        per_park, per_cluster = problem.max_clusters_per_park, problem.max_parks_per_cluster
        if per_park is not None:
            found += _over_cap(
                locked,
                "park_id",
                per_park,
                lambda park, n: keep(
                    N_(
                        "park %(park)s has %(count)s clusters locked in but at most %(most)s "
                        "are allowed per park"
                    ),
                    park=park,
                    count=str(n),
                    most=str(per_park),
                ),
            )
        if per_cluster is not None:
            found += _over_cap(
                locked,
                "cluster_id",
                per_cluster,
                lambda cluster, n: keep(
                    N_("%(cluster)s is locked into %(count)s parks but may be in at most %(most)s"),
                    cluster=cluster_label(problem, cluster),
                    count=str(n),
                    most=str(per_cluster),
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
                        keep(
                            N_(
                                "the clusters locked into park %(park)s need at least %(need)s km² "
                                "(their minimum sites) but it releases only %(released)s km²"
                            ),
                            park=str(park),
                            need=f"{need:.2f}",
                            released=f"{capacity[park]:.2f}",
                        ),
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


def _contradiction(text: str, cluster: str, parks: tuple[str, ...]) -> Diagnostic:
    return Diagnostic("error", "contradiction", text, (cluster,), parks)
