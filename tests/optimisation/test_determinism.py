"""The same inputs give the same plan, byte for byte, however busy the machine is: the default
solve stops on its gap (or a node count), never on the clock."""

from __future__ import annotations

import subprocess
import sys

import pytest

import landplan
from landplan.outputs.runfolder import allocation_csv_table


@pytest.fixture
def busy_cpus():
    """Both cores of this machine kept busy by other processes for the duration."""
    hogs = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(2)]
    yield
    for hog in hogs:
        hog.kill()
        hog.wait()


def allocation_csv(scenario: str) -> bytes:
    run = landplan.run_scenario(landplan.load_scenario(scenario))
    assert run.solution.stopped_by == landplan.Stop.GAP
    return allocation_csv_table(run).to_csv(index=False).encode()


@pytest.fixture(scope="module")
def idle_baseline() -> bytes:
    return allocation_csv("baseline")


def test_baseline_is_the_same_on_a_busy_machine(idle_baseline, busy_cpus):
    assert allocation_csv("baseline") == idle_baseline
