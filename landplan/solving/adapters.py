"""Thin solver adapters: one call of HiGHS, SCIP or CBC on a model's arrays, reported as it came.

Each adapter takes a :class:`~landplan.solving.matrix.MatrixForm` and returns a :class:`SolverCall`: the
plan it found (if any), the objective it claims, the bound it proved, and why it stopped, in its
own words and as a :class:`Stop`. Nothing here decides whether a plan is good or a bound is to be
trusted; the callers do (:mod:`landplan.solving.certify`), against landplan's own evaluation.

Every adapter is deterministic on one thread: it stops on a gap, a node limit or a target
objective, which do not depend on the machine's speed; the time limit is a safety net, and a stop
on it says so.
"""

from __future__ import annotations

import contextlib
import os
import re
import subprocess
import tempfile
import time
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

import highspy
import numpy as np
import pulp

from landplan.errors import SolverError
from landplan.solving.matrix import MatrixForm
from landplan.solving.options import SolverOptions
from landplan.solving.result import Stop

#: Further HiGHS options by name.
Tuning = dict[str, bool | int | float | str]
#: The limits of a call that sets none (a bound's small LP): the scenario's defaults.
_DEFAULTS = SolverOptions()


@dataclass(frozen=True)
class SolverCall:
    """What one call of one solver returned, unchecked. ``objective`` and ``bound`` are the
    solver's own claims (maximisation); ``values`` and ``duals`` are aligned with the form's
    columns and rows."""

    solver: str
    stop: Stop
    reason: str
    values: np.ndarray | None
    objective: float | None
    bound: float | None
    runtime_s: float
    duals: np.ndarray | None = None
    nodes: int = 0


def solver_version(solver: str) -> str:
    if solver == "highs":
        return metadata.version("highspy")
    if solver == "scip":
        return f"{_scip().Model().version()} (pyscipopt {metadata.version('pyscipopt')})"
    return f"bundled with PuLP {metadata.version('pulp')}"


def call_solver(
    form: MatrixForm,
    solver: str,
    *,
    relax: bool = False,
    gap: float = 0.0,
    abs_gap: float = 0.0,
    time_limit: float = _DEFAULTS.time_limit,
    node_limit: int = _DEFAULTS.node_limit,
    threads: int = 1,
    target: float | None = None,
    start: np.ndarray | None = None,
    tuning: Tuning | None = None,
) -> SolverCall:
    """Solve ``form`` (its relaxation if ``relax``) with ``solver``: stop at relative ``gap`` (to
    the solver's own answer) or at ``abs_gap`` (in the objective's units), after ``node_limit``
    nodes, on reaching the ``target`` objective, or after ``time_limit``
    seconds. ``start`` is a plan to start from (HiGHS and SCIP; the engine checks what comes
    back); ``tuning`` sets further HiGHS options by name. A solve the user interrupted
    (Ctrl-C) raises KeyboardInterrupt as soon as the solver has stopped: nothing downstream
    mistakes a cancelled search for a result."""
    if solver == "highs":
        run = _run_highs(
            form, relax, gap, abs_gap, time_limit, node_limit, threads, target, start, tuning or {}
        )
    elif relax:
        raise SolverError("relaxations are solved with HiGHS")
    elif solver == "scip":
        run = _run_scip(form, gap, abs_gap, time_limit, node_limit, threads, target, start)
    else:
        run = _run_cbc(form, gap, abs_gap, time_limit, node_limit, threads)
    if run.stop == Stop.INTERRUPTED:
        raise KeyboardInterrupt
    return run


@contextlib.contextmanager
def quiet_stdout() -> Iterator[None]:
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


# --- HiGHS -----------------------------------------------------------------------------------

# HiGHS fixes its thread pool at the first solve in a process; a later solve asking for another
# count returns "Not Solved" at once. Remember the first count to refuse clearly instead.
_highs_threads: int | None = None


