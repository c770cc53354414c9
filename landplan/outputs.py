"""Write a run's outputs to ``<out>/<scenario>/``, all at once or not at all.

The file names and the columns named in the README are a contract other tools read; keep them.

- ``allocation.csv``: one row per cluster, park and tier with land (``cluster_id``,
  ``cluster_name_en``, ``cluster_name_zh``, ``park_id``, ``park_name_en``, ``park_name_zh``,
  ``district``, ``tier``, ``release_by``, ``land_km2``);
- ``parks.csv``, ``clusters.csv``, ``shortfall.csv``, ``shadow_prices.csv``,
  ``endorsement_conflicts.csv`` (where suitability ranks a park outside the policy's districts
  for a cluster above one inside them; header only when nowhere);
- ``kpis.json``: the run's status, objective, bound, gap, solver, runtime, greedy objective and
  the plan's KPIs;
- ``results.gpkg``: layers ``park_tiers`` (geometry with the tier's allocation: lead cluster,
  land by cluster), ``districts``, ``allocation``, ``suitability``, ``run_info``;
- ``map.html`` (the result), ``suitability.html`` (one cluster's suitability, chosen on the
  map), ``report.html``, ``scenario.resolved.yaml``, and ``results.xlsx`` on request.
"""

from __future__ import annotations

import dataclasses
import json
import math
from pathlib import Path
from typing import Any

import folium
import geopandas as gpd
import pandas as pd
import pyogrio
import yaml

from landplan.analysis.robustness import SweepSummary
from landplan.analysis.sweep import SweepSpec
from landplan.atomic import write_folder_atomically
from landplan.errors import InputError
from landplan.inputs.assemble import Inputs
from landplan.inputs.suitability import endorsement_conflicts
from landplan.maps.draw import MapOptions, result_map, save_map, suitability_map
from landplan.optimisation.evaluate import LAND_EPSILON
from landplan.pages.report import render_report
from landplan.runs import Run

ALLOCATION_CSV_COLUMNS = [
    "cluster_id",
    "cluster_name_en",
    "cluster_name_zh",
    "park_id",
    "park_name_en",
    "park_name_zh",
    "district",
    "tier",
    "release_by",
    "land_km2",
]


def write_run(
    run: Run, out: str | Path, *, xlsx: bool | None = None, map_options: MapOptions | None = None
) -> Path:
    """Write every output of ``run`` into ``out/<scenario name>`` atomically; return that folder.

    ``xlsx`` (default: the scenario's ``outputs.xlsx``) adds ``results.xlsx``; ``map_options``
    sets the maps' language and tiles.
    """
    folder = Path(out) / run.scenario.name
    want_xlsx = run.scenario.outputs.xlsx if xlsx is None else xlsx
    options = map_options or MapOptions()
    write_folder_atomically(folder, lambda tmp: _write_all(run, tmp, want_xlsx, options))
    return folder


def allocation_csv_table(run: Run) -> pd.DataFrame:
    """The allocation in the contract's columns."""
    problem = run.solution.problem
    table = run.solution.allocation_table()
    table["cluster_name_zh"] = table["cluster_id"].map(problem.clusters["name_zh"])
    table["park_name_zh"] = table["park_id"].map(problem.parks["name_zh"])
    return table[ALLOCATION_CSV_COLUMNS]


def tier_layer(run: Run) -> gpd.GeoDataFrame:
    """The park tiers with their allocation: land used and free, the lead cluster (most land)
    and one ``land_<cluster_id>`` column per cluster with land anywhere."""
    allocation = run.solution.allocation
    tiers = run.inputs.parks.copy()
    wide = allocation.pivot_table(
        index=["park_id", "tier"], columns="cluster_id", values="land_km2", aggfunc="sum"
    ).fillna(0.0)
    key = pd.MultiIndex.from_frame(tiers[["park_id", "tier"]])
    wide = wide.reindex(key, fill_value=0.0)
    names = run.solution.problem.clusters["name_en"]
    tiers["used_km2"] = wide.sum(axis=1).to_numpy()
    tiers["free_km2"] = tiers["industrial_land_km2"] - tiers["used_km2"]
    lead = wide.idxmax(axis=1).where(wide.max(axis=1) > LAND_EPSILON)
    tiers["lead_cluster_id"] = lead.to_numpy()
    tiers["lead_cluster_name_en"] = lead.map(names).to_numpy()
    tiers["clusters"] = [
        "; ".join(f"{c} {v:.2f}" for c, v in row.sort_values(ascending=False).items() if v > 0)
        for _, row in wide.iterrows()
    ]
    for cluster in wide.columns:
        tiers[f"land_{cluster}"] = wide[cluster].to_numpy()
    return tiers


