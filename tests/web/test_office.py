"""The workbench as an office's shared service: accounts, sessions, and the authorisation matrix
(every route × every role × an object of the asker's own project or of another), with nothing
changed and nothing of another project shown wherever a request is refused."""

from __future__ import annotations

import hashlib
import io
import os
import re
import secrets
import shutil
from dataclasses import dataclass

import pytest
from starlette.routing import Route
from starlette.testclient import TestClient

from landplan.web.accounts import AccountError, Accounts
from landplan.web.app import ROUTES, create_app
from landplan.web.service import Workbench
from landplan.web.store import (
    audit,
    comments,
    jobs,
    members,
    new_id,
    now,
    projects,
    results,
    scenarios,
    sessions,
    uploads,
    users,
)

PASSWORD = "a long enough password"
QUICK = "name: {name}\nextends: baseline\nsolver: {{gap: 0.05}}\n"
ACTORS = ("anonymous", "viewer", "planner", "other-planner", "admin")
#: Everything a refusal must leave as it was.
TABLES = (scenarios, jobs, results, uploads, users, projects, members, comments)


@dataclass
class Office:
    bench: Workbench
    app: object
    tokens: dict[str, str]  # actor → session token
    project: dict[str, str]  # "own", "other" → project id (own: the viewer's and planner's)
    run_folder: object


@pytest.fixture(scope="module")
def office(tmp_path_factory, baseline_run):
    """Projects A (shared with the viewer and the planner) and B (the other planner's), and an
    admin; sessions made directly (the matrix is about what a session may do, not logging in)."""
    bench = Workbench(tmp_path_factory.mktemp("office"))
    accounts = bench.accounts
    accounts.add("admin", PASSWORD, "admin", "test")
    a = accounts.make_project("A", "", "test")
    b = accounts.make_project("B", "", "test")
    for name, role in (("viewer", "viewer"), ("planner", "planner"), ("other-planner", "planner")):
        accounts.add(name, PASSWORD, role, "test")
    accounts.share(a, ["viewer", "planner"], "test")
    accounts.share(b, ["other-planner"], "test")
    tokens = {}
    for name in ACTORS[1:]:
        tokens[name] = session(bench, name)
    return Office(bench, create_app(bench, run_jobs=False), tokens, {"own": a, "other": b},
                  baseline_run)  # fmt: skip


def session(bench: Workbench, name: str) -> str:
    token = secrets.token_urlsafe(32)
    (user,) = bench.store.all(users, users.c.name == name)
    bench.store.insert(sessions, id=hashlib.sha256(token.encode()).hexdigest(),
                       user_id=user["id"], created_at=now(), expires_at="9999")  # fmt: skip
    return token


def objects(office: Office, project: str, marker: str) -> dict[str, str]:
    """A scenario, a queued job, two finished runs and an upload in the project, fresh (a cell
    may delete or change them), each named with ``marker``."""
    bench = office.bench
    sid = bench.store.insert(scenarios, project_id=project, name=f"{marker}-plan-{new_id()}",
                             description=marker, parent="baseline",
                             yaml=QUICK.format(name=f"{marker}-plan"), created_at=now(),
                             updated_at=now(), who=marker)  # fmt: skip
    found = {"key": sid}
    for k in ("result", "result2"):
        rid = new_id()
        shutil.copytree(office.run_folder, bench.folders.results / rid, copy_function=os.link)
        bench.store.insert(results, id=rid, project_id=project, kind="run", job_id=None,
                           scenario_id=sid, scenario_name=f"{marker}-run", status="optimal",
                           figures=(bench.folders.results / rid / "kpis.json").read_text(),
                           resolved_yaml=marker, data_sha256="{}", versions="{}", compared="[]",
                           source="workbench", who=marker, created_at=now())  # fmt: skip
        found[k] = rid
    found["job"] = bench.jobs.submit("run", _params(), sid, marker, project)
    found["upload"] = bench.store.insert(uploads, project_id=project, kind="parks",
                                         original_name=f"{marker}.geojson", stored_name="x.geojson",
                                         size=1, sha256="0", who=marker, created_at=now())  # fmt: skip
    return found


def _params():
    from landplan.web.jobspec import JobParams

    return JobParams(yaml=QUICK.format(name="q"))