def _absolute(gap: float, abs_gap: float) -> float:
    """The absolute gap a solver is given: ``abs_gap``, or none at all for a proof, else a
    hair (the solvers' own default, so that a relative gap on a zero objective can stop)."""
    if abs_gap or gap == 0:
        return float(abs_gap)
    return 1e-6


def _highs(form: MatrixForm, relax: bool, threads: int) -> highspy.Highs:
    """A HiGHS instance holding ``form`` as a minimisation of the negated objective."""
    global _highs_threads
    if _highs_threads is not None and threads != _highs_threads:
        raise SolverError(
            f"HiGHS already runs with {_highs_threads} thread(s) in this process and cannot "
            f"switch to {threads}; start a new process to change it"
        )
    _highs_threads = threads
    lp = highspy.HighsLp()
    lp.num_col_, lp.num_row_ = form.n_columns, form.n_rows
    lp.col_cost_ = -form.objective
    lp.col_lower_, lp.col_upper_ = form.lower, form.upper
    lp.row_lower_, lp.row_upper_ = form.row_lower, form.row_upper
    lp.offset_ = -form.offset
    lp.a_matrix_.format_ = highspy.MatrixFormat.kRowwise
    lp.a_matrix_.start_ = form.start
    lp.a_matrix_.index_ = form.index
    lp.a_matrix_.value_ = form.value
    lp.col_names_, lp.row_names_ = list(form.names), list(form.row_names)  # for MPS files
    if not relax and form.integer.any():
        lp.integrality_ = [
            highspy.HighsVarType.kInteger if flag else highspy.HighsVarType.kContinuous
            for flag in form.integer
        ]
    with quiet_stdout():  # highspy prints a banner on stdout at first use
        highs = highspy.Highs()
        highs.setOptionValue("output_flag", False)
        highs.setOptionValue("threads", threads)
        highs.passModel(lp)
    return highs


def _run_highs(
    form: MatrixForm,
    relax: bool,
    gap: float,
    abs_gap: float,
    time_limit: float,
    node_limit: int,
    threads: int,
    target: float | None,
    start: np.ndarray | None,
    tuning: Tuning,
) -> SolverCall:
    highs = _highs(form, relax, threads)
    mip = not relax and bool(form.integer.any())
    settings = {
        "time_limit": float(time_limit),
        "mip_rel_gap": float(gap),
        "mip_abs_gap": _absolute(gap, abs_gap),
        "mip_max_nodes": int(node_limit),
        **tuning,
    }
    for name, value in settings.items():
        highs.setOptionValue(name, value)
    if target is not None:
        highs.setOptionValue("objective_target", -float(target))
    if start is not None and mip:
        solution = highspy.HighsSolution()
        solution.col_value = list(start)
        solution.value_valid = True
        highs.setSolution(solution)
    began = time.perf_counter()
    # solve(), not run(): the solve runs in HiGHS's own thread and Ctrl-C cancels it at once
    # (KeyboardInterrupt is raised here); run() would hold Ctrl-C until the time limit.
    highs.HandleKeyboardInterrupt = True
    with quiet_stdout():
        highs.solve()
    runtime = time.perf_counter() - began
    status = highs.getModelStatus()
    words = highs.modelStatusToString(status)
    info = highs.getInfo()
    has_plan = info.primal_solution_status == 2  # kSolutionStatusFeasible
    solution = highs.getSolution()
    values = np.array(solution.col_value) if has_plan else None
    objective = -info.objective_function_value if has_plan else None
    kind = highspy.HighsModelStatus
    if mip:
        bound = -info.mip_dual_bound if np.isfinite(info.mip_dual_bound) else None
    else:
        bound = objective if status == kind.kOptimal else None
    stop = {
        kind.kOptimal: Stop.PROOF if mip and gap == abs_gap == 0 else Stop.GAP,
        kind.kInfeasible: Stop.INFEASIBLE,
        kind.kObjectiveTarget: Stop.TARGET,
        kind.kTimeLimit: Stop.TIME_LIMIT,
        kind.kSolutionLimit: Stop.NODE_LIMIT,
        kind.kInterrupt: Stop.INTERRUPTED,
    }.get(status, Stop.ERROR)
    if not mip and status == kind.kOptimal:
        stop = Stop.PROOF
    duals = None
    if has_plan and not mip:
        duals = -np.array(solution.row_dual)  # HiGHS minimises the negated objective
    return SolverCall(
        solver="highs",
        stop=stop,
        reason=words,
        values=values,
        objective=objective,
        bound=bound,
        runtime_s=runtime,
        duals=duals,
        nodes=int(info.mip_node_count) if mip else 0,
    )


