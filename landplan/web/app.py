"""The workbench's web application (Starlette, pages rendered on the server, a little script of
our own): its routes (:mod:`~landplan.web.scenario_pages`, :mod:`~landplan.web.result_pages`,
each parsing its request, calling :class:`~landplan.web.service.Workbench` and rendering) and
what guards them all.

Security: every route is answered only to the role it needs, and only about projects its asker
sees (:mod:`landplan.web.guard`); the server answers only to its own host names (no DNS
rebinding); every form carries a token tied to the browser's cookie (CSRF); every string is
escaped by the templates; the pages load scripts only from the server itself
(Content-Security-Policy), and the maps and reports of results are served sandboxed (their own
scripts run, but they cannot reach the workbench).
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any

import sqlalchemy as sa
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

from landplan.errors import OSFailure, os_reason
from landplan.i18n import N_, speaking
from landplan.i18n import gettext as _
from landplan.limits import (
    MAX_ANONYMOUS_BODY_BYTES,
    MAX_FORM_BODY_BYTES,
    MAX_UPLOAD_BODY_BYTES,
    megabytes,
)
from landplan.web import account_pages, result_pages, scenario_pages
from landplan.web.accounts import Role
from landplan.web.bodies import BodyLimit, TooLarge
from landplan.web.glossary import GLOSSARY
from landplan.web.guard import Endpoint, NoProject, guarded
from landplan.web.http import (
    CSRF_COOKIE,
    FILE_POLICY,
    LOCAL_HOSTS,
    PAGE_POLICY,
    lang_of,
    message,
    render,
    set_cookie,
)
from landplan.web.service import Workbench

log = logging.getLogger(__name__)


def create_app(
    bench: Workbench, *, run_jobs: bool = True, hosts: tuple[str, ...] = LOCAL_HOSTS
) -> Starlette:
    """The workbench over ``bench``, answering to the host names ``hosts`` (its job runner
    started with the app unless ``run_jobs`` is False, as a test that drives it by hand
    wants)."""

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
            Middleware(TrustedHostMiddleware, allowed_hosts=list(hosts)),
            Middleware(BaseHTTPMiddleware, dispatch=_headers),
            # inside the others: its refusal reaches the exception handlers (ANSWERS) as is
            Middleware(BodyLimit, limit_of=body_limit),
        ],
        exception_handlers=dict(ANSWERS),
        lifespan=lifespan,
    )
    app.state.bench = bench
    return app


async def _headers(
    request: Request, call_next: Callable[[Request], Awaitable[Response]]
) -> Response:
    """The request answered in its page's language, with security headers; the browser's CSRF
    token made on its first visit."""
    token = request.cookies.get(CSRF_COOKIE) or secrets.token_urlsafe(32)
    request.state.csrf = token
    with speaking(lang_of(request)):
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
        set_cookie(request, response, CSRF_COOKIE, token)
    return response


def _saying(
    status: int, title: str, said: str
) -> Callable[[Request, Exception], Awaitable[Response]]:
    """An exception's handler: a page that says ``said`` (both marked for the catalog)."""

    async def handler(request: Request, _exc: Exception) -> Response:
        return message(request, status, _(title), _(said))

    return handler


async def _too_large(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, TooLarge)
    said = _("The request is larger than %(size)s, the most this page takes.")
    return message(request, 413, _("Too large"), said % {"size": megabytes(exc.limit)})


async def _store_fault(request: Request, exc: Exception) -> Response:
    """A page saying the store cannot be read (damaged, or its database gone), never a 500:
    the fault is logged for whoever runs the server."""
    log.error("the store could not be read: %s", " ".join(str(exc).split())[:500])
    said = _(
        "The workbench's store cannot be read: it may be damaged. Ask whoever runs the server "
        "to check it (landplan serve --check) and restore it from a backup."
    )
    return message(request, 503, _("The store cannot be read"), said)


async def _files_fault(request: Request, exc: Exception) -> Response:
    """A page saying the server could not read or write its own files (no space, no
    permission…), never a 500 and never its paths: nothing was changed (every write is atomic);
    the fault is logged, with the path, for whoever runs the server."""
    error = exc.error if isinstance(exc, OSFailure) else exc
    assert isinstance(error, OSError)
    log.error("the server's files: %s", " ".join(str(exc).split())[:500])
    said = _(
        "The server could not read or write its files (%(reason)s). Nothing was changed; ask "
        "whoever runs the server."
    )
    return message(request, 503, _("The server's files"), said % {"reason": os_reason(error, _)})


#: What an exception a page lets through is answered with.
ANSWERS = {
    sa.exc.DatabaseError: _store_fault,
    OSError: _files_fault,
    OSFailure: _files_fault,
    TooLarge: _too_large,
    NoProject: _saying(
        403,
        N_("No project yet"),
        N_("No project is shared with your account yet: ask an admin to share one."),
    ),
    LookupError: _saying(
        404,
        N_("Not found"),
        N_("There is nothing here: the scenario, run or file may have been deleted."),
    ),
}


