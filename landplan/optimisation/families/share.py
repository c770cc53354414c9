"""A cluster's share of a park."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any, ClassVar

import numpy as np
from pydantic import Field

from landplan.i18n import N_, keep
from landplan.optimisation.diagnostics import Diagnostic, cluster_label, unmet
from landplan.optimisation.part import ConstraintFamily, Names, Setting
from landplan.solving.model import LE

if TYPE_CHECKING:
    from landplan.optimisation.model import Model
    from landplan.optimisation.problem import Problem


@dataclass(frozen=True)
class ParkShareConstraints(ConstraintFamily):
    """No cluster takes more than ``max_share`` of a park's releasable land, so that a park
    keeps room for others: ``Σ_t x[c, (p, t)] ≤ max_share · K[p]`` for every cluster ``c`` and
    park ``p`` (rows ``share``, keyed (cluster_id, park_id)), ``K[p]`` the park's land in all
    its tiers."""

    max_share: float = 1.0
    name: ClassVar[str] = "share"
    VERBS: ClassVar[tuple[str, ...]] = ("add_share_constraints",)
    ROWS: ClassVar[tuple[str, ...]] = ("share",)
    ORDER: ClassVar[int] = 90
    SETTINGS: ClassVar[tuple[Setting, ...]] = (
        Setting(
            "rules.max_park_share",
            Annotated[float, Field(gt=0, le=1)] | None,
            None,
            "No industry takes more than this share of a park's land (null: no cap).",
        ),
    )

    @classmethod
    def from_settings(
        cls, settings: Mapping[str, Any], names: Names
    ) -> ParkShareConstraints | None:
        share = settings["rules.max_park_share"]
        return None if share is None else cls(share)

    def max_park_share(self) -> float | None:
        return self.max_share

    def write(self, model: Model) -> None:
        problem = model.problem
        capacity = problem.park_capacity
        tiers = problem.units.groupby("park_id", sort=False)["tier"].apply(list)
        for cluster in problem.clusters.index:
            for park in problem.parks.index:
                pairs = [(model.x[cluster, park, tier], 1.0) for tier in tiers[park]]
                rhs = self.max_share * float(capacity[park])
                model.add_row("share", (cluster, park), pairs, LE, rhs)

    def check(self, problem: Problem) -> list[Diagnostic]:
        """A cluster whose demand is more than its shares of the parks it may use (as many as
        the parks per cluster allow, largest first) can hold."""
        allowed = problem.allowed()
        capacity = problem.park_capacity.to_numpy()
        most = problem.max_parks_per_cluster or len(problem.parks)
        demand = problem.demand.iloc[:, -1]
        found = []
        for cluster in problem.clusters.index:
            shares = np.sort(self.max_share * capacity[allowed.loc[cluster].to_numpy()])[::-1]
            room = float(shares[:most].sum())
            if demand[cluster] > room + 1e-9:
                found.append(
                    unmet(
                        cluster in problem.hard_demand,
                        keep(
                            N_(
                                "%(cluster)s needs %(demand)s km² but may take at most "
                                "%(share)s %% of each park it may use: %(room)s km² in "
                                "%(count)s parks"
                            ),
                            cluster=cluster_label(problem, cluster),
                            demand=f"{demand[cluster]:.2f}",
                            share=f"{100 * self.max_share:g}",
                            room=f"{room:.2f}",
                            count=str(min(most, len(shares))),
                        ),
                        (cluster,),
                    )
                )
        return found
