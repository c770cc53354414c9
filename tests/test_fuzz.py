"""Hostile and careless scenario files (tests/fuzz.py, a fixed seed): every one ends in an exit
code, none in a traceback, none hangs."""

from __future__ import annotations

import collections

import pytest
from fuzz import run_cli, write_cases


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory):
    folder = tmp_path_factory.mktemp("fuzz")
    return {path.name: run_cli(["validate", str(path)]) for path in write_cases(folder, 200)}


def test_no_fuzzed_scenario_ends_in_a_traceback(outcomes):
    crashes = {
        name: text.splitlines()[-1] for name, (code, text) in outcomes.items() if code is None
    }
    assert not crashes


def test_fuzzed_scenarios_are_refused_with_the_input_exit_code(outcomes):
    codes = collections.Counter(code for code, _ in outcomes.values())
    assert set(codes) <= {0, 2}
    assert codes[2] > 160  # most are broken on purpose; the rest validate
