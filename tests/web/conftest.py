"""The workbench's test fixtures: a store in a temporary folder, and a client of the app on it
(jobs not run) holding its CSRF token."""

from __future__ import annotations

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
