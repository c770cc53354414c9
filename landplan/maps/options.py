"""What a map shows and how: language, tiles, colours, the words it uses."""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from typing import Any, Literal

from landplan.errors import LandplanError
from landplan.vocabulary import NAME_STATUS_WORDS, TIER_ZH, is_missing

#: One colour per industry, told apart by eye: the first 28 of Glasbey's palette (colorcet 3.2.1
#: ``glasbey``, chosen for the largest perceptual distance between categories; no two closer
#: than CIEDE2000 14, tests/maps/test_palette.py).
PALETTE = (
    "#d60000", "#8c3bff", "#018700", "#00acc6", "#97ff00", "#ff7ed1", "#6b004f", "#ffa52f",
    "#573b00", "#005659", "#0000dd", "#00fdcf", "#a17569", "#bcb6ff", "#95b577", "#bf03b8",
    "#645474", "#790000", "#0774d8", "#fdf490", "#004b00", "#8e7900", "#ff7266", "#edb8b8",
    "#5d7e66", "#9ae4ff", "#eb0077", "#a57bb8",
)  # fmt: skip
TIER_STYLE: dict[str, dict[str, Any]] = {
    "starting": {"fillOpacity": 0.85, "weight": 1.5, "dashArray": None},
    "expansion": {"fillOpacity": 0.45, "weight": 1.5, "dashArray": None},
    "reserve": {"fillOpacity": 0.12, "weight": 2.0, "dashArray": "5 4"},
}
UNUSED = "#bdbdbd"
#: Where runs differ, on every map that shows it.
CHANGE_COLOUR = "#000000"
#: The offline base map's land (the districts) and sea.
LAND, SEA = "#f3efe6", "#d4e6f1"
#: The tiers in words, and their colours where a chart shows them side by side.
TIER_WORDS = {"starting": "starting area", "expansion": "expansion area", "reserve": "reserve area"}
TIER_COLOURS = {"starting": "#2c6e49", "expansion": "#4c956c", "reserve": "#a7c957"}
SCHEMATIC_NOTE = "Park geometry is SCHEMATIC (positions and sizes are estimates) / 园区范围为示意"
Lang = Literal["en", "zh", "both"]
WORDS = {
    "park": ("Park", "园区"),
    "tier": ("Tier", "分区"),
    "released": ("Released by", "释放年份"),
    "lead": ("Lead cluster", "主导产业"),
    "land": ("Land, km²", "用地（平方公里）"),
    "clusters": ("Clusters", "产业集群"),
    "districts": ("Districts", "行政区"),
    "tiers": ("Park tiers (schematic)", "园区分区（示意）"),
    "unused": ("No land allocated", "未分配"),
    "status": ("Name", "名称"),
    "score": ("Suitability", "适宜性"),
    "criterion": ("Criterion", "准则"),
    "value": ("Value", "取值"),
    "weight": ("Weight", "权重"),
    "contribution": ("Contribution", "贡献"),
    "search": ("Search parks", "搜索园区"),
    "frequency": ("Selection frequency", "入选频率"),
    "importance": ("Replacement importance", "替代重要性"),
    "parcels": ("Parcel layout (schematic)", "地块布局（示意）"),
    "parcel": ("Parcel", "地块"),
    "block": ("Block", "地块组团"),
    "area": ("Area, ha", "面积（公顷）"),
    "zoom_in": ("Zoom in to a park to see its parcel layout", "放大至园区查看地块布局"),
    "blank": (
        "Coloured parcels: land the plan gives an industry. Blank land inside a tier: its other "
        "uses (roads, green space, existing buildings: most of a park is not land to release) "
        "and released land left free.",
        "彩色地块：规划分配给产业的用地。分区内空白处：道路、绿地、现状建筑等其他用地"
        "（园区大部分不属于待释放用地），以及未分配的释放用地。",
    ),
    "legend": ("Industries (a tier in its lead industry's colour)", "产业（分区按主导产业着色）"),
    "in_view": ("in view", "在视野内"),
    "changes": ("What changed", "变化"),
    "ranked": ("Parks, best first", "园区排序（由高到低）"),
    "outlined": ("bold and outlined: where the plan puts it", "加粗并描边：规划安排之处"),
    "planned": ("Planned, km²", "规划用地（平方公里）"),
    "park_labels": ("Park labels", "园区标注"),
}
#: Tile layers planners use. AMap/Gaode is GCJ-02; Tianditu needs the user's key.
GCJ02_TILES = {"amap"}


