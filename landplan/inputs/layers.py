"""The park and district layers: read any vector file, validate it, measure it.

``load_parks`` returns one row per park tier (the tiers of the plan pack, e.g. the starting,
expansion and reserve areas of each park); ``load_districts`` one row per district. Both come
back in WGS-84 (EPSG:4326) with an ``area_km2`` column measured in the pack's area CRS, whatever
the input CRS. Names of districts, policy areas, tiers and infrastructure kinds are checked
against the pack's (:mod:`landplan.inputs.pack`).
"""

from __future__ import annotations

import json
import warnings
from collections.abc import Callable, Collection, Iterable, Sequence
from pathlib import Path
from typing import Annotated, Any

import geopandas as gpd
import pandas as pd
import shapely
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pyogrio.errors import DataSourceError

from landplan.errors import InputError
from landplan.inputs.pack import Pack, load_pack
from landplan.inputs.records import require_columns, validate_rows
from landplan.inputs.tables import input_file
from landplan.vocabulary import Km2, NameStatus, check_known, split_list

#: Parks (and tiers) may touch; an intersection larger than this is an overlap. 100 m² absorbs
#: the slivers left by simplifying shared edges.
OVERLAP_TOLERANCE_M2 = 100.0


def pack_of(info: ValidationInfo) -> Pack:
    """The plan pack a record is checked against (its validation context's)."""
    assert info.context is not None, "records are validated with their plan pack"
    return info.context["pack"]


def pack_words(field: str, words: Callable[[Pack], Collection[str]], what: str) -> Any:
    """A validator of a record's ``field``: each of its ";"-separated items is one of the plan
    pack's ``words`` (an unknown one is said as an unknown ``what``, with a suggestion)."""

    def check(cls: type, value: str, info: ValidationInfo) -> str:
        return check_known(value, words(pack_of(info)), what)

    return field_validator(field)(classmethod(check))


class ParkTierRecord(BaseModel):
    """One park tier's attributes, as a planner's layer may supply them."""

    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True)

    park_id: Annotated[str, Field(min_length=1)]
    name_en: Annotated[str, Field(min_length=1)]
    name_zh: str = ""
    name_status: NameStatus = "working"
    district: str
    #: Policy areas covering the park (its district, plus any other the pack names); ";"-separated.
    policy_areas: str = ""
    tier: str
    release_by: int | None = None
    gross_area_km2: Km2 | None = None
    industrial_land_km2: Km2
    geometry_status: str = "unspecified"

    _district = pack_words("district", lambda pack: pack.districts, "district")
    _policy_areas = pack_words("policy_areas", lambda pack: pack.all_policy_areas, "policy area")
    _tier = pack_words("tier", lambda pack: pack.tier_ids, "tier")

    @field_validator("release_by")
    @classmethod
    def _release_by(cls, value: int | None, info: ValidationInfo) -> int | None:
        horizons = pack_of(info).horizons
        if value is not None and value not in horizons:
            raise ValueError(f"release year {value} is not a horizon {horizons}")
        return value

    @model_validator(mode="after")
    def _defaults(self, info: ValidationInfo) -> ParkTierRecord:
        if self.release_by is None:
            self.release_by = pack_of(info).tier(self.tier).release_by
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

    _name = pack_words("name_en", lambda pack: pack.districts, "district")


POLYGONS = ("Polygon", "MultiPolygon")


