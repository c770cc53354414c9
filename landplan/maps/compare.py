"""Runs compared on one map: a layer per run, and a layer of what changed in each later run."""

from __future__ import annotations

import html

import folium
import geopandas as gpd
import pandas as pd

from landplan.i18n import N_, keep
from landplan.maps.common import (
    add_title,
    base_map,
    cluster_legend,
    display_layer,
    legend_key,
)
from landplan.maps.options import (
    CHANGE_COLOUR,
    UNUSED,
    MapOptions,
    cluster_colours,
    plain_text,
    tier_labels,
    tier_styles,
)
from landplan.maps.result import land_words, lead_labels, tier_style_of
from landplan.maps.view import layers_open

#: The least change of an industry's land in a tier, km², that the map outlines: half the
#: 0.01 km² its tooltips show, so no solver's rounding dust outlines a tier that shows "0.00".
CHANGE_KM2 = 0.005


def comparison_map(
    runs: list[tuple[str, gpd.GeoDataFrame]],
    districts: gpd.GeoDataFrame,
    clusters: pd.DataFrame,
    options: MapOptions | None = None,
    changes: pd.DataFrame | None = None,
    shown: int = 0,
) -> folium.Map:
    """Several runs on one map, one layer each (the layer control switches between them; the
    run ``shown``, counted from 0, is shown first); ``changes`` (:attr:`~landplan.analysis.compare.Comparison.tier_changes`) adds, for each
    later run, the tiers whose industries differ from the first run's, with what changed."""
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
        tiers["tier_label"] = [html.escape(label) for label in tier_labels(tiers, options)]
        tiers["land"] = land_words(tiers, clusters, options)
        tiers["legend"] = [legend_key(c) for c in tiers["lead_cluster_id"]]
        tiers["style"] = tier_styles(tiers)
        # tooltips are HTML: what comes from the run folder's files reaches them escaped
        for column in ("tier", "park_id"):
            tiers[column] = [html.escape(plain_text(v)) for v in tiers[column]]
        used |= set(tiers["lead_cluster_id"].dropna())
        group = folium.FeatureGroup(name=html.escape(name), overlay=False, show=i == shown)
        folium.GeoJson(
            tiers[
                [
                    "park_id",
                    "tier",
                    "label",
                    "tier_label",
                    "lead",
                    "colour",
                    "legend",
                    "land",
                    "style",
                    "geometry",
                ]
            ],
            style_function=tier_style_of,
            tooltip=folium.GeoJsonTooltip(
                ["label", "tier_label", "lead", "land"],
                aliases=[options.word(k) for k in ("park", "tier", "lead", "land")],
            ),
        ).add_to(group)
        group.add_to(fmap)
    if changes is not None:
        changes = changes[changes["change_km2"].abs() >= CHANGE_KM2]
        for i, (name, later) in enumerate(runs[1:]):
            # a tier of either run: a park may be in one run's layers only
            either = pd.concat([first, display_layer(later, options)])
            either = either.drop_duplicates(["park_id", "tier"])
            here = changes[changes["run"] == name]
            _changes_layer(fmap, either, here, clusters, (name, runs[0][0]), options, i == 0)
    compared = keep(N_("Runs compared: %(runs)s"), runs=" · ".join(name for name, _ in runs))
    add_title(fmap, {"scenario": compared}, options)
    cluster_legend(fmap, [c for c in clusters.index if c in used], clusters, colours, options)
    folium.LayerControl(collapsed=True).add_to(fmap)
    layers_open(fmap)
    return fmap


def _changes_layer(
    fmap: folium.Map,
    tiers: gpd.GeoDataFrame,
    changes: pd.DataFrame,
    clusters: pd.DataFrame,
    pair: tuple[str, str],
    options: MapOptions,
    show: bool,
) -> None:
    """The tiers whose industries' land differs between the runs of ``pair`` (later, first),
    outlined, each with its gains and losses by industry."""
    names = {
        c: options.name(en, zh)
        for c, en, zh in zip(clusters.index, clusters["name_en"], clusters["name_zh"], strict=True)
    }
    said = {
        key: "; ".join(
            f"{'+' if r.change_km2 > 0 else '−'}{abs(r.change_km2):.2f} "
            f"{names.get(r.cluster_id, html.escape(str(r.cluster_id)))}"
            for r in group.sort_values("change_km2", ascending=False).itertuples()
        )
        for key, group in changes.groupby(["park_id", "tier"])
    }
    changed = tiers[[(p, t) in said for p, t in zip(tiers["park_id"], tiers["tier"], strict=True)]]
    if changed.empty:
        return
    layer = changed.assign(
        label=[options.name(r.name_en, r.name_zh) for r in changed.itertuples()],
        tier_label=[html.escape(label) for label in tier_labels(changed, options)],
        what=[said[p, t] for p, t in zip(changed["park_id"], changed["tier"], strict=True)],
    )
    title = options.say(N_("What changed: %(later)s vs %(first)s"), later=pair[0], first=pair[1])
    group = folium.FeatureGroup(name=html.escape(title), overlay=True, show=show)
    folium.GeoJson(
        layer[["label", "tier_label", "what", "geometry"]],
        style_function=lambda _: {
            "color": CHANGE_COLOUR,
            "weight": 4,
            "fillColor": CHANGE_COLOUR,
            "fillOpacity": 0.05,  # the run's colours show through; the outline says it
            "className": "landplan-change",
        },
        tooltip=folium.GeoJsonTooltip(
            ["label", "tier_label", "what"],
            aliases=[options.word(k) for k in ("park", "tier", "land")],
        ),
    ).add_to(group)
    group.add_to(fmap)
