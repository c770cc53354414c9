"""Thin solver adapters: run a compiled model with CBC or HiGHS and report honestly.

PuLP calls a run that stopped on the time limit with an incumbent "Optimal". Here the status
comes from the solver's own account plus the gap between the objective and the proven bound:

- ``optimal``: the solver proved optimality and the gap is (numerically) zero;
- ``feasible``: a solution, not proven optimal: stopped by the time limit or by a gap tolerance;
  the bound and gap say how far from optimal it may be;
- ``infeasible``: no plan satisfies the hard rules;
- ``no solution``: stopped (time limit) before finding any plan;
- ``error``: the solver failed.
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
import time
import warnings
from dataclasses import dataclass, field
from enum import StrEnum
from importlib import metadata
from pathlib import Path

import pulp

from landplan.errors import LandplanError
from landplan.model import Model

SOLVERS = ("highs", "cbc")
#: Absolute slack under which objective and bound count as equal (objective units).
OPTIMALITY_TOLERANCE = 1e-6


class Status(StrEnum):
    OPTIMAL = "optimal"
    FEASIBLE = "feasible"
    INFEASIBLE = "infeasible"
    NO_SOLUTION = "no solution"
    ERROR = "error"


class SolverError(LandplanError):
    """The solver could not be run as asked."""


@dataclass(frozen=True)
class SolverOptions:
    """How to solve: ``solver`` (highs or cbc), ``time_limit`` in seconds, ``gap_rel`` (stop
    when the relative gap is at most this; 0 proves optimality), ``threads``.

    The defaults are deterministic: one thread gives the same answer on every run.
    """

    solver: str = "highs"
    time_limit: float = 60.0
    gap_rel: float = 0.0
    threads: int = 1

    def __post_init__(self) -> None:
        if self.solver not in SOLVERS:
            raise SolverError(f"unknown solver '{self.solver}'; choose one of {', '.join(SOLVERS)}")
        if self.time_limit <= 0 or self.gap_rel < 0 or self.threads < 1:
            raise SolverError("time limit must be > 0, gap ≥ 0 and threads ≥ 1")


@dataclass(frozen=True)
class SolveResult:
    """What one solver run returned. ``values`` maps variable names to values and ``duals``
    maps row names to shadow prices (objective gained per unit of right-hand side; LPs only)."""

    status: Status
    objective: float | None
    bound: float | None
    gap: float | None
    runtime_s: float
    solver: str
    solver_version: str
    reason: str
    values: dict[str, float] = field(default_factory=dict, repr=False)
    duals: dict[str, float] = field(default_factory=dict, repr=False)


def solve_model(model: Model, options: SolverOptions | None = None) -> SolveResult:
    """Solve a compiled model and return its result (the model's PuLP objects are left with the
    solver's values; read results from the returned value, not from them).

    No MIP start is passed to either solver: with one, HiGHS 1.16 was seen here to report an
    objective and bound that do not match the plan it returned, and the CBC bundled with PuLP
    (2.10.3) to call the start optimal when it was not (both on tiny cases found by
    tests/test_properties.py).
    """
    options = options or SolverOptions()
    run = _run_highs if options.solver == "highs" else _run_cbc
    return run(model, options)


def relative_gap(objective: float, bound: float) -> float:
    """(bound − objective) / |objective| for a maximisation, never negative."""
    return max(0.0, bound - objective) / max(abs(objective), 1e-9)


# --- HiGHS -----------------------------------------------------------------------------------

# HiGHS fixes its thread pool at the first solve in a process; a later solve asking for another
# count returns "Not Solved" at once. Remember the first count to refuse clearly instead.
_highs_threads: int | None = None


def highs_solver(options: SolverOptions) -> pulp.HiGHS:
    """PuLP's in-process HiGHS with these options (the thread count is checked: HiGHS keeps
    the first one it was given in a process)."""
    global _highs_threads
    if _highs_threads is not None and options.threads != _highs_threads:
        raise SolverError(
            f"HiGHS already runs with {_highs_threads} thread(s) in this process and cannot "
            f"switch to {options.threads}; start a new process to change it"
        )
    _highs_threads = options.threads
    return pulp.HiGHS(
        msg=False, timeLimit=options.time_limit, gapRel=options.gap_rel, threads=options.threads
    )


def _run_highs(model: Model, options: SolverOptions) -> SolveResult:
    solver = highs_solver(options)
    began = time.perf_counter()
    with quiet_stdout():  # highspy prints a banner on stdout at first use
        solver.actualSolve(model.lp)
    return read_highs(model, time.perf_counter() - began)


def read_highs(model: Model, runtime: float) -> SolveResult:
    """The result of the HiGHS run held in ``model.lp.solverModel`` (values already assigned to
    the PuLP variables), with an honest status."""
    highs = model.lp.solverModel
    info = highs.getInfo()
    model_status = highs.modelStatusToString(highs.getModelStatus())
    has_solution = info.primal_solution_status == 2  # kSolutionStatusFeasible
    objective = model.lp.objective.value() if has_solution else None
    if objective is not None and model.is_mip:
        bound = -info.mip_dual_bound  # HiGHS minimises the negated objective
    else:
        bound = objective if model_status == "Optimal" else None
    if objective is not None and abs(-info.objective_function_value - objective) > 1e-6 * max(
        1.0, abs(objective)
    ):
        # Its own account disagrees with the plan it returned: trust neither its bound nor proof.
        model_status = (
            f"HiGHS reported objective {-info.objective_function_value:.6g} for a plan worth "
            f"{objective:.6g}; its bound is not trusted"
        )
        bound = None
    if model_status == "Infeasible":
        status = Status.INFEASIBLE
    elif objective is None:
        status = Status.NO_SOLUTION if model_status == "Time limit reached" else Status.ERROR
    else:
        status = _status_from_gap(model_status == "Optimal", objective, bound)
    # HiGHS minimises the negated objective, so its duals come out with the opposite sign.
    return _result(
        model,
        "highs",
        metadata.version("highspy"),
        model_status,
        status,
        objective,
        bound,
        runtime,
        dual_sign=-1.0,
    )


@contextlib.contextmanager
def quiet_stdout():
    """Silence file descriptor 1 (C-level prints) for the duration."""
    try:
        saved = os.dup(1)
    except OSError:  # no real stdout (e.g. some notebook kernels): nothing to silence
        yield
        return
    with open(os.devnull, "w") as devnull:
        os.dup2(devnull.fileno(), 1)
        try:
            yield
        finally:
            os.dup2(saved, 1)
            os.close(saved)


# --- CBC -------------------------------------------------------------------------------------

_CBC_RESULT = re.compile(r"^Result - (.*)$", re.M)
_CBC_BOUND = re.compile(r"^(?:Upper|Lower) bound:\s+(\S+)", re.M)


def _run_cbc(model: Model, options: SolverOptions) -> SolveResult:
    with tempfile.TemporaryDirectory(prefix="landplan-cbc-") as tmp:
        log = Path(tmp) / "cbc.log"
        with warnings.catch_warnings():
            # PuLP deprecates its bundled CBC in favour of the 600 MB pulp[cbc]; we keep the
            # light default on purpose (HiGHS is the default solver) and say so in the README.
            warnings.simplefilter("ignore", DeprecationWarning)
            solver = pulp.PULP_CBC_CMD(
                msg=False,
                timeLimit=options.time_limit,
                gapRel=options.gap_rel,
                threads=options.threads,
                logPath=str(log),
                keepFiles=False,
            )
        began = time.perf_counter()
        try:
            solver.actualSolve(model.lp)
        except pulp.PulpSolverError as exc:
            raise SolverError(f"CBC failed: {exc}") from None
        runtime = time.perf_counter() - began
        text = log.read_text(errors="replace") if log.exists() else ""
    result = (_CBC_RESULT.search(text) or [None, ""])[1].strip()
    has_solution = model.lp.sol_status in (
        pulp.LpSolutionOptimal,
        pulp.LpSolutionIntegerFeasible,
    )
    objective = model.lp.objective.value() if has_solution else None
    bound_match = _CBC_BOUND.search(text)
    if "infeasible" in result.lower() or model.lp.status == pulp.LpStatusInfeasible:
        status, bound = Status.INFEASIBLE, None
    elif objective is None:
        status = Status.NO_SOLUTION if "time" in result.lower() else Status.ERROR
        bound = None
    else:
        proven = result.startswith("Optimal")
        logged = float(bound_match[1]) if bound_match else None
        # A proof at zero gap tolerance needs no bound line (CBC may omit it); otherwise the bound
        # is the one CBC logged (for a maximisation it prints an upper bound), if any.
        bound = objective if proven and options.gap_rel == 0 else logged
        status = _status_from_gap(proven, objective, bound)
    return _result(
        model,
        "cbc",
        _cbc_version(),
        result or "no result line in the CBC log",
        status,
        objective,
        bound,
        runtime,
        dual_sign=1.0,
    )


def _cbc_version() -> str:
    return f"bundled with PuLP {metadata.version('pulp')}"


# --- shared ----------------------------------------------------------------------------------


def _status_from_gap(proven: bool, objective: float, bound: float | None) -> Status:
    """Optimal only when proven and objective and bound meet; otherwise feasible."""
    if (
        proven
        and bound is not None
        and bound - objective <= OPTIMALITY_TOLERANCE * max(1.0, abs(objective))
    ):
        return Status.OPTIMAL
    return Status.FEASIBLE


def _result(
    model: Model,
    solver: str,
    version: str,
    reason: str,
    status: Status,
    objective: float | None,
    bound: float | None,
    runtime: float,
    dual_sign: float,
) -> SolveResult:
    """A SolveResult with the gap, the variable values and (for an LP) the shadow prices."""
    solved = objective is not None
    return SolveResult(
        status=status,
        objective=objective,
        bound=bound,
        gap=relative_gap(objective, bound) if solved and bound is not None else None,
        runtime_s=runtime,
        solver=solver,
        solver_version=version,
        reason=reason,
        values={var.name: (var.varValue or 0.0) for var in model.lp.variables()} if solved else {},
        duals={row.name: dual_sign * row.pi for row in model.all_rows()}
        if solved and not model.is_mip
        else {},
    )
