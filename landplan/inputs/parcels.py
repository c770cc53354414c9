"""Parcels: the units a park's land is laid out on, and how they touch.

By default a regular grid over each park tier (:func:`grid_parcels`): whole cells, square or
hexagonal, of ``cell_ha`` hectares (4 ha by default: a 200 m square, the size of an ordinary
industrial block), each cell in the tier that holds its centre. Cells are kept whole rather than
clipped, so the grid's outline follows the tier's to within a cell and every parcel has the same
area and shape; that is what lets :func:`~landplan.layout.problem.least_boundary` use the exact
least perimeter of ``n`` grid cells. The grid is as schematic as the tiers it covers.

A planner's own parcels (:func:`read_parcels`: GeoPackage, GeoJSON or Shapefile with
``parcel_id``, ``park_id``, ``tier`` and optionally ``developable`` and ``existing_use``) take
the grid's place, validated like the park layer.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pydantic import BaseModel, ConfigDict, Field

from landplan.errors import InputError, did_you_mean
from landplan.inputs.layers import OVERLAP_TOLERANCE_M2, read_layer
from landplan.inputs.pack import Pack, load_pack
from landplan.inputs.records import require_columns, validate_rows
from landplan.vocabulary import DEFAULT_CELL_HA, DEFAULT_CELL_SHAPE, CellShape

#: Columns of a parcel layer as landplan holds it.
PARCEL_COLUMNS = ["parcel_id", "park_id", "tier", "area_km2", "developable", "existing_use"]
#: Field names a Shapefile cuts to 10 characters, read back under their full names.
SHAPEFILE_NAMES = {"developable": "developabl", "existing_use": "existing_u"}
#: A parcel belongs to the tier it names if its centre lies in it (the grid's own rule) or at
#: least this share of it does.
INSIDE_SHARE = 0.5
#: What a grid's geometry is, as its ``geometry_status`` column and the map say it.
GRID_STATUS = "schematic grid"


@dataclass(frozen=True)
class Grid:
    """A regular grid: the side of its cells (km) and their shape."""

    side_km: float
    shape: CellShape


@dataclass(frozen=True, eq=False)
class Parcels:
    """The parcels a plan is laid out on: ``frame`` (PARCEL_COLUMNS, ``geometry_status`` and the
    geometry, in the plan pack's area CRS) and the ``grid`` they form (None for a planner's own parcels)."""

    frame: gpd.GeoDataFrame
    grid: Grid | None = None


def cell_side_m(cell_ha: float, shape: CellShape) -> float:
    """The side of a square or regular hexagon of ``cell_ha`` hectares, in metres."""
    area_m2 = cell_ha * 1e4
    if shape == "square":
        return float(np.sqrt(area_m2))
    return float(np.sqrt(2 * area_m2 / (3 * np.sqrt(3))))


def _cells(bounds: tuple[float, float, float, float], side: float, shape: CellShape) -> np.ndarray:
    """Cells of one shape covering ``bounds`` (a lattice anchored at the origin, so that the
    tiers of one park share it)."""
    x0, y0, x1, y1 = bounds
    if shape == "square":
        xs = np.arange(np.floor(x0 / side), np.ceil(x1 / side) + 1) * side
        ys = np.arange(np.floor(y0 / side), np.ceil(y1 / side) + 1) * side
        gx, gy = np.meshgrid(xs, ys)
        left, bottom = gx.ravel(), gy.ravel()
        return shapely.box(left, bottom, left + side, bottom + side)
    # flat-topped hexagons: columns 1.5 sides apart, every other column half a row higher
    dx, dy = 1.5 * side, np.sqrt(3) * side
    columns = np.arange(np.floor(x0 / dx) - 1, np.ceil(x1 / dx) + 2)
    rows = np.arange(np.floor(y0 / dy) - 1, np.ceil(y1 / dy) + 2)
    gc, gr = np.meshgrid(columns, rows)
    cx = gc.ravel() * dx
    cy = gr.ravel() * dy + (gc.ravel() % 2) * dy / 2
    angles = np.arange(6) * np.pi / 3
    rings = np.stack(
        [cx[:, None] + side * np.cos(angles), cy[:, None] + side * np.sin(angles)], axis=-1
    )
    return shapely.polygons(rings)


def grid_parcels(
    tiers: gpd.GeoDataFrame,
    cell_ha: float = DEFAULT_CELL_HA,
    shape: CellShape = DEFAULT_CELL_SHAPE,
    pack: Pack | None = None,
) -> Parcels:
    """Whole cells of ``cell_ha`` hectares over each park tier, each in the tier holding its
    centre: ``parcel_id`` (``<park>-<tier>-<n>``), ``park_id``, ``tier``, ``area_km2``,
    ``developable`` (all True: where a park's industrial land lies inside its gross area is not
    known), ``geometry_status`` (GRID_STATUS) and the geometry, in ``pack``'s area CRS (the
    bundled pack's by default)."""
    side = cell_side_m(cell_ha, shape)
    crs = (pack or load_pack()).area_crs_of(tiers)
    projected = tiers.to_crs(crs)
    frames = []
    for park_id, park in projected.groupby("park_id", sort=True):
        cells = _cells(tuple(park.total_bounds), side, shape)
        centres = shapely.centroid(cells)
        for row in park.itertuples():
            inside = shapely.contains_xy(row.geometry, *shapely.get_coordinates(centres).T)
            chosen = cells[inside]
            frames.append(
                gpd.GeoDataFrame(
                    {
                        "parcel_id": [f"{park_id}-{row.tier}-{i}" for i in range(len(chosen))],
                        "park_id": park_id,
                        "tier": row.tier,
                        "area_km2": shapely.area(chosen) / 1e6,
                        "developable": True,
                        "existing_use": "",
                        "geometry_status": GRID_STATUS,
                    },
                    geometry=chosen,
                    crs=crs,
                )
            )
    frame = gpd.GeoDataFrame(pd.concat(frames, ignore_index=True), crs=crs)
    return Parcels(frame, Grid(side / 1000.0, shape))


