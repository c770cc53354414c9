"""``landplan tradeoff`` and a scenario's ``tradeoff`` section: the folder it writes, the same
bytes on every run, refusals in words, and a point kept as a scenario's plan."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest
from command import landplan_here

import landplan
from landplan.errors import InputError
from landplan.inputs.tradeoff import kept_point, objectives_asked
from landplan.outputs.tradeoff import read_tradeoff
from landplan.tradeoff.objectives import objective
from landplan.tradeoff.point import measures

FRONT = ("--objectives", "suitability,balance", "--points", "3")


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("tradeoff")
    result = landplan_here("tradeoff", "baseline", *FRONT, "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert "certified within 0.5 %" in result.stdout
    return out / "baseline-tradeoff"


def test_the_folder_has_the_front_each_plan_and_the_page(written: Path):
    record = read_tradeoff(written)
    assert record["solved"] == 3 and record["certified"] == 3
    front = (written / "front.csv").read_text(encoding="utf-8").splitlines()
    assert front[0].startswith("point,suitability,balance,knee")
    assert len(front) == 1 + len(record["front"])
    page = (written / "tradeoff.html").read_text(encoding="utf-8")
    for number in record["front"]:
        assert f'href="point_{number}.html"' in page  # a point of the chart opens its map
        assert (written / f"point_{number}.html").exists()
        assert (written / f"point_{number}_allocation.csv").exists()
    assert "SCHEMATIC" in page


def test_the_same_trade_off_is_the_same_bytes(written: Path, tmp_path: Path):
    again = landplan_here("tradeoff", "baseline", *FRONT, "--out", str(tmp_path))
    assert again.returncode == 0, again.stderr
    for name in ("front.csv", "points.csv", "point_1_allocation.csv", "point_3_allocation.csv"):
        assert (tmp_path / "baseline-tradeoff" / name).read_bytes() == (written / name).read_bytes()


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (
            ("--objectives", "suitabilty,balance"),
            ["tradeoff.objectives", "did you mean 'suitability'"],
        ),
        (("--objectives", "suitability"), ["tradeoff.objectives", "at least 2"]),
        (("--objectives", "balance,balance"), ["each objective once"]),
        (("--points", "0"), ["tradeoff.points", "greater than or equal to 2"]),
        (("--method", "pareto"), ["tradeoff.method", "'epsilon'"]),
        (("--objectives", "suitability,balance,chain", "--points", "30"), ["at most 400"]),
        (
            ("--method", "reference", "--reference", "suitability=44"),
            ["a reference value for each"],
        ),
        (("--reference", "suitability"), ["needs a value"]),
    ],
)
def test_bad_settings_are_refused_in_words(args, said, tmp_path: Path):
    result = landplan_here("tradeoff", "baseline", *args, "--out", str(tmp_path))
    assert result.returncode == 2, result.stdout + result.stderr
    for words in said:
        assert words in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "baseline-tradeoff").exists()


def scenario_file(tmp_path: Path, tradeoff: str) -> Path:
    path = tmp_path / "kept.yaml"
    path.write_text(
        "name: kept\nextends: baseline\ntradeoff:\n" + textwrap.indent(tradeoff, "  "),
        encoding="utf-8",
    )
    return path


def test_a_kept_point_is_the_scenario_plan(tmp_path: Path):
    """``tradeoff.plan``: a run maximises suitability with balance at most 3 km²."""
    path = scenario_file(tmp_path, "plan:\n  maximise: suitability\n  bounds: {balance: 3.0}\n")
    (outcome,) = landplan.run_scenarios([path], out=tmp_path / "out")
    run = outcome.run
    problem = run.inputs.problem
    chosen = [objective("suitability", problem), objective("balance", problem)]
    found = measures(problem, chosen, run.solution.allocation)
    assert found["balance"] <= 3.0 + 1e-6
    assert run.solution.gap is not None and run.solution.gap <= 0.005
    assert "term_tradeoff" in run.solution.kpis()
    report = (tmp_path / "out" / "kept" / "report.html").read_text(encoding="utf-8")
    assert "it maximises Suitability-weighted land" in report
    assert "held to at most 3.00 km²" in report


@pytest.mark.parametrize(
    ("tradeoff", "said"),
    [
        (
            "plan:\n  maximise: suitability\n  bounds: {balanse: 3}\n",
            ["line 6", "unknown objective 'balanse'"],
        ),
        ("plan:\n  bounds: {balance: 3}\n", ["give one of maximise"]),
        ("method: pareto\n", ["line 4", "field 'tradeoff.method'"]),
        ("objectives: [suitability, demand_2031]\n", ["demand_2025"]),
    ],
)
def test_a_scenario_file_section_is_checked_with_its_line(tmp_path: Path, tradeoff, said):
    path = scenario_file(tmp_path, tradeoff)
    with pytest.raises(InputError) as raised:
        scenario = landplan.load_scenario(path)
        inputs = landplan.assemble(scenario)
        objectives_asked(scenario, inputs.problem)
        kept_point(scenario, inputs.problem)
    for words in said:
        assert words in str(raised.value)


def test_the_record_is_json_with_every_point(written: Path):
    record = json.loads((written / "tradeoff.json").read_text(encoding="utf-8"))
    assert [p["number"] for p in record["points"]] == [1, 2, 3]
    assert all(p["gap"] is not None and p["gap"] <= 0.005 for p in record["points"])
