"""landplan: decide where a city's strategic industry clusters should go.

The public API. Everything the CLI and the notebooks do is a call into these names.
"""

from landplan.analysis.compare import compare_runs, is_run_folder, read_run, write_comparison
from landplan.analysis.importance import (
    near_optimal_alternatives,
    replacement_importance,
    site_values,
)
from landplan.analysis.robustness import SweepSummary
from landplan.analysis.robustness import summarise as summarise_sweep
from landplan.analysis.sweep import SampleResult, SweepSpec, collect, run_dask, run_local
from landplan.errors import InputError, LandplanError
from landplan.inputs.assemble import Inputs, assemble
from landplan.inputs.catalog import Catalog, load_catalog
from landplan.inputs.layers import load_districts, load_infrastructure, load_parks, summarise_parks
from landplan.inputs.scenario import Scenario, bundled_scenarios, load_scenario
from landplan.inputs.suitability import Suitability, score_suitability
from landplan.inputs.weights import ahp_weights
from landplan.maps.draw import MapOptions, parks_map, suitability_map
from landplan.optimisation.checks import check_problem
from landplan.optimisation.diagnostics import Diagnostic
from landplan.optimisation.greedy import greedy_allocation
from landplan.optimisation.model import Model, compile_problem
from landplan.optimisation.planning import ProblemError, capacity_shadow_prices, solve
from landplan.optimisation.problem import Problem
from landplan.optimisation.solution import Solution
from landplan.optimisation.solvers import SolverOptions, Status, Stop
from landplan.outputs import plan_map, redraw_map, write_exploration, write_run, write_sweep
from landplan.pages.notebook import show_map, show_maps
from landplan.runs import Run, run_scenario, solve_inputs, with_solver

__version__ = "0.1.0"

__all__ = [
    "Catalog",
    "Diagnostic",
    "Inputs",
    "MapOptions",
    "InputError",
    "LandplanError",
    "Model",
    "Problem",
    "ProblemError",
    "Run",
    "SampleResult",
    "SweepSpec",
    "SweepSummary",
    "Scenario",
    "Solution",
    "SolverOptions",
    "Status",
    "Stop",
    "Suitability",
    "ahp_weights",
    "assemble",
    "bundled_scenarios",
    "collect",
    "compare_runs",
    "capacity_shadow_prices",
    "check_problem",
    "compile_problem",
    "greedy_allocation",
    "is_run_folder",
    "load_catalog",
    "load_districts",
    "load_infrastructure",
    "load_parks",
    "load_scenario",
    "near_optimal_alternatives",
    "parks_map",
    "plan_map",
    "read_run",
    "redraw_map",
    "replacement_importance",
    "run_dask",
    "run_local",
    "run_scenario",
    "show_map",
    "show_maps",
    "site_values",
    "score_suitability",
    "solve",
    "solve_inputs",
    "summarise_parks",
    "summarise_sweep",
    "suitability_map",
    "with_solver",
    "write_comparison",
    "write_exploration",
    "write_run",
    "write_sweep",
    "__version__",
]
