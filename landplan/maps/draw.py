"""Folium maps of runs: the result, one cluster's suitability, and runs compared.

Every map draws the districts as its base layer (boundaries, coast and names), so it reads with
no tile server; tiles come only when asked for (``tiles``). Saved pages inline their scripts and
styles (:mod:`landplan.maps.offline`), so they make no network request without tiles. Every string
from the data or a scenario is HTML-escaped before it reaches the page. AMap tiles are drawn in
GCJ-02: with them, the vector layers are shifted to GCJ-02 so that they line up.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import folium
import geopandas as gpd
import pandas as pd
import shapely
import shapely.ops
import xyzservices
import xyzservices.providers as xyz
from folium.plugins import Fullscreen
from shapely.geometry import mapping

from landplan.atomic import write_text_atomically
from landplan.errors import LandplanError
from landplan.inputs.gcj02 import to_gcj02
from landplan.maps.offline import offline_map, page_html
from landplan.vocabulary import TIER_ZH

#: 28 colours that stay apart: Kelly's 22 colours of maximum contrast (minus white and black)
#: followed by six from Tableau 10, in an order that keeps neighbours distinct.
PALETTE = (
    "#F3C300", "#875692", "#F38400", "#A1CAF1", "#BE0032", "#C2B280", "#848482", "#008856",
    "#E68FAC", "#0067A5", "#F99379", "#604E97", "#F6A600", "#B3446C", "#DCD300", "#882D17",
    "#8DB600", "#654522", "#E25822", "#2B3D26", "#4E79A7", "#59A14F", "#EDC948", "#B07AA1",
    "#FF9DA7", "#9C755F", "#76B7B2", "#BAB0AC",
)  # fmt: skip
TIER_STYLE = {
    "starting": {"fillOpacity": 0.85, "weight": 1.5, "dashArray": None},
    "expansion": {"fillOpacity": 0.45, "weight": 1.5, "dashArray": None},
    "reserve": {"fillOpacity": 0.12, "weight": 2.0, "dashArray": "5 4"},
}
UNUSED = "#bdbdbd"
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
    "status": ("Name status", "名称来源"),
    "score": ("Suitability", "适宜性"),
    "criterion": ("Criterion", "准则"),
    "value": ("Value", "取值"),
    "weight": ("Weight", "权重"),
    "contribution": ("Contribution", "贡献"),
    "search": ("Search parks", "搜索园区"),
    "frequency": ("Selection frequency", "入选频率"),
    "importance": ("Replacement importance", "替代重要性"),
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
        en, zh = WORDS[key]
        return {"en": en, "zh": zh, "both": f"{en} {zh}"}[self.lang]

    def name(self, en: object, zh: object) -> str:
        """A name in the chosen language(s), escaped for HTML."""
        en, zh = _text(en), _text(zh)
        text = {"en": en or zh, "zh": zh or en, "both": " / ".join(n for n in (en, zh) if n)}
        return html.escape(text[self.lang])


def _tianditu(key: str) -> xyzservices.TileProvider:
    return xyzservices.TileProvider(
        name="Tianditu.Normal",
        url="https://t{s}.tianditu.gov.cn/vec_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0"
        "&LAYER=vec&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}"
        "&TILECOL={x}&tk={key}",
        attribution="© 天地图 Tianditu",
        subdomains="01234567",
        key=key,
    )


TILE_CHOICES = {
    "osm": lambda key: xyz.OpenStreetMap.Mapnik,
    "cartodb": lambda key: xyz.CartoDB.Positron,
    "amap": lambda key: xyz.Gaode.Normal,
    "tianditu": _tianditu,
}


def cluster_colours(cluster_ids: list[str]) -> dict[str, str]:
    """A stable colour per cluster, in catalogue order."""
    return {c: PALETTE[i % len(PALETTE)] for i, c in enumerate(cluster_ids)}


# --- the result map -------------------------------------------------------------------------


def result_map(
    tiers: gpd.GeoDataFrame,
    districts: gpd.GeoDataFrame,
    kpis: dict,
    clusters: pd.DataFrame,
    breakdown: pd.DataFrame | None = None,
    options: MapOptions | None = None,
) -> folium.Map:
    """The park tiers of a run, styled by tier and coloured by lead cluster, with one overlay
    per cluster, a legend, a title box with the headline KPIs, search, scale and full screen.

    ``tiers`` is the run's tier layer (``land_<cluster>`` columns, ``lead_cluster_id``);
    ``clusters`` has ``name_en`` and ``name_zh`` indexed by cluster id, in catalogue order;
    ``breakdown`` is the suitability long table (cluster, park, criterion, value, weight,
    contribution) for the popups.
    """
    options = options or MapOptions()
    colours = cluster_colours(list(clusters.index))
    land = _land_columns(tiers)
    tiers, districts = _display(tiers, options), _display(districts, options)
    fmap = _base_map(tiers, districts, options)
    layer = tiers.copy()
    layer["label"] = [options.name(r.name_en, r.name_zh) for r in tiers.itertuples()]
    layer["tier_label"] = [_tier(t, options) for t in tiers["tier"]]
    layer["lead"] = _lead_labels(tiers, clusters, options)
    by_pair = (
        {key: rows for key, rows in breakdown.groupby(["cluster_id", "park_id"], sort=False)}
        if breakdown is not None
        else None
    )
    layer["popup_html"] = [
        _popup(row, land, clusters, by_pair, options) for row in tiers.to_dict("records")
    ]
    layer["colour"] = [colours.get(c, UNUSED) for c in tiers["lead_cluster_id"].fillna("")]
    shapes = _shapes(layer)
    shown = _geojson(layer, ["park_id", "tier", "label", "tier_label", "release_by", "lead",
                             "colour", "popup_html"], shapes)  # fmt: skip
    tier_layer = folium.GeoJson(
        shown,
        name=options.word("tiers"),
        style_function=_tier_style,
        highlight_function=lambda _: {"weight": 4},
        tooltip=folium.GeoJsonTooltip(
            ["label", "tier_label", "release_by", "lead"],
            aliases=[options.word(k) for k in ("park", "tier", "released", "lead")],
        ),
        popup=folium.GeoJsonPopup(
            ["popup_html"],
            labels=False,
            max_width=460,
            autoPanPaddingTopLeft=[250, 150],  # clear of the zoom, full-screen and search
            autoPanPaddingBottomRight=[20, 20],
        ),
    ).add_to(fmap)
    used = [c for c in clusters.index if c in land and tiers[land[c]].sum() > 0]
    for cluster in used:
        _cluster_overlay(
            fmap, layer, shapes, land[cluster], cluster, clusters, colours[cluster], options
        )
    _park_search(fmap, tier_layer, tiers, options)
    _title(fmap, kpis, options)
    _cluster_legend(fmap, used, clusters, colours, options)
    folium.LayerControl(collapsed=True).add_to(fmap)
    return fmap


def _park_search(fmap, tier_layer, tiers: gpd.GeoDataFrame, options: MapOptions) -> None:
    """A search box (top left): type a park's name or id, pick it, and the map flies there and
    opens its starting area's popup. Names reach the page escaped (attributes) or as JSON."""
    parks = tiers.groupby("park_id")[["name_en", "name_zh"]].first()
    labels = {
        f"{park} {html.unescape(options.name(row.name_en, row.name_zh))}": park
        for park, row in parks.iterrows()
    }
    choices = "".join(f'<option value="{html.escape(label)}">' for label in labels)
    fmap.get_root().html.add_child(
        folium.Element(
            '<div class="landplan-box landplan-search" style="position:absolute;top:112px;'
            f'left:10px;z-index:1000"><input id="landplan-search" list="landplan-parks" '
            f'size="24" placeholder="{html.escape(options.word("search"))}">'
            f'<datalist id="landplan-parks">{choices}</datalist></div>'
        )
    )
    table = json.dumps(labels, ensure_ascii=False).replace("</", "<\\/")
    fmap.get_root().script.add_child(
        folium.Element(
            f"""document.getElementById("landplan-search").addEventListener("input", function (e) {{
  var park = ({table})[e.target.value], map = {fmap.get_name()};
  if (!park) return;
  {tier_layer.get_name()}.eachLayer(function (layer) {{
    var p = layer.feature.properties;
    if (p.park_id === park && p.tier === "starting") {{
      map.fitBounds(layer.getBounds(), {{maxZoom: 13}});
      // the popup is bound to the whole layer: a click on this park opens it for this park
      layer.fire("click", {{latlng: layer.getBounds().getCenter()}}, true);
    }}
  }});
}});"""
        )
    )


