"""What every map shares: the base map of districts, GeoJSON built once, titles, legends, saving."""

from __future__ import annotations

import html
from pathlib import Path

import folium
import geopandas as gpd
import pandas as pd
import shapely
import shapely.ops
import xyzservices
import xyzservices.providers as xyz
from branca.element import MacroElement
from folium.elements import JSCSSMixin
from jinja2 import Template
from shapely.geometry import mapping
from shapely.geometry.base import BaseGeometry

from landplan.atomic import write_text_atomically
from landplan.i18n import gettext as _
from landplan.i18n import speaking
from landplan.inputs.gcj02 import to_gcj02
from landplan.maps.offline import RawHtml, offline_map, page, page_html
from landplan.maps.options import (
    LAND,
    SCHEMATIC_NOTE,
    SEA,
    UNUSED,
    MapOptions,
    css_token,
    plain_text,
    script_json,
)
from landplan.maps.search import park_search
from landplan.maps.view import fit_parks, spaced_labels
from landplan.solving.words import certificate_words, status_word
from landplan.vocabulary import demand_horizons, is_missing, shortfall_column


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


TILE_PROVIDERS = {
    "osm": lambda key: xyz.OpenStreetMap.Mapnik,
    "cartodb": lambda key: xyz.CartoDB.Positron,
    "amap": lambda key: xyz.Gaode.Normal,
    "tianditu": _tianditu,
}


def save_map(fmap: folium.Map, path: str | Path) -> Path:
    """Write the map as one self-contained HTML file (atomically)."""
    path = Path(path)
    write_text_atomically(path, page_html(fmap))
    return path


def shapes_of(layer: gpd.GeoDataFrame) -> pd.Series:
    """Each feature's geometry as a GeoJSON mapping, computed once for every layer drawn from
    ``layer`` (folium converts a GeoDataFrame row by row through pandas, much slower)."""
    return pd.Series([mapping(shape) for shape in layer.geometry.values], index=layer.index)


def geojson(frame: pd.DataFrame, properties: list[str], shapes: pd.Series) -> dict:
    """A FeatureCollection of ``frame``'s rows with ``properties``; geometry from ``shapes``
    (see :func:`shapes`), by row label. NaN becomes null."""
    records = frame[properties].to_dict("records")
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {k: None if is_missing(v) else v for k, v in props.items()},
                "geometry": shapes[label],
            }
            for label, props in zip(frame.index, records, strict=True)
        ],
    }


def display_layer(layer: gpd.GeoDataFrame, options: MapOptions) -> gpd.GeoDataFrame:
    """WGS-84 (or GCJ-02 for AMap tiles), coordinates rounded to ~1 m to keep pages small."""
    layer = to_gcj02(layer) if options.gcj02 else layer.to_crs(4326)
    layer = layer.copy()
    layer.geometry = shapely.set_precision(layer.geometry.values, 1e-5)
    return layer


def base_map(
    layer: gpd.GeoDataFrame, districts: gpd.GeoDataFrame, options: MapOptions
) -> folium.Map:
    """An offline map fitted to ``layer``: districts as the base, tiles only when asked for."""
    fmap = offline_map(folium.Map(tiles=None, zoom_snap=0.25))
    west, south, east, north = layer.total_bounds
    fmap.fit_bounds([[south, west], [north, east]])
    for i, choice in enumerate(options.tiles):
        provider = TILE_PROVIDERS[choice](options.tianditu_key)
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
            "fillColor": LAND,
            "fillOpacity": 0.0 if options.tiles else 1.0,
            "className": "landplan-district",
        },
        interactive=False,
    ).add_to(base)
    for row in labels.itertuples():
        point = shapely.ops.polylabel(largest_part(row.geometry), tolerance=0.001)
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
    if "park_id" in layer.columns:
        _park_labels(fmap, layer, options)
        spaced_labels(fmap)
        park_search(fmap, layer, options)
    fit_parks(fmap, [[south, west], [north, east]])
    root = page(fmap)
    root.header.add_child(RawHtml(_STYLE))
    if not options.tiles:
        root.header.add_child(
            RawHtml(f"<style>.leaflet-container{{background:{SEA} !important}}</style>")
        )  # the sea, where the districts are not
    _FullScreen().add_to(fmap)
    _MetricScale().add_to(fmap)
    _control_words(fmap, options)
    return fmap


