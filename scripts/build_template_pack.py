"""Build ``data/template/``, the plan pack ``landplan new-pack`` copies: a pack to fill in, that
works as it is.

The template is a small synthetic town, *Example New Town* (示例新城): two districts, four parks
released in four tiers, six industries of two kinds, horizons 2030 and 2040, areas measured in
the UTM zone of the data. Every figure in it is made up and says so (``source``: *example*), so
that a planner sees what each file holds, replaces it with the plan's own, and checks the result
with ``landplan validate --pack``. The files are written the same way every time.

Usage: python scripts/build_template_pack.py
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path
from typing import Any

import shapely
from pyproj import Transformer

#: Where the example town lies: its centre (WGS-84) and its UTM zone (51N, EPSG:32651).
CENTRE_LON, CENTRE_LAT = 120.62, 31.30
UTM = "EPSG:32651"
#: Every figure of the template is made up; its data say so.
EXAMPLE = "example: synthetic figure of the template, replace with the plan's own"

TIERS = (  # id, English name, Chinese name, release year, share of the park
    ("core", "core area", "核心区", 2030, 0.3),
    ("first_ring", "first ring", "一期拓展区", 2030, 0.3),
    ("second_ring", "second ring", "二期拓展区", 2040, 0.2),
    ("reserve", "reserve area", "储备区", 2040, 0.2),
)
DISTRICTS = (("West", "西区", "WE", -1), ("East", "东区", "EA", 1))
PARKS = (  # id, English name, Chinese name, district, offset of its south-west corner (km)
    ("WE-01", "Riverside", "滨河园", "West", (-5.0, 1.0)),
    ("WE-02", "Lakeside", "湖畔园", "West", (-4.0, -3.0)),
    ("EA-01", "Hi-tech", "高新园", "East", (1.5, 1.5)),
    ("EA-02", "Harbour", "港区园", "East", (2.5, -3.5)),
)
#: A park is 2 km × 1 km; its industrial land is this share of each tier.
PARK_KM = (2.0, 1.0)
INDUSTRIAL_SHARE = 0.3
INFRASTRUCTURE = (  # id, kind, English name, Chinese name, offset (km)
    ("apt", "airport", "Example airport", "示例机场", (-8.0, 4.0)),
    ("prt", "port", "Example port", "示例港", (6.0, -6.0)),
    ("rw", "rail", "West station", "西站", (-3.0, 0.0)),
    ("re", "rail", "East station", "东站", (3.0, 0.0)),
)
CLUSTERS = (  # id, English, Chinese, kind, endorsed districts, demand 2030, 2040, footprint, needs
    ("robotics", "Robotics", "机器人", "core", "West", 0.25, 0.45, 0.1, "rail"),
    ("materials", "New materials", "新材料", "core", "East", 0.3, 0.5, 0.1, "port"),
    ("biomedicine", "Biomedicine", "生物医药", "core", "West;East", 0.2, 0.4, 0.05, "airport"),
    ("batteries", "Batteries", "动力电池", "core", "East", 0.2, 0.35, 0.1, "port;rail"),
    ("hydrogen", "Hydrogen", "氢能", "emerging", "", 0.05, 0.2, 0.05, ""),
    ("photonics", "Photonics", "光子", "emerging", "West", 0.05, 0.15, 0.05, "airport"),
)
LINKS = (
    ("robotics", "batteries", 1.0, "robots assemble battery packs"),
    ("materials", "batteries", 0.5, "cathode and anode materials"),
    ("photonics", "robotics", 0.5, "machine vision"),
)

MANIFEST = """\
# landplan plan pack: the plan's words and files. THIS IS THE TEMPLATE'S EXAMPLE TOWN: replace
# every entry and file with the plan's own, then check with `landplan validate --pack <folder>`.
name: Example New Town industry plan, 2030–2040
name_zh: 示例新城产业布局规划，2030–2040年
description: >-
  Template: where six industries go in four parks, each released in four tiers.