def kpis_record(run: Run) -> dict[str, Any]:
    """kpis.json: the scenario's name and question, then the solution's KPIs."""
    record = {"scenario": run.scenario.name, "description": run.scenario.description}
    record.update(run.solution.kpis())
    record["diagnostics"] = [str(d) for d in run.solution.diagnostics]
    return {key: _plain(value) for key, value in record.items()}


def resolved_record(run: Run) -> dict[str, Any]:
    """scenario.resolved.yaml: the scenario with every default filled in, plus provenance."""
    return {**run.scenario.resolved(), "provenance": run.provenance()}


def _write_all(run: Run, folder: Path, xlsx: bool, map_options: MapOptions) -> None:
    solution = run.solution
    tables = {
        "allocation": allocation_csv_table(run),
        "parks": solution.park_table(),
        "clusters": solution.cluster_table(),
        "shortfall": solution.shortfall() if solution.has_plan else pd.DataFrame(),
        "endorsement_conflicts": endorsement_conflicts(run.inputs.suitability),
    }
    if solution.shadow_prices is not None:
        tables["shadow_prices"] = solution.shadow_prices
    for name, table in tables.items():
        table.to_csv(folder / f"{name}.csv", index=False, float_format="%.6g")
    kpis = kpis_record(run)
    (folder / "kpis.json").write_text(
        json.dumps(kpis, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    resolved = resolved_record(run)
    (folder / "scenario.resolved.yaml").write_text(
        yaml.safe_dump(resolved, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    tiers = tier_layer(run)
    _write_geopackage(run, tiers, tables["allocation"], kpis, folder / "results.gpkg")
    draw_maps(folder, tiers, run.inputs.districts, kpis, map_options)
    (folder / "report.html").write_text(
        render_report(run.scenario, kpis, tables, resolved), encoding="utf-8"
    )
    if xlsx:
        with pd.ExcelWriter(folder / "results.xlsx") as book:
            for name, table in tables.items():
                table.to_excel(book, sheet_name=name, index=False)
            pd.Series(kpis).rename("value").to_frame().to_excel(book, sheet_name="kpis")


def _write_geopackage(
    run: Run, tiers: gpd.GeoDataFrame, allocation: pd.DataFrame, kpis: dict, path: Path
) -> None:
    tiers.to_file(path, layer="park_tiers", driver="GPKG")
    run.inputs.districts.to_file(path, layer="districts", driver="GPKG")
    info = pd.DataFrame(
        [(key, "" if value is None else str(value)) for key, value in kpis.items()],
        columns=["key", "value"],
    )
    tables = {
        "allocation": allocation,
        "suitability": run.inputs.suitability.long_table(),
        "run_info": info,
    }
    for layer, table in tables.items():  # attribute tables without geometry
        pyogrio.write_dataframe(table, path, layer=layer, driver="GPKG")


def _plain(value: Any) -> Any:
    """JSON-ready: numpy numbers to Python numbers, NaN to None, float noise below 1e-9 gone."""
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float):
        return round(value, 9) + 0.0 if math.isfinite(value) else None
    return value


def plan_map(run: Run, options: MapOptions | None = None) -> folium.Map:
    """The result map of a run held in memory (what ``map.html`` shows)."""
    clusters = run.solution.problem.clusters[["name_en", "name_zh"]]
    breakdown = run.inputs.suitability.long_table()
    return result_map(
        tier_layer(run), run.inputs.districts, kpis_record(run), clusters, breakdown, options
    )


def draw_maps(
    folder: Path,
    tiers: gpd.GeoDataFrame,
    districts: gpd.GeoDataFrame,
    kpis: dict,
    options: MapOptions,
) -> list[Path]:
    """``map.html`` (the result) and ``suitability.html`` of a run, from what its folder
    holds (``clusters.csv`` for names; the GeoPackage's suitability table for the popups)."""
    clusters = pd.read_csv(folder / "clusters.csv").set_index("cluster_id")
    breakdown = pyogrio.read_dataframe(folder / "results.gpkg", layer="suitability")
    scores = breakdown.groupby(["cluster_id", "park_id"], as_index=False)["contribution"].sum()
    scores = scores.rename(columns={"contribution": "score"})
    result = result_map(tiers, districts, kpis, clusters, breakdown, options)
    suitability = suitability_map(tiers, districts, scores, clusters, kpis["scenario"], options)
    return [
        save_map(result, folder / "map.html"),
        save_map(suitability, folder / "suitability.html"),
    ]


def redraw_map(folder: str | Path, options: MapOptions | None = None) -> list[Path]:
    """Draw the maps of a run folder again (e.g. in another language, or with tiles)."""
    folder = Path(folder)
    for name in ("results.gpkg", "kpis.json", "clusters.csv"):
        if not (folder / name).is_file():
            raise InputError(folder, f"not a run folder: {name} is missing")
    tiers = gpd.read_file(folder / "results.gpkg", layer="park_tiers")
    districts = gpd.read_file(folder / "results.gpkg", layer="districts")
    kpis = json.loads((folder / "kpis.json").read_text(encoding="utf-8"))
    return draw_maps(folder, tiers, districts, kpis, options or MapOptions())


def write_sweep(
    summary: SweepSummary,
    spec: SweepSpec,
    inputs: Inputs,
    out: str | Path,
    timing: dict[str, float],
    options: MapOptions | None = None,
) -> Path:
    """A sweep's tables, ``sweep.json`` and ``frequency.html`` in ``out/<scenario>-sweep/``,
    written atomically."""
    folder = Path(out) / f"{inputs.scenario.name}-sweep"

    def write(tmp: Path) -> None:
        summary.samples.to_csv(tmp / "samples.csv", index=False)
        summary.frequency.to_csv(tmp / "frequency.csv", index=False, float_format="%.6g")
        summary.cluster_stability.to_csv(tmp / "stability_clusters.csv", index=False)
        summary.park_stability.to_csv(tmp / "stability_parks.csv", index=False)
        samples = summary.samples
        done = len(samples)
        record = {
            "scenario": inputs.scenario.name,
            "spec": dataclasses.asdict(spec),
            "samples_done": done,
            "samples_solved": int(samples["status"].isin(["optimal", "feasible"]).sum())
            if done
            else 0,
            "samples_converged": int(samples["converged"].sum()) if done else 0,
            "samples_not_converged": int((~samples["converged"]).sum()) if done else 0,
            "samples_counted": summary.counted,
            **timing,
        }
        (tmp / "sweep.json").write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
        scores = summary.frequency.rename(columns={"frequency": "score"})
        clusters = inputs.problem.clusters[["name_en", "name_zh"]]
        title = f"{inputs.scenario.name}: {summary.counted} samples"
        fmap = suitability_map(
            inputs.parks, inputs.districts, scores, clusters, title, options, "frequency"
        )
        save_map(fmap, tmp / "frequency.html")

    write_folder_atomically(folder, write)
    return folder


def write_exploration(
    inputs: Inputs,
    importance: pd.DataFrame | None,
    alternatives: list | None,
    alternatives_table: pd.DataFrame | None,
    out: str | Path,
    options: MapOptions | None = None,
    sites: pd.DataFrame | None = None,
) -> Path:
    """``importance.csv`` and ``importance.html`` (loss per assignment, as a share of the
    largest, by cluster), ``alternatives.csv`` and each alternative's allocation, and
    ``sites.csv`` (each site's own value), in ``out/<scenario>-explore/``, written atomically."""
    folder = Path(out) / f"{inputs.scenario.name}-explore"

    def write(tmp: Path) -> None:
        if sites is not None:
            sites.to_csv(tmp / "sites.csv", index=False, float_format="%.6g")
        if importance is not None:
            importance.to_csv(tmp / "importance.csv", index=False, float_format="%.6g")
            losses = importance.dropna(subset=["loss"])
            top = max(float(losses["loss"].max()), 1e-9) if len(losses) else 1.0
            scores = losses.assign(score=(losses["loss"] / top).clip(0, 1))
            clusters = inputs.problem.clusters[["name_en", "name_zh"]]
            title = f"{inputs.scenario.name}: replacement importance (1 = {top:.3f})"
            fmap = suitability_map(
                inputs.parks, inputs.districts, scores, clusters, title, options, "importance"
            )
            save_map(fmap, tmp / "importance.html")
        if alternatives_table is not None:
            alternatives_table.to_csv(tmp / "alternatives.csv", index=False)
            for j, plan in enumerate(alternatives or [], start=1):
                plan.allocation_table().to_csv(tmp / f"alternative_{j}_allocation.csv", index=False)

    write_folder_atomically(folder, write)
    return folder
