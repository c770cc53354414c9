"""The workbench's Trade-offs: the scenario's form starts a trade-off job (its settings checked
first: a bad one is refused with a message and starts nothing), the worker writes the front,
the result's page shows it with each point opening its map, and a planner (not a viewer) keeps a
point of the front as a scenario whose plan is that point."""

from __future__ import annotations

import json
import re
import shutil
import time

import pytest
import yaml
from starlette.testclient import TestClient
from webforms import client_of

from landplan.web.app import create_app
from landplan.web.service import Workbench
from landplan.web.store import DEFAULT_PROJECT, DONE, FINAL, jobs, results, scenarios

#: A quick scenario: the baseline to a loose gap (a trade-off of three points in seconds).
QUICK = "name: quick\nextends: baseline\nsolver: {gap: 0.05}\n"
ASKED = {"objectives": ["suitability", "balance"], "method": "epsilon", "points": "3"}
PASSWORD = "a long enough password"
POINT_LINK = re.compile(r'<a href="(/results/[0-9a-f]{16}/files/point_(\d+)\.html)" class="dot">')


@pytest.fixture(scope="module")
def bench(running_bench):
    return running_bench


@pytest.fixture(scope="module")
def client(bench):
    with client_of(bench) as client:
        yield client


@pytest.fixture(scope="module")
def key(bench):
    return bench.import_yaml(QUICK, "ana", DEFAULT_PROJECT)


def wait(bench: Workbench, job_id: str, timeout: float = 120) -> dict:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        row = bench.job(job_id)
        if row["status"] in FINAL:
            return row
        time.sleep(0.05)
    raise AssertionError(f"job {job_id} still {row['status']} after {timeout} s")


@pytest.fixture(scope="module")
def traded(bench, client, key):
    """A trade-off of the quick scenario (two objectives, three points) asked by its form."""
    answer = client.post(
        f"/scenarios/{key}/tradeoff", data={**ASKED, "csrf": client.token}, follow_redirects=False
    )
    assert answer.status_code == 303, answer.text
    job_id = answer.headers["location"].split("/jobs/")[1].split("?")[0]
    row = wait(bench, job_id)
    assert row["status"] == DONE, row["message"]
    return row


def test_the_scenario_page_offers_the_trade_off_form(client, key):
    page = client.get(f"/scenarios/{key}").text
    assert f'action="/scenarios/{key}/tradeoff"' in page
    offered = re.findall(r'name="objectives" value="([^"]+)"', page)
    assert offered[:4] == ["suitability", "chain", "balance", "sites"] or {
        "suitability",
        "balance",
        "chain",
        "sites",
    } <= set(offered)
    assert any(k.startswith("demand_") for k in offered)
    assert 'name="points" value="12"' in page


def test_the_form_starts_a_tradeoff_job_and_its_page_shows_the_front(bench, client, traded):
    job = bench.job(traded["id"])
    assert job["kind"] == "tradeoff" and job["total"] >= 3
    asked = json.loads(job["params"])["tradeoff"]
    assert asked == {"objectives": ["suitability", "balance"], "method": "epsilon", "points": 3}
    result = bench.result(traded["result_id"])
    assert (result["kind"], result["scenario_name"]) == ("tradeoff", "quick")
    page = client.get(f"/results/{result['id']}")
    assert page.status_code == 200, page.text
    assert "<h1>quick: trade-off of Suitability-weighted land · " in page.text
    assert '<figure class="front-chart">' in page.text and "<svg" in page.text
    assert page.text.count("Park geometry is SCHEMATIC") == 1  # the footer's, once
    links = POINT_LINK.findall(page.text)
    assert links, "the chart's points open their maps"
    for href, _number in links:
        answer = client.get(href)
        assert answer.status_code == 200 and "leaflet" in answer.text.lower()
    downloads = re.findall(r'href="(/results/[0-9a-f]{16}/download/([^"?]+))" download', page.text)
    names = {name for _href, name in downloads}
    assert {"front.csv", "points.csv", "tradeoff.json", "point_1_allocation.csv"} <= names
    for href, name in downloads:
        assert client.get(href).status_code == 200, name
    assert f"/results/{result['id']}" in client.get("/runs").text
    assert client.get(f"/results/{result['id']}/download/kpis.json").status_code == 404
    chinese = client.get(f"/results/{result['id']}?lang=zh")
    assert chinese.status_code == 200 and "保留" in chinese.text


@pytest.mark.parametrize(
    "changed, field",
    [
        ({"points": "0"}, "points"),
        ({"points": "abc"}, "points"),
        ({"points": "51"}, "points"),
        ({"objectives": ["suitability", "happiness"]}, "objectives"),
        ({"objectives": ["suitability"]}, "objectives"),
        ({"objectives": ["suitability", "suitability"]}, "objectives"),
        ({"method": "guess"}, "method"),
        ({"objectives": ["suitability", "balance", "chain"], "points": "30"}, "points"),
    ],
)
def test_a_bad_trade_off_is_refused_with_a_message_and_starts_nothing(
    bench, client, key, changed, field
):
    before = len(bench.store.all(jobs))
    answer = client.post(
        f"/scenarios/{key}/tradeoff", data={**ASKED, **changed, "csrf": client.token}
    )
    assert answer.status_code == 400, answer.text
    assert f'id="error-{field}"' in answer.text
    assert len(bench.store.all(jobs)) == before