def _lead_labels(tiers, clusters: pd.DataFrame, options: MapOptions) -> list[str]:
    """Each tier's lead cluster by name, or "no land allocated"."""
    return [
        options.name(clusters.loc[c, "name_en"], clusters.loc[c, "name_zh"])
        if isinstance(c, str)
        else options.word("unused")
        for c in tiers["lead_cluster_id"]
    ]


def _land_columns(tiers: gpd.GeoDataFrame) -> dict[str, str]:
    return {c.removeprefix("land_"): c for c in tiers.columns if c.startswith("land_")}


def _tier(tier: str, options: MapOptions) -> str:
    return {"en": tier, "zh": TIER_ZH.get(tier, tier), "both": f"{tier} {TIER_ZH.get(tier, '')}"}[
        options.lang
    ]


def _tier_style(feature: dict) -> dict:
    props = feature["properties"]
    colour = props["colour"]
    return {
        "color": "#333" if props["tier"] != "reserve" else colour,
        "fillColor": colour,
        "className": f"landplan-tier landplan-tier-{props['park_id']}-{props['tier']}",
        **TIER_STYLE[props["tier"]],
    }


def _cluster_overlay(fmap, layer, shapes, column, cluster, clusters, colour, options) -> None:
    """Where one cluster goes: the tiers with its land, in its colour (off until ticked).
    ``layer`` is the tier layer with its labels, ``shapes`` its geometries as GeoJSON."""
    name = options.name(clusters.loc[cluster, "name_en"], clusters.loc[cluster, "name_zh"])
    part = layer[layer[column] > 0].assign(land_km2=lambda t: t[column].round(2))
    swatch = (
        f'<span style="display:inline-block;width:10px;height:10px;background:{colour}"></span>'
    )
    group = folium.FeatureGroup(name=f"{swatch} {name}", show=False)
    folium.GeoJson(
        _geojson(part, ["label", "tier_label", "land_km2"], shapes),
        style_function=lambda _, c=colour, k=cluster: {
            "color": c,
            "weight": 4,
            "fillColor": c,
            "fillOpacity": 0.6,
            "className": f"landplan-cluster landplan-cluster-{k}",
        },
        tooltip=folium.GeoJsonTooltip(
            ["label", "tier_label", "land_km2"],
            aliases=[options.word("park"), options.word("tier"), f"{name}: {options.word('land')}"],
        ),
    ).add_to(group)
    group.add_to(fmap)


