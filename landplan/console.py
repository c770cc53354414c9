"""What the terminal shows of landplan's results: status in words, tables, summaries, errors,
and the exit code each outcome earns. The CLI parses and calls; it prints through here.

Exit codes: 0 success; 2 invalid input (the message names the file, row or feature, and field)
or contradictory rules; 3 infeasible (the diagnostics name the clusters, parks and locks);
4 the solver failed or found no plan in time; 130 interrupted.
"""

from __future__ import annotations

import re
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from enum import IntEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from rich.console import Console
from rich.markup import escape
from rich.progress import Progress, TaskID
from rich.table import Table

import landplan.machine as machine
from landplan.errors import InputError, LandplanError, ProblemError, SolverError, os_failure
from landplan.i18n import gettext as _
from landplan.pages.labels import figure_rows
from landplan.progress import Report
from landplan.solving.result import Status, Stop
from landplan.solving.words import STOPS, status_sentence
from landplan.vocabulary import is_missing

if TYPE_CHECKING:  # the console imports no geospatial or solver library itself
    import pandas as pd

    from landplan.analysis.compare import Comparison
    from landplan.assembly import Inputs
    from landplan.inputs.pack import Pack
    from landplan.optimisation.diagnostics import Diagnostic
    from landplan.optimisation.solution import Solution
    from landplan.workflows import (
        Exploration,
        RunOutcome,
        SuitabilityOutcome,
        SweepOutcome,
        TradeoffOutcome,
    )

#: Scenarios checked, each with what the rules' checks found.
Checked = list[tuple["Inputs", list["Diagnostic"]]]

out = Console()
err = Console(stderr=True)
#: Away from a terminal, a counted job's progress is written at most this often (seconds).
LINE_EVERY_S = 5.0


class ExitCode(IntEnum):
    OK = 0
    INVALID_INPUT = 2
    INFEASIBLE = 3
    SOLVER_FAILURE = 4
    INTERRUPTED = 130  # as a shell reports Ctrl-C


def fail(message: str, code: ExitCode) -> NoReturn:
    """One line on stderr (what a user typed in it shown visibly: see :func:`visible`), then
    the exit code."""
    err.print(f"[red]error:[/red] {shown(message)}", highlight=False, soft_wrap=True)
    sys.exit(code)


@contextmanager
def failures(command: str | None = None) -> Iterator[None]:
    """Known failures as one line and their exit code; Ctrl-C says what was kept. Given the
    ``command`` (``--json``), the line is said in its JSON document on stdout instead
    (:mod:`landplan.machine`)."""
    try:
        yield
    except (LandplanError, OSError, KeyboardInterrupt) as exc:
        message, code = failure(exc)
        if command is None:
            fail(message, code)
        machine.print_document(command, code, message)
        sys.exit(code)


def failure(exc: BaseException) -> tuple[str, ExitCode]:
    """A known failure's one-line message and exit code."""
    if isinstance(exc, InputError):
        return exc.message, ExitCode.INVALID_INPUT
    if isinstance(exc, ProblemError):
        return f"the rules contradict each other: {exc}", ExitCode.INVALID_INPUT
    if isinstance(exc, SolverError):
        return str(exc), ExitCode.SOLVER_FAILURE
    if isinstance(exc, LandplanError):  # anything else landplan refuses on purpose: usage
        return str(exc), ExitCode.INVALID_INPUT
    if isinstance(exc, OSError):  # what the system refused where no path was known to say
        return os_failure(exc).message, ExitCode.INVALID_INPUT
    return "interrupted: nothing more was written; earlier results are intact", (
        ExitCode.INTERRUPTED
    )


