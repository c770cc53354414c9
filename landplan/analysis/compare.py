"""Compare runs: which clusters moved between parks, KPI deltas, land side by side.

Works on run folders (what ``landplan run`` writes), so runs made at different times, or by
different people, can be compared from their files alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from landplan.errors import InputError
from landplan.optimisation.evaluate import LAND_EPSILON
from landplan.vocabulary import demand_horizons, is_missing, shortfall_column

#: KPIs compared, in the order shown.
COMPARED_KPIS = (
    "status",
    "objective",
    "gap",
    "land_allocated_km2",
    "land_unused_km2",
    "suitability_per_km2",
    "endorsed_land_share",
    "presences",
    "chain_links_co_located",
)  # then the shortfall by each horizon of the runs


@dataclass(frozen=True)
class RunRecord:
    """A run's figures: read back from its folder, or of a run made now (``folder`` None)."""

    name: str
    folder: Path | None
    allocation: pd.DataFrame
    kpis: dict[str, Any]


@dataclass(frozen=True)
class Comparison:
    """``names``: the runs' names, made unique; ``kpis``: KPI × run (plus the change from the
    first run); ``land``: one row per cluster and park, land in each run and the change;
    ``moves``: per cluster, its parks in each run and whether they changed; ``tier_changes``:
    each park tier and cluster whose land in a later run differs from the first run's."""

    runs: tuple[RunRecord, ...]
    names: tuple[str, ...]
    kpis: pd.DataFrame
    land: pd.DataFrame
    moves: pd.DataFrame
    tier_changes: pd.DataFrame

    def changed_tiers(self, name: str) -> set[tuple[str, str]]:
        """The (park, tier) pairs whose industries' land differs between run ``name`` and the
        first run (for the first run: from any later run)."""
        changes = self.tier_changes
        if name != self.names[0]:
            changes = changes[changes["run"] == name]
        return set(zip(changes["park_id"], changes["tier"], strict=True))


def compare_runs(runs: list[RunRecord]) -> Comparison:
    """Compare two or more runs; changes are relative to the first."""
    if len(runs) < 2:
        raise InputError("compare", "give at least two runs or scenarios to compare")
    names = _unique_names(runs)
    horizons = demand_horizons((key for run in runs for key in run.kpis), "shortfall")
    compared = [*COMPARED_KPIS, *map(shortfall_column, horizons)]
    kpis = pd.DataFrame(
        {name: [run.kpis.get(k) for k in compared] for name, run in zip(names, runs, strict=True)},
        index=pd.Index(compared, name="kpi"),
    )
    for name in names[1:]:
        kpis[f"change_{name}"] = [
            _difference(kpis.loc[k, name], kpis.loc[k, names[0]]) for k in compared
        ]
    land = pd.concat(
        {
            name: run.allocation.groupby(["cluster_id", "park_id"])["land_km2"].sum()
            for name, run in zip(names, runs, strict=True)
        },
        axis=1,
    ).fillna(0.0)
    land.columns = [f"land_km2_{name}" for name in names]
    for name in names[1:]:
        land[f"change_{name}"] = land[f"land_km2_{name}"] - land[f"land_km2_{names[0]}"]
    moves = pd.DataFrame(
        {
            f"parks_{name}": land[f"land_km2_{name}"]
            .loc[lambda s: s > LAND_EPSILON]
            .reset_index()
            .groupby("cluster_id")["park_id"]
            .agg(lambda parks: ", ".join(sorted(parks)))
            for name in names
        }
    ).fillna("")
    moves["moved"] = moves.nunique(axis=1) > 1
    return Comparison(
        tuple(runs),
        tuple(names),
        kpis.reset_index(),
        land.reset_index(),
        moves.reset_index(),
        _tier_changes(runs, names),
    )


#: The columns of :attr:`Comparison.tier_changes`.
TIER_CHANGE_COLUMNS = [
    "run",
    "park_id",
    "tier",
    "cluster_id",
    "land_km2_first",
    "land_km2",
    "change_km2",
]


def _tier_changes(runs: list[RunRecord], names: list[str]) -> pd.DataFrame:
    """Each later run's land by park tier and cluster where it differs from the first run's."""
    by_tier = [
        run.allocation.groupby(["park_id", "tier", "cluster_id"])["land_km2"].sum() for run in runs
    ]
    tables = []
    for name, land in zip(names[1:], by_tier[1:], strict=True):
        both = pd.concat({"land_km2_first": by_tier[0], "land_km2": land}, axis=1).fillna(0.0)
        both["change_km2"] = both["land_km2"] - both["land_km2_first"]
        changed = both[both["change_km2"].abs() > LAND_EPSILON].reset_index()
        tables.append(changed.assign(run=name))
    return pd.concat(tables, ignore_index=True).reindex(columns=TIER_CHANGE_COLUMNS)


def _unique_names(runs: list[RunRecord]) -> list[str]:
    names: list[str] = []
    for run in runs:
        name, n = run.name, 2
        while name in names:
            name, n = f"{run.name}_{n}", n + 1
        names.append(name)
    return names


def _difference(new: Any, old: Any) -> Any:
    """A figure's change: a number's difference, a word's "old → new"; None where it is the
    same or missing in either run."""
    if is_missing(new) or is_missing(old) or new == old:
        return None
    if isinstance(new, int | float) and isinstance(old, int | float):
        return new - old
    return f"{old} → {new}"