class ParcelRecord(BaseModel):
    """One parcel's attributes, as a planner's layer supplies them."""

    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True)

    parcel_id: Annotated[str, Field(min_length=1)]
    park_id: Annotated[str, Field(min_length=1)]
    tier: Annotated[str, Field(min_length=1)]
    developable: bool = True
    existing_use: str = ""


def read_parcels(path: str | Path, tiers: gpd.GeoDataFrame, pack: Pack | None = None) -> Parcels:
    """A planner's parcel layer, checked against the park ``tiers``: required ``parcel_id``,
    ``park_id`` and ``tier``; optional ``developable`` (true/false, default true) and
    ``existing_use``. Each parcel must name a park and tier of the park layer, lie in that tier
    (its centre, as the grid's cells do, or most of its area), be polygonal and valid, and overlap no other parcel. Returns PARCEL_COLUMNS and
    the geometry in ``pack``'s area CRS (the bundled pack's by default), with
    ``geometry_status`` naming the file; raises InputError naming the feature and field at
    fault."""
    path = Path(path)
    pack = pack or load_pack()
    layer = read_layer(path, pack)
    crs = pack.area_crs_of(tiers)
    shortened = {short: full for full, short in SHAPEFILE_NAMES.items() if full not in layer}
    layer = layer.rename(columns=shortened)
    require_columns(layer.columns, ["parcel_id", "park_id", "tier"], path)
    records = validate_rows(
        layer, ParcelRecord, path, lambda i, row: f"feature {i + 1} ({row['parcel_id']})"
    )
    parcels = gpd.GeoDataFrame(
        [r.model_dump() for r in records],
        geometry=layer.geometry.to_crs(crs).to_numpy(),
        crs=crs,
    )
    parcels["area_km2"] = parcels.geometry.area / 1e6

    def where(i: int) -> str:
        return f"feature {i + 1} ({parcels['parcel_id'].iloc[i]})"

    repeated = np.flatnonzero(parcels["parcel_id"].duplicated().to_numpy())
    if len(repeated):
        raise InputError(
            path, "parcel_id appears more than once", where=where(repeated[0]), field="parcel_id"
        )
    projected = tiers.to_crs(crs).set_index(["park_id", "tier"]).geometry
    parks = sorted(set(tiers["park_id"]))
    for i, row in enumerate(parcels.itertuples()):
        if row.park_id not in parks:
            raise InputError(
                path,
                f"park '{row.park_id}' is not in the park layer{did_you_mean(row.park_id, parks)}",
                where=where(i),
                field="park_id",
            )
        if (row.park_id, row.tier) not in projected.index:
            raise InputError(
                path, f"park {row.park_id} has no {row.tier} area", where=where(i), field="tier"
            )
        tier = projected[row.park_id, row.tier]
        inside = row.geometry.intersection(tier).area
        if inside < INSIDE_SHARE * row.geometry.area and not tier.contains(row.geometry.centroid):
            raise InputError(
                path,
                f"lies {1 - inside / row.geometry.area:.0%} outside park {row.park_id}'s "
                f"{row.tier} area, its centre too",
                where=where(i),
                field="geometry",
            )
    left, right = parcels.sindex.query(parcels.geometry, predicate="intersects")
    for i, j in zip(left.tolist(), right.tolist(), strict=True):
        if i < j:
            shared = parcels.geometry.iloc[i].intersection(parcels.geometry.iloc[j]).area
            if shared > OVERLAP_TOLERANCE_M2:
                raise InputError(
                    path,
                    f"overlaps {where(j)} by {shared:,.0f} m²",
                    where=where(i),
                    field="geometry",
                )
    parcels["geometry_status"] = f"planner's parcels ({path.name})"
    return Parcels(gpd.GeoDataFrame(parcels[[*PARCEL_COLUMNS, "geometry_status", "geometry"]]))
