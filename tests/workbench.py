"""The workbench as ``landplan serve`` starts it, and a browser page on it, for the browser tests
of the workbench (import the fixtures ``server`` and ``page`` into a test file)."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys

import pytest
from browser import OfflinePage


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """The workbench as ``landplan serve`` starts it: its address and its data folder."""
    data = tmp_path_factory.mktemp("workbench")
    process = subprocess.Popen(
        [sys.executable, "-m", "landplan", "serve", "--data", str(data), "--no-browser"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    line = process.stdout.readline()
    found = re.search(r"http://127\.0\.0\.1:\d+/", line)
    assert found, line
    yield found.group(0).rstrip("/"), data
    os.killpg(process.pid, signal.SIGINT)
    process.wait(30)


@pytest.fixture
def page(browser, server):
    page = OfflinePage(browser, allow=(server[0],))
    yield page
    page.page.close()


def create(p, address: str, name: str) -> str:
    """Make a scenario from the baseline on the scenario list; its editor's address."""
    p.goto(address + "/")
    p.select_option("select[name=source]", "bundled:baseline")
    p.fill("section.panel input[name=name]", name)
    p.click("text=Create")
    p.wait_for_url(re.compile(r".*/scenarios/[0-9a-f]{16}$"))
    return p.url


def run_and_wait(page, button) -> str:
    """Click a Run button and wait for the result page; its address."""
    button.click()
    page.wait_for_url(re.compile(r".*/results/[0-9a-f]{16}$"), timeout=120_000)
    return page.url
