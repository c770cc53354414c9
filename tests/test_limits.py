"""Every input limit (landplan.limits) refuses in words, naming the file, the line, the field
and the limit, before anything big is built; nothing over a limit ends in a traceback."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from landplan.inputs.bundled import DATA_DIR
from landplan.limits import MAX_PACK_SCENARIOS
from tests.command import landplan_here

BASELINE = (DATA_DIR / "scenarios" / "baseline.yaml").read_text(encoding="utf-8")


def scenario(tmp_path: Path, extra: str, name: str = "probe") -> Path:
    path = tmp_path / f"{name}.yaml"
    path.write_text(BASELINE.replace("name: baseline", f"name: {name}\n{extra}", 1), "utf-8")
    return path


@pytest.mark.parametrize(
    ("extra", "said"),
    [
        (
            "solver:\n  node_limit: " + "7" * 5000,
            "line 5: field 'solver.node_limit': an integer of 5,000 digits",
        ),
        (
            "solver:\n  time_limit: 1" + "0" * 400,
            "field 'solver.time_limit': an integer of 401 digits",
        ),
        ("solver:\n  node_limit: 99999999999", "field 'solver.node_limit'"),
        (
            "x_note: " + "a" * 20_000,
            "field 'x_note': a text of 20,000 characters: longer than the 10,000",
        ),
        ("a: " + "{b: " * 40 + "1" + "}" * 40, "nested more than 32 levels deep"),
        ("b: " + "[" * 33 + "]" * 33, "nested more than 32 levels deep"),
        ("notes:\n  - " + "c" * 11_000, "field 'notes.0': a text of 11,000 characters"),
    ],
)
def test_a_scenario_over_a_limit_is_refused_naming_it(tmp_path, extra, said):
    result = landplan_here("validate", str(scenario(tmp_path, extra)))
    assert result.returncode == 2 and said in result.stderr, result.stderr
    assert "Traceback" not in result.stderr


def test_a_scenario_file_over_its_size_is_refused_unread(tmp_path):
    path = scenario(tmp_path, "description: " + "a" * 10_000_000)
    result = landplan_here("validate", str(path))
    assert result.returncode == 2 and "larger than the 1 MB" in result.stderr, result.stderr


@pytest.fixture
def pack(tmp_path):
    folder = tmp_path / "pack"
    shutil.copytree(DATA_DIR, folder)
    return folder


def test_a_pack_manifest_over_a_limit_is_refused_naming_it(pack):
    manifest = pack / "pack.yaml"
    manifest.write_text(manifest.read_text("utf-8") + "\nsolver:\n  node_limit: " + "7" * 5000)
    result = landplan_here("validate", "--pack", str(pack))
    assert result.returncode == 2, result.stderr
    assert "pack.yaml: line" in result.stderr and "field 'solver.node_limit'" in result.stderr


def test_a_pack_of_too_many_scenarios_is_refused_before_any_is_checked(pack):
    for i in range(MAX_PACK_SCENARIOS + 1 - len(list((pack / "scenarios").glob("*.yaml")))):
        (pack / "scenarios" / f"copy-{i}.yaml").write_text(BASELINE.replace("baseline", f"c{i}"))
    result = landplan_here("validate", "--pack", str(pack))
    assert result.returncode == 2, result.stderr
    assert f"more than {MAX_PACK_SCENARIOS} scenarios" in result.stderr


@pytest.mark.parametrize("command", ["map", "layout", "compare"])
@pytest.mark.parametrize("digits", [4500, 19])
def test_a_run_whose_kpis_hold_a_huge_integer_is_refused(baseline_run, tmp_path, command, digits):
    run = tmp_path / "run"
    shutil.copytree(baseline_run, run)
    kpis = run / "kpis.json"
    text = kpis.read_text("utf-8")
    kpis.write_text(text.replace('"rows": ', '"rows": ' + "9" * digits + ', "was": ', 1))
    before = sorted(p.name for p in run.iterdir())
    args = [command, str(run)] if command != "compare" else [command, str(baseline_run), str(run)]
    result = (
        landplan_here(*args, "--out", str(tmp_path / "out"))
        if command == "compare"
        else landplan_here(*args)
    )
    assert result.returncode == 2, result.stderr
    assert f"an integer of {digits} digits" in result.stderr and "kpis.json" in result.stderr
    assert sorted(p.name for p in run.iterdir()) == before
