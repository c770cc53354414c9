"""The pages of what scenarios make: a job's progress, a run's result view (figures, charts,
map, tables, why here), analyses and comparisons, downloads, history, imports and uploads."""

from __future__ import annotations

import functools
import json
import re
from pathlib import Path
from typing import Any

from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import (
    FileResponse,
    JSONResponse,
    Response,
)

from landplan.errors import LandplanError
from landplan.i18n import N_, said, speaking
from landplan.i18n import gettext as _
from landplan.inputs.tradeoff import MOST_POINTS
from landplan.limits import MAX_UPLOAD_BYTES, MiB
from landplan.maps.common import ramp
from landplan.outputs.analysis import (
    ANALYSIS_FILE_WORDS,
    is_analysis_file,
    read_exploration,
    read_sweep,
)
from landplan.pages import why
from landplan.pages.analysis import explore_context, sweep_context
from landplan.pages.compare import comparison_context
from landplan.pages.report import RunPage, explain_context, names_of, report_context, tier_names
from landplan.web.files import UPLOAD_KINDS, UPLOAD_TYPES, check_upload
from landplan.web.forms import LAST_HORIZON, FormErrors
from landplan.web.guard import project_of
from landplan.web.http import (
    FOLLOW,
    attachment,
    bench_of,
    csv_table,
    go,
    lang_of,
    message,
    posted,
    render,
    step_words,
    to_new_job,
    uploaded_file,
    url,
    who_of,
)
from landplan.web.jobspec import POINTS_SEEN
from landplan.web.numbers import form_whole
from landplan.web.service import Workbench
from landplan.web.store import FINAL, jobs, results

#: The files a result offers for download, by the name the page links to.
DOWNLOADS = {
    "results.gpkg": "application/geopackage+sqlite3",
    "report.html": "text/html",
    "results.xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "scenario.resolved.yaml": "application/yaml",
}
#: A trade-off's files offered for download, by name, with what each is (its points' maps
#: and allocations: :func:`is_tradeoff_file`).
TRADEOFF_FILE_WORDS = {
    "front.csv": N_("the front: its points in order, their values and rates of exchange"),
    "points.csv": N_("every point solved, with what it asked and how its solve ended"),
    "tradeoff.json": N_("the whole trade-off as one record"),
    "tradeoff.html": N_("the trade-off's page, to open without the workbench"),
}
POINT_FILE = re.compile(r"point_[0-9]{1,4}(_allocation\.csv|\.html)")
#: The files of a sweep or an exploration offered for download, by their kind.
ANALYSIS_TYPES = {".csv": "text/csv", ".json": "application/json", ".html": "text/html"}


def job_page(request: Request) -> Response:
    bench = bench_of(request)
    job = bench.job(request.path_params["job"])
    if request.query_params.get(FOLLOW) and job["status"] == "done" and job["result_id"]:
        return go(request, f"/results/{job['result_id']}")
    return render(
        request,
        "job.html.j2",
        job=job,
        final=job["status"] in FINAL,
        history=bench.trail(f"job:{job['id']}"),
    )


def job_status(request: Request) -> Response:
    job = bench_of(request).job(request.path_params["job"])
    done = job["status"] == "done"
    return JSONResponse(
        {
            "status": job["status"],
            "status_words": _(job["status"]),
            "done": job["done"],
            "total": job["total"],
            "step": step_words(job["step"]),
            "message": said(job["message"]),
            "result": url(request, f"/results/{job['result_id']}") if done else None,
            "points": points_seen(bench_of(request), job),
        }
    )


def points_seen(bench: Workbench, job: dict[str, Any]) -> list[str]:
    """A running trade-off's points solved so far (its worker's ``points.json``), each in a
    line of the page's language; none for any other job."""
    if job["kind"] != "tradeoff" or job["status"] != "running":
        return []
    try:
        seen = json.loads((bench.folders.jobs / job["id"] / POINTS_SEEN).read_text("utf-8"))
    except (OSError, ValueError):
        return []
    return [_point_line(p) for p in seen if isinstance(p, dict)]


