"""The workbench's test fixtures: a store in a temporary folder, a client of the app on it
(jobs not run) holding its CSRF token, and the workbench served as a user starts it."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys

import pytest
from starlette.testclient import TestClient

from landplan.web.app import create_app
from landplan.web.service import Workbench


@pytest.fixture
def bench(tmp_path):
    return Workbench(tmp_path / "data")


@pytest.fixture
def client(bench):
    with TestClient(create_app(bench, run_jobs=False), base_url="http://127.0.0.1") as client:
        client.get("/")
        client.token = client.cookies["landplan_csrf"]
        yield client


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
