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

import dataclasses
import hashlib
import json
import math
import os
import re
import shutil
from collections.abc import Collection
from pathlib import Path
from typing import Any

import folium
import geopandas as gpd
import pandas as pd
import pyogrio
import yaml

from landplan.analysis.compare import RunRecord
from landplan.atomic import write_folder_atomically, write_text_atomically
from landplan.errors import InputError
from landplan.i18n import LANGS, speaking
from landplan.inputs.existing_base import evidence_behind
from landplan.inputs.scenario import Scenario, read_yaml
from landplan.inputs.suitability import endorsement_conflicts
from landplan.inputs.tradeoff import kept_point_figures
from landplan.layout.measures import layout_kpis
from landplan.layout.plan import PlanLayout
from landplan.maps.common import page_html, save_map
from landplan.maps.options import MapOptions
from landplan.maps.result import planned_land, result_map
from landplan.maps.suitability import suitability_map
from landplan.optimisation.evaluate import LAND_EPSILON
from landplan.outputs.contract import (
    ALLOCATION_CSV_COLUMNS,
    EVIDENCE_COLUMNS,
    EVIDENCE_CSV,
    FILE_WORDS,
    KPIS_JSON,
    MAP_HTML,
    REPORT_HTML,
    RESOLVED_YAML,
    RESULTS_GPKG,
    RESULTS_XLSX,
    RUN_FILES,
    SUITABILITY_HTML,
    TIERS_LAYER,
    run_folder,
)
from landplan.outputs.layout import parcel_layer, parcel_note, write_layout
from landplan.outputs.readback import (
    product_file,
    read_kpis,
    read_layers,
    read_parcel_layer,
    read_run,
    read_suitability,
)
from landplan.outputs.styles import by_industry, store_style
from landplan.pages.report import RunPage, render_report
from landplan.runs import Run
from landplan.vocabulary import land_column


def write_run(
    run: Run, out: str | Path, *, xlsx: bool | None = None, map_options: MapOptions | None = None
) -> Path:
    """Write every output of ``run`` into ``out/<scenario name>`` atomically; return that folder.

    ``xlsx`` (default: the scenario's ``outputs.xlsx``) adds ``results.xlsx``; ``map_options``
    sets the maps' language and tiles.
    """
    folder = run_folder(out, run.scenario.name)
    want_xlsx = run.scenario.outputs.xlsx if xlsx is None else xlsx
    options = map_options or MapOptions()
    write_folder_atomically(
        folder, lambda tmp: write_run_files(run, tmp, options, want_xlsx), RUN_FILES
    )
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
        tiers[land_column(cluster)] = wide[cluster].to_numpy()
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
    """kpis.json: the scenario's name and question, then the solution's KPIs (its findings in
    English, ``diagnostics``, and kept to be said in any language, ``findings``)."""
    record: dict[str, Any] = {
        "scenario": run.scenario.name,
        "description": run.scenario.description,
    }
    record.update(run.solution.kpis())
    if run.solution.has_plan:  # a point kept from a trade-off: its objectives, measured
        record.update(
            kept_point_figures(run.scenario, run.solution.problem, run.solution.allocation)
        )
    if run.layout is not None:
        record["layout"] = layout_kpis(run.layout)
    record["diagnostics"] = [str(d) for d in run.solution.diagnostics]
    # the same findings kept with their figures, to be said in a page's language
    record["findings"] = [d.kept for d in run.solution.diagnostics]
    return {key: _plain(value) for key, value in record.items()}


def resolved_record(run: Run) -> dict[str, Any]:
    """scenario.resolved.yaml: the scenario with every default filled in, plus provenance."""
    return {**run.scenario.resolved(), "provenance": run.provenance()}


def write_run_files(run: Run, folder: Path, map_options: MapOptions, xlsx: bool = False) -> None:
    """Every file of ``run`` into ``folder`` (see the module's docstring)."""
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
    if run.inputs.evidence is not None:
        tables["evidence"] = evidence_behind(tables["allocation"], run.inputs.evidence)[
            EVIDENCE_COLUMNS
        ]
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
    with speaking(map_options.lang):  # the maps' words in their language (both: English)
        maps = run_maps(
            tiers, run.inputs.districts, kpis, clusters, breakdown, map_options, parcels
        )
        save_maps(folder, maps)
    if xlsx:
        with pd.ExcelWriter(folder / RESULTS_XLSX) as book:
            for name, table in tables.items():
                table.to_excel(book, sheet_name=name, index=False)
            pd.Series(kpis).rename("value").to_frame().to_excel(book, sheet_name="kpis")
    write_report(folder, map_options.lang)


