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
    planned: pd.Series | None = None,
) -> folium.Map:
    """One cluster's suitability over all parks, and the parks ranked by it; a selector picks
    the cluster; ``title`` heads the map (a name, or a title :func:`~landplan.i18n.keep`
    kept).

    ``scores`` has ``cluster_id``, ``park_id``, ``score`` (any value in [0, 1]: ``measure``
    names it on the map, e.g. ``"frequency"`` for a sweep's selection frequency); ``planned``,
    a plan's land by (cluster_id, park_id), outlines the parks where the plan puts the cluster
    and joins the ranking.
    """
    options = options or MapOptions()
    parks = tiers.dissolve("park_id", as_index=False, aggfunc="first")
    parks["geometry"] = parks.geometry.simplify(0.0002)  # ~20 m: plenty at park scale
    parks, districts = display_layer(parks, options), display_layer(districts, options)
    fmap = base_map(parks, districts, options)
    parks["label"] = [options.name(r.name_en, r.name_zh) for r in parks.itertuples()]
    shapes = shapes_of(parks)
    by_cluster = scores.set_index(["cluster_id", "park_id"])["score"]
    groups, choices, rankings = {}, [], []
    for i, cluster in enumerate(clusters.index):
        part = parks.assign(
            score=parks["park_id"].map(_of(by_cluster, cluster)).round(3),
            planned_km2=parks["park_id"].map(_of(planned, cluster)).fillna(0.0).round(2),
        )
        name = options.name(clusters.loc[cluster, "name_en"], clusters.loc[cluster, "name_zh"])
        fields = {"label": options.word("park"), "score": f"{name}: {options.word(measure)}"}
        if planned is not None:
            fields["planned_km2"] = options.word("planned")
        group = folium.FeatureGroup(name=name, show=i == 0, control=False)
        folium.GeoJson(
            geojson(part, ["park_id", "label", "score", "planned_km2"], shapes),
            style_function=_score_style,
            tooltip=folium.GeoJsonTooltip(list(fields), aliases=list(fields.values())),
        ).add_to(group)
        group.add_to(fmap)
        groups[cluster] = group.get_name()
        choices.append(f'<option value="{html.escape(cluster)}">{name}</option>')
        rankings.append(_ranking(cluster, part, options, i == 0, planned is not None))
    add_title(fmap, {"scenario": title}, options, subtitle=options.word(measure))
    add_legend(
        fmap,
        [(ramp(v), f"{v:.1f}", "") for v in (0.0, 0.2, 0.4, 0.6, 0.8, 1.0)],
        options,
        heading=options.word(measure),
    )
    heading = options.word("ranked") + (
        f" · {options.word('outlined')}" if planned is not None else ""
    )
    page(fmap).html.add_child(
        RawHtml(
            '<details class="landplan-box landplan-ranking" open style="position:absolute;'
            'top:70px;right:10px;z-index:1000;max-height:45vh;overflow-y:auto;max-width:300px">'
            f"<summary><b>{html.escape(heading)}</b></summary>{''.join(rankings)}</details>"
        )
    )
    _selector(fmap, groups, choices, options)
    return fmap


def _of(values: pd.Series | None, cluster: str) -> pd.Series:
    """One cluster's values by park, from a series by (cluster_id, park_id)."""
    if values is None or cluster not in values.index.get_level_values(0):
        return pd.Series(dtype=float)
    return values.xs(cluster)


def _score_style(feature: dict) -> dict:
    """A park in its score's shade; a park the plan puts the cluster in, outlined thick."""
    planned = (feature["properties"]["planned_km2"] or 0) > 0
    return {
        "color": "#0b3d91" if planned else "#333",
        "weight": 4 if planned else 1,
        "fillColor": ramp(feature["properties"]["score"]),
        "fillOpacity": 0.85,
        "className": "landplan-suitability" + (" landplan-planned" if planned else ""),
    }


def _ranking(
    cluster: str, part: pd.DataFrame, options: MapOptions, shown: bool, with_plan: bool
) -> str:
    """The parks in order of one cluster's score (planned land beside it, in bold where the
    plan puts the cluster), as a list the selector shows while the cluster is picked."""
    columns = part[["park_id", "label", "score", "planned_km2"]]  # not the shapes: quicker
    ranked = columns.sort_values(["score", "park_id"], ascending=[False, True], na_position="last")
    items = []
    for row in ranked.itertuples():
        score = "—" if pd.isna(row.score) else f"{row.score:.2f}"
        here = with_plan and row.planned_km2 > 0
        plan = f" · {row.planned_km2:.2f} km²" if here else ""
        text = f"{score} {html.escape(str(row.park_id))} {row.label}{plan}"
        items.append(f"<li>{f'<b>{text}</b>' if here else text}</li>")
    hidden = "" if shown else ' style="display:none"'
    return f'<ol data-cluster="{html.escape(cluster)}"{hidden}>{"".join(items)}</ol>'


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
    document.querySelectorAll(".landplan-ranking ol").forEach(function (list) {{
      list.style.display = list.dataset.cluster === e.target.value ? "" : "none";
    }});
  }});"""
        )
    )
