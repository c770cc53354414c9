"""Demand by horizon, with shortfall and its penalty."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

import numpy as np

from landplan.i18n import N_, keep
from landplan.optimisation.diagnostics import Diagnostic, cluster_label, unmet
from landplan.optimisation.evaluate import shortfall_table
from landplan.optimisation.part import ConstraintFamily, Names, Numbers, RowKey, Setting
from landplan.solving.model import GE, LE, Pairs
from landplan.vocabulary import Factor

if TYPE_CHECKING:
    import pandas as pd

    from landplan.optimisation.model import Model
    from landplan.optimisation.problem import Problem


@dataclass(frozen=True)
class DemandConstraints(ConstraintFamily):
    """Demand by horizon, with shortfall.

    For every cluster ``c`` and horizon ``h`` (rows ``demand``):
    ``Σ_{u : r[u] ≤ h} x[c, u] + short[c, h] ≥ D[c, h]``, and a cap on the total (rows
    ``demand_cap``), ``Σ_u x[c, u] ≤ D[c]``: no cluster gets more land than it asks for.

    The objective subtracts ``penalty · Σ_c Σ_h short[c, h]`` (term ``shortfall_penalty``); a
    penalty above the largest possible gain per km² (suitability ≤ 1 plus chain and presence
    terms) makes the model meet demand whenever it can. In ``strict`` mode ``short`` does not
    exist: demand is a hard rule; ``hard`` makes it a hard rule for the listed clusters only.
    A re-solve changes the right-hand sides ``D[c, h]`` and ``D[c]``.
    """

    penalty: float = 10.0
    strict: bool = False
    hard: tuple[str, ...] = ()
    name: ClassVar[str] = "demand"
    VERBS: ClassVar[tuple[str, ...]] = ("add_demand_constraints",)
    ROWS: ClassVar[tuple[str, ...]] = ("demand", "demand_cap")
    ORDER: ClassVar[int] = 30
    SETTINGS: ClassVar[tuple[Setting, ...]] = (
        Setting(
            "objective.shortfall_penalty",
            Factor,
            penalty,
            "Objective lost per km² of demand not met by a horizon.",
        ),
        Setting("rules.strict_demand", bool, strict, "All demand must be met in full."),
        Setting(
            "rules.hard_demand",
            list[str],
            [],
            "Industries (ids, names, or a kind: strategic, future) whose demand must be met in full.",
        ),
    )

    def __post_init__(self) -> None:
        object.__setattr__(self, "hard", tuple(sorted(self.hard)))

    @classmethod
    def from_settings(cls, settings: Mapping[str, Any], names: Names) -> DemandConstraints:
        listed: Iterable[str] = settings["rules.hard_demand"]
        hard = [
            cluster
            for i, name in enumerate(listed)
            for cluster in names.clusters_named(name, "rules", "hard_demand", i)
        ]
        return cls(
            settings["objective.shortfall_penalty"], settings["rules.strict_demand"], tuple(hard)
        )

    @property
    def objective_name(self) -> str:
        return "shortfall_penalty"

    def is_hard(self, cluster: str) -> bool:
        return self.strict or cluster in self.hard

    def hard_demand(self, problem: Problem) -> frozenset[str]:
        return frozenset(problem.clusters.index if self.strict else self.hard)

    def variables(self, model: Model) -> None:
        problem = model.problem
        for i, cluster in enumerate(problem.clusters.index):
            if not self.is_hard(cluster):
                for h in problem.horizons:
                    model.short[cluster, h] = model.add_variable(f"short_{i}_{h}", 0)

    def numbers(self, problem: Problem) -> Numbers:
        demand = problem.demand
        rhs: dict[RowKey, float] = {
            ("demand", (c, h)): float(demand.loc[c, h]) for c in demand.index for h in demand
        }
        last = demand.iloc[:, -1]
        rhs.update({("demand_cap", (c,)): float(last[c]) for c in demand.index})
        return Numbers(rhs=rhs)

    def write(self, model: Model) -> None:
        problem = model.problem
        rhs = self.numbers(problem).rhs
        units = list(problem.units.itertuples())
        for cluster in problem.clusters.index:
            for h in problem.horizons:
                pairs = [
                    (model.x[cluster, u.park_id, u.tier], 1.0) for u in units if u.release_by <= h
                ]
                if (cluster, h) in model.short:
                    pairs.append((model.short[cluster, h], 1.0))
                model.add_row("demand", (cluster, h), pairs, GE, rhs["demand", (cluster, h)])
            pairs = [(model.x[cluster, u.park_id, u.tier], 1.0) for u in units]
            model.add_row("demand_cap", (cluster,), pairs, LE, rhs["demand_cap", (cluster,)])

    def objective(self, model: Model) -> Pairs:
        return [(var, -self.penalty) for var in model.short.values()]

    def value(self, problem: Problem, allocation: pd.DataFrame) -> float | None:
        if self.strict:
            return None
        shortfall = shortfall_table(problem, allocation)["shortfall_km2"].sum()
        return -self.penalty * float(shortfall)

    def check(self, problem: Problem) -> list[Diagnostic]:
        return [*self._reachable(problem), *self._penalty_bites(problem)]

    def _reachable(self, problem: Problem) -> list[Diagnostic]:
        """A cluster whose demand by a horizon exceeds the land released by then in the parks
        it may use (at most as many parks as the concentration cap allows, largest first), and
        all demand beyond all land."""
        allowed = problem.allowed()
        max_parks = problem.max_parks_per_cluster or len(problem.parks)
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
                unmet(
                    self.is_hard(cluster),
                    keep(
                        N_(
                            "%(cluster)s needs %(demand)s km² by %(year)s but the %(count)s "
                            "largest of the parks it may use release only %(land)s km² by "
                            "then%(allowed)s"
                        ),
                        cluster=cluster_label(problem, cluster),
                        demand=f"{demand[i, j]:.2f}",
                        year=str(problem.horizons[j]),
                        count=str(min(max_parks, len(parks))),
                        land=f"{reachable[i, j]:.2f}",
                        allowed=keep(N_(" (allowed parks: %(parks)s)"), parks=", ".join(parks))
                        if len(parks) <= 8
                        else "",
                    ),
                    (cluster,),
                    tuple(parks),
                )
            )
        for h in problem.horizons:
            total_demand, total_land = problem.demand[h].sum(), released[h].sum()
            if total_demand > total_land + 1e-9:
                found.append(
                    unmet(
                        self.strict,
                        keep(
                            N_(
                                "all clusters together need %(demand)s km² by %(year)s but the "
                                "parks release only %(land)s km² by then"
                            ),
                            demand=f"{total_demand:.2f}",
                            year=str(h),
                            land=f"{total_land:.2f}",
                        ),
                    )
                )
        return found

    def _penalty_bites(self, problem: Problem) -> list[Diagnostic]:
        """A shortfall penalty not above what a km² of land can gain lets the plan trade
        demand for suitability."""
        gain = problem.gain_per_km2
        if self.strict or gain == 0 or self.penalty > gain:
            return []
        return [
            Diagnostic(
                "warning",
                "scaling",
                keep(
                    N_(
                        "the shortfall penalty (%(penalty)s) is not above the most a km² of land "
                        "can gain (the suitability weight, %(gain)s): the plan may leave demand "
                        "unmet to gain suitability elsewhere"
                    ),
                    penalty=f"{self.penalty:g}",
                    gain=f"{gain:g}",
                ),
            )
        ]
