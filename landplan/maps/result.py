"""The result map of a run: each park tier coloured by its lead cluster, with popups, a search and one overlay per cluster."""

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
    geojson,
    legend_key,
    shapes_of,
)
from landplan.maps.layout import add_parcel_layer
from landplan.maps.options import (
    SCHEMATIC_NOTE,
    UNUSED,
    MapOptions,
    cluster_colours,
    css_token,
    tier_class,
    tier_labels,
    tier_styles,
)
from landplan.maps.sync import answer_parent
from landplan.vocabulary import land_column


def result_map(
    tiers: gpd.GeoDataFrame,
    districts: gpd.GeoDataFrame,
    kpis: dict,
    clusters: pd.DataFrame,
    breakdown: pd.DataFrame | None = None,
    options: MapOptions | None = None,
    parcels: gpd.GeoDataFrame | None = None,
    parcel_note: str = "",
) -> folium.Map:
    """The park tiers of a run, styled by tier and coloured by lead cluster, with one overlay
    per cluster, a legend, a title box with the headline KPIs, scale and full screen (the search
    and the fitted opening view: :func:`~landplan.maps.common.base_map`).

    ``tiers`` is the run's tier layer (``land_<cluster>`` columns, ``lead_cluster_id``);
    ``clusters`` has ``name_en`` and ``name_zh`` indexed by cluster id, in catalogue order;
    ``breakdown`` is the suitability long table (cluster, park, criterion, value, weight,
    contribution) for the popups; ``parcels``, the run's parcel layout if it has one (drawn
    when zoomed in to a park), with ``parcel_note`` saying what its geometry is (a text
    :func:`~landplan.i18n.keep` kept).
    """
    options = options or MapOptions()
    colours = cluster_colours(list(clusters.index))
    land = _land_columns(tiers, clusters.index)
    tiers, districts = display_layer(tiers, options), display_layer(districts, options)
    fmap = base_map(tiers, districts, options)
    layer = tiers.copy()
    layer["label"] = [options.name(r.name_en, r.name_zh) for r in tiers.itertuples()]
    layer["tier_label"] = tier_labels(tiers, options)
    layer["style"] = tier_styles(tiers)
    layer["lead"] = lead_labels(tiers, clusters, options)
    names = {
        c: options.name(en, zh)
        for c, en, zh in zip(clusters.index, clusters["name_en"], clusters["name_zh"], strict=True)
    }
    by_pair = _breakdowns(breakdown, names, options) if breakdown is not None else None
    layer["popup_html"] = [
        _popup(row, land, names, by_pair, options) for row in tiers.to_dict("records")
    ]
    layer["colour"] = [colours.get(c, UNUSED) for c in tiers["lead_cluster_id"].fillna("")]
    layer["legend"] = [legend_key(c) for c in tiers["lead_cluster_id"]]
    shapes = shapes_of(layer)
    shown = geojson(layer, ["park_id", "tier", "label", "tier_label", "release_by", "lead",
                             "colour", "legend", "popup_html", "style"], shapes)  # fmt: skip
    folium.GeoJson(
        shown,
        name=options.word("tiers"),
        style_function=tier_style_of,
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
    if parcels is not None:
        named = _with_tier_names(parcels, tiers)
        add_parcel_layer(fmap, named, clusters, colours, options, parcel_note)
    answer_parent(fmap)
    add_title(fmap, kpis, options)
    cluster_legend(fmap, used, clusters, colours, options)
    folium.LayerControl(collapsed=True).add_to(fmap)
    return fmap


def _with_tier_names(parcels: gpd.GeoDataFrame, tiers: pd.DataFrame) -> gpd.GeoDataFrame:
    """The parcels with their tiers' Chinese names (``tier_zh``), where the tier layer has them."""
    if "tier_zh" not in tiers.columns:
        return parcels
    names = tiers.drop_duplicates("tier").set_index("tier")["tier_zh"]
    return parcels.assign(tier_zh=parcels["tier"].map(names))


def lead_labels(tiers: pd.DataFrame, clusters: pd.DataFrame, options: MapOptions) -> list[str]:
    """Each tier's lead cluster by name, or "no land allocated"."""
    return [
        options.name(clusters.loc[c, "name_en"], clusters.loc[c, "name_zh"])
        if isinstance(c, str)
        else options.word("unused")
        for c in tiers["lead_cluster_id"]
    ]


def land_words(tiers: pd.DataFrame, clusters: pd.DataFrame, options: MapOptions) -> list[str]:
    """Each tier's industries, by name (escaped), with their land in km², most first."""
    land = _land_columns(tiers, clusters.index)
    names = {c: options.name(clusters.loc[c, "name_en"], clusters.loc[c, "name_zh"]) for c in land}
    words = []
    for row in tiers.to_dict("records"):
        held = sorted(((float(row[col]), c) for c, col in land.items()), key=lambda h: -h[0])
        words.append("; ".join(f"{names[c]} {km2:.2f}" for km2, c in held if km2 > 0))
    return words


def _land_columns(tiers: gpd.GeoDataFrame, clusters: pd.Index) -> dict[str, str]:
    """The tier layer's land column of each cluster (the input layer may have land_* columns of
    its own, such as ``land_use``: only the clusters' count)."""
    return {c: land_column(c) for c in clusters if land_column(c) in tiers.columns}


def planned_land(tiers: gpd.GeoDataFrame, clusters: pd.Index) -> pd.Series:
    """The land the plan gives each industry in each park, km², by (cluster_id, park_id)."""
    land = _land_columns(tiers, clusters)
    by_park = tiers.groupby("park_id")[list(land.values())].sum()
    by_park.columns = pd.Index(list(land), name="cluster_id")
    return by_park.T.stack().rename("land_km2")


def tier_style_of(feature: dict) -> dict:
    """A tier's path: its lead industry's colour, filled and outlined as its place among the
    tiers says (:func:`~landplan.maps.options.tier_style`; the last tier outlined in colour)."""
    props = feature["properties"]
    colour, style = props["colour"], props["style"]
    return {
        "color": colour if style["dashArray"] else "#333",
        "fillColor": colour,
        "className": f"landplan-tier {tier_class(props['park_id'], props['tier'])}",
        **style,
    }


def _cluster_overlay(
    fmap: folium.Map,
    layer: gpd.GeoDataFrame,
    shapes: pd.Series,
    column: str,
    cluster: str,
    clusters: pd.DataFrame,
    colour: str,
    options: MapOptions,
) -> None:
    """Where one cluster goes: the tiers with its land, in its colour (off until ticked).
    ``layer`` is the tier layer with its labels, ``shapes`` its geometries as GeoJSON."""
    name = options.name(clusters.loc[cluster, "name_en"], clusters.loc[cluster, "name_zh"])
    part = layer[layer[column] > 0].assign(
        land_km2=lambda t: t[column].round(2), legend=legend_key(cluster)
    )
    swatch = (
        f'<span style="display:inline-block;width:10px;height:10px;background:{colour}"></span>'
    )
    group = folium.FeatureGroup(name=f"{swatch} {name}", show=False)
    folium.GeoJson(
        geojson(part, ["label", "tier_label", "land_km2", "legend"], shapes),
        style_function=lambda _, c=colour, k=cluster: {
            "color": c,
            "weight": 4,
            "fillColor": c,
            "fillOpacity": 0.6,
            "className": f"landplan-cluster landplan-cluster-{css_token(k)}",
        },
        tooltip=folium.GeoJsonTooltip(
            ["label", "tier_label", "land_km2"],
            aliases=[options.word("park"), options.word("tier"), f"{name}: {options.word('land')}"],
        ),
    ).add_to(group)
    group.add_to(fmap)


def _popup(
    row: pd.Series,
    land: dict[str, str],
    names: dict[str, str],
    by_pair: dict[tuple[str, str], str] | None,
    options: MapOptions,
) -> str:
    """Land by cluster in this tier and park, each cluster's suitability breakdown, the
    park's name status and the schematic note; every value escaped."""
    title = options.name(row["name_en"], row["name_zh"])
    lines = [
        f"<b>{title}</b> ({html.escape(str(row['park_id']))})<br>",
        f"{options.word('tier')}: {html.escape(options.tier(row['tier'], row.get('tier_zh')))} · "
        f"{options.word('released')}: {int(row['release_by'])}<br>",
        f"{options.word('status')}: {html.escape(options.name_status(row.get('name_status')))}",
    ]
    in_tier = {c: float(row[col]) for c, col in land.items() if float(row[col]) > 0}
    if not in_tier:
        lines.append(f"<p>{options.word('unused')}</p>")
    else:
        lines.append(f"<table class='landplan-popup'><tr><th>{options.word('clusters')}</th>"
                     f"<th>{options.word('land')}</th></tr>")  # fmt: skip
        for cluster, km2 in sorted(in_tier.items(), key=lambda item: -item[1]):
            lines.append(f"<tr><td>{names[cluster]}</td><td>{km2:.2f}</td></tr>")
        lines.append("</table>")
        if by_pair is not None:
            lines.extend(by_pair.get((cluster, row["park_id"]), "") for cluster in in_tier)
    lines.append(f"<p><i>{html.escape(options.say(SCHEMATIC_NOTE))}</i></p>")
    return "".join(lines)


def _breakdowns(
    breakdown: pd.DataFrame, names: dict[str, str], options: MapOptions
) -> dict[tuple[str, str], str]:
    """Per (cluster, park): the suitability breakdown as a small HTML table, from the long
    table (one row per criterion), built in one pass."""
    cells: dict[tuple[str, str], list[str]] = {}
    totals: dict[tuple[str, str], float] = {}
    for cluster, park, criterion, value, weight, contribution in zip(
        breakdown["cluster_id"],
        breakdown["park_id"],
        breakdown["criterion"],
        breakdown["value"],
        breakdown["weight"],
        breakdown["contribution"],
        strict=True,
    ):
        cells.setdefault((cluster, park), []).append(
            f"<tr><td>{html.escape(str(criterion))}</td><td>{value:.2f}</td>"
            f"<td>{weight:.2f}</td><td>{contribution:.3f}</td></tr>"
        )
        totals[cluster, park] = totals.get((cluster, park), 0.0) + contribution
    head = "".join(
        f"<th>{options.word(k)}</th>" for k in ("criterion", "value", "weight", "contribution")
    )
    return {
        key: f"<details><summary>{options.word('score')}: {names.get(key[0], key[0])} "
        f"{totals[key]:.3f}</summary><table class='landplan-popup'>"
        f"<tr>{head}</tr>{''.join(rows)}</table></details>"
        for key, rows in cells.items()
    }
