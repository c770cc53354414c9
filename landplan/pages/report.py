"""report.html: a run summed up for a planner to read and forward.

One file: its charts are SVG and its map is inside it, so it can be sent on alone and opened
offline. It speaks of industries and parks by name, and of the plan in planners' words
(:mod:`landplan.pages.labels`). Rendered with Jinja2 with autoescaping on, so names from the
data or the scenario show as text.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd
import yaml

from landplan.i18n import N_, ngettext, said, spoken
from landplan.i18n import gettext as _
from landplan.maps.options import SCHEMATIC_NOTE, TIER_SHADES, in_turn
from landplan.pages.charts import Bar, Segment, bar_chart
from landplan.pages.explain import dominant_sentence, score_terms, shortfall_sentences, term_label
from landplan.pages.labels import both_names, kpi_label, kpi_value
from landplan.pages.render import render_page
from landplan.pages.tradeoff import kept_point_words
from landplan.solving.words import status_sentence
from landplan.vocabulary import demand_column, demand_horizons

#: The figures the report shows first, in this order.
HEADLINE = (
    "objective",
    "greedy_objective",
    "land_allocated_km2",
    "land_unused_km2",
    "suitability_per_km2",
    "endorsed_land_share",
    "clusters_per_park_mean",
    "parks_per_cluster_mean",
    "chain_links_co_located",
)
#: Horizons' shades, earliest darkest.
HORIZON_SHADES = ("#1f5f8b", "#3a7db0", "#4f97c6", "#7db5da", "#a9cfe8", "#d2e6f3")
FREE = "#e3e3e3"


@dataclass(frozen=True)
class RunPage:
    """What the report shows of a run: its KPIs, its tables as the run folder holds them
    (``allocation``, ``parks``, ``clusters``, ``shortfall``, ``endorsement_conflicts``), the
    scenario as run, the map's page, and the files beside the report."""

    kpis: dict[str, Any]
    tables: dict[str, pd.DataFrame]
    resolved: dict[str, Any]
    map_html: str
    files: list[tuple[str, str]]


def render_report(page: RunPage) -> str:
    """The report's HTML."""
    return render_page("report.html.j2", **report_context(page), **explain_context(page))


def names_of(page: RunPage) -> tuple[dict[str, str], dict[str, str]]:
    """The run's industries and parks by id, each in both its names."""
    clusters, parks = page.tables["clusters"], page.tables["parks"]
    industry = {r.cluster_id: both_names(r.name_en, r.name_zh) for r in clusters.itertuples()}
    park = {r.park_id: both_names(r.name_en, r.name_zh) for r in parks.itertuples()}
    return industry, park


def explain_context(page: RunPage) -> dict[str, Any]:
    """What ``report_explain.html.j2`` shows of ``page``, in the language of the moment: what to
    look at, and the score term by term."""
    industry, park = names_of(page)
    terms = score_terms(page.kpis)
    findings = page.kpis.get("findings")  # a run from before them has only its English words
    return dict(
        diagnostics=[said(f) for f in findings] if findings is not None else [],
        english_diagnostics=page.kpis.get("diagnostics", []) if findings is None else [],
        messages=[
            *shortfall_sentences(page.tables["shortfall"], industry),
            *conflict_sentences(page.tables["endorsement_conflicts"], industry, park),
        ],
        terms=[(term_label(t), f"{v:.3f}") for t, v in terms.items()],
        objective=page.kpis.get("objective"),
        dominant=dominant_sentence(terms),
    )


def report_context(page: RunPage) -> dict[str, Any]:
    """What the report's other templates show of ``page``, in the language of the moment (the
    workbench's result view shows the same parts: ``report_figures.html.j2``,
    ``report_charts.html.j2`` and ``report_tables.html.j2``)."""
    kpis, tables = page.kpis, page.tables
    clusters, parks = tables["clusters"], tables["parks"]
    industry, park = names_of(page)
    horizons = list(demand_horizons(clusters.columns))
    return dict(
        name=kpis["scenario"],
        description=kpis.get("description", ""),
        status_class={"optimal": "optimal", "feasible": "feasible"}.get(kpis["status"], "bad"),
        status_text=status_sentence(kpis),
        headline=[(kpi_label(k), kpi_value(k, kpis.get(k))) for k in HEADLINE if k in kpis],
        shortfall=[
            (kpi_label(k), kpi_value(k, kpis[k])) for k in kpis if k.startswith("shortfall_")
        ],
        layout=layout_words(kpis.get("layout")),
        tradeoff=kept_point_words((page.resolved.get("tradeoff") or {}).get("plan"), kpis),
        land_chart=land_chart(clusters, industry, horizons),
        park_chart=park_chart(parks, park, tier_names(page.resolved)),
        shortfall_chart=shortfall_chart(tables["shortfall"], industry, horizons),
        schematic_note=SCHEMATIC_NOTE,
        map_html=page.map_html,
        park_rows=park_rows(tables["allocation"], parks, industry),
        industry_rows=industry_rows(tables["allocation"], clusters, park, horizons),
        evidence_rows=evidence_rows(tables.get("evidence"), industry, park),
        files=[(name, _(words)) for name, words in page.files],
        resolved_yaml=yaml.safe_dump(page.resolved, allow_unicode=True, sort_keys=False),
    )


