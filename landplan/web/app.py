"""The workbench's web pages (Starlette, pages rendered on the server, a little script of our
own): each route parses its request, calls :class:`~landplan.web.service.Workbench` and renders.

Security: the server answers only to localhost names (no DNS rebinding); every form carries a
token tied to the browser's cookie (CSRF); every string is escaped by the templates; the pages
load scripts only from the server itself (Content-Security-Policy), and the maps and reports of
results are served sandboxed (their own scripts run, but they cannot reach the workbench).
"""

from __future__ import annotations

import functools
import hmac
import json
import secrets
from collections.abc import Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pandas as pd
from jinja2 import ChoiceLoader, Environment, PackageLoader, select_autoescape
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData, UploadFile
from starlette.middleware import Middleware
from starlette.middleware.base import BaseHTTPMiddleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import (
    FileResponse,
    HTMLResponse,
    JSONResponse,
    RedirectResponse,
    Response,
)
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from landplan.errors import LandplanError
from landplan.maps.options import SCHEMATIC_NOTE, MapOptions
from landplan.outputs.analysis import ANALYSIS_FILE_WORDS
from landplan.pages import why
from landplan.pages.compare import comparison_context
from landplan.pages.labels import both_names
from landplan.pages.report import report_context
from landplan.solving.words import status_sentence
from landplan.web import forms
from landplan.web.service import MAX_UPLOAD_BYTES, FormErrors, Workbench
from landplan.web.store import FINAL, jobs, results, scenarios
from landplan.web.words import LANGS, translator

#: The names the server answers to: only this machine.
LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1", "[::1]")
CSRF_COOKIE, WHO_COOKIE = "landplan_csrf", "landplan_who"
#: The workbench's own pages: scripts and styles from the server only.
PAGE_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; frame-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'self'"
)
#: A result's maps and reports: their inline scripts run in a sandbox of their own origin (which
#: is why they may be framed by each other: a comparison's page holds its runs' maps).
FILE_POLICY = (
    "sandbox allow-scripts allow-popups allow-downloads; default-src 'self' 'unsafe-inline' "
    "data: blob:; img-src * data: blob:"
)
#: The files a result offers for download, by the name the page links to.
DOWNLOADS = {
    "results.gpkg": "application/geopackage+sqlite3",
    "report.html": "text/html",
    "results.xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "scenario.resolved.yaml": "application/yaml",
}

_TEMPLATES = Environment(
    loader=ChoiceLoader(
        [PackageLoader("landplan.web", "templates"), PackageLoader("landplan.pages", "templates")]
    ),
    autoescape=select_autoescape(["j2", "html"]),
)


def plan_words(row: dict[str, Any]) -> str:
    """A result's status in a few words: a run's how good its plan is (its first clause), an
    analysis's status as it is."""
    if row.get("kind") != "run":
        return str(row.get("status", ""))
    try:
        return status_sentence(json.loads(row["figures"])).split(" (")[0].split(", certified")[0]
    except (ValueError, KeyError, TypeError):
        return str(row.get("status", ""))


def when(stamp: str) -> str:
    """A stored time as a planner reads it: ``2026-12-03 11:41 UTC``."""
    return stamp[:16].replace("T", " ") + " UTC" if len(stamp) >= 16 else stamp


_TEMPLATES.filters.update(plan_words=plan_words, when=when)


def create_app(bench: Workbench, *, run_jobs: bool = True) -> Starlette:
    """The workbench over ``bench`` (its job runner started with the app unless ``run_jobs``
    is False, as a test that drives it by hand wants)."""

    @asynccontextmanager
    async def lifespan(_app: Starlette) -> Any:
        if run_jobs:
            bench.jobs.start()
        try:
            yield
        finally:
            if run_jobs:
                bench.jobs.stop()

    app = Starlette(
        routes=ROUTES,
        middleware=[
            Middleware(TrustedHostMiddleware, allowed_hosts=list(LOCAL_HOSTS)),
            Middleware(BaseHTTPMiddleware, dispatch=_headers),
        ],
        exception_handlers={LookupError: _not_found},
        lifespan=lifespan,
    )
    app.state.bench = bench
    return app


# Request and response helpers ---------------------------------------------------------------


