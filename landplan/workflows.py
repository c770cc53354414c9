"""What a planner does with scenarios, as library calls that return values: run them (solve,
lay out, write), lay a run out, sweep a scenario, explore around its plan, compare runs. The CLI,
the notebooks and the workbench call these; nothing here prints.

The words: a *scenario* is a planning question (a YAML file); a *run* is a scenario solved (a
:class:`~landplan.runs.Run` in memory, a run folder on disk); its *plan* is the land each
industry gets in each park tier; its *layout* is that land placed on parcels.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from contextlib import ExitStack, nullcontext
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, overload

import geopandas as gpd
import pandas as pd

from landplan.analysis.compare import Comparison, compare_runs
from landplan.analysis.importance import (
    near_optimal_alternatives,
    replacement_importance,
    site_values,
)
from landplan.analysis.robustness import SweepSummary
from landplan.analysis.robustness import summarise as summarise_sweep
from landplan.analysis.specs import ExploreSpec
from landplan.analysis.sweep import SampleResult, SweepSpec, collect, sweep_chunks
from landplan.assembly import Inputs, assemble, layout_parcels
from landplan.atomic import check_output_folder, hold
from landplan.errors import LandplanError
from landplan.inputs.catalog import load_catalog
from landplan.inputs.layers import load_districts, load_infrastructure, load_parks
from landplan.inputs.pack import Pack, load_pack
from landplan.inputs.scenario import Changes, Scenario, bundled_scenarios, load_scenario
from landplan.inputs.tradeoff import trade_off
from landplan.layout.measures import summary_table as layout_summary
from landplan.layout.plan import Progress as LayoutProgress
from landplan.layout.plan import lay_out
from landplan.maps.options import MapOptions
from landplan.optimisation.checks import check_problem
from landplan.optimisation.diagnostics import Diagnostic
from landplan.optimisation.planning import solve
from landplan.optimisation.solution import Solution
from landplan.outputs.analysis import write_comparison, write_exploration, write_sweep
from landplan.outputs.contract import explore_folder, run_folder, sweep_folder, tradeoff_folder
from landplan.outputs.readback import is_run_folder, read_run, read_run_scenario
from landplan.outputs.runfolder import add_layout, folder_name, run_record, write_run
from landplan.outputs.suitability import ranked_parks, suitability_folder, write_suitability
from landplan.outputs.tradeoff import write_tradeoff
from landplan.parallel import Executor
from landplan.progress import (
    ALTERNATIVES,
    IMPORTANCE,
    LAYING_OUT,
    POINTS,
    SAMPLES,
    SITE_VALUES,
    WRITING,
    Counted,
    Listener,
    Progress,
)
from landplan.runs import Run
from landplan.tradeoff.front import Front, Point, Solving


@dataclass(frozen=True)
class RunOutcome:
    """A run and the folder it was written to (None if it was kept in memory)."""

    run: Run
    folder: Path | None = None


def run_scenarios(
    scenarios: Sequence[Scenario | str | Path],
    *,
    changes: Changes | None = None,
    out: str | Path | None = None,
    executor: Executor = Executor(),
    xlsx: bool | None = None,
    map_options: MapOptions | None = None,
    progress: Listener | None = None,
    on_run: Callable[[RunOutcome], None] | None = None,
    on_park: LayoutProgress | None = None,
) -> list[RunOutcome]:
    """Run ``scenarios`` (values, files or names of bundled scenarios), each with ``changes``
    to its settings (``{"solver": {"gap": 0.001}, "layout": {"enabled": True}}``).

    Every scenario is assembled first, so bad input, a parcel layer that does not fit and rules
    that contradict each other are said before anything is solved. Then each is solved, its plan
    laid out on parcels where its ``layout`` section says so (parks on ``executor``), and, with
    ``out``, written to ``out/<scenario>/`` (``xlsx`` and ``map_options`` as
    :func:`~landplan.outputs.runfolder.write_run` takes them). ``progress`` hears how each run
    goes (:mod:`landplan.progress`: the solve's stages and figures, then laying out and
    writing); ``on_run`` each run as soon as it is done; ``on_park`` each layout's progress as
    :func:`lay_out_run` tells it (its size, then each park as it is done, with its gap).
    """
    if out is not None:
        check_output_folder(out)  # a file in the way is said before any solve
    loaded = [s if isinstance(s, Scenario) else load_scenario(s) for s in scenarios]
    assembled = [assemble(s.with_settings(changes) if changes else s) for s in loaded]
    with ExitStack() as held:  # each run's folder is this process's until it is written
        if out is not None:
            for inputs in assembled:
                held.enter_context(hold(run_folder(out, inputs.scenario.name)))
        return [
            _run(inputs, out, executor, xlsx, map_options, progress, on_run, on_park)
            for inputs in assembled
        ]


def _run(
    inputs: Inputs,
    out: str | Path | None,
    executor: Executor,
    xlsx: bool | None,
    map_options: MapOptions | None,
    progress: Listener | None,
    on_run: Callable[[RunOutcome], None] | None,
    on_park: LayoutProgress | None,
) -> RunOutcome:
    """One scenario of :func:`run_scenarios`: solved, laid out if asked, written if asked."""
    scenario = inputs.scenario
    task = Progress(scenario.name, progress)
    run = Run(inputs, solve(inputs.problem, scenario.solver, progress=task))
    if scenario.layout.enabled and run.solution.has_plan:
        task.stage(LAYING_OUT)

        def told(words: str, done: int, parks: int) -> None:
            task.count(done, parks)
            if on_park is not None:
                on_park(f"{scenario.name}: {words}", done, parks)

        run = lay_out_run(run, executor=executor, progress=told)
    folder = None
    if out is not None:
        task.stage(WRITING)
        folder = write_run(run, out, xlsx=xlsx, map_options=map_options)
    outcome = RunOutcome(run, folder)
    if on_run is not None:
        on_run(outcome)
    return outcome


def validate_scenario(scenario: Scenario | str | Path) -> tuple[Inputs, list[Diagnostic]]:
    """Check a scenario without solving it: the file, its parents, names and data (the parcel
    layer too, when the scenario lays out or names one), then the rules' checks. Bad input is
    an InputError; what the checks find is returned with the assembled inputs."""
    loaded = scenario if isinstance(scenario, Scenario) else load_scenario(scenario)
    if loaded.layout.parcels:  # a parcel layer named is checked even if not laid out now
        loaded = loaded.with_settings({"layout": {"enabled": True}})
    inputs = assemble(loaded)
    return inputs, check_problem(inputs.problem)


@dataclass(frozen=True)
class PackCheck:
    """A plan pack checked: the pack, and each of its scenarios assembled with what the
    rules' checks found."""

    pack: Pack
    scenarios: list[tuple[Inputs, list[Diagnostic]]]