# --- SCIP ------------------------------------------------------------------------------------


def _scip() -> Any:
    try:
        import pyscipopt
    except ImportError:
        raise SolverError("the scip solver needs pyscipopt: pip install 'landplan[scip]'") from None
    return pyscipopt


def _run_scip(
    form: MatrixForm,
    gap: float,
    abs_gap: float,
    time_limit: float,
    node_limit: int,
    threads: int,
    target: float | None,
    start: np.ndarray | None,
) -> SolverCall:
    pyscipopt = _scip()
    model = pyscipopt.Model()
    model.hideOutput()
    with tempfile.TemporaryDirectory(prefix="landplan-scip-") as tmp:
        path = str(Path(tmp) / "model.mps")
        highs = _highs(form, relax=False, threads=1)
        with quiet_stdout():
            highs.writeModel(path)
        model.readProblem(path)
    model.setParam("limits/gap", float(gap))
    model.setParam("limits/absgap", _absolute(gap, abs_gap))
    model.setParam("limits/time", float(time_limit))
    model.setParam("limits/nodes", int(node_limit) if node_limit else -1)
    model.setParam("parallel/maxnthreads", int(threads))
    if target is not None:
        model.setObjlimit(-float(target))  # SCIP minimises the negated objective
    variables = {var.name: var for var in model.getVars()}
    if start is not None:
        solution = model.createSol()
        for name, value in zip(form.names, start, strict=True):
            model.setSolVal(solution, variables[name], float(value))
        model.addSol(solution, free=True)
    began = time.perf_counter()
    model.optimize()
    runtime = time.perf_counter() - began
    status = model.getStatus()
    has_plan = model.getNSols() > 0
    values = objective = None
    if has_plan:
        best = model.getBestSol()
        values = np.array([model.getSolVal(best, variables[name]) for name in form.names])
        objective = -model.getSolObjVal(best)
    dual = model.getDualbound()
    bound = -dual if np.isfinite(dual) and status != "infeasible" else None
    stop = {
        "optimal": Stop.PROOF if gap == abs_gap == 0 else Stop.GAP,
        "gaplimit": Stop.GAP,
        "infeasible": Stop.INFEASIBLE,
        "timelimit": Stop.TIME_LIMIT,
        "nodelimit": Stop.NODE_LIMIT,
        "totalnodelimit": Stop.NODE_LIMIT,
        "userinterrupt": Stop.INTERRUPTED,
    }.get(status, Stop.ERROR)
    return SolverCall(
        solver="scip",
        stop=stop,
        reason=status,
        values=values,
        objective=objective,
        bound=bound,
        runtime_s=runtime,
        nodes=int(model.getNTotalNodes()),
    )


# --- CBC -------------------------------------------------------------------------------------

_CBC_RESULT = re.compile(r"^Result - (.*)$", re.M)
_CBC_OBJECTIVE = re.compile(r"^Objective value:\s+(\S+)", re.M)
_CBC_BOUND = re.compile(r"^(?:Upper|Lower) bound:\s+(\S+)", re.M)
_CBC_NODES = re.compile(r"^Enumerated nodes:\s+(\d+)", re.M)