def _popup(row, land, clusters, by_pair, options) -> str:
    """Land by cluster in this tier and park, each cluster's suitability breakdown, the
    park's name status and the schematic note; every value escaped."""
    title = options.name(row["name_en"], row["name_zh"])
    lines = [
        f"<b>{title}</b> ({html.escape(str(row['park_id']))})<br>",
        f"{options.word('tier')}: {html.escape(_tier(row['tier'], options))} · "
        f"{options.word('released')}: {int(row['release_by'])}<br>",
        f"{options.word('status')}: {html.escape(_text(row.get('name_status')))}",
    ]
    in_tier = {c: float(row[col]) for c, col in land.items() if float(row[col]) > 0}
    if not in_tier:
        lines.append(f"<p>{options.word('unused')}</p>")
    else:
        lines.append(f"<table class='landplan-popup'><tr><th>{options.word('clusters')}</th>"
                     f"<th>{options.word('land')}</th></tr>")  # fmt: skip
        for cluster, km2 in sorted(in_tier.items(), key=lambda item: -item[1]):
            name = options.name(clusters.loc[cluster, "name_en"], clusters.loc[cluster, "name_zh"])
            lines.append(f"<tr><td>{name}</td><td>{km2:.2f}</td></tr>")
        lines.append("</table>")
        if by_pair is not None:
            for cluster in in_tier:
                rows = by_pair.get((cluster, row["park_id"]))
                lines.append("" if rows is None else _breakdown_table(rows, clusters, options))
    lines.append(f"<p><i>{html.escape(SCHEMATIC_NOTE)}</i></p>")
    return "".join(lines)