def _point_line(point: dict[str, Any]) -> str:
    from landplan.tradeoff.objectives import DEMAND_PREFIX, FIXED, demand_objective

    said = _("Point %(point)s") % {"point": point.get("number")}
    if not point.get("found"):
        return f"{said}: " + _("no plan meets its bounds")
    values = []
    for key, value in (point.get("values") or {}).items():
        year = str(key).removeprefix(DEMAND_PREFIX)
        horizon = form_whole(year, 0, LAST_HORIZON)
        known = FIXED.get(key) or (demand_objective(horizon) if horizon is not None else None)
        if known is None or not isinstance(value, int | float):
            continue
        label = _(known.label) % dict(known.label_values)
        values.append(f"{label} {value:,.{known.decimals}f} {_(known.unit)}")
    return f"{said}: {', '.join(values)}"


@posted
def job_cancel(request: Request, form: FormData) -> Response:
    bench = bench_of(request)
    job = bench.job(request.path_params["job"])
    bench.jobs.cancel(job["id"], who_of(request))
    return go(request, f"/jobs/{job['id']}")


def history(request: Request, errors: FormErrors | None = None) -> Response:
    bench, project = bench_of(request), project_of(request)
    rows = bench.store.all(
        results, results.c.project_id == project, order=results.c.created_at.desc()
    )
    running = bench.store.all(
        jobs,
        jobs.c.project_id == project,
        jobs.c.status.in_(("queued", "running")),
        order=jobs.c.created_at,
    )
    for row in rows:
        row["hashes"] = json.loads(row["data_sha256"] or "{}")
        row["software"] = json.loads(row["versions"] or "{}")
    return render(
        request,
        "history.html.j2",
        400 if errors else 200,
        rows=rows,
        running=running,
        errors=errors,
    )


def result_page(request: Request) -> Response:
    bench = bench_of(request)
    row = bench.result(request.path_params["result"])
    folder = bench.result_folder(row["id"])
    # what every result's page ends with: its history and its comments
    said: dict[str, Any] = {
        "history": _history(bench, row),
        "comments": bench.comments_on(row["id"]),
    }
    if row["kind"] == "run":
        return _run_page(request, bench, row, folder, said)
    compared = [bench.store.one(results, rid) for rid in json.loads(row["compared"])]
    if row["kind"] == "compare":
        return _comparison_page(request, bench, row, compared, said)
    if row["kind"] == "tradeoff":
        return _tradeoff_page(request, row, folder, said)
    return _analysis_page(request, row, folder, said)


@posted
def result_comment(request: Request, form: FormData) -> Response:
    rid = request.path_params["result"]
    try:
        bench_of(request).comment(rid, str(form.get("text", "")), who_of(request))
    except FormErrors as exc:
        return message(request, 400, _("Not kept"), "; ".join(exc.fields.values()))
    return go(request, f"/results/{rid}#comments")


def _history(bench: Workbench, row: dict[str, Any]) -> list[dict[str, Any]]:
    """Who did what to make the result: its scenario's changes up to then, its job, itself."""
    before = f"scenario:{row['scenario_id']}"
    return [
        entry
        for entry in bench.trail(before, f"job:{row['job_id']}", f"result:{row['id']}")
        if entry["target"] != before or entry["at"] <= row["created_at"]
    ]


def _comparison_page(
    request: Request,
    bench: Workbench,
    row: dict[str, Any],
    compared: list[dict[str, Any] | None],
    said: dict[str, Any],
) -> Response:
    from landplan.analysis.compare import compare_runs
    from landplan.outputs.readback import read_run

    comparison = compare_runs([read_run(bench.result_folder(c["id"])) for c in compared if c])
    tier_changes = csv_table(bench.result_folder(row["id"]) / "tier_changes.csv")
    return render(
        request,
        "comparison.html.j2",
        **comparison_context(comparison),
        row=row,
        compared=compared,
        tier_changes=tier_changes,
        **said,
    )


def _analysis_page(
    request: Request, row: dict[str, Any], folder: Path, said: dict[str, Any]
) -> Response:
    """A sweep's or an exploration's page: its named sections, and its files as downloads."""
    if row["kind"] == "sweep":
        context = sweep_context(read_sweep(folder), ramp)
    else:
        context = explore_context(read_exploration(folder))
    downloads = [
        (name, _(words)) for name, words in ANALYSIS_FILE_WORDS.items() if (folder / name).is_file()
    ]
    return render(request, "analysis.html.j2", row=row, downloads=downloads, **context, **said)