sources: >-
  None: every figure is synthetic (the template's example). Name the plan's sources here.

# The districts layers and tables name (English key: Chinese name).
districts:
  West: 西区
  East: 东区
# Other places the policy names when it endorses an industry (zones, new areas…), if any.
policy_areas: {}

# The tiers each park's land is released in, first to last, each with its release year (one
# of the horizons). A tier's land serves demand from its release year on.
tiers:
  - {id: core, name: core area, name_zh: 核心区, release_by: 2030}
  - {id: first_ring, name: first ring, name_zh: 一期拓展区, release_by: 2030}
  - {id: second_ring, name: second ring, name_zh: 二期拓展区, release_by: 2040}
  - {id: reserve, name: reserve area, name_zh: 储备区, release_by: 2040}
# The years demand is stated for: clusters.csv has demand_<year>_km2 for each.
horizons: [2030, 2040]

# The projected CRS areas and distances are measured in: an EPSG code (e.g. EPSG:4547 for
# CGCS2000 / 3-degree Gauss-Kruger CM 114E), or utm for the UTM zone of the data.
area_crs: utm

# The kinds of industry (clusters.csv `kind`); a scenario can change demand by kind.
cluster_kinds:
  core: {name: core industry, name_zh: 主导产业}
  emerging: {name: emerging industry, name_zh: 新兴产业}

# Kinds of infrastructure an industry may need to be near (clusters.csv `access_needs`).
infrastructure:
  airport: {name: airport, name_zh: 机场}
  port: {name: port, name_zh: 港口}
  rail: {name: rail station, name_zh: 火车站}
# The access criterion (assumptions): value halves every half_km of distance; trips may use
# the rail network (rail_kind), a rail leg counting rail_length_factor of its length, plus
# rail_boarding_km for getting on and off.
access:
  half_km: 10
  rail_kind: rail
  rail_length_factor: 1/2
  rail_boarding_km: 2

files:
  parks: parks.geojson
  districts: districts.geojson
  infrastructure: infrastructure.geojson
  clusters: clusters.csv
  chain_links: chain_links.csv
scenarios: scenarios
"""

BASELINE = """\
# The template's first scenario: the plan pack's data as they are, landplan's default rules.
name: baseline
description: Example New Town, every industry's demand as the catalogue states it.
"""

GROWTH = """\
# A variant: the core industries need a fifth more land.
name: growth
extends: baseline
description: Example New Town with a fifth more demand for the core industries.
demand:
  kinds:
    core: 1.2
"""

README = """\
# A landplan plan pack

This folder is a plan pack made by `landplan new-pack`: the manifest `pack.yaml` names the plan's
districts, tiers, horizons, area CRS and kinds, and the files below. As written it describes a
synthetic *Example New Town*; every figure is made up (marked `example`). Replace them with the
plan's own, with their sources, then:

    landplan validate --pack {folder}
    landplan run {folder}/scenarios/baseline.yaml

| file | what |
|---|---|
| `parks.geojson` | one polygon per park tier: `park_id`, `name_en`, `name_zh`, `district`, `tier`, `industrial_land_km2` (optional: `release_by`, `policy_areas`, `name_status`) |
| `districts.geojson` | one polygon per district: `code`, `name_en`, `name_zh` |
| `infrastructure.geojson` | points: `infra_id`, `kind`, `name_en`, `name_zh` |
| `clusters.csv` | one row per industry: `cluster_id`, names, `kind`, `policy_districts`, `demand_<year>_km2` per horizon, `min_footprint_km2`, `access_needs` |
| `chain_links.csv` | pairs of linked industries: `cluster_a`, `cluster_b`, `strength`, `basis` |
| `scenarios/` | scenario files; they plan with this pack |
"""


def template_files(name: str) -> dict[str, str]:
    """The template's files by path in the pack, as text."""
    return {
        "pack.yaml": MANIFEST,
        "README.md": README.format(folder=name),
        "parks.geojson": _collection("parks", _park_features()),
        "districts.geojson": _collection("districts", _district_features()),
        "infrastructure.geojson": _collection("infrastructure", _infrastructure_features()),
        "clusters.csv": _csv(
            [
                "cluster_id",
                "name_en",
                "name_zh",
                "kind",
                "policy_districts",
                "demand_2030_km2",
                "demand_2040_km2",
                "min_footprint_km2",
                "access_needs",
                "source",
            ],  # fmt: skip
            [(*row, EXAMPLE) for row in CLUSTERS],
        ),
        "chain_links.csv": _csv(
            ["cluster_a", "cluster_b", "strength", "basis", "source"],
            [(*row, EXAMPLE) for row in LINKS],
        ),
        "scenarios/baseline.yaml": BASELINE,
        "scenarios/growth.yaml": GROWTH,
    }


_TO_WGS84 = Transformer.from_crs(UTM, "EPSG:4326", always_xy=True)
_TO_UTM = Transformer.from_crs("EPSG:4326", UTM, always_xy=True)
_CENTRE = _TO_UTM.transform(CENTRE_LON, CENTRE_LAT)


def _box(x_km: float, y_km: float, width_km: float, height_km: float) -> shapely.Geometry:
    """A rectangle ``x_km, y_km`` from the town's centre (its south-west corner), in WGS-84."""
    x0, y0 = _CENTRE[0] + 1000 * x_km, _CENTRE[1] + 1000 * y_km
    box = shapely.box(x0, y0, x0 + 1000 * width_km, y0 + 1000 * height_km)
    return shapely.transform(box, lambda xy: _to_wgs84(xy), interleaved=True)


def _to_wgs84(xy: Any) -> Any:
    lon, lat = _TO_WGS84.transform(xy[:, 0], xy[:, 1])
    return shapely.get_coordinates(shapely.points(lon, lat))


def _point(x_km: float, y_km: float) -> shapely.Geometry:
    lon, lat = _TO_WGS84.transform(_CENTRE[0] + 1000 * x_km, _CENTRE[1] + 1000 * y_km)
    return shapely.Point(lon, lat)


def _park_features() -> list[tuple[dict[str, Any], shapely.Geometry]]:
    width, height = PARK_KM
    features = []
    for park_id, name_en, name_zh, district, (x, y) in PARKS:
        start = 0.0
        for tier, _, tier_zh, release_by, share in TIERS:
            strip = _box(x + start * width, y, share * width, height)
            gross = share * width * height
            features.append(
                (
                    {
                        "park_id": park_id,
                        "name_en": name_en,
                        "name_zh": name_zh,
                        "name_status": "working",
                        "district": district,
                        "tier": tier,
                        "tier_zh": tier_zh,
                        "release_by": release_by,
                        "industrial_land_km2": round(INDUSTRIAL_SHARE * gross, 4),
                        "geometry_status": "schematic",
                        "source": EXAMPLE,
                    },
                    strip,
                )
            )
            start += share
    return features


def _district_features() -> list[tuple[dict[str, Any], shapely.Geometry]]:
    return [
        (
            {"code": code, "name_en": en, "name_zh": zh, "source": EXAMPLE},
            _box(-10.0 if side < 0 else 0.0, -8.0, 10.0, 16.0),
        )
        for en, zh, code, side in DISTRICTS
    ]


def _infrastructure_features() -> list[tuple[dict[str, Any], shapely.Geometry]]:
    return [
        (
            {"infra_id": i, "kind": kind, "name_en": en, "name_zh": zh, "source": EXAMPLE},
            _point(*at),
        )
        for i, kind, en, zh, at in INFRASTRUCTURE
    ]


def _collection(name: str, features: list[tuple[dict[str, Any], shapely.Geometry]]) -> str:
    """A GeoJSON FeatureCollection, coordinates to 7 decimals (about 1 cm), one feature a
    line."""
    lines = [
        json.dumps(
            {
                "type": "Feature",
                "properties": properties,
                "geometry": json.loads(shapely.to_geojson(shapely.set_precision(geometry, 1e-7))),
            },
            ensure_ascii=False,
            separators=(",", ":"),
        )
        for properties, geometry in features
    ]
    head = f'{{"type":"FeatureCollection","name":"{name}","features":[\n'
    return head + ",\n".join(lines) + "\n]}\n"


def _csv(columns: list[str], rows: list[tuple[Any, ...]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows(rows)
    return out.getvalue()


def main() -> None:
    folder = Path(__file__).resolve().parents[1] / "data" / "template"
    shutil.rmtree(folder, ignore_errors=True)
    for name, text in template_files("my_pack").items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    print(f"wrote {folder}")


if __name__ == "__main__":
    main()