def test_a_point_kept_is_a_scenario_whose_plan_is_that_point(bench, client, traded):
    rid = traded["result_id"]
    page = client.get(f"/results/{rid}").text
    kept = re.findall(r'name="point" value="(\d+)"', page)
    assert kept
    made = []
    for _ in range(2):  # the second: the name taken, another
        answer = client.post(
            f"/results/{rid}/keep",
            data={"point": kept[0], "csrf": client.token},
            follow_redirects=False,
        )
        assert answer.status_code == 303, answer.text
        made.append(answer.headers["location"].split("/scenarios/")[1].split("?")[0])
    rows = [bench.store.one(scenarios, sid) for sid in made]
    assert [r["name"] for r in rows] == [f"quick-point-{kept[0]}", f"quick-point-{kept[0]}-2"]
    document = yaml.safe_load(rows[0]["yaml"])
    assert document["extends"] == "baseline" and document["solver"] == {"gap": 0.05}
    plan = document["tradeoff"]["plan"]
    assert plan["maximise"] in ("suitability", "balance")
    scenario = bench.load(made[0])
    assert scenario.tradeoff.plan is not None
    assert client.get(f"/scenarios/{made[0]}").status_code == 200
    refused = client.post(f"/results/{rid}/keep", data={"point": "999", "csrf": client.token})
    assert refused.status_code == 400 and "no such point" in refused.text


def test_a_viewer_cannot_start_a_trade_off_or_keep_a_point(bench, tmp_path, traded):
    office = Workbench(tmp_path / "office")
    office.accounts.add("boss", PASSWORD, "admin", "boss")
    office.accounts.add("reader", PASSWORD, "viewer", "boss")
    project = office.accounts.make_project("Harbour", "", "boss")
    office.accounts.share(project, ["reader"], "boss")
    key = office.import_yaml(QUICK, "boss", project)
    rid = traded["result_id"]
    shutil.copytree(bench.result_folder(rid), office.folders.results / rid)
    row = dict(bench.result(rid), project_id=project, scenario_id=key)
    office.store.insert(results, **row)
    with TestClient(create_app(office, run_jobs=False), base_url="http://127.0.0.1") as client:
        client.get("/login")
        token = client.cookies["landplan_csrf"]
        client.post("/login", data={"csrf": token, "name": "reader", "password": PASSWORD})
        client.post("/project", data={"csrf": token, "project": project})
        page = client.get(f"/results/{rid}")
        assert page.status_code == 200 and 'name="point"' not in page.text
        assert f"/scenarios/{key}/tradeoff" not in client.get(f"/scenarios/{key}").text
        started = client.post(f"/scenarios/{key}/tradeoff", data={**ASKED, "csrf": token})
        kept = client.post(f"/results/{rid}/keep", data={"point": "1", "csrf": token})
    assert started.status_code == 403 and kept.status_code == 403
    assert not office.store.all(jobs)
    assert [r["id"] for r in office.store.all(scenarios)] == [key]


def test_a_running_trade_off_lists_its_points_as_they_come(bench, client, key):
    """The job's status says the points solved so far (the worker's points.json), in the
    page's language; another kind of job lists none."""
    from landplan.web.jobspec import POINTS_SEEN, JobParams
    from landplan.web.result_pages import points_seen

    job_id = bench.jobs.submit("tradeoff", JobParams(yaml=QUICK), None, "ana", DEFAULT_PROJECT)
    bench.jobs.cancel(job_id, "ana")
    row = {**bench.job(job_id), "status": "running"}
    folder = bench.folders.jobs / job_id
    folder.mkdir(parents=True, exist_ok=True)
    seen = [
        {"number": 1, "found": True, "values": {"suitability": 37.04, "demand_2030": 12.5}},
        {"number": 2, "found": False, "values": {}},
    ]
    (folder / POINTS_SEEN).write_text(json.dumps(seen), encoding="utf-8")
    assert points_seen(bench, row) == [
        "Point 1: Suitability-weighted land 37.04 km², Demand met by 2030 12.50 km²",
        "Point 2: no plan meets its bounds",
    ]
    assert points_seen(bench, {**row, "kind": "explore"}) == []
    assert points_seen(bench, {**row, "status": "done"}) == []


def test_a_point_of_a_bundled_scenarios_trade_off_kept_extends_it_by_name(bench, traded):
    from landplan.web.store import new_id

    rid = new_id()
    shutil.copytree(bench.result_folder(traded["result_id"]), bench.folders.results / rid)
    row = dict(bench.result(traded["result_id"]), id=rid, scenario_id=None, job_id=None,
               scenario_name="baseline",
               resolved_yaml=bench.scenario_text("bundled:baseline"))  # fmt: skip
    bench.store.insert(results, **row)
    sid = bench.keep_point(rid, 1, "ana")
    document = yaml.safe_load(bench.store.one(scenarios, sid)["yaml"])
    assert document["name"] == "baseline-point-1" and document["extends"] == "baseline"
    assert set(document) == {"name", "description", "extends", "tradeoff"}
    assert bench.load(sid).tradeoff.plan is not None
