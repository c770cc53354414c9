"""Compare runs: which clusters moved between parks, KPI deltas, land side by side.

Works on run folders (what ``landplan run`` writes), so runs made at different times, or by
different people, can be compared from their files alone.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd
from markupsafe import Markup

from landplan.atomic import write_folder_atomically
from landplan.errors import InputError
from landplan.maps.draw import MapOptions, comparison_map, save_map
from landplan.optimisation.evaluate import LAND_EPSILON
from landplan.pages.render import render_page

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
    "shortfall_2025_km2",
    "shortfall_2030_km2",
    "shortfall_2035_km2",
)


@dataclass(frozen=True)
class RunRecord:
    """A run as read back from its folder."""

    name: str
    folder: Path
    allocation: pd.DataFrame
    kpis: dict[str, Any]


@dataclass(frozen=True)
class Comparison:
    """``kpis``: KPI × run (plus the change from the first run); ``land``: one row per cluster
    and park, land in each run and the change; ``moves``: per cluster, its parks in each run
    and whether they changed."""

    runs: tuple[RunRecord, ...]
    kpis: pd.DataFrame
    land: pd.DataFrame
    moves: pd.DataFrame


def is_run_folder(path: str | Path) -> bool:
    return (Path(path) / "kpis.json").is_file()


def read_run(folder: str | Path) -> RunRecord:
    """Read a run folder's allocation and KPIs."""
    folder = Path(folder)
    for name in ("kpis.json", "allocation.csv", "results.gpkg", "clusters.csv"):
        if not (folder / name).is_file():
            raise InputError(folder, f"not a run folder: {name} is missing")
    try:
        kpis = json.loads((folder / "kpis.json").read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise InputError(folder / "kpis.json", f"not valid JSON: {exc}") from None
    allocation = pd.read_csv(folder / "allocation.csv")
    return RunRecord(kpis.get("scenario", folder.name), folder, allocation, kpis)


def compare_runs(runs: list[RunRecord]) -> Comparison:
    """Compare two or more runs; changes are relative to the first."""
    if len(runs) < 2:
        raise InputError("compare", "give at least two runs or scenarios to compare")
    names = _unique_names(runs)
    kpis = pd.DataFrame(
        {
            name: [run.kpis.get(k) for k in COMPARED_KPIS]
            for name, run in zip(names, runs, strict=True)
        },
        index=pd.Index(COMPARED_KPIS, name="kpi"),
    )
    for name in names[1:]:
        kpis[f"change_{name}"] = [
            _difference(kpis.loc[k, name], kpis.loc[k, names[0]]) for k in COMPARED_KPIS
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
    return Comparison(tuple(runs), kpis.reset_index(), land.reset_index(), moves.reset_index())


def write_comparison(
    comparison: Comparison, folder: str | Path, map_options: MapOptions | None = None
) -> Path:
    """compare.csv (land side by side), compare_kpis.csv, moves.csv, compare.html (the runs'
    maps side by side) and compare_map.html (one map, a layer per run)."""
    folder = Path(folder)

    def write(tmp: Path) -> None:
        comparison.land.to_csv(tmp / "compare.csv", index=False, float_format="%.6g")
        comparison.kpis.to_csv(tmp / "compare_kpis.csv", index=False)
        comparison.moves.to_csv(tmp / "moves.csv", index=False)
        (tmp / "compare.html").write_text(_html(comparison, folder), encoding="utf-8")
        save_map(_map(comparison, map_options or MapOptions()), tmp / "compare_map.html")

    write_folder_atomically(folder, write)
    return folder


def _map(comparison: Comparison, options: MapOptions):
    first = comparison.runs[0].folder
    districts = gpd.read_file(first / "results.gpkg", layer="districts")
    clusters = pd.read_csv(first / "clusters.csv").set_index("cluster_id")
    runs = [
        (run.name, gpd.read_file(run.folder / "results.gpkg", layer="park_tiers"))
        for run in comparison.runs
    ]
    return comparison_map(runs, districts, clusters, options)


def _html(comparison: Comparison, folder: Path) -> str:
    maps = [
        (run.name, os.path.relpath(run.folder.resolve() / "map.html", folder.resolve()))
        for run in comparison.runs
    ]
    moved = comparison.moves[comparison.moves["moved"]].drop(columns="moved")
    return render_page(
        "compare.html.j2",
        names=[run.name for run in comparison.runs],
        kpis=Markup(comparison.kpis.to_html(index=False, float_format="{:.4g}".format)),
        moves=Markup(moved.to_html(index=False)) if len(moved) else None,
        maps=maps,
    )


def _unique_names(runs: list[RunRecord]) -> list[str]:
    names: list[str] = []
    for run in runs:
        name, n = run.name, 2
        while name in names:
            name, n = f"{run.name}_{n}", n + 1
        names.append(name)
    return names


def _difference(new: Any, old: Any) -> Any:
    if isinstance(new, int | float) and isinstance(old, int | float):
        return new - old
    return None if new == old else f"{old} → {new}"
