"""Build data/parks.geojson: the 20 advanced manufacturing parks, one feature per tier.

Inputs: ``data/parks_facts.csv`` (names, districts, approximate locations and the few published
areas, with sources), ``data/districts.geojson`` and ``data/land.geojson`` (a real shoreline:
the districts' own coastlines run offshore in places). No official park boundary is available,
so the polygons are SCHEMATIC: each park grows as a disc around its approximate location,
clipped to its district, to land and to its Voronoi cell among the 20 locations (so parks never
overlap), until it reaches its gross area. The starting area is the core disc; the expansion and
reserve areas are the rings around it, so a park's three tiers touch.

Areas (see data/README.md for the reasoning):
- Gross area: published figures where they exist; the rest of the plan's 300 km² is shared
  equally among the other parks (an estimate).
- Releasable industrial land: published where it exists; the rest of the plan's 60 km² is shared
  among the other parks in proportion to gross area (an estimate).
- Tier split of both (an assumption): starting 55 %, expansion 25 %, reserve 20 %, so the starting
  areas release 33 km² by 2025 (the plan: at least 32 km²) and all tiers about 60 km² by 2035.

Usage: python scripts/build_parks.py [--out data/parks.geojson]
"""

from __future__ import annotations

import argparse
from pathlib import Path

import geopandas as gpd
import pandas as pd
import shapely
import shapely.ops

from landplan.atomic import write_text_atomically
from landplan.inputs.layers import geojson_text
from landplan.inputs.pack import load_pack

PACK = load_pack()
AREA_CRS = PACK.area_crs

ROOT = Path(__file__).resolve().parents[1]
FACTS = ROOT / "data" / "parks_facts.csv"
DISTRICTS = ROOT / "data" / "districts.geojson"
LAND = ROOT / "data" / "land.geojson"
OUT = ROOT / "data" / "parks.geojson"

PLAN_GROSS_KM2 = 300.0  # 2022 spatial layout plan: about 300 km² in all
PLAN_INDUSTRIAL_KM2 = 60.0  # 2022 plan: about 60 km² of industrial land released in phases
TIER_SHARES = {"starting": 0.55, "expansion": 0.25, "reserve": 0.20}  # assumption

# Published figures that measure what the layer needs (see parks_facts.csv `area_status`,
# `sources` and `landplan_note`). Yanluo's reported 36.5 / 12.2 km² measure a whole-subdistrict
# renewal, existing industrial land included, not releasable land: they are kept as attributes
# and Yanluo is estimated like the unlocated parks. For the Eastern Coastal park the source gives
# 2.33 km² of industrial land in the Dapeng part, of which about 2.19 km² can be newly released:
# the released land is what the plan's 60 km² counts. Pingshan Hi-tech North takes the area its
# 高新北片区 had in 2019 planning and Luhu the area a city page reports for 鹭湖中心城 (both
# inferred: data/README.md); a working slot keeps the estimate, whatever figure its place has.
REPORTED_GROSS_KM2 = {"BA-04": 14.2, "EC-01": 8.06, "PS-01": 5.36, "LH-02": 18.75}
REPORTED_INDUSTRIAL_KM2 = {"EC-01": 2.19}
ROOM_CAP = 0.6  # an estimated park takes at most this share of the room around its site
SNAP_INSET_M = 300.0

# parks_facts.csv `district` → (district in the layer, policy areas covering the park).
DISTRICT_OF = {
    "Bao'an": ("Bao'an", "Bao'an"),
    "Bao'an (part in the Qianhai extension)": ("Bao'an", "Bao'an;Qianhai"),
    "Longgang": ("Longgang", "Longgang"),
    "Longhua": ("Longhua", "Longhua"),
    "Pingshan": ("Pingshan", "Pingshan"),
    "Guangming": ("Guangming", "Guangming"),
    # Only the Dapeng part (Kuiyong) is located; the Yantian part is not.
    "Yantian + Dapeng (joint)": ("Dapeng", "Dapeng;Yantian"),
    "Shenshan Special Cooperation Zone": ("Shenshan", "Shenshan"),
}


