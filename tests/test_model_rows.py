"""The compiled model, family by family: which rows exist and what they say."""

from __future__ import annotations

import pulp
import pytest
from tiny import tiny_problem

from landplan.errors import LandplanError
from landplan.optimisation.model import compile_problem


@pytest.fixture
def problem():
    """Clusters A (demand 1 by 2025, 3 by 2030; footprint 0.5) and B (0.5, 0.5; footprint 0.2);
    parks P1 (starting 1.0 from 2025, expansion 2.0 from 2030) and P2 (starting 0.4)."""
    return tiny_problem(
        {"A": (1.0, 3.0), "B": (0.5, 0.5)},
        [
            ("P1", "starting", 2025, 1.0),
            ("P1", "expansion", 2030, 2.0),
            ("P2", "starting", 2025, 0.4),
        ],
        {("A", "P1"): 0.9, ("B", "P2"): 0.5},
        footprints={"A": 0.5, "B": 0.2},
        horizons=(2025, 2030),
        links=[("A", "B", 0.5)],
        endorsed={("A", "P2"): False},
    )


def coefficients(row: pulp.LpConstraint) -> dict[str, float]:
    return {var.name: coef for var, coef in row.items()}


def test_capacity_one_row_per_tier(problem):
    model = compile_problem(problem)
    rows = model.rows["capacity"]
    assert set(rows) == {("P1", "starting"), ("P1", "expansion"), ("P2", "starting")}
    row = rows["P1", "expansion"]
    assert row.sense == pulp.LpConstraintLE and -row.constant == 2.0
    assert set(coefficients(row).values()) == {1.0} and len(row) == 2


def test_demand_counts_only_land_released_by_the_horizon(problem):
    model = compile_problem(problem)
    by_2025 = model.rows["demand"]["A", 2025]
    released = {var for var in by_2025 if var.name.startswith("x_")}
    assert released == {model.x["A", "P1", "starting"], model.x["A", "P2", "starting"]}
    assert by_2025[model.short["A", 2025]] == 1.0 and -by_2025.constant == 1.0
    assert len([v for v in model.rows["demand"]["A", 2030] if v.name.startswith("x_")]) == 3
    cap = model.rows["demand_cap"]["A",]
    assert -cap.constant == 3.0 and cap.sense == pulp.LpConstraintLE


def test_strict_demand_has_no_shortfall(problem):
    model = compile_problem(problem.add_demand_constraints(strict=True))
    assert not model.short
    assert "shortfall_penalty" not in model.terms


def test_presence_uses_the_tightest_big_m(problem):
    model = compile_problem(problem)
    # A in P1: min(park land 3.0, A's demand 3.0) = 3; per tier min(1, 3) = 1 < 3, so a tier row.
    link = model.rows["presence_link"]["A", "P1"]
    assert link[model.y["A", "P1"]] == -3.0
    assert model.rows["presence_unit"]["A", "P1", "starting"][model.y["A", "P1"]] == -1.0
    # B in P2: min(0.4, 0.5) = 0.4 for the park; the single tier adds nothing tighter.
    assert model.rows["presence_link"]["B", "P2"][model.y["B", "P2"]] == pytest.approx(-0.4)
    assert ("B", "P2", "starting") not in model.rows["presence_unit"]
    footprint = model.rows["min_site"]["A", "P1"]
    assert footprint[model.y["A", "P1"]] == -0.5 and footprint.sense == pulp.LpConstraintGE


def test_focus_and_concentration_caps(problem):
    model = compile_problem(problem.add_focus_constraints(1).add_concentration_constraints(1))
    assert -model.rows["focus"]["P1",].constant == 1
    assert len(model.rows["focus"]["P1",]) == 2
    assert -model.rows["concentration"]["A",].constant == 1


def test_strict_endorsement_rules_out_only_unendorsed_pairs(problem):
    assert "endorsement" not in compile_problem(problem).rows
    model = compile_problem(problem.add_endorsement_constraints())
    assert set(model.rows["endorsement"]) == {("A", "P2")}
    row = model.rows["endorsement"]["A", "P2"]
    assert coefficients(row) == {model.y["A", "P2"].name: 1.0} and row.constant == 0


