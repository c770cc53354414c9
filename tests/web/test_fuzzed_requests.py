"""Fuzzed workbench requests (hypothesis, derandomized: the same requests in every run): every
form of every POST route, found from the app's routes and read from the page that shows it,
posted with hostile values, missing and extra fields and hostile files; every GET route asked
with hostile path parts and queries. Whatever comes, the answer is a page, not a server error
nor a traceback, in reasonable time, and a refused request changes nothing (the store's tables
and the data folder's files are as they were), no page shows the server's data folder, and a
broken file (tests/hostile.py's must_be_refused) is never taken.

Faults found and not yet fixed are listed in KNOWN_FAULTS (each with the part of issue 34 that
owns it): an example that meets one is counted, not failed; empty the list as the fixes land.
"""

from __future__ import annotations

import json
import re
import shutil
import time
import traceback
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import pytest
from hostile import (
    EACH_KIND,
    TEXTS,
    files,
    hostile_files,
    huge,
    must_be_refused,
    run_files,
    values,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from starlette.routing import Route
from starlette.testclient import TestClient
from webforms import FormReader
from zips import zipped

from landplan.web.app import ROUTES, create_app
from landplan.web.service import Workbench
from landplan.web.store import jobs, metadata, results, scenarios

#: How long one answer may take before it counts as a hang.
SLOW_SECONDS = 10
#: Fuzzed requests per POST route and for all GET routes (with the sweeps of each field and
#: each file below, over 2,000 requests in all).
POST_EXAMPLES = 70
GET_EXAMPLES = 200

POSTS = sorted({r.path for r in ROUTES if isinstance(r, Route) and "POST" in (r.methods or ())})
GETS = sorted({r.path for r in ROUTES if isinstance(r, Route) and "GET" in (r.methods or ())})


@dataclass(frozen=True)
class KnownFault:
    """A fault the harness finds that another part of issue 34 fixes: a request to ``route``
    (any route: "") whose answer (a server error's exception, or what went wrong) contains
    ``says``."""

    route: str
    says: str
    owner: str


#: The faults found and not yet fixed (issue 34): an example meeting one is counted, not failed.
KNOWN_FAULTS: list[KnownFault] = []  # none now: every fault it found is fixed

FOUND: dict[str, list[str]] = {}  # a known fault's route and words: what met it
REQUESTS = {"count": 0}


class Site:
    """A workbench (a copy of ``template``) with one of everything a route's path names: a
    scenario, a job, a result; a client of it holding its CSRF token; and a run folder's files
    (``run_files``) to break for its uploads."""

    def __init__(self, template: Path, folder: Path, run_files: dict[str, bytes]) -> None:
        self.template, self.folder, self.run_files = template, folder, run_files
        self.ids = json.loads((template / "ids.json").read_text())
        self.bench: Workbench | None = None
        self.open()

    def open(self) -> None:
        self.close()
        shutil.rmtree(self.folder, ignore_errors=True)
        shutil.copytree(self.template / "data", self.folder)
        self.bench = Workbench(self.folder)
        self.client = TestClient(
            create_app(self.bench, run_jobs=False), base_url="http://127.0.0.1"
        ).__enter__()  # one event loop for all its requests, not one each
        self.client.get("/")
        self.token = self.client.cookies["landplan_csrf"]

    def close(self) -> None:
        if self.bench is not None:
            self.client.__exit__(None, None, None)
            self.bench.store.engine.dispose()

    def intact(self) -> bool:
        """Whether the next request finds what it may name (a request may delete it, make
        the first account, or save a scenario too big to keep the harness fast)."""
        assert self.bench is not None
        store = self.bench.store
        scenario = store.one(scenarios, self.ids["key"])
        return (
            scenario is not None
            and len(scenario["yaml"]) < 50_000
            and store.one(jobs, self.ids["job"]) is not None
            and store.one(results, self.ids["result"]) is not None
            and not self.bench.accounts.exist()
        )

    def snapshot(self) -> tuple:
        """The store's tables and the data folder's files (names, sizes, times)."""
        assert self.bench is not None
        tables = {
            t.name: sorted(repr(sorted(row.items())) for row in self.bench.store.all(t))
            for t in metadata.sorted_tables
        }
        listing = sorted(
            (p.relative_to(self.folder).as_posix(), p.stat().st_size, p.stat().st_mtime_ns)
            for p in self.folder.rglob("*")
            if p.is_file() and not p.name.startswith("workbench.sqlite")
        )
        return tables, listing

    def path(self, template: str, hostile: dict[str, str]) -> str:
        names = {**self.ids, **hostile}
        return re.sub(
            r"{(\w+)(:path)?}", lambda m: quote(names.get(m.group(1), "x"), safe=""), template
        )


def _make_template(folder: Path, run_zip: bytes) -> None:
    """A workbench in ``folder``/data holding a scenario (with a lock, so that the form to
    remove one shows), a queued run of it and an imported run; their ids in ids.json."""
    bench = Workbench(folder / "data")
    with TestClient(create_app(bench, run_jobs=False), base_url="http://127.0.0.1") as client:
        client.get("/")
        token = client.cookies["landplan_csrf"]
        made = client.post("/scenarios/new",
                           data={"csrf": token, "source": "bundled:baseline", "name": "variant"})  # fmt: skip
        key = str(made.url).rstrip("/").rsplit("/", 1)[-1].split("#")[0]
        imported = client.post("/runs/import", data={"csrf": token},
                               files={"file": ("baseline.zip", run_zip, "application/zip")})  # fmt: skip
        assert imported.status_code == 200, imported.text[-500:]
        placed = client.post(f"/scenarios/{key}/place", data={"csrf": token, "kind": "locks",
                             "cluster": "new_energy", "park": "BA-01"})  # fmt: skip
        assert placed.status_code == 200, placed.text[-500:]  # its form to remove it shows
        started = client.post(f"/scenarios/{key}/run", data={"csrf": token})
        assert started.status_code < 400, started.text[-500:]
    (result,) = [row["id"] for row in bench.store.all(results)]
    (job,) = [row["id"] for row in bench.store.all(jobs)]
    bench.store.engine.dispose()
    ids = {"key": key, "job": job, "result": result, "project": "0000000000000000",
           "user": "nobody", "kind": "run", "what": "zip", "name": "allocation.csv"}  # fmt: skip
    (folder / "ids.json").write_text(json.dumps(ids))


@pytest.fixture(scope="module")
def site(tmp_path_factory, baseline_run):
    template = tmp_path_factory.mktemp("template")
    _make_template(template, zipped(baseline_run))
    made = Site(template, tmp_path_factory.mktemp("site") / "data", run_files(baseline_run))
    yield made
    made.close()
    print(f"\nfuzzed workbench requests: {REQUESTS['count']}; known faults met: "
          f"{ {k: len(v) for k, v in FOUND.items()} }")  # fmt: skip


def _form(site: Site, route: str, action: str) -> FormReader | None:
    """The form posting to ``action``, from the first page that shows it (or as FORMLESS has
    it)."""
    pages = [site.path(p, {}) for p in GETS if "{what}" not in p and "{name" not in p]
    for page in sorted(pages, key=lambda p: (action.rsplit("/", 1)[0] not in p, p)):
        text = site.client.get(page).text
        if f'action="{action}"' in text:
            return FormReader(text, action)
    if route in FORMLESS:
        inputs = "".join(f'<input name="{name}" value="">' for name in FORMLESS[route])
        return FormReader(f'<form action="{action}">{inputs}</form>', action)
    return None


def _known(route: str, said: str) -> KnownFault | None:
    for fault in KNOWN_FAULTS:
        if fault.route in ("", route) and fault.says in said:
            FOUND.setdefault(f"{fault.route}: {fault.says}", []).append(said)
            return fault
    return None


def _ask(site: Site, route: str, method: str, path: str, broken=(), **request) -> None:
    """One request: answered with a page in time, a refusal changing nothing, no ``broken``
    file (its kinds) taken (or a known fault)."""
    before = site.snapshot() if method == "POST" else None
    REQUESTS["count"] += 1
    began = time.perf_counter()
    try:
        answer = site.client.request(method, path, **request)
    except Exception:  # noqa: BLE001 - a server error, told by its exception
        said = traceback.format_exc()
        assert _known(route, said), f"{method} {path} {_shown(request)}: server error\n{said}"
        return _reset(site)
    took = time.perf_counter() - began
    problems = []
    if answer.status_code >= 500:
        problems.append(f"HTTP {answer.status_code}")
    if "Traceback (most recent call last)" in answer.text:
        problems.append("a traceback in the page")
    if str(site.folder) in answer.text:
        problems.append("the server's data folder shown")
    if took > SLOW_SECONDS:
        problems.append(f"{took:.0f} s to answer")
    if answer.status_code < 400 and broken:
        problems.append(f"took a broken file ({', '.join(broken)})")
    if before is not None and answer.status_code >= 400 and site.snapshot() != before:
        problems.append(f"refused ({answer.status_code}) but changed the store or its files")
    if problems:
        said = f"{'; '.join(problems)}: {answer.text[-300:]}"
        assert _known(route, said), f"{method} {path} {_shown(request)}: {said}"
    _reset(site)


def _reset(site: Site) -> None:
    """The site made again where a request took what the next one may name."""
    if not site.intact():
        site.open()


def _shown(request: dict) -> str:
    return repr({k: {n: v[:80] if isinstance(v, str) else v for n, v in w.items()}
                 if isinstance(w, dict) else w for k, w in request.items()})[:1500]  # fmt: skip


PAGE_FORMS: dict[str, FormReader | None] = {}


def _typed(form: FormReader | None) -> list[str]:
    """The fields of a form a user types or chooses (not its token, not its files)."""
    fields = form.fields if form else {}
    return sorted(n for n, kind in fields.items() if n != "csrf" and kind != "file")


def _fields(draw, form: FormReader | None) -> dict[str, str | list[str]]:
    """The form's values as the page has them, a few changed (to another of its choices, a
    hostile value, two values, rarely a megabyte) or left out; and fields the form does not
    have."""
    data = {k: v for k, v in (form.values if form else {}).items() if k != "csrf"}
    names = _typed(form)
    changed = draw(st.sets(st.sampled_from(names), max_size=4)) if names else set()
    for name in sorted(changed):
        offered = (form.choices.get(name) if form else None) or data.get(name) or [""]
        how = draw(st.sampled_from(["other", "hostile", "hostile", "missing", "twice", "huge"]))
        if how == "other":
            data[name] = [draw(st.sampled_from(offered))]
        elif how == "hostile":
            data[name] = [draw(values)]
        elif how == "twice":
            data[name] = [draw(values), draw(st.sampled_from(offered))]
        elif how == "huge" and draw(st.integers(0, 9)) == 0:
            data[name] = [draw(huge)]
        else:
            data.pop(name, None)
    for _ in range(draw(st.integers(0, 2))):
        data[draw(values)] = [draw(values)]
    return {k: v[0] if len(v) == 1 else v for k, v in data.items()}


def _hostile_path(draw, route: str) -> dict[str, str]:
    """Sometimes, the path's parts hostile instead of the site's own ids."""
    names = re.findall(r"{(\w+)", route)
    if not names or draw(st.integers(0, 9)) > 1:
        return {}
    return {name: draw(st.sampled_from(TEXTS).filter(bool)) for name in names}


@pytest.mark.parametrize("route", POSTS)
@settings(max_examples=POST_EXAMPLES, deadline=None, derandomize=True,
          suppress_health_check=list(HealthCheck))  # fmt: skip
@given(data=st.data())
def test_a_fuzzed_form_is_answered_and_its_refusal_changes_nothing(site, route, data):
    """The route's form as its page has it, a few fields changed, left out or added, its files
    hostile; now and then a forged token or hostile path parts."""
    form = dict((r, f) for r, _, f in _each_form(site))[route]
    fields = _fields(data.draw, form)
    uploads, broken = {}, []
    for name, kind in (form.fields if form else {}).items():
        if kind == "file" and data.draw(st.integers(0, 19)) > 0:
            what, filename, content = data.draw(files(site.run_files))
            uploads[name] = (filename, content)
            broken += [what] if must_be_refused(what) else []
    token = site.token if data.draw(st.integers(0, 19)) > 0 else data.draw(values)
    path = site.path(route, _hostile_path(data.draw, route))
    _ask(site, route, "POST", path, broken, data={"csrf": token, **fields}, files=uploads or None)


#: POST routes whose form no page of the fuzzed workbench shows, and the fields it has: the
#: account forms show only where accounts exist (which locks the local planner out), the one to
#: keep a point only on a trade-off's result.
FORMLESS = {
    "/admin/users/{user}": ["password", "role", "active"],
    "/login": ["name", "password", "next"],
    "/logout": [],
    "/results/{result}/keep": ["point"],
}


def _each_form(site: Site):
    """Each POST route, its path on the site and its form (read once)."""
    for route in POSTS:
        action = site.path(route, {})
        if action not in PAGE_FORMS:
            PAGE_FORMS[action] = _form(site, route, action)
        yield route, action, PAGE_FORMS[action]


def test_every_form_is_found_on_a_page(site):
    assert [route for route, _, form in _each_form(site) if form is None] == []


#: A form of more fields than this is tried with every field changed at once (see below).
SMALL_FORM = 8


def _each_kind_of_value(names: list[str]):
    """Changes that give each field each kind of hostile value: one field at a time on a small
    form; on a large one (the scenario's), every field at once, each a different kind, rotated
    so that each meets each kind (three rotations, each pairing different neighbours)."""
    if len(names) <= SMALL_FORM:
        for name in names:
            for value in EACH_KIND:
                yield {name: value}
        return
    for step in (1, 3, 7):  # prime to the number of kinds: each field meets each
        for i in range(len(EACH_KIND)):
            yield {n: EACH_KIND[(i + j * step) % len(EACH_KIND)] for j, n in enumerate(names)}


def test_each_field_is_tried_with_each_kind_of_hostile_value(site):
    """Every field of every form with one value of each kind (the others as the page has
    them): the values a random draw may miss."""
    for route, action, form in _each_form(site):
        base = {k: v[0] if len(v) == 1 else v for k, v in (form.values if form else {}).items()}
        for change in _each_kind_of_value(_typed(form)):
            _ask(site, route, "POST", action, data={**base, **change, "csrf": site.token})


def test_each_hostile_file_is_refused(site):
    """Every hostile file of tests/hostile.py, and every broken run, to every form that takes
    a file: refused, changing nothing."""
    for route, action, form in _each_form(site):
        for name in (n for n, kind in (form.fields if form else {}).items() if kind == "file"):
            base = {k: v[0] if len(v) == 1 else v for k, v in form.values.items()}
            for what, content in hostile_files(site.run_files if route == "/runs/import" else None):
                _ask(site, route, "POST", action, [what] if must_be_refused(what) else [],
                     data={**base, "csrf": site.token}, files={name: ("x.zip", content)})  # fmt: skip


_queries = st.dictionaries(
    st.sampled_from(["lang", "next", "page", "of", "q", "sort", "x"]) | values, values, max_size=3
)


@settings(max_examples=GET_EXAMPLES, deadline=None, derandomize=True,
          suppress_health_check=list(HealthCheck))  # fmt: skip
@given(route=st.sampled_from(GETS), data=st.data())
def test_a_page_asked_with_hostile_parts_is_answered(site, route, data):
    path = site.path(route, _hostile_path(data.draw, route))
    _ask(site, route, "GET", path, params=data.draw(_queries))


def test_the_harness_made_over_two_thousand_requests():
    """Run with the tests above (the whole file), as CI does."""
    if REQUESTS["count"] == 0:
        pytest.skip("run with the fuzzing tests of this file")
    assert REQUESTS["count"] >= 2000, REQUESTS
