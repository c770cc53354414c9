"""The park and district layers: read any vector file, validate it, measure it.

``load_parks`` returns one row per park tier (starting, expansion and reserve areas of each park);
``load_districts`` one row per district. Both come back in WGS-84 (EPSG:4326) with an
``area_km2`` column measured in :data:`~landplan.vocabulary.AREA_CRS`, whatever the input CRS.
"""

from __future__ import annotations

import json
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated

import geopandas as gpd
import pandas as pd
import shapely
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from pyogrio.errors import DataSourceError

from landplan.errors import InputError
from landplan.inputs.bundled import data_path
from landplan.inputs.records import require_columns, validate_rows
from landplan.inputs.tables import input_file
from landplan.vocabulary import (
    ACCESS_KINDS,
    AREA_CRS,
    DEFAULT_RELEASE_BY,
    DISTRICTS,
    HORIZONS,
    POLICY_AREAS,
    TIERS,
    Km2,
    NameStatus,
    Tier,
    check_known,
    split_list,
)

#: Parks (and tiers) may touch; an intersection larger than this is an overlap. 100 m² absorbs
#: the slivers left by simplifying shared edges.
OVERLAP_TOLERANCE_M2 = 100.0


class ParkTierRecord(BaseModel):
    """One park tier's attributes, as a planner's layer may supply them."""

    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True)

    park_id: Annotated[str, Field(min_length=1)]
    name_en: Annotated[str, Field(min_length=1)]
    name_zh: str = ""
    name_status: NameStatus = "working"
    district: str
    #: Policy areas covering the park (its district, plus e.g. Qianhai); ";"-separated.
    policy_areas: str = ""
    tier: Tier
    release_by: int | None = None
    gross_area_km2: Km2 | None = None
    industrial_land_km2: Km2
    geometry_status: str = "unspecified"

    @field_validator("district")
    @classmethod
    def _district(cls, value: str) -> str:
        return check_known(value, DISTRICTS, "district")

    @field_validator("policy_areas")
    @classmethod
    def _policy_areas(cls, value: str) -> str:
        return check_known(value, POLICY_AREAS, "policy area")

    @field_validator("release_by")
    @classmethod
    def _release_by(cls, value: int | None) -> int | None:
        if value is not None and value not in HORIZONS:
            raise ValueError(f"release year {value} is not a horizon {list(HORIZONS)}")
        return value

    @model_validator(mode="after")
    def _defaults(self) -> ParkTierRecord:
        if self.release_by is None:
            self.release_by = DEFAULT_RELEASE_BY[self.tier]
        if not self.policy_areas:
            self.policy_areas = self.district
        return self


class DistrictRecord(BaseModel):
    """One district's attributes."""

    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True)

    code: Annotated[str, Field(min_length=1)]
    name_en: str
    name_zh: str = ""
    boundary_status: str = "unspecified"

    @field_validator("name_en")
    @classmethod
    def _name(cls, value: str) -> str:
        return check_known(value, DISTRICTS, "district")


POLYGONS = ("Polygon", "MultiPolygon")


def read_layer(path: str | Path, geometry_types: tuple[str, ...] = POLYGONS) -> gpd.GeoDataFrame:
    """Read a vector layer (GeoJSON, GeoPackage, Shapefile…) and check its CRS and geometry.

    Returns the layer in WGS-84; a polygon layer gets an ``area_km2`` column measured in AREA_CRS.
    """
    path = input_file(path)
    try:
        with warnings.catch_warnings():  # GDAL's warnings would reach the terminal raw; what
            warnings.simplefilter("ignore", RuntimeWarning)  # they warn of fails below, in words
            layer = gpd.read_file(path)
    except (DataSourceError, ValueError, OSError, shapely.errors.GEOSException) as exc:
        raise InputError(path, f"cannot read as a vector layer ({exc})") from None
    if not isinstance(layer, gpd.GeoDataFrame) or "geometry" not in layer:
        raise InputError(path, "not a vector layer: it has no geometry (a table?)")
    if layer.empty:
        raise InputError(path, "the layer has no features")
    if layer.crs is None:
        raise InputError(path, "the layer has no CRS; set one (e.g. EPSG:4326) and save again")
    if layer.crs.is_geographic:
        west, south, east, north = layer.total_bounds
        if not (-180 <= west <= east <= 180 and -90 <= south <= north <= 90):
            raise InputError(
                path,
                f"the layer says its coordinates are degrees ({layer.crs.to_string()}), but they "
                f"run to {max(abs(west), abs(east), abs(south), abs(north)):,.0f}: projected "
                "coordinates (metres?) saved without their CRS; set the right CRS and save again",
            )
    for position, geometry in enumerate(layer.geometry):
        problem = _geometry_problem(geometry, geometry_types)
        if problem:
            raise InputError(path, problem, where=f"feature {position + 1}", field="geometry")
    projected = layer.to_crs(AREA_CRS)
    layer = layer.to_crs("EPSG:4326")
    if geometry_types == POLYGONS:
        layer["area_km2"] = projected.geometry.area.to_numpy() / 1e6
    return layer