def test_locks_and_exclusions(problem):
    model = compile_problem(
        problem.add_locked_in_constraints([("B", "P1")]).add_locked_out_constraints([("A", "P1")])
    )
    assert model.rows["locked_in"]["B", "P1"].sense == pulp.LpConstraintEQ
    assert -model.rows["locked_in"]["B", "P1"].constant == 1
    assert -model.rows["locked_out"]["A", "P1"].constant == 0


def test_chain_rows_bound_each_pair_by_both_presences(problem):
    model = compile_problem(problem)
    assert set(model.z) == {("A", "B", "P1"), ("A", "B", "P2")}
    for cluster in ("A", "B"):
        row = model.rows["chain"]["A", "B", "P1", cluster]
        assert row[model.y[cluster, "P1"]] == -1.0 and row[model.z["A", "B", "P1"]] == 1.0
    assert model.z["A", "B", "P1"].cat == pulp.LpContinuous  # no extra binaries


def test_chain_bonus_counts_a_pair_once_by_default(problem):
    model = compile_problem(problem)
    w = model.w["A", "B"]
    row = model.rows["chain_pair"]["A", "B"]  # w ≤ Σ_p z: served if they share any park
    assert coefficients(row) == {w.name: 1.0, "z_0_0": -1.0, "z_0_1": -1.0}
    assert w.upBound == 1 and w.cat == pulp.LpContinuous
    assert model.terms["chain_bonus"][w] == pytest.approx(0.1 * 0.5)
    assert model.z["A", "B", "P1"] not in model.terms["chain_bonus"]


def test_chain_bonus_per_park_counts_every_shared_park(problem):
    model = compile_problem(problem.add_chain_bonus(0.1, per="park"))
    assert not model.w and "chain_pair" not in model.rows
    for park in ("P1", "P2"):
        assert model.terms["chain_bonus"][model.z["A", "B", park]] == pytest.approx(0.1 * 0.5)


def test_chain_aggregate_only_when_partners_outnumber_the_focus_cap():
    problem = tiny_problem(
        {"A": 1.0, "B": 1.0, "C": 1.0},
        [("P1", "starting", 2025, 3.0)],
        {},
        links=[("A", "B", 1.0), ("A", "C", 1.0)],
    )
    assert "chain_aggregate" not in compile_problem(problem).rows
    model = compile_problem(problem.add_focus_constraints(2))
    row = model.rows["chain_aggregate"]["A", "P1"]  # A has 2 partners, at most 1 can join it
    assert row[model.y["A", "P1"]] == -1.0
    assert set(model.rows["chain_aggregate"]) == {("A", "P1")}


def test_objective_terms_and_their_signs(problem):
    model = compile_problem(problem)
    assert set(model.terms) == {"suitability", "chain_bonus", "presence_cost", "shortfall_penalty"}
    assert model.terms["suitability"][model.x["A", "P1", "starting"]] == 0.9
    assert model.terms["presence_cost"][model.y["A", "P1"]] == -0.02
    assert model.terms["shortfall_penalty"][model.short["A", 2030]] == -10.0


def test_fixed_presence_compiles_to_an_lp(problem):
    model = compile_problem(problem, fixed_presence={("A", "P1"): 1})
    assert all(v.cat == pulp.LpContinuous for v in model.y.values())
    assert model.y["A", "P1"].lowBound == 1 and model.y["B", "P2"].upBound == 0


def test_a_chain_bonus_without_co_location_rows_is_refused(problem):
    with pytest.raises(LandplanError, match="chain co-location"):
        compile_problem(problem.remove("chain"))


def test_problem_is_a_value_each_step_returns_a_new_one(problem):
    stricter = problem.add_focus_constraints(2)
    assert problem.family(type(stricter.constraints[-1])).max_clusters == 5
    assert stricter.notes and "replaced" in stricter.notes[-1]


def test_minimum_site_is_the_footprint_or_the_share_of_demand(problem):
    """A's footprint is 0.5 and its demand by 2030 is 3.0: at a 30 % share its minimum site is
    0.9; B's (0.2 footprint, 0.5 demand) stays 0.2."""
    model = compile_problem(problem.add_presence_constraints(min_share=0.3))
    assert model.rows["min_site"]["A", "P1"][model.y["A", "P1"]] == pytest.approx(-0.9)
    assert model.rows["min_site"]["B", "P2"][model.y["B", "P2"]] == pytest.approx(-0.2)