def client_of(office: Office, actor: str, token: str | None = None) -> TestClient:
    """A browser of the actor's: its session (if any), A as its chosen project, its CSRF token."""
    client = TestClient(office.app, base_url="http://127.0.0.1", follow_redirects=False)
    client.get("/login")
    client.csrf = client.cookies["landplan_csrf"]
    if actor != "anonymous":
        client.cookies.set("landplan_session", token or office.tokens[actor])
        client.cookies.set("landplan_project", office.project["own"])
    return client


def snapshot(bench: Workbench) -> dict[str, list]:
    return {t.name: sorted(map(str, bench.store.all(t))) for t in TABLES}


ROUTE_LIST = [(r.path, method) for r in ROUTES if isinstance(r, Route) for method in sorted(r.methods or ()) if method != "HEAD"]  # fmt: skip
NEEDS = {(r.path, m): r.endpoint.needs for r in ROUTES if isinstance(r, Route) and hasattr(r.endpoint, "needs") for m in (r.methods or ())}  # fmt: skip


def expected_role(path: str, method: str) -> str | None:
    """What the issue asks, written apart from the routes' declarations: viewers see and
    download, planners create, edit and run, admins manage accounts and projects; anyone may
    log in; a logged-in user may log out and choose among the projects they see."""
    if path == "/login":
        return None
    if path.startswith("/admin"):
        return "admin"
    if method == "GET" and path != "/scenarios/{key}/delete":
        return "viewer"
    if path in ("/logout", "/project", "/who", "/results/{result}/comments"):
        return "viewer"  # (a viewer may say what they think of a run)
    return "planner"


RANK = {"viewer": 0, "planner": 1, "admin": 2}
#: Whose projects each actor sees: the viewer and planner A's ("own"), the other planner B's.
SEES = {"anonymous": lambda side: False, "viewer": lambda side: side == "own",
        "planner": lambda side: side == "own", "other-planner": lambda side: side == "other",
        "admin": lambda side: True}  # fmt: skip
#: The side of the page's project: the project cookie says A, which the other planner does not
#: see, so their pages show B.
PAGE_SIDE = {"viewer": "own", "planner": "own", "other-planner": "other", "admin": "own"}
ROLE_OF = {"viewer": "viewer", "planner": "planner", "other-planner": "planner", "admin": "admin"}
NAMED = ("{key}", "{job}", "{result}")
#: Form fields that name a thing of a project (refused like a path naming it).
FORM_NAMED = {"/scenarios/new": "source", "/runs/compare": "result", "/project": "project"}


def expected_answer(path: str, method: str, actor: str, side: str) -> str:
    """How a request should be answered: "answered", "log in", "refused" (403) or "hidden"
    (as if the thing did not exist)."""
    needed = expected_role(path, method)
    sees = SEES[actor](side)
    if needed is None:
        return "answered"
    if actor == "anonymous":
        return "log in"
    if any(n in path for n in NAMED) and not sees:  # before the role: a guessed id confirms nothing
        return "hidden"
    if RANK[ROLE_OF[actor]] < RANK[needed] or path == "/who":
        return "refused"  # (with accounts, a name is the account's)
    in_page_project = sees if path == "/project" else side == PAGE_SIDE[actor]
    if path in FORM_NAMED and not in_page_project:
        return "hidden"  # (a form names things of the page's project only)
    return "answered"


def answer_kind(answer) -> str:
    """What kind of answer it was, in :func:`expected_answer`'s words."""
    status, location = answer.status_code, answer.headers.get("location", "")
    if (status == 303 and "/login?next=" in location) or (
        status == 403 and "Log in first" in answer.text
    ):
        return "log in"
    if status == 404 or (status == 400 and "no such run" in answer.text):
        return "hidden"
    if status == 403:
        return "refused"
    return "answered" if status < 500 else f"error {status}"


def request_for(office: Office, path: str, method: str, things: dict[str, str], project: str):
    target = path.replace("{name:path}", "{name}").format(key=things["key"], job=things["job"], result=things["result"],
                         kind="run", user="throwaway", project=project,
                         name="allocation.csv", what="scenario.resolved.yaml")  # fmt: skip
    data: dict[str, object] = {
        "/login": {"name": "nobody", "password": "wrong password"},
        "/scenarios/new": {"source": things["key"], "name": f"new-{new_id()}"},
        "/scenarios/{key}/rename": {"name": f"renamed-{new_id()}", "description": ""},
        "/scenarios/{key}/place": {"kind": "locks", "cluster": "new_energy", "park": "BA-01"},
        "/scenarios/{key}/unplace": {"kind": "locks", "index": "0"},
        "/runs/compare": {"result": [things["result"], things["result2"]]},
        "/admin/users": {"name": f"u{new_id()}", "password": PASSWORD, "role": "viewer"},
        "/admin/users/{user}": {"role": "viewer", "active": "on"},
        "/admin/projects": {"name": f"p{new_id()}"},
        "/project": {"project": project},
        "/who": {"who": "someone"},
        "/results/{result}/comments": {"text": "looks right"},
    }.get(path, {})
    files = None
    if path in ("/scenarios/import", "/runs/import", "/uploads"):
        files = {
            "file": (
                "x.yaml",
                io.BytesIO(QUICK.format(name=f"imp-{new_id()}").encode()),
                "text/yaml",
            )
        }
        data = {"kind": "parks"} if path == "/uploads" else {}
    return target, data, files