def _run_cbc(
    form: MatrixForm, gap: float, abs_gap: float, time_limit: float, node_limit: int, threads: int
) -> SolverCall:
    """The CBC bundled with PuLP, on the model written as MPS by HiGHS. No start is passed: the
    CBC 2.10.3 bundled with PuLP was seen to declare a worse start optimal."""
    with warnings.catch_warnings():
        # PuLP deprecates its bundled CBC in favour of the 600 MB pulp[cbc]; we keep the light
        # default on purpose (HiGHS is the default solver) and say so in the README.
        warnings.simplefilter("ignore", DeprecationWarning)
        binary = pulp.PULP_CBC_CMD().path
    with tempfile.TemporaryDirectory(prefix="landplan-cbc-") as tmp:
        model, solution = Path(tmp) / "model.mps", Path(tmp) / "solution.txt"
        highs = _highs(form, relax=False, threads=1)
        with quiet_stdout():
            highs.writeModel(str(model))
        command = [
            binary,
            str(model),
            "-ratioGap",
            # CBC measures the gap against its bound, landplan against the plan: this ratio
            # makes CBC's stop imply landplan's gap.
            str(gap / (1 + gap)),
            "-allowableGap",
            str(_absolute(gap, abs_gap)),
            "-sec",
            str(time_limit),
            "-maxNodes",
            str(node_limit),
            "-threads",
            str(threads),
            "-timeMode",
            "elapsed",
            "-branch",
            "-printingOptions",
            "normal",  # the columns that are not zero
            "-solution",
            str(solution),
        ]
        began = time.perf_counter()
        try:
            log = subprocess.run(command, capture_output=True, text=True, check=False).stdout
        except OSError as exc:
            raise SolverError(f"CBC failed: {exc}") from None
        runtime = time.perf_counter() - began
        text = solution.read_text(errors="replace") if solution.exists() else ""
    found = _CBC_RESULT.search(log)
    result = found[1].strip() if found else ""
    values = _cbc_values(form, text) if _cbc_has_plan(text) else None
    objective = form.value_of(values) if values is not None else None
    bound_match = _CBC_BOUND.search(log)
    # CBC minimises the negated objective and prints its lower bound rounded (to 3 decimals):
    # half a unit of the last printed digit is added back, so that the bound stays a bound.
    bound = None
    if bound_match:
        printed = bound_match[1]
        decimals = len(printed.partition(".")[2])
        bound = -float(printed) + 0.5 * 10.0**-decimals
    lowered = result.lower()
    if "infeasible" in lowered:
        stop = Stop.INFEASIBLE
    elif lowered.startswith("optimal"):
        stop = Stop.PROOF if gap == abs_gap == 0 else Stop.GAP
        if bound is None and objective is not None:
            # No bound line (CBC omits it when it closes the gap at the root): its claim to be
            # within the gap asked for is the bound, at the far end of that gap.
            bound = objective + max(gap * max(abs(objective), 1e-9), abs_gap)
    elif "time" in lowered:
        stop = Stop.TIME_LIMIT
    elif "node" in lowered or "stopped" in lowered:
        stop = Stop.NODE_LIMIT
    else:
        stop = Stop.ERROR
    nodes = _CBC_NODES.search(log)
    return SolverCall(
        solver="cbc",
        stop=stop,
        reason=result or "no result line in the CBC log",
        values=values,
        objective=objective,
        bound=bound,
        runtime_s=runtime,
        nodes=int(nodes[1]) if nodes else 0,
    )


def _cbc_has_plan(text: str) -> bool:
    first = text.splitlines()[0].lower() if text else ""
    return bool(first) and "infeasible" not in first and "no solution" not in first


def _cbc_values(form: MatrixForm, text: str) -> np.ndarray:
    """Column values from CBC's solution file (``index name value reduced-cost`` lines, for the
    columns that are not zero)."""
    values = np.zeros(form.n_columns)
    for line in text.splitlines()[1:]:
        parts = line.replace("**", "").split()
        if len(parts) >= 3:
            values[form.column(parts[1])] = float(parts[2])
    return values