def estimate_gross(facts: pd.DataFrame, rooms: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Gross area of each park (km²) and a note on where the figure comes from.

    Published figures are kept. The rest of the plan's total is shared equally among the other
    parks, except that no estimate may take more than ROOM_CAP of the park's room (its district
    within its Voronoi cell); what a capped park cannot take is shared among the others again.
    """
    gross = facts["park_id"].map(REPORTED_GROSS_KM2)
    capped = pd.Series(False, index=facts.index)
    while True:
        open_ = gross.index[gross.isna()]
        share = (PLAN_GROSS_KM2 - gross.sum()) / len(open_)
        tight = [i for i in open_ if share > ROOM_CAP * rooms[i]]
        if not tight:
            gross[open_] = share
            break
        gross[tight] = ROOM_CAP * rooms[tight]
        capped[tight] = True
    notes = pd.Series(
        [
            f"reported: {status} ({sources})"
            if park_id in REPORTED_GROSS_KM2
            else f"estimated: capped at {ROOM_CAP:.0%} of the room around the site "
            f"({rooms[i]:.1f} km²)"
            if capped[i]
            else f"estimated: equal share ({share:.2f} km²) of the plan's {PLAN_GROSS_KM2:g} km² "
            "left after the published and capped figures"
            for i, park_id, status, sources in zip(
                facts.index, facts["park_id"], facts["area_status"], facts["sources"], strict=True
            )
        ],
        index=facts.index,
    )
    return gross, notes


def estimate_industrial(facts: pd.DataFrame, gross: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Releasable industrial land (km²) of each park, and a note on where the figure comes from.

    Published figures are kept; the rest of the plan's total is shared in proportion to gross area.
    """
    industrial = facts["park_id"].map(REPORTED_INDUSTRIAL_KM2)
    unknown = industrial.isna()
    ratio = (PLAN_INDUSTRIAL_KM2 - industrial.sum()) / gross[unknown].sum()
    industrial[unknown] = gross[unknown] * ratio
    notes = pd.Series(
        [
            f"estimated: {ratio:.3f} × gross area, sharing the plan's {PLAN_INDUSTRIAL_KM2:g} km² "
            "left after the published figures"
            if is_unknown
            else f"reported: {status} ({sources})"
            for is_unknown, status, sources in zip(
                unknown, facts["area_status"], facts["sources"], strict=True
            )
        ],
        index=facts.index,
    )
    return industrial, notes


def reported(figure: str) -> float | None:
    """A published area from parks_facts.csv (km²), None where none is published."""
    return float(figure) if figure else None


def inside(point: shapely.Point, district: shapely.Geometry) -> shapely.Point:
    """The site itself, or, for a site that falls just outside its district (the points are
    approximate), the nearest point at least SNAP_INSET_M inside it."""
    if district.contains(point):
        return point
    core = district.buffer(-SNAP_INSET_M)
    return shapely.ops.nearest_points(core, point)[0]


def voronoi_cells(points: gpd.GeoSeries) -> list[shapely.Geometry]:
    """The Voronoi cell of each point (same order), so that parks grown inside them never overlap."""
    frame = shapely.box(*points.total_bounds).buffer(100_000)
    cells = shapely.voronoi_polygons(shapely.MultiPoint(list(points)), extend_to=frame)
    by_point = {}
    for cell in cells.geoms:
        for i, point in enumerate(points):
            if cell.contains(point):
                by_point[i] = cell
    return [by_point[i] for i in range(len(points))]


def disc_with_area(
    centre: shapely.Point, room: shapely.Geometry, target_m2: float
) -> shapely.Geometry:
    """The part of ``room`` within a disc around ``centre`` whose area is ``target_m2`` (bisection)."""
    if room.area < target_m2:
        raise ValueError(
            f"only {room.area / 1e6:.2f} km² of room for a {target_m2 / 1e6:.2f} km² park"
        )
    low, high = 0.0, 1.0
    while centre.buffer(high).intersection(room).area < target_m2:
        high *= 2
    for _ in range(60):
        mid = (low + high) / 2
        if centre.buffer(mid, quad_segs=32).intersection(room).area < target_m2:
            low = mid
        else:
            high = mid
    return centre.buffer(high, quad_segs=32).intersection(room)


