"""What a planner does with a scenario beyond one run, as library calls that return values:
sweep it, explore around its plan, compare runs. The CLI and the notebooks call these; nothing
here prints."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from landplan.analysis.compare import Comparison, compare_runs
from landplan.analysis.importance import (
    near_optimal_alternatives,
    replacement_importance,
    site_values,
)
from landplan.analysis.robustness import SweepSummary
from landplan.analysis.robustness import summarise as summarise_sweep
from landplan.analysis.sweep import SampleResult, SweepSpec, collect, run_dask, run_local
from landplan.assembly import Inputs, assemble
from landplan.errors import InputError
from landplan.inputs.catalog import load_catalog
from landplan.inputs.layers import load_parks
from landplan.inputs.scenario import Scenario, load_scenario
from landplan.layout.plan import PlanLayout, lay_out, layout_setup
from landplan.layout.solve import ParkLayout
from landplan.maps.options import MapOptions
from landplan.optimisation.planning import solve
from landplan.optimisation.solution import Solution
from landplan.outputs.analysis import write_comparison, write_exploration, write_sweep
from landplan.outputs.runfolder import (
    add_layout,
    folder_name,
    is_run_folder,
    read_run,
    read_run_scenario,
    write_run,
)
from landplan.parallel import EXECUTORS
from landplan.runs import run_scenario


@dataclass(frozen=True)
class SweepOutcome:
    """A sweep's results, its summary and how long it took (``timing``: executor, workers,
    wall_s, samples_per_s); ``folder`` where it was written, if it was."""

    spec: SweepSpec
    results: list[SampleResult]
    summary: SweepSummary
    timing: dict[str, Any]
    folder: Path | None = None

    @property
    def interrupted(self) -> bool:
        return len(self.results) < self.spec.samples


def lay_out_folder(
    folder: str | Path,
    *,
    changes: dict[str, Any] | None = None,
    executor: str = "local",
    workers: int = 2,
    scheduler: str | None = None,
    map_options: MapOptions | None = None,
    progress: Callable[[ParkLayout], None] | None = None,
) -> tuple[Path, PlanLayout]:
    """Lay out the plan of an existing run folder on parcels, with its scenario's ``layout``
    section and ``changes`` to it (``cell_ha``, ``contiguity``…), and add the layout to the
    folder (:func:`~landplan.outputs.runfolder.add_layout`)."""
    scenario = read_run_scenario(folder).with_settings("layout", **(changes or {}), enabled=True)
    tiers = load_parks(scenario.data_file("parks"))
    links = load_catalog(scenario.data_file("clusters"), scenario.data_file("chain_links")).links
    parcels, spec = layout_setup(scenario, tiers)
    allocation = read_run(folder).allocation
    layout = lay_out(
        parcels,
        allocation,
        links,
        spec,
        executor=executor,
        workers=workers,
        scheduler=scheduler,
        progress=progress,
    )
    return add_layout(folder, layout, scenario, map_options), layout


def sweep_scenario(
    scenario: Scenario,
    spec: SweepSpec,
    *,
    executor: str = "local",
    workers: int = 2,
    scheduler: str | None = None,
    include_unconverged: bool = False,
    out: str | Path | None = None,
    map_options: MapOptions | None = None,
    progress: Callable[[int], None] | None = None,
) -> SweepOutcome:
    """Solve ``spec.samples`` perturbed samples of ``scenario`` on the ``local`` process pool
    or on ``dask`` (the cluster at ``scheduler``, or a local one), summarise them and, with
    ``out``, write ``out/<scenario>-sweep/``. Ctrl-C keeps what is done."""
    inputs = assemble(scenario)
    if executor not in EXECUTORS:
        raise InputError("--executor", f"unknown executor '{executor}' ({' or '.join(EXECUTORS)})")
    chunks = (
        run_local(inputs.scenario, spec, workers)
        if executor == "local"
        else run_dask(inputs.scenario, spec, workers, scheduler=scheduler)
    )
    began = time.perf_counter()
    results = collect(chunks, progress)
    elapsed = time.perf_counter() - began
    summary = summarise_sweep(
        results,
        list(inputs.problem.clusters.index),
        list(inputs.problem.parks.index),
        include_unconverged,
    )
    timing = {
        "executor": executor,
        "workers": workers,
        "wall_s": round(elapsed, 2),
        "samples_per_s": round(len(results) / elapsed, 4) if elapsed else None,
    }
    folder = write_sweep(summary, spec, inputs, out, timing, map_options) if out else None
    return SweepOutcome(spec, results, summary, timing, folder)


@dataclass(frozen=True)
class Exploration:
    """Around a scenario's plan: the plan, each assignment's importance (None if not asked),
    near-optimal alternatives and their table, each site's own value; ``folder`` where it was
    written, if it was."""

    inputs: Inputs
    plan: Solution
    importance: pd.DataFrame | None = None
    alternatives: tuple[Solution, ...] = ()
    alternatives_table: pd.DataFrame | None = None
    sites: pd.DataFrame | None = None
    folder: Path | None = None


def explore_scenario(
    scenario: Scenario,
    *,
    importance: bool = True,
    alternatives: int = 3,
    share: float = 0.01,
    min_difference: int = 5,
    out: str | Path | None = None,
    map_options: MapOptions | None = None,
    progress: Callable[[], None] | None = None,
) -> Exploration:
    """Solve ``scenario`` and look around its plan; with ``out``, write
    ``out/<scenario>-explore/``. A scenario with no plan returns the plan alone."""
    inputs = assemble(scenario)
    options = inputs.scenario.solver.options()
    plan = solve(inputs.problem, options, shadow_prices=False, greedy=False)
    if not plan.has_plan:
        return Exploration(inputs, plan)
    table = replacement_importance(inputs.problem, plan, options, progress) if importance else None
    found: list[Solution] = []
    found_table = None
    if alternatives:
        found, found_table = near_optimal_alternatives(
            inputs.problem, plan, alternatives, share, min_difference, options
        )
    sites = site_values(inputs.problem, plan)
    folder = None
    if out:
        folder = write_exploration(inputs, table, found, found_table, out, map_options, sites)
    return Exploration(inputs, plan, table, tuple(found), found_table, sites, folder)


def compare_scenarios(
    runs: Sequence[str | Path],
    out: str | Path,
    *,
    map_options: MapOptions | None = None,
    **solver_changes: Any,
) -> tuple[Comparison, Path]:
    """Compare run folders, or scenarios run now (with ``solver_changes``, written to
    ``out/<scenario>/``); write ``out/compare-<a>-vs-<b>/`` beside them."""
    records = []
    for name in runs:
        if is_run_folder(name):
            records.append(read_run(name))
            continue
        run = run_scenario(load_scenario(str(name)), **solver_changes)
        records.append(read_run(write_run(run, out, map_options=map_options)))
    comparison = compare_runs(records)
    folder = Path(out) / ("compare-" + folder_name(*(r.name for r in records)))
    return comparison, write_comparison(comparison, folder, map_options)
