"""The ``landplan`` command line. Thin: each command is a call into the public API plus printing.

Exit codes: 0 success, 2 invalid input (the message names the file, row or feature, and field).
"""

from __future__ import annotations

import sys
from enum import IntEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

import landplan
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


def main() -> None:
    """Entry point: run the app, turning input errors into one line and an exit code."""
    try:
        app()
    except landplan.InputError as exc:
        errors.print(
            f"[red]error:[/red] {exc.message}", highlight=False, markup=True, soft_wrap=True
        )
        sys.exit(ExitCode.INVALID_INPUT)
