"""Run a scenario: assemble its inputs, solve, and keep what a reproducible record needs."""

from __future__ import annotations

import hashlib
import platform
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

from landplan.assemble import Inputs, assemble
from landplan.planning import solve
from landplan.scenario import Scenario
from landplan.solution import Solution


@dataclass(frozen=True)
class Run:
    """A solved scenario: its inputs, its solution and where everything came from."""

    inputs: Inputs
    solution: Solution

    @property
    def scenario(self) -> Scenario:
        return self.inputs.scenario

    def provenance(self) -> dict[str, Any]:
        """Hashes of the data files and the versions of the software, to reproduce the run."""
        return {
            "data_sha256": {key: file_sha256(path) for key, path in self.inputs.files.items()},
            "versions": {
                "landplan": _version("landplan"),
                "pulp": _version("pulp"),
                "highspy": _version("highspy"),
                "solver": f"{self.solution.solver} {self.solution.solver_version}".strip(),
                "python": platform.python_version(),
            },
        }


def run_scenario(scenario: Scenario, **solver_changes: Any) -> Run:
    """Assemble and solve ``scenario``. ``solver_changes`` override its solver settings
    (``name``, ``time_limit``, ``gap``, ``threads``); the run records the values used."""
    changes = {k: v for k, v in solver_changes.items() if v is not None}
    if changes:
        solver = scenario.solver.model_copy(update=changes)
        scenario = scenario.model_copy(update={"solver": type(solver).model_validate(solver)})
    inputs = assemble(scenario)
    return Run(inputs=inputs, solution=solve(inputs.problem, inputs.solver_options))


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "unknown"