def test_the_authorisation_matrix(office):
    """Every route × every role × own or other project: the answer is the one the rules above
    give, a refusal changes nothing, and no answer to anyone outside a project shows its
    things."""
    bench = office.bench
    office.bench.accounts.add("throwaway", PASSWORD, "viewer", "test")
    assert {(p, m) for p, m in ROUTE_LIST} <= set(NEEDS) | {
        ("/static/report.css", "GET"),
        ("/static/charts.css", "GET"),
        ("/favicon.ico", "GET"),
    }
    cells, leaks, wrong = 0, [], []
    clients = {actor: client_of(office, actor) for actor in ACTORS}
    made = {
        side: objects(office, office.project[side], f"secret-{side}") for side in ("own", "other")
    }
    for path, method in ROUTE_LIST:
        if path.startswith("/static") or path == "/favicon.ico":
            continue
        names_project = (
            any(n in path for n in NAMED)
            or path in FORM_NAMED
            or path == "/admin/projects/{project}"
        )
        for actor in ACTORS:
            for side in ("own", "other") if names_project else ("own",):
                cells += 1
                project, marker, things = office.project[side], f"secret-{side}", made[side]
                if path == "/admin/projects/{project}":  # (sharing one with no one, as posted)
                    project = bench.accounts.make_project(f"t{new_id()}", "", "test")
                expect = expected_answer(path, method, actor, side)
                target, data, files = request_for(office, path, method, things, project)
                client = clients[actor]
                if actor != "anonymous":  # (a /project cell chose another)
                    client.cookies.delete("landplan_project")
                    client.cookies.set("landplan_project", office.project["own"])
                before = snapshot(bench) if expect != "answered" else None
                if method == "GET":
                    answer = client.get(target)
                else:
                    answer = client.post(target, data={"csrf": client.csrf, **data}, files=files)
                if before is not None and snapshot(bench) != before:
                    wrong.append((method, path, actor, side, "nothing changed", "changed"))
                if method == "POST" and expect == "answered":  # fresh things for the next cell
                    made[side] = objects(office, office.project[side], marker)
                if path == "/logout" and actor != "anonymous":  # a new session for the next
                    office.tokens[actor] = session(bench, actor)
                    clients[actor] = client_of(office, actor)
                got = answer_kind(answer)
                if got != expect:
                    wrong.append((method, path, actor, side, expect, got, answer.status_code))
                outsider = actor != "admin" and not SEES[actor](side)
                if outsider and marker in answer.text:
                    leaks.append((method, path, actor, side))
    print(f"{cells} cells")
    assert not wrong, "\n".join(map(str, wrong))
    assert not leaks, leaks
    assert cells >= 100


@pytest.fixture
def fresh(tmp_path):
    """A workbench with an admin and a planner who shares the default project."""
    from landplan.web.store import DEFAULT_PROJECT

    bench = Workbench(tmp_path / "data")
    bench.accounts.add("chen", PASSWORD, "admin", "test")
    bench.accounts.add("li", PASSWORD, "planner", "test")
    bench.accounts.share(DEFAULT_PROJECT, ["li"], "test")
    with TestClient(create_app(bench, run_jobs=False), base_url="https://127.0.0.1") as client:
        client.get("/login")
        client.csrf = client.cookies["landplan_csrf"]
        yield bench, client


def log_in(client, name, password=PASSWORD):
    return client.post("/login", data={"csrf": client.csrf, "name": name, "password": password,
                                       "next": "/runs"})  # fmt: skip


def test_passwords_are_kept_as_argon2id_hashes_only(fresh):
    bench, _ = fresh
    (row,) = bench.store.all(users, users.c.name == "li")
    assert row["password_hash"].startswith("$argon2id$") and PASSWORD not in str(row)
    with pytest.raises(AccountError, match="password: at least 10"):
        bench.accounts.add("short", "2short", "viewer", "test")


