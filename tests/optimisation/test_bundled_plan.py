"""The bundled problem with default parameters: a certified, sound plan that beats greedy.

The default solve stops once its plan is within 0.5 % of a proven bound (see bench/model.py and
the README); the proof at gap 0 is tests/optimisation/test_bundled_proof.py (make test-proof).
"""

from __future__ import annotations

import pytest

from landplan.solving.result import Status, Stop


def test_each_assignment_explains_itself(solution, suitability):
    table = suitability.assignment_breakdown(solution.allocation)
    assert len(table) == solution.kpis()["presences"]
    contributions = table.filter(like="_contribution").sum(axis=1)
    assert contributions.to_numpy() == pytest.approx(table["score"].to_numpy())


def test_status_is_honest(solution, options):
    assert solution.has_plan
    assert solution.bound >= solution.objective - 1e-6
    if solution.status == Status.OPTIMAL:
        assert solution.gap == pytest.approx(0, abs=1e-9)
        assert solution.stopped_by == Stop.PROOF
    else:
        assert 0 < solution.gap <= options.gap
        assert solution.stopped_by == Stop.GAP and "of the bound" in solution.reason
    # The gap is the plan's own value (landplan's evaluation) against the bound.
    assert sum(solution.objective_terms().values()) == pytest.approx(solution.objective)


def test_at_least_as_good_as_greedy(solution):
    assert solution.objective >= solution.greedy_objective


def test_the_plan_keeps_the_rules_and_reads_well(solution, capsys):
    kpis = solution.kpis()
    assert kpis["clusters_per_park_max"] <= 5 and kpis["parks_per_cluster_max"] <= 4
    assert kpis["land_allocated_km2"] <= 60.0 + 1e-6
    assert sum(solution.objective_terms().values()) == pytest.approx(solution.objective, abs=1e-6)
    prices = solution.shadow_prices
    assert prices["shadow_price"].notna().all()
    assert (prices.loc[~prices["binding"], "shadow_price"].abs() < 1e-6).all()
    table = solution.allocation_table()
    assert set(table.columns) >= {"cluster_id", "cluster_name_en", "park_id", "tier", "land_km2"}
    with capsys.disabled():
        print(
            "\n"
            + solution.park_table()[
                ["park_id", "district", "used_km2", "clusters_by_land"]
            ].to_string(index=False)
        )
