"""compare.html: runs side by side for a planner: what each asked and how good its plan is, the
figures in planners' words with their changes, the industries that moved by name, and the runs'
maps moving together with the changed tiers outlined (:mod:`landplan.maps.sync`)."""

from __future__ import annotations

from typing import Any

import pandas as pd
from markupsafe import Markup

from landplan.analysis.compare import Comparison
from landplan.i18n import N_
from landplan.i18n import gettext as _
from landplan.maps.options import CHANGE_COLOUR, SCHEMATIC_NOTE, script_json
from landplan.maps.sync import CHANGED, GO_TO, MOVED, READY, tier_classes
from landplan.pages.charts import change_chart
from landplan.pages.explain import change_sentence, near_equal_sentence, score_terms, term_rows
from landplan.pages.labels import both_names, figure_rows
from landplan.pages.render import render_page
from landplan.solving.words import status_sentence


def render_comparison(comparison: Comparison, maps: list[str], files: list[tuple[str, str]]) -> str:
    """The comparison page, in the language of the moment; ``maps``: each run's map page,
    relative to the page; ``files``: the comparison's files and what each holds (marked for the
    catalog)."""
    names = list(comparison.names)
    return render_page(
        "compare.html.j2",
        **comparison_context(comparison),
        schematic_note=SCHEMATIC_NOTE,
        change_colour=CHANGE_COLOUR,
        maps=list(zip(names, maps, strict=True)),
        files=[(name, _(words)) for name, words in files],
        # JSON for the page's script: script_json escapes what could end it
        messages=Markup(script_json({"ready": READY, "moved": MOVED, "go_to": GO_TO})),
        changes=Markup(
            script_json(
                [
                    {
                        "kind": CHANGED,
                        "tiers": tier_classes(comparison.changed_tiers(name)),
                        "note": _changes_note(name, names),
                    }
                    for name in names
                ]
            )
        ),
    )


def comparison_context(comparison: Comparison) -> dict[str, Any]:
    """What ``compare_figures.html.j2`` shows (in compare.html and the workbench)."""
    names = list(comparison.names)
    return {
        "names": names,
        "first": names[0],
        "runs": [
            (name, run.kpis.get("description") or "", status_sentence(run.kpis))
            for name, run in zip(names, comparison.runs, strict=True)
        ],
        "figures": figure_rows(comparison.kpis, names),
        "moves": move_rows(comparison),
        "charts": change_charts(comparison),
        **score_context(comparison),
    }


def score_context(comparison: Comparison) -> dict[str, Any]:
    """What ``compare_explain.html.j2`` shows, in the language of the moment: the runs' scores
    term by term, and for each later run what its change in score mostly is, and whether the
    industries that moved did so between near-equal plans (by the run's name)."""
    first, *later = [run.kpis for run in comparison.runs]
    terms = score_terms(first)
    changes, near = [], []
    for name, kpis in zip(comparison.names[1:], later, strict=True):
        change = change_sentence(terms, score_terms(kpis))
        equal = near_equal_sentence(first, kpis, moved_count(comparison, name))
        changes += [(name, change)] if change else []
        near += [(name, equal)] if equal else []
    return {"terms": term_rows([first, *later]), "score_changes": changes, "near_equal": near}


def moved_count(comparison: Comparison, name: str) -> int:
    """How many industries are in other parks in run ``name`` than in the first run."""
    first = f"parks_{comparison.names[0]}"
    moves = comparison.moves
    return sum(
        _ids(a) != _ids(b) for a, b in zip(moves[first], moves[f"parks_{name}"], strict=True)
    )


#: The most rows a chart of changes shows (the largest).
MOST_CHANGES = 30


def change_charts(comparison: Comparison) -> list[tuple[str, Markup]]:
    """For each later run, against the first: the land each industry gains or loses in each
    park (largest first), and each industry's and each park's total change where there is one
    (totals often stay the same when land only moves)."""
    charts = []
    first = comparison.names[0]
    land = comparison.land
    allocation = pd.concat([run.allocation for run in comparison.runs])
    industry, park = _names(allocation, "cluster"), _names(allocation, "park")
    for name in comparison.names[1:]:
        change = land[f"change_{name}"]
        groups = {
            N_("Land of each industry in each park: %(run)s against %(first)s"): (
                change.groupby([land["cluster_id"], land["park_id"]]).sum(),
                lambda key: (
                    _("%(industry)s in %(park)s")
                    % {"industry": industry.get(key[0], key[0]), "park": park.get(key[1], key[1])}
                ),
            ),
            N_("Land of each industry: %(run)s against %(first)s"): (
                change.groupby(land["cluster_id"]).sum(),
                lambda k: industry.get(k, k),
            ),
            N_("Land of each park: %(run)s against %(first)s"): (
                change.groupby(land["park_id"]).sum(),
                lambda k: park.get(k, k),
            ),
        }
        for what, (totals, label) in groups.items():
            totals = totals[totals.abs() > 0.005]
            if totals.empty:
                continue
            order = totals.abs().to_numpy().argsort(kind="stable")[::-1][:MOST_CHANGES]
            rows = [(str(label(totals.index[i])), float(totals.iloc[i])) for i in order]
            title = _(what) % {"run": name, "first": first}
            if len(totals) > MOST_CHANGES:
                title += _(" (the %(most)d largest of %(count)d)") % {
                    "most": MOST_CHANGES,
                    "count": len(totals),
                }
            charts.append((title, change_chart(rows, "km²")))
    return charts


def _changes_note(name: str, names: list[str]) -> str:
    if name == names[0]:
        return _("Outlined: tiers whose industries change in %(runs)s") % {
            "runs": _(", ").join(names[1:])
        }
    return _("Outlined: tiers whose industries differ from %(first)s") % {"first": names[0]}


def move_rows(comparison: Comparison) -> list[dict[str, Any]]:
    """Each industry whose parks differ between runs: its name, its parks in each run, and the
    parks it arrives in and leaves in each later run (against the first), all by name."""
    names = list(comparison.names)
    allocation = pd.concat([run.allocation for run in comparison.runs])
    industry = _names(allocation, "cluster")
    park = _names(allocation, "park")
    rows = []
    for row in comparison.moves[comparison.moves["moved"]].to_dict("records"):
        parks = {n: _ids(row[f"parks_{n}"]) for n in names}
        rows.append(
            {
                "industry": industry.get(row["cluster_id"], row["cluster_id"]),
                "parks": [_list(parks[n], park) for n in names],
                "arrives": [_list(parks[n] - parks[names[0]], park) for n in names[1:]],
                "leaves": [_list(parks[names[0]] - parks[n], park) for n in names[1:]],
            }
        )
    return rows


def _names(allocation: pd.DataFrame, kind: str) -> dict[str, str]:
    table = allocation.drop_duplicates(f"{kind}_id")
    return {
        key: both_names(en, zh)
        for key, en, zh in zip(
            table[f"{kind}_id"], table[f"{kind}_name_en"], table[f"{kind}_name_zh"], strict=True
        )
    }


def _ids(parks: Any) -> set[str]:
    return {p for p in str(parks or "").split(", ") if p}


def _list(parks: set[str], park: dict[str, str]) -> str:
    return "; ".join(f"{p} {park.get(p, '')}".strip() for p in sorted(parks)) or "—"