def _with_attributes(layer: gpd.GeoDataFrame, records: Sequence[BaseModel]) -> gpd.GeoDataFrame:
    """The layer with its validated (and defaulted) attributes in place of the raw ones."""
    attributes = pd.DataFrame([r.model_dump() for r in records], index=layer.index)
    extra = [c for c in layer.columns if c not in attributes.columns]
    return gpd.GeoDataFrame(
        pd.concat([attributes, layer[extra]], axis=1), geometry="geometry", crs=layer.crs
    )


def _geometry_problem(
    geometry: shapely.Geometry | None, geometry_types: tuple[str, ...]
) -> str | None:
    if geometry is None or geometry.is_empty:
        return "geometry is empty"
    if geometry.geom_type not in geometry_types:
        return f"geometry is a {geometry.geom_type}, expected a {' or '.join(geometry_types)}"
    if not geometry.is_valid:
        return f"geometry is invalid ({shapely.is_valid_reason(geometry)})"
    return None


def load_parks(path: str | Path | None = None) -> gpd.GeoDataFrame:
    """Load and validate the park tiers: bundled ``data/parks.geojson`` unless a path is given.

    Required fields: ``park_id``, ``name_en``, ``district``, ``tier`` and
    ``industrial_land_km2`` (the releasable industrial land in the tier, the capacity the model
    allocates). Optional fields take defaults: ``release_by`` from the tier (2025, 2030, 2035),
    ``gross_area_km2`` from the measured polygon, ``policy_areas`` from the district.
    Raises :class:`~landplan.errors.InputError` on the first problem.
    """
    path = Path(path) if path is not None else data_path("parks.geojson")
    layer = read_layer(path)
    require_columns(
        layer.columns, ["park_id", "name_en", "district", "tier", "industrial_land_km2"], path
    )
    records = validate_rows(
        layer,
        ParkTierRecord,
        path,
        lambda i, row: f"feature {i + 1} ({row['park_id']} {row['tier']})",
    )
    parks = _with_attributes(layer, records)
    parks["gross_area_km2"] = parks["gross_area_km2"].fillna(parks["area_km2"])
    _check_parks(parks, path)
    return parks.reset_index(drop=True)


def _describe(parks: gpd.GeoDataFrame, index: int) -> str:
    row = parks.loc[index]
    return f"feature {parks.index.get_loc(index) + 1} ({row['park_id']} {row['tier']})"


def _check_parks(parks: gpd.GeoDataFrame, path: Path) -> None:
    duplicated = parks.duplicated(["park_id", "tier"])
    if duplicated.any():
        index = parks.index[duplicated][0]
        raise InputError(
            path, "park and tier appear more than once", where=_describe(parks, index), field="tier"
        )
    for index, row in parks.iterrows():
        if row["industrial_land_km2"] > row["gross_area_km2"] + 1e-9:
            raise InputError(
                path,
                f"industrial land {row['industrial_land_km2']:g} km² exceeds the gross area "
                f"{row['gross_area_km2']:g} km²",
                where=_describe(parks, index),
                field="industrial_land_km2",
            )
    _check_overlaps(parks, path)


