"""A score per cluster and park on the map, one cluster at a time (suitability, selection frequency, importance)."""

from __future__ import annotations

import html

import folium
import geopandas as gpd
import pandas as pd

from landplan.maps.common import (
    add_legend,
    add_title,
    base_map,
    display_layer,
    geojson,
    page,
    ramp,
    shapes_of,
)
from landplan.maps.offline import RawHtml
from landplan.maps.options import MapOptions, script_json


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
    parks, districts = display_layer(parks, options), display_layer(districts, options)
    fmap = base_map(parks, districts, options)
    parks["label"] = [options.name(r.name_en, r.name_zh) for r in parks.itertuples()]
    shapes = shapes_of(parks)
    by_cluster = scores.set_index(["cluster_id", "park_id"])["score"]
    groups, choices = {}, []
    for i, cluster in enumerate(clusters.index):
        values = by_cluster.xs(cluster) if cluster in by_cluster.index else pd.Series(dtype=float)
        part = parks.assign(score=parks["park_id"].map(values).round(3))
        name = options.name(clusters.loc[cluster, "name_en"], clusters.loc[cluster, "name_zh"])
        group = folium.FeatureGroup(name=name, show=i == 0, control=False)
        folium.GeoJson(
            geojson(part, ["label", "score"], shapes),
            style_function=lambda f: {
                "color": "#333",
                "weight": 1,
                "fillColor": ramp(f["properties"]["score"]),
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
    add_title(fmap, {"scenario": title}, options, subtitle=options.word(measure))
    add_legend(
        fmap,
        [(ramp(v), f"{v:.1f}", "") for v in (0.0, 0.2, 0.4, 0.6, 0.8, 1.0)],
        options,
        heading=options.word(measure),
    )
    _selector(fmap, groups, choices, options)
    return fmap


def _selector(
    fmap: folium.Map, groups: dict[str, str], choices: list[str], options: MapOptions
) -> None:
    """A drop-down (top right) that shows one cluster's layer at a time."""
    root = page(fmap)
    root.html.add_child(
        RawHtml(
            '<div class="landplan-box" style="position:absolute;top:112px;left:10px;'
            f'z-index:1000"><label>{options.word("clusters")}: <select '
            f'id="landplan-cluster-select">{"".join(choices)}</select></label></div>'
        )
    )
    table = ",".join(f"{script_json(key)}: {var}" for key, var in groups.items())
    root.script.add_child(
        RawHtml(
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
