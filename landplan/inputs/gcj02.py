"""WGS-84 → GCJ-02, the offset coordinates of Chinese web maps (AMap/Gaode tiles).

AMap's tiles are drawn in GCJ-02, some 500–600 m from WGS-84 in Shenzhen; a WGS-84 layer drawn
over them is visibly off. Shifting the vector layers into GCJ-02 makes them line up. The
transform is prcoords' (the published algorithm); points outside China are left as they are.
"""

from __future__ import annotations

from collections.abc import Callable

import geopandas as gpd
import numpy as np
import prcoords
import shapely


def wgs84_to_gcj02_point(lon: float, lat: float) -> tuple[float, float]:
    """One point, (lon, lat) in and out."""
    return _convert(prcoords.wgs_gcj, lon, lat)


def gcj02_to_wgs84_point(lon: float, lat: float) -> tuple[float, float]:
    """The inverse, iterated to ~1e-8°: (lon, lat) in and out (for data from Chinese maps)."""
    return _convert(prcoords.gcj_wgs_bored, lon, lat)


def _convert(
    transform: Callable[[prcoords.Coords], prcoords.Coords], lon: float, lat: float
) -> tuple[float, float]:
    # prcoords takes and returns Coords(lat, lon), latitude first. Points outside China are left
    # alone: GCJ-02 is not applied there (and prcoords 1.0.2's inverse would still shift them).
    point = prcoords.Coords(lat, lon)
    if not prcoords.sanity_in_china_p(point):
        return lon, lat
    moved = transform(point)
    return moved.lon, moved.lat


def gcj02_to_wgs84_array(coords: np.ndarray) -> np.ndarray:
    """An (N, 2) array of GCJ-02 lon/lat rows to WGS-84 (the shape ``shapely.transform`` passes)."""
    return np.array([gcj02_to_wgs84_point(x, y) for x, y in coords], dtype=float).reshape(-1, 2)


def _transform(coords: np.ndarray) -> np.ndarray:
    return np.array([wgs84_to_gcj02_point(x, y) for x, y in coords], dtype=float).reshape(-1, 2)


def to_gcj02(layer: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """A copy of a WGS-84 layer with every vertex shifted to GCJ-02 (the CRS label stays
    EPSG:4326: GCJ-02 has no EPSG code, and web maps take it as plain lon/lat)."""
    shifted = layer.to_crs(4326).copy()
    shifted.geometry = shapely.transform(shifted.geometry.values, _transform)
    return shifted