def _tradeoff_page(
    request: Request, row: dict[str, Any], folder: Path, said: dict[str, Any]
) -> Response:
    """A trade-off's page: its body as ``tradeoff.html`` has it (each point of its chart
    opening that point's map, served by the workbench), a form to keep each point of the
    front as a scenario, and its files as downloads."""
    from landplan.outputs.tradeoff import read_tradeoff
    from landplan.pages.tradeoff import tradeoff_context

    record = read_tradeoff(folder)
    context = tradeoff_context(record, link=f"/results/{row['id']}/files/")
    context.pop("schematic_note")  # (every page of the workbench says it: base.html.j2)
    downloads = [(name, words) for name, words in tradeoff_downloads(folder)]
    return render(
        request,
        "tradeoff.html.j2",
        row=row,
        record=record,
        downloads=downloads,
        **context,
        **said,
    )


def tradeoff_downloads(folder: Path) -> list[tuple[str, str]]:
    """A trade-off folder's files offered for download, each with what it is (in the page's
    language); the point maps are opened from the page, not listed."""
    found = [(n, _(w)) for n, w in TRADEOFF_FILE_WORDS.items() if (folder / n).is_file()]
    for path in sorted(folder.glob("point_*_allocation.csv"), key=_point_number):
        words = _("point %(point)s's land by industry and park tier")
        found.append((path.name, words % {"point": _point_number(path)}))
    return found


def _point_number(path: Path) -> int:
    digits = path.name.removeprefix("point_").split("_")[0].split(".")[0]
    return int(digits) if digits.isdigit() else 0


def is_tradeoff_file(name: str) -> bool:
    """Whether ``name`` is a file a trade-off writes (and the only ones it offers)."""
    return name in TRADEOFF_FILE_WORDS or POINT_FILE.fullmatch(name) is not None


@posted
def result_keep_point(request: Request, form: FormData) -> Response:
    """Keep a point of a trade-off as a new scenario (its ``tradeoff.plan``); its page."""
    rid = request.path_params["result"]
    bench = bench_of(request)
    number = form_whole(str(form.get("point", "")), 0, MOST_POINTS)
    try:
        if number is None:
            raise FormErrors({}, [_("no such point with a plan")])
        sid = bench.keep_point(rid, number, who_of(request))
    except FormErrors as exc:
        words = "; ".join([*exc.general, *exc.fields.values()])
        return message(request, 400, _("Not kept"), words)
    return go(request, f"/scenarios/{sid}")


def _run_page(
    request: Request,
    bench: Workbench,
    row: dict[str, Any],
    folder: Path,
    said: dict[str, Any],
) -> Response:
    from landplan.outputs.readback import read_suitability

    page, shown = _run_report(folder, lang_of(request))
    tables = page.tables
    context = {**shown, **explain_context(page)}  # (the cached one is left as it is)
    choice = {
        "cluster": request.query_params.get("cluster", ""),
        "park": request.query_params.get("park", ""),
    }
    reasons: dict[str, Any] = {}
    allocation = tables["allocation"]
    names = why.Names(*names_of(page), tier_names(page.resolved))
    if choice["cluster"] or choice["park"]:
        suitability = read_suitability(folder)
        shadow = csv_table(folder / "shadow_prices.csv")
        if choice["cluster"] in set(tables["clusters"]["cluster_id"]):
            reasons["industry"] = why.for_industry(
                choice["cluster"], suitability, allocation, shadow, names
            )
            reasons["industry_name"] = names.industry[choice["cluster"]]
        if choice["park"] in set(tables["parks"]["park_id"]):
            reasons["park"], reasons["tiers"] = why.for_park(
                choice["park"], suitability, allocation, shadow, names
            )
            reasons["park_name"] = names.park[choice["park"]]
    for key in ("map_html", "files", "resolved_yaml", "schematic_note"):
        context.pop(
            key
        )  # the map is in its own frame; files are downloads; the scenario is the row's
    return render(
        request,
        "run.html.j2",
        **context,
        row=row,
        choice=choice,
        reasons=reasons,
        hashes=json.loads(row["data_sha256"] or "{}"),
        software=json.loads(row["versions"] or "{}"),
        industries=tables["clusters"],
        parks=tables["parks"],
        allocation=why.allocation_table(allocation, names),
        downloads=[n for n in DOWNLOADS if (folder / n).is_file()],
        **said,
    )


@functools.lru_cache(maxsize=32)
def _run_report(folder: Path, lang: str) -> tuple[RunPage, dict[str, Any]]:
    """A run as its report shows it, and what the report shows in ``lang``, read once: a
    result never changes."""
    from landplan.outputs.runfolder import run_page

    page = run_page(folder, with_map=False)
    with speaking(lang):
        return page, report_context(page)


