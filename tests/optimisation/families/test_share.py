"""A cluster's share of a park: its rows, a hand-worked optimum, its check, its setting."""

from __future__ import annotations

import pytest
from tiny import tiny_problem

import landplan
from landplan.optimisation.families.share import ParkShareConstraints
from landplan.optimisation.model import compile_problem
from landplan.solving.options import SolverOptions
from landplan.solving.result import Status

SOLVERS = ["highs", "scip"]


def add_to(problem):
    """How the every-part problem of tests/optimisation/test_parts.py gets this family."""
    return problem.add_share_constraints(0.9)


def one_cluster_two_parks():
    """A needs 1 km² by 2025; P1 (1 km², two tiers of 0.5) suits it at 0.9, P2 (1 km²) at 0.5."""
    return tiny_problem(
        {"A": 1.0},
        [("P1", "starting", 2025, 0.5), ("P1", "expansion", 2025, 0.5), ("P2", "starting", 2025, 1.0)],
        {("A", "P1"): 0.9, ("A", "P2"): 0.5},
    )  # fmt: skip


def test_a_row_for_each_cluster_and_park_over_all_its_tiers():
    model = compile_problem(one_cluster_two_parks().add_share_constraints(0.6))
    row = model.rows["share"]["A", "P1"]
    assert -row.constant == pytest.approx(0.6)
    assert {var.name for var in row} == {
        model.x["A", "P1", t].name for t in ("starting", "expansion")
    }
    assert set(model.rows["share"]) == {("A", "P1"), ("A", "P2")}


@pytest.mark.parametrize("solver", SOLVERS)
def test_a_cap_sends_the_rest_of_the_land_to_the_next_best_park(solver):
    """Without a cap all 1 km² goes to P1: 0.9 − 0.02 for the site = 0.88. With a cap of 60 %,
    0.6 km² in P1 and 0.4 in P2: 0.54 + 0.2 − 2 · 0.02 = 0.70."""
    options = SolverOptions(name=solver, gap=0.0, time_limit=30)
    free = landplan.solve(one_cluster_two_parks(), options)
    capped = landplan.solve(one_cluster_two_parks().add_share_constraints(0.6), options)
    assert free.objective == pytest.approx(0.88) and capped.status == Status.OPTIMAL
    assert capped.objective == pytest.approx(0.70)
    land = capped.allocation.groupby("park_id")["land_km2"].sum()
    assert land.to_dict() == pytest.approx({"P1": 0.6, "P2": 0.4})


def test_demand_beyond_its_shares_is_said_before_solving():
    problem = one_cluster_two_parks().add_share_constraints(0.3)
    found = [d for d in landplan.check_problem(problem) if "at most 30 %" in d.message]
    assert len(found) == 1 and found[0].level == "warning" and found[0].clusters == ("A",)
    assert "needs 1.00 km² but" in found[0].message and "0.60 km² in 2 parks" in found[0].message
    strict = problem.add_demand_constraints(strict=True)
    assert any(d.level == "error" for d in landplan.check_problem(strict))


def test_a_scenario_sets_it_and_a_bad_share_is_refused_with_its_line(tmp_path):
    baseline = landplan.bundled_scenarios()["baseline"]
    (tmp_path / "s.yaml").write_text(
        f"name: s\nextends: {baseline}\nrules:\n  max_park_share: 0.4\n"
    )
    problem = landplan.assemble(landplan.load_scenario(tmp_path / "s.yaml")).problem
    assert problem.part(ParkShareConstraints) == ParkShareConstraints(0.4)
    assert (
        landplan.assemble(landplan.load_scenario(baseline)).problem.part(ParkShareConstraints)
        is None
    )
    (tmp_path / "bad.yaml").write_text("name: bad\nrules:\n  max_park_share: 1.5\n")
    with pytest.raises(landplan.InputError) as error:
        landplan.load_scenario(tmp_path / "bad.yaml")
    assert "line 3" in error.value.message and "rules.max_park_share" in error.value.message