def _breakdown_table(rows: pd.DataFrame, clusters, options) -> str:
    """One cluster's suitability breakdown in one park (``rows``: one per criterion)."""
    cluster = rows["cluster_id"].iloc[0]
    name = options.name(clusters.loc[cluster, "name_en"], clusters.loc[cluster, "name_zh"])
    cells = "".join(
        f"<tr><td>{html.escape(str(r.criterion))}</td><td>{r.value:.2f}</td>"
        f"<td>{r.weight:.2f}</td><td>{r.contribution:.3f}</td></tr>"
        for r in rows.itertuples()
    )
    head = "".join(
        f"<th>{options.word(k)}</th>" for k in ("criterion", "value", "weight", "contribution")
    )
    return (
        f"<details><summary>{options.word('score')}: {name} "
        f"{rows['contribution'].sum():.3f}</summary><table class='landplan-popup'>"
        f"<tr>{head}</tr>{cells}</table></details>"
    )


# --- the parks map -------------------------------------------------------------------------


def parks_map(
    parks: gpd.GeoDataFrame, districts: gpd.GeoDataFrame, options: MapOptions | None = None
) -> folium.Map:
    """The parks before any plan: tiers styled by tier, coloured by district, with their land."""
    options = options or MapOptions()
    layer, districts = _display(parks, options), _display(districts, options)
    fmap = _base_map(layer, districts, options)
    palette = {d: PALETTE[i] for i, d in enumerate(sorted(layer["district"].unique()))}
    layer = layer.copy()
    layer["label"] = [options.name(r.name_en, r.name_zh) for r in layer.itertuples()]
    layer["tier_label"] = [_tier(t, options) for t in layer["tier"]]
    layer["colour"] = layer["district"].map(palette)
    folium.GeoJson(
        layer[
            [
                "park_id",
                "tier",
                "label",
                "tier_label",
                "release_by",
                "industrial_land_km2",
                "colour",
                "geometry",
            ]
        ],  # fmt: skip
        name=options.word("tiers"),
        style_function=_tier_style,
        tooltip=folium.GeoJsonTooltip(
            ["label", "tier_label", "release_by", "industrial_land_km2"],
            aliases=[options.word(k) for k in ("park", "tier", "released", "land")],
        ),
    ).add_to(fmap)
    _title(fmap, {"scenario": f"{layer['park_id'].nunique()} parks, {len(layer)} tiers"}, options)
    folium.LayerControl(collapsed=True).add_to(fmap)
    return fmap


# --- the suitability map --------------------------------------------------------------------