def layout_words(layout: dict[str, Any] | None) -> str | None:
    """The parcel layout's figures in a sentence."""
    if not layout or not layout.get("parks"):
        return None
    parks, missing = layout["parks"], layout.get("parks_without_layout") or 0
    proven, worst = layout.get("parks_proven_optimal") or 0, layout.get("worst_gap")
    words = [
        _("%(laid)d of %(parks)d parks laid out on parcels (schematic)")
        % {"laid": parks - missing, "parks": parks}
    ]
    if proven:
        words.append(
            ngettext(
                "%(proven)d proven the most compact layout its park can have",
                "%(proven)d proven the most compact layout their park can have",
                proven,
            )
            % {"proven": proven}
        )
    if worst is not None and worst > 0:
        words.append(
            _(
                "every layout within %(percent)s %% of the most compact its park could have "
                "(a proven bound)"
            )
            % {"percent": f"{100 * worst:.1f}"}
        )
    said = _("%(words)s.") % {"words": _("; ").join(words)}
    if worst is not None and worst > 0 and layout.get("irregular_parcels"):
        said += " " + _(
            "On parcels of their own shapes (an uploaded parcel layer), the proven bound knows "
            "the land's area and the park's outline but not the parcels' shapes: it is near the "
            "boundary of a disc holding the same land, which real parcels cannot match, so this "
            "gap is larger than on a grid and measures the bound's slack as well as the layout."
        )
    return said


def conflict_sentences(
    conflicts: pd.DataFrame, industry: dict[str, str], park: dict[str, str]
) -> list[str]:
    """One sentence per industry whose suitability ranks a park outside the policy's districts
    above a park inside them."""
    if conflicts.empty:
        return []
    return [
        _(
            "For %(industry)s, suitability ranks %(outside)s (outside the districts the policy "
            "names) above %(inside)s (inside them): see endorsement_conflicts.csv."
        )
        % {
            "industry": industry.get(c, c),
            "outside": _(", ").join(park.get(p, p) for p in sorted(g["park_id"].unique())),
            "inside": _(", ").join(park.get(p, p) for p in sorted(g["endorsed_park_id"].unique())),
        }
        for c, g in conflicts.groupby("cluster_id", sort=False)
    ]


def land_chart(clusters: pd.DataFrame, industry: dict[str, str], horizons: list[int]) -> str:
    """Each industry's land by horizon (each horizon's addition stacked), its demand marked."""
    last = horizons[-1]
    ordered = clusters.sort_values(demand_column(last), ascending=False)
    bars = []
    for row in ordered.itertuples():
        values = [float(getattr(row, f"land_{h}_km2")) for h in horizons]
        added = [values[0], *(b - a for a, b in zip(values, values[1:], strict=False))]
        segments = tuple(
            Segment(max(v, 0.0), shade, _("%(land)s km² more by %(year)s") % _figures(v, h))
            for v, shade, h in zip(
                added, in_turn(HORIZON_SHADES, len(horizons)), horizons, strict=True
            )
        )
        demand = float(getattr(row, demand_column(last)))
        needs = _("needs %(land)s km² by %(year)s") % _figures(demand, last)
        bars.append(Bar(industry[row.cluster_id], segments, demand, needs))
    shades = zip(in_turn(HORIZON_SHADES, len(horizons)), horizons, strict=True)
    legend = [
        (s, (_("by %(year)s") if i == 0 else _("more by %(year)s")) % {"year": h})
        for i, (s, h) in enumerate(shades)
    ]
    demand_key = _("| demand by %(year)s") % {"year": last}
    return bar_chart(bars, "km²", [*legend, ("#222", demand_key)])


def _figures(land: float, year: object) -> dict[str, str]:
    """Land and a year, as a chart's words show them."""
    return {"land": f"{land:.2f}", "year": str(year)}


def tier_names(resolved: dict[str, Any]) -> dict[str, str]:
    """The run's tiers in words (``starting`` → ``starting area``, in Chinese ``启动区``), as
    its plan pack names them in the run's provenance (a tier it does not name goes by its id)."""
    provenance = resolved.get("provenance") or {}
    tiers = (provenance.get("plan_pack") or {}).get("tiers") or []
    name = "name_zh" if spoken() == "zh" else "name"
    return {
        str(t["id"]): str(t.get(name) or t["name"])
        for t in tiers
        if isinstance(t, dict) and "id" in t and "name" in t
    }


