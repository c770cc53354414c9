"""Build data/infrastructure.geojson: the airport, container ports, high-speed rail stations and
innovation cores that matter to industry location in Shenzhen and the Shenshan zone.

Every point is written from the table below, so the coordinates and their sources can be
reviewed in one place. Coordinates are WGS-84 longitude/latitude.

- ``source`` names the public page the coordinate was taken from. Wikipedia and GeoNames give
  WGS-84 coordinates. ``ASSUMPTION`` marks a coordinate from general knowledge that no found
  source confirms.
- ``coord_note`` says what the point stands for and how good it is. "approximate" means it may
  be more than about 500 m off; "proxy" means the sourced point is a nearby landmark (a metro
  station, a town seat) standing in for the feature or area; "planned" marks stations not yet
  open, which the access criterion nevertheless treats as existing.

Usage: python scripts/build_infrastructure.py [--out data/infrastructure.geojson]
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from landplan.atomic import write_text_atomically
from landplan.inputs.pack import load_pack

ACCESS_KINDS = load_pack().infrastructure

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "data" / "infrastructure.geojson"

ASSUMPTION = "assumption: approximate location from general knowledge, not verified"

#: Shenzhen plus the Shenshan zone, with a margin (lon_min, lon_max, lat_min, lat_max).
BBOX = (113.7, 115.4, 22.4, 23.1)

# (infra_id, kind, name_en, name_zh, lon, lat, source, coord_note)
# fmt: off
POINTS: list[tuple[str, str, str, str, float, float, str, str]] = [
    # --- airport ------------------------------------------------------------------------------
    (
        "szx", "airport", "Shenzhen Bao'an International Airport", "深圳宝安国际机场",
        113.81083, 22.63944,
        "Wikipedia: Shenzhen Bao'an International Airport (infobox 22°38′22″N 113°48′39″E)",
        "airport reference point on the airfield (not the terminal building)",
    ),
    # --- container ports ----------------------------------------------------------------------
    (
        "yict", "port", "Yantian International Container Terminals", "盐田国际集装箱码头",
        114.275, 22.573,
        ASSUMPTION,
        "approximate: middle of the Yantian terminal yard on the Dapeng Bay shore, not a gate",
    ),
    (
        "sct", "port", "Shekou Container Terminals", "蛇口集装箱码头",
        113.900, 22.4667,
        "ctoth.com/dictionary/3096679.html: 蛇口港 (Shekou port, 22°28′N 113°54′E)",
        "approximate: port coordinate given to whole arc-minutes (about ±1 km), not the "
        "container terminal gate",
    ),
    (
        "cct", "port", "Chiwan Container Terminal", "赤湾集装箱码头",
        113.880, 22.470,
        ASSUMPTION,
        "approximate: Chiwan bay terminal area, Nanshan",
    ),
    (
        "dcb", "port", "DaChan Bay Terminals", "大铲湾集装箱码头",
        113.840, 22.552,
        ASSUMPTION,
        "approximate: reclaimed terminal platform at Dachan Bay, Bao'an",
    ),
    (
        "xiaomo", "port", "Xiaomo International Logistics Port", "小漠国际物流港",
        115.005, 22.745,
        ASSUMPTION,
        "approximate: placed on the Xiaomo coast of the Shenshan zone; may be several km off",
    ),
    # --- high-speed rail ----------------------------------------------------------------------
    (
        "sz_north", "hsr", "Shenzhen North railway station", "深圳北站",
        114.02389, 22.61194,
        "Wikipedia: Shenzhen North station (infobox 22°36′43″N 114°1′26″E)",
        "station building",
    ),
    (
        "futian", "hsr", "Futian railway station", "福田站",
        114.05195, 22.54095,
        "Chinese Wikipedia: 福田站 (中国铁路) (infobox 22°32′27.42″N 114°3′7.02″E)",
        "underground station at Yitian Road × Shennan Boulevard",
    ),
    (
        "guangmingcheng", "hsr", "Guangmingcheng railway station", "光明城站",
        113.9496361, 22.7348639,
        "Chinese Wikipedia: 光明城站 (infobox 22°44′5.51″N 113°56′58.69″E)",
        "station building",
    ),
    (
        "sz_pingshan", "hsr", "Shenzhen Pingshan railway station", "深圳坪山站",
        114.336, 22.714,
        ASSUMPTION,
        "approximate: west Pingshan near the Longgang boundary, north of Pingshan centre",
    ),
    (
        "xili", "hsr", "Xili railway station (Shenzhen hub, planned)", "西丽站",
        113.944, 22.580,
        ASSUMPTION,
        "planned: high-speed hub under construction; approximate: middle of the hub site "
        "between Nanhai Avenue, Shahe West Road, Chaguang Road and the Nanping Expressway",
    ),
    (
        "shenshan", "hsr", "Shenshan railway station (planned)", "深汕站",
        115.0785, 22.8725,
        "Chinese Wikipedia: 深汕站 (infobox 22°52′21.0″N 115°4′42.6″E)",
        "planned: station under construction (Guangzhou–Shanwei and Shenzhen–Shanwei "
        "high-speed railways), Chishi, Shenshan",
    ),
    (
        "houmen", "hsr", "Houmen railway station", "鲘门站",
        115.15442, 22.81354,
        "GeoNames 1807816 (geonames.org/1807816): Houmen 鲘门, town seat, 22.81354, 115.15442",
        "approximate: proxy, Houmen town seat, not the station on the Xiamen–Shenzhen "
        "railway; may be a few km off",
    ),
    # --- innovation cores ---------------------------------------------------------------------
    (
        "nanshan_stp", "innovation_core", "Nanshan Science and Technology Park (Shenzhen Hi-Tech "
        "Industrial Park)", "南山科技园(深圳高新技术产业园区)",
        113.953961, 22.540216,
        "Wikipedia: Hi-Tech Park station (22°32′25″N 113°57′14″E)",
        "approximate: proxy, Hi-Tech Park metro station (Line 1) on Shennan Boulevard inside "
        "the park area",
    ),
    (
        "hetao", "innovation_core", "Hetao Shenzhen–Hong Kong Science and Technology Innovation "
        "Cooperation Zone (Shenzhen Park)", "河套深港科技创新合作区(深圳园区)",
        114.0650, 22.5182,
        "Wikipedia: Futian Checkpoint station (22°31′06″N 114°03′54″E)",
        "approximate: proxy, Futian Port / Futian Checkpoint metro station, between the Futian "
        "Bonded Zone and Huanggang Port that make up the Shenzhen Park",
    ),
    (
        "guangming_sci", "innovation_core", "Guangming Science City", "光明科学城",
        113.940, 22.770,
        ASSUMPTION,
        "approximate: central-north Guangming District; the Science City covers a large part "
        "of the district",
    ),
    (
        "xili_lake", "innovation_core", "Xili Lake International Science and Education City "
        "(Shenzhen University Town)", "西丽湖国际科教城(深圳大学城)",
        113.983476, 22.595864,
        "Wikipedia: SZU Lihu Campus station (22°35′45″N 113°59′01″E)",
        "approximate: proxy, SZU Lihu Campus metro station (Line 7) beside Shenzhen "
        "University's Lihu campus in the Xili Lake area",
    ),
]
# fmt: on


def check(points: list[tuple]) -> None:
    """Sanity checks: unique ids, known kinds, non-empty fields, inside Shenzhen + Shenshan."""
    ids = [p[0] for p in points]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    assert not duplicates, f"duplicate infra_id: {duplicates}"
    lon_min, lon_max, lat_min, lat_max = BBOX
    for infra_id, kind, name_en, name_zh, lon, lat, source, note in points:
        assert infra_id and infra_id == infra_id.strip().lower(), infra_id
        assert kind in ACCESS_KINDS, f"{infra_id}: unknown kind {kind!r}"
        assert name_en and name_zh and source and note, f"{infra_id}: empty field"
        assert lon_min <= lon <= lon_max and lat_min <= lat <= lat_max, (
            f"{infra_id}: ({lon}, {lat}) outside lon {lon_min}–{lon_max}, lat {lat_min}–{lat_max}"
        )
        if source == ASSUMPTION:
            assert "approximate" in note, f"{infra_id}: assumed coordinate must say approximate"


def to_geojson(points: list[tuple]) -> str:
    """A FeatureCollection, compact JSON, one feature per line."""
    lines = []
    for infra_id, kind, name_en, name_zh, lon, lat, source, note in points:
        feature = {
            "type": "Feature",
            "properties": {
                "infra_id": infra_id,
                "kind": kind,
                "name_en": name_en,
                "name_zh": name_zh,
                "source": source,
                "coord_note": note,
            },
            "geometry": {"type": "Point", "coordinates": [lon, lat]},
        }
        lines.append(json.dumps(feature, ensure_ascii=False, separators=(",", ":")))
    return '{"type":"FeatureCollection","features":[\n' + ",\n".join(lines) + "\n]}\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    check(POINTS)
    write_text_atomically(args.out, to_geojson(POINTS))
    for infra_id, kind, name_en, _zh, lon, lat, source, note in POINTS:
        if source == ASSUMPTION:
            status = "assumed"
        else:
            status = "sourced" + (", approximate" if "approximate" in note else "")
        print(f"{infra_id:15s} {kind:15s} {lon:11.6f} {lat:10.6f}  {status:20s}  {name_en}")
    print(f"wrote {len(POINTS)} points to {args.out}")


if __name__ == "__main__":
    main()