def validate_pack(folder: str | Path, progress: Counted | None = None) -> PackCheck:
    """Check a plan pack without solving: its manifest, each data file it names against its
    words (park tiers, districts, infrastructure, the catalogue and chain links), then each of
    its scenarios as :func:`validate_scenario` does (``progress`` hears how many are checked,
    of how many: a large pack takes a while). Bad input is an InputError naming the file, the
    row or line and the field."""
    pack = load_pack(folder)
    load_parks(None, pack)
    load_districts(None, pack)
    load_infrastructure(None, pack)
    load_catalog(pack.file("clusters"), pack.file("chain_links"), pack)
    scenarios = list(bundled_scenarios(pack).values())
    checked = []
    for done, path in enumerate(scenarios, 1):
        checked.append(validate_scenario(load_scenario(path)))
        if progress is not None:
            progress(done, len(scenarios))
    return PackCheck(pack, checked)


def run_scenario(
    scenario: Scenario | str | Path,
    *,
    changes: Changes | None = None,
    executor: Executor = Executor(),
    progress: Listener | None = None,
) -> Run:
    """One scenario run in memory (see :func:`run_scenarios`)."""
    return run_scenarios([scenario], changes=changes, executor=executor, progress=progress)[0].run


@overload
def lay_out_run(
    run: Run,
    *,
    changes: Mapping[str, Any] | None = ...,
    executor: Executor = ...,
    map_options: MapOptions | None = ...,
    progress: LayoutProgress | None = ...,
) -> Run: ...
@overload
def lay_out_run(
    run: str | Path,
    *,
    changes: Mapping[str, Any] | None = ...,
    executor: Executor = ...,
    map_options: MapOptions | None = ...,
    progress: LayoutProgress | None = ...,
) -> Path: ...
def lay_out_run(
    run: Run | str | Path,
    *,
    changes: Mapping[str, Any] | None = None,
    executor: Executor = Executor(),
    map_options: MapOptions | None = None,
    progress: LayoutProgress | None = None,
) -> Run | Path:
    """Lay a run's plan out on parcels, park by park (on ``executor``; ``progress`` hears the
    size of the work, then each park as it is done), as its scenario's ``layout`` section says with ``changes`` to it
    (``cell_ha``, ``contiguity``…). A run in memory comes back with its layout; a run folder
    gets the layout added, written all at once, its maps drawn again with ``map_options``."""
    layout_changes: Changes = {"layout": {**(changes or {}), "enabled": True}}
    if isinstance(run, Run):
        if not run.solution.has_plan:
            raise LandplanError(f"{run.scenario.name}: the run has no plan to lay out")
        scenario = run.scenario.with_settings(layout_changes)
        parcels = run.inputs.parcels
        if parcels is None or changes:
            parcels = layout_parcels(scenario, run.inputs.parks, run.inputs.pack)
        allocation, links = run.solution.allocation_table(), run.inputs.catalog.links
        layout = lay_out(
            parcels, allocation, links, scenario.layout, scenario.solver,
            executor=executor, progress=progress,
        )  # fmt: skip
        inputs = replace(run.inputs, scenario=scenario, parcels=parcels)
        return replace(run, inputs=inputs, layout=layout)
    folder = Path(run)
    with hold(folder):  # the folder is this process's from the first read to the last write
        allocation = read_run(folder).allocation  # the whole folder checked, before any work
        scenario = read_run_scenario(folder).with_settings(layout_changes)
        pack = scenario.plan_pack()
        parcels = layout_parcels(scenario, load_parks(scenario.data_file("parks"), pack), pack)
        files = (scenario.data_file("clusters"), scenario.data_file("chain_links"))
        layout = lay_out(
            parcels, allocation, load_catalog(*files, pack).links, scenario.layout, scenario.solver,
            executor=executor, progress=progress,
        )  # fmt: skip
        return add_layout(folder, layout, scenario, map_options)


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