@dataclass(frozen=True)
class MapOptions:
    """``lang``: labels in English, Chinese or both; ``tiles``: tile layers to offer (osm,
    cartodb, amap, tianditu; none by default: the map then makes no network request);
    ``tianditu_key``: the key Tianditu requires."""

    lang: Lang = "both"
    tiles: tuple[str, ...] = ()
    tianditu_key: str | None = None

    def __post_init__(self) -> None:
        unknown = [t for t in self.tiles if t not in TILE_CHOICES]
        if unknown:
            raise LandplanError(
                f"unknown tiles {', '.join(unknown)}; choose from {', '.join(TILE_CHOICES)}"
            )
        if GCJ02_TILES & set(self.tiles) and set(self.tiles) - GCJ02_TILES:
            raise LandplanError(
                "AMap tiles are in GCJ-02 and the others in WGS-84: one map cannot line up "
                "with both; ask for amap alone"
            )
        if "tianditu" in self.tiles and not self.tianditu_key:
            raise LandplanError("Tianditu tiles need a key (--tianditu-key or TIANDITU_KEY)")

    @property
    def gcj02(self) -> bool:
        return bool(GCJ02_TILES & set(self.tiles))

    def word(self, key: str) -> str:
        return self._in_language(*WORDS[key])

    def name_status(self, status: object) -> str:
        """What a park's name status means, in words (not escaped)."""
        words = NAME_STATUS_WORDS.get(plain_text(status))
        return self._in_language(*words) if words else plain_text(status)

    def _in_language(self, en: str, zh: str) -> str:
        return {"en": en, "zh": zh, "both": f"{en} {zh}"}[self.lang]

    def tier(self, tier: str) -> str:
        """A tier's name in the chosen language(s) (not escaped)."""
        zh = TIER_ZH.get(tier, tier)
        return {"en": tier, "zh": zh, "both": f"{tier} {TIER_ZH.get(tier, '')}"}[self.lang]

    def name(self, en: object, zh: object) -> str:
        """A name in the chosen language(s), escaped for HTML."""
        en, zh = plain_text(en), plain_text(zh)
        text = {"en": en or zh, "zh": zh or en, "both": " / ".join(n for n in (en, zh) if n)}
        return html.escape(text[self.lang])


#: The tile layers a map can ask for (the providers are built in :mod:`landplan.maps.common`).
TILE_CHOICES = ("osm", "cartodb", "amap", "tianditu")


def cluster_colours(cluster_ids: list[str]) -> dict[str, str]:
    """A stable colour per cluster, in catalogue order."""
    return {c: PALETTE[i % len(PALETTE)] for i, c in enumerate(cluster_ids)}


def plain_text(value: object) -> str:
    """A value as text; None and NaN as nothing."""
    if is_missing(value):
        return ""
    return str(value)


def script_json(value: object) -> str:
    """``value`` as JSON safe inside an inline ``<script>``: ``<``, ``>``, ``&`` and the line
    separators U+2028/2029 escaped, so no string from the data can close the script, open an
    HTML comment or end a JavaScript line."""
    text = json.dumps(value, ensure_ascii=False)
    for char, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                          ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):  # fmt: skip
        text = text.replace(char, escaped)
    return text


def css_token(text: object) -> str:
    """``text`` as a CSS class name part: letters, digits, ``-`` and ``_`` kept, any other
    character written as ``_<hex>`` (ids such as ``BA-01`` stay readable; nothing from the data
    reaches a style or script unescaped)."""
    return re.sub(r"[^A-Za-z0-9_-]", lambda m: f"_{ord(m.group()):x}", str(text))


def tier_class(park: object, tier: object) -> str:
    """The class of a park tier's path on a map."""
    return f"landplan-tier-{css_token(park)}-{css_token(tier)}"