def _check_overlaps(parks: gpd.GeoDataFrame, path: Path) -> None:
    projected = parks.to_crs(AREA_CRS)
    left, right = projected.sindex.query(projected.geometry, predicate="intersects")
    for i, j in zip(left, right, strict=True):
        if i >= j:
            continue
        shared = projected.geometry.iloc[i].intersection(projected.geometry.iloc[j]).area
        if shared > OVERLAP_TOLERANCE_M2:
            a, b = parks.index[i], parks.index[j]
            raise InputError(
                path,
                f"overlaps {_describe(parks, b)} by {shared / 1e6:.3f} km²",
                where=_describe(parks, a),
                field="geometry",
            )


def load_districts(path: str | Path | None = None) -> gpd.GeoDataFrame:
    """Load and validate the districts: bundled ``data/districts.geojson`` unless a path is given.

    Required fields: ``code`` and ``name_en`` (one of :data:`~landplan.vocabulary.DISTRICTS`).
    """
    path = Path(path) if path is not None else data_path("districts.geojson")
    layer = read_layer(path)
    require_columns(layer.columns, ["code", "name_en"], path)
    records = validate_rows(
        layer, DistrictRecord, path, lambda i, row: f"feature {i + 1} ({row['name_en']})"
    )
    districts = _with_attributes(layer, records)
    duplicated = districts.duplicated("name_en")
    if duplicated.any():
        position = int(duplicated.to_numpy().nonzero()[0][0])
        raise InputError(
            path,
            "district appears more than once",
            where=f"feature {position + 1} ({districts['name_en'].iloc[position]})",
            field="name_en",
        )
    return districts.reset_index(drop=True)


class InfrastructureRecord(BaseModel):
    """One infrastructure point: an airport, a container port, a high-speed rail station or a
    part of the innovation core."""

    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True)

    infra_id: Annotated[str, Field(min_length=1)]
    kind: str
    name_en: Annotated[str, Field(min_length=1)]
    name_zh: str = ""

    @field_validator("kind")
    @classmethod
    def _kind(cls, value: str) -> str:
        return check_known(value, ACCESS_KINDS, "infrastructure kind")


def load_infrastructure(path: str | Path | None = None) -> gpd.GeoDataFrame:
    """Load the infrastructure points: bundled ``data/infrastructure.geojson`` unless a path is given.

    Required fields: ``infra_id``, ``kind`` (airport, port, hsr, innovation_core), ``name_en``.
    """
    path = Path(path) if path is not None else data_path("infrastructure.geojson")
    layer = read_layer(path, geometry_types=("Point",))
    require_columns(layer.columns, ["infra_id", "kind", "name_en"], path)
    records = validate_rows(
        layer, InfrastructureRecord, path, lambda i, row: f"feature {i + 1} ({row['infra_id']})"
    )
    return _with_attributes(layer, records).reset_index(drop=True)


def policy_areas(parks: gpd.GeoDataFrame) -> pd.Series:
    """The set of policy areas covering each park tier, parsed from ``policy_areas``."""
    return parks["policy_areas"].map(lambda value: frozenset(split_list(value)))


def summarise_parks(parks: gpd.GeoDataFrame) -> pd.DataFrame:
    """One row per park: releasable industrial land by tier, totals, gross area, name status.

    Parks are ordered by district then id; columns ``starting``, ``expansion``, ``reserve`` hold
    km² of industrial land.
    """
    by_tier = parks.pivot_table(
        index="park_id", columns="tier", values="industrial_land_km2", aggfunc="sum", fill_value=0.0
    ).reindex(columns=list(TIERS), fill_value=0.0)
    first = parks.groupby("park_id")[["name_en", "name_zh", "name_status", "district"]].first()
    summary = first.join(by_tier)
    summary["industrial_land_km2"] = by_tier.sum(axis=1)
    summary["gross_area_km2"] = parks.groupby("park_id")["gross_area_km2"].sum()
    return summary.reset_index().sort_values(["district", "park_id"], ignore_index=True)


def geojson_text(layer: gpd.GeoDataFrame, name: str) -> str:
    """A layer as compact GeoJSON text named ``name``, non-ASCII names kept readable (how the
    bundled layers are written)."""
    collection = json.loads(layer.to_json(drop_id=True))
    collection["name"] = name
    return json.dumps(collection, ensure_ascii=False, separators=(",", ":")) + "\n"
