"""Every constraint family and objective term keeps the contract of
:mod:`landplan.optimisation.part`: a part that forgets a piece fails here."""

from __future__ import annotations

import inspect
from pathlib import Path

import pandas as pd
import pytest
from tiny import tiny_problem

from landplan.optimisation.engine import solve_model
from landplan.optimisation.evaluate import objective_terms
from landplan.optimisation.model import compile_problem
from landplan.optimisation.part import Part
from landplan.optimisation.registry import FAMILIES, TERMS
from landplan.optimisation.solution import solution_from_result
from landplan.solving.options import SolverOptions

PARTS = (*FAMILIES, *TERMS)
TESTS = Path(__file__).parent


def every_part_problem():
    """Three clusters, two parks with two tiers each, a chain of links, a lock, an exclusion and
    a district lock: every family and term has rows and numbers to write."""
    problem = tiny_problem(
        {"A": (0.6, 1.2), "B": (0.3, 0.6), "C": (0.2, 0.5)},
        [
            ("P1", "starting", 2025, 0.8),
            ("P1", "expansion", 2030, 0.6),
            ("P2", "starting", 2025, 0.5),
            ("P2", "expansion", 2030, 0.7),
        ],
        {("A", "P1"): 0.9, ("B", "P2"): 0.6, ("C", "P1"): 0.4, ("C", "P2"): 0.5},
        footprints={"A": 0.3, "B": 0.1, "C": 0.1},
        horizons=(2025, 2030),
        links=[("A", "B", 1.0), ("A", "C", 0.5)],
        endorsed={("A", "P2"): False},
    )
    return (
        problem.add_presence_cost(0.01)
        .add_focus_constraints(2)
        .add_endorsement_constraints()
        .add_locked_in_constraints([("B", "P2")])
        .add_locked_out_constraints([("C", "P2")])
        .add_locked_in_any_constraints("A", ["P1"])
    )


def test_every_part_is_registered_and_the_problem_knows_it():
    modules = {inspect.getmodule(kind).__name__.rsplit(".", 1)[-1] for kind in PARTS}
    package = Path(inspect.getfile(Part)).parent
    on_disk = {p.stem for folder in ("families", "terms") for p in (package / folder).glob("*.py")}
    assert on_disk - {"__init__"} == modules  # a new module must be registered
    problem = every_part_problem()
    assert {type(part) for part in problem.parts} == set(PARTS)


@pytest.mark.parametrize("kind", PARTS, ids=lambda kind: kind.__name__)
def test_each_part_states_its_mathematics_and_has_its_own_tests(kind):
    doc = inspect.getdoc(kind) or ""
    assert "``" in doc and any(sign in doc for sign in "≤≥=Σ"), f"{kind.__name__}: no formula"
    module = inspect.getmodule(kind).__name__.split(".")
    assert (TESTS / module[-2] / f"test_{module[-1]}.py").is_file(), "no same-named test file"
    assert kind.name, "no name"


def test_the_rows_each_part_writes_are_the_rows_it_declares():
    problem = every_part_problem()
    model = compile_problem(problem)
    declared = {row for part in problem.parts for row in part.ROWS}
    assert set(model.rows) <= declared
    for part in problem.parts:
        for row in part.ROWS:
            assert model.rows.get(row), f"{type(part).__name__} declares {row} but wrote none"


def test_the_numbers_each_part_declares_are_the_ones_it_wrote():
    problem = every_part_problem()
    model = compile_problem(problem)
    for part in problem.parts:
        numbers = part.numbers(problem)
        for (family, key), rhs in numbers.rhs.items():
            assert -model.rows[family][key].constant == pytest.approx(rhs)
        for (family, key, kind, var_key), number in numbers.coefficients.items():
            assert model.rows[family][key][model.variable(kind, var_key)] == pytest.approx(number)


def test_each_part_values_a_plan_as_its_objective_pairs_do():
    problem = every_part_problem()
    model = compile_problem(problem)
    result = solve_model(model, SolverOptions(gap=0.0))
    plan = solution_from_result(model, result)
    evaluated = objective_terms(problem, plan.allocation)
    for part in problem.parts:
        pairs = part.objective(model)
        in_model = sum(coef * result.values.get(var.name, 0.0) for var, coef in pairs)
        if part.value(problem, plan.allocation) is None:
            assert not pairs
            continue
        assert evaluated[part.objective_name] == pytest.approx(in_model, abs=1e-6)
    assert sum(evaluated.values()) == pytest.approx(result.objective, abs=1e-6)


def test_each_part_can_be_removed_by_name():
    problem = every_part_problem()
    for part in problem.parts:
        if part.name == "chain":
            continue  # the chain bonus needs it
        assert type(part) not in {type(p) for p in problem.remove(part.name).parts}
    assert isinstance(problem.clusters, pd.DataFrame)
