"""A run folder read back, checked once and fully before any work is done with it.

A run folder is read by ``map``, ``layout``, ``compare`` and the workbench, and it may have
been edited, damaged or tampered with since landplan wrote it. Every file landplan reads must be
a regular file inside the folder (a link, a device or a folder in its place is refused: nothing
outside the folder is ever read through it); ``kpis.json`` must be the object landplan writes,
each figure of the right type; ``allocation.csv`` must hold finite land of known industries in
known park tiers. A fault is an InputError naming the file, the line or key and the field.
"""

from __future__ import annotations

import json
import math
import os
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import geopandas as gpd
import pandas as pd
import pyogrio
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator
from pyogrio.errors import DataSourceError

from landplan.analysis.compare import RunRecord
from landplan.assembly import DATA_KEYS
from landplan.errors import InputError
from landplan.inputs.records import require_columns, validate_rows
from landplan.inputs.refusals import refusal
from landplan.inputs.scenario import Scenario, read_yaml
from landplan.inputs.tables import csv_line, input_file, read_csv, refuse_repeated
from landplan.limits import check_int_digits
from landplan.outputs.contract import (
    ALLOCATION_CSV,
    CLUSTERS_CSV,
    KPIS_JSON,
    PARCELS_LAYER,
    REQUIRED,
    RESOLVED_YAML,
    RESULTS_GPKG,
    TIERS_LAYER,
)
from landplan.outputs.layout import PARCEL_LAYER_COLUMNS
from landplan.runs import file_sha256
from landplan.solving.result import Status, Stop
from landplan.vocabulary import Km2

#: What names a row of allocation.csv: an industry's land in a park tier, given once.
ALLOCATION_KEY = ["cluster_id", "park_id", "tier"]
#: A figure in kpis.json: a finite number, or null where there is none.
Figure = Annotated[float, Field(allow_inf_nan=False)] | None


class Kpis(BaseModel):
    """``kpis.json`` as landplan writes it: the figures every reader relies on, each of its
    type; other keys are figures, words or lists of words."""

    model_config = ConfigDict(extra="allow")

    scenario: Annotated[str, Field(min_length=1, max_length=200)]
    description: str = ""
    status: Status
    stopped_by: Stop | None = None
    reason: str = ""
    objective: Figure = None
    bound: Figure = None
    gap: Annotated[float, Field(ge=0, allow_inf_nan=False)] | None = None
    gap_scale: Annotated[float, Field(gt=0, allow_inf_nan=False)] | None = None
    solver: str = ""
    runtime_s: Figure = None
    greedy_objective: Figure = None
    layout: dict[str, Figure] | None = None
    diagnostics: list[str] = []

    @model_validator(mode="after")
    def _plain_extras(self) -> Kpis:
        for key, value in (self.model_extra or {}).items():
            if not _plain_value(value):
                raise ValueError(f"'{key}' must be a finite number, a word or a list of words")
        return self


def _plain_value(value: Any) -> bool:
    if value is None or isinstance(value, bool | str):
        return True
    if isinstance(value, int | float):
        return math.isfinite(value)
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


class AllocationRow(BaseModel):
    """One row of ``allocation.csv``: land of an industry in a park tier."""

    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True)

    cluster_id: Annotated[str, Field(min_length=1)]
    park_id: Annotated[str, Field(min_length=1)]
    tier: Annotated[str, Field(min_length=1)]
    land_km2: Km2


def product_file(folder: Path, name: str) -> Path:
    """``folder/name``, a regular file landplan wrote there: not a link (nothing outside the
    folder is read through one), not a device, a pipe or a folder."""
    path = folder / name
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        raise InputError(folder, f"not a run folder: {name} is missing") from None
    if stat.S_ISLNK(info.st_mode):
        raise InputError(path, "is a link: landplan reads only the files it wrote in the folder")
    return input_file(path)


def is_run_folder(path: str | Path) -> bool:
    """Whether ``path`` looks like a folder ``landplan run`` wrote (it holds every REQUIRED
    file); :func:`read_run` then checks it."""
    return all(os.path.lexists(Path(path) / name) for name in REQUIRED)


def read_kpis(folder: Path) -> dict[str, Any]:
    """The run's KPIs, checked (see :class:`Kpis`)."""
    path = product_file(folder, KPIS_JSON)
    try:
        kpis = json.loads(path.read_text(encoding="utf-8"), parse_int=check_int_digits)
    except RecursionError:
        raise InputError(path, "not a run's KPIs: nested too deeply") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise InputError(path, f"not valid JSON: {exc}") from None
    except ValueError as exc:  # over a limit (check_int_digits)
        raise InputError(path, str(exc)) from None
    if not isinstance(kpis, dict):
        raise InputError(path, "not a run's KPIs: a JSON object expected")
    try:
        Kpis.model_validate(kpis)
    except ValidationError as exc:
        error = exc.errors()[0]
        field = ".".join(str(part) for part in error["loc"]) or None
        raise InputError(path, refusal(error), field=field) from None
    return kpis