def result_file(request: Request) -> Response:
    """A file of the result, shown in the browser (maps, reports: sandboxed), its pages in the
    language of the page that frames or links it."""
    path = bench_of(request).result_file(
        request.path_params["result"], request.path_params["name"], lang_of(request)
    )
    return FileResponse(path)


def result_download(request: Request) -> Response:
    bench = bench_of(request)
    row = bench.result(request.path_params["result"])
    what = request.path_params["what"]
    if what == "run.zip":
        path, name = bench.files.result_zip(row["id"], lang_of(request))
        return FileResponse(
            path, media_type="application/zip", headers={"Content-Disposition": attachment(name)}
        )
    if what in DOWNLOADS:
        media = DOWNLOADS[what]
    elif row["kind"] in ("sweep", "explore") and is_analysis_file(what):
        media = ANALYSIS_TYPES[Path(what).suffix]
    elif row["kind"] == "tradeoff" and is_tradeoff_file(what):
        media = ANALYSIS_TYPES[Path(what).suffix]
    else:
        raise LookupError(what)
    path = bench.result_file(row["id"], what, lang_of(request), viewed=False)
    return FileResponse(path, media_type=media, headers={"Content-Disposition": attachment(what)})


@posted
def result_rerun(request: Request, form: FormData) -> Response:
    try:
        job_id = bench_of(request).rerun(request.path_params["result"], who_of(request))
    except FormErrors as exc:
        words = "; ".join([*exc.general, *exc.fields.values()])
        return message(request, 400, _("Not run again"), words)
    return to_new_job(request, job_id)


@posted
def results_compare(request: Request, form: FormData) -> Response:
    ids = [str(v) for v in form.getlist("result")]
    try:
        job_id = bench_of(request).compare(ids, who_of(request), project_of(request))
    except (FormErrors, LookupError) as exc:
        return history(
            request, exc if isinstance(exc, FormErrors) else FormErrors({}, [_("no such run")])
        )
    return to_new_job(request, job_id)


@posted
def results_import(request: Request, form: FormData) -> Response:
    try:
        filename, data = uploaded_file(form, _("choose a zip of a run folder"))
        check_upload("run", filename, data)
        result_id = bench_of(request).files.import_run(data, who_of(request), project_of(request))
    except FormErrors as exc:
        return history(request, exc)
    except LandplanError as exc:  # the run folder's own checks
        return history(request, FormErrors({}, [str(exc)]))
    return go(request, f"/results/{result_id}")


def uploads_page(
    request: Request, errors: FormErrors | None = None, typed: dict[str, str] | None = None
) -> Response:
    """The project's uploads and the form to add one (after a refusal, the form as it was
    sent, but for its file, which no browser lets a page fill in)."""
    return render(
        request,
        "uploads.html.j2",
        400 if errors else 200,
        rows=bench_of(request).files.uploaded(project_of(request)),
        errors=errors,
        typed=typed or {},
        upload_kinds=UPLOAD_KINDS,
        upload_types=UPLOAD_TYPES,
        max_mb=MAX_UPLOAD_BYTES // MiB,
    )


@posted
def uploads_add(request: Request, form: FormData) -> Response:
    try:
        filename, data = uploaded_file(form, _("choose a file"))
        bench_of(request).files.upload(
            str(form.get("kind", "")),
            filename,
            data,
            who_of(request),
            project_of(request),
            str(form.get("name", "")),
        )
    except FormErrors as exc:
        typed = {k: str(form.get(k, "")) for k in ("kind", "name")}
        return uploads_page(request, exc, typed)
    return go(request, "/uploads")


def page_css(request: Request) -> Response:
    """The report's and the charts' style sheets, which the workbench's pages share."""
    from importlib.resources import files

    name = request.url.path.removeprefix("/static/").removesuffix(".css")
    text = files("landplan.pages").joinpath(f"templates/{name}.css").read_text(encoding="utf-8")
    return Response(text, media_type="text/css")


def favicon(_request: Request) -> Response:
    """The workbench's icon, at the address browsers ask for it without being told (the pages
    link it from /static)."""
    from importlib.resources import files

    icon = files("landplan.web").joinpath("static/favicon.svg").read_bytes()
    return Response(icon, media_type="image/svg+xml", headers={"Cache-Control": "max-age=86400"})
