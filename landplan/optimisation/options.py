"""How to solve and what a solve returns: the values the engine, the scenario and the CLI share
(no solver is imported here, so reading or checking a scenario stays quick)."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from landplan.errors import LandplanError

SOLVERS = ("highs", "scip", "cbc")
#: How the solvers are written in messages.
SOLVER_NAMES = {"highs": "HiGHS", "scip": "SCIP", "cbc": "CBC"}
#: Relative gap at which a plan counts as good enough, unless the scenario says otherwise.
DEFAULT_GAP = 0.005
#: Seconds after which any solve stops whatever its gap: a safety net, never the normal end.
DEFAULT_TIME_LIMIT = 300.0
#: Branch-and-bound nodes after which a solve stops: a limit on work that does not depend on the
#: machine, so that even a problem that never reaches its gap ends the same way everywhere.
DEFAULT_NODE_LIMIT = 20_000
#: The gap of every sample of a sweep: a little looser than a single run's, for speed.
SWEEP_GAP = 0.01
#: Absolute slack under which objective and bound count as equal (objective units).
OPTIMALITY_TOLERANCE = 1e-6

# Layouts inside the parks (landplan.layout), defaults the scenario's ``layout`` section shares.
#: Relative gap a park's layout should reach.
LAYOUT_GAP = 0.01
#: Branch-and-bound nodes of a layout's search (see landplan.layout.solve for where it runs).
LAYOUT_NODE_LIMIT = 100
#: Seconds per park after which a layout's search stops (a safety net).
LAYOUT_TIME_LIMIT = 60.0
#: Weight of a km of exposed block edge, and of a km of edge shared with a chain partner
#: (times the link's strength). The partner weight must stay below twice the boundary weight.
BOUNDARY_WEIGHT = 1.0
PARTNER_WEIGHT = 1.0


class Status(StrEnum):
    OPTIMAL = "optimal"
    FEASIBLE = "feasible"
    INFEASIBLE = "infeasible"
    NO_SOLUTION = "no solution"
    ERROR = "error"


class Stop(StrEnum):
    """Why a solve ended."""

    PROOF = "proof"  # the plan is proven optimal
    GAP = "gap"  # the plan is within the requested gap of the bound
    TARGET = "target"  # a plan reached the target objective (heuristic sub-problems)
    NODE_LIMIT = "node limit"
    TIME_LIMIT = "time limit"
    SIZE_LIMIT = "size limit"  # too large to search: a heuristic's plan and a proven bound
    INFEASIBLE = "infeasible"
    INTERRUPTED = "interrupted"
    ERROR = "error"


class SolverError(LandplanError):
    """The solver could not be run as asked."""


@dataclass(frozen=True)
class SolverOptions:
    """How to solve.

    ``solver``: highs, scip (needs ``pip install 'landplan[scip]'``) or cbc, for the branch and
    bound; the relaxation and the heuristic always run on HiGHS. ``gap_rel``: stop when the plan
    is within this relative gap of the proven bound (0 asks for a proof). ``node_limit``: stop
    after this many branch-and-bound nodes. ``time_limit``: seconds, a safety net. ``threads``:
    1 gives the same answer on every machine. ``heuristic``: run landplan's LP-guided heuristic
    before the branch and bound (off: the solver alone, for comparisons).
    """

    solver: str = "highs"
    gap_rel: float = DEFAULT_GAP
    time_limit: float = DEFAULT_TIME_LIMIT
    node_limit: int = DEFAULT_NODE_LIMIT
    threads: int = 1
    heuristic: bool = True

    def __post_init__(self) -> None:
        if self.solver not in SOLVERS:
            raise SolverError(f"unknown solver '{self.solver}'; choose one of {', '.join(SOLVERS)}")
        if self.time_limit <= 0 or self.gap_rel < 0 or self.threads < 1 or self.node_limit < 0:
            raise SolverError("time limit must be > 0, gap ≥ 0, node limit ≥ 0 and threads ≥ 1")


@dataclass(frozen=True)
class SolveResult:
    """A certified solve: the best plan, its value by landplan's own evaluation, the best proven
    bound, the gap between them and how the solve ended. ``values`` maps variable names to values
    and ``duals`` maps row names to shadow prices (objective gained per unit of right-hand side;
    LPs only)."""

    status: Status
    objective: float | None
    bound: float | None
    gap: float | None
    runtime_s: float
    solver: str
    solver_version: str
    reason: str
    stopped_by: Stop = Stop.ERROR
    values: dict[str, float] = field(default_factory=dict, repr=False)
    duals: dict[str, float] = field(default_factory=dict, repr=False)


def status_sentence(kpis: dict) -> str:
    """A run's status in words (from its KPIs, so that a run folder read back says the same):
    how good the plan is, how sure that is, and what ended the solve."""
    status, stop = kpis["status"], kpis.get("stopped_by")
    solver = SOLVER_NAMES.get(kpis["solver"], kpis["solver"])
    runtime = f"{kpis.get('runtime_s') or 0.0:.1f} s with {solver}"
    if status == "optimal":
        return f"optimal: proven best plan (gap 0), in {runtime}."
    if status != "feasible":
        return f"{status}: no plan ({kpis.get('reason', '')}). See the diagnostics below."
    if kpis.get("gap") is None or kpis.get("bound") is None:
        return f"a plan with no proven bound, so no gap can be claimed: {kpis.get('reason', '')}."
    within = (
        f"within {100 * kpis['gap']:.2f} % of the best possible plan (bound {kpis['bound']:.3f})"
    )
    if stop == "gap":
        return f"{within}, certified in {runtime}."
    if stop == "time limit":
        return (
            f"{within} when the time limit stopped the solve after {runtime}, before the gap asked "
            "for: a faster or slower machine may give another plan."
        )
    return f"{within} after {runtime}, short of the gap asked for: {kpis.get('reason', '')}."
