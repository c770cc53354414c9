"""The parks map: the park tiers and districts before any plan."""

from __future__ import annotations

import folium
import geopandas as gpd

from landplan.i18n import N_, keep
from landplan.maps.common import add_title, base_map, display_layer
from landplan.maps.options import PALETTE, MapOptions, tier_labels, tier_styles
from landplan.maps.result import tier_style_of


def parks_map(
    parks: gpd.GeoDataFrame, districts: gpd.GeoDataFrame, options: MapOptions | None = None
) -> folium.Map:
    """The parks before any plan: tiers styled by tier, coloured by district, with their land."""
    options = options or MapOptions()
    layer, districts = display_layer(parks, options), display_layer(districts, options)
    fmap = base_map(layer, districts, options)
    palette = {d: PALETTE[i] for i, d in enumerate(sorted(layer["district"].unique()))}
    layer = layer.copy()
    layer["label"] = [options.name(r.name_en, r.name_zh) for r in layer.itertuples()]
    layer["tier_label"] = tier_labels(layer, options)
    layer["colour"] = layer["district"].map(palette)
    layer["style"] = tier_styles(layer)
    folium.GeoJson(
        layer[
            [
                "park_id",
                "name_en",
                "name_zh",
                "tier",
                "label",
                "tier_label",
                "release_by",
                "industrial_land_km2",
                "colour",
                "style",
                "geometry",
            ]
        ],  # fmt: skip
        name=options.word("tiers"),
        style_function=tier_style_of,
        tooltip=folium.GeoJsonTooltip(
            ["label", "tier_label", "release_by", "industrial_land_km2"],
            aliases=[options.word(k) for k in ("park", "tier", "released", "land")],
        ),
    ).add_to(fmap)
    parks, tiers = str(layer["park_id"].nunique()), str(len(layer))
    title = keep(N_("Parks: %(parks)s · tiers: %(tiers)s"), parks=parks, tiers=tiers)
    add_title(fmap, {"scenario": title}, options)
    folium.LayerControl(collapsed=True).add_to(fmap)
    return fmap
