"""The result of a solve, as a value: status, objective, bound, gap, tables, KPIs, diagnostics."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from landplan.optimisation.diagnostics import Diagnostic
from landplan.optimisation.evaluate import (
    ALLOCATION_COLUMNS,
    LAND_EPSILON,
    co_located_links,
    land_by_park,
    objective_terms,
    presences,
    shortfall_table,
)
from landplan.optimisation.model import Model
from landplan.optimisation.problem import Problem
from landplan.solving.result import Solved, SolveResult
from landplan.vocabulary import demand_column, shortfall_column


@dataclass(frozen=True)
class Solution(Solved):
    """A plan and how it was obtained (``result``: its status, objective, bound and gap, as
    :mod:`landplan.optimisation.engine` certified them).

    ``status`` is honest: ``optimal`` only when proven with no gap. ``allocation`` has one row
    per cluster, park and tier with land;
    ``shadow_prices`` (per tier: the objective gained by one more km² there, from the LP with
    the presence decisions fixed) and ``greedy_objective`` are filled in by
    :func:`landplan.solve`.
    """

    problem: Problem = field(repr=False)
    result: SolveResult
    allocation: pd.DataFrame = field(repr=False)
    diagnostics: tuple[Diagnostic, ...] = ()
    shadow_prices: pd.DataFrame | None = field(default=None, repr=False)
    greedy_objective: float | None = None

    @property
    def has_plan(self) -> bool:
        return self.result.found

    # --- tables ---

    def allocation_table(self) -> pd.DataFrame:
        """The allocation with names, districts and release years."""
        problem = self.problem
        table = self.allocation.merge(
            problem.units[["park_id", "tier", "release_by"]], on=["park_id", "tier"], how="left"
        )
        table.insert(1, "cluster_name_en", table["cluster_id"].map(problem.clusters["name_en"]))
        table.insert(3, "park_name_en", table["park_id"].map(problem.parks["name_en"]))
        table.insert(4, "district", table["park_id"].map(problem.parks["district"]))
        return table.sort_values(
            ["park_id", "release_by", "land_km2"], ascending=[True, True, False], ignore_index=True
        )

    def shortfall(self) -> pd.DataFrame:
        """Per cluster and horizon: demand, land released by then, shortfall."""
        return shortfall_table(self.problem, self.allocation)

    def park_table(self) -> pd.DataFrame:
        """Per park: land used and free in each tier, and the clusters ranked by land."""
        problem = self.problem
        used = self.allocation.groupby(["park_id", "tier"])["land_km2"].sum()
        units = problem.units.set_index(["park_id", "tier"])
        units["used_km2"] = used.reindex(units.index, fill_value=0.0)
        units["free_km2"] = units["capacity_km2"] - units["used_km2"]
        wide = units[["capacity_km2", "used_km2"]].unstack("tier")
        wide = wide[[(w, t) for w in ("capacity_km2", "used_km2") for t in problem.tiers]]
        wide.columns = [f"{tier}_{what.removesuffix('_km2')}_km2" for what, tier in wide.columns]
        land = land_by_park(self.allocation)
        ranked = {
            park: ", ".join(
                f"{cluster} ({value:.2f})"
                for (cluster, _), value in land.xs(park, level="park_id", drop_level=False)
                .sort_values(ascending=False)
                .items()
                if value > LAND_EPSILON
            )
            for park in problem.parks.index
            if park in land.index.get_level_values("park_id")
        }
        table = problem.parks[["name_en", "name_zh", "district"]].join(wide)
        table["capacity_km2"] = units.groupby(level="park_id")["capacity_km2"].sum()
        table["used_km2"] = units.groupby(level="park_id")["used_km2"].sum()
        table["free_km2"] = table["capacity_km2"] - table["used_km2"]
        table["n_clusters"] = [
            int((land.xs(p, level="park_id") > LAND_EPSILON).sum()) if p in ranked else 0
            for p in table.index
        ]
        table["clusters_by_land"] = pd.Series(ranked).reindex(table.index).fillna("")
        return table.rename_axis("park_id").reset_index()

    def cluster_table(self) -> pd.DataFrame:
        """Per cluster: its parks, land and shortfall by horizon."""
        problem = self.problem
        land = land_by_park(self.allocation)
        shortfall = self.shortfall().pivot(index="cluster_id", columns="horizon")
        table = problem.clusters[["name_en", "name_zh"]].copy()
        table["parks"] = [
            ", ".join(
                f"{p} ({v:.2f})"
                for (_, p), v in land.xs(c, level="cluster_id", drop_level=False)
                .sort_values(ascending=False)
                .items()
                if v > LAND_EPSILON
            )
            if c in land.index.get_level_values("cluster_id")
            else ""
            for c in table.index
        ]
        table["n_parks"] = [p.count("(") for p in table["parks"]]
        for h in problem.horizons:
            table[demand_column(h)] = shortfall["demand_km2"][h]
            table[f"land_{h}_km2"] = shortfall["land_km2"][h]
            table[shortfall_column(h)] = shortfall["shortfall_km2"][h]
        return table.rename_axis("cluster_id").reset_index()

    def objective_terms(self) -> dict[str, float]:
        """Each objective term's value in this plan."""
        return objective_terms(self.problem, self.allocation)

    def kpis(self) -> dict[str, Any]:
        """Headline figures: status, objective and terms, suitability per km², share of land in
        endorsed districts, clusters per park, parks per cluster, land left unused, shortfall
        (without a plan, only the run's status and figures)."""
        run = {
            "status": str(self.status),
            "stopped_by": str(self.stopped_by),
            "reason": self.reason,
            "objective": self.objective,
            "bound": self.bound,
            "gap": self.gap,
            "gap_scale": self.result.scale,
            "solver": self.solver,
            "runtime_s": round(self.runtime_s, 3),
            "decisions": self.result.counts.decisions,
            "rows": self.result.counts.rows,
            "nodes": self.result.counts.nodes,
            "greedy_objective": self.greedy_objective,
        }
        if not self.has_plan:
            return run
        problem = self.problem
        land = land_by_park(self.allocation)
        total = float(land.sum())
        score = sum(problem.suitability.loc[c, p] * v for (c, p), v in land.items())
        with_list = [c for c in problem.clusters.index if not problem.endorsed.loc[c].all()]
        listed = land[land.index.get_level_values("cluster_id").isin(with_list)]
        endorsed = sum(v for (c, p), v in listed.items() if problem.endorsed.loc[c, p])
        park_table, cluster_table = self.park_table(), self.cluster_table()
        shortfall = self.shortfall().groupby("horizon")["shortfall_km2"].sum()
        kpis: dict[str, float | int | str | None] = {
            **run,
            **{f"term_{k}": v for k, v in self.objective_terms().items()},
            "land_allocated_km2": total,
            "land_unused_km2": float(problem.units["capacity_km2"].sum()) - total,
            "suitability_per_km2": score / total if total else None,
            "endorsed_land_share": endorsed / float(listed.sum()) if float(listed.sum()) else None,
            "presences": len(presences(self.allocation)),
            "clusters_per_park_mean": float(park_table["n_clusters"].mean()),
            "clusters_per_park_max": int(park_table["n_clusters"].max()),
            "parks_per_cluster_mean": float(cluster_table["n_parks"].mean()),
            "parks_per_cluster_max": int(cluster_table["n_parks"].max()),
            "chain_links_co_located": len(co_located_links(problem, self.allocation)),
        }
        for h, value in shortfall.items():
            kpis[shortfall_column(h)] = float(value)
        return kpis


def solution_from_result(
    model: Model, result: SolveResult, diagnostics: tuple[Diagnostic, ...] = ()
) -> Solution:
    """Read the allocation out of a solver result (by variable name) into a Solution."""
    rows = [
        (cluster, park, tier, result.values.get(var.name, 0.0))
        for (cluster, park, tier), var in model.x.items()
    ]
    allocation = pd.DataFrame(rows, columns=ALLOCATION_COLUMNS)
    allocation = allocation[allocation["land_km2"] > LAND_EPSILON].reset_index(drop=True)
    return Solution(model.problem, result, allocation, diagnostics)