VIEWER: Role = "viewer"
PLANNER: Role = "planner"
ADMIN: Role = "admin"


async def help_page(request: Request) -> Response:
    """The glossary: every term the pages use, with its definition, each under its anchor."""
    return render(request, "help.html.j2", glossary=GLOSSARY)


def _page(path: str, endpoint: Endpoint, role: Role | None = VIEWER, post: bool = False) -> Route:
    """A route answered only to the role (see :mod:`landplan.web.guard`)."""
    return Route(path, guarded(role, endpoint), methods=["POST"] if post else ["GET"])


ROUTES = [
    _page("/login", account_pages.login_page, None),
    _page("/login", account_pages.login, None, post=True),
    _page("/logout", account_pages.logout, post=True),
    _page("/project", account_pages.choose_project, post=True),
    _page("/who", account_pages.set_who, post=True),
    _page("/admin", account_pages.admin_page, ADMIN),
    _page("/admin/users", account_pages.user_add, ADMIN, post=True),
    _page("/admin/users/{user}", account_pages.user_change, ADMIN, post=True),
    _page("/admin/projects", account_pages.project_add, ADMIN, post=True),
    _page("/admin/projects/{project}", account_pages.project_share, ADMIN, post=True),
    _page("/", scenario_pages.scenario_list),
    _page("/scenarios/new", scenario_pages.scenario_new, PLANNER, post=True),
    _page("/scenarios/import", scenario_pages.scenario_import, PLANNER, post=True),
    _page("/scenarios/{key}", scenario_pages.scenario_page),
    _page("/scenarios/{key}", scenario_pages.scenario_save, PLANNER, post=True),
    _page("/scenarios/{key}/rename", scenario_pages.scenario_rename, PLANNER, post=True),
    _page("/scenarios/{key}/place", scenario_pages.scenario_place, PLANNER, post=True),
    _page("/scenarios/{key}/unplace", scenario_pages.scenario_unplace, PLANNER, post=True),
    _page("/scenarios/{key}/delete", scenario_pages.scenario_delete_page, PLANNER),
    _page("/scenarios/{key}/delete", scenario_pages.scenario_delete, PLANNER, post=True),
    _page("/scenarios/{key}/export", scenario_pages.scenario_export),
    _page("/scenarios/{key}/parks-map", scenario_pages.parks_map),
    _page("/scenarios/{key}/{kind}", scenario_pages.scenario_job, PLANNER, post=True),
    _page("/jobs/{job}", result_pages.job_page),
    _page("/jobs/{job}/status", result_pages.job_status),
    _page("/jobs/{job}/cancel", result_pages.job_cancel, PLANNER, post=True),
    _page("/runs", result_pages.history),
    _page("/runs/compare", result_pages.results_compare, PLANNER, post=True),
    _page("/runs/import", result_pages.results_import, PLANNER, post=True),
    _page("/results/{result}", result_pages.result_page),
    _page("/results/{result}/files/{name:path}", result_pages.result_file),
    _page("/results/{result}/download/{what}", result_pages.result_download),
    _page("/results/{result}/rerun", result_pages.result_rerun, PLANNER, post=True),
    _page("/results/{result}/keep", result_pages.result_keep_point, PLANNER, post=True),
    _page("/results/{result}/comments", result_pages.result_comment, post=True),
    _page("/uploads", result_pages.uploads_page),
    _page("/uploads", result_pages.uploads_add, PLANNER, post=True),
    _page("/help", help_page),
    Route("/favicon.ico", result_pages.favicon),
    Route("/static/report.css", result_pages.page_css),
    Route("/static/charts.css", result_pages.page_css),
    Mount("/static", StaticFiles(packages=[("landplan.web", "static")]), name="static"),
]

#: The routes that take a file: their bodies may be as large as an upload.
UPLOAD_ROUTES = frozenset({"/uploads", "/scenarios/import", "/runs/import"})
#: The routes anyone may post to, without an account: their bodies are a few fields.
OPEN_ROUTES = frozenset(
    route.path
    for route in ROUTES
    if isinstance(route, Route)
    and "POST" in (route.methods or ())
    and getattr(route.endpoint, "needs", "") is None
)


def body_limit(path: str) -> int:
    """The most of a request's body the route at ``path`` reads (see landplan.limits)."""
    if path in UPLOAD_ROUTES:
        return MAX_UPLOAD_BODY_BYTES
    if path in OPEN_ROUTES:
        return MAX_ANONYMOUS_BODY_BYTES
    return MAX_FORM_BODY_BYTES
