"""How to solve: the settings every solve takes, whether it places industries in parks or lays a
park out on parcels, and whichever command started it.

:class:`SolverOptions` is also the ``solver`` section of a scenario file: a setting travels from
the file (or the command line that changes it) to the solver adapters as this one value, under
one name. Nothing here imports a solver, so reading or checking a scenario stays quick.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from landplan.limits import MAX_NODE_LIMIT

SolverName = Literal["highs", "scip"]
SOLVERS: tuple[SolverName, ...] = ("highs", "scip")
#: How the solvers are written in messages.
SOLVER_NAMES: dict[str, str] = {"highs": "HiGHS", "scip": "SCIP"}
#: Solvers once offered, and why no longer.
RETIRED: dict[str, str] = {
    "cbc": "CBC is no longer offered (PuLP deprecates the CBC it carries, and its runner gives "
    "no proven bound and cannot be stopped from outside): use highs or scip",
}
#: The gap of every sample of a sweep: a little looser than a single run's, for speed.
SWEEP_GAP = 0.01


class SolverOptions(BaseModel):
    """How to solve (the ``solver`` section of a scenario).

    ``name``: the branch-and-bound solver, scip (the default: on variants of a plan it certifies
    where HiGHS's search takes minutes, ``bench/variants.py``) or highs; the relaxation and
    landplan's heuristic always run on HiGHS. ``gap``: stop once no answer can be better by more
    than this share of what is at stake (an allocation's score at stake, a layout's own
    objective; 0 asks for a proof). ``node_limit``: stop after this many branch-and-bound
    nodes, the same on every machine. ``time_limit``: seconds, a safety net whose stop is
    reported as such. ``threads``: how many solvers run side by side (the heuristic and the
    branch and bound; each on one thread, so the same answer on every machine and with any
    count). ``heuristic``: run landplan's LP-guided heuristic before the branch and bound (off:
    the solver alone, for comparisons).
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: SolverName = Field(
        default="scip",
        description="Branch-and-bound solver: scip or highs (the relaxation and landplan's "
        "heuristic always run on HiGHS).",
    )
    gap: Annotated[float, Field(ge=0, le=1)] = Field(
        default=0.005,
        description="Stop once no plan can beat it by more than this share of the score at stake (0: proof).",
    )
    node_limit: Annotated[int, Field(ge=0, le=MAX_NODE_LIMIT)] = Field(
        default=20_000,
        description="Stop after this many branch-and-bound nodes (the same stop on every machine).",
    )
    time_limit: Annotated[float, Field(gt=0, allow_inf_nan=False)] = Field(
        default=300.0,
        description="Seconds after which a solve stops whatever its gap: a safety net (a stop on it may differ between machines).",
    )
    threads: Annotated[int, Field(ge=1, le=256)] = Field(
        default=2,
        description="Solvers run side by side: 2 runs the branch and bound beside landplan's "
        "heuristic, 1 after it (each solver on one thread: the same answer on every machine).",
    )
    heuristic: bool = Field(
        default=True, description="Run landplan's LP-guided heuristic before the branch and bound."
    )

    @field_validator("name", mode="before")
    @classmethod
    def _not_retired(cls, name: Any) -> Any:
        if isinstance(name, str) and name in RETIRED:
            raise ValueError(RETIRED[name])
        return name

    def with_changes(self, **changes: Any) -> SolverOptions:
        """These options with ``changes``, checked like the originals."""
        return SolverOptions.model_validate(self.model_dump() | changes)

    @property
    def solver_name(self) -> str:
        """The solver as messages write it (HiGHS, SCIP)."""
        return SOLVER_NAMES[self.name]