def suitability_map(
    tiers: gpd.GeoDataFrame,
    districts: gpd.GeoDataFrame,
    scores: pd.DataFrame,
    clusters: pd.DataFrame,
    title: str,
    options: MapOptions | None = None,
    measure: str = "score",
) -> folium.Map:
    """One cluster's suitability over all parks; a selector picks the cluster.

    ``scores`` has ``cluster_id``, ``park_id``, ``score`` (any value in [0, 1]: ``measure``
    names it on the map, e.g. ``"frequency"`` for a sweep's selection frequency).
    """
    options = options or MapOptions()
    parks = tiers.dissolve("park_id", as_index=False, aggfunc="first")
    parks["geometry"] = parks.geometry.simplify(0.0002)  # ~20 m: plenty at park scale
    parks, districts = _display(parks, options), _display(districts, options)
    fmap = _base_map(parks, districts, options)
    parks["label"] = [options.name(r.name_en, r.name_zh) for r in parks.itertuples()]
    shapes = _shapes(parks)
    by_cluster = scores.set_index(["cluster_id", "park_id"])["score"]
    groups, choices = {}, []
    for i, cluster in enumerate(clusters.index):
        values = by_cluster.xs(cluster) if cluster in by_cluster.index else pd.Series(dtype=float)
        part = parks.assign(score=parks["park_id"].map(values).round(3))
        name = options.name(clusters.loc[cluster, "name_en"], clusters.loc[cluster, "name_zh"])
        group = folium.FeatureGroup(name=name, show=i == 0, control=False)
        folium.GeoJson(
            _geojson(part, ["label", "score"], shapes),
            style_function=lambda f: {
                "color": "#333",
                "weight": 1,
                "fillColor": _ramp(f["properties"]["score"]),
                "fillOpacity": 0.85,
                "className": "landplan-suitability",
            },
            tooltip=folium.GeoJsonTooltip(
                ["label", "score"],
                aliases=[options.word("park"), f"{name}: {options.word(measure)}"],
            ),
        ).add_to(group)
        group.add_to(fmap)
        groups[cluster] = group.get_name()
        choices.append(f'<option value="{html.escape(cluster)}">{name}</option>')
    _title(fmap, {"scenario": title}, options, subtitle=options.word(measure))
    _legend(
        fmap,
        [(_ramp(v), f"{v:.1f}", "") for v in (0.0, 0.2, 0.4, 0.6, 0.8, 1.0)],
        options,
        heading=options.word(measure),
    )
    _selector(fmap, groups, choices, options)
    return fmap


def _selector(fmap: folium.Map, groups: dict[str, str], choices: list[str], options) -> None:
    """A drop-down (top right) that shows one cluster's layer at a time."""
    fmap.get_root().html.add_child(
        folium.Element(
            '<div class="landplan-box" style="position:absolute;top:112px;left:10px;'
            f'z-index:1000"><label>{options.word("clusters")}: <select '
            f'id="landplan-cluster-select">{"".join(choices)}</select></label></div>'
        )
    )
    table = ",".join(f'"{key}": {var}' for key, var in groups.items())
    fmap.get_root().script.add_child(
        folium.Element(
            # The map and the layers are looked up when the choice changes: this script may run
            # before they are defined.
            f"""document.getElementById("landplan-cluster-select").addEventListener("change",
  function (e) {{
    var map = {fmap.get_name()}, groups = {{{table}}};
    Object.values(groups).forEach(function (g) {{ map.removeLayer(g); }});
    map.addLayer(groups[e.target.value]);
  }});"""
        )
    )


def _ramp(value: float | None) -> str:
    """White → dark green for 0 → 1 (grey for no value)."""
    if value is None or value != value:
        return UNUSED
    value = min(max(float(value), 0.0), 1.0)
    low, high = (247, 252, 245), (0, 90, 50)
    r, g, b = (round(lo + (hi - lo) * value) for lo, hi in zip(low, high, strict=True))
    return f"#{r:02x}{g:02x}{b:02x}"


# --- the comparison map ---------------------------------------------------------------------


def comparison_map(
    runs: list[tuple[str, gpd.GeoDataFrame]],
    districts: gpd.GeoDataFrame,
    clusters: pd.DataFrame,
    options: MapOptions | None = None,
) -> folium.Map:
    """Several runs on one map, one layer each (the layer control switches between them)."""
    options = options or MapOptions()
    colours = cluster_colours(list(clusters.index))
    first = _display(runs[0][1], options)
    fmap = _base_map(first, _display(districts, options), options)
    used: set[str] = set()
    for i, (name, tiers) in enumerate(runs):
        tiers = _display(tiers, options).copy()
        tiers["label"] = [options.name(r.name_en, r.name_zh) for r in tiers.itertuples()]
        tiers["colour"] = [colours.get(c, UNUSED) for c in tiers["lead_cluster_id"].fillna("")]
        tiers["lead"] = _lead_labels(tiers, clusters, options)
        used |= set(tiers["lead_cluster_id"].dropna())
        group = folium.FeatureGroup(name=html.escape(name), overlay=False, show=i == 0)
        folium.GeoJson(
            tiers[["park_id", "tier", "label", "lead", "colour", "clusters", "geometry"]],
            style_function=_tier_style,
            tooltip=folium.GeoJsonTooltip(
                ["label", "tier", "lead", "clusters"],
                aliases=[options.word(k) for k in ("park", "tier", "lead", "land")],
            ),
        ).add_to(group)
        group.add_to(fmap)
    _title(fmap, {"scenario": " vs ".join(name for name, _ in runs)}, options)
    _cluster_legend(fmap, [c for c in clusters.index if c in used], clusters, colours, options)
    folium.LayerControl(collapsed=False).add_to(fmap)
    return fmap


