"""The HiGHS adapter: relaxations, landplan's heuristic's sub-problems and branch and bound.

HiGHS minimises, so the form's objective is negated going in and the answers coming out. HiGHS
runs in a thread of its own (:func:`~landplan.solving.lanes.run_watched`); its interrupt
callbacks, which HiGHS calls while it works, bring it the stop and take out its figures.
"""

from __future__ import annotations

import threading
import time
from importlib import metadata
from typing import Any

import highspy
import numpy as np

from landplan.solving.adapters.base import Adapter, Request, SolverCall, quiet_stdout
from landplan.solving.lanes import run_watched
from landplan.solving.matrix import MatrixForm
from landplan.solving.result import Stop

_STOPS = {
    highspy.HighsModelStatus.kInfeasible: Stop.INFEASIBLE,
    highspy.HighsModelStatus.kObjectiveTarget: Stop.TARGET,
    highspy.HighsModelStatus.kTimeLimit: Stop.TIME_LIMIT,
    highspy.HighsModelStatus.kSolutionLimit: Stop.NODE_LIMIT,
    highspy.HighsModelStatus.kInterrupt: Stop.INTERRUPTED,
}


def load(form: MatrixForm, relax: bool) -> highspy.Highs:
    """A HiGHS instance holding ``form`` (its relaxation if ``relax``) as a minimisation of the
    negated objective, silent, on one thread (the same answer on every machine; landplan runs
    solvers side by side itself, :mod:`landplan.optimisation.engine`)."""
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
        highs.setOptionValue("threads", 1)
        highs.passModel(lp)
    return highs


def write_mps(form: MatrixForm, path: str) -> None:
    """``form`` as an MPS file (the integer model), for solvers that read one."""
    highs = load(form, relax=False)
    with quiet_stdout():
        highs.writeModel(path)


class Highs(Adapter):
    name = "highs"
    relaxes = True

    def version(self) -> str:
        return metadata.version("highspy")

    def solve(self, form: MatrixForm, request: Request) -> SolverCall:
        highs = load(form, request.relax)
        mip = not request.relax and bool(form.integer.any())
        settings = {
            "time_limit": float(request.time_limit),
            "mip_rel_gap": float(request.gap),
            "mip_abs_gap": request.absolute_gap,
            "mip_max_nodes": int(request.node_limit),
            **request.tuning,
        }
        for name, value in settings.items():
            highs.setOptionValue(name, value)
        if request.target is not None:
            highs.setOptionValue("objective_target", -float(request.target))
        if request.start is not None and mip:
            solution = highspy.HighsSolution()
            solution.col_value = list(request.start)
            solution.value_valid = True
            highs.setSolution(solution)
        figures: dict[str, float | None] = {"best": None, "bound": None}
        stopping = threading.Event()

        def heard(event: Any) -> None:
            """Called by HiGHS while it works: its figures out, the stop in."""
            out = event.data_out
            if event.callback_type == highspy.cb.HighsCallbackType.kCallbackMipInterrupt:
                figures["best"] = _finite(-out.mip_primal_bound)
                figures["bound"] = _finite(-out.mip_dual_bound)
            if stopping.is_set():
                event.interrupt()

        if mip:  # the branch and bound asks this often enough, and between its LPs' iterations
            highs.cbMipInterrupt += heard
        else:  # each call takes Python's lock: an LP's, only where there is no search to ask
            highs.cbSimplexInterrupt += heard
            highs.cbIpmInterrupt += heard
        watch = request.watch
        began = time.perf_counter()
        try:
            stopped, ended = run_watched(
                _run,
                stopping.set,
                None if watch is None else lambda: watch(figures["best"], figures["bound"]),
                highs,
            )
        except KeyboardInterrupt:
            del highs  # freed now, unless still running (then held until it ends)
            raise
        runtime = time.perf_counter() - began
        if not ended:  # asked to stop and not yet stopped: left to end on its own
            return SolverCall("highs", Stop.INTERRUPTED, "stopped", None, None, None, runtime)
        return _answer(highs, mip, request, runtime, stopped)


def _run(highs: highspy.Highs) -> None:
    """HiGHS's solve, in a thread of its own, ending as highspy's own threads do: the thread's
    scheduler reset (else the process aborts at exit, HiGHS's workers still held)."""
    highs.run()
    highspy._core._Highs.resetThreadScheduler(False)


def _answer(
    highs: highspy.Highs, mip: bool, request: Request, runtime: float, stopped: bool
) -> SolverCall:
    """What HiGHS says once it has ended."""
    status = highs.getModelStatus()
    info = highs.getInfo()
    has_plan = info.primal_solution_status == 2  # kSolutionStatusFeasible
    solution = highs.getSolution()
    values = np.array(solution.col_value) if has_plan else None
    objective = -info.objective_function_value if has_plan else None
    optimal = status == highspy.HighsModelStatus.kOptimal
    if mip:
        bound = _finite(-info.mip_dual_bound)
        stop = Stop.PROOF if optimal and request.proof else Stop.GAP
    else:
        bound = objective if optimal else None
        stop = Stop.PROOF
    if not optimal:
        stop = Stop.INTERRUPTED if stopped else _STOPS.get(status, Stop.ERROR)
    duals = None
    if has_plan and not mip:
        duals = -np.array(solution.row_dual)  # HiGHS minimises the negated objective
    return SolverCall(
        solver="highs",
        stop=stop,
        reason=highs.modelStatusToString(status),
        values=values,
        objective=objective,
        bound=bound,
        runtime_s=runtime,
        duals=duals,
        nodes=int(info.mip_node_count) if mip else 0,
    )


def _finite(value: float) -> float | None:
    return float(value) if np.isfinite(value) else None