def sweep_scenario(
    scenario: Scenario,
    spec: SweepSpec,
    *,
    executor: Executor = Executor(),
    out: str | Path | None = None,
    map_options: MapOptions | None = None,
    progress: Listener | None = None,
) -> SweepOutcome:
    """Solve ``spec.samples`` perturbed samples of ``scenario`` on ``executor``, summarise them
    and, with ``out``, write ``out/<scenario>-sweep/``; ``progress`` hears the samples done of
    all (and so the time left). Ctrl-C keeps what is done."""
    if out is not None:
        check_output_folder(out)
    inputs = assemble(scenario)
    with hold(sweep_folder(out, scenario.name)) if out is not None else nullcontext():
        return _sweep(inputs, spec, executor, out, map_options, progress)


def _sweep(
    inputs: Inputs,
    spec: SweepSpec,
    executor: Executor,
    out: str | Path | None,
    map_options: MapOptions | None,
    progress: Listener | None,
) -> SweepOutcome:
    task = Progress(f"sweep of {inputs.scenario.name}", progress)
    task.stage(SAMPLES)
    task.count(0, spec.samples)
    chunks = sweep_chunks(inputs.scenario, spec, executor)
    began = time.perf_counter()
    results = collect(chunks, lambda done: task.count(done, spec.samples))
    elapsed = time.perf_counter() - began
    summary = summarise_sweep(
        results,
        list(inputs.problem.clusters.index),
        list(inputs.problem.parks.index),
        spec.include_unconverged,
    )
    timing = {
        "executor": executor.kind,
        "workers": executor.workers,
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
    spec: ExploreSpec = ExploreSpec(),
    *,
    out: str | Path | None = None,
    map_options: MapOptions | None = None,
    progress: Listener | None = None,
) -> Exploration:
    """Solve ``scenario`` and look around its plan as ``spec`` says; with ``out``, write
    ``out/<scenario>-explore/``; ``progress`` hears each stage and its count. A scenario with no
    plan returns the plan alone."""
    if out is not None:
        check_output_folder(out)
    with hold(explore_folder(out, scenario.name)) if out is not None else nullcontext():
        return _explore(scenario, spec, out, map_options, progress)


def _explore(
    scenario: Scenario,
    spec: ExploreSpec,
    out: str | Path | None,
    map_options: MapOptions | None,
    progress: Listener | None,
) -> Exploration:
    inputs = assemble(scenario)
    options = inputs.scenario.solver
    task = Progress(f"exploration of {scenario.name}", progress)
    plan = solve(inputs.problem, options, shadow_prices=False, greedy=False, progress=task)
    if not plan.has_plan:
        return Exploration(inputs, plan)
    table = None
    if spec.importance:
        task.stage(IMPORTANCE)
        table = replacement_importance(inputs.problem, plan, options, task)
    found: list[Solution] = []
    found_table = None
    if spec.alternatives:
        task.stage(ALTERNATIVES)
        found, found_table = near_optimal_alternatives(
            inputs.problem, plan, spec.alternatives, spec.share, spec.min_difference, options, task
        )
    task.stage(SITE_VALUES)
    sites = site_values(inputs.problem, plan, task, options.threads)
    folder = None
    if out:
        folder = write_exploration(
            inputs, table, found, found_table, out, map_options, sites, plan, spec
        )
    return Exploration(inputs, plan, table, tuple(found), found_table, sites, folder)


@dataclass(frozen=True)
class TradeoffOutcome:
    """A trade-off of a scenario's objectives: its inputs, the front (or order, or reference
    point) and the wall time it took; ``layout_edges``: where the scenario lays its plans out,
    the exposed edge (km) of each front point's layout; ``folder`` where it was written."""

    inputs: Inputs
    front: Front
    wall_s: float
    layout_edges: dict[int, float] = field(default_factory=dict)
    folder: Path | None = None