def _control_words(fmap: folium.Map, options: MapOptions) -> None:
    """The controls' own words (their tooltips) in the map's language: Leaflet's defaults,
    changed before the page's script makes the map (in the page's body, after Leaflet), and
    the titles Leaflet writes with no option for them, once the page has made its controls."""
    zoom = {"zoomInTitle": options.word("zoom_in_button"),
            "zoomOutTitle": options.word("zoom_out_button")}  # fmt: skip
    full = {"title": options.word("full_screen"), "titleCancel": options.word("exit_full_screen")}
    root = page(fmap)
    root.html.add_child(
        RawHtml(
            f"<script>L.Control.Zoom.mergeOptions({script_json(zoom)});"
            f"L.Control.FullScreen.mergeOptions({script_json(full)});</script>"
        )
    )
    titles = {
        ".leaflet-control-layers-toggle": options.word("layers"),
        ".leaflet-control-attribution a[href='https://leafletjs.com']": options.word("leaflet"),
    }
    root.script.add_child(
        RawHtml(
            f"""document.addEventListener("DOMContentLoaded", function () {{
  var titles = {script_json(titles)};
  Object.keys(titles).forEach(function (selector) {{
    document.querySelectorAll(selector).forEach(function (el) {{ el.title = titles[selector]; }});
  }});
}});"""
        )
    )


#: The zoom from which a park's label gives its name as well as its id.
NAME_ZOOM = 12


def _park_labels(fmap: folium.Map, layer: gpd.GeoDataFrame, options: MapOptions) -> None:
    """Each park's id under it (its name too from NAME_ZOOM on), in a layer a planner can
    switch off; ``layer`` has ``park_id``, ``name_en`` and ``name_zh``, in WGS-84."""
    parks = layer.dissolve("park_id", aggfunc="first")
    group = folium.FeatureGroup(name=options.word("park_labels"), show=True)
    for park, row in parks.iterrows():
        west, south, east, _ = row.geometry.bounds
        folium.Marker(
            [south, (west + east) / 2],
            icon=folium.DivIcon(
                html=f'<div class="landplan-park-label"><b>{html.escape(str(park))}</b>'
                f'<span class="name"> {options.name(row.name_en, row.name_zh)}</span></div>',
                icon_size=(240, 16),
                icon_anchor=(120, -1),
            ),
            interactive=False,
        ).add_to(group)
    group.add_to(fmap)
    page(fmap).script.add_child(
        RawHtml(
            f"""document.addEventListener("DOMContentLoaded", function () {{
  var map = {fmap.get_name()};
  function named() {{
    map.getContainer().classList.toggle("landplan-near", map.getZoom() >= {NAME_ZOOM});
  }}
  map.on("zoomend", named);
  named();
}});"""
        )
    )


class _MetricScale(MacroElement):
    """The scale bar in metres and kilometres only (folium's ``control_scale`` adds miles)."""

    _template = Template(
        "{% macro script(this, kwargs) %}"
        "L.control.scale({imperial: false}).addTo({{ this._parent.get_name() }});"
        "{% endmacro %}"
    )


class _FullScreen(JSCSSMixin, MacroElement):
    """The full-screen button (Leaflet.fullscreen 3.0.0, shipped: see offline.py). folium has
    one in ``folium.plugins``, but importing that package compiles the templates of every
    plugin (a quarter of a second for each process that writes maps)."""

    _template = Template(
        "{% macro script(this, kwargs) %}"
        "L.control.fullscreen({position: 'topleft'}).addTo({{ this._parent.get_name() }});"
        "{% endmacro %}"
    )
    default_js = [
        (
            "Control.Fullscreen.js",
            "https://cdn.jsdelivr.net/npm/leaflet.fullscreen@3.0.0/Control.FullScreen.min.js",
        )
    ]
    default_css = [
        (
            "Control.FullScreen.css",
            "https://cdn.jsdelivr.net/npm/leaflet.fullscreen@3.0.0/Control.FullScreen.css",
        )
    ]

    def __init__(self) -> None:
        super().__init__()
        self._name = "FullScreen"


