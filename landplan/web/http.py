"""What every page of the workbench does with its request and answer: the store it serves, the
page's language and the planner's name, rendering (Jinja2, autoescaped, its texts translated
with :mod:`landplan.i18n` into the page's language), and forms checked against cross-site
request forgery before anything is done with them."""

from __future__ import annotations

import hmac
import json
from collections.abc import Awaitable, Callable
from dataclasses import replace
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pandas as pd
from jinja2 import ChoiceLoader, Environment, PackageLoader, select_autoescape
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData, UploadFile
from starlette.requests import Request
from starlette.responses import (
    HTMLResponse,
    RedirectResponse,
    Response,
)

from landplan.errors import LandplanError
from landplan.i18n import LANGS, gettext, language, ngettext, said
from landplan.i18n import gettext as _
from landplan.limits import MAX_UPLOAD_BODY_BYTES
from landplan.maps.options import SCHEMATIC_NOTE
from landplan.progress import Report
from landplan.solving.words import status_brief, status_word
from landplan.web.accounts import LOCAL_PLANNER
from landplan.web.forms import FormErrors
from landplan.web.glossary import FIELD_TERMS, definition, term
from landplan.web.service import Workbench
from landplan.web.store import DEFAULT_PROJECT, DEFAULT_PROJECT_WORDS, NAME_CHARS, WORKBENCH

LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1", "[::1]")
CSRF_COOKIE, WHO_COOKIE = "landplan_csrf", "landplan_who"
SESSION_COOKIE, PROJECT_COOKIE = "landplan_session", "landplan_project"
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
_TEMPLATES = Environment(
    loader=ChoiceLoader(
        [PackageLoader("landplan.web", "templates"), PackageLoader("landplan.pages", "templates")]
    ),
    autoescape=select_autoescape(["j2", "html"]),
    extensions=["jinja2.ext.i18n"],
)
# Each template's texts in the language of the moment (the request's: see lang_of), placeholders
# filled after translation, trans blocks trimmed as `make messages` extracts them.
_TEMPLATES.install_gettext_callables(gettext, ngettext, newstyle=True)  # type: ignore[attr-defined]
_TEMPLATES.policies["ext.i18n.trimmed"] = True


def plan_words(row: dict[str, Any]) -> str:
    """A result's status in a few words, translated: a run's how good its plan is, an
    analysis's status."""
    if row.get("kind") != "run":
        return _(str(row.get("status", "")))
    try:
        return status_brief(json.loads(row["figures"]))
    except (ValueError, KeyError, TypeError):
        return status_word(row.get("status", ""))


def project_words(project: dict[str, Any], field: str) -> str:
    """A project's ``name`` or ``description`` as shown: the first project's as the store
    wrote them translated, any other as its admin wrote it."""
    said = str(project.get(field) or "")
    kept = DEFAULT_PROJECT_WORDS.get(field)
    return _(kept) if project.get("id") == DEFAULT_PROJECT and said == kept else said


def when(stamp: str) -> str:
    """A stored time as a planner reads it: ``2026-12-03 11:41 UTC``."""
    return stamp[:16].replace("T", " ") + " UTC" if len(stamp) >= 16 else stamp


def who(name: str) -> str:
    """Who did something, as the store names them (the workbench itself and the planner of a
    workbench without accounts translated)."""
    return _(name) if name in (WORKBENCH, LOCAL_PLANNER) else name


def cell(value: Any) -> Any:
    """A value of a table as shown: a number to four figures, a yes as ✓ (a no as nothing: a
    table of files says no words)."""
    if pd.api.types.is_bool(value):
        return "✓" if value else ""
    return f"{value:.4g}" if isinstance(value, float) else value


def step_words(step: str) -> str:
    """A job's stage as its worker reported it (a :class:`~landplan.progress.Report`, kept as
    JSON) in the page's language, without its task (the page says which job it is)."""
    try:
        report = Report(**json.loads(step))
    except (ValueError, TypeError):
        return step
    return replace(report, task="").words()


_TEMPLATES.filters.update(
    plan_words=plan_words,
    project_words=project_words,
    when=when,
    cell=cell,
    who=who,
    # a text the store keeps or code chooses (a status, a kind, an action), marked for the
    # catalog where it is made: translated, and escaped as any value is
    translated=_,
    said=said,
    step_words=step_words,
    # a glossary entry's definition in the page's language (the tooltips: macros.html.j2, tip)
    definition=definition,
    term=term,
)
_TEMPLATES.globals["field_terms"] = FIELD_TERMS


