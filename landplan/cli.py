"""The ``landplan`` command line. Thin: each command is a call into the public API plus printing.

Exit codes: 0 success; 2 invalid input (the message names the file, row or feature, and field)
or contradictory rules; 3 infeasible (the diagnostics name the clusters, parks and locks);
4 the solver failed or found no plan in time.
"""

from __future__ import annotations

import functools
import json
import re
import sys
from collections.abc import Callable
from enum import IntEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import Progress
from rich.table import Table

import landplan
from landplan.atomic import check_output_folder
from landplan.errors import LandplanError
from landplan.maps.options import Lang, MapOptions
from landplan.optimisation.options import SWEEP_GAP, SolverError, status_sentence
from landplan.vocabulary import DISTRICTS, HORIZONS, TIERS

app = typer.Typer(
    help="Plan where Shenzhen's strategic emerging industry clusters go.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
console = Console()
errors = Console(stderr=True)


def _interruptible(command: Callable[..., None]) -> Callable[..., None]:
    """Ctrl-C during a command: one line saying what was kept, and exit code 130 (typer would
    exit 130 silently)."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> None:
        try:
            command(*args, **kwargs)
        except KeyboardInterrupt:
            _fail(
                "interrupted: nothing more was written; earlier results are intact",
                ExitCode.INTERRUPTED,
            )

    return wrapper


@app.callback()
def _landplan() -> None:
    """Plan where Shenzhen's strategic emerging industry clusters go."""


class ExitCode(IntEnum):
    OK = 0
    INVALID_INPUT = 2
    INFEASIBLE = 3
    SOLVER_FAILURE = 4
    INTERRUPTED = 130  # as a shell reports Ctrl-C


@app.command()
@_interruptible
def info(
    parks: Annotated[
        Path | None,
        typer.Option(
            help="Park tiers layer (GeoJSON, GeoPackage, Shapefile); bundled data by default."
        ),
    ] = None,
) -> None:
    """Show the parks by district and tier, with their releasable industrial land and totals.

    Example: landplan info --parks my_parks.gpkg
    """
    layer = landplan.load_parks(parks)
    summary = landplan.summarise_parks(layer)
    table = Table(
        title="Advanced manufacturing parks: releasable industrial land, km²",
        caption="Park geometry is SCHEMATIC. Status 'working': the park was not identified in "
        "the sources; a plausible site is used.",
    )
    table.add_column("Park", no_wrap=True)
    table.add_column("Name 名称", min_width=14)
    table.add_column("Status", no_wrap=True)
    for label, year in zip(("Start", "Expand", "Reserve"), HORIZONS, strict=True):
        table.add_column(f"{label}\n{year}", justify="right", no_wrap=True)
    table.add_column("Total", justify="right", no_wrap=True)
    table.add_column("Gross", justify="right", no_wrap=True)
    for district, group in summary.groupby("district", sort=False):
        table.add_row("", f"[bold]{_shown(district)} {DISTRICTS.get(district, '')}[/bold]")
        for row in group.itertuples():
            table.add_row(
                _shown(row.park_id),
                f"{_shown(row.name_en)}\n{_shown(row.name_zh)}",
                _shown(row.name_status),
                *(f"{getattr(row, t):.2f}" for t in TIERS),
                f"{row.industrial_land_km2:.2f}",
                f"{row.gross_area_km2:.1f}",
            )
        table.add_section()
    table.add_row(
        "",
        f"[bold]Total: {len(summary)} parks, {len(layer)} tiers[/bold]",
        "",
        *(f"[bold]{summary[t].sum():.2f}[/bold]" for t in TIERS),
        f"[bold]{summary['industrial_land_km2'].sum():.2f}[/bold]",
        f"[bold]{summary['gross_area_km2'].sum():.1f}[/bold]",
    )
    console.print(table)


SCENARIOS_HELP = "Scenario files (.yaml) or names of bundled scenarios (e.g. baseline)."
SolverOption = Annotated[
    str | None,
    typer.Option(help="Branch-and-bound solver: highs, scip or cbc (overrides the scenario)."),
]
GapOption = Annotated[
    float | None,
    typer.Option(
        help="Stop once the plan is within this relative gap of the proven bound "
        "(default 0.005; 0 asks for a proof)."
    ),
]
NodeLimitOption = Annotated[
    int | None,
    typer.Option(
        help="Stop after this many branch-and-bound nodes (default 20000; the same "
        "stop on every machine)."
    ),  # fmt: skip
]
TimeLimitOption = Annotated[
    float | None,
    typer.Option(
        help="Seconds after which the solver stops whatever its gap: a safety net "
        "(default 300; a stop on it may differ between machines)."
    ),  # fmt: skip
]
ExecutorOption = Annotated[str, typer.Option(help="local (process pool) or dask.")]
WorkersOption = Annotated[int, typer.Option(min=1, help="Worker processes.")]
SchedulerOption = Annotated[
    str | None, typer.Option(help="Dask scheduler address; a LocalCluster if not given.")
]
LangOption = Annotated[
    Lang, typer.Option(help="Labels on the maps: en, zh or both.", case_sensitive=False)
]
TilesOption = Annotated[
    str | None,
    typer.Option(
        help="Tile layers under the maps, comma-separated: osm, cartodb, amap (GCJ-02; alone), "
        "tianditu (needs a key). None by default: the maps then need no network."
    ),
]
KeyOption = Annotated[
    str | None, typer.Option(envvar="TIANDITU_KEY", help="Tianditu key (or TIANDITU_KEY).")
]


def _map_options(lang: Lang, tiles: str | None, key: str | None) -> MapOptions:
    choices = tuple(t.strip().lower() for t in (tiles or "").split(",") if t.strip())
    try:
        return MapOptions(lang=lang, tiles=choices, tianditu_key=key)
    except LandplanError as exc:
        raise landplan.InputError("--tiles", str(exc)) from None


@app.command()
@_interruptible
def run(
    scenarios: Annotated[list[str], typer.Argument(help=SCENARIOS_HELP)],
    out: Annotated[Path, typer.Option(help="Folder for the results (one subfolder each).")] = Path(
        "out"
    ),
    solver: SolverOption = None,
    gap: GapOption = None,
    node_limit: NodeLimitOption = None,
    time_limit: TimeLimitOption = None,
    xlsx: Annotated[bool, typer.Option("--xlsx", help="Also write results.xlsx.")] = False,
    layout: Annotated[
        bool | None,
        typer.Option(
            "--layout/--no-layout",
            help="Lay each park's land out on parcels (default: the scenario's layout.enabled).",
        ),
    ] = None,
    workers: WorkersOption = 2,
    executor: ExecutorOption = "local",
    scheduler: SchedulerOption = None,
    lang: LangOption = "both",
    tiles: TilesOption = None,
    tianditu_key: KeyOption = None,
    json_out: Annotated[
        bool, typer.Option("--json", help="Print a machine-readable summary on stdout.")
    ] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print only errors.")] = False,
) -> None:
    """Run scenarios and write their tables, GeoPackage, map and report to OUT/<scenario>/.

    Every scenario is checked before any is solved. Outputs are written all at once: an interrupted run leaves the previous results intact. With --layout (or layout.enabled in the scenario), each park's land is then laid out on parcels, parks in parallel on --workers processes. Exit codes: 0 every run has a plan, 2 invalid input, 3 a scenario (or a park's layout) is infeasible, 4 the solver failed or found no plan in time.

    Examples:
      landplan run baseline
      landplan run baseline --layout
      landplan run baseline strict-policy demand-surge --time-limit 30
      landplan run my_scenario.yaml --out results --solver cbc --xlsx
    """
    map_options = _map_options(lang, tiles, tianditu_key)
    check_output_folder(out)  # before any solve: a file in the way is said at once
    changes = _solver_changes(solver, gap, node_limit, time_limit)
    loaded = [landplan.with_solver(landplan.load_scenario(name), **changes) for name in scenarios]
    assembled = [landplan.assemble(scenario) for scenario in loaded]  # bad input stops here
    setups = {  # a parcel file is checked before anything is solved too
        inputs.scenario.name: landplan.layout_inputs(inputs)
        for inputs in assembled
        if (inputs.scenario.layout.enabled if layout is None else layout)
    }
    summary, code = [], ExitCode.OK
    show = not (quiet or json_out)
    with Progress(
        *Progress.get_default_columns(),
        console=errors,
        transient=True,
        disable=not show or len(loaded) < 2,
    ) as progress:
        task = progress.add_task("scenarios", total=len(loaded))
        for inputs in assembled:
            scenario = inputs.scenario
            progress.update(task, description=f"solving {escape(scenario.name)}")
            result = landplan.solve_inputs(inputs)
            if scenario.name in setups and result.solution.has_plan:
                progress.update(task, description=f"laying out {escape(scenario.name)}")
                result = landplan.lay_out_run(
                    result,
                    setup=setups[scenario.name],
                    executor=executor,
                    workers=workers,
                    scheduler=scheduler,
                )
            folder = landplan.write_run(result, out, xlsx=xlsx or None, map_options=map_options)
            run_code = _exit_code(result.solution)
            if result.layout is not None:
                run_code = max(run_code, _layout_code(result.layout))
            code = max(code, run_code)
            summary.append(_summary(result, folder, run_code))
            if show:
                console.rule(f"[bold]{escape(scenario.name)}[/bold]")
                print_solution(result.solution)
                if result.layout is not None:
                    print_layout(result.layout)
                console.print(
                    f"Results in {folder}/ · map: {folder / 'map.html'} · "
                    f"report: {folder / 'report.html'}",
                    highlight=False,
                    markup=False,
                )
            progress.advance(task)
    if json_out:
        print(json.dumps(summary, indent=2, ensure_ascii=False))
    raise typer.Exit(code)


@app.command()
@_interruptible
def validate(
    scenarios: Annotated[list[str], typer.Argument(help=SCENARIOS_HELP)],
) -> None:
    """Check scenarios without solving: the file, its parents, names, data (the parcel layer too, when the scenario lays out) and the rules' checks.

    Example: landplan validate baseline my_scenario.yaml
    """
    for name in scenarios:
        inputs = landplan.assemble(landplan.load_scenario(name))
        if inputs.scenario.layout.enabled or inputs.scenario.layout.parcels:
            landplan.layout_inputs(inputs)  # the parcel layer, checked against the parks
        diagnostics = landplan.check_problem(inputs.problem)
        console.print(
            f"[green]valid[/green] {escape(inputs.scenario.name)} "
            f"({escape(str(inputs.scenario.source))})"
        )
        for diagnostic in diagnostics:
            console.print(f"  {diagnostic}", highlight=False, markup=False)


@app.command()
@_interruptible
def compare(
    runs: Annotated[
        list[str],
        typer.Argument(help="Run folders (as written by 'landplan run') or scenarios to run."),
    ],
    out: Annotated[Path, typer.Option(help="Where runs and the comparison go.")] = Path("out"),
    solver: SolverOption = None,
    gap: GapOption = None,
    node_limit: NodeLimitOption = None,
    time_limit: TimeLimitOption = None,
    lang: LangOption = "both",
    tiles: TilesOption = None,
    tianditu_key: KeyOption = None,
) -> None:
    """Compare runs: clusters that moved between parks, KPI changes, land side by side.

    Writes compare.csv, compare_kpis.csv, moves.csv, compare.html (maps side by side) and compare_map.html (one map, a layer per run).

    Examples:
      landplan compare out/baseline out/strict-policy
      landplan compare baseline demand-surge --gap 0.001
    """
    check_output_folder(out)
    comparison, folder = landplan.compare_scenarios(
        runs,
        out,
        map_options=_map_options(lang, tiles, tianditu_key),
        **_solver_changes(solver, gap, node_limit, time_limit),
    )
    moved = comparison.moves[comparison.moves["moved"]]
    console.print(comparison.kpis.to_string(index=False), highlight=False, markup=False)
    console.print(
        f"{len(moved)} of {len(comparison.moves)} clusters changed parks. "
        f"Comparison in {folder}/ (compare.html)",
        highlight=False,
        markup=False,
    )


@app.command()
def sweep(
    scenario: Annotated[str, typer.Argument(help="A scenario file or bundled scenario name.")],
    samples: Annotated[int, typer.Option(min=1, help="How many perturbed samples to solve.")] = 100,
    vary: Annotated[
        str, typer.Option(help="Relative ranges, e.g. weights=0.2,demand=0.15.")
    ] = "weights=0.2,demand=0.15",
    seed: Annotated[int, typer.Option(help="Seed: the same seed gives the same samples.")] = 0,
    executor: ExecutorOption = "local",
    workers: WorkersOption = 2,
    scheduler: SchedulerOption = None,
    gap: Annotated[
        float,
        typer.Option(
            help="Relative gap every sample is solved to; a sample that stops short of "
            "it is flagged and left out of the frequencies."
        ),  # fmt: skip
    ] = SWEEP_GAP,
    include_unconverged: Annotated[
        bool,
        typer.Option(
            "--include-unconverged", help="Count samples that did not reach the gap as well."
        ),
    ] = False,
    solver: SolverOption = None,
    node_limit: NodeLimitOption = None,
    time_limit: TimeLimitOption = None,
    out: Annotated[Path, typer.Option(help="Results go to OUT/<scenario>-sweep/.")] = Path("out"),
    lang: LangOption = "both",
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print only errors.")] = False,
) -> None:
    """Solve many samples of a scenario with weights and demand perturbed: how often each cluster gets land in each park (selection frequency), and how stable each park and cluster is.

    Writes samples.csv, frequency.csv, stability_clusters.csv, stability_parks.csv, sweep.json and frequency.html. Ctrl-C stops and keeps the samples done so far.

    Examples:
      landplan sweep baseline --samples 200 --vary weights=0.2,demand=0.15 --seed 1
      landplan sweep baseline --executor dask --scheduler tcp://10.0.0.5:8786
    """
    spec = landplan.SweepSpec(samples=samples, vary=_ranges(vary), seed=seed, gap=gap)
    check_output_folder(out)
    changes = _solver_changes(solver, None, node_limit, time_limit)
    loaded = landplan.with_solver(landplan.load_scenario(scenario), **changes)
    with Progress(*Progress.get_default_columns(), console=errors, disable=quiet) as progress:
        task = progress.add_task(f"sweeping {escape(loaded.name)}", total=samples)
        outcome = landplan.sweep_scenario(
            loaded,
            spec,
            executor=executor,
            workers=workers,
            scheduler=scheduler,
            include_unconverged=include_unconverged,
            out=out,
            map_options=MapOptions(lang=lang),
            progress=lambda n: progress.advance(task, n),
        )
    if not quiet:
        results, timing = outcome.results, outcome.timing
        short = sum(not r.converged for r in results)
        console.print(
            f"{len(results)} of {samples} samples in {timing['wall_s']:.1f} s "
            f"({timing['samples_per_s']} per s); {short} did not reach the {gap:g} gap"
            + ("" if include_unconverged or not short else " and are left out")
            + f". Results in {outcome.folder}/ (frequency.html)",
            highlight=False,
            markup=False,
        )
    if outcome.interrupted:
        raise typer.Exit(ExitCode.INTERRUPTED)  # what was done is kept


@app.command()
@_interruptible
def explore(
    scenario: Annotated[str, typer.Argument(help="A scenario file or bundled scenario name.")],
    importance: Annotated[
        bool, typer.Option("--importance/--no-importance", help="Loss if each assignment went.")
    ] = True,
    alternatives: Annotated[int, typer.Option(min=0, help="Near-optimal plans to find.")] = 3,
    share: Annotated[float, typer.Option(help="Within this share of the optimum.")] = 0.01,
    min_difference: Annotated[
        int, typer.Option(help="Differing in at least this many cluster–park assignments.")
    ] = 5,
    solver: SolverOption = None,
    gap: GapOption = None,
    node_limit: NodeLimitOption = None,
    time_limit: TimeLimitOption = None,
    out: Annotated[Path, typer.Option(help="Results go to OUT/<scenario>-explore/.")] = Path("out"),
    lang: LangOption = "both",
) -> None:
    """Around a scenario's plan: how much each assignment matters (the objective lost if that cluster were barred from that park), genuinely different plans that are nearly as good, and each site's own value (chain bonus left out).

    Writes importance.csv, importance.html, alternatives.csv, alternative_<j>_allocation.csv and sites.csv.

    Examples:
      landplan explore baseline
      landplan explore baseline --no-importance --alternatives 5 --share 0.02 --min-difference 8
    """
    check_output_folder(out)
    loaded = landplan.with_solver(
        landplan.load_scenario(scenario), **_solver_changes(solver, gap, node_limit, time_limit)
    )
    with Progress(*Progress.get_default_columns(), console=errors) as progress:
        task = progress.add_task(f"exploring {escape(loaded.name)}", total=None)
        found = landplan.explore_scenario(
            loaded,
            importance=importance,
            alternatives=alternatives,
            share=share,
            min_difference=min_difference,
            out=out,
            map_options=MapOptions(lang=lang),
            progress=lambda: progress.advance(task),
        )
    if not found.plan.has_plan:
        print_solution(found.plan)
        raise typer.Exit(_exit_code(found.plan))
    sites = found.sites
    assert sites is not None  # a plan has sites
    kept = [f"{c}@{p}" for c, p in sites.loc[sites["bonus_only"], ["cluster_id", "park_id"]].values]
    console.print(
        f"{len(sites)} sites; {len(kept)} kept only by the chain bonus"
        + (f": {', '.join(kept)}" if kept else ""),
        highlight=False,
        markup=False,
    )
    if found.importance is not None:
        console.print(
            found.importance.head(10).to_string(index=False), highlight=False, markup=False
        )
    if found.alternatives_table is not None:
        console.print(
            found.alternatives_table.to_string(index=False), highlight=False, markup=False
        )
    console.print(f"Results in {found.folder}/", highlight=False, markup=False)


def _solver_changes(
    solver: str | None, gap: float | None, node_limit: int | None, time_limit: float | None
) -> dict:
    """Command-line solver settings, as changes to a scenario's ``solver`` section."""
    return {"name": solver, "gap": gap, "node_limit": node_limit, "time_limit": time_limit}


def _ranges(text: str) -> dict[str, float]:
    ranges = {}
    for part in filter(None, (p.strip() for p in text.split(","))):
        name, _, value = part.partition("=")
        if name not in ("weights", "demand"):
            raise landplan.InputError("--vary", f"unknown '{name}' (weights or demand)")
        try:
            ranges[name] = float(value)
        except ValueError:
            raise landplan.InputError(
                "--vary", f"'{part}' needs a number, e.g. {name}=0.2"
            ) from None
        if not 0 <= ranges[name] < 1:
            raise landplan.InputError("--vary", f"{name} must be in [0, 1) (got {value})")
    return ranges


@app.command(name="map")
@_interruptible
def map_(
    run_folder: Annotated[Path, typer.Argument(help="A run folder written by 'landplan run'.")],
    lang: LangOption = "both",
    tiles: TilesOption = None,
    tianditu_key: KeyOption = None,
) -> None:
    """Draw a run's maps again (map.html and suitability.html) from its saved results, e.g. in another language or over tiles.

    Examples:
      landplan map out/baseline --lang zh
      landplan map out/baseline --tiles amap
    """
    paths = landplan.redraw_map(run_folder, _map_options(lang, tiles, tianditu_key))
    for path in paths:
        console.print(f"Map written to {path}", highlight=False, markup=False)


@app.command(name="layout")
@_interruptible
def layout_(
    run_folder: Annotated[Path, typer.Argument(help="A run folder written by 'landplan run'.")],
    parcels: Annotated[
        Path | None,
        typer.Option(help="Your parcel layer (GeoPackage, GeoJSON, Shapefile) instead of a grid."),
    ] = None,
    cell_ha: Annotated[float | None, typer.Option(help="Grid cell size in hectares.")] = None,
    cell_shape: Annotated[str | None, typer.Option(help="Grid cells: square or hexagon.")] = None,
    boundary_weight: Annotated[
        float | None, typer.Option(help="Weight of a km of exposed block edge.")
    ] = None,
    partner_weight: Annotated[
        float | None,
        typer.Option(help="Weight of a km of edge shared with a chain partner (× strength)."),
    ] = None,
    contiguity: Annotated[
        bool | None,
        typer.Option("--contiguity/--no-contiguity", help="Each industry one block a park."),
    ] = None,
    gap: Annotated[float | None, typer.Option(help="Relative gap each park should reach.")] = None,
    node_limit: Annotated[
        int | None, typer.Option(help="Branch-and-bound nodes of a park's search.")
    ] = None,
    time_limit: Annotated[
        float | None, typer.Option(help="Seconds per park's search: a safety net.")
    ] = None,
    workers: WorkersOption = 2,
    executor: ExecutorOption = "local",
    scheduler: SchedulerOption = None,
    lang: LangOption = "both",
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print only errors.")] = False,
) -> None:
    """Lay out an existing run's land on parcels inside each park: where each industry's land goes, compact and next to its chain partners.

    Options override the layout section of the run's scenario. Adds layout.csv and a parcels layer (styled for QGIS) to the run folder, and the parcels to map.html (zoom in to a park). The folder is rewritten all at once: an interrupted layout leaves it as it was. Exit codes: 0 every park laid out, 2 invalid input or parcels that cannot hold the plan, 3 a park's layout is infeasible (contiguity), 4 no layout found.

    Examples:
      landplan layout out/baseline
      landplan layout out/baseline --cell-ha 2 --cell-shape hexagon --contiguity
      landplan layout out/baseline --parcels my_parcels.gpkg --workers 4
    """
    given = {
        "parcels": str(parcels.resolve()) if parcels is not None else None,
        "cell_ha": cell_ha,
        "cell_shape": cell_shape,
        "boundary_weight": boundary_weight,
        "partner_weight": partner_weight,
        "contiguity": contiguity,
        "gap": gap,
        "node_limit": node_limit,
        "time_limit": time_limit,
    }
    changes = {key: value for key, value in given.items() if value is not None}
    with Progress(
        *Progress.get_default_columns(), console=errors, disable=quiet, transient=True
    ) as progress:
        task = progress.add_task("laying out parks", total=None)
        folder, layout = landplan.lay_out_folder(
            run_folder,
            changes=changes,
            executor=executor,
            workers=workers,
            scheduler=scheduler,
            map_options=MapOptions(lang=lang),
            progress=lambda park: progress.advance(task),
        )
    if not quiet:
        print_layout(layout)
        console.print(
            f"Layout in {folder}/ · layout.csv, parcels layer in results.gpkg, map: "
            f"{folder / 'map.html'} (zoom in to a park)",
            highlight=False,
            markup=False,
        )
    raise typer.Exit(_layout_code(layout))


def print_layout(layout: landplan.PlanLayout) -> None:
    """Each park's layout: industries with their parcels and blocks, status, gap, and why the
    search stopped; then what the gap is measured against."""
    summary = landplan.layout_summary(layout)
    table = Table(title="Layout by park (parcels on SCHEMATIC park tiers)")
    table.add_column("Park", no_wrap=True)
    table.add_column("Industries (parcels, blocks)")
    table.add_column("Status")
    table.add_column("Gap", justify="right", no_wrap=True)
    table.add_column("Stopped by")
    for result in layout.results:
        rows = summary[summary["park_id"] == result.park_id]
        table.add_row(
            _shown(result.park_id),
            ", ".join(
                f"{_shown(r.cluster_id)} ({r.parcels}, {r.blocks})" for r in rows.itertuples()
            ),
            str(result.status),
            "n/a" if result.gap is None else f"{100 * result.gap:.1f} %",
            str(result.stopped_by),
        )
    console.print(table)
    console.print(
        "Gaps are against a proven bound: the least boundary each industry's land could have.",
        highlight=False,
    )
    from landplan.layout.solve import STOP_MEANINGS  # here: --help stays free of solvers

    for stop in sorted({r.stopped_by for r in layout.results}):
        if stop in STOP_MEANINGS:
            console.print(f"  {stop}: {STOP_MEANINGS[stop]}", highlight=False, markup=False)


def _layout_code(layout: landplan.PlanLayout) -> ExitCode:
    statuses = {result.status for result in layout.results}
    if landplan.Status.INFEASIBLE in statuses:
        return ExitCode.INFEASIBLE
    return ExitCode.SOLVER_FAILURE if landplan.Status.NO_SOLUTION in statuses else ExitCode.OK


def _exit_code(solution: landplan.Solution) -> ExitCode:
    if solution.status == landplan.Status.INFEASIBLE:
        return ExitCode.INFEASIBLE
    return ExitCode.OK if solution.has_plan else ExitCode.SOLVER_FAILURE


def _summary(result: landplan.Run, folder: Path, code: ExitCode) -> dict:
    solution = result.solution
    summary: dict[str, Any] = {
        "scenario": result.scenario.name,
        "status": str(solution.status),
        "objective": solution.objective,
        "bound": solution.bound,
        "gap": solution.gap,
        "runtime_s": round(solution.runtime_s, 3),
        "folder": str(folder),
        "exit_code": int(code),
    }
    if result.layout is not None:
        summary["layout"] = {
            r.park_id: {"status": str(r.status), "gap": r.gap, "stopped_by": str(r.stopped_by)}
            for r in result.layout.results
        }
    return summary


def print_solution(solution: landplan.Solution) -> None:
    """Status in words, the headline figures, diagnostics and the allocation by park."""
    kpis = solution.kpis()
    colour = {"optimal": "green", "feasible": "yellow"}.get(str(solution.status), "red")
    if solution.status == landplan.Status.FEASIBLE and solution.stopped_by == landplan.Stop.GAP:
        colour = "green"
    console.print(f"Status: [{colour}]{escape(status_sentence(kpis))}[/{colour}]", highlight=False)
    for diagnostic in solution.diagnostics:
        console.print(f"  {diagnostic}", highlight=False, markup=False)
    if not solution.has_plan:
        return
    console.print(
        f"Objective {_number(solution.objective, '.3f')} "
        f"(greedy plan: {_number(solution.greedy_objective, '.3f')}); "
        f"{kpis['land_allocated_km2']:.2f} km² allocated, {kpis['land_unused_km2']:.2f} km² unused; "
        f"suitability {_number(kpis['suitability_per_km2'], '.3f')} per km²; "
        f"{_number(kpis['endorsed_land_share'], '.0%')} of land in policy-endorsed districts; "
        "shortfall by "
        + "/".join(k.split("_")[1] for k in kpis if k.startswith("shortfall_"))
        + ": "
        + " / ".join(f"{value:.2f}" for key, value in kpis.items() if key.startswith("shortfall_"))
        + " km²",
        highlight=False,
    )
    table = Table(title="Allocation by park (km²; SCHEMATIC park geometry)")
    table.add_column("Park", no_wrap=True)
    table.add_column("District")
    table.add_column("Clusters, by land")
    table.add_column("Used / land", justify="right", no_wrap=True)
    for row in solution.park_table().itertuples():
        table.add_row(  # names and ids from the data, shown as they are (no rich markup)
            _shown(row.park_id),
            _shown(row.district),
            _shown(row.clusters_by_land),
            f"{row.used_km2:.2f} / {row.capacity_km2:.2f}",
        )
    console.print(table)


def _shown(value: object) -> str:
    """A string from the data as the terminal should show it: control characters (escape
    sequences could move the cursor or retitle the window) dropped, rich markup escaped."""
    return escape(re.sub(r"[\x00-\x1f\x7f-\x9f]", "", str(value)))


def _number(value: float | None, spec: str) -> str:
    """A figure, or "n/a" where there is none (no bound, no greedy plan, no district lists)."""
    return "n/a" if value is None else format(value, spec)


def main() -> None:
    """Entry point: run the app, turning known failures into one line and an exit code."""
    try:
        app()
    except landplan.InputError as exc:
        _fail(exc.message, ExitCode.INVALID_INPUT)
    except landplan.ProblemError as exc:
        _fail(f"the rules contradict each other: {exc}", ExitCode.INVALID_INPUT)
    except SolverError as exc:
        _fail(str(exc), ExitCode.SOLVER_FAILURE)
    except LandplanError as exc:  # anything else landplan refuses on purpose: a usage problem
        _fail(str(exc), ExitCode.INVALID_INPUT)


def _fail(message: str, code: ExitCode) -> None:
    errors.print(f"[red]error:[/red] {escape(message)}", highlight=False, soft_wrap=True)
    sys.exit(code)
