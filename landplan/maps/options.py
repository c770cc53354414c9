"""What a map shows and how: language, tiles, colours, the words it uses."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from landplan.errors import LandplanError
from landplan.i18n import LANGS, N_, in_language, said
from landplan.vocabulary import NAME_STATUS_WORDS, is_missing

if TYPE_CHECKING:  # the command line reads this module's choices without pandas
    import pandas as pd

#: One colour per industry, told apart by eye: the first 28 of Glasbey's palette (colorcet 3.2.1
#: ``glasbey``, chosen for the largest perceptual distance between categories; no two closer
#: than CIEDE2000 14, tests/maps/test_palette.py).
PALETTE = (
    "#d60000", "#8c3bff", "#018700", "#00acc6", "#97ff00", "#ff7ed1", "#6b004f", "#ffa52f",
    "#573b00", "#005659", "#0000dd", "#00fdcf", "#a17569", "#bcb6ff", "#95b577", "#bf03b8",
    "#645474", "#790000", "#0774d8", "#fdf490", "#004b00", "#8e7900", "#ff7266", "#edb8b8",
    "#5d7e66", "#9ae4ff", "#eb0077", "#a57bb8",
)  # fmt: skip
#: A park's first tier is filled boldly, each later one more faintly, down to the last, which is
#: outlined dashed (the land released last, kept in reserve).
FIRST_TIER_OPACITY, LAST_TIER_OPACITY = 0.85, 0.12
UNUSED = "#bdbdbd"
#: Where runs differ, on every map that shows it.
CHANGE_COLOUR = "#000000"
#: The offline base map's land (the districts) and sea.
LAND, SEA = "#f3efe6", "#d4e6f1"
#: The tiers' colours where a chart shows them side by side, first tier darkest.
TIER_SHADES = ("#2c6e49", "#4c956c", "#a7c957", "#cfe1a0", "#e9f2d2", "#f6faec")
#: Said on every map, and under the workbench's (a text of the catalog, as each word below).
SCHEMATIC_NOTE = N_("Park geometry is SCHEMATIC (positions and sizes are estimates)")
Lang = Literal["en", "zh", "both"]
#: The words the maps use, by key: each the English of a text of the catalog, said in the map's
#: language(s) by :meth:`MapOptions.word`.
WORDS = {
    "park": N_("Park"),
    "tier": N_("Tier"),
    "released": N_("Released by"),
    "lead": N_("Lead cluster"),
    "land": N_("Land, km²"),
    "clusters": N_("Clusters"),
    "districts": N_("Districts"),
    "tiers": N_("Park tiers (schematic)"),
    "unused": N_("No land allocated"),
    "status": N_("Name"),
    "score": N_("Suitability"),
    "criterion": N_("Criterion"),
    "value": N_("Value"),
    "weight": N_("Weight"),
    "contribution": N_("Contribution"),
    "search": N_("Search parks"),
    "frequency": N_("Selection frequency"),
    "importance": N_("Replacement importance"),
    "parcels": N_("Parcel layout (schematic)"),
    "parcel": N_("Parcel"),
    "block": N_("Block"),
    "area": N_("Area, ha"),
    "zoom_in": N_("Zoom in to a park to see its parcel layout"),
    "blank": N_(
        "Coloured parcels: land the plan gives an industry. Blank land inside a tier: its other "
        "uses (roads, green space, existing buildings: most of a park is not land to release) "
        "and released land left free."
    ),
    "legend": N_("Industries (a tier in its lead industry's colour)"),
    "in_view": N_("in view"),
    "ranked": N_("Parks, best first"),
    "outlined": N_("bold and outlined: where the plan puts it"),
    "planned": N_("Planned, km²"),
    "park_labels": N_("Park labels"),
    "zoom_in_button": N_("Zoom in"),
    "zoom_out_button": N_("Zoom out"),
    "full_screen": N_("Full screen"),
    "exit_full_screen": N_("Exit full screen"),
    "layers": N_("Layers"),
    "leaflet": N_("A JavaScript library for interactive maps"),
    "plan": N_("Plan"),
    "alternative": N_("Alternative"),
    "point": N_("Point"),
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

    @property
    def languages(self) -> tuple[str, ...]:
        """The languages the map is written in, English first."""
        return LANGS if self.lang == "both" else (self.lang,)

    def word(self, key: str) -> str:
        """One of :data:`WORDS` in the map's language(s) (not escaped)."""
        return self.say(WORDS[key])

    def say(self, text: str, **values: str) -> str:
        """A text of the catalog in the map's language(s), each filled with ``values`` (for
        its ``%(name)s`` placeholders; not escaped)."""

        def filled(lang: str) -> str:
            words = in_language(lang, text)
            return words % values if values else words

        return self._in_language(filled)

    def said(self, kept: str) -> str:
        """A text :func:`~landplan.i18n.keep` kept (or any text: as it is) in the map's
        language(s) (not escaped)."""
        return self._in_language(lambda lang: in_language(lang, kept, said))

    def name_status(self, status: object) -> str:
        """What a park's name status means, in words (not escaped)."""
        words = NAME_STATUS_WORDS.get(plain_text(status))
        return self.say(words) if words else plain_text(status)

    def _in_language(self, say: Callable[[str], str]) -> str:
        """What ``say`` says in each of the map's languages, side by side (once if the same)."""
        return " ".join(dict.fromkeys(say(lang) for lang in self.languages))

    def tier(self, tier: object, zh: object = None) -> str:
        """A tier's name (its id and its Chinese name ``zh``, the plan pack's) in the chosen
        language(s) (not escaped)."""
        tier, zh = plain_text(tier), plain_text(zh)
        return {"en": tier, "zh": zh or tier, "both": f"{tier} {zh}".strip()}[self.lang]

    def name(self, en: object, zh: object) -> str:
        """A name in the chosen language(s), escaped for HTML."""
        en, zh = plain_text(en), plain_text(zh)
        text = {"en": en or zh, "zh": zh or en, "both": " / ".join(n for n in (en, zh) if n)}
        return html.escape(text[self.lang])