def tier_polygons(
    centre: shapely.Point, room: shapely.Geometry, gross_m2: float
) -> dict[str, shapely.Geometry]:
    """Starting area as the core, expansion and reserve as the rings around it."""
    tiers, inner, cumulative = {}, shapely.Polygon(), 0.0
    for tier, share in TIER_SHARES.items():
        cumulative += share
        outer = disc_with_area(centre, room, gross_m2 * cumulative)
        tiers[tier] = outer.difference(inner)
        inner = outer
    return tiers


def build(facts_path: Path, districts_path: Path, land_path: Path) -> gpd.GeoDataFrame:
    facts = pd.read_csv(facts_path, dtype={"park_id": str}, keep_default_na=False)
    land = gpd.read_file(land_path).to_crs(AREA_CRS).union_all()
    districts = gpd.read_file(districts_path).to_crs(AREA_CRS).set_index("name_en")
    districts["geometry"] = districts.geometry.intersection(land)
    district_of = facts["district"].map(lambda d: DISTRICT_OF[d][0])
    sites = gpd.GeoSeries(gpd.points_from_xy(facts["lon"], facts["lat"]), crs="EPSG:4326").to_crs(
        AREA_CRS
    )
    centres = gpd.GeoSeries(
        [
            inside(site, districts.loc[d, "geometry"])
            for site, d in zip(sites, district_of, strict=True)
        ],
        crs=AREA_CRS,
    )
    rooms = [
        cell.intersection(districts.loc[d, "geometry"])
        for cell, d in zip(voronoi_cells(centres), district_of, strict=True)
    ]
    gross, gross_notes = estimate_gross(facts, pd.Series([r.area / 1e6 for r in rooms]))
    industrial, industrial_notes = estimate_industrial(facts, gross)

    features = []
    for i, park in facts.iterrows():
        district, policy_areas = DISTRICT_OF[park["district"]]
        for tier, geometry in tier_polygons(centres.iloc[i], rooms[i], gross[i] * 1e6).items():
            share = TIER_SHARES[tier]
            features.append(
                {
                    "park_id": park["park_id"],
                    "name_zh": park["name_zh"],
                    "name_en": park["name_en"],
                    "name_status": park["name_status"],
                    "name_source": park["sources"],
                    "district": district,
                    "policy_areas": policy_areas,
                    "subdistricts": park["subdistricts"],
                    "tier": tier,
                    "tier_zh": PACK.tier(tier).name_zh,
                    "release_by": PACK.tier(tier).release_by,
                    "gross_area_km2": round(gross[i] * share, 4),
                    "gross_area_source": gross_notes[i] + f"; tier share {share:.0%} assumed",
                    "industrial_land_km2": round(industrial[i] * share, 4),
                    "industrial_land_source": industrial_notes[i]
                    + f"; tier share {share:.0%} assumed",
                    "park_gross_area_km2": round(gross[i], 4),
                    "park_industrial_land_km2": round(industrial[i], 4),
                    "reported_gross_km2": reported(park["total_area_km2"]),
                    "reported_industrial_km2": reported(park["industrial_area_km2"]),
                    "reported_area_note": park["area_status"],
                    "landplan_note": park["landplan_note"],
                    "location_source": f"approximate point ({park['lon']}, {park['lat']}) near "
                    "the named subdistricts, from parks_facts.csv; can be several km off",
                    "geometry_status": "schematic",
                    "geometry": geometry,
                }
            )
    parks = gpd.GeoDataFrame(features, geometry="geometry", crs=AREA_CRS)
    # Clipping leaves slivers and near-coincident vertices; snap to a 0.1 m grid in metres so that
    # the polygons stay valid and the file small.
    parks["geometry"] = shapely.set_precision(shapely.make_valid(parks.geometry.values), 0.1)
    return parks.to_crs("EPSG:4326")


def to_geojson(layer: gpd.GeoDataFrame) -> str:
    return geojson_text(layer, "landplan advanced manufacturing parks (SCHEMATIC geometry)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    parks = build(FACTS, DISTRICTS, LAND)
    write_text_atomically(args.out, to_geojson(parks))
    summary = parks.groupby("tier", sort=False)[["gross_area_km2", "industrial_land_km2"]].sum()
    print(f"wrote {args.out}: {len(parks)} tiers of {parks['park_id'].nunique()} parks")
    print(summary.round(2).to_string())
    print(summary.sum().round(2).to_string())


if __name__ == "__main__":
    main()
