"""Folium maps of a run: the park tiers coloured by their lead cluster over the districts.

The district layer is the base map, so the map reads without any tile server. Every string that
comes from the data or the scenario is HTML-escaped before it reaches the page.
"""

from __future__ import annotations

import html

import folium
import geopandas as gpd

#: 28 colours that stay apart: Kelly's 22 colours of maximum contrast (minus white and black)
#: followed by eight from Tableau 10, in an order that keeps neighbours distinct.
PALETTE = (
    "#F3C300", "#875692", "#F38400", "#A1CAF1", "#BE0032", "#C2B280", "#848482", "#008856",
    "#E68FAC", "#0067A5", "#F99379", "#604E97", "#F6A600", "#B3446C", "#DCD300", "#882D17",
    "#8DB600", "#654522", "#E25822", "#2B3D26", "#4E79A7", "#59A14F", "#EDC948", "#B07AA1",
    "#FF9DA7", "#9C755F", "#76B7B2", "#BAB0AC",
)  # fmt: skip
TIER_STYLE = {
    "starting": {"fillOpacity": 0.85, "weight": 1.5, "dashArray": None},
    "expansion": {"fillOpacity": 0.45, "weight": 1.0, "dashArray": None},
    "reserve": {"fillOpacity": 0.15, "weight": 1.5, "dashArray": "4 3"},
}
UNUSED = "#d9d9d9"
SCHEMATIC_NOTE = "Park geometry is SCHEMATIC (positions and sizes are estimates) / 园区范围为示意"


def cluster_colours(cluster_ids: list[str]) -> dict[str, str]:
    """A stable colour per cluster, in catalogue order."""
    return {c: PALETTE[i % len(PALETTE)] for i, c in enumerate(cluster_ids)}


def result_map(tiers: gpd.GeoDataFrame, districts: gpd.GeoDataFrame, kpis: dict) -> folium.Map:
    """The park tiers of a run, styled by tier and coloured by lead cluster."""
    clusters = [c.removeprefix("land_") for c in tiers.columns if c.startswith("land_")]
    colours = cluster_colours(clusters)
    bounds = tiers.total_bounds
    fmap = folium.Map(tiles=None, control_scale=True, prefer_canvas=False)
    fmap.fit_bounds([[bounds[1], bounds[0]], [bounds[3], bounds[2]]])
    folium.GeoJson(
        districts[["name_en", "name_zh", "geometry"]],
        name="Districts 行政区",
        style_function=lambda _: {
            "color": "#555",
            "weight": 1,
            "fillColor": "#f4f1ea",
            "fillOpacity": 1,
        },
        tooltip=folium.GeoJsonTooltip(["name_en", "name_zh"], labels=False),
    ).add_to(fmap)
    layer = tiers[
        ["park_id", "name_en", "name_zh", "tier", "release_by", "lead_cluster_id",
         "lead_cluster_name_en", "clusters", "used_km2", "industrial_land_km2", "geometry"]
    ].copy()  # fmt: skip
    for column in ("name_en", "name_zh", "lead_cluster_name_en", "clusters"):
        layer[column] = layer[column].fillna("").astype(str).map(html.escape)

    def style(feature):
        props = feature["properties"]
        colour = colours.get(props["lead_cluster_id"] or "", UNUSED)
        return {"color": colour, "fillColor": colour, **TIER_STYLE[props["tier"]]}

    folium.GeoJson(
        layer,
        name="Park tiers 园区分区 (schematic)",
        style_function=style,
        tooltip=folium.GeoJsonTooltip(
            ["name_en", "name_zh", "tier", "release_by", "lead_cluster_name_en", "clusters"],
            aliases=["Park", "名称", "Tier", "Released by", "Lead cluster", "Land (km²)"],
        ),
    ).add_to(fmap)
    title = html.escape(str(kpis.get("scenario", "")))
    status = html.escape(str(kpis.get("status", "")))
    fmap.get_root().html.add_child(
        folium.Element(
            f'<div style="position:fixed;top:10px;left:60px;z-index:1000;background:white;'
            f'padding:6px 10px;border:1px solid #999;font:13px sans-serif">'
            f"<b>{title}</b> · {status}<br><i>{html.escape(SCHEMATIC_NOTE)}</i></div>"
        )
    )
    folium.LayerControl(collapsed=False).add_to(fmap)
    return fmap