def read_layers(folder: Path) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame, pd.DataFrame]:
    """A run folder's park tiers and districts (from its GeoPackage) and its cluster names
    (cluster_id index, name_en, name_zh), each checked."""
    gpkg = product_file(folder, RESULTS_GPKG)
    tiers = _read(gpkg, lambda p: gpd.read_file(p, layer=TIERS_LAYER))
    districts = _read(gpkg, lambda p: gpd.read_file(p, layer="districts"))
    clusters = read_csv(product_file(folder, CLUSTERS_CSV))
    for table, path, columns in (
        (tiers, gpkg, ("park_id", "tier", "name_en", "name_zh", "lead_cluster_id")),
        (clusters, folder / CLUSTERS_CSV, ("cluster_id", "name_en", "name_zh")),
    ):
        missing = [c for c in columns if c not in table.columns]
        if missing:
            raise InputError(path, f"not a run's results: missing {', '.join(missing)}")
    return tiers, districts, clusters.set_index("cluster_id")


def read_suitability(folder: Path) -> pd.DataFrame:
    """The suitability's long table (criterion contributions), from the GeoPackage."""
    gpkg = product_file(folder, RESULTS_GPKG)
    return _read(gpkg, lambda p: pyogrio.read_dataframe(p, layer="suitability"))


def read_parcel_layer(folder: Path) -> gpd.GeoDataFrame | None:
    """A run folder's parcel layout, or None if the run was not laid out."""
    gpkg = product_file(folder, RESULTS_GPKG)
    layers = _read(gpkg, lambda p: [name for name, _ in pyogrio.list_layers(p)])
    if PARCELS_LAYER not in layers:
        return None
    parcels = _read(gpkg, lambda p: gpd.read_file(p, layer=PARCELS_LAYER))
    missing = [c for c in PARCEL_LAYER_COLUMNS if c not in parcels.columns]
    if missing:
        raise InputError(gpkg, f"the parcels layer lacks {', '.join(missing)}")
    return parcels


def read_run(folder: str | Path) -> RunRecord:
    """A run folder, checked whole (its KPIs, its layers, every row of its allocation against
    the folder's own parks and industries), with its allocation and KPIs."""
    folder = Path(folder)
    if not folder.is_dir():
        raise InputError(folder, "not a run folder: no such folder")
    kpis = read_kpis(folder)
    tiers, _, clusters = read_layers(folder)
    path = product_file(folder, ALLOCATION_CSV)
    table = read_csv(path)
    require_columns(table.columns, ["cluster_id", "park_id", "tier", "land_km2"], path)
    rows = validate_rows(table, AllocationRow, path, lambda i, _: csv_line(i))
    keys = pd.DataFrame([(r.cluster_id, r.park_id, r.tier) for r in rows], columns=ALLOCATION_KEY)
    refuse_repeated(keys, ALLOCATION_KEY, path, csv_line)
    units = set(zip(tiers["park_id"], tiers["tier"], strict=True))
    for i, row in enumerate(rows):
        if row.cluster_id not in clusters.index:
            problem, field = f"unknown industry '{row.cluster_id}'", "cluster_id"
        elif (row.park_id, row.tier) not in units:
            problem, field = f"no {row.tier} area of park '{row.park_id}' in this run", "park_id"
        else:
            continue
        raise InputError(path, problem, where=csv_line(i), field=field)
    allocation = table.assign(land_km2=[row.land_km2 for row in rows])
    return RunRecord(kpis["scenario"], folder, allocation, kpis)


def read_run_scenario(folder: str | Path) -> Scenario:
    """The scenario a run folder was written with (its ``scenario.resolved.yaml``; relative
    paths in it start from the folder), refused if a data file it names is missing or not a
    file, or if the park layer or the chain links have changed since (their hashes are in it)."""
    folder = Path(folder)
    path = product_file(folder, RESOLVED_YAML)
    values, _ = read_yaml(path)
    provenance = values.pop("provenance", None) or {}
    try:
        scenario = Scenario.model_validate(values)
    except ValidationError as exc:
        error = exc.errors()[0]
        field = ".".join(str(part) for part in error["loc"])
        raise InputError(path, refusal(error), field=field) from None
    scenario = scenario.model_copy(update={"source": path.resolve(), "chain": (path,)})
    recorded = provenance.get("data_sha256") if isinstance(provenance, dict) else None
    pack = scenario.plan_pack()
    for key in DATA_KEYS:
        now = input_file(scenario.data_file(key) or pack.file(key))
        if isinstance(recorded, dict) and key in ("parks", "chain_links"):
            if key in recorded and recorded[key] != file_sha256(now):
                raise InputError(
                    now, f"has changed since the run in {folder} (its hash differs): run it again"
                )
    return scenario


def _read(path: Path, read: Callable[[Path], Any]) -> Any:
    try:
        return read(path)
    except (DataSourceError, ValueError, OSError) as exc:
        raise InputError(path, f"cannot read the run's results ({exc})") from None
