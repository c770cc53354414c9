"""A scenario that states nothing solves the library's default problem with its default options:
the defaults written in the scenario schema are the ones of Problem and SolverOptions."""

from __future__ import annotations

import landplan
from landplan.inputs.scenario import Scenario


def test_an_empty_scenario_means_the_library_defaults():
    inputs = landplan.assemble(Scenario(name="defaults"))
    assert inputs.scenario.solver == landplan.SolverOptions()
    default = landplan.problem_from_layers(inputs.parks, inputs.catalog, inputs.suitability)
    assert set(inputs.problem.objective) == set(default.objective)
    assert set(inputs.problem.constraints) == set(default.constraints)
