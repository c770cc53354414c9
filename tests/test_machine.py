"""The contract with programs that call landplan (``--json``, landplan.machine): one document
on stdout as a command ends, errors too; progress as JSON lines on stderr; Ctrl-C said."""

from __future__ import annotations

import json
import shutil
import signal
import subprocess
import sys

import pandas as pd
import pytest
from command import landplan_cmd, landplan_here

from landplan.machine import CONTRACT

HEAD = {"contract", "landplan", "command", "exit_code", "error"}


def document(result: subprocess.CompletedProcess) -> dict:
    """The command's one document (stdout holds nothing else)."""
    answer = json.loads(result.stdout)
    assert HEAD <= set(answer) and answer["contract"] == CONTRACT
    assert answer["exit_code"] == result.returncode
    return answer


def progress(result: subprocess.CompletedProcess) -> list[dict]:
    """Every line on stderr, each a JSON event."""
    return [json.loads(line) for line in result.stderr.splitlines()]


def test_version_says_the_contract():
    answer = document(landplan_here("version", "--json"))
    assert answer["command"] == "version" and answer["error"] is None
    assert f"contract {CONTRACT}" in landplan_here("version").stdout


def test_a_run_says_its_progress_as_json_lines_and_ends_with_one_document(tmp_path):
    result = landplan_cmd("run", "baseline", "--out", str(tmp_path), "--gap", "0.05", "--json")
    answer = document(result)
    assert answer["command"] == "run" and answer["exit_code"] == 0
    (run,) = answer["runs"]
    assert run["scenario"] == "baseline" and run["folder"] == str(tmp_path / "baseline")
    events = progress(result)
    stages = [e["stage"] for e in events if e["event"] == "progress"]
    assert stages[0] == "checks" and "writing the tables, maps and report" in stages
    assert all(e["words"].startswith("baseline: ") for e in events)
    assert any(e["gap"] is not None for e in events)


@pytest.mark.parametrize(
    ("arguments", "words"),
    [
        (("run", "basline"), "basline"),
        (("validate", "nowhere.yaml"), "nowhere.yaml"),
        (
            ("suitability", "baseline", "--industry", "semiconductor"),
            "did you mean 'semiconductors'",
        ),
        (("layout", "no-such-folder"), "no-such-folder"),
    ],
)
def test_an_error_is_said_in_the_document_not_on_stderr(arguments, words, tmp_path):
    result = landplan_here(*arguments, "--json", cwd=tmp_path)
    answer = document(result)
    assert answer["exit_code"] == 2 and words in answer["error"]
    assert "error:" not in result.stderr


def test_layout_compare_and_validate_say_their_outcomes(baseline_run, tmp_path):
    run = tmp_path / "baseline"
    shutil.copytree(baseline_run, run)
    laid = landplan_cmd("layout", str(run), "--cell-ha", "12", "--workers", "1", "--json")
    answer = document(laid)
    laid_parks = set(pd.read_csv(run / "layout.csv")["park_id"])  # the parks with land
    assert answer["folder"] == str(run) and set(answer["parks"]) == laid_parks
    assert {p["status"] for p in answer["parks"].values()} <= {"optimal", "feasible"}
    steps = [e for e in progress(laid) if e["event"] == "step"]
    assert steps and steps[-1]["done"] == steps[-1]["total"]
    compared = document(
        landplan_here("compare", str(baseline_run), str(run), "--out", str(tmp_path), "--json")
    )
    assert compared["runs"] == ["baseline", "baseline_2"] and compared["moved"] == []
    assert compared["industries"] == 28
    checked = document(landplan_here("validate", "baseline", "strict-policy", "--json"))
    assert [s["name"] for s in checked["scenarios"]] == ["baseline", "strict-policy"]
    assert all(isinstance(s["findings"], list) for s in checked["scenarios"])


def test_ctrl_c_is_said_in_the_document_and_nothing_is_written(tmp_path):
    process = subprocess.Popen(
        [sys.executable, "-m", "landplan", "run", "baseline", "--layout", "--out", str(tmp_path), "--json"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert process.stderr is not None
    json.loads(process.stderr.readline())  # working: the first line of progress
    process.send_signal(signal.SIGINT)
    out, _ = process.communicate(timeout=60)
    answer = json.loads(out)
    assert process.returncode == answer["exit_code"] == 130
    assert answer["error"].startswith("interrupted")
    assert not (tmp_path / "baseline").exists()
