"""Comparing runs, on hand-made allocations: what moved, by how much in each tier, and the
headline figures' changes (nothing where a figure is the same or missing)."""

from __future__ import annotations

import pandas as pd
import pytest

from landplan.analysis.compare import RunRecord, compare_runs
from landplan.pages.labels import figure_rows


def record(name: str, rows: list[tuple[str, str, str, float]], **kpis) -> RunRecord:
    allocation = pd.DataFrame(rows, columns=["cluster_id", "park_id", "tier", "land_km2"])
    return RunRecord(name, None, allocation, {"status": "optimal", **kpis})


FIRST = record(
    "a",
    [
        ("chips", "P1", "starting", 1.0),
        ("chips", "P2", "starting", 0.5),
        ("bio", "P2", "reserve", 2.0),
    ],
    objective=10.0,
    gap=0.0,
)
LATER = record(
    "b",
    [
        ("chips", "P1", "starting", 1.5),
        ("bio", "P2", "reserve", 2.0),
        ("bio", "P3", "starting", 0.25),
    ],
    objective=9.0,
    gap=None,
)


def test_tier_changes_list_each_tier_and_industry_whose_land_differs():
    changes = compare_runs([FIRST, LATER]).tier_changes
    by_key = changes.set_index(["park_id", "tier", "cluster_id"])["change_km2"].to_dict()
    assert by_key == {
        ("P1", "starting", "chips"): 0.5,
        ("P2", "starting", "chips"): -0.5,
        ("P3", "starting", "bio"): 0.25,
    }
    assert set(changes["run"]) == {"b"}


def test_changed_tiers_of_the_first_run_are_those_any_later_run_changes():
    third = record("c", [("chips", "P1", "starting", 1.0), ("chips", "P2", "starting", 0.5)])
    comparison = compare_runs([FIRST, LATER, third])
    assert comparison.changed_tiers("b") == {
        ("P1", "starting"),
        ("P2", "starting"),
        ("P3", "starting"),
    }
    assert comparison.changed_tiers("c") == {("P2", "reserve")}
    assert comparison.changed_tiers("a") == comparison.changed_tiers("b") | {("P2", "reserve")}


def test_moves_say_which_industries_changed_parks():
    moves = compare_runs([FIRST, LATER]).moves.set_index("cluster_id")
    assert moves.loc["chips", "parks_a"] == "P1, P2" and moves.loc["chips", "parks_b"] == "P1"
    assert moves["moved"].to_dict() == {"bio": True, "chips": True}


def test_figures_change_only_where_both_runs_have_them():
    kpis = compare_runs([FIRST, LATER]).kpis.set_index("kpi")
    assert kpis.loc["objective", "change_b"] == pytest.approx(-1.0)
    assert pd.isna(kpis.loc["status", "change_b"])  # the same in both
    assert pd.isna(kpis.loc["gap", "change_b"])  # missing in one run: no change to claim
    rows = {row[0]: row[1:] for row in figure_rows(kpis.reset_index(), ["a", "b"])}
    assert rows["How much better a plan could at most be"] == ["0.00%", "—", "—"]
    assert (
        rows["Plan score (suitability × km², chain bonuses, less shortfall penalties)"][2]
        == "-1.000"
    )
