"""Runs compared on one map: a layer per run."""

from __future__ import annotations

import html

import folium
import geopandas as gpd
import pandas as pd

from landplan.maps.common import (
    add_title,
    base_map,
    cluster_legend,
    display_layer,
    legend_key,
)
from landplan.maps.options import UNUSED, MapOptions, cluster_colours, plain_text
from landplan.maps.result import lead_labels, tier_style


def comparison_map(
    runs: list[tuple[str, gpd.GeoDataFrame]],
    districts: gpd.GeoDataFrame,
    clusters: pd.DataFrame,
    options: MapOptions | None = None,
) -> folium.Map:
    """Several runs on one map, one layer each (the layer control switches between them)."""
    options = options or MapOptions()
    colours = cluster_colours(list(clusters.index))
    first = display_layer(runs[0][1], options)
    fmap = base_map(first, display_layer(districts, options), options)
    used: set[str] = set()
    for i, (name, tiers) in enumerate(runs):
        tiers = display_layer(tiers, options).copy()
        tiers["label"] = [options.name(r.name_en, r.name_zh) for r in tiers.itertuples()]
        tiers["colour"] = [colours.get(c, UNUSED) for c in tiers["lead_cluster_id"].fillna("")]
        tiers["lead"] = lead_labels(tiers, clusters, options)
        tiers["legend"] = [legend_key(c) for c in tiers["lead_cluster_id"]]
        # tooltips are HTML: what comes from the run folder's files reaches them escaped
        for column in ("tier", "clusters", "park_id"):
            tiers[column] = [html.escape(plain_text(v)) for v in tiers[column]]
        used |= set(tiers["lead_cluster_id"].dropna())
        group = folium.FeatureGroup(name=html.escape(name), overlay=False, show=i == 0)
        folium.GeoJson(
            tiers[["park_id", "tier", "label", "lead", "colour", "legend", "clusters", "geometry"]],
            style_function=tier_style,
            tooltip=folium.GeoJsonTooltip(
                ["label", "tier", "lead", "clusters"],
                aliases=[options.word(k) for k in ("park", "tier", "lead", "land")],
            ),
        ).add_to(group)
        group.add_to(fmap)
    add_title(fmap, {"scenario": " vs ".join(name for name, _ in runs)}, options)
    cluster_legend(fmap, [c for c in clusters.index if c in used], clusters, colours, options)
    folium.LayerControl(collapsed=False).add_to(fmap)
    return fmap
