"""Every constraint family and objective term keeps the contract of
:mod:`landplan.optimisation.part`: a part that forgets a piece fails here. A part is registered by
its module alone; these tests find it there, and hold the problem, the scenario schema and
assembly to picking it up."""

from __future__ import annotations

import importlib
import inspect
from pathlib import Path

import pandas as pd
import pytest
from tiny import tiny_problem

import landplan
from landplan.optimisation.engine import solve_model
from landplan.optimisation.evaluate import objective_terms
from landplan.optimisation.families.locks import LockConstraints
from landplan.optimisation.model import compile_problem
from landplan.optimisation.part import ConstraintFamily, Ids, ObjectiveTerm, Part
from landplan.optimisation.registry import FAMILIES, PARTS, SETTINGS, TERMS, default_settings
from landplan.optimisation.solution import solution_from_result
from landplan.solving.options import SolverOptions

TESTS = Path(__file__).parent


def own_tests(kind: type[Part]):
    """The part's own test module (tests/optimisation/<families|terms>/test_<module>.py)."""
    folder, name = kind.__module__.split(".")[-2:]
    return importlib.import_module(f"optimisation.{folder}.test_{name}")


def every_part_tables():
    """The tables of :func:`every_part_problem`."""
    problem = every_part_problem()
    return (problem.clusters, problem.units, problem.parks, problem.suitability)


def every_part_problem():
    """Three clusters, two parks with two tiers each, a chain of links, a lock, an exclusion and
    a district lock: every family and term has rows and numbers to write. A part the default
    problem leaves out says in its test module how to add it (``add_to(problem)``)."""
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
    problem = (
        problem.add_presence_cost(0.01)
        .add_focus_constraints(2)
        .add_endorsement_constraints()
        .add_locked_in_constraints([("B", "P2")])
        .add_locked_out_constraints([("C", "P2")])
        .add_locked_in_any_constraints("A", ["P1"])
    )
    for kind in PARTS:
        if problem.part(kind) is None:
            add_to = getattr(own_tests(kind), "add_to", None)
            assert add_to, f"{kind.__name__}: its test module has no add_to(problem)"
            problem = add_to(problem)
    return problem


def test_every_part_is_registered_by_its_module_and_the_problem_knows_it():
    package = Path(inspect.getfile(Part)).parent
    for folder, kinds, base in (("families", FAMILIES, ConstraintFamily), ("terms", TERMS, ObjectiveTerm)):  # fmt: skip
        on_disk = {p.stem for p in (package / folder).glob("*.py")} - {"__init__"}
        assert on_disk == {kind.__module__.rsplit(".", 1)[-1] for kind in kinds}
        assert all(issubclass(kind, base) for kind in kinds)
    assert len({kind.name for kind in PARTS}) == len(PARTS), "two parts share a name"
    assert {type(part) for part in every_part_problem().parts} == set(PARTS)


@pytest.mark.parametrize("kind", PARTS, ids=lambda kind: kind.__name__)
def test_each_part_states_its_mathematics_and_has_its_own_tests(kind):
    doc = inspect.getdoc(kind) or ""
    assert "``" in doc and any(sign in doc for sign in "≤≥=Σ"), f"{kind.__name__}: no formula"
    assert own_tests(kind), "no same-named test file"
    assert kind.name, "no name"


@pytest.mark.parametrize("kind", PARTS, ids=lambda kind: kind.__name__)
def test_each_part_has_its_verb_written_out_on_the_problem(kind):
    """A real method (in the class body, where readers, editors and type checkers see it) that
    names the part and adds it."""
    assert kind.VERBS and all(verb.startswith("add_") for verb in kind.VERBS)
    problem = landplan.Problem.from_tables(*every_part_tables())
    for verb in kind.VERBS:
        method = vars(landplan.Problem).get(verb)
        assert callable(method), f"Problem.{verb} is not written out"
        assert kind.__name__ in (method.__doc__ or "") or kind is LockConstraints
        if not kind.ACCUMULATES:
            added = method(problem)  # every parameter has its default, the part's own
            assert added.part(kind) == kind()


@pytest.mark.parametrize("setting", SETTINGS, ids=lambda setting: setting.path)
def test_each_setting_a_part_declares_is_in_the_scenario_schema_with_its_default(setting):
    schema = landplan.Scenario.model_json_schema()
    if setting.section is None:
        assert setting.key in schema["properties"], f"{setting.path} is not in the schema"
    else:
        section = schema["$defs"][schema["properties"][setting.section]["$ref"].split("/")[-1]]
        assert setting.key in section["properties"], f"{setting.path} is not in the schema"
    assert landplan.Scenario(name="fresh").part_settings()[setting.path] == setting.default


def test_assembly_builds_the_parts_from_the_settings():
    """The default settings make the default problem's parts; a scenario's settings reach them."""
    defaults = default_settings()
    for kind in PARTS:
        made = kind.from_settings(defaults, Ids())
        assert made is None or isinstance(made, kind)
    scenario = landplan.load_scenario("strict-policy")
    problem = landplan.assemble(scenario).problem
    for kind in PARTS:  # names read as ids: enough to tell whether a part is made
        expected = kind.from_settings(scenario.part_settings(), Ids())
        assert (problem.part(kind) is None) == (expected is None), kind.__name__


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
