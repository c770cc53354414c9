"""landplan: decide where a city's strategic industry clusters should go.

The public API. Everything the CLI and the notebooks do is a call into these names. They are
loaded on first use (PEP 562), so ``import landplan`` and ``landplan --help`` stay quick: the
geospatial stack, the solvers and the map library load only when a name that needs them does.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

#: Public name → the module that defines it (and the name there, when it differs).
_EXPORTS: dict[str, str] = {
    # inputs
    "Catalog": "landplan.inputs.catalog",
    "load_catalog": "landplan.inputs.catalog",
    "load_districts": "landplan.inputs.layers",
    "load_infrastructure": "landplan.inputs.layers",
    "load_parks": "landplan.inputs.layers",
    "summarise_parks": "landplan.inputs.layers",
    "Pack": "landplan.inputs.pack",
    "load_pack": "landplan.inputs.pack",
    "Scenario": "landplan.inputs.scenario",
    "bundled_scenarios": "landplan.inputs.scenario",
    "load_scenario": "landplan.inputs.scenario",
    "Suitability": "landplan.inputs.suitability",
    "score_suitability": "landplan.inputs.suitability",
    "ahp_weights": "landplan.inputs.weights",
    "Inputs": "landplan.assembly",
    "assemble": "landplan.assembly",
    "problem_from_layers": "landplan.assembly",
    # optimisation
    "Problem": "landplan.optimisation.problem",
    "Diagnostic": "landplan.optimisation.diagnostics",
    "check_problem": "landplan.optimisation.checks",
    "Model": "landplan.optimisation.model",
    "compile_problem": "landplan.optimisation.model",
    "capacity_shadow_prices": "landplan.optimisation.planning",
    "solve": "landplan.optimisation.planning",
    "Solution": "landplan.optimisation.solution",
    "greedy_allocation": "landplan.optimisation.greedy",
    # analysis
    "compare_runs": "landplan.analysis.compare",
    "near_optimal_alternatives": "landplan.analysis.importance",
    "replacement_importance": "landplan.analysis.importance",
    "site_values": "landplan.analysis.importance",
    "SweepSummary": "landplan.analysis.robustness",
    "summarise_sweep": "landplan.analysis.robustness:summarise",
    "SampleResult": "landplan.analysis.sweep",
    "ExploreSpec": "landplan.analysis.specs",
    "SweepSpec": "landplan.analysis.specs",
    "collect": "landplan.analysis.sweep",
    "sweep_chunks": "landplan.analysis.sweep",
    # layouts inside the parks
    "Parcels": "landplan.inputs.parcels",
    "grid_parcels": "landplan.inputs.parcels",
    "read_parcels": "landplan.inputs.parcels",
    "ParkLayoutProblem": "landplan.layout.problem",
    "ParkLayout": "landplan.layout.solve",
    "solve_layout": "landplan.layout.solve",
    "PlanLayout": "landplan.layout.plan",
    "lay_out": "landplan.layout.plan",
    "layout_summary": "landplan.layout.measures:summary_table",
    # solving
    "Executor": "landplan.parallel",
    "SolveResult": "landplan.solving.result",
    "SolverOptions": "landplan.solving.options",
    "Status": "landplan.solving.result",
    "Stop": "landplan.solving.result",
    # runs and workflows
    "Run": "landplan.runs",
    "RunOutcome": "landplan.workflows",
    "lay_out_run": "landplan.workflows",
    "run_scenario": "landplan.workflows",
    "run_scenarios": "landplan.workflows",
    "validate_scenario": "landplan.workflows",
    "PackCheck": "landplan.workflows",
    "validate_pack": "landplan.workflows",
    "write_pack_template": "landplan.outputs.pack_template",
    "write_plugin_zip": "landplan.outputs.qgis_plugin",
    "Exploration": "landplan.workflows",
    "SweepOutcome": "landplan.workflows",
    "compare_scenarios": "landplan.workflows",
    "explore_scenario": "landplan.workflows",
    "sweep_scenario": "landplan.workflows",
    "TradeoffOutcome": "landplan.workflows",
    "tradeoff_scenario": "landplan.workflows",
    "SuitabilityOutcome": "landplan.workflows",
    "suitability_scenario": "landplan.workflows",
    "Front": "landplan.tradeoff.front",
    "objective": "landplan.tradeoff.objectives",
    # outputs, maps, pages
    "RunRecord": "landplan.analysis.compare",
    "read_layout_table": "landplan.outputs.layout",
    "is_run_folder": "landplan.outputs.readback",
    "plan_map": "landplan.outputs.runfolder",
    "read_run": "landplan.outputs.readback",
    "redraw_map": "landplan.outputs.runfolder",
    "write_run": "landplan.outputs.runfolder",
    "write_comparison": "landplan.outputs.analysis",
    "write_exploration": "landplan.outputs.analysis",
    "write_sweep": "landplan.outputs.analysis",
    "write_tradeoff": "landplan.outputs.tradeoff",
    "MapOptions": "landplan.maps.options",
    "parks_map": "landplan.maps.parks",
    "suitability_map": "landplan.maps.suitability",
    "show_map": "landplan.pages.notebook",
    "show_maps": "landplan.pages.notebook",
    "progress_line": "landplan.pages.notebook",
    "Report": "landplan.progress",
    # errors
    "InputError": "landplan.errors",
    "LandplanError": "landplan.errors",
    "ProblemError": "landplan.errors",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    target = _EXPORTS.get(name)
    if target is None:
        raise AttributeError(f"module 'landplan' has no attribute '{name}'")
    module, _, attribute = target.partition(":")
    value = getattr(importlib.import_module(module), attribute or name)
    globals()[name] = value  # the next lookup is a plain attribute
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_EXPORTS])


if TYPE_CHECKING:  # for type checkers and IDEs: the same names, eagerly (a test checks they agree)
    from landplan.analysis.compare import RunRecord, compare_runs
    from landplan.analysis.importance import (
        near_optimal_alternatives,
        replacement_importance,
        site_values,
    )
    from landplan.analysis.robustness import SweepSummary
    from landplan.analysis.robustness import summarise as summarise_sweep
    from landplan.analysis.specs import ExploreSpec, SweepSpec
    from landplan.analysis.sweep import SampleResult, collect, sweep_chunks
    from landplan.assembly import Inputs, assemble, problem_from_layers
    from landplan.errors import InputError, LandplanError, ProblemError
    from landplan.inputs.catalog import Catalog, load_catalog
    from landplan.inputs.layers import (
        load_districts,
        load_infrastructure,
        load_parks,
        summarise_parks,
    )
    from landplan.inputs.pack import Pack, load_pack
    from landplan.inputs.parcels import Parcels, grid_parcels, read_parcels
    from landplan.inputs.scenario import Scenario, bundled_scenarios, load_scenario
    from landplan.inputs.suitability import Suitability, score_suitability
    from landplan.inputs.weights import ahp_weights
    from landplan.layout.measures import summary_table as layout_summary
    from landplan.layout.plan import PlanLayout, lay_out
    from landplan.layout.problem import ParkLayoutProblem
    from landplan.layout.solve import ParkLayout, solve_layout
    from landplan.maps.options import MapOptions
    from landplan.maps.parks import parks_map
    from landplan.maps.suitability import suitability_map
    from landplan.optimisation.checks import check_problem
    from landplan.optimisation.diagnostics import Diagnostic
    from landplan.optimisation.greedy import greedy_allocation
    from landplan.optimisation.model import Model, compile_problem
    from landplan.optimisation.planning import capacity_shadow_prices, solve
    from landplan.optimisation.problem import Problem
    from landplan.optimisation.solution import Solution
    from landplan.outputs.analysis import write_comparison, write_exploration, write_sweep
    from landplan.outputs.layout import read_layout_table
    from landplan.outputs.pack_template import write_pack_template
    from landplan.outputs.qgis_plugin import write_plugin_zip
    from landplan.outputs.readback import is_run_folder, read_run
    from landplan.outputs.runfolder import plan_map, redraw_map, write_run
    from landplan.outputs.tradeoff import write_tradeoff
    from landplan.pages.notebook import progress_line, show_map, show_maps
    from landplan.parallel import Executor
    from landplan.progress import Report
    from landplan.runs import Run
    from landplan.solving.options import SolverOptions
    from landplan.solving.result import SolveResult, Status, Stop
    from landplan.tradeoff.front import Front
    from landplan.tradeoff.objectives import objective
    from landplan.workflows import (
        Exploration,
        PackCheck,
        RunOutcome,
        SuitabilityOutcome,
        SweepOutcome,
        TradeoffOutcome,
        compare_scenarios,
        explore_scenario,
        lay_out_run,
        run_scenario,
        run_scenarios,
        suitability_scenario,
        sweep_scenario,
        tradeoff_scenario,
        validate_pack,
        validate_scenario,
    )