#: The tables the report reads back, and the columns of one the run wrote empty.
REPORT_TABLES = {
    "allocation": ALLOCATION_CSV_COLUMNS,
    "parks": [],
    "clusters": [],
    "shortfall": ["cluster_id", "horizon", "demand_km2", "land_km2", "shortfall_km2"],
    "endorsement_conflicts": [],
}


def write_report(folder: Path, lang: str = LANGS[0]) -> Path:
    """``report.html`` from what ``folder`` holds (its figures, tables and map), so that it
    shows the folder's own, whoever wrote them last; in ``lang`` (a map's ``both``: English)."""
    path = folder / REPORT_HTML
    write_text_atomically(path, report_html(folder, lang))
    return path


def report_html(folder: Path, lang: str, map_html: str | None = None) -> str:
    """The report of the run in ``folder``, in ``lang``, from what the folder holds (the map
    inside it: ``map_html``, else the folder's ``map.html``); the folder is only read."""
    page = run_page(folder, with_map=map_html is None)
    if map_html is not None:
        page = dataclasses.replace(page, map_html=map_html)
    with speaking(lang):
        return render_report(page)


def run_page(folder: Path, with_map: bool = True) -> RunPage:
    """What a report shows of the run in ``folder`` (the map's page too, ``with_map``: a page
    that shows the map in a frame of its own needs not read it)."""
    tables = {}
    # evidence.csv only where the run's plan pack has an existing base (and runs since)
    optional = {"evidence": EVIDENCE_COLUMNS} if (folder / EVIDENCE_CSV).is_file() else {}
    for name, columns in {**REPORT_TABLES, **optional}.items():
        path = product_file(folder, f"{name}.csv")
        try:
            tables[name] = pd.read_csv(path)
        except pd.errors.EmptyDataError:  # a run without a plan writes some tables empty
            tables[name] = pd.DataFrame(columns=columns)
        except (pd.errors.ParserError, UnicodeDecodeError, ValueError) as exc:
            raise InputError(path, f"cannot be read as a table: {exc}") from None
    return RunPage(
        kpis=read_kpis(folder),
        tables=tables,
        resolved=read_yaml(product_file(folder, RESOLVED_YAML))[0],
        map_html=product_file(folder, MAP_HTML).read_text(encoding="utf-8") if with_map else "",
        files=[(name, words) for name, words in FILE_WORDS.items() if (folder / name).is_file()],
    )


def _write_geopackage(
    run: Run,
    tiers: gpd.GeoDataFrame,
    allocation: pd.DataFrame,
    breakdown: pd.DataFrame,
    kpis: dict,
    path: Path,
) -> None:
    tiers.to_file(path, layer=TIERS_LAYER, driver="GPKG")
    clusters = run.solution.problem.clusters
    style = by_industry("lead_cluster_id", clusters, set(tiers["lead_cluster_id"]), "free / 空闲")
    store_style(path, TIERS_LAYER, style, "landplan: park tiers by their lead industry")
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


def run_record(run: Run) -> RunRecord:
    """A run made now, as a comparison reads it (its allocation and KPIs as its folder holds
    them)."""
    return RunRecord(run.scenario.name, None, allocation_csv_table(run), kpis_record(run))


def copy_run(source: Path, target: Path) -> None:
    """The files landplan wrote in the run folder ``source``, copied into ``target`` (each a
    regular file of the folder; what else the folder holds is the planner's, not copied)."""
    for name in sorted(RUN_FILES):
        if os.path.lexists(source / name):
            shutil.copy2(product_file(source, name), target / name)


def plan_map(run: Run, options: MapOptions | None = None) -> folium.Map:
    """The result map of a run held in memory (what ``map.html`` shows)."""
    clusters = run.solution.problem.clusters[["name_en", "name_zh"]]
    breakdown = run.inputs.suitability.long_table()
    return result_map(
        tier_layer(run), run.inputs.districts, kpis_record(run), clusters, breakdown, options
    )