_STYLE = """<style>
.landplan-district-label{font:600 12px/1.2 system-ui,"Noto Sans CJK SC",sans-serif;color:#555;
 display:table;margin:0 auto;text-align:center;white-space:nowrap;text-shadow:0 0 3px #fff,0 0 3px #fff}
.landplan-box{background:rgba(255,255,255,.93);padding:6px 10px;border:1px solid #999;
 border-radius:4px;font:12px/1.35 system-ui,"Noto Sans CJK SC",sans-serif;box-shadow:0 1px 4px #0003}
.landplan-legend{max-height:45vh;max-width:min(460px,44vw);overflow-y:auto;font-size:11px}
.landplan-legend summary{cursor:pointer}
.landplan-legend .count{color:#666;font-weight:normal}
.landplan-legend .items{display:grid;grid-template-columns:repeat(auto-fill,minmax(200px,1fr));
 gap:1px 12px;margin-top:3px}
.landplan-legend .items div{padding-left:17px;text-indent:-17px}
.landplan-legend i{display:inline-block;width:11px;height:11px;margin-right:5px;border:1px solid #555}
table.landplan-popup{border-collapse:collapse;margin:4px 0}
table.landplan-popup td,table.landplan-popup th{border:1px solid #ccc;padding:1px 5px;font-size:11px}
.landplan-zoomed path.landplan-tier{fill-opacity:.12}
.leaflet-interactive:focus{outline:none}
.landplan-park-label{font:600 10px/1.2 system-ui,"Noto Sans CJK SC",sans-serif;color:#222;
 display:table;margin:0 auto;text-align:center;white-space:nowrap;text-shadow:0 0 2px #fff,0 0 2px #fff,0 0 3px #fff}
.landplan-park-label .name{display:none}
.landplan-near .landplan-park-label .name{display:inline}
.landplan-search input{font:inherit}
.landplan-search ul{list-style:none;margin:2px 0 0;padding:0;max-width:22em}
.landplan-search li{cursor:pointer;padding:1px 2px}
.landplan-search li:hover{background:#e8f0f7}
path.landplan-found{stroke:#1f5f8b;stroke-width:4}
.leaflet-tooltip{font-size:11px;padding:2px 5px;opacity:.92}
</style>"""


def add_title(fmap: folium.Map, kpis: dict, options: MapOptions, subtitle: str = "") -> None:
    """The title box (``kpis["scenario"]``: the scenario's name, or a title
    :func:`~landplan.i18n.keep` kept; status and headline KPIs, a line in each of the map's
    languages; schematic note), top centre."""
    name = html.escape(options.said(plain_text(kpis.get("scenario"))))
    facts = []
    for lang in options.languages:
        with speaking(lang):
            facts.append(_headline(kpis))
    box = (
        '<div class="landplan-box landplan-title" style="position:absolute;top:10px;left:50%;'
        'transform:translateX(-50%);z-index:1000;max-width:60%;text-align:center">'
        f"<b>{name}</b> {html.escape(subtitle)}<br>"
        + "".join(f"{html.escape(line)}<br>" for line in facts if line)
        + f"<i>{html.escape(options.say(SCHEMATIC_NOTE))}</i></div>"
    )
    page(fmap).html.add_child(RawHtml(box))


