"""The workbench's web application (Starlette, pages rendered on the server, a little script of
our own): its routes (:mod:`~landplan.web.scenario_pages`, :mod:`~landplan.web.result_pages`,
each parsing its request, calling :class:`~landplan.web.service.Workbench` and rendering) and
what guards them all.

Security: the server answers only to localhost names (no DNS rebinding); every form carries a
token tied to the browser's cookie (CSRF); every string is escaped by the templates; the pages
load scripts only from the server itself (Content-Security-Policy), and the maps and reports of
results are served sandboxed (their own scripts run, but they cannot reach the workbench).
"""

from __future__ import annotations

import secrets
from collections.abc import Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.base import BaseHTTPMiddleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import (
    Response,
)
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from landplan.web import result_pages, scenario_pages
from landplan.web.http import (
    CSRF_COOKIE,
    FILE_POLICY,
    LOCAL_HOSTS,
    PAGE_POLICY,
    render,
)
from landplan.web.service import Workbench


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


async def _not_found(request: Request, _exc: Exception) -> Response:
    return render(
        request,
        "message.html.j2",
        404,
        title="Not found",
        message="There is nothing here: the scenario, run or file may have been deleted.",
    )


ROUTES = [
    Route("/", scenario_pages.scenario_list),
    Route("/scenarios/new", scenario_pages.scenario_new, methods=["POST"]),
    Route("/scenarios/import", scenario_pages.scenario_import, methods=["POST"]),
    Route("/scenarios/{key}", scenario_pages.scenario_page),
    Route("/scenarios/{key}", scenario_pages.scenario_save, methods=["POST"]),
    Route("/scenarios/{key}/rename", scenario_pages.scenario_rename, methods=["POST"]),
    Route("/scenarios/{key}/place", scenario_pages.scenario_place, methods=["POST"]),
    Route("/scenarios/{key}/unplace", scenario_pages.scenario_unplace, methods=["POST"]),
    Route("/scenarios/{key}/delete", scenario_pages.scenario_delete_page),
    Route("/scenarios/{key}/delete", scenario_pages.scenario_delete, methods=["POST"]),
    Route("/scenarios/{key}/export", scenario_pages.scenario_export),
    Route("/scenarios/{key}/parks-map", scenario_pages.parks_map),
    Route("/scenarios/{key}/{kind}", scenario_pages.scenario_job, methods=["POST"]),
    Route("/jobs/{job}", result_pages.job_page),
    Route("/jobs/{job}/status", result_pages.job_status),
    Route("/jobs/{job}/cancel", result_pages.job_cancel, methods=["POST"]),
    Route("/runs", result_pages.history),
    Route("/runs/compare", result_pages.results_compare, methods=["POST"]),
    Route("/runs/import", result_pages.results_import, methods=["POST"]),
    Route("/results/{result}", result_pages.result_page),
    Route("/results/{result}/files/{name:path}", result_pages.result_file),
    Route("/results/{result}/download/{what}", result_pages.result_download),
    Route("/results/{result}/rerun", result_pages.result_rerun, methods=["POST"]),
    Route("/uploads", result_pages.uploads_page),
    Route("/uploads", result_pages.uploads_add, methods=["POST"]),
    Route("/who", result_pages.set_who, methods=["POST"]),
    Route("/static/report.css", result_pages.page_css),
    Route("/static/charts.css", result_pages.page_css),
    Mount("/static", StaticFiles(packages=[("landplan.web", "static")]), name="static"),
]
