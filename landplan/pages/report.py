"""report.html: a one-page summary of a run that a planner can forward.

Rendered with Jinja2 with autoescaping on, so names from the data or the scenario show as text.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import yaml
from markupsafe import Markup

from landplan.maps.options import SCHEMATIC_NOTE
from landplan.pages.render import render_page
from landplan.solving.words import status_sentence

PARK_COLUMNS = {
    "park_id": "Park",
    "name_en": "Name",
    "name_zh": "名称",
    "district": "District",
    "clusters_by_land": "Clusters by land (km²)",
    "used_km2": "Used km²",
    "capacity_km2": "Land km²",
}
CLUSTER_COLUMNS = {
    "cluster_id": "Cluster",
    "name_en": "Name",
    "name_zh": "名称",
    "parks": "Parks (km²)",
    "demand_2035_km2": "Demand 2035 km²",
    "shortfall_2035_km2": "Shortfall 2035 km²",
}


def render_report(
    name: str,
    description: str,
    kpis: dict[str, Any],
    tables: dict[str, pd.DataFrame],
    resolved: dict,
) -> str:
    """The report's HTML: the scenario's name and question, its KPIs and tables, the scenario
    as run (``resolved``)."""
    status = kpis["status"]
    return render_page(
        "report.html.j2",
        name=name,
        description=description,
        status_class={"optimal": "optimal", "feasible": "feasible"}.get(status, "bad"),
        status_text=status_sentence(kpis),
        headline=headline(kpis),
        messages=[
            *kpis.get("diagnostics", []),
            *shortfall_sentences(tables.get("shortfall")),
            *conflict_sentences(tables.get("endorsement_conflicts")),
        ],
        schematic_note=SCHEMATIC_NOTE,
        parks_table=_table(tables["parks"], PARK_COLUMNS),
        clusters_table=_table(tables["clusters"], CLUSTER_COLUMNS),
        resolved_yaml=yaml.safe_dump(resolved, allow_unicode=True, sort_keys=False),
    )


def headline(kpis: dict[str, Any]) -> list[tuple[str, str]]:
    """Label and formatted value of the KPIs a planner reads first."""
    rows = [
        ("Objective", "objective", "{:.3f}"),
        ("Greedy plan's objective (yardstick)", "greedy_objective", "{:.3f}"),
        ("Land allocated, km²", "land_allocated_km2", "{:.2f}"),
        ("Land left unused, km²", "land_unused_km2", "{:.2f}"),
        ("Suitability per km²", "suitability_per_km2", "{:.3f}"),
        ("Share of land in policy-endorsed districts", "endorsed_land_share", "{:.0%}"),
        ("Clusters per park (mean / max)", None, None),
        ("Parks per cluster (mean / max)", None, None),
        ("Chain links co-located", "chain_links_co_located", "{}"),
        ("Shortfall 2025 / 2030 / 2035, km²", None, None),
    ]
    found = []
    for label, key, form in rows:
        if key is None:
            value = _pair(kpis, label)
        else:
            value = form.format(kpis[key]) if form and kpis.get(key) is not None else "—"
        if value:
            found.append((label, value))
    layout = kpis.get("layout")
    if isinstance(layout, dict) and layout.get("parks"):
        worst = layout.get("worst_gap")
        found.append(
            (
                "Parcel layout (schematic): parks laid out, proven optimal, worst gap",
                f"{layout['parks'] - layout.get('parks_without_layout', 0)} of "
                f"{layout['parks']}, {layout.get('parks_proven_optimal', 0)}, "
                + ("—" if worst is None else f"{100 * worst:.1f} %"),
            )
        )
    return found


def _pair(kpis: dict[str, Any], label: str) -> str:
    if label.startswith("Clusters per park") and "clusters_per_park_mean" in kpis:
        return f"{kpis['clusters_per_park_mean']:.1f} / {kpis['clusters_per_park_max']}"
    if label.startswith("Parks per cluster") and "parks_per_cluster_mean" in kpis:
        return f"{kpis['parks_per_cluster_mean']:.1f} / {kpis['parks_per_cluster_max']}"
    if label.startswith("Shortfall") and "shortfall_2035_km2" in kpis:
        keys = [k for k in kpis if k.startswith("shortfall_")]
        return " / ".join(f"{kpis[k]:.2f}" for k in keys)
    return ""


def shortfall_sentences(shortfall: pd.DataFrame | None) -> list[str]:
    """One sentence per cluster that falls short, at its first horizon short."""
    if shortfall is None or shortfall.empty:
        return []
    short = shortfall[shortfall["shortfall_km2"] > 1e-6]
    return [
        f"{row.cluster_id} falls short by {row.shortfall_km2:.2f} km² in {row.horizon} "
        f"(gets {row.land_km2:.2f} of {row.demand_km2:.2f} km² by then)."
        for row in short.drop_duplicates("cluster_id").itertuples()
    ]


def conflict_sentences(conflicts: pd.DataFrame | None) -> list[str]:
    """One line per cluster whose suitability ranks a park outside the policy's districts above
    a park inside them."""
    if conflicts is None or conflicts.empty:
        return []
    return [
        f"suitability ranks {', '.join(sorted(group['park_id'].unique()))} (outside the policy's "
        f"districts for {cluster}) above {', '.join(sorted(group['endorsed_park_id'].unique()))} "
        "(inside them): see endorsement_conflicts.csv"
        for cluster, group in conflicts.groupby("cluster_id", sort=False)
    ]


def _table(table: pd.DataFrame, columns: dict[str, str]) -> Markup:
    """An HTML table of the named columns (values escaped by pandas)."""
    present = [c for c in columns if c in table.columns]
    shown = table[present].rename(columns=columns)
    return Markup(shown.to_html(index=False, float_format="{:.2f}".format, border=0, escape=True))
