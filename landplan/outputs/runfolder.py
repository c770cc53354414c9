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
- ``layout.csv`` and a ``parcels`` layer in ``results.gpkg`` when the run was laid out on
  parcels (:mod:`landplan.outputs.layout`);
- ``map.html`` (the result), ``suitability.html`` (one cluster's suitability, chosen on the
  map), ``report.html``, ``scenario.resolved.yaml``, and ``results.xlsx`` on request.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import folium
import geopandas as gpd
import pandas as pd
import pyogrio
import yaml
from pydantic import ValidationError
from pyogrio.errors import DataSourceError

from landplan.analysis.compare import RunRecord
from landplan.assembly import BUNDLED_FILES
from landplan.atomic import write_folder_atomically
from landplan.errors import InputError
from landplan.inputs.bundled import data_path
from landplan.inputs.scenario import Scenario
from landplan.inputs.suitability import endorsement_conflicts
from landplan.inputs.tables import input_file, read_csv
from landplan.layout.measures import layout_kpis
from landplan.layout.plan import PlanLayout
from landplan.maps.common import save_map
from landplan.maps.options import MapOptions
from landplan.maps.result import result_map
from landplan.maps.suitability import suitability_map
from landplan.optimisation.evaluate import LAND_EPSILON
from landplan.outputs.layout import (
    PARCEL_LAYER_COLUMNS,
    PARCELS_LAYER,
    parcel_layer,
    parcel_note,
    write_layout,
)
from landplan.pages.report import render_report
from landplan.runs import Run, file_sha256

# The files of a run folder (the contract) and the ones that make a folder a run folder.
KPIS_JSON = "kpis.json"
ALLOCATION_CSV = "allocation.csv"
CLUSTERS_CSV = "clusters.csv"
RESULTS_GPKG = "results.gpkg"
MAP_HTML = "map.html"
SUITABILITY_HTML = "suitability.html"
REPORT_HTML = "report.html"
RESOLVED_YAML = "scenario.resolved.yaml"
RESULTS_XLSX = "results.xlsx"
REQUIRED = (KPIS_JSON, ALLOCATION_CSV, RESULTS_GPKG, CLUSTERS_CSV)

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
    tiers = _gpkg_columns(run.inputs.parks)
    wide = allocation.pivot_table(
        index=["park_id", "tier"], columns="cluster_id", values="land_km2", aggfunc="sum"
    ).fillna(0.0)
    key = pd.MultiIndex.from_frame(tiers[["park_id", "tier"]])
    wide = wide.reindex(key, fill_value=0.0)
    names = run.solution.problem.clusters["name_en"]
    tiers["used_km2"] = wide.sum(axis=1).to_numpy()
    tiers["free_km2"] = tiers["industrial_land_km2"] - tiers["used_km2"]
    if wide.columns.empty:  # no plan, or a plan with no land: no tier has a lead cluster
        lead = pd.Series(None, index=wide.index, dtype=object)
    else:
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


