"""The workbench's test fixtures: a store in a temporary folder, a client of the app on it
(jobs not run) holding its CSRF token, and the workbench served as a user starts it."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys

import pytest
from webforms import client_of

from landplan.web.service import Workbench


@pytest.fixture
def bench(tmp_path):
    return Workbench(tmp_path / "data")


@pytest.fixture(scope="module")
def running_bench(tmp_path_factory):
    """A store shared by a module's tests, its jobs run (for the tests of jobs)."""
    bench = Workbench(tmp_path_factory.mktemp("workbench"))
    bench.jobs.start()
    yield bench
    bench.jobs.stop()


@pytest.fixture
def client(bench):
    with client_of(bench) as client:
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