class Ticker:
    """A progress bar's task: :meth:`advance` it, :meth:`describe` the step it is at, or let it
    read the work's reports (:meth:`report`)."""

    def __init__(
        self, bar: Progress, task: TaskID, show: bool = True, events: bool = False
    ) -> None:
        self.bar, self.task, self.show, self.events = bar, task, show, events
        self._said: tuple[str, str, bool] | None = None
        self._said_at = 0.0

    def report(self, report: Report) -> None:
        """The work's report: with ``events`` (``--json``), a line of JSON on stderr
        (:mod:`landplan.machine`); on a terminal, the bar's line (figures and counts as they
        change); elsewhere (a pipe, a log) a line on stderr when the stage changes, and a
        counted job's count at most every LINE_EVERY_S."""
        if self.events:
            machine.tell(machine.progress_line(report))
        if not self.show:
            return
        if err.is_terminal:
            self.bar.update(
                self.task, description=shown(report.words()),
                completed=report.done or 0, total=report.total,
            )  # fmt: skip
            return
        now, stage = time.monotonic(), (report.task, report.stage, report.done == report.total)
        counted = report.total is not None and now - self._said_at >= LINE_EVERY_S
        if stage != self._said or counted:
            self._said, self._said_at = stage, now
            step(report.words())

    def advance(self, steps: float = 1) -> None:
        self.bar.advance(self.task, steps)

    def describe(self, text: str) -> None:
        self.bar.update(self.task, description=shown(text))

    def count(self, text: str, done: int, total: int) -> None:
        """Where a counted job stands: ``done`` of ``total``, and the last step in words."""
        self.bar.update(self.task, description=shown(text), completed=done, total=total)

    def log(self, text: str, done: int, total: int) -> None:
        """As :meth:`count`, and each step also as a line of its own (:func:`step`), kept once
        the bar is gone: a park laid out, with its gap."""
        if self.events:
            machine.tell(machine.step_line(text, done, total))
        if self.show:
            step(text)
        self.count(text, done, total)


@contextmanager
def progress(
    description: str,
    total: float | None = None,
    *,
    show: bool = True,
    transient: bool = False,
    events: bool = False,
) -> Iterator[Ticker]:
    """A progress bar on stderr while the work in the block goes on (with ``events``, its
    reports as lines of JSON instead: ``--json``)."""
    with Progress(console=err, transient=transient, disable=not show or events) as bar:
        yield Ticker(
            bar, bar.add_task(shown(description), total=total), show and not events, events
        )


def step(text: str) -> None:
    """A step of long work, as a line on stderr (above a progress bar while one is shown)."""
    err.print(shown(text), highlight=False, soft_wrap=True)


class RunsShown:
    """Runs shown as each is done (unless ``show`` is off) and ticked off on ``bar``, their
    exit codes and their ``--json`` summaries gathered; the parks of their layouts each said as
    they are laid out (:meth:`park`)."""

    def __init__(self, bar: Ticker, show: bool) -> None:
        self.bar, self.show = bar, show
        self.codes: list[ExitCode] = [ExitCode.OK]
        self.summaries: list[dict[str, Any]] = []

    def done(self, outcome: RunOutcome) -> None:
        self.codes.append(run_code(outcome))
        self.summaries.append(run_summary(outcome, self.codes[-1]))
        if self.show:
            print_run(outcome)
        self.bar.advance()

    def park(self, words: str, done: int, parks: int) -> None:
        """A layout's progress: its size, then each park as it is done, a line each."""
        if self.bar.events:
            machine.tell(machine.step_line(words, done, parks))
        if self.show:
            step(words)

    def print_json(self) -> None:
        machine.print_document("run", self.code, runs=self.summaries)

    @property
    def code(self) -> ExitCode:
        return max(self.codes)


def say(text: str) -> None:
    """Plain text from landplan or the data, shown as it is (no rich markup), but for what
    :func:`visible` shows visibly (its lines and tabs kept)."""
    out.print(visible(text, keep="\n\t"), highlight=False, markup=False)