#: The tile layers a map can ask for (the providers are built in :mod:`landplan.maps.common`).
TILE_CHOICES = ("osm", "cartodb", "amap", "tianditu")


def in_turn(colours: tuple[str, ...], count: int) -> list[str]:
    """``count`` colours from ``colours`` in turn (again from the first after the last)."""
    return [colours[i % len(colours)] for i in range(count)]


def tier_style(rank: int, count: int) -> dict[str, Any]:
    """How the tier of ``rank`` (0: first) of a park's ``count`` tiers is drawn."""
    last = rank == count - 1 and count > 1
    share = rank / (count - 1) if count > 1 else 0.0
    opacity = FIRST_TIER_OPACITY + share * (LAST_TIER_OPACITY - FIRST_TIER_OPACITY)
    return {
        "fillOpacity": round(opacity, 3),
        "weight": 2.0 if last else 1.5,
        "dashArray": "5 4" if last else None,
    }


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


def tier_labels(tiers: pd.DataFrame, options: MapOptions) -> list[str]:
    """Each row's tier in words (its Chinese name from the plan pack's ``tier_zh``, where the
    layer has it), not escaped."""
    zh = tiers["tier_zh"] if "tier_zh" in tiers.columns else [None] * len(tiers)
    return [options.tier(t, z) for t, z in zip(tiers["tier"], zh, strict=True)]


def tier_styles(tiers: pd.DataFrame) -> list[dict[str, Any]]:
    """Each row's tier style (:func:`tier_style`), by its place in the plan pack's order
    (``tier_rank``; the order the tiers first appear in, for a layer without it)."""
    if "tier_rank" in tiers.columns:
        ranks = tiers["tier_rank"].astype(int)
    else:
        order = {t: i for i, t in enumerate(dict.fromkeys(tiers["tier"]))}
        ranks = tiers["tier"].map(order)
    count = int(ranks.max()) + 1 if len(ranks) else 1
    return [tier_style(int(rank), count) for rank in ranks]


def tier_class(park: object, tier: object) -> str:
    """The class of a park tier's path on a map."""
    return f"landplan-tier-{css_token(park)}-{css_token(tier)}"
