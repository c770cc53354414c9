"""The chain bonus."""

from __future__ import annotations

import pulp
import pytest

from landplan.errors import LandplanError
from landplan.optimisation.model import compile_problem
from landplan.optimisation.terms.chain_bonus import ChainBonus


def coefficients(row: pulp.LpConstraint) -> dict[str, float]:
    return {var.name: coef for var, coef in row.items()}


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


def test_a_chain_bonus_without_co_location_rows_is_refused(problem):
    with pytest.raises(LandplanError, match="chain co-location"):
        compile_problem(problem.remove("chain"))


def test_its_stake_is_every_link_served_once_or_in_every_park_partners_may_share(problem):
    assert problem.part(ChainBonus).stake(problem) == pytest.approx(0.1 * 0.5)
    per_park = problem.add_chain_bonus(0.1, per="park")
    assert per_park.part(ChainBonus).stake(per_park) == pytest.approx(0.1 * 0.5 * 2)  # 2 parks
    one = per_park.add_concentration_constraints(1)
    assert one.part(ChainBonus).stake(one) == pytest.approx(0.1 * 0.5)  # at most 1 park each