def bench_of(request: Request) -> Workbench:
    return request.app.state.bench


def lang_of(request: Request) -> str:
    """The page's language: ``?lang=zh``, or English."""
    return language(request.query_params.get("lang", LANGS[0]))


def who_of(request: Request) -> str:
    """The name the audit trail gives whoever asks (their account's, or the local planner's)."""
    return str(request.state.actor.name)


def typed_name(request: Request) -> str:
    """The name the local planner typed (kept percent-encoded in its cookie: a cookie is
    Latin-1, a name may be 陈)."""
    return unquote(request.cookies.get(WHO_COOKIE, ""))[:NAME_CHARS]


def set_cookie(request: Request, response: Response, name: str, value: str) -> None:
    """A cookie only this server's pages send back, never to scripts, only over HTTPS when the
    workbench is served over it."""
    response.set_cookie(
        name, value, httponly=True, samesite="strict", secure=request.url.scheme == "https"
    )


def url(request: Request, path: str) -> str:
    """A link inside the workbench, in the page's language."""
    if lang_of(request) == LANGS[0]:
        return path
    return f"{path}{'&' if '?' in path else '?'}lang={lang_of(request)}"


def render(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    lang = lang_of(request)
    actor = getattr(request.state, "actor", None)
    page = _TEMPLATES.get_template(template).render(
        request=request,
        lang=lang,
        csrf=request.state.csrf,
        actor=actor,
        office=actor is not None and actor.user_id is not None,
        can_plan=actor is not None and actor.may("planner"),
        name_chars=NAME_CHARS,
        typed_name=typed_name(request),
        projects=getattr(request.state, "projects", []),
        project=getattr(request.state, "project", None),
        u=lambda path: url(request, path),
        schematic_note=SCHEMATIC_NOTE,
        **context,
    )
    return HTMLResponse(page, status_code=status)


def message(request: Request, status: int, title: str, words: str) -> HTMLResponse:
    """A page that only says something (a refusal, a thing not found)."""
    return render(request, "message.html.j2", status, title=title, message=words)


def go(request: Request, path: str) -> RedirectResponse:
    return RedirectResponse(url(request, path), status_code=303)


#: The query of a job's page opened by the click that started the job: the page goes on to the
#: job's result once it is done, even when the job was done before the page was first asked for
#: (a job's page opened from the history stays on the job).
FOLLOW = "follow"


def to_new_job(request: Request, job_id: str) -> RedirectResponse:
    """To the page of a job just started, which follows it through to its result."""
    return go(request, f"/jobs/{job_id}?{FOLLOW}=1")


class Forbidden(LandplanError):
    pass


async def checked_form(request: Request) -> FormData:
    """The posted form, once its CSRF token matches the browser's cookie (and the request comes
    from this server's own pages); a Forbidden error otherwise."""
    origin = request.headers.get("origin")
    if origin is not None and origin != f"{request.url.scheme}://{request.url.netloc}":
        raise Forbidden(_("the form was sent from another site"))
    form = await request.form(max_part_size=MAX_UPLOAD_BODY_BYTES)
    cookie = request.cookies.get(CSRF_COOKIE, "")
    sent = form.get("csrf")
    # compared as bytes: a token that is not ASCII is a mismatch, not a server error
    if (
        not cookie
        or not isinstance(sent, str)
        or not hmac.compare_digest(cookie.encode(), sent.encode())
    ):
        raise Forbidden(_("the form's token does not match this browser's: reload the page"))
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
            return message(request, 403, _("Refused"), str(exc))
        except FormErrors as exc:
            return message(request, 413, _("Refused"), str(exc))
        return await run_in_threadpool(handler, request, form)

    route.__name__ = handler.__name__
    return route


def form_lists(form: FormData) -> dict[str, list[str]]:
    values: dict[str, list[str]] = {}
    for key, value in form.multi_items():
        if isinstance(value, str):
            values.setdefault(key, []).append(value)
    return values


def uploaded_file(form: FormData, missing: str) -> tuple[str, bytes]:
    """The file a form sent (its name and bytes), or a FormErrors saying ``missing``."""
    upload = form.get("file")
    if not isinstance(upload, UploadFile):
        raise FormErrors({"file": missing})
    return upload.filename or "", upload.file.read()


def csv_table(path: Path) -> pd.DataFrame:
    try:
        return pd.read_csv(path)
    except (pd.errors.EmptyDataError, FileNotFoundError):
        return pd.DataFrame()


def attachment(name: str) -> str:
    from urllib.parse import quote

    return f"attachment; filename*=UTF-8''{quote(name)}"
