"""The pages of who uses the workbench: logging in and out, the page's project, the local
planner's name (a workbench without accounts), and the admin's page of accounts, projects and
the audit trail."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import quote

from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import Response

from landplan.i18n import gettext as _
from landplan.i18n import said
from landplan.web.accounts import ROLES, AccountError, Actor
from landplan.web.forms import FormErrors
from landplan.web.guard import actor_of
from landplan.web.http import (
    PROJECT_COOKIE,
    SESSION_COOKIE,
    WHO_COOKIE,
    bench_of,
    go,
    message,
    posted,
    render,
    set_cookie,
)
from landplan.web.store import NAME_CHARS, audit

#: Lines of the audit trail the admin's page shows (the newest).
AUDIT_SHOWN = 200


def _local_path(value: str) -> str:
    """Where to go back to: a path on this server only (never another site)."""
    return value if value.startswith("/") and not value.startswith(("//", "/\\")) else "/"


def login_page(request: Request, problem: str = "", status: int = 200) -> Response:
    if not bench_of(request).accounts.exist():
        return go(request, "/")
    return render(
        request,
        "login.html.j2",
        status,
        problem=problem,
        back=_local_path(request.query_params.get("next", "/")),
    )


@posted
def login(request: Request, form: FormData) -> Response:
    accounts = bench_of(request).accounts
    address = request.client.host if request.client else ""
    try:
        token = accounts.log_in(str(form.get("name", "")), str(form.get("password", "")), address)
    except AccountError as exc:
        return login_page(request, str(exc), 401)
    response = go(request, _local_path(str(form.get("next", "/"))))
    set_cookie(request, response, SESSION_COOKIE, token)
    return response


@posted
def logout(request: Request, form: FormData) -> Response:
    bench_of(request).accounts.log_out(request.cookies.get(SESSION_COOKIE, ""))
    response = go(request, "/login")
    response.delete_cookie(SESSION_COOKIE)
    return response


@posted
def choose_project(request: Request, form: FormData) -> Response:
    """The project the pages show (one the actor sees; the guard checks it on every page)."""
    chosen = str(form.get("project", ""))
    if chosen not in {p["id"] for p in bench_of(request).accounts.projects(actor_of(request))}:
        raise LookupError(chosen)
    response = go(request, _local_path(str(form.get("back", "/"))))
    set_cookie(request, response, PROJECT_COOKIE, chosen)
    return response


@posted
def set_who(request: Request, form: FormData) -> Response:
    """The local planner's name, for the audit trail (with accounts, it is the account's)."""
    if actor_of(request).user_id is not None:
        return message(
            request, 403, _("Not allowed"), _("With accounts, your name is your account's.")
        )
    response = go(request, _local_path(str(form.get("back", "/"))))
    name = str(form.get("who", "")).strip()[:NAME_CHARS]
    set_cookie(request, response, WHO_COOKIE, quote(name, safe=""))  # a cookie is Latin-1: 陈 too
    return response


def admin_page(request: Request, errors: FormErrors | None = None) -> Response:
    bench = bench_of(request)
    actor: Actor = actor_of(request)
    projects = bench.accounts.projects(actor)
    return render(
        request,
        "admin.html.j2",
        400 if errors else 200,
        users=bench.accounts.listed(),
        roles=ROLES,
        all_projects=[{**p, "members": bench.accounts.members(p["id"])} for p in projects],
        lines=bench.with_results(
            bench.store.all(audit, order=audit.c.id.desc(), limit=AUDIT_SHOWN)
        ),
        errors=errors,
    )


def _admin_change(request: Request, change: Callable[[], object]) -> Response:
    """Do an admin's change: back to the page, or the page with the problem by its field."""
    try:
        change()
    except AccountError as exc:
        problem = said(exc.problem)
        fields = {exc.field: problem} if exc.field else {}
        return admin_page(request, FormErrors(fields, [] if exc.field else [problem]))
    return go(request, "/admin")


@posted
def user_add(request: Request, form: FormData) -> Response:
    name, password, role = (str(form.get(k, "")) for k in ("name", "password", "role"))
    accounts, who = bench_of(request).accounts, actor_of(request).name
    return _admin_change(request, lambda: accounts.add(name.strip(), password, role, who))


@posted
def user_change(request: Request, form: FormData) -> Response:
    """An account's role, whether it may log in, and (if typed) a new password."""
    accounts, who = bench_of(request).accounts, actor_of(request).name
    name = request.path_params["user"]
    password = str(form.get("password", "")) or None
    role, active = str(form.get("role", "")), form.get("active") == "on"
    return _admin_change(
        request,
        lambda: accounts.change(name, who, role=role, password=password, active=active),
    )


@posted
def project_add(request: Request, form: FormData) -> Response:
    accounts, who = bench_of(request).accounts, actor_of(request).name
    name, description = str(form.get("name", "")), str(form.get("description", ""))
    return _admin_change(request, lambda: accounts.make_project(name, description, who))


@posted
def project_share(request: Request, form: FormData) -> Response:
    accounts, who = bench_of(request).accounts, actor_of(request).name
    project, names = request.path_params["project"], [str(v) for v in form.getlist("member")]
    return _admin_change(request, lambda: accounts.share(project, names, who))
