"""One park's parcels as a graph: areas, perimeters, tiers and the edges parcels share."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import geopandas as gpd
import numpy as np
import shapely

from landplan.inputs.parcels import Grid
from landplan.layout.rays import polar
from landplan.vocabulary import CellShape


@dataclass(frozen=True, eq=False)
class ParcelGraph:
    """One park's parcels as arrays: ``area`` (km²), ``perimeter`` (km), ``tier`` (names),
    ``usable`` (developable), ``x``, ``y`` (centres, km), and the shared edges ``a``, ``b`` (positions, a < b) with their
    ``length`` (km). ``side_km`` is the grid's cell side where the parcels are a regular grid of
    ``shape`` cells, None for a planner's own parcels (which have ``rays`` instead)."""

    ids: np.ndarray
    area: np.ndarray
    perimeter: np.ndarray
    tier: np.ndarray
    usable: np.ndarray
    x: np.ndarray
    y: np.ndarray
    a: np.ndarray
    b: np.ndarray
    length: np.ndarray
    side_km: float | None = None
    shape: CellShape | None = None
    #: a planner's parcels: each one's angles and distances from the parcels' centre
    #: (:func:`landplan.layout.rays.polar`), for the least boundary of land in rings
    rays: np.ndarray | None = None

    @property
    def size(self) -> int:
        return len(self.area)

    @cached_property
    def edges(self) -> list[tuple[int, int, float]]:
        """The shared edges as (position, position, length) triples."""
        return list(zip(self.a.tolist(), self.b.tolist(), self.length.tolist(), strict=True))

    def neighbours(self) -> list[list[tuple[int, float]]]:
        """For each parcel, its neighbours and the length of edge shared with each."""
        out: list[list[tuple[int, float]]] = [[] for _ in range(self.size)]
        for a, b, length in self.edges:
            out[a].append((b, length))
            out[b].append((a, length))
        return out

    @classmethod
    def of(cls, parcels: gpd.GeoDataFrame, grid: Grid | None = None) -> ParcelGraph:
        """The graph of one park's parcels (a GeoDataFrame in a metric CRS), on ``grid`` if they
        form one. A grid's side is taken as the shortest edge of any cell as snapped (never more
        than the nominal side), so that bounds counting edges hold exactly."""
        geoms = shapely.set_precision(parcels.geometry.to_numpy(), SNAP_M)
        side_km, shape = (grid.side_km, grid.shape) if grid is not None else (None, None)
        if side_km is not None and len(geoms):
            rings = shapely.get_coordinates(shapely.boundary(geoms), return_index=True)
            points, owner = rings
            steps = np.hypot(*np.diff(points, axis=0).T)
            same = owner[1:] == owner[:-1]
            side_km = min(side_km, float(steps[same & (steps > 0)].min()) / 1000.0)
        a, b, length_m = grid_edges(geoms) if grid is not None else shared_edges(geoms)
        centres = shapely.get_coordinates(shapely.centroid(geoms)) / 1000.0
        rays = None
        if side_km is None and len(geoms):  # the centre of the parcels, weighted by area
            weights = shapely.area(geoms)
            middle = (centres * weights[:, None]).sum(axis=0) * 1000.0 / weights.sum()
            rays = polar(geoms, (float(middle[0]), float(middle[1])))
        return cls(
            ids=parcels["parcel_id"].to_numpy(str),
            area=parcels["area_km2"].to_numpy(float),
            perimeter=shapely.length(geoms) / 1000.0,
            tier=parcels["tier"].to_numpy(str),
            usable=parcels["developable"].to_numpy(bool),
            x=centres[:, 0],
            y=centres[:, 1],
            a=a,
            b=b,
            length=length_m / 1000.0,
            side_km=side_km,
            shape=shape,
            rays=rays,
        )


#: Coordinates are snapped to this grid (metres) before edges are compared: neighbours computed
#: from different centres (a generated grid) or digitised apart (a planner's parcels) differ in
#: the last digits, and unsnapped their common edge would be a scatter of points.
SNAP_M = 0.01


def grid_edges(geoms: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Pairs of a grid's cells (snapped to SNAP_M) that share an edge: positions ``a < b`` and
    the shared length in metres. Whole cells of one lattice meet side to side, so two share an
    edge exactly where a side of one, as snapped, is a side of the other: sides are matched as
    keys, a hundred times quicker than intersecting the cells' boundaries (the same pairs and
    lengths, to the last digit, on the bundled parks at every cell size and shape)."""
    points, owner = shapely.get_coordinates(shapely.boundary(geoms), return_index=True)
    same = owner[1:] == owner[:-1]  # consecutive corners of one cell: a side
    start, end, cell = points[:-1][same], points[1:][same], owner[:-1][same]
    flip = (start[:, 0] > end[:, 0]) | ((start[:, 0] == end[:, 0]) & (start[:, 1] > end[:, 1]))
    key = np.where(flip[:, None], np.hstack([end, start]), np.hstack([start, end]))
    order = np.lexsort(key.T[::-1])
    key, cell = key[order], cell[order]
    twin = (key[1:] == key[:-1]).all(axis=1) & (cell[1:] != cell[:-1])
    one, other, side = cell[:-1][twin], cell[1:][twin], key[:-1][twin]
    a, b = np.minimum(one, other), np.maximum(one, other)
    length = np.sqrt((side[:, 2] - side[:, 0]) ** 2 + (side[:, 3] - side[:, 1]) ** 2)
    order = np.lexsort((b, a))
    return a[order], b[order], length[order]


def shared_edges(
    geoms: np.ndarray, tolerance_m: float = 0.05
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Pairs of a planner's parcels (snapped to SNAP_M) that share an edge: positions ``a < b``
    and the shared length in metres. Parcels touching at a corner only share no edge. Parcels
    within ``tolerance_m`` of each other are compared with each one's boundary snapped to the
    other's corners first: a large parcel's side along two small ones has no corner where
    theirs meet (a T-junction), and unsnapped the side and theirs, digitised apart, would cross
    at a point instead of sharing a line."""
    tree = shapely.STRtree(geoms)
    left, right = tree.query(geoms, predicate="dwithin", distance=tolerance_m)
    pairs = left < right
    left, right = left[pairs], right[pairs]
    boundaries = shapely.boundary(geoms)
    one = shapely.snap(boundaries[left], boundaries[right], tolerance_m)
    length = shapely.length(shapely.intersection(one, boundaries[right]))
    edge = length > tolerance_m
    order = np.lexsort((right[edge], left[edge]))
    return left[edge][order], right[edge][order], length[edge][order]