#: What a terminal would act on rather than show: C0 and C1 controls (escape sequences move the
#: cursor, retitle the window), and the marks that turn text right to left or hide where it
#: does (U+200E/F, U+202A–U+202E, U+2066–U+2069), which can make a name read as another.
_UNSEEN = re.compile(r"[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def visible(text: str, keep: str = "") -> str:
    """``text`` (anything a user typed may be in it) with every character a terminal would
    act on rather than show written out as an escape (``\\u202e``, ``\\x1b``), but those
    in ``keep``."""
    return _UNSEEN.sub(lambda m: m[0] if m[0] in keep else _escaped(m[0]), text)


def _escaped(char: str) -> str:
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def shown(value: object) -> str:
    """A string from the data as the terminal should show it: on one line, what a terminal
    would act on shown visibly (:func:`visible`), rich markup escaped."""
    return escape(visible(str(value)))


def number(value: float | None, spec: str) -> str:
    """A figure, or "n/a" where there is none (no bound, no greedy plan, no district lists)."""
    return "n/a" if value is None else format(value, spec)


# --- exit codes ---


def solution_code(solution: Solution) -> ExitCode:
    if solution.status == Status.INFEASIBLE:
        return ExitCode.INFEASIBLE
    return ExitCode.OK if solution.has_plan else ExitCode.SOLVER_FAILURE


def layout_code(statuses: set[str]) -> ExitCode:
    """From the parks' layout statuses."""
    if Status.INFEASIBLE in statuses:
        return ExitCode.INFEASIBLE
    return ExitCode.SOLVER_FAILURE if Status.NO_SOLUTION in statuses else ExitCode.OK


def run_code(outcome: RunOutcome) -> ExitCode:
    code = solution_code(outcome.run.solution)
    layout = outcome.run.layout
    if layout is not None:
        code = max(code, layout_code({str(r.status) for r in layout.results}))
    return code


# --- what each command prints ---


def print_parks(layer: pd.DataFrame, summary: pd.DataFrame, pack: Pack) -> None:
    """The parks by district and tier (``pack``'s words), with their releasable land and
    totals."""
    table = Table(
        title=f"{pack.name}: the parks' releasable industrial land, km²",
        caption="Park geometry is SCHEMATIC. Status 'working': the park was not identified in "
        "the sources; a plausible site is used.",
    )
    table.add_column("Park", no_wrap=True)
    table.add_column("Name 名称", min_width=14)
    table.add_column("Status", no_wrap=True)
    tiers = [t for t in pack.tiers if t.id in summary.columns]
    for tier in tiers:
        table.add_column(f"{tier.id}\n{tier.release_by}", justify="right", no_wrap=True)
    table.add_column("Total", justify="right", no_wrap=True)
    table.add_column("Gross", justify="right", no_wrap=True)
    for district, group in summary.groupby("district", sort=False):
        local = pack.districts.get(str(district), "")
        table.add_row("", f"[bold]{shown(district)} {shown(local)}[/bold]")
        for row in group.itertuples():
            table.add_row(
                shown(row.park_id),
                f"{shown(row.name_en)}\n{shown(row.name_zh)}",
                shown(row.name_status),
                *(f"{getattr(row, t.id):.2f}" for t in tiers),
                f"{row.industrial_land_km2:.2f}",
                f"{row.gross_area_km2:.1f}",
            )
        table.add_section()
    totals = [summary[t].sum() for t in (*(t.id for t in tiers), "industrial_land_km2")]
    table.add_row(
        "",
        f"[bold]Total: {len(summary)} parks, {len(layer)} tiers[/bold]",
        "",
        *(f"[bold]{value:.2f}[/bold]" for value in totals),
        f"[bold]{summary['gross_area_km2'].sum():.1f}[/bold]",
    )
    out.print(table)


def print_run(outcome: RunOutcome) -> None:
    """A run: its scenario, solution, layout and files."""
    run, folder = outcome.run, outcome.folder
    out.rule(f"[bold]{shown(run.scenario.name)}[/bold]")
    print_solution(run.solution)
    if run.layout is not None:
        from landplan.layout.measures import summary_table  # loaded once there is a layout

        print_layout(summary_table(run.layout))
    if folder is not None:
        say(f"Results in {folder}/ · map: {folder / 'map.html'} · report: {folder / 'report.html'}")


def print_solution(solution: Solution) -> None:
    """Status in words, the headline figures, diagnostics and the allocation by park."""
    kpis = solution.kpis()
    colour = {"optimal": "green", "feasible": "yellow"}.get(str(solution.status), "red")
    if solution.status == Status.FEASIBLE and solution.stopped_by == Stop.GAP:
        colour = "green"
    out.print(f"Status: [{colour}]{escape(status_sentence(kpis))}[/{colour}]", highlight=False)
    for diagnostic in solution.diagnostics:
        say(f"  {diagnostic}")
    if not solution.has_plan:
        return
    shortfall = {k.split("_")[1]: v for k, v in kpis.items() if k.startswith("shortfall_")}
    out.print(
        f"Objective {number(solution.objective, '.3f')} "
        f"(greedy plan: {number(solution.greedy_objective, '.3f')}); "
        f"{kpis['land_allocated_km2']:.2f} km² allocated, {kpis['land_unused_km2']:.2f} km² unused; "
        f"suitability {number(kpis['suitability_per_km2'], '.3f')} per km²; "
        f"{number(kpis['endorsed_land_share'], '.0%')} of land in policy-endorsed districts; "
        f"shortfall by {'/'.join(shortfall)}: "
        + " / ".join(f"{value:.2f}" for value in shortfall.values())
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
            shown(row.park_id),
            shown(row.district),
            shown(row.clusters_by_land),
            f"{row.used_km2:.2f} / {row.capacity_km2:.2f}",
        )
    out.print(table)


def print_layout(summary: pd.DataFrame) -> None:
    """Each park's layout (from its layout.csv table): industries with their parcels and
    blocks, status, gap and why the search stopped; then what the gap is measured against."""
    table = Table(title="Layout by park (parcels on SCHEMATIC park tiers)")
    for name in ("Park", "Industries (parcels, blocks)", "Status", "Gap", "Stopped by"):
        table.add_column(
            name, no_wrap=name in ("Park", "Gap"), justify="right" if name == "Gap" else "left"
        )
    for park, rows in summary.groupby("park_id", sort=True):
        first = rows.iloc[0]
        gap = first["park_gap"]
        table.add_row(
            shown(park),
            ", ".join(
                f"{shown(r.cluster_id)} ({r.parcels}, {r.blocks})" for r in rows.itertuples()
            ),
            shown(first["park_status"]),
            "n/a" if is_missing(gap) else f"{100 * gap:.1f} %",
            shown(first["park_stopped_by"]),
        )
    out.print(table)
    out.print(
        "Gaps are against a proven bound: the least boundary each industry's land could have.",
        highlight=False,
    )
    for row in summary.itertuples():
        if not is_missing(getattr(row, "note", "")) and row.note:
            say(f"  {shown(row.park_id)}: {shown(row.note)}")
    for stop in sorted(set(summary["park_stopped_by"].astype(str))):
        if stop in set(Stop) and Stop(stop) not in (Stop.GAP, Stop.PROOF):
            say(f"  {stop}: {_(STOPS[Stop(stop)].meaning)}")


def run_summary(outcome: RunOutcome, code: ExitCode) -> dict[str, Any]:
    """A run for ``--json``."""
    run, solution = outcome.run, outcome.run.solution
    summary: dict[str, Any] = {
        "scenario": run.scenario.name,
        "status": str(solution.status),
        "objective": solution.objective,
        "bound": solution.bound,
        "gap": solution.gap,
        "runtime_s": round(solution.runtime_s, 3),
        "folder": str(outcome.folder),
        "exit_code": int(code),
    }
    if run.layout is not None:
        summary["layout"] = {
            r.park_id: {"status": str(r.status), "gap": r.gap, "stopped_by": str(r.stopped_by)}
            for r in run.layout.results
        }
    return summary


def print_layout_json(folder: Path, summary: pd.DataFrame, code: ExitCode) -> None:
    """A layout for ``--json``: the run folder, each park's status, gap and stop."""
    first = summary.groupby("park_id", sort=False).first()
    parks = {
        str(park): {
            "status": str(row.park_status),
            "gap": None if is_missing(row.park_gap) else float(row.park_gap),
            "stopped_by": str(row.park_stopped_by),
        }
        for park, row in first.iterrows()
    }
    machine.print_document("layout", code, folder=str(folder), parks=parks)


def print_laid_out(folder: Path, summary: pd.DataFrame) -> None:
    """A run folder just laid out: its layout, and where the files are."""
    print_layout(summary)
    say(
        f"Layout in {folder}/ · layout.csv, parcels layer in results.gpkg, map: "
        f"{folder / 'map.html'} (zoom in to a park)"
    )


def print_comparison_json(comparison: Comparison, folder: Path) -> None:
    """A comparison for ``--json``: its folder, the runs, and which industries moved."""
    moves = comparison.moves
    machine.print_document(
        "compare",
        ExitCode.OK,
        folder=str(folder),
        runs=list(comparison.names),
        industries=len(moves),
        moved=sorted(str(c) for c in moves.loc[moves["moved"], "cluster_id"]),
    )


def print_comparison(comparison: Comparison, folder: Path) -> None:
    """The headline figures of the runs side by side, with their changes, and where to look."""
    names = list(comparison.names)
    table = Table(title=f"Changes are against {shown(names[0])}", title_justify="left")
    table.add_column("Figure")
    for name in names:
        table.add_column(shown(name), justify="right")
    for name in names[1:]:
        table.add_column(f"Change in {shown(name)}", justify="right")
    for row in figure_rows(comparison.kpis, names):
        table.add_row(*(shown(cell) for cell in row))
    out.print(table)
    moved = comparison.moves[comparison.moves["moved"]]
    say(
        f"{len(moved)} of {len(comparison.moves)} industries changed parks. "
        f"Comparison in {folder}/ (compare.html)"
    )


def print_validation(found: Checked, pack: Pack | None) -> None:
    """Scenarios checked (of ``pack``, when a whole pack was): each valid, with its findings."""
    if pack is not None:
        out.print(
            f"[green]valid[/green] plan pack {shown(pack.name)} ({shown(str(pack.folder))}): "
            f"{len(pack.districts)} districts, {len(pack.tiers)} tiers, horizons "
            f"{', '.join(map(str, pack.horizons))}, {len(found)} scenarios"
        )
    for inputs, diagnostics in found:
        scenario = inputs.scenario
        out.print(f"[green]valid[/green] {shown(scenario.name)} ({shown(str(scenario.source))})")
        for diagnostic in diagnostics:
            say(f"  {diagnostic}")


def print_validation_json(found: Checked, pack: Pack | None) -> None:
    """Scenarios checked, for ``--json``: each with its findings (level, kind, words)."""
    scenarios = [
        {
            "name": inputs.scenario.name,
            "source": str(inputs.scenario.source),
            "findings": [
                {"level": d.level, "kind": d.kind, "message": d.message} for d in diagnostics
            ],
        }
        for inputs, diagnostics in found
    ]
    machine.print_document(
        "validate",
        ExitCode.OK,
        pack=None if pack is None else {"name": pack.name, "folder": str(pack.folder)},
        scenarios=scenarios,
    )


def print_suitability(outcome: SuitabilityOutcome, best: int = 3) -> None:
    """Each industry's ``best`` parks with their scores, and where the layer is."""
    for industry, ranked in outcome.layer.groupby("cluster_id", sort=False):
        top = ranked.head(best)
        parks = ", ".join(
            f"{r.rank} {shown(r.park_name_en)} ({shown(r.park_id)}) {r.score:.3f}"
            for r in top.itertuples()
        )
        say(f"{shown(industry)}: {parks}")
    if outcome.folder is not None:
        say(f"Every park ranked in {outcome.folder}/ (suitability.gpkg, suitability.csv)")


def print_suitability_json(outcome: SuitabilityOutcome) -> None:
    """The parks ranked for ``--json``: the folder and, by industry, each park's rank and
    score, best first."""
    ranked = {
        str(industry): [
            {"rank": int(r.rank), "park_id": str(r.park_id), "score": float(r.score)}
            for r in rows.itertuples()
        ]
        for industry, rows in outcome.layer.groupby("cluster_id", sort=False)
    }
    machine.print_document(
        "suitability",
        ExitCode.OK,
        folder=None if outcome.folder is None else str(outcome.folder),
        industries=ranked,
    )


def print_sweep(outcome: SweepOutcome) -> None:
    results, timing, spec = outcome.results, outcome.timing, outcome.spec
    short = sum(not r.converged for r in results)
    say(
        f"{len(results)} of {spec.samples} samples in {timing['wall_s']:.1f} s "
        f"({timing['samples_per_s']} per s); {short} did not reach the {spec.gap:g} gap"
        + ("" if spec.include_unconverged or not short else " and are left out")
        + f". Results in {outcome.folder}/ (frequency.html)"
    )


def print_tradeoff(outcome: TradeoffOutcome) -> None:
    """The front's points, what it shows, and where it was written."""
    front = outcome.front
    keys = [o.key for o in front.objectives]
    table = front.table().set_index("point")
    order = [p.number for p in front.kept]
    shown = table.loc[order, [*keys, "status", "gap", "knee"]].reset_index()
    say(shown.to_string(index=False, float_format=lambda v: f"{v:.4g}"))
    say(
        f"{len(front.points)} points solved in {outcome.wall_s:.1f} s, {front.certified} "
        f"certified within {100 * front.options.gap:g} %; {len(front.kept)} on the front, "
        f"{len(front.dominated_by)} removed (beaten or repeated)"
        + (f"; the knee is point {front.knee}" if front.knee is not None else "")
    )
    if len(front.kept) == 1 and front.method in ("epsilon", "weights"):
        say("No trade-off: one plan is best on every objective at once.")
    if outcome.folder is not None:
        say(f"Results in {outcome.folder}/ (open tradeoff.html)")


def print_exploration(found: Exploration) -> None:
    sites = found.sites
    assert sites is not None  # a plan has sites
    kept = [f"{c}@{p}" for c, p in sites.loc[sites["bonus_only"], ["cluster_id", "park_id"]].values]
    say(
        f"{len(sites)} sites; {len(kept)} kept only by the chain bonus"
        + (f": {', '.join(kept)}" if kept else "")
    )
    if found.importance is not None:
        say(found.importance.head(10).to_string(index=False))
    if found.alternatives_table is not None:
        say(found.alternatives_table.to_string(index=False))
    say(f"Results in {found.folder}/")
