"""The parcel layout on the result map: each parcel an industry holds, in the industry's colour,
shown once the map is zoomed in to a park (at the city's scale the parcels would be specks)."""

from __future__ import annotations

import html

import folium
import geopandas as gpd
import pandas as pd

from landplan.maps.common import display_layer, geojson, legend_key, page, shapes_of
from landplan.maps.offline import RawHtml
from landplan.maps.options import UNUSED, MapOptions, css_token, tier_labels

#: The zoom level from which the parcels are drawn (about 10 m a pixel: a 4 ha parcel is some
#: 20 pixels across).
PARCEL_ZOOM = 14


def add_parcel_layer(
    fmap: folium.Map,
    parcels: gpd.GeoDataFrame,
    clusters: pd.DataFrame,
    colours: dict[str, str],
    options: MapOptions,
    geometry_note: str,
) -> None:
    """Draw the parcels an industry holds (``parcels``: ``parcel_id``, ``park_id``, ``tier``,
    ``release_by``, ``cluster_id``, ``block``, ``area_km2``; ``tier_zh`` too, where known) on
    ``fmap``, shown from PARCEL_ZOOM on, with a popup per parcel; ``geometry_note`` says what
    the geometry is (a text :func:`~landplan.i18n.keep` kept)."""
    held = parcels[parcels["cluster_id"].fillna("") != ""]
    if held.empty:
        return
    layer = display_layer(held, options)
    layer["industry"] = [
        options.name(clusters.loc[c, "name_en"], clusters.loc[c, "name_zh"])
        if c in clusters.index
        else html.escape(str(c))
        for c in layer["cluster_id"]
    ]
    layer["tier_label"] = tier_labels(layer, options)
    layer["colour"] = [colours.get(c, UNUSED) for c in layer["cluster_id"]]
    layer["css"] = [f"landplan-parcel landplan-parcel-{css_token(c)}" for c in layer["cluster_id"]]
    layer["legend"] = [legend_key(c) for c in layer["cluster_id"]]
    layer["popup_html"] = [
        f"<b>{options.word('parcel')} {html.escape(str(r.parcel_id))}</b><br>"
        f"{r.industry}<br>"
        f"{options.word('park')}: {html.escape(str(r.park_id))} · "
        f"{options.word('tier')}: {html.escape(r.tier_label)} · "
        f"{options.word('released')}: {int(r.release_by)}<br>"
        f"{options.word('area')}: {r.area_km2 * 100:.1f} · {options.word('block')} {int(r.block)}"
        f"<p><i>{html.escape(options.said(geometry_note))}</i></p>"
        for r in layer.itertuples()
    ]
    group = folium.FeatureGroup(name=options.word("parcels"), control=False, show=False)
    folium.GeoJson(
        geojson(layer, ["colour", "css", "legend", "popup_html"], shapes_of(layer)),
        style_function=lambda feature: {
            "color": "#222",
            "weight": 0.6,
            "fillColor": feature["properties"]["colour"],
            "fillOpacity": 0.9,
            "className": feature["properties"]["css"],
        },
        popup=folium.GeoJsonPopup(["popup_html"], labels=False, max_width=320),
    ).add_to(group)
    map_name, group_name = fmap.get_name(), group.get_name()
    root = page(fmap)
    root.html.add_child(
        RawHtml(
            # above the scale (bottom left), clear of the legend (bottom right)
            '<div class="landplan-box landplan-zoom-hint" style="position:absolute;bottom:64px;'
            'left:10px;max-width:min(420px,40%);z-index:1000">'
            f'<span class="far">{html.escape(options.word("zoom_in"))}</span>'
            f'<span class="near">{html.escape(options.word("blank"))}</span></div>'
        )
    )
    # the group joins the map only when zoomed in (run once the page's scripts have made it)
    root.script.add_child(
        RawHtml(
            f"""document.addEventListener("DOMContentLoaded", function () {{
  var map = {map_name}, group = {group_name};
  var askToZoom = document.querySelector(".landplan-zoom-hint .far");
  var explainBlank = document.querySelector(".landplan-zoom-hint .near");
  function show() {{
    var near = map.getZoom() >= {PARCEL_ZOOM};
    if (near && !map.hasLayer(group)) map.addLayer(group);
    if (!near && map.hasLayer(group)) map.removeLayer(group);
    askToZoom.style.display = near ? "none" : "";
    explainBlank.style.display = near ? "" : "none";
    map.getContainer().classList.toggle("landplan-zoomed", near);  // tiers fade under parcels
  }}
  map.on("zoomend", show);
  show();
}});"""
        )
    )
    group.add_to(fmap)
