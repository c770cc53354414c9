"""The compiled model of a trade-off point: its rows, family by family, and what it keeps of the
scenario's problem."""

from __future__ import annotations

import pytest
from tiny import tiny_problem, two_districts

from landplan.optimisation.families.capacity import CapacityConstraints
from landplan.optimisation.families.demand import DemandConstraints
from landplan.optimisation.model import compile_problem
from landplan.tradeoff.objectives import district_targets, objective
from landplan.tradeoff.point import PointSpec, point_problem


def coefficients(row):
    return {var.name: coef for var, coef in row.items()}


def test_the_point_keeps_the_rules_and_drops_the_weighted_score():
    problem = two_districts()
    point = point_problem(problem, PointSpec(objective("suitability", problem)))
    assert [t.name for t in point.objective] == ["tradeoff"]
    assert point.part(CapacityConstraints) is not None
    demand = point.part(DemandConstraints)
    assert demand is not None and demand.penalty == 0.0  # its rows stay, its penalty goes
    assert point.score_at_stake == pytest.approx(1.0)  # a gap is a share of the scale


def test_a_bound_is_a_row_of_the_objective_in_its_sign():
    """Balance is to be small: ``balance ≤ 0.5`` is written ``− Σ dev ≥ − 0.5``."""
    problem = two_districts()
    balance = objective("balance", problem)
    spec = PointSpec(objective("suitability", problem), ((balance, 0.5),))
    model = compile_problem(point_problem(problem, spec))
    row = model.rows["objective_bound"][("balance",)]
    assert row.constant == pytest.approx(0.5)  # PuLP keeps ``expr ≥ rhs`` as ``expr − rhs``
    assert set(coefficients(row).values()) == {-1.0}
    assert {var.name for var in row} == {v.name for v in model.dev.values()}


def test_balance_rows_hold_each_district_to_its_share():
    """dev[X] ≥ ±(L_X − ½ L): each land decision in X counts ½, one in Y −½."""
    problem = two_districts()
    assert district_targets(problem).to_dict() == {"X": 0.5, "Y": 0.5}
    model = compile_problem(point_problem(problem, PointSpec(objective("balance", problem))))
    over = coefficients(model.rows["balance_over"][("X",)])
    in_x = model.x["A", "P1", "starting"].name
    in_y = model.x["A", "P2", "starting"].name
    assert over[in_x] == pytest.approx(-0.5) and over[in_y] == pytest.approx(0.5)
    under = coefficients(model.rows["balance_under"][("X",)])
    assert under[in_x] == pytest.approx(0.5) and under[in_y] == pytest.approx(-0.5)


def test_targets_split_each_industry_among_the_districts_the_policy_names():
    """A (demand 3) named for X only, B (demand 1) for none: X gets 3 + ½, Y ½, of 4."""
    problem = tiny_problem(
        {"A": 3.0, "B": 1.0},
        [("P1", "starting", 2025, 2.0), ("P2", "starting", 2025, 2.0)],
        {},
        districts={"P1": "X", "P2": "Y"},
        endorsed={("A", "P2"): False},
    )
    assert district_targets(problem).to_dict() == pytest.approx({"X": 0.875, "Y": 0.125})


def test_demand_met_counts_only_tiers_released_by_its_year():
    problem = tiny_problem(
        {"A": (1.0, 2.0)},
        [("P1", "starting", 2025, 1.0), ("P2", "expansion", 2030, 2.0)],
        {},
        horizons=(2025, 2030),
    )
    model = compile_problem(point_problem(problem, PointSpec(objective("demand_2025", problem))))
    row = coefficients(model.rows["demand_met"][("A", 2025)])
    assert row == {model.met["A", 2025].name: 1.0, model.x["A", "P1", "starting"].name: -1.0}
    assert model.met["A", 2025].upBound == 1.0


def test_a_reference_point_bounds_its_achievement_by_every_objective():
    problem = two_districts()
    reference = ((objective("suitability", problem), 1.65), (objective("balance", problem), 0.5))
    model = compile_problem(point_problem(problem, PointSpec(reference=reference)))
    assert set(model.rows["reach"]) == {("suitability",), ("balance",)}
    reach = coefficients(model.rows["reach"][("balance",)])
    assert reach["reach"] == pytest.approx(2.0)  # the scale: the land at stake


def test_an_unknown_objective_names_the_known_ones():
    problem = two_districts()
    with pytest.raises(ValueError, match=r"unknown objective 'suitabilty' \(did you mean"):
        objective("suitabilty", problem)
    with pytest.raises(ValueError, match="demand_2025"):
        objective("demand_2031", problem)