def _headline(kpis: dict) -> str:
    """A run's headline KPIs in the language of the moment: how good the plan is (in the words
    of the run's status sentence) or its status, the land allocated, the suitability per km²,
    the last horizon's shortfall."""
    facts = []
    proven = kpis.get("gap") is not None and kpis.get("bound") is not None
    if kpis.get("status") == "feasible" and proven:
        gap, scale = kpis["gap"], kpis.get("gap_scale")
        facts.append(certificate_words(kpis["objective"], kpis["bound"], gap, scale))
    elif kpis.get("status"):
        facts.append(status_word(kpis["status"]))
    if kpis.get("land_allocated_km2") is not None:
        facts.append(_("%(km2)s km² allocated") % {"km2": f"{kpis['land_allocated_km2']:.2f}"})
    if kpis.get("suitability_per_km2") is not None:
        score = f"{kpis['suitability_per_km2']:.2f}"
        facts.append(_("%(score)s suitability/km²") % {"score": score})
    last = demand_horizons(kpis, "shortfall")[-1:]
    if last and kpis.get(shortfall_column(last[0])):
        km2 = f"{kpis[shortfall_column(last[0])]:.2f}"
        facts.append(_("shortfall by %(year)s: %(km2)s km²") % {"year": last[0], "km2": km2})
    return " · ".join(facts)


def cluster_legend(
    fmap: folium.Map,
    ids: list[str],
    clusters: pd.DataFrame,
    colours: dict[str, str],
    options: MapOptions,
) -> None:
    """The industries' colours, listing only those drawn in view: a feature stands for the
    industry named by its ``legend`` property (see :func:`legend_key`)."""
    entries = [(colours[c], clusters.loc[c, "name_en"], clusters.loc[c, "name_zh"]) for c in ids]
    add_legend(fmap, entries, options, keys=[legend_key(c) for c in ids])
    page(fmap).script.add_child(
        RawHtml(
            f"""document.addEventListener("DOMContentLoaded", function () {{
  var map = {fmap.get_name()}, box = document.querySelector(".landplan-legend");
  function inView() {{
    var view = map.getBounds(), seen = {{}}, shown = 0;
    map.eachLayer(function (layer) {{
      var key = layer.feature && layer.feature.properties.legend;
      if (key && layer.getBounds && view.intersects(layer.getBounds())) seen[key] = true;
    }});
    var items = box.querySelectorAll("[data-legend]");
    items.forEach(function (item) {{
      var on = seen[item.dataset.legend] === true;
      item.style.display = on ? "" : "none";
      shown += on ? 1 : 0;
    }});
    box.querySelector(".count").textContent = "(" + shown + " / " + items.length + " "
      + {script_json(options.word("in_view"))} + ")";
  }}
  map.on("moveend overlayadd overlayremove", inView);
  inView();
}});"""
        )
    )


def legend_key(cluster: object) -> str | None:
    """The ``legend`` property of a feature drawn in ``cluster``'s colour (None: no industry)."""
    return css_token(cluster) if isinstance(cluster, str) and cluster else None


def add_legend(
    fmap: folium.Map,
    entries: list[tuple[str, str, str]],
    options: MapOptions,
    heading: str = "",
    keys: list[str | None] | None = None,
) -> None:
    """Colour swatches and labels, bottom right (above the attribution), in a box that folds
    away; ``keys`` name the entries for a script that shows only some."""
    named = [f' data-legend="{key}"' if key else "" for key in keys or [None] * len(entries)]
    items = "".join(
        f'<div{name}><i style="background:{colour}"></i>{options.name(en, zh)}</div>'
        for (colour, en, zh), name in zip(entries, named, strict=True)
    )
    box = (
        '<details class="landplan-box landplan-legend" open style="position:absolute;'
        'bottom:24px;right:10px;z-index:1000">'
        f"<summary><b>{html.escape(heading or options.word('legend'))}</b> "
        f'<span class="count"></span></summary><div class="items">{items}</div></details>'
    )
    page(fmap).html.add_child(RawHtml(box))


def largest_part(geometry: BaseGeometry) -> BaseGeometry:
    parts = getattr(geometry, "geoms", [geometry])
    return max(parts, key=lambda part: part.area)


def ramp(value: float | None) -> str:
    """White → dark green for 0 → 1 (grey for no value)."""
    if value is None or is_missing(value):  # None said apart for the type checker
        return UNUSED
    value = min(max(float(value), 0.0), 1.0)
    low, high = (247, 252, 245), (0, 90, 50)
    r, g, b = (round(lo + (hi - lo) * value) for lo, hi in zip(low, high, strict=True))
    return f"#{r:02x}{g:02x}{b:02x}"