# --- shared parts ---------------------------------------------------------------------------


def save_map(fmap: folium.Map, path: str | Path) -> Path:
    """Write the map as one self-contained HTML file (atomically)."""
    path = Path(path)
    write_text_atomically(path, page_html(fmap))
    return path


def _shapes(layer: gpd.GeoDataFrame) -> pd.Series:
    """Each feature's geometry as a GeoJSON mapping, computed once for every layer drawn from
    ``layer`` (folium converts a GeoDataFrame row by row through pandas, much slower)."""
    return pd.Series([mapping(shape) for shape in layer.geometry.values], index=layer.index)


def _geojson(frame: pd.DataFrame, properties: list[str], shapes: pd.Series) -> dict:
    """A FeatureCollection of ``frame``'s rows with ``properties``; geometry from ``shapes``
    (see :func:`_shapes`), by row label. NaN becomes null."""
    records = frame[properties].to_dict("records")
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {k: None if v != v else v for k, v in props.items()},  # NaN
                "geometry": shapes[label],
            }
            for label, props in zip(frame.index, records, strict=True)
        ],
    }


def _display(layer: gpd.GeoDataFrame, options: MapOptions) -> gpd.GeoDataFrame:
    """WGS-84 (or GCJ-02 for AMap tiles), coordinates rounded to ~1 m to keep pages small."""
    layer = to_gcj02(layer) if options.gcj02 else layer.to_crs(4326)
    layer = layer.copy()
    layer.geometry = shapely.set_precision(layer.geometry.values, 1e-5)
    return layer


def _base_map(layer: gpd.GeoDataFrame, districts: gpd.GeoDataFrame, options: MapOptions):
    """An offline map fitted to ``layer``: districts as the base, tiles only when asked for."""
    fmap = offline_map(folium.Map(tiles=None, control_scale=True, zoom_snap=0.25))
    west, south, east, north = layer.total_bounds
    fmap.fit_bounds([[south, west], [north, east]])
    for i, choice in enumerate(options.tiles):
        provider = TILE_CHOICES[choice](options.tianditu_key)
        folium.TileLayer(
            tiles=provider.build_url(),
            attr=provider.html_attribution,
            name=provider.name,
            overlay=False,
            show=i == 0,
            subdomains=provider.get("subdomains", "abc"),
        ).add_to(fmap)
    labels = districts.copy()
    labels["label"] = [
        options.name(r.name_en, r.name_zh).replace(" / ", "<br>") for r in labels.itertuples()
    ]
    base = folium.FeatureGroup(name=options.word("districts"), control=True)
    folium.GeoJson(
        labels[["label", "geometry"]],
        style_function=lambda _: {
            "color": "#6b6b6b",
            "weight": 1.2,
            "fillColor": "#f3efe6",
            "fillOpacity": 0.0 if options.tiles else 1.0,
            "className": "landplan-district",
        },
        interactive=False,
    ).add_to(base)
    for row in labels.itertuples():
        point = shapely.ops.polylabel(_largest_part(row.geometry), tolerance=0.001)
        folium.Marker(
            [point.y, point.x],
            icon=folium.DivIcon(
                html=f'<div class="landplan-district-label">{row.label}</div>',
                icon_size=(120, 30),
                icon_anchor=(60, 15),
            ),
            interactive=False,
        ).add_to(base)
    base.add_to(fmap)
    fmap.get_root().header.add_child(folium.Element(_STYLE))
    if not options.tiles:
        fmap.get_root().header.add_child(
            folium.Element("<style>.leaflet-container{background:#d4e6f1 !important}</style>")
        )  # the sea, where the districts are not
    Fullscreen(position="topleft").add_to(fmap)
    return fmap