def test_logging_in_out_and_the_session_cookie(fresh):
    bench, client = fresh
    assert client.get("/", follow_redirects=False).headers["location"].startswith("/login?next=")
    answer = log_in(client, "li")
    assert (
        answer.status_code == 200 and answer.url.path == "/runs" and "li (planner)" in answer.text
    )
    cookie = next(
        c for c in answer.history[0].headers.get_list("set-cookie") if "landplan_session" in c
    )
    assert all(flag in cookie for flag in ("HttpOnly", "SameSite=strict", "Secure"))
    (stored,) = bench.store.all(sessions)
    assert stored["id"] != client.cookies["landplan_session"]  # only its hash is kept
    client.post("/logout", data={"csrf": client.csrf})
    assert bench.store.all(sessions) == []
    assert client.get("/", follow_redirects=False).status_code == 303


def test_wrong_logins_say_the_same_and_are_limited(fresh):
    bench, client = fresh
    for name in ("li", "nobody"):
        answer = log_in(client, name, "a wrong password")
        assert answer.status_code == 401 and "wrong name or password" in answer.text
    for _ in range(4):
        log_in(client, "li", "a wrong password")
    answer = log_in(client, "li")  # the right password, after five failures
    assert answer.status_code == 401 and "too many failed logins" in answer.text
    assert len(bench.store.all(audit, audit.c.action == "login failed")) == 6


def test_a_change_of_role_or_access_takes_effect_at_once(fresh):
    bench, client = fresh
    log_in(client, "li")
    data = {"csrf": client.csrf, "source": "bundled:baseline", "name": "mine"}
    assert client.post("/scenarios/new", data=data, follow_redirects=False).status_code == 303
    bench.accounts.change("li", "chen", role="viewer")
    assert client.post("/scenarios/new", data={**data, "name": "two"}).status_code == 403
    bench.accounts.change("li", "chen", active=False)
    assert client.get("/", follow_redirects=False).status_code == 303  # logged out
    with pytest.raises(AccountError, match="last admin"):
        bench.accounts.change("chen", "chen", role="planner")


def test_one_users_names_are_text_on_anothers_pages(fresh):
    bench, client = fresh
    hostile, name = "<img src=x onerror=alert(1)>", "{{ 7+7 }}'&x"  # (a name may hold braces)
    log_in(client, "li")
    data = {"csrf": client.csrf, "source": "bundled:baseline", "name": name}
    sid = str(client.post("/scenarios/new", data=data).url).rsplit("/", 1)[-1]
    data = {"csrf": client.csrf, "name": name, "description": hostile}
    client.post(f"/scenarios/{sid}/rename", data=data)
    client.post("/logout", data={"csrf": client.csrf})
    log_in(client, "chen")
    for path in ("/", f"/scenarios/{sid}", "/admin"):
        page = client.get(path).text
        assert hostile not in page and "{{ 7+7 }}&#39;&amp;x" in page, path  # (not 14)
    assert "&lt;img src=x" in client.get(f"/scenarios/{sid}").text


def test_two_planners_running_the_same_scenario_get_two_runs(fresh):
    from landplan.web.store import DEFAULT_PROJECT

    bench, _ = fresh
    first = bench.submit("run", "bundled:baseline", "li", DEFAULT_PROJECT)
    second = bench.submit("run", "bundled:baseline", "chen", DEFAULT_PROJECT)
    rows = [bench.job(first), bench.job(second)]
    assert first != second and rows[0]["result_id"] != rows[1]["result_id"]
    assert [r["who"] for r in rows] == ["li", "chen"]


