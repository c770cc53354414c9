"""The workbench's forms and jobs in Chromium: a bad field shows its message and nothing runs, a
cancelled job leaves no run and no temporaries, hostile names render as text."""

from __future__ import annotations

import re

from workbench import create, page, server

from landplan.web.store import Store, jobs, results

HOSTILE = "</script><img src=x onerror=alert(1)>{{7*7}}"

__all__ = ["page", "server"]  # the fixtures this file uses


def test_a_bad_field_shows_its_message_and_nothing_runs(page, server):
    address, data = server
    store = Store(data, migrate=False)
    p = page.page
    create(p, address, "bad-field")
    before = len(store.all(jobs))
    p.fill('input[name="rules.clusters_per_park"]', "abc")
    p.click("text=Save the settings")
    message = p.locator('.error[data-for="rules.clusters_per_park"]')
    assert "integer" in message.text_content()
    assert p.locator('input[name="rules.clusters_per_park"]').input_value() == "abc"
    assert len(store.all(jobs)) == before
    page.screenshot("workbench-bad-field")


def test_a_cancelled_job_leaves_no_run_and_no_temporaries(page, server):
    address, data = server
    store = Store(data, migrate=False)
    p = page.page
    p.goto(address + "/")
    runs_before = len(store.all(results))
    p.click("form[action='/scenarios/bundled:demand-surge/run'] button")
    p.wait_for_url(re.compile(r".*/jobs/[0-9a-f]{16}$"))
    job_id = p.url.rsplit("/", 1)[-1]
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
    p.click("header button")
    assert p.locator("header input[name=who]").input_value() == HOSTILE
    assert not page.dialogs and not page.errors