def _gpkg_columns(layer: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """The layer's columns as a GeoPackage takes them: a GeoPackage keeps its own ``fid`` and
    refuses two columns whose names differ only in case (both common in QGIS exports)."""
    seen: set[str] = set()
    keep = []
    for column in layer.columns:
        key = str(column).lower()
        if key == "fid" or key in seen:
            continue
        seen.add(key)
        keep.append(column)
    return layer[keep].copy()


def kpis_record(run: Run) -> dict[str, Any]:
    """kpis.json: the scenario's name and question, then the solution's KPIs."""
    record: dict[str, Any] = {
        "scenario": run.scenario.name,
        "description": run.scenario.description,
    }
    record.update(run.solution.kpis())
    if run.layout is not None:
        record["layout"] = layout_kpis(run.layout)
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
    (folder / KPIS_JSON).write_text(
        json.dumps(kpis, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    resolved = resolved_record(run)
    (folder / RESOLVED_YAML).write_text(
        yaml.safe_dump(resolved, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    tiers = tier_layer(run)
    breakdown = run.inputs.suitability.long_table()
    _write_geopackage(run, tiers, tables["allocation"], breakdown, kpis, folder / RESULTS_GPKG)
    clusters = run.solution.problem.clusters[["name_en", "name_zh"]]
    parcels = None
    if run.layout is not None:
        parcels = parcel_layer(run.layout, tiers, clusters)
        write_layout(folder, run.layout, parcels, folder / RESULTS_GPKG, clusters)
    draw_maps(folder, tiers, run.inputs.districts, kpis, clusters, breakdown, map_options, parcels)
    (folder / REPORT_HTML).write_text(
        render_report(run.scenario.name, run.scenario.description, kpis, tables, resolved),
        encoding="utf-8",
    )
    if xlsx:
        with pd.ExcelWriter(folder / RESULTS_XLSX) as book:
            for name, table in tables.items():
                table.to_excel(book, sheet_name=name, index=False)
            pd.Series(kpis).rename("value").to_frame().to_excel(book, sheet_name="kpis")


def _write_geopackage(
    run: Run,
    tiers: gpd.GeoDataFrame,
    allocation: pd.DataFrame,
    breakdown: pd.DataFrame,
    kpis: dict,
    path: Path,
) -> None:
    tiers.to_file(path, layer="park_tiers", driver="GPKG")
    _gpkg_columns(run.inputs.districts).to_file(path, layer="districts", driver="GPKG")
    info = pd.DataFrame(
        [(key, "" if value is None else str(value)) for key, value in kpis.items()],
        columns=["key", "value"],
    )
    tables = {
        "allocation": allocation,
        "suitability": breakdown,
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
    clusters: pd.DataFrame,
    breakdown: pd.DataFrame,
    options: MapOptions,
    parcels: gpd.GeoDataFrame | None = None,
) -> list[Path]:
    """``map.html`` (the result) and ``suitability.html`` of a run into ``folder``: ``clusters``
    gives the names (cluster_id index, name_en, name_zh), ``breakdown`` the suitability's
    long table (criterion contributions) for the popups, ``parcels`` the parcel layout if the
    run has one."""
    scores = breakdown.groupby(["cluster_id", "park_id"], as_index=False)["contribution"].sum()
    scores = scores.rename(columns={"contribution": "score"})
    note = parcel_note(parcels) if parcels is not None else ""
    result = result_map(tiers, districts, kpis, clusters, breakdown, options, parcels, note)
    suitability = suitability_map(tiers, districts, scores, clusters, kpis["scenario"], options)
    return [
        save_map(result, folder / MAP_HTML),
        save_map(suitability, folder / SUITABILITY_HTML),
    ]


def redraw_map(folder: str | Path, options: MapOptions | None = None) -> list[Path]:
    """Draw the maps of a run folder again (e.g. in another language, or with tiles), from
    what the folder holds."""
    folder = _checked(folder)
    kpis = _kpis(folder)
    tiers, districts, clusters = read_layers(folder)
    breakdown = _read(
        folder / RESULTS_GPKG, lambda p: pyogrio.read_dataframe(p, layer="suitability")
    )
    parcels = read_parcel_layer(folder)
    return draw_maps(
        folder, tiers, districts, kpis, clusters, breakdown, options or MapOptions(), parcels
    )


def add_layout(
    folder: str | Path,
    layout: PlanLayout,
    scenario: Scenario,
    map_options: MapOptions | None = None,
) -> Path:
    """Add a layout to a run folder, all at once or not at all: ``layout.csv``, the
    ``parcels`` layer, the layout's KPIs in ``kpis.json``, the ``layout`` section used in
    ``scenario.resolved.yaml`` (``scenario``'s) and the maps drawn again with the parcels."""
    folder = _checked(folder)

    def fill(tmp: Path) -> None:
        for path in sorted(folder.iterdir()):
            if path.is_file():
                shutil.copy2(path, tmp / path.name)
        tiers, _, clusters = read_layers(tmp)
        parcels = parcel_layer(layout, tiers, clusters)
        write_layout(tmp, layout, parcels, tmp / RESULTS_GPKG, clusters)
        kpis = _kpis(tmp)
        kpis["layout"] = {key: _plain(value) for key, value in layout_kpis(layout).items()}
        (tmp / KPIS_JSON).write_text(
            json.dumps(kpis, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
        resolved = yaml.safe_load((tmp / RESOLVED_YAML).read_text(encoding="utf-8"))
        resolved["layout"] = scenario.resolved()["layout"]
        (tmp / RESOLVED_YAML).write_text(
            yaml.safe_dump(resolved, allow_unicode=True, sort_keys=False), encoding="utf-8"
        )
        redraw_map(tmp, map_options)

    write_folder_atomically(folder, fill)
    return folder


def read_parcel_layer(folder: Path) -> gpd.GeoDataFrame | None:
    """A run folder's parcel layout, or None if the run was not laid out."""
    gpkg = folder / RESULTS_GPKG
    layers = _read(gpkg, lambda p: [name for name, _ in pyogrio.list_layers(p)])
    if PARCELS_LAYER not in layers:
        return None
    parcels = _read(gpkg, lambda p: gpd.read_file(p, layer=PARCELS_LAYER))
    missing = [c for c in PARCEL_LAYER_COLUMNS if c not in parcels.columns]
    if missing:
        raise InputError(gpkg, f"the parcels layer lacks {', '.join(missing)}")
    return parcels


def read_layers(folder: Path) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame, pd.DataFrame]:
    """A run folder's park tiers and districts (from its GeoPackage) and its cluster names
    (cluster_id index, name_en, name_zh), each checked: a damaged folder gives an InputError."""
    gpkg = folder / RESULTS_GPKG
    tiers = _read(gpkg, lambda p: gpd.read_file(p, layer="park_tiers"))
    districts = _read(gpkg, lambda p: gpd.read_file(p, layer="districts"))
    clusters = read_csv(folder / CLUSTERS_CSV)
    for table, path, columns in (
        (tiers, gpkg, ("park_id", "tier", "name_en", "name_zh", "lead_cluster_id")),
        (clusters, folder / CLUSTERS_CSV, ("cluster_id", "name_en", "name_zh")),
    ):
        missing = [c for c in columns if c not in table.columns]
        if missing:
            raise InputError(path, f"not a run's results: missing {', '.join(missing)}")
    return tiers, districts, clusters.set_index("cluster_id")


def _read(path: Path, read: Callable[[Path], Any]) -> Any:
    try:
        return read(path)
    except (DataSourceError, ValueError, OSError) as exc:
        raise InputError(path, f"cannot read the run's results ({exc})") from None


def folder_name(*labels: str, limit: int = 120) -> str:
    """A safe folder name made of ``labels`` (joined by ``-vs-``): letters, digits, ``-``, ``_``
    and ``.`` kept, anything else ``_``, no leading dot, at most ``limit`` bytes in UTF-8 (a
    long name ends in a short hash of the whole; the temporaries and the lock beside the folder
    add about 20). Labels may come from files (a run's ``kpis.json``): they never make a path
    that leaves the output folder."""
    name = "-vs-".join(re.sub(r"[^\w.-]", "_", str(label)) for label in labels).lstrip(".") or "_"
    if len(name.encode("utf-8")) > limit:
        digest = hashlib.sha256(name.encode()).hexdigest()[:8]
        while len(name.encode("utf-8")) > limit - 9:
            name = name[:-1]
        name = f"{name}-{digest}"
    return name


def is_run_folder(path: str | Path) -> bool:
    """Whether ``path`` is a folder ``landplan run`` wrote (it holds every REQUIRED file)."""
    return all((Path(path) / name).is_file() for name in REQUIRED)


def read_run(folder: str | Path) -> RunRecord:
    """Read a run folder's allocation and KPIs."""
    folder = _checked(folder)
    kpis = _kpis(folder)
    allocation = read_csv(folder / ALLOCATION_CSV)
    missing = {"cluster_id", "park_id", "land_km2"} - set(allocation.columns)
    if missing:
        raise InputError(folder / ALLOCATION_CSV, f"missing columns {', '.join(sorted(missing))}")
    try:
        allocation["land_km2"] = allocation["land_km2"].astype(float)
    except ValueError:
        raise InputError(
            folder / ALLOCATION_CSV, "land_km2 must be numbers", field="land_km2"
        ) from None
    return RunRecord(kpis["scenario"], folder, allocation, kpis)


def read_run_scenario(folder: str | Path) -> Scenario:
    """The scenario a run folder was written with (its ``scenario.resolved.yaml``), refused if
    the park layer or the chain links have changed since (their hashes are in it)."""
    folder = _checked(folder)
    path = folder / RESOLVED_YAML
    try:
        values = yaml.safe_load(input_file(path).read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise InputError(path, f"not valid YAML: {exc}") from None
    if not isinstance(values, dict):
        raise InputError(path, "not a resolved scenario")
    provenance = values.pop("provenance", None) or {}
    try:
        scenario = Scenario.model_validate(values)
    except ValidationError as exc:
        error = exc.errors()[0]
        field = ".".join(str(part) for part in error["loc"])
        raise InputError(path, error["msg"], field=field) from None
    recorded = provenance.get("data_sha256") or {}
    for key in ("parks", "chain_links"):
        now = scenario.data_file(key) or data_path(BUNDLED_FILES[key])
        if key in recorded and recorded[key] != file_sha256(now):
            raise InputError(
                now, f"has changed since the run in {folder} (its hash differs): run it again"
            )
    return scenario


def _checked(folder: str | Path) -> Path:
    folder = Path(folder)
    for name in REQUIRED:
        if not (folder / name).is_file():
            raise InputError(folder, f"not a run folder: {name} is missing")
    return folder


def _kpis(folder: Path) -> dict[str, Any]:
    path = folder / KPIS_JSON
    try:
        kpis = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise InputError(path, f"not valid JSON: {exc}") from None
    if not isinstance(kpis, dict) or not isinstance(kpis.get("scenario"), str):
        raise InputError(path, "not a run's KPIs: a JSON object with the scenario's name expected")
    return kpis
