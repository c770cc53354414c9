"""The run folder's contract: the names of the files landplan writes there and the columns other
tools read. Written once here; the writer (:mod:`~landplan.outputs.runfolder`) and the reader
(:mod:`~landplan.outputs.readback`) both use it."""

from __future__ import annotations

from pathlib import Path

KPIS_JSON = "kpis.json"
ALLOCATION_CSV = "allocation.csv"
CLUSTERS_CSV = "clusters.csv"
RESULTS_GPKG = "results.gpkg"
MAP_HTML = "map.html"
SUITABILITY_HTML = "suitability.html"
REPORT_HTML = "report.html"
RESOLVED_YAML = "scenario.resolved.yaml"
RESULTS_XLSX = "results.xlsx"
LAYOUT_CSV = "layout.csv"
#: The tables written as ``<name>.csv``.
TABLES = ("allocation", "parks", "clusters", "shortfall", "endorsement_conflicts", "shadow_prices")

#: What makes a folder a run folder.
REQUIRED = (KPIS_JSON, ALLOCATION_CSV, RESULTS_GPKG, CLUSTERS_CSV)
#: Everything landplan writes into a run folder: anything else there is the planner's, kept.
RUN_FILES = frozenset(
    {
        *REQUIRED,
        *(f"{table}.csv" for table in TABLES),
        MAP_HTML,
        SUITABILITY_HTML,
        REPORT_HTML,
        RESOLVED_YAML,
        RESULTS_XLSX,
        LAYOUT_CSV,
    }
)

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


def run_folder(out: str | Path, scenario: str) -> Path:
    """Where a run of ``scenario`` is written."""
    return Path(out) / scenario


def sweep_folder(out: str | Path, scenario: str, complete: bool = True) -> Path:
    """Where a sweep of ``scenario`` is written; an interrupted one beside it, labelled."""
    return Path(out) / f"{scenario}-sweep{'' if complete else '-partial'}"


def explore_folder(out: str | Path, scenario: str) -> Path:
    """Where an exploration around ``scenario``'s plan is written."""
    return Path(out) / f"{scenario}-explore"