def park_chart(parks: pd.DataFrame, park: dict[str, str], names: dict[str, str]) -> str:
    """Each park's land used in each tier (in the plan pack's order, as ``parks.csv`` lists
    them; named by ``names``), and what is left free."""
    tiers = [c.removesuffix("_used_km2") for c in parks.columns if c.endswith("_used_km2")]
    colours = dict(zip(tiers, in_turn(TIER_SHADES, len(tiers)), strict=True))
    bars = []
    for row in parks.itertuples():
        segments = []
        for tier in tiers:
            used = float(getattr(row, f"{tier}_used_km2"))
            words = _("%(tier)s: %(land)s km² planned") % {
                "tier": names.get(tier, tier),
                "land": f"{used:.2f}",
            }
            segments.append(Segment(used, colours[tier], words))
        free = _("%(land)s km² free") % {"land": f"{float(row.free_km2):.2f}"}
        segments.append(Segment(float(row.free_km2), FREE, free))
        bars.append(Bar(f"{row.park_id} {park[row.park_id]}", tuple(segments)))
    legend = [(colours[t], names.get(t, t)) for t in tiers] + [(FREE, _("left free"))]
    return bar_chart(bars, "km²", legend)


def shortfall_chart(
    shortfall: pd.DataFrame, industry: dict[str, str], horizons: list[int]
) -> str | None:
    """The industries that fall short, by how much at each horizon (None: none does)."""
    if shortfall.empty or not (shortfall["shortfall_km2"] > 1e-6).any():
        return None
    short = shortfall[shortfall["shortfall_km2"] > 1e-6]
    bars = []
    for cluster, rows in short.groupby("cluster_id", sort=False):
        by = dict(zip(rows["horizon"].astype(int), rows["shortfall_km2"], strict=True))
        worst = max(by.values())
        words = _(", ").join(
            _("%(land)s km² short by %(year)s") % _figures(by.get(h, 0.0), h) for h in horizons
        )
        segments = (Segment(worst, "#c0392b", words),)
        bars.append(Bar(industry.get(cluster, cluster), segments))
    unit = _("km² short (at the worst horizon)")
    return bar_chart(bars, unit, [("#c0392b", _("demand not met"))])


def _largest_first(land: pd.Series, key: str, name: dict[str, str]) -> str:
    """The land under one key of a two-level series, largest first, as named figures."""
    if key not in land.index.get_level_values(0):
        return _("none")
    here = land.xs(key).sort_values(ascending=False)
    return "; ".join(f"{name.get(k, k)} {v:.2f}" for k, v in here.items())


def park_rows(
    allocation: pd.DataFrame, parks: pd.DataFrame, industry: dict[str, str]
) -> list[dict[str, str]]:
    """Each park: its names, district, industries by land and land used of released."""
    land = allocation.groupby(["park_id", "cluster_id"])["land_km2"].sum()
    return [
        {
            "id": row.park_id,
            "name": both_names(row.name_en, row.name_zh),
            "district": row.district,
            "industries": _largest_first(land, row.park_id, industry),
            "land": _("%(used)s of %(released)s")
            % {"used": f"{float(row.used_km2):.2f}", "released": f"{float(row.capacity_km2):.2f}"},
        }
        for row in parks.itertuples()
    ]


#: The words of the evidence's strengths and levels (landplan.inputs.existing_base).
EVIDENCE_WORDS = {
    "anchor": N_("anchor firm"),
    "cluster": N_("cluster"),
    "present": N_("present"),
    "park": N_("the park"),
    "subdistrict": N_("its subdistrict"),
    "zone": N_("its zone"),
}


def evidence_rows(
    evidence: pd.DataFrame | None, industry: dict[str, str], park: dict[str, str]
) -> list[dict[str, Any]] | None:
    """Each industry with land in each park, with the evidence of a base of it there, each
    piece in words with its source and date (none on record: an empty list); None for a run
    without an existing base."""
    if evidence is None:
        return None
    rows = []
    for (park_id, cluster_id), found in evidence.groupby(["park_id", "cluster_id"], sort=False):
        pieces = [
            _("%(strength)s in %(level)s (%(place)s): %(source)s, %(date)s")
            % {
                "strength": _(EVIDENCE_WORDS[r.strength]),
                "level": _(EVIDENCE_WORDS[r.level]),
                "place": r.place,
                "source": r.source,
                "date": r.source_date,
            }
            for r in found.itertuples()
            if isinstance(r.strength, str)
        ]
        rows.append(
            {
                "park": park.get(park_id, park_id),
                "industry": industry.get(cluster_id, cluster_id),
                "land": f"{float(found['land_km2'].iloc[0]):.2f}",
                "evidence": pieces,
            }
        )
    return rows


def industry_rows(
    allocation: pd.DataFrame, clusters: pd.DataFrame, park: dict[str, str], horizons: list[int]
) -> list[dict[str, str]]:
    """Each industry: its names, parks by land, and land against demand at each horizon."""
    land = allocation.groupby(["cluster_id", "park_id"])["land_km2"].sum()
    return [
        {
            "name": both_names(row.name_en, row.name_zh),
            "parks": _largest_first(land, row.cluster_id, park),
            "by_horizon": " · ".join(
                _("%(year)s: %(land)s of %(demand)s")
                % {
                    "year": h,
                    "land": f"{float(getattr(row, f'land_{h}_km2')):.2f}",
                    "demand": f"{float(getattr(row, f'demand_{h}_km2')):.2f}",
                }
                for h in horizons
            ),
        }
        for row in clusters.itertuples()
    ]