def tradeoff_scenario(
    scenario: Scenario,
    *,
    out: str | Path | None = None,
    executor: Executor = Executor(),
    map_options: MapOptions | None = None,
    progress: Listener | None = None,
    on_point: Callable[[Point], None] | None = None,
) -> TradeoffOutcome:
    """Trade ``scenario``'s objectives off as its ``tradeoff`` section says
    (:mod:`landplan.tradeoff`), each point solved with its solver settings; with ``out``, write
    ``out/<scenario>-tradeoff/``. ``progress`` hears the points done of all, ``on_point`` each
    point as it is solved. A point the scenario keeps as its plan (``tradeoff.plan``) is left
    out: the trade-off is of the scenario's own rules.

    Where the scenario lays its plan out (``layout.enabled``), each point on the front is laid
    out too (parks on ``executor``) and its layout's exposed edge measured: the edge is a
    figure of each park's layout, solved after the plan, so it is measured beside the front,
    not traded within it."""
    if out is not None:
        check_output_folder(out)
    if scenario.tradeoff.plan is not None:
        scenario = scenario.with_settings({"tradeoff": {"plan": None}})
    with hold(tradeoff_folder(out, scenario.name)) if out is not None else nullcontext():
        inputs = assemble(scenario)
        task = Progress(f"trade-off of {scenario.name}", progress)
        task.stage(POINTS)
        began = time.perf_counter()
        front = trade_off(
            inputs.scenario, inputs.problem, Solving(inputs.scenario.solver, task, on_point)
        )
        wall = time.perf_counter() - began
        edges = _layout_edges(inputs, front, executor, task) if scenario.layout.enabled else {}
        folder = None
        if out is not None:
            task.stage(WRITING)
            folder = write_tradeoff(front, inputs, out, wall, map_options, edges)
        return TradeoffOutcome(inputs, front, wall, edges, folder)


def _layout_edges(
    inputs: Inputs, front: Front, executor: Executor, task: Progress
) -> dict[int, float]:
    """The exposed edge (km) of each front point's layout."""
    task.stage(LAYING_OUT)
    edges = {}
    for done, point in enumerate(front.kept):
        task.count(done, len(front.kept))
        laid = lay_out_run(Run(inputs, point.solution), executor=executor)
        assert laid.layout is not None  # lay_out_run lays a run with a plan out
        edges[point.number] = float(layout_summary(laid.layout)["exposed_boundary_km"].sum())
    return edges


@dataclass(frozen=True)
class SuitabilityOutcome:
    """The parks ranked for each industry (:func:`~landplan.outputs.suitability.ranked_parks`),
    and the folder they were written to (None if kept in memory)."""

    layer: gpd.GeoDataFrame
    folder: Path | None = None


def suitability_scenario(
    scenario: Scenario | str | Path,
    *,
    industries: Sequence[str] = (),
    changes: Changes | None = None,
    out: str | Path | None = None,
) -> SuitabilityOutcome:
    """Rank every park for each of ``industries`` (all, if none) by the suitability of
    ``scenario`` (with ``changes``), without solving: each park's score and each criterion's
    part in it; with ``out``, written to ``out/<scenario>-suitability/``."""
    if out is not None:
        check_output_folder(out)
    loaded = scenario if isinstance(scenario, Scenario) else load_scenario(scenario)
    inputs = assemble(loaded.with_settings(changes) if changes else loaded)
    layer = ranked_parks(inputs, industries)
    if out is None:
        return SuitabilityOutcome(layer)
    folder = suitability_folder(out, inputs.scenario.name)
    return SuitabilityOutcome(layer, write_suitability(layer, folder))


def compare_scenarios(
    runs: Sequence[str | Path],
    out: str | Path,
    *,
    changes: Changes | None = None,
    map_options: MapOptions | None = None,
) -> tuple[Comparison, Path]:
    """Compare run folders, or scenarios run now (with ``changes``); write
    ``out/compare-<a>-vs-<b>/`` with the compared runs inside it (``runs/<name>/``). A run
    folder is only read, never written: a scenario run for a comparison goes into the
    comparison's folder, not into ``out/<scenario>/``."""
    check_output_folder(out)
    made = iter(outcome.run for outcome in run_scenarios([n for n in runs if not is_run_folder(n)], changes=changes))  # fmt: skip
    sources: list[Run | Path] = []
    records = []
    for name in runs:
        if is_run_folder(name):
            records.append(read_run(name))
            sources.append(Path(name))
        else:
            run = next(made)
            records.append(run_record(run))
            sources.append(run)
    comparison = compare_runs(records)
    folder = Path(out) / ("compare-" + folder_name(*comparison.names))
    return comparison, write_comparison(comparison, folder, sources, map_options)