_STYLE = """<style>
.landplan-district-label{font:600 12px/1.2 system-ui,"Noto Sans CJK SC",sans-serif;color:#555;
 text-align:center;white-space:nowrap;text-shadow:0 0 3px #fff,0 0 3px #fff}
.landplan-box{background:rgba(255,255,255,.93);padding:6px 10px;border:1px solid #999;
 border-radius:4px;font:12px/1.35 system-ui,"Noto Sans CJK SC",sans-serif;box-shadow:0 1px 4px #0003}
.landplan-legend{max-height:40vh;width:min(560px,46vw);overflow-y:auto;font-size:11px}
.landplan-legend .items{display:grid;grid-template-columns:repeat(2,minmax(0,1fr));gap:1px 12px}
.landplan-legend .items div{padding-left:17px;text-indent:-17px}
.landplan-legend i{display:inline-block;width:11px;height:11px;margin-right:5px;border:1px solid #555}
table.landplan-popup{border-collapse:collapse;margin:4px 0}
table.landplan-popup td,table.landplan-popup th{border:1px solid #ccc;padding:1px 5px;font-size:11px}
</style>"""


def _title(fmap, kpis: dict, options: MapOptions, subtitle: str = "") -> None:
    """The title box (scenario name, status and headline KPIs, schematic note), top centre."""
    name = html.escape(_text(kpis.get("scenario")))
    facts = []
    if kpis.get("status") == "feasible" and kpis.get("gap") is not None:
        facts.append(f"within {100 * kpis['gap']:.2f} % of the best possible plan")
    elif kpis.get("status"):
        facts.append(html.escape(_text(kpis["status"])))
    for key, label in (
        ("land_allocated_km2", "km² allocated"),
        ("suitability_per_km2", "suitability/km²"),
    ):
        if kpis.get(key) is not None:
            facts.append(f"{kpis[key]:.2f} {label}")
    if kpis.get("shortfall_2035_km2"):
        facts.append(f"shortfall 2035 {kpis['shortfall_2035_km2']:.2f} km²")
    box = (
        '<div class="landplan-box landplan-title" style="position:absolute;top:10px;left:50%;'
        'transform:translateX(-50%);z-index:1000;max-width:60%;text-align:center">'
        f"<b>{name}</b> {html.escape(subtitle)}<br>"
        + (f"{' · '.join(facts)}<br>" if facts else "")
        + f"<i>{html.escape(SCHEMATIC_NOTE)}</i></div>"
    )
    fmap.get_root().html.add_child(folium.Element(box))


def _cluster_legend(fmap, ids: list[str], clusters, colours, options: MapOptions) -> None:
    entries = [(colours[c], clusters.loc[c, "name_en"], clusters.loc[c, "name_zh"]) for c in ids]
    _legend(fmap, entries, options)


def _legend(
    fmap, entries: list[tuple[str, str, str]], options: MapOptions, heading: str = ""
) -> None:
    """Colour swatches and labels, bottom right (above the attribution)."""
    items = "".join(
        f'<div><i style="background:{colour}"></i>{options.name(en, zh)}</div>'
        for colour, en, zh in entries
    )
    width = "width:auto" if heading else ""  # a short colour ramp needs no wide box
    box = (
        '<div class="landplan-box landplan-legend" style="position:absolute;bottom:24px;'
        f'right:10px;z-index:1000;{width}"><b>{html.escape(heading or options.word("lead"))}</b>'
        f'<div class="items">{items}</div></div>'
    )
    fmap.get_root().html.add_child(folium.Element(box))


def _largest_part(geometry):
    parts = getattr(geometry, "geoms", [geometry])
    return max(parts, key=lambda part: part.area)


def _text(value: object) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return ""
    return str(value)
