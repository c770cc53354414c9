"""landplan: decide where a city's strategic industry clusters should go.

The public API. Everything the CLI and the notebooks do is a call into these names.
"""

from landplan.catalog import Catalog, load_catalog
from landplan.checks import Diagnostic, check_problem
from landplan.errors import InputError, LandplanError
from landplan.greedy import greedy_allocation
from landplan.layers import load_districts, load_infrastructure, load_parks, summarise_parks
from landplan.model import Model, compile_problem
from landplan.planning import ProblemError, capacity_shadow_prices, solve
from landplan.problem import Problem
from landplan.solution import Solution
from landplan.solvers import SolverOptions, Status
from landplan.suitability import Suitability, score_suitability
from landplan.weights import ahp_weights

__version__ = "0.1.0"

__all__ = [
    "Catalog",
    "Diagnostic",
    "InputError",
    "LandplanError",
    "Model",
    "Problem",
    "ProblemError",
    "Solution",
    "SolverOptions",
    "Status",
    "Suitability",
    "ahp_weights",
    "capacity_shadow_prices",
    "check_problem",
    "compile_problem",
    "greedy_allocation",
    "load_catalog",
    "load_districts",
    "load_infrastructure",
    "load_parks",
    "score_suitability",
    "solve",
    "summarise_parks",
    "__version__",
]
