"""A run: a scenario solved, its plan laid out on parcels if asked, and what a reproducible
record of it needs. (Making runs is :mod:`landplan.workflows`' job; writing them,
:mod:`landplan.outputs`'.)"""

from __future__ import annotations

import hashlib
import platform
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

from landplan.assembly import Inputs
from landplan.inputs.scenario import Scenario
from landplan.layout.plan import PlanLayout
from landplan.optimisation.solution import Solution


@dataclass(frozen=True)
class Run:
    """A solved scenario: its inputs, its solution, the layout of its land on parcels if it
    was laid out, and where everything came from."""

    inputs: Inputs
    solution: Solution
    layout: PlanLayout | None = None

    @property
    def scenario(self) -> Scenario:
        return self.inputs.scenario

    def provenance(self) -> dict[str, Any]:
        """Hashes of the data files and the versions of the software, to reproduce the run, and
        the plan pack's name, manifest hash and tiers (the words its tables use)."""
        pack = self.inputs.pack
        return {
            "data_sha256": {key: file_sha256(path) for key, path in self.inputs.files.items()},
            "plan_pack": {
                "name": pack.name,
                "manifest_sha256": file_sha256(pack.manifest),
                "tiers": [t.model_dump() for t in pack.tiers],
            },
            "versions": {
                "landplan": _version("landplan"),
                "pulp": _version("pulp"),
                "highspy": _version("highspy"),
                "solver": f"{self.solution.solver} {self.solution.solver_version}".strip(),
                "python": platform.python_version(),
            },
        }


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
