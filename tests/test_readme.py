"""The README's example scenario is a valid scenario that means what the README says."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import landplan
from landplan.optimisation.families.demand import DemandConstraints
from landplan.optimisation.families.locks import LockConstraints

README = Path(__file__).resolve().parents[1] / "README.md"


def test_readme_scenario_example_assembles(tmp_path):
    text = re.search(r"```yaml\n(.*?)```", README.read_text(encoding="utf-8"), re.S).group(1)
    shutil.copy(landplan.bundled_scenarios()["baseline"], tmp_path / "baseline.yaml")
    (tmp_path / "example.yaml").write_text(text, encoding="utf-8")
    inputs = landplan.assemble(landplan.load_scenario(tmp_path / "example.yaml"))
    problem = inputs.problem
    locks = problem.part(LockConstraints)
    assert ("new_energy", ("PS-01", "PS-02", "PS-03")) in locks.locked_in_any
    assert ("marine", "BA-02") in locks.locked_out and ("new_energy", "LG-02") in locks.locked_in
    assert set(problem.part(DemandConstraints).hard) == set(
        inputs.catalog.clusters.query("kind == 'future'").index
    )
    base = landplan.load_catalog().clusters["demand_2035_km2"]
    demand = problem.demand[2035]
    assert demand["new_energy"] == base["new_energy"] * 1.1 * 1.2
    assert problem.footprints["semiconductors"] == 1.5
