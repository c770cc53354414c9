"""The workbench end to end in Chromium, as a planner uses it: ``landplan serve`` started as a
user starts it, every request but the server's blocked. Derive a scenario from the baseline,
move a weight, lock an industry by clicking a park, run, see the map and the charts, compare
with the baseline, download the GeoPackage; a bad field, a cancelled job and hostile names."""

from __future__ import annotations

import json
import re
from decimal import Decimal

import pyogrio
import pytest
import yaml
from browser import OfflinePage, click_after_scrolling, create, park_centre, run_and_wait

from landplan.web.store import DEFAULT_PROJECT, Store, jobs, now, results, scenarios

HOSTILE = "</script><img src=x onerror=alert(1)>{{7*7}}"
#: A scenario quick to trade off (the baseline to a loose gap).
TRADED = "name: quick-trade\nextends: baseline\nsolver: {gap: 0.05}\n"


@pytest.fixture
def page(browser, server):
    page = OfflinePage(browser, allow=(server[0],))
    yield page
    page.page.close()


def test_a_planner_derives_locks_runs_compares_and_downloads(page, server, tmp_path):
    address, data = server
    store = Store(data, migrate=False)
    p = page.page
    p.goto(address + "/")
    p.fill("header input[name=who]", "Ana")
    p.click("header form.who button")
    editor = create(p, address, "pingshan-ne")  # a scenario from the baseline
    sid = editor.rsplit("/", 1)[-1]

    # move a weight: the others follow so that they still add up to exactly 1, shown as they move
    p.eval_on_selector(
        'input[name="suitability.weights.endorsement"]',
        "s => { s.value = 0.6; s.dispatchEvent(new Event('input')); }",
    )
    weights = p.eval_on_selector_all("input.weight", "all => all.map(s => s.value)")
    shown = p.eval_on_selector_all("input.weight + output", "all => all.map(o => o.textContent)")
    assert weights[0] == "0.6" and sum(map(Decimal, weights)) == 1 == sum(map(Decimal, shown))
    click_after_scrolling(p, "text=Save the settings")
    p.wait_for_url(editor + "#saved")
    saved = yaml.safe_load(store.one(scenarios, sid)["yaml"])
    assert saved["suitability"]["weights"]["endorsement"] == 0.6

    # lock new energy into a Pingshan park by clicking it on the map
    p.locator("#parks-map").scroll_into_view_if_needed()
    x, y = park_centre(p, "#parks-map", "PS-01")
    p.mouse.click(x, y)
    p.wait_for_selector("#place-park[data-picked='PS-01']")
    p.select_option("#place select[name=cluster]", "new_energy")
    p.click("text=Lock into the park")
    p.wait_for_url(editor + "#places")
    assert {"cluster": "new_energy", "park": "PS-01"} in yaml.safe_load(
        store.one(scenarios, sid)["yaml"]
    )["locks"]

    # run it: the map and the charts of the certified plan
    mine = run_and_wait(p, p.locator("button#run"))
    p.frame_locator("iframe.map").locator(".leaflet-container").wait_for()
    assert "New energy" in p.text_content("body") and p.locator("svg.chart").count() >= 2
    my_chart = p.locator("svg.chart").first.inner_html()
    page.screenshot("workbench-result")

    # the GeoPackage, downloaded, opens
    with p.expect_download() as download:
        p.click("a[href$='/download/results.gpkg']")
    path = tmp_path / "results.gpkg"
    download.value.save_as(path)
    assert "park_tiers" in [name for name, _ in pyogrio.list_layers(path)]

    # the baseline, run from the list: its chart differs
    p.goto(address + "/")
    baseline = run_and_wait(p, p.locator("form[action='/scenarios/bundled:baseline/run'] button"))
    assert p.locator("svg.chart").first.inner_html() != my_chart
    assert store.one(results, mine.rsplit("/", 1)[-1])["who"] == "Ana"

    # compare the two runs: what moved, in a table, a chart and a map
    p.goto(address + "/runs")
    for url in (mine, baseline):
        p.check(f"input[value='{url.rsplit('/', 1)[-1]}']")
    p.click("text=Compare the runs ticked")
    p.wait_for_url(re.compile(r".*/results/[0-9a-f]{16}$"), timeout=120_000)
    assert "Industries that moved between parks" in p.text_content("body")
    assert p.locator("svg.chart rect title", has_text="New energy").count() >= 1
    p.frame_locator("iframe.map").locator(".leaflet-container").wait_for()
    page.screenshot("workbench-compare")
    assert not page.dialogs and not page.requests and not page.errors


def test_three_bad_fields_show_three_messages_each_beside_its_field(page, server):
    address, data = server
    store = Store(data, migrate=False)
    p = page.page
    create(p, address, "bad-fields")
    before = len(store.all(jobs))
    bad = {"rules.clusters_per_park": "abc", "demand.multiplier": "lots", "solver.gap": "-1"}
    for name, value in bad.items():
        p.fill(f'input[name="{name}"]', value)
    click_after_scrolling(p, "text=Save the settings")
    p.wait_for_selector(".problems")
    assert p.locator(".error").count() == 3 and p.locator(".problems li").count() == 3
    for name, value in bad.items():
        field = p.locator(".field", has=p.locator(f'input[name="{name}"]'))
        assert field.locator(f'.error[data-for="{name}"]').is_visible()  # beside its field
        assert p.locator(f'input[name="{name}"]').input_value() == value
    assert "must be a whole number" in p.text_content('.error[data-for="rules.clusters_per_park"]')
    p.click('.problems a[href="#error-solver.gap"]')  # the list at the top leads to each
    assert p.locator('.error[data-for="solver.gap"]').is_visible()
    assert len(store.all(jobs)) == before
    page.screenshot("workbench-bad-fields")


