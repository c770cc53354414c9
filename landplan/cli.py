"""The ``landplan`` command line. Thin: each command is a call into the public API plus printing.

Exit codes: 0 success; 2 invalid input (the message names the file, row or feature, and field)
or contradictory rules; 3 infeasible (the diagnostics name the clusters, parks and locks);
4 the solver failed or found no plan in time.
"""

from __future__ import annotations

import sys
from enum import IntEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

import landplan
from landplan.solvers import SolverError
from landplan.vocabulary import DISTRICTS, HORIZONS, TIERS

app = typer.Typer(
    help="Plan where Shenzhen's strategic emerging industry clusters go.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
console = Console()
errors = Console(stderr=True)


@app.callback()
def _landplan() -> None:
    """Plan where Shenzhen's strategic emerging industry clusters go."""


class ExitCode(IntEnum):
    OK = 0
    INVALID_INPUT = 2
    INFEASIBLE = 3
    SOLVER_FAILURE = 4


@app.command()
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
        table.add_row("", f"[bold]{district} {DISTRICTS.get(district, '')}[/bold]")
        for row in group.itertuples():
            table.add_row(
                row.park_id,
                f"{row.name_en}\n{row.name_zh}",
                row.name_status,
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


@app.command()
def solve(
    solver: Annotated[str, typer.Option(help="highs or cbc.")] = "highs",
    time_limit: Annotated[float, typer.Option(help="Seconds before the solver stops.")] = 60.0,
    gap: Annotated[
        float, typer.Option(help="Stop at this relative gap (0 proves optimality).")
    ] = 0.0,
) -> None:
    """Solve the bundled problem with default parameters and print the plan.

    Example: landplan solve --solver cbc --time-limit 30
    """
    parks, catalog = landplan.load_parks(), landplan.load_catalog()
    suitability = landplan.score_suitability(parks, catalog, landplan.load_infrastructure())
    problem = landplan.Problem.from_layers(parks, catalog, suitability)
    options = landplan.SolverOptions(solver=solver, time_limit=time_limit, gap_rel=gap)
    with console.status(f"solving with {solver} (at most {time_limit:g} s)…"):
        solution = landplan.solve(problem, options)
    print_solution(solution)
    if solution.status == landplan.Status.INFEASIBLE:
        raise typer.Exit(ExitCode.INFEASIBLE)
    if not solution.has_plan:
        raise typer.Exit(ExitCode.SOLVER_FAILURE)


def print_solution(solution: landplan.Solution) -> None:
    """Status in words, the headline figures, diagnostics and the allocation by park."""
    kpis = solution.kpis()
    if solution.status == landplan.Status.OPTIMAL:
        verdict = f"[green]optimal[/green] (proven, gap 0) in {solution.runtime_s:.1f} s"
    elif solution.status == landplan.Status.FEASIBLE:
        verdict = (
            f"[yellow]feasible, not proven optimal[/yellow]: {solution.reason}; "
            f"within {100 * solution.gap:.2f} % of the best possible (bound "
            f"{solution.bound:.3f}) after {solution.runtime_s:.1f} s"
        )
    else:
        verdict = f"[red]{solution.status}[/red]: {solution.reason}"
    console.print(f"Status: {verdict}", highlight=False)
    for diagnostic in solution.diagnostics:
        console.print(f"  {diagnostic}", highlight=False, markup=False)
    if not solution.has_plan:
        return
    console.print(
        f"Objective {solution.objective:.3f} (greedy plan: {solution.greedy_objective:.3f}); "
        f"{kpis['land_allocated_km2']:.2f} km² allocated, {kpis['land_unused_km2']:.2f} km² unused; "
        f"suitability {kpis['suitability_per_km2']:.3f} per km²; "
        f"{100 * kpis['endorsed_land_share']:.0f} % of land in policy-endorsed districts; "
        f"shortfall by 2025/2030/2035: "
        + " / ".join(f"{kpis[f'shortfall_{h}_km2']:.2f}" for h in HORIZONS)
        + " km²",
        highlight=False,
    )
    table = Table(title="Allocation by park (km²; SCHEMATIC park geometry)")
    table.add_column("Park", no_wrap=True)
    table.add_column("District")
    table.add_column("Clusters, by land")
    table.add_column("Used / land", justify="right", no_wrap=True)
    for row in solution.park_table().itertuples():
        table.add_row(
            row.park_id,
            row.district,
            row.clusters_by_land,
            f"{row.used_km2:.2f} / {row.capacity_km2:.2f}",
        )
    console.print(table)


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


def _fail(message: str, code: ExitCode) -> None:
    errors.print(f"[red]error:[/red] {escape(message)}", highlight=False, soft_wrap=True)
    sys.exit(code)
