"""Run a scenario: assemble its inputs, solve, and keep what a reproducible record needs."""

from __future__ import annotations

import hashlib
import platform
from collections.abc import Callable
from dataclasses import dataclass, replace
from importlib import metadata
from pathlib import Path
from typing import Any

import geopandas as gpd

from landplan.assembly import Inputs, assemble
from landplan.errors import LandplanError
from landplan.inputs.scenario import Scenario
from landplan.layout.plan import LayoutSpec, PlanLayout, lay_out, layout_setup
from landplan.layout.solve import ParkLayout
from landplan.optimisation.planning import solve
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
    """Assemble and solve ``scenario``, with ``solver_changes`` as in :func:`with_solver`."""
    return solve_inputs(assemble(with_solver(scenario, **solver_changes)))


def solve_inputs(inputs: Inputs) -> Run:
    """Solve an assembled scenario with its solver settings."""
    return Run(inputs=inputs, solution=solve(inputs.problem, inputs.scenario.solver.options()))


def layout_inputs(inputs: Inputs) -> tuple[gpd.GeoDataFrame, LayoutSpec]:
    """The parcels a scenario's layout uses and how to lay them out (a planner's parcel file
    is read and checked here, so that a bad one is said before anything is solved)."""
    return layout_setup(inputs.scenario, inputs.parks)


def lay_out_run(
    run: Run,
    *,
    setup: tuple[gpd.GeoDataFrame, LayoutSpec] | None = None,
    executor: str = "local",
    workers: int = 1,
    scheduler: str | None = None,
    progress: Callable[[ParkLayout], None] | None = None,
) -> Run:
    """``run`` with its plan laid out on parcels, park by park, as its scenario's ``layout``
    section says (parks in parallel on ``workers`` processes, or on Dask); ``setup`` from
    :func:`layout_inputs` if it was made already."""
    if not run.solution.has_plan:
        raise LandplanError(f"{run.scenario.name}: the run has no plan to lay out")
    parcels, spec = setup or layout_inputs(run.inputs)
    allocation = run.solution.allocation_table()
    layout = lay_out(
        parcels,
        allocation,
        run.inputs.catalog.links,
        spec,
        executor=executor,
        workers=workers,
        scheduler=scheduler,
        progress=progress,
    )
    return replace(run, layout=layout)


def with_solver(scenario: Scenario, **changes: Any) -> Scenario:
    """``scenario`` with solver settings changed (any field of the scenario's ``solver``
    section: ``name``, ``gap``, ``node_limit``, ``time_limit``, ``threads``, ``heuristic``; None
    keeps the scenario's value). The run records the values used."""
    changes = {key: value for key, value in changes.items() if value is not None}
    return scenario.with_settings("solver", **changes) if changes else scenario


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
