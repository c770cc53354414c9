"""Scenario files a careless or hostile user might write: each refused in one line that names
the file and the field, with exit code 2 (the holes a fuzzing session found)."""

from __future__ import annotations

import os

import pytest
from fuzz import run_cli

BASELINE = "extends: {root}/data/scenarios/baseline.yaml\n"
CASES = {
    "a name too long for a folder": ("name: " + "深" * 100 + "\n", "200 bytes"),
    "one horizon twice": ("name: x\nhorizons: [2030, 2030]\n", "each once, in order"),
    "horizons out of order": ("name: x\nhorizons: [2035, 2025]\n", "each once, in order"),
    "nested a thousand deep": ("name: x\ndescription: " + "[" * 1000 + "]" * 1000, "nest"),
    "an alias bomb": ("a: &a [x, x]\nb: [*a, *a]\nname: x\n", "aliases"),
    "a huge multiplier": ("name: x\ndemand: {multiplier: 1e308}\n", "field 'demand.multiplier'"),
    "a huge footprint": ("name: x\nrules: {footprints: {semiconductors: 1e308}}\n", "footprints"),
    "a million threads": ("name: x\nsolver: {threads: 1000000}\n", "field 'solver.threads'"),
    "an empty AHP matrix": (
        "name: x\nsuitability: {ahp: {criteria: [], matrix: []}}\n",
        "suitability.ahp.criteria",
    ),
    "a NUL in a data path": ('name: x\ndata: {parks: "a\\0b.geojson"}\n', "NUL"),
    "a folder as data": ("name: x\ndata: {clusters: .}\n", ": a folder, not a file"),
    "a device as data": ("name: x\ndata: {clusters: /dev/zero}\n", "/dev/zero: not a regular"),
    "a CSV as a layer": (
        "name: x\ndata: {parks: {root}/data/clusters.csv}\n",
        "clusters.csv: not a vector layer",
    ),
    "an unknown weight": (
        "name: x\nsuitability: {weights: {endorsment: 1}}\n",
        "field 'suitability.weights.endorsment'",
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_refused_in_one_line_naming_the_file(case, tmp_path):
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    text, expected = CASES[case]
    path = tmp_path / "scenario.yaml"
    path.write_text(text.replace("{root}", root), encoding="utf-8")
    code, output = run_cli(["validate", str(path)])
    assert code == 2, output
    message = " ".join(output.split())
    # the file the problem is in: the scenario, or the data file it names
    assert expected in message and message.startswith("error: /"), message


def test_a_pipe_as_data_is_refused_without_waiting(tmp_path):
    fifo = tmp_path / "clusters.csv"
    os.mkfifo(fifo)
    path = tmp_path / "scenario.yaml"
    path.write_text("name: x\ndata: {clusters: clusters.csv}\n")
    code, output = run_cli(["validate", str(path)])
    assert code == 2 and "not a regular file" in output


def test_an_extra_criterion_error_names_its_csv(tmp_path):
    table = tmp_path / "criterion.csv"
    table.write_text("cluster_id,park_id,value\nsemiconductors,BA-01,7\n")
    path = tmp_path / "scenario.yaml"
    path.write_text("name: x\nsuitability: {extra: {mine: criterion.csv}}\n")
    code, output = run_cli(["validate", str(path)])
    message = " ".join(output.split())
    assert code == 2 and str(table) in message and "row 1" in message, message
