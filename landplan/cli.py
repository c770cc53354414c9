"""The ``landplan`` command line. Thin: each command parses its options, calls one workflow of
the library (:mod:`landplan.workflows`) and prints through :mod:`landplan.console`, which also
says what each exit code means. The options that override a scenario's settings are made from
the settings' own declarations (their names, types, help and defaults)."""

from __future__ import annotations

import functools
import signal
from pathlib import Path
from typing import Annotated, Any

import typer

import landplan
import landplan.machine as machine
from landplan import console
from landplan.analysis.specs import ExploreSpec, SweepSpec
from landplan.console import ExitCode
from landplan.errors import InputError
from landplan.flags import (
    Command,
    Json,
    OneScenario,
    Out,
    PackFolder,
    Quiet,
    RunFolder,
    Scenarios,
    enabled_flag,
    executor_flags,
    lang_flag,
    layout_flags,
    map_flags,
    solver_flags,
    spec,
    sweep_solver_flags,
    tradeoff_flags,
)
from landplan.inputs.settings import Changes
from landplan.maps.options import MapOptions
from landplan.outputs.qgis_plugin import PLUGIN_ZIP
from landplan.parallel import Executor
from landplan.progress import Progress
from landplan.web import DEFAULT_DATA

app = typer.Typer(
    help="Plan where a city's strategic industry clusters go.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def command(function: Command, group: typer.Typer = app) -> Command:
    """A command of ``group`` (``map_`` is ``map``): a known failure said in one line with its
    exit code; Ctrl-C during it says what was kept, exit code 130."""

    name = function.__name__.rstrip("_").replace("_", "-")

    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> None:
        with console.failures(name if kwargs.get("json_out") else None):
            function(*args, **kwargs)

    return group.command(name=name)(wrapper)


@app.callback()
def _landplan() -> None:
    """Plan where a city's strategic industry clusters go (Shenzhen's 20+8 plan pack by
    default; any other with --pack or a scenario in its folder)."""


@command
def info(
    parks: Annotated[
        Path | None,
        typer.Option(
            help="Park tiers layer (GeoJSON, GeoPackage, Shapefile); the plan pack's by default."
        ),
    ] = None,
    pack: PackFolder = None,
) -> None:
    """Show the parks by district and tier, with their releasable industrial land and totals.

    Examples:
      landplan info
      landplan info --pack my_pack --parks my_parks.gpkg
    """
    plan_pack = landplan.load_pack(pack)
    layer = landplan.load_parks(parks, plan_pack)
    console.print_parks(layer, landplan.summarise_parks(layer), plan_pack)


@command
@solver_flags
@enabled_flag
@executor_flags
@map_flags
def run(
    scenarios: Scenarios,
    out: Out = Path("out"),
    xlsx: Annotated[bool, typer.Option("--xlsx", help="Also write results.xlsx.")] = False,
    json_out: Json = False,
    quiet: Quiet = False,
    *,
    changes: Changes,
    executor: Executor,
    map_options: MapOptions,
) -> None:
    """Run scenarios and write their tables, GeoPackage, map and report to OUT/<scenario>/.

    Every scenario is checked before any is solved. Outputs are written all at once: an interrupted run leaves the previous results intact. With --layout (or layout.enabled in the scenario), each park's land is then laid out on parcels, parks in parallel on --workers processes. Exit codes: 0 every run has a plan, 2 invalid input, 3 a scenario (or a park's layout) is infeasible, 4 the solver failed or found no plan in time.

    Examples:
      landplan run baseline
      landplan run baseline --layout
      landplan run baseline strict-policy demand-surge --time-limit 30
      landplan run my_scenario.yaml --out results --solver scip --xlsx
    """
    show = not (quiet or json_out)
    with console.progress("", show=show, transient=True, events=json_out) as bar:
        shown = console.RunsShown(bar, show)
        landplan.run_scenarios(
            scenarios,
            changes=changes,
            out=out,
            executor=executor,
            xlsx=xlsx or None,
            map_options=map_options,
            progress=bar.report,
            on_run=shown.done,
            on_park=shown.park,
        )
    if json_out:
        shown.print_json()
    raise typer.Exit(shown.code)


@command
def validate(
    scenarios: Annotated[
        list[str] | None,
        typer.Argument(help="Scenario files (.yaml) or names of the plan pack's scenarios."),
    ] = None,
    pack: PackFolder = None,
    json_out: Json = False,
) -> None:
    """Check scenarios, or a whole plan pack, without solving: the files, their parents, names, data (the parcel layer too, when a scenario lays out or names one) and the rules' checks. With --pack and no scenarios: the pack's manifest, every data file it names and every scenario in it.

    Examples:
      landplan validate baseline my_scenario.yaml
      landplan validate --pack my_pack
    """
    checked: landplan.Pack | None = None
    if pack is not None and not scenarios:
        with console.progress("", transient=True, events=json_out) as bar:
            told = Progress(f"plan pack {pack}", bar.report)
            told.stage("checking its scenarios")
            check = landplan.validate_pack(pack, progress=told.count)
        checked, found = check.pack, check.scenarios
    elif scenarios:
        plan_pack = landplan.load_pack(pack) if pack is not None else None
        found = [
            landplan.validate_scenario(landplan.load_scenario(name, plan_pack))
            for name in scenarios
        ]
    else:
        raise InputError("validate", "name scenarios to check, or a plan pack with --pack")
    if json_out:
        console.print_validation_json(found, checked)
    else:
        console.print_validation(found, checked)


@command
def new_pack(
    folder: Annotated[Path, typer.Argument(help="The new plan pack's folder (must not exist).")],
) -> None:
    """Write a plan pack to fill in: a manifest and every file it names, describing a small synthetic example town (every figure marked as an example), that runs as it is.

    Example: landplan new-pack my_pack && landplan validate --pack my_pack
    """
    written = landplan.write_pack_template(folder)
    console.out.print(
        f"[green]wrote[/green] plan pack template {console.shown(str(written))}: fill in pack.yaml "
        "and the files it names, then check with landplan validate --pack"
    )


@command
def suitability(
    scenario: OneScenario,
    industry: Annotated[
        list[str] | None,
        typer.Option(help="An industry's id (repeatable); every industry if none is given."),
    ] = None,
    out: Out = Path("out"),
    json_out: Json = False,
) -> None:
    """Rank every park for each industry by the scenario's suitability, without solving: each park's score and each criterion's part in it (why here).

    Writes suitability.gpkg (layer suitability, one feature a park and industry, styled for QGIS by score) and suitability.csv to OUT/<scenario>-suitability/.

    Examples:
      landplan suitability baseline --industry semiconductors
      landplan suitability my_scenario.yaml --out results
    """
    outcome = landplan.suitability_scenario(scenario, industries=industry or (), out=out)
    if json_out:
        console.print_suitability_json(outcome)
    else:
        console.print_suitability(outcome)


@command
@solver_flags
@map_flags
def compare(
    runs: Annotated[list[str], typer.Argument(help="Run folders, or scenarios to run.")],
    out: Out = Path("out"),
    json_out: Json = False,
    *,
    changes: Changes,
    map_options: MapOptions,
) -> None:
    """Compare runs: clusters that moved between parks, KPI changes, land side by side.

    Writes compare.csv, compare_kpis.csv, moves.csv, compare.html (maps side by side) and compare_map.html (one map, a layer per run).

    Examples:
      landplan compare out/baseline out/strict-policy
      landplan compare baseline demand-surge --gap 0.001
    """
    comparison, folder = landplan.compare_scenarios(
        runs, out, changes=changes, map_options=map_options
    )
    if json_out:
        console.print_comparison_json(comparison, folder)
    else:
        console.print_comparison(comparison, folder)


@command
@spec(SweepSpec)
@sweep_solver_flags
@executor_flags
@lang_flag
def sweep(
    scenario: OneScenario,
    out: Out = Path("out"),
    quiet: Quiet = False,
    *,
    spec: SweepSpec,
    changes: Changes,
    executor: Executor,
    map_options: MapOptions,
) -> None:
    """Solve many samples of a scenario with weights and demand perturbed: how often each cluster gets land in each park (selection frequency), and how stable each park and cluster is.

    Writes samples.csv, frequency.csv, stability_clusters.csv, stability_parks.csv, sweep.json and frequency.html. Ctrl-C stops and keeps the samples done so far.

    Examples:
      landplan sweep baseline --samples 200 --vary weights=0.2,demand=0.15 --seed 1
      landplan sweep baseline --executor dask --scheduler tcp://10.0.0.5:8786
    """
    loaded = landplan.load_scenario(scenario).with_settings(changes)
    with console.progress(f"sweeping {loaded.name}", spec.samples, show=not quiet) as bar:
        outcome = landplan.sweep_scenario(
            loaded, spec, executor=executor, out=out, map_options=map_options, progress=bar.report
        )
    if not quiet:
        console.print_sweep(outcome)
    if outcome.interrupted:
        raise typer.Exit(ExitCode.INTERRUPTED)  # what was done is kept


@command
@spec(ExploreSpec)
@solver_flags
@lang_flag
def explore(
    scenario: OneScenario,
    out: Out = Path("out"),
    *,
    spec: ExploreSpec,
    changes: Changes,
    map_options: MapOptions,
) -> None:
    """Around a scenario's plan: how much each assignment matters (the objective lost if that cluster were barred from that park), genuinely different plans that are nearly as good, and each site's own value (chain bonus left out).

    Writes importance.csv, importance.html, alternatives.csv, each alternative's allocation and map (alternative_<j>_allocation.csv, alternative_<j>.html), sites.csv, the plan's allocation (plan_allocation.csv) and explore.json.

    Examples:
      landplan explore baseline
      landplan explore baseline --no-importance --alternatives 5 --share 0.02 --min-difference 8
    """
    loaded = landplan.load_scenario(scenario).with_settings(changes)
    with console.progress(f"exploring {loaded.name}") as bar:
        found = landplan.explore_scenario(
            loaded, spec, out=out, map_options=map_options, progress=bar.report
        )
    if not found.plan.has_plan:
        console.print_solution(found.plan)
        raise typer.Exit(console.solution_code(found.plan))
    console.print_exploration(found)


@command
@tradeoff_flags
@solver_flags
@enabled_flag
@executor_flags
@lang_flag
def tradeoff(
    scenario: OneScenario,
    out: Out = Path("out"),
    quiet: Quiet = False,
    *,
    changes: Changes,
    executor: Executor,
    map_options: MapOptions,
) -> None:
    """Trade a scenario's objectives off: the plans where no objective can gain without another losing, each certified within the gap, what a unit of one costs of the other, and the knee.

    Objectives: suitability (suitability-weighted land, km²), demand_<year> (demand met by the year, km²), chain (chain partners sharing a park), balance (land away from the policy's district emphasis, km²), sites (industry sites). Methods: epsilon (a front of 2 objectives, a grid of 3), hierarchical, reference, weights. The options override the scenario's tradeoff section. With --layout, each point on the front is laid out on parcels and its layout's exposed edge measured beside it. Writes front.csv, points.csv, each point's allocation and map (point_<k>_allocation.csv, point_<k>.html), tradeoff.json and tradeoff.html.

    Examples:
      landplan tradeoff baseline --objectives suitability,balance --points 12
      landplan tradeoff baseline --objectives suitability,balance,chain --points 5
      landplan tradeoff baseline --objectives demand_2025,suitability --method hierarchical --tolerances 0.01
      landplan tradeoff baseline --objectives suitability,balance --method reference --reference suitability=44,balance=3
    """
    loaded = landplan.load_scenario(scenario).with_settings(changes)
    with console.progress(f"trade-off of {loaded.name}", show=not quiet) as bar:
        outcome = landplan.tradeoff_scenario(
            loaded, out=out, executor=executor, map_options=map_options, progress=bar.report
        )
    if not quiet:
        console.print_tradeoff(outcome)


@command
@map_flags
def map_(run_folder: RunFolder, *, map_options: MapOptions) -> None:
    """Draw a run's maps again (map.html, suitability.html and the report holding the map) from its saved results, e.g. in another language or over tiles.

    Examples:
      landplan map out/baseline --lang zh
      landplan map out/baseline --tiles amap
    """
    for path in landplan.redraw_map(run_folder, map_options):
        console.say(f"Written: {path}")


@command
@layout_flags
@executor_flags
@lang_flag
def layout_(
    run_folder: RunFolder,
    quiet: Quiet = False,
    json_out: Json = False,
    *,
    changes: Changes,
    executor: Executor,
    map_options: MapOptions,
) -> None:
    """Lay out an existing run's land on parcels inside each park: where each industry's land goes, compact and next to its chain partners.

    Options override the layout section of the run's scenario. Adds layout.csv and a parcels layer (styled for QGIS) to the run folder, and the parcels to map.html (zoom in to a park). The folder is rewritten all at once: an interrupted layout leaves it as it was. Exit codes: 0 every park laid out, 2 invalid input or parcels that cannot hold the plan, 3 a park's layout is infeasible, 4 no layout found (with --contiguity, an industry that cannot be one block is laid out in blocks and named in layout.csv's note, with why).

    Examples:
      landplan layout out/baseline
      landplan layout out/baseline --cell-ha 2 --cell-shape hexagon --contiguity
      landplan layout out/baseline --parcels my_parcels.gpkg --workers 4
    """
    show = not (quiet or json_out)
    with console.progress("laying out parks", show=show, transient=True, events=json_out) as bar:
        folder = landplan.lay_out_run(
            run_folder,
            changes=changes["layout"],
            executor=executor,
            map_options=map_options,
            progress=bar.log,
        )
    summary = landplan.read_layout_table(folder)
    code = console.layout_code(set(summary["park_status"].astype(str)))
    if json_out:
        console.print_layout_json(folder, summary, code)
    elif show:
        console.print_laid_out(folder, summary)
    raise typer.Exit(code)


@command
def version(json_out: Json = False) -> None:
    """Show landplan's version, and the version of its contract with the programs that call it (--json)."""
    if json_out:
        machine.print_document("version", ExitCode.OK)
    else:
        console.say(f"landplan {machine.version()} (contract {machine.CONTRACT})")


@command
def qgis_plugin(
    zip_file: Annotated[
        Path, typer.Argument(help="The plugin's zip to write.", metavar="ZIP")
    ] = Path("dist") / PLUGIN_ZIP,
) -> None:
    """Build the QGIS plugin (a Processing provider "landplan") as a zip that QGIS installs: Plugins › Manage and Install Plugins › Install from ZIP. The plugin calls this landplan (recorded in the zip) in its own environment.

    Example: landplan qgis-plugin dist/landplan_processing.zip
    """
    written = landplan.write_plugin_zip(zip_file)
    console.say(
        f"Written: {written} (QGIS: Plugins › Manage and Install Plugins › Install from ZIP)"
    )


Database = Annotated[
    str | None,
    typer.Option(
        envvar="LANDPLAN_DATABASE",
        help="The store's database as a SQLAlchemy URL, e.g. "
        "postgresql+psycopg://landplan@dbhost/landplan (default: SQLite in --data).",
    ),
]
DataFolder = Annotated[
    Path, typer.Option(help="Folder of the workbench's store: scenarios, runs, uploads.")
]


@command
@executor_flags
def serve(
    host: Annotated[
        str,
        typer.Option(
            help="Address to serve on. Another than this machine's (0.0.0.0…) needs an admin "
            "account and HTTPS."
        ),
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port (0: a free one).")] = 0,
    data: DataFolder = DEFAULT_DATA,
    database: Database = None,
    jobs: Annotated[int, typer.Option(help="Jobs (runs, sweeps) that run at once.", min=1)] = 2,
    browser: Annotated[bool, typer.Option(help="Open the workbench in the browser.")] = True,
    public_name: Annotated[
        list[str] | None,
        typer.Option(help="A host name other machines reach the server by (repeatable)."),
    ] = None,
    tls_cert: Annotated[
        Path | None, typer.Option(help="HTTPS: the server's certificate (PEM).")
    ] = None,
    tls_key: Annotated[Path | None, typer.Option(help="HTTPS: its private key (PEM).")] = None,
    proxy: Annotated[
        str | None,
        typer.Option(
            help="Address of an HTTPS proxy in front of the server (trusted for "
            "X-Forwarded-Proto and -For)."
        ),
    ] = None,
    check: Annotated[
        bool,
        typer.Option(
            "--check",
            help="Check the data folder, the store (read whole), the HTTPS files and what "
            "serving other machines needs, then exit (0: ready to serve, 2: not, and why).",
        ),
    ] = False,
    *,
    executor: Executor,
) -> None:
    """Start the workbench in the browser: scenarios edited with forms, runs, maps, charts, comparisons, sweeps, downloads. Without accounts it serves this machine only; the store is one SQLite file in --data, or a PostgreSQL database (--database). Ctrl-C stops it.

    Examples:
      landplan serve
      landplan serve --data my_workbench --port 8800 --no-browser
      landplan serve --data my_workbench --check
      landplan serve --executor dask --scheduler tcp://10.0.0.5:8786
      landplan serve --host 0.0.0.0 --port 443 --tls-cert cert.pem --tls-key key.pem --database postgresql+psycopg://landplan@db/landplan
    """
    from landplan.web.jobs import JobSettings
    from landplan.web.server import ServerSettings, check_service, open_browser
    from landplan.web.server import serve as run_server

    settings = ServerSettings(host, port, tuple(public_name or ()), tls_cert, tls_key, proxy)
    if check:
        bench = check_service(data, settings, database)
        console.say(f"ready to serve: data in {data}, store {bench.store.shown_url} reads whole")
        return

    def ready(address: str) -> None:
        console.say(f"landplan workbench at {address} (data in {data}); Ctrl-C stops it")
        if browser:
            open_browser(address)

    run_server(data, settings, JobSettings(slots=jobs, executor=executor), database, ready)


users = typer.Typer(help="The workbench's accounts: add, list, change.", no_args_is_help=True)
app.add_typer(users, name="users")
user_command = functools.partial(command, group=users)


def _accounts(data: Path, database: str | None) -> Any:
    from landplan.web.accounts import Accounts
    from landplan.web.store import Store

    return Accounts(Store(data, database=database))


def _new_password(from_stdin: bool) -> str:
    """A password read from stdin's first line, or typed twice (not shown)."""
    if from_stdin:
        import sys

        return sys.stdin.readline().rstrip("\n")
    return str(typer.prompt("Password", hide_input=True, confirmation_prompt=True))


@user_command
def add(
    name: Annotated[str, typer.Argument(help="The account's name (letters, digits, . _ - @).")],
    role: Annotated[
        str, typer.Option(help="viewer (see, download), planner (also edit, run) or admin.")
    ] = "planner",
    data: DataFolder = DEFAULT_DATA,
    database: Database = None,
    password_stdin: Annotated[
        bool, typer.Option(help="Read the password from stdin's first line (for scripts).")
    ] = False,
) -> None:
    """Add an account to the workbench's store (the first must be an admin's).

    Examples:
      landplan users add chen --role admin
      echo "$PASSWORD" | landplan users add li --role viewer --password-stdin --data /srv/landplan
    """
    accounts = _accounts(data, database)
    accounts.add(name, _new_password(password_stdin), role, "landplan users add")
    console.say(f"account '{name}' added ({role})")


@user_command
def list_(data: DataFolder = DEFAULT_DATA, database: Database = None) -> None:
    """List the accounts: name, role, whether they may log in, since when."""
    for row in _accounts(data, database).listed():
        state = "may log in" if row["active"] else "may not log in"
        console.say(f"{row['name']}\t{row['role']}\t{state}\tsince {row['created_at']}")


@user_command
def set_(
    name: Annotated[str, typer.Argument(help="The account's name.")],
    role: Annotated[str | None, typer.Option(help="A new role.")] = None,
    active: Annotated[
        bool | None, typer.Option("--active/--inactive", help="May it log in.")
    ] = None,
    password: Annotated[bool, typer.Option(help="Set a new password (typed twice).")] = False,
    password_stdin: Annotated[
        bool, typer.Option(help="Set a new password from stdin's first line.")
    ] = False,
    data: DataFolder = DEFAULT_DATA,
    database: Database = None,
) -> None:
    """Change an account's role, password, or whether it may log in (its sessions end).

    Examples:
      landplan users set li --role planner
      landplan users set chen --password
    """
    new = _new_password(password_stdin) if password or password_stdin else None
    accounts = _accounts(data, database)
    accounts.change(name, "landplan users set", role=role, password=new, active=active)
    console.say(f"account '{name}' changed")


def main() -> None:
    """Entry point: run the app; known failures end in one line and their exit code. Ctrl-C
    (SIGINT) stops the work even where the process was started with it ignored (a background
    job of a script): asked to stop, landplan stops."""
    signal.signal(signal.SIGINT, signal.default_int_handler)
    with console.failures():
        app()
