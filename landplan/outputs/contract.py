"""The run folder's contract: the names of the files landplan writes there and the columns other
tools read. Written once here; the writer (:mod:`~landplan.outputs.runfolder`) and the reader
(:mod:`~landplan.outputs.readback`) both use it."""

from __future__ import annotations

from pathlib import Path

from landplan.i18n import N_

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
EVIDENCE_CSV = "evidence.csv"
#: ``results.gpkg``'s layers with geometry: the park tiers with their plan, and the parcels of
#: a layout (each with its QGIS style stored beside it).
TIERS_LAYER = "park_tiers"
PARCELS_LAYER = "parcels"
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
        EVIDENCE_CSV,
    }
)

#: What each file holds, in a planner's words (marked for the catalog: translated where shown),
#: in the order a report lists them.
FILE_WORDS = {
    MAP_HTML: N_("the map of the plan (opens in any browser, offline)"),
    SUITABILITY_HTML: N_("each industry's suitability in every park (pick the industry)"),
    RESULTS_GPKG: N_(
        "the layers for QGIS: park tiers with their plan, parcels, allocation, suitability"
    ),
    ALLOCATION_CSV: N_("land of each industry in each park tier"),
    "parks.csv": N_("each park: land used and free by tier, industries by land"),
    CLUSTERS_CSV: N_("each industry: its parks, land and shortfall by horizon"),
    "shortfall.csv": N_("demand, land and shortfall of each industry by horizon"),
    "shadow_prices.csv": N_("what one more km² of each tier would be worth"),
    "endorsement_conflicts.csv": N_(
        "where suitability ranks a park outside the policy's districts higher"
    ),
    LAYOUT_CSV: N_("each park's parcel layout: parcels, blocks, boundary, gap"),
    EVIDENCE_CSV: N_(
        "the evidence behind each park's industries: what is already there, with its sources"
    ),
    RESULTS_XLSX: N_("the tables as one workbook"),
    RESOLVED_YAML: N_("the scenario as run, with the data's hashes: run it again to reproduce"),
    KPIS_JSON: N_("the run's figures, for other programs"),
}

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


#: ``evidence.csv``'s columns: each industry with land in a park, and each piece of evidence of
#: an existing base of it there (none: the evidence columns empty).
EVIDENCE_COLUMNS = [
    "park_id",
    "cluster_id",
    "land_km2",
    "level",
    "place",
    "strength",
    "source",
    "source_date",
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


def tradeoff_folder(out: str | Path, scenario: str) -> Path:
    """Where a trade-off of ``scenario``'s objectives is written."""
    return Path(out) / f"{scenario}-tradeoff"