def run_maps(
    tiers: gpd.GeoDataFrame,
    districts: gpd.GeoDataFrame,
    kpis: dict,
    clusters: pd.DataFrame,
    breakdown: pd.DataFrame,
    options: MapOptions,
    parcels: gpd.GeoDataFrame | None = None,
    names: Collection[str] = (MAP_HTML, SUITABILITY_HTML),
) -> dict[str, folium.Map]:
    """A run's maps by file name (those of ``names``): ``map.html`` (the result) and
    ``suitability.html``; ``clusters`` gives the names (cluster_id index, name_en, name_zh),
    ``breakdown`` the suitability's long table (criterion contributions) for the popups,
    ``parcels`` the parcel layout if the run has one. Names in the language of ``options``,
    words in the language of the moment."""
    maps = {}
    if MAP_HTML in names:
        note = parcel_note(parcels) if parcels is not None else ""
        maps[MAP_HTML] = result_map(
            tiers, districts, kpis, clusters, breakdown, options, parcels, note
        )
    if SUITABILITY_HTML in names:
        scores = breakdown.groupby(["cluster_id", "park_id"], as_index=False)["contribution"].sum()
        maps[SUITABILITY_HTML] = suitability_map(
            tiers,
            districts,
            scores.rename(columns={"contribution": "score"}),
            clusters,
            kpis["scenario"],
            options,
            planned=planned_land(tiers, clusters.index),
        )
    return maps


def save_maps(folder: Path, maps: dict[str, folium.Map]) -> list[Path]:
    """Each of ``maps`` as a page in ``folder``, by its file name."""
    return [save_map(fmap, folder / name) for name, fmap in maps.items()]


def folder_maps(
    folder: Path, options: MapOptions, names: Collection[str] = (MAP_HTML, SUITABILITY_HTML)
) -> dict[str, folium.Map]:
    """The maps of ``names`` of the run in ``folder`` (checked first), drawn from what it holds
    with ``options``; the folder is only read."""
    read_run(folder)  # checked whole before anything is drawn
    tiers, districts, clusters = read_layers(folder)
    return run_maps(
        tiers,
        districts,
        read_kpis(folder),
        clusters,
        read_suitability(folder),
        options,
        read_parcel_layer(folder),
        names,
    )


def redraw_map(folder: str | Path, options: MapOptions | None = None) -> list[Path]:
    """Draw the maps of a run folder again (e.g. in another language, or with tiles), from
    what the folder holds (checked first), and the report that holds the map, in the maps'
    language (``both``: English)."""
    folder, options = Path(folder), options or MapOptions()
    with speaking(options.lang):  # the maps' words in their language (both: English)
        pages = {name: page_html(fmap) for name, fmap in folder_maps(folder, options).items()}
    # the report drawn before anything is written: a folder it refuses is left as it was
    report = report_html(folder, options.lang, pages[MAP_HTML])
    written = []
    for name, page in {**pages, REPORT_HTML: report}.items():
        write_text_atomically(folder / name, page)
        written.append(folder / name)
    return written


def add_layout(
    folder: str | Path,
    layout: PlanLayout,
    scenario: Scenario,
    map_options: MapOptions | None = None,
) -> Path:
    """Add a layout to a run folder, all at once or not at all: ``layout.csv``, the
    ``parcels`` layer, the layout's KPIs in ``kpis.json``, the ``layout`` section used in
    ``scenario.resolved.yaml`` (``scenario``'s) and the maps drawn again with the parcels.
    What the folder holds besides landplan's files is kept as it is."""
    folder = Path(folder)
    read_run(folder)  # checked whole before anything is written

    def fill(tmp: Path) -> None:
        copy_run(folder, tmp)
        tiers, _, clusters = read_layers(tmp)
        parcels = parcel_layer(layout, tiers, clusters)
        write_layout(tmp, layout, parcels, tmp / RESULTS_GPKG, clusters)
        kpis = read_kpis(tmp)
        kpis["layout"] = {key: _plain(value) for key, value in layout_kpis(layout).items()}
        (tmp / KPIS_JSON).write_text(
            json.dumps(kpis, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
        resolved, _ = read_yaml(tmp / RESOLVED_YAML)
        resolved["layout"] = scenario.resolved()["layout"]
        (tmp / RESOLVED_YAML).write_text(
            yaml.safe_dump(resolved, allow_unicode=True, sort_keys=False), encoding="utf-8"
        )
        redraw_map(tmp, map_options)

    write_folder_atomically(folder, fill, RUN_FILES)
    return folder


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
