"""Who may open each page and do each thing: every route of the workbench is wrapped by
:func:`guarded` with the least role it needs.

A request is answered only after:

1. its actor is known: the account of its session cookie, or, on a workbench without accounts,
   its one local planner (:func:`~landplan.web.accounts.local_actor`); nobody logged in is sent
   to the login page (a form is refused);
2. every scenario, job or result named in its path belongs to a project the actor sees: one
   that does not is answered exactly as one that does not exist (404: no ids confirmed by
   guessing);
3. the actor's role is at least the route's (403 otherwise).

The page's project (whose scenarios, runs and uploads the lists show and new things go to) is
the one the browser chose, if the actor sees it, else the first they see (``request.state``
holds it, and the projects the actor sees, for the page's header).
"""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from landplan.i18n import gettext as _
from landplan.web.accounts import Actor, Role, local_actor
from landplan.web.http import (
    PROJECT_COOKIE,
    SESSION_COOKIE,
    bench_of,
    message,
    typed_name,
    url,
)
from landplan.web.store import DEFAULT_PROJECT

#: The path parameters that name a stored thing, and what they name.
NAMED = {"key": "scenario", "job": "job", "result": "result"}

Endpoint = Callable[[Request], Any]


def guarded(role: Role | None, endpoint: Endpoint) -> Callable[[Request], Awaitable[Response]]:
    """``endpoint`` answered only as the module docstring says (``role`` None: to anyone, as
    the login page is). The role is kept on the route as ``needs``."""

    async def route(request: Request) -> Response:
        actor = await run_in_threadpool(_actor, request)
        request.state.actor = actor
        if role is not None:
            if actor is None:
                return _log_in_first(request)
            hidden = await run_in_threadpool(_hidden, request, actor)
            if hidden is not None:
                raise LookupError(hidden)
            if not actor.may(role):
                said = _(
                    "Your account is a %(role)s's: it may not do this (a %(needed)s's may). Ask an admin."
                )
                return message(
                    request,
                    403,
                    _("Not allowed"),
                    said % {"role": _(actor.role), "needed": _(role)},
                )
            request.state.project = await run_in_threadpool(_project, request, actor)
        if inspect.iscoroutinefunction(endpoint):
            return await endpoint(request)
        return await run_in_threadpool(endpoint, request)

    route.__name__ = endpoint.__name__
    route.needs = role  # type: ignore[attr-defined]
    return route


def actor_of(request: Request) -> Actor:
    actor = request.state.actor
    assert actor is not None, "a guarded route with a role has an actor"
    return actor


def project_of(request: Request) -> str:
    """The page's project (LookupError: the actor sees none yet)."""
    project = request.state.project
    if project is None:
        raise NoProject
    return project


class NoProject(LookupError):
    """The actor sees no project yet (an admin shares one with them)."""


def _actor(request: Request) -> Actor | None:
    accounts = bench_of(request).accounts
    if not accounts.exist():
        return local_actor(typed_name(request))
    return accounts.actor(request.cookies.get(SESSION_COOKIE, ""))


def _hidden(request: Request, actor: Actor) -> str | None:
    """A scenario, job or result of the path in a project the actor does not see."""
    bench = bench_of(request)
    for name, kind in NAMED.items():
        value = request.path_params.get(name)
        if value is None or value.startswith("bundled:"):
            continue
        project = bench.project_of(kind, value)
        if project is not None and not actor.sees(project):
            return str(value)
    return None


def _project(request: Request, actor: Actor) -> str | None:
    request.state.projects = bench_of(request).accounts.projects(actor)
    seen = [row["id"] for row in request.state.projects]
    chosen = request.cookies.get(PROJECT_COOKIE, "")
    for candidate in (chosen, DEFAULT_PROJECT):
        if candidate in seen:
            return candidate
    return seen[0] if seen else None


def _log_in_first(request: Request) -> Response:
    if request.method == "GET":
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        from urllib.parse import quote

        return RedirectResponse(url(request, f"/login?next={quote(target)}"), status_code=303)
    return message(request, 403, _("Log in first"), _("Your session has ended."))
