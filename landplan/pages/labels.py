"""The figures of a run in a planner's words: one label and one format for each KPI, for the
report, the comparison and anything else that shows them. Labels in the language of the moment
(:mod:`landplan.i18n`); figures formatted the same in every language."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from landplan.i18n import N_
from landplan.i18n import gettext as _
from landplan.solving.words import status_word
from landplan.vocabulary import is_missing

if TYPE_CHECKING:
    import pandas as pd

#: KPI → (label, marked for the catalog; format); a format of None shows the value as it is.
KPI_LABELS: dict[str, tuple[str, str | None]] = {
    "status": (N_("How the solve ended"), None),
    "objective": (
        N_("Plan score (suitability × km², chain bonuses, less shortfall penalties)"),
        "{:.3f}",
    ),
    "bound": (N_("The best score any plan could reach (proven)"), "{:.3f}"),
    "gap": (N_("How much better a plan could at most be"), "{:.2%}"),
    "greedy_objective": (
        N_("Score of a simple plan (best-suited parks first), for comparison"),
        "{:.3f}",
    ),
    "land_allocated_km2": (N_("Land planned for industries, km²"), "{:.2f}"),
    "land_unused_km2": (N_("Released land left free, km²"), "{:.2f}"),
    "suitability_per_km2": (N_("Average suitability of the planned land (0–1)"), "{:.3f}"),
    "endorsed_land_share": (
        N_("Share of land in districts the policy names for its industry"),
        "{:.0%}",
    ),
    "presences": (N_("Sites (an industry in a park)"), "{:.0f}"),
    "clusters_per_park_mean": (N_("Industries per park, on average"), "{:.1f}"),
    "clusters_per_park_max": (N_("Industries in the fullest park"), "{:.0f}"),
    "parks_per_cluster_mean": (N_("Parks per industry, on average"), "{:.1f}"),
    "parks_per_cluster_max": (N_("Parks of the most spread industry"), "{:.0f}"),
    "chain_links_co_located": (N_("Chain partners sharing a park"), "{:.0f}"),
}


def kpi_label(key: str) -> str:
    """A KPI's label (shortfall by horizon and objective terms included)."""
    if key in KPI_LABELS:
        return _(KPI_LABELS[key][0])
    if key.startswith("shortfall_") and key.endswith("_km2"):
        return _("Demand not met by %(year)s, km²") % {"year": key.split("_")[1]}
    if key.startswith("change_"):
        return _("Change in %(run)s") % {"run": key.removeprefix("change_")}
    return key.replace("_", " ")


def kpi_value(key: str, value: Any) -> str:
    """A KPI's value as shown: formatted, and "—" where there is none."""
    if is_missing(value):
        return "—"
    if key == "status":
        return status_word(value)
    form = _format(key)
    return form.format(value) if form and _is_number(value) else str(value)


def kpi_change(key: str, change: Any) -> str:
    """A change in a KPI as shown: signed in the KPI's format, "—" where there is none."""
    form = _format(key)
    if form and _is_number(change) and not is_missing(change):
        return form.replace("{:", "{:+").format(change)
    return kpi_value(key, change)


def _format(key: str) -> str | None:
    shortfall = "{:.2f}" if key.startswith("shortfall_") else None
    return KPI_LABELS.get(key, ("", shortfall))[1]


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def both_names(en: Any, zh: Any) -> str:
    """A name in English and Chinese (English alone where there is no Chinese)."""
    return f"{en} {zh}".strip() if isinstance(zh, str) and zh else str(en)


def figure_rows(kpis: pd.DataFrame, names: list[str]) -> list[list[str]]:
    """Each figure: its label, its value in each run, and its change in each later run."""
    return [
        [
            kpi_label(row["kpi"]),
            *(kpi_value(row["kpi"], row[name]) for name in names),
            *(kpi_change(row["kpi"], row[f"change_{name}"]) for name in names[1:]),
        ]
        for _, row in kpis.iterrows()
    ]