def read_layer(
    path: str | Path, pack: Pack, geometry_types: tuple[str, ...] = POLYGONS
) -> gpd.GeoDataFrame:
    """Read a vector layer (GeoJSON, GeoPackage, Shapefile…) and check its CRS and geometry.

    Returns the layer in WGS-84; a polygon layer gets an ``area_km2`` column measured in
    ``pack``'s area CRS.
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
    projected = layer.to_crs(pack.area_crs_of(layer))
    layer = layer.to_crs("EPSG:4326")
    if geometry_types == POLYGONS:
        layer["area_km2"] = projected.geometry.area.to_numpy() / 1e6
    return layer


def shapefile_names(layer: gpd.GeoDataFrame, fields: Iterable[str]) -> gpd.GeoDataFrame:
    """The layer with each of ``fields`` a Shapefile cut to 10 characters (``industrial`` for
    ``industrial_land_km2``) under its full name again, where the full name is not there."""
    shortened = {f[:10]: f for f in fields if len(f) > 10 and f not in layer and f[:10] in layer}
    return layer.rename(columns=shortened) if shortened else layer


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


def load_parks(path: str | Path | None = None, pack: Pack | None = None) -> gpd.GeoDataFrame:
    """Load and validate the park tiers of ``pack`` (the bundled pack by default): its parks
    layer unless a path is given.

    Required fields: ``park_id``, ``name_en``, ``district``, ``tier`` and
    ``industrial_land_km2`` (the releasable industrial land in the tier, the capacity the model
    allocates). Optional fields take defaults: ``release_by`` from the pack's tier,
    ``gross_area_km2`` from the measured polygon, ``policy_areas`` from the district. The
    layer gains the tier's Chinese name (``tier_zh``) and place in the pack's order
    (``tier_rank``), for maps and tables. Raises :class:`~landplan.errors.InputError` on the
    first problem.
    """
    pack = pack or load_pack()
    path = Path(path) if path is not None else pack.file("parks")
    layer = read_layer(path, pack)
    if path.suffix.lower() in (".shp", ".zip"):  # a Shapefile's names cut to 10 characters
        layer = shapefile_names(layer, ParkTierRecord.model_fields)
    require_columns(
        layer.columns, ["park_id", "name_en", "district", "tier", "industrial_land_km2"], path
    )
    records = validate_rows(
        layer,
        ParkTierRecord,
        path,
        lambda i, row: f"feature {i + 1} ({row['park_id']} {row['tier']})",
        {"pack": pack},
    )
    parks = _with_attributes(layer, records)
    parks["gross_area_km2"] = parks["gross_area_km2"].fillna(parks["area_km2"])
    parks["tier_zh"] = parks["tier"].map({t.id: t.name_zh for t in pack.tiers})
    parks["tier_rank"] = parks["tier"].map({t: i for i, t in enumerate(pack.tier_ids)})
    _check_parks(parks, path, pack)
    return parks.reset_index(drop=True)


def _describe(parks: gpd.GeoDataFrame, index: int) -> str:
    row = parks.loc[index]
    return f"feature {parks.index.get_loc(index) + 1} ({row['park_id']} {row['tier']})"


def _check_parks(parks: gpd.GeoDataFrame, path: Path, pack: Pack) -> None:
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
    _check_overlaps(parks, path, pack)


def _check_overlaps(parks: gpd.GeoDataFrame, path: Path, pack: Pack) -> None:
    projected = parks.to_crs(pack.area_crs_of(parks))
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


def load_districts(path: str | Path | None = None, pack: Pack | None = None) -> gpd.GeoDataFrame:
    """Load and validate the districts of ``pack`` (the bundled pack by default): its districts
    layer unless a path is given.

    Required fields: ``code`` and ``name_en`` (one of the pack's districts).
    """
    pack = pack or load_pack()
    path = Path(path) if path is not None else pack.file("districts")
    layer = read_layer(path, pack)
    require_columns(layer.columns, ["code", "name_en"], path)
    records = validate_rows(
        layer,
        DistrictRecord,
        path,
        lambda i, row: f"feature {i + 1} ({row['name_en']})",
        {"pack": pack},
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
    """One infrastructure point of one of the pack's kinds (an airport, a port, a rail
    station…)."""

    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True)

    infra_id: Annotated[str, Field(min_length=1)]
    kind: str
    name_en: Annotated[str, Field(min_length=1)]
    name_zh: str = ""

    _kind = pack_words("kind", lambda pack: pack.infrastructure, "infrastructure kind")


def load_infrastructure(
    path: str | Path | None = None, pack: Pack | None = None
) -> gpd.GeoDataFrame:
    """Load the infrastructure points of ``pack`` (the bundled pack by default): its
    infrastructure layer unless a path is given.

    Required fields: ``infra_id``, ``kind`` (one of the pack's infrastructure kinds), ``name_en``.
    """
    pack = pack or load_pack()
    path = Path(path) if path is not None else pack.file("infrastructure")
    layer = read_layer(path, pack, geometry_types=("Point",))
    require_columns(layer.columns, ["infra_id", "kind", "name_en"], path)
    records = validate_rows(
        layer,
        InfrastructureRecord,
        path,
        lambda i, row: f"feature {i + 1} ({row['infra_id']})",
        {"pack": pack},
    )
    return _with_attributes(layer, records).reset_index(drop=True)


def policy_areas(parks: gpd.GeoDataFrame) -> pd.Series:
    """The set of policy areas covering each park tier, parsed from ``policy_areas``."""
    return parks["policy_areas"].map(lambda value: frozenset(split_list(value)))


def tier_order(parks: gpd.GeoDataFrame) -> list[str]:
    """The park tier layer's tiers in their plan pack's order (its ``tier_rank``)."""
    return list(parks.sort_values("tier_rank", kind="stable")["tier"].drop_duplicates())


def summarise_parks(parks: gpd.GeoDataFrame) -> pd.DataFrame:
    """One row per park: releasable industrial land by tier, totals, gross area, name status.

    Parks are ordered by district then id; one column per tier (in the pack's order) holds km²
    of industrial land.
    """
    by_tier = parks.pivot_table(
        index="park_id", columns="tier", values="industrial_land_km2", aggfunc="sum", fill_value=0.0
    ).reindex(columns=tier_order(parks), fill_value=0.0)
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