async def _headers(
    request: Request, call_next: Callable[[Request], Awaitable[Response]]
) -> Response:
    """Security headers on every answer; the browser's CSRF token made on its first visit."""
    token = request.cookies.get(CSRF_COOKIE) or secrets.token_urlsafe(32)
    request.state.csrf = token
    response = await call_next(request)
    sandboxed = request.url.path.startswith("/results/") and "/files/" in request.url.path
    sandboxed |= request.url.path.endswith("/parks-map")
    response.headers.setdefault(
        "Content-Security-Policy", FILE_POLICY if sandboxed else PAGE_POLICY
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "same-origin"
    if not sandboxed:
        response.headers["X-Frame-Options"] = "SAMEORIGIN"
    if CSRF_COOKIE not in request.cookies:
        response.set_cookie(CSRF_COOKIE, token, httponly=True, samesite="strict")
    return response


def bench_of(request: Request) -> Workbench:
    return request.app.state.bench


def lang_of(request: Request) -> str:
    lang = request.query_params.get("lang", "en")
    return lang if lang in LANGS else "en"


def who_of(request: Request) -> str:
    return request.cookies.get(WHO_COOKIE, "")[:100]


def url(request: Request, path: str) -> str:
    """A link inside the workbench, in the page's language."""
    if lang_of(request) == "en":
        return path
    return f"{path}{'&' if '?' in path else '?'}lang={lang_of(request)}"


def render(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    lang = lang_of(request)
    page = _TEMPLATES.get_template(template).render(
        request=request,
        t=translator(lang),
        lang=lang,
        csrf=request.state.csrf,
        who=who_of(request),
        u=lambda path: url(request, path),
        schematic_note=SCHEMATIC_NOTE,
        **context,
    )
    return HTMLResponse(page, status_code=status)


def go(request: Request, path: str) -> RedirectResponse:
    return RedirectResponse(url(request, path), status_code=303)


class Forbidden(LandplanError):
    pass


async def checked_form(request: Request) -> FormData:
    """The posted form, once its CSRF token matches the browser's cookie (and the request comes
    from this server's own pages); a Forbidden error otherwise."""
    if int(request.headers.get("content-length") or 0) > MAX_UPLOAD_BYTES + 65536:
        raise FormErrors({"file": f"larger than {MAX_UPLOAD_BYTES // 2**20} MB"})
    origin = request.headers.get("origin")
    if origin is not None and origin != f"{request.url.scheme}://{request.url.netloc}":
        raise Forbidden("the form was sent from another site")
    form = await request.form(max_part_size=MAX_UPLOAD_BYTES)
    cookie = request.cookies.get(CSRF_COOKIE, "")
    sent = form.get("csrf")
    if not cookie or not isinstance(sent, str) or not hmac.compare_digest(cookie, sent):
        raise Forbidden("the form's token does not match this browser's: reload the page")
    return form


def posted(
    handler: Callable[[Request, FormData], Response],
) -> Callable[[Request], Awaitable[Response]]:
    """A POST route: its form checked first (a refused one answers 403 and changes nothing),
    then the handler in a thread of the server's pool, as every page is: a check or a read of
    a run takes a second, and the server answers others meanwhile."""

    async def route(request: Request) -> Response:
        try:
            form = await checked_form(request)
        except Forbidden as exc:
            return render(request, "message.html.j2", 403, title="Refused", message=str(exc))
        except FormErrors as exc:
            return render(request, "message.html.j2", 413, title="Refused", message=str(exc))
        return await run_in_threadpool(handler, request, form)

    route.__name__ = handler.__name__
    return route


async def _not_found(request: Request, _exc: Exception) -> Response:
    return render(request, "message.html.j2", 404, title="Not found",
                  message="There is nothing here: the scenario, run or file may have been deleted.")  # fmt: skip


def _multi(form: FormData) -> dict[str, list[str]]:
    values: dict[str, list[str]] = {}
    for key, value in form.multi_items():
        if isinstance(value, str):
            values.setdefault(key, []).append(value)
    return values


# Scenarios ------------------------------------------------------------------------------------


def scenario_list(request: Request, errors: FormErrors | None = None) -> Response:
    bench = bench_of(request)
    return render(request, "scenarios.html.j2", 400 if errors else 200,
                  entries=bench.scenario_list(), errors=errors)  # fmt: skip


@posted
def scenario_new(request: Request, form: FormData) -> Response:
    try:
        sid = bench_of(request).create(
            str(form.get("source", "")), str(form.get("name", "")).strip(), who_of(request)
        )
    except FormErrors as exc:
        return scenario_list(request, exc)
    return go(request, f"/scenarios/{sid}")


@posted
def scenario_import(request: Request, form: FormData) -> Response:
    upload = form.get("file")
    try:
        if not isinstance(upload, UploadFile):
            raise FormErrors({"file": "choose a YAML file"})
        data = upload.file.read()
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            raise FormErrors({"file": "not a text file in UTF-8"}) from None
        sid = bench_of(request).import_yaml(text, who_of(request))
    except FormErrors as exc:
        return scenario_list(request, exc)
    return go(request, f"/scenarios/{sid}")


def scenario_page(request: Request, errors: FormErrors | None = None,
                        form: dict[str, list[str]] | None = None) -> Response:  # fmt: skip
    bench, key = bench_of(request), request.path_params["key"]
    text = bench.scenario_text(key)
    scenario = bench.load(key)
    catalog = _catalog()
    try:
        diagnostics = [str(d) for d in bench.diagnostics(key)]
    except FormErrors as exc:  # stored before a check it now fails (its data changed…)
        errors = errors or exc
        diagnostics = []
    context: dict[str, Any] = {
        "key": key,
        "bundled": key.startswith("bundled:"),
        "scenario": scenario,
        "yaml_text": text,
        "errors": errors.fields if errors else {},
        "general": errors.general if errors else [],
        "typed": {k: v[-1] for k, v in (form or {}).items()},
        "sections": forms.generic_fields(scenario),
        "criteria": forms.criteria(scenario),
        "weights": forms.weights(scenario),
        "clusters": catalog,
        "cluster_names": {c["id"]: c["name"] for c in catalog},
        "demand_kinds": forms.DEMAND_KINDS,
        "own": forms.own_placements(text),
        "inherited": _inherited(scenario, forms.own_placements(text)),
        "uploads": {kind: bench.uploads(kind) for kind in ("parks", "parcels", "criterion")},
        "row": None if key.startswith("bundled:") else bench.store.one(scenarios, key),
        "diagnostics": diagnostics,
        "runs": [r for r in bench.store.all(results, order=results.c.created_at.desc())
                 if (r["scenario_id"] or f"bundled:{r['scenario_name']}") == key][:10],
    }  # fmt: skip
    return render(request, "scenario.html.j2", 400 if errors else 200, **context)


@functools.cache
def _catalog() -> list[dict[str, str]]:
    """The bundled catalogue's industries (id, names, kind) for the editor's lists (read once:
    the bundled files do not change while the server runs)."""
    from landplan.inputs.catalog import load_catalog

    clusters = load_catalog().clusters
    return [
        {"id": str(i), "name": both_names(r.name_en, r.name_zh), "kind": str(r.kind)}
        for i, r in clusters.iterrows()
    ]


def _inherited(scenario: Any, own: dict[str, list[dict[str, Any]]]) -> dict[str, list[Any]]:
    """The locks and exclusions a scenario takes from its parent (the merged list's first
    items; its own come last)."""
    inherited = {}
    for key in forms.PLACEMENTS:
        merged = list(getattr(scenario, key))
        inherited[key] = merged[: len(merged) - len(own[key])]
    return inherited


@posted
def scenario_save(request: Request, form: FormData) -> Response:
    bench, key = bench_of(request), request.path_params["key"]
    values = _multi(form)
    try:
        bench.save_form(key, values)
    except FormErrors as exc:
        return scenario_page(request, exc, values)
    return go(request, f"/scenarios/{key}#saved")


@posted
def scenario_rename(request: Request, form: FormData) -> Response:
    bench, key = bench_of(request), request.path_params["key"]
    try:
        bench.rename(key, str(form.get("name", "")).strip(), str(form.get("description", "")))
    except FormErrors as exc:
        return scenario_page(request, exc)
    return go(request, f"/scenarios/{key}")


@posted
def scenario_place(request: Request, form: FormData) -> Response:
    bench, key = bench_of(request), request.path_params["key"]
    try:
        bench.place(
            key, str(form.get("kind", "")), str(form.get("cluster", "")), str(form.get("park", ""))
        )
    except FormErrors as exc:
        return scenario_page(request, exc)
    return go(request, f"/scenarios/{key}#places")


@posted
def scenario_unplace(request: Request, form: FormData) -> Response:
    bench, key = bench_of(request), request.path_params["key"]
    try:
        bench.unplace(key, str(form.get("kind", "")), int(str(form.get("index", "-1"))))
    except (FormErrors, ValueError) as exc:
        return scenario_page(
            request, exc if isinstance(exc, FormErrors) else FormErrors({}, ["no such item"])
        )
    return go(request, f"/scenarios/{key}#places")


def scenario_delete_page(request: Request) -> Response:
    bench, key = bench_of(request), request.path_params["key"]
    row = bench.store.one(scenarios, key) or {}
    if not row:
        raise LookupError(key)
    kept = len(bench.store.all(results, results.c.scenario_id == key))
    return render(request, "delete.html.j2", row=row, kept=kept)


@posted
def scenario_delete(request: Request, form: FormData) -> Response:
    bench_of(request).delete(request.path_params["key"])
    return go(request, "/")


def scenario_export(request: Request) -> Response:
    bench, key = bench_of(request), request.path_params["key"]
    name = bench.load(key).name
    return Response(bench.scenario_text(key).encode("utf-8"), media_type="application/yaml",
                    headers={"Content-Disposition": _attachment(f"{name}.yaml")})  # fmt: skip


def parks_map(request: Request) -> Response:
    """The scenario's parks on a map that tells the editor which park was clicked."""
    bench = bench_of(request)
    scenario = bench.load(request.path_params["key"])
    return HTMLResponse(_picker_html(scenario.data_file("parks"), lang_of(request)))


_PICKERS: dict[tuple[str, str], str] = {}


def _picker_html(parks_file: Path | None, lang: str) -> str:
    from landplan.inputs.layers import load_districts, load_parks
    from landplan.maps.offline import page_html
    from landplan.maps.parks import parks_map as draw_parks
    from landplan.maps.pick import answer_picks
    from landplan.runs import file_sha256

    key = (file_sha256(parks_file) if parks_file else "bundled", lang)
    if key not in _PICKERS:
        fmap = draw_parks(
            load_parks(parks_file),
            load_districts(None),
            MapOptions(lang="both" if lang == "en" else "zh"),
        )
        answer_picks(fmap)
        if len(_PICKERS) >= 8:
            _PICKERS.pop(next(iter(_PICKERS)))
        _PICKERS[key] = page_html(fmap)
    return _PICKERS[key]


@posted
def scenario_job(request: Request, form: FormData) -> Response:
    """Run, sweep or explore the scenario: a job, once the scenario validates."""
    bench, key, kind = bench_of(request), request.path_params["key"], request.path_params["kind"]
    params: dict[str, Any] = {}
    try:
        if kind == "sweep":
            params["sweep"] = {
                "samples": _int(form, "samples", 1, 5000),
                "seed": _int(form, "seed", 0, 2**31),
            }
        elif kind == "explore":
            params["explore"] = {"alternatives": _int(form, "alternatives", 0, 20)}
        elif kind != "run":
            raise LookupError(kind)
        job_id = bench.submit(kind, key, who_of(request), **params)
    except FormErrors as exc:
        return scenario_page(request, exc)
    return go(request, f"/jobs/{job_id}")


def _int(form: FormData, name: str, low: int, high: int) -> int:
    try:
        value = int(str(form.get(name, "")))
    except ValueError:
        raise FormErrors({name: "a whole number"}) from None
    if not low <= value <= high:
        raise FormErrors({name: f"between {low} and {high}"})
    return value


# Jobs -----------------------------------------------------------------------------------------


def job_page(request: Request) -> Response:
    job = bench_of(request).job(request.path_params["job"])
    return render(request, "job.html.j2", job=job, final=job["status"] in FINAL)


def job_status(request: Request) -> Response:
    job = bench_of(request).job(request.path_params["job"])
    done = job["status"] == "done"
    return JSONResponse({
        "status": job["status"], "done": job["done"], "total": job["total"], "step": job["step"],
        "message": job["message"], "result": url(request, f"/results/{job['result_id']}") if done else None,
    })  # fmt: skip


@posted
def job_cancel(request: Request, form: FormData) -> Response:
    bench = bench_of(request)
    job = bench.job(request.path_params["job"])
    bench.jobs.cancel(job["id"])
    return go(request, f"/jobs/{job['id']}")


# Results --------------------------------------------------------------------------------------


def history(request: Request, errors: FormErrors | None = None) -> Response:
    bench = bench_of(request)
    rows = bench.store.all(results, order=results.c.created_at.desc())
    running = bench.store.all(
        jobs, jobs.c.status.in_(("queued", "running")), order=jobs.c.created_at
    )
    for row in rows:
        row["hashes"] = json.loads(row["data_sha256"] or "{}")
        row["software"] = json.loads(row["versions"] or "{}")
    return render(request, "history.html.j2", 400 if errors else 200, rows=rows, running=running, errors=errors)  # fmt: skip


def result_page(request: Request) -> Response:
    bench = bench_of(request)
    row = bench.result(request.path_params["result"])
    folder = bench.result_folder(row["id"])
    if row["kind"] == "run":
        return _run_page(request, bench, row, folder)
    compared = [bench.store.one(results, rid) for rid in json.loads(row["compared"])]
    if row["kind"] == "compare":
        return _comparison_page(request, bench, row, compared)
    tables = {p.name: _csv(p) for p in sorted(folder.glob("*.csv"))}
    pages = sorted(p.name for p in folder.glob("*.html"))
    return render(request, "analysis.html.j2", row=row, tables=tables, pages=pages,
                  words=ANALYSIS_FILE_WORDS)  # fmt: skip


def _comparison_page(
    request: Request, bench: Workbench, row: dict[str, Any], compared: list[dict[str, Any] | None]
) -> Response:
    from landplan.analysis.compare import compare_runs
    from landplan.outputs.readback import read_run

    comparison = compare_runs([read_run(bench.result_folder(c["id"])) for c in compared if c])
    tier_changes = _csv(bench.result_folder(row["id"]) / "tier_changes.csv")
    return render(request, "comparison.html.j2", **comparison_context(comparison), row=row,
                  compared=compared, tier_changes=tier_changes)  # fmt: skip


def _run_page(request: Request, bench: Workbench, row: dict[str, Any], folder: Path) -> Response:
    from landplan.outputs.readback import read_suitability
    from landplan.outputs.runfolder import run_page

    page = run_page(folder, with_map=False)
    context = report_context(page)
    tables = page.tables
    choice = {
        "cluster": request.query_params.get("cluster", ""),
        "park": request.query_params.get("park", ""),
    }
    reasons: dict[str, Any] = {}
    if choice["cluster"] or choice["park"]:
        suitability = read_suitability(folder)
        shadow = _csv(folder / "shadow_prices.csv")
        allocation = tables["allocation"]
        if choice["cluster"] in set(tables["clusters"]["cluster_id"]):
            reasons["industry"] = why.for_industry(
                choice["cluster"], suitability, allocation, shadow
            )
        if choice["park"] in set(tables["parks"]["park_id"]):
            reasons["park"], reasons["tiers"] = why.for_park(
                choice["park"], suitability, allocation, shadow
            )
    for key in ("map_html", "files", "resolved_yaml", "schematic_note"):
        context.pop(
            key
        )  # the map is in its own frame; files are downloads; the scenario is the row's
    return render(request, "run.html.j2", **context, row=row, choice=choice, reasons=reasons,
                  hashes=json.loads(row["data_sha256"] or "{}"), software=json.loads(row["versions"] or "{}"),
                  industries=tables["clusters"], parks=tables["parks"], allocation=tables["allocation"],
                  downloads=[n for n in DOWNLOADS if (folder / n).is_file()])  # fmt: skip


def _csv(path: Path) -> pd.DataFrame:
    try:
        return pd.read_csv(path)
    except (pd.errors.EmptyDataError, FileNotFoundError):
        return pd.DataFrame()


def result_file(request: Request) -> Response:
    """A file of the result, shown in the browser (maps, reports: sandboxed)."""
    path = bench_of(request).result_file(request.path_params["result"], request.path_params["name"])
    return FileResponse(path)


def result_download(request: Request) -> Response:
    bench = bench_of(request)
    row = bench.result(request.path_params["result"])
    what = request.path_params["what"]
    if what == "run.zip":
        data, name = bench.result_zip(row["id"])
        return Response(
            data, media_type="application/zip", headers={"Content-Disposition": _attachment(name)}
        )
    if what not in DOWNLOADS:
        raise LookupError(what)
    path = bench.result_file(row["id"], what)
    return FileResponse(path, media_type=DOWNLOADS[what],
                        headers={"Content-Disposition": _attachment(what)})  # fmt: skip


def _attachment(name: str) -> str:
    from urllib.parse import quote

    return f"attachment; filename*=UTF-8''{quote(name)}"


@posted
def result_rerun(request: Request, form: FormData) -> Response:
    job_id = bench_of(request).rerun(request.path_params["result"], who_of(request))
    return go(request, f"/jobs/{job_id}")


@posted
def results_compare(request: Request, form: FormData) -> Response:
    ids = [str(v) for v in form.getlist("result")]
    try:
        job_id = bench_of(request).compare(ids, who_of(request))
    except (FormErrors, LookupError) as exc:
        return history(
            request, exc if isinstance(exc, FormErrors) else FormErrors({}, ["no such run"])
        )
    return go(request, f"/jobs/{job_id}")


@posted
def results_import(request: Request, form: FormData) -> Response:
    upload = form.get("file")
    try:
        if not isinstance(upload, UploadFile):
            raise FormErrors({"file": "choose a zip of a run folder"})
        from landplan.web.service import check_upload

        data = upload.file.read()
        check_upload("run", upload.filename or "", data)
        result_id = bench_of(request).import_run(data, who_of(request))
    except FormErrors as exc:
        return history(request, exc)
    except LandplanError as exc:  # the run folder's own checks
        return history(request, FormErrors({}, [str(exc)]))
    return go(request, f"/results/{result_id}")


# Uploads and who ------------------------------------------------------------------------------


def uploads_page(request: Request, errors: FormErrors | None = None) -> Response:
    return render(request, "uploads.html.j2", 400 if errors else 200,
                  rows=bench_of(request).uploads(), errors=errors)  # fmt: skip


@posted
def uploads_add(request: Request, form: FormData) -> Response:
    upload = form.get("file")
    try:
        if not isinstance(upload, UploadFile):
            raise FormErrors({"file": "choose a file"})
        data = upload.file.read()
        bench_of(request).upload(str(form.get("kind", "")), upload.filename or "", data,
                                 who_of(request), str(form.get("name", "")))  # fmt: skip
    except FormErrors as exc:
        return uploads_page(request, exc)
    return go(request, "/uploads")


@posted
def set_who(request: Request, form: FormData) -> Response:
    back = str(form.get("back", "/"))
    response = go(request, back if back.startswith("/") and not back.startswith("//") else "/")
    response.set_cookie(
        WHO_COOKIE, str(form.get("who", "")).strip()[:100], httponly=True, samesite="strict"
    )
    return response


def page_css(request: Request) -> Response:
    """The report's and the charts' style sheets, which the workbench's pages share."""
    from importlib.resources import files

    name = request.url.path.removeprefix("/static/").removesuffix(".css")
    text = files("landplan.pages").joinpath(f"templates/{name}.css").read_text(encoding="utf-8")
    return Response(text, media_type="text/css")


ROUTES = [
    Route("/", scenario_list),
    Route("/scenarios/new", scenario_new, methods=["POST"]),
    Route("/scenarios/import", scenario_import, methods=["POST"]),
    Route("/scenarios/{key}", scenario_page),
    Route("/scenarios/{key}", scenario_save, methods=["POST"]),
    Route("/scenarios/{key}/rename", scenario_rename, methods=["POST"]),
    Route("/scenarios/{key}/place", scenario_place, methods=["POST"]),
    Route("/scenarios/{key}/unplace", scenario_unplace, methods=["POST"]),
    Route("/scenarios/{key}/delete", scenario_delete_page),
    Route("/scenarios/{key}/delete", scenario_delete, methods=["POST"]),
    Route("/scenarios/{key}/export", scenario_export),
    Route("/scenarios/{key}/parks-map", parks_map),
    Route("/scenarios/{key}/{kind}", scenario_job, methods=["POST"]),
    Route("/jobs/{job}", job_page),
    Route("/jobs/{job}/status", job_status),
    Route("/jobs/{job}/cancel", job_cancel, methods=["POST"]),
    Route("/runs", history),
    Route("/runs/compare", results_compare, methods=["POST"]),
    Route("/runs/import", results_import, methods=["POST"]),
    Route("/results/{result}", result_page),
    Route("/results/{result}/files/{name:path}", result_file),
    Route("/results/{result}/download/{what}", result_download),
    Route("/results/{result}/rerun", result_rerun, methods=["POST"]),
    Route("/uploads", uploads_page),
    Route("/uploads", uploads_add, methods=["POST"]),
    Route("/who", set_who, methods=["POST"]),
    Route("/static/report.css", page_css),
    Route("/static/charts.css", page_css),
    Mount("/static", StaticFiles(packages=[("landplan.web", "static")]), name="static"),
]