def test_serving_other_machines_needs_an_admin_and_https(tmp_path):
    import subprocess
    import sys

    import httpx2 as httpx
    from command import landplan_here

    data = tmp_path / "data"
    refused = landplan_here("serve", "--host", "0.0.0.0", "--data", str(data), "--no-browser")
    assert refused.returncode == 2 and "add an admin first" in refused.stderr, refused.stderr
    Accounts(Workbench(data).store).add("chen", PASSWORD, "admin", "test")
    refused = landplan_here("serve", "--host", "0.0.0.0", "--data", str(data), "--no-browser")
    assert refused.returncode == 2 and "in clear" in refused.stderr, refused.stderr

    if shutil.which("openssl") is None:
        if os.environ.get("CI") == "true":
            pytest.fail("openssl is missing in CI: .ci/run must install it")
        pytest.skip("openssl is not installed: no certificate for the HTTPS server")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                    "-subj", "/CN=localhost", "-keyout", str(key), "-out", str(cert)],
                   check=True, capture_output=True)  # fmt: skip
    server = subprocess.Popen(
        [sys.executable, "-m", "landplan", "serve", "--host", "0.0.0.0", "--data", str(data),
         "--no-browser", "--tls-cert", str(cert), "--tls-key", str(key)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    try:
        port = re.search(r"https://0\.0\.0\.0:(\d+)/", server.stdout.readline()).group(1)
        answer = httpx.get(f"https://127.0.0.1:{port}/", verify=False)
        assert answer.status_code == 303 and answer.headers["location"].startswith("/login")
        assert "Secure" in answer.headers["set-cookie"]
        second = landplan_here("serve", "--data", str(data), "--no-browser")
        assert second.returncode == 2 and "another landplan serve" in second.stderr
    finally:
        server.terminate()
        server.wait(30)


def test_a_viewer_is_offered_nothing_it_may_not_do(office):
    client = client_of(office, "viewer")
    made = objects(office, office.project["own"], "seen")
    for path in ("/", f"/scenarios/{made['key']}", "/runs", f"/results/{made['result']}",
                 "/uploads", f"/jobs/{made['job']}"):  # fmt: skip
        page = client.get(path).text
        actions = set(re.findall(r'<form method="post" action="([^"]+)"', page))
        assert actions <= {"/project", "/logout", f"/results/{made['result']}/comments"}, (
            path,
            actions,
        )
    planner = client_of(office, "planner")
    assert "/scenarios/new" in planner.get("/").text


def test_a_viewer_is_told_nothing_it_cannot_do(office):
    """The editor's instructions for locking and renaming are a planner's: a viewer reads what
    the scenario locks instead, in either language."""
    made = objects(office, office.project["own"], "told")
    orders = ("Click a park on the map", "then lock or exclude it", "Rename and describe")
    viewer = client_of(office, "viewer")
    page = viewer.get(f"/scenarios/{made['key']}").text
    assert not [o for o in orders if o in page], page
    assert "A planner changes them." in page
    chinese = viewer.get(f"/scenarios/{made['key']}?lang=zh").text
    assert "点击" not in chinese and "A planner changes them." not in chinese
    planner = client_of(office, "planner").get(f"/scenarios/{made['key']}").text
    assert all(o in planner for o in orders) and "A planner changes them." not in planner


def test_the_admin_page_keeps_accounts_projects_and_a_new_project_apart(office):
    """Each part of the admin's page is a section with its heading: a new project's form is
    not one more row of the last project's."""
    page = client_of(office, "admin").get("/admin").text
    sections = re.findall(r'<section class="panel" id="([^"]+)">\s*<h2>([^<]+)</h2>(.*?)</section>',
                          page, re.S)  # fmt: skip
    headings = [(section, heading) for section, heading, _ in sections]
    assert headings == [("accounts", "Accounts"), ("new-account", "New account"),
                        ("projects", "Projects"), ("new-project", "New project"),
                        ("audit", "Audit trail")]  # fmt: skip
    body = {section: inside for section, _, inside in sections}
    assert 'action="/admin/projects"' in body["new-project"]
    assert 'action="/admin/projects"' not in body["projects"]
    assert "<h3>A</h3>" in body["projects"] and "<h3>" not in body["new-project"]
    assert 'action="/admin/users"' in body["new-account"]
    assert 'action="/admin/users"' not in body["accounts"]
    chinese = client_of(office, "admin").get("/admin?lang=zh").text
    assert "New project" not in chinese and "New account" not in chinese


def test_a_viewer_comments_on_a_run_and_the_planner_reads_it(office):
    made = objects(office, office.project["own"], "commented")
    viewer = client_of(office, "viewer")
    answer = viewer.post(f"/results/{made['result']}/comments",
                         data={"csrf": viewer.csrf, "text": "Why is <b>BA-01</b> empty?"})  # fmt: skip
    assert answer.status_code == 303
    page = client_of(office, "planner").get(f"/results/{made['result']}").text
    assert "Why is &lt;b&gt;BA-01&lt;/b&gt; empty?" in page and "viewer ·" in page
    empty = viewer.post(
        f"/results/{made['result']}/comments", data={"csrf": viewer.csrf, "text": " "}
    )
    assert empty.status_code == 400