def test_run_with_settings_not_saved_asks_and_loses_nothing(page, server):
    address, data = server
    store = Store(data, migrate=False)
    p = page.page
    editor = create(p, address, "not-saved")
    sid = editor.rsplit("/", 1)[-1]
    before = len(store.all(jobs))
    p.fill('input[name="demand.multiplier"]', "1.3")
    click_after_scrolling(p, "button#run")
    dialog = p.locator("dialog#unsaved")
    assert dialog.is_visible() and "not saved" in dialog.text_content()
    page.screenshot("workbench-not-saved")
    p.click("dialog#unsaved [data-choice=stay]")  # stay: nothing runs, the edit is still there
    assert not dialog.is_visible() and p.url == editor and len(store.all(jobs)) == before
    assert p.locator('input[name="demand.multiplier"]').input_value() == "1.3"
    click_after_scrolling(p, "button#run")
    p.click("dialog#unsaved [data-choice=discard]")  # discard: the settings as saved, run
    assert "demand" not in yaml.safe_load(ran(p, store)["yaml"])
    p.goto(editor)
    p.fill('input[name="demand.multiplier"]', "1.3")
    click_after_scrolling(p, "button#run")
    p.click("dialog#unsaved [data-choice=save]")  # save and run: the new value, saved and run
    assert yaml.safe_load(ran(p, store)["yaml"])["demand"]["multiplier"] == 1.3
    assert yaml.safe_load(store.one(scenarios, sid)["yaml"])["demand"]["multiplier"] == 1.3
    assert not page.dialogs and not page.errors


def ran(p, store) -> dict:
    """The parameters of the job a click started, once it has run (its result shown)."""
    p.wait_for_url(re.compile(r".*/results/[0-9a-f]{16}$"), timeout=120_000)
    result = store.one(results, p.url.rsplit("/", 1)[-1])
    return json.loads(store.one(jobs, result["job_id"])["params"])


def test_leaving_with_settings_not_saved_asks(page, server):
    address, _ = server
    p = page.page
    editor = create(p, address, "leaving")
    p.click("header nav a[href='/runs']")  # nothing changed: leaves without asking
    p.wait_for_url(address + "/runs")
    p.goto(editor)
    p.fill('input[name="rules.clusters_per_park"]', "7")
    click_after_scrolling(
        p, "header nav a[href='/runs']"
    )  # changed: asks (and stays, the question dismissed)
    p.wait_for_timeout(500)
    assert len(page.dialogs) == 1 and p.url == editor
    assert p.locator('input[name="rules.clusters_per_park"]').input_value() == "7"


def test_a_cancelled_job_leaves_no_run_and_no_temporaries(page, server):
    address, data = server
    store = Store(data, migrate=False)
    p = page.page
    p.goto(address + "/")
    runs_before = len(store.all(results))
    p.click("form[action='/scenarios/bundled:demand-surge/run'] button")
    p.wait_for_url(re.compile(r".*/jobs/[0-9a-f]{16}\?follow=1$"))
    job_id = p.url.rsplit("/", 1)[-1].split("?")[0]
    p.wait_for_selector("#job-status:text-is('running')")  # (the page's policy allows no eval)
    p.click("#job-cancel button")
    p.wait_for_selector("#job-status:text-is('cancelled')")
    row = store.one(jobs, job_id)
    assert row["status"] == "cancelled"
    assert len(store.all(results)) == runs_before
    assert not (data / "results" / row["result_id"]).exists()
    assert not [f for f in (data / "jobs").iterdir() if f.name.startswith(job_id)]


def test_hostile_names_render_as_text(page, server):
    address, _ = server
    p = page.page
    create(p, address, "{{ 7+7 }}'&x")
    p.click("text=Rename and describe")
    p.fill("textarea[name=description]", HOSTILE)
    p.click("details.panel button")
    p.wait_for_load_state()
    assert HOSTILE in p.text_content("p.question")
    assert "{{ 7+7 }}'&x" in p.text_content("h1")
    p.goto(address + "/")
    assert HOSTILE in p.text_content("table.list")
    p.fill("header input[name=who]", HOSTILE)
    p.click("header form.who button")
    assert p.locator("header input[name=who]").input_value() == HOSTILE
    assert not page.dialogs and not page.errors


def test_a_trade_off_asked_on_its_form_opens_a_points_map_when_clicked(page, server):
    """Trade a quick scenario's objectives off from its page's form; on the result's chart, a
    point clicked opens its plan's map."""
    address, data = server
    store = Store(data, migrate=False)
    sid = store.insert(scenarios, project_id=DEFAULT_PROJECT, name="quick-trade", description="",
                       parent="baseline", yaml=TRADED, created_at=now(), updated_at=now(),
                       who="test")  # fmt: skip
    p = page.page
    p.goto(f"{address}/scenarios/{sid}")
    p.click("details.tradeoff-form summary")
    p.fill("#tradeoff-form input[name=points]", "3")
    run_and_wait(p, p.locator("#tradeoff-form button"))
    assert p.locator("figure.front-chart svg").count() == 1
    p.locator('figure.front-chart a.dot circle[r="6"]').first.click()
    p.wait_for_url(re.compile(r".*/results/[0-9a-f]{16}/files/point_\d+\.html$"))
    p.wait_for_selector(".leaflet-container")
    assert not page.errors
