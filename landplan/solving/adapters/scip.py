"""The SCIP adapter: branch and bound (SCIP solves no relaxation for landplan).

SCIP reads the form as an MPS file written by HiGHS and minimises the negated objective. It runs
without Python's lock in a thread of its own (:func:`~landplan.solving.lanes.run_watched`);
an event handler takes its figures out as it finds plans and solves nodes, and a stop reaches it
through SCIP's own interrupt. Ctrl-C is left to Python (SCIP's own catching is off), which asks
SCIP to stop.
"""

from __future__ import annotations

import functools
import tempfile
import time
from collections.abc import Iterator, Sequence
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np
import pyscipopt

from landplan.solving.adapters.base import Adapter, Request, SolverCall
from landplan.solving.adapters.highs import write_mps
from landplan.solving.lanes import run_watched
from landplan.solving.matrix import MatrixForm
from landplan.solving.result import Stop

_STOPS = {
    "gaplimit": Stop.GAP,
    "primallimit": Stop.TARGET,
    "infeasible": Stop.INFEASIBLE,
    "timelimit": Stop.TIME_LIMIT,
    "nodelimit": Stop.NODE_LIMIT,
    "totalnodelimit": Stop.NODE_LIMIT,
    "userinterrupt": Stop.INTERRUPTED,
}
#: The events after which SCIP's figures are read: each takes Python's lock, so not after every
#: LP (strong branching and diving solve thousands).
_EVENTS = pyscipopt.SCIP_EVENTTYPE.BESTSOLFOUND | pyscipopt.SCIP_EVENTTYPE.NODESOLVED


class _Figures(pyscipopt.Eventhdlr):
    """Keeps SCIP's best answer and bound (maximised) as it solves."""

    def __init__(self) -> None:
        self.best: float | None = None
        self.bound: float | None = None

    def eventinit(self) -> None:
        self.model.catchEvent(_EVENTS, self)

    def eventexit(self) -> None:
        self.model.dropEvent(_EVENTS, self)

    def eventexec(self, event: Any) -> dict[str, Any]:
        model = self.model
        primal, dual = model.getPrimalbound(), model.getDualbound()
        self.best = None if model.isInfinity(abs(primal)) else -primal
        self.bound = None if model.isInfinity(abs(dual)) else -dual
        return {}


class Scip(Adapter):
    name = "scip"

    def version(self) -> str:
        return f"{pyscipopt.Model().version()} (pyscipopt {metadata.version('pyscipopt')})"

    def solve(self, form: MatrixForm, request: Request) -> SolverCall:
        *_, last = self.segments(form, request, ())
        return last

    def segments(
        self, form: MatrixForm, request: Request, budgets: Sequence[int]
    ) -> Iterator[SolverCall]:
        """SCIP's search paused after each node budget and taken up again where it stopped
        (the same search as one run to the last budget: SCIP continues a solve a node limit
        ended), then run on to ``request.node_limit``."""
        model = pyscipopt.Model()
        model.hideOutput()
        with tempfile.TemporaryDirectory(prefix="landplan-scip-") as tmp:
            path = str(Path(tmp) / "model.mps")
            write_mps(form, path)
            model.readProblem(path)
        model.setParam("limits/gap", float(request.gap))
        model.setParam("limits/absgap", request.absolute_gap)
        model.setParam("limits/time", float(request.time_limit))  # SCIP's own clock, all segments
        model.setParam("misc/catchctrlc", False)
        if request.target is not None:  # stop at a plan this good (SCIP minimises the negation)
            model.setParam("limits/primal", -float(request.target))
        variables = {var.name: var for var in model.getVars()}
        if request.start is not None:
            solution = model.createSol()
            for name, value in zip(form.names, request.start, strict=True):
                model.setSolVal(solution, variables[name], float(value))
            model.addSol(solution, free=True)
        figures = _Figures()
        model.includeEventhdlr(figures, "landplan", "landplan's figures")
        watch = request.watch
        began = time.perf_counter()
        limit = int(request.node_limit) if request.node_limit else -1
        for budget in [*(b for b in budgets if 0 < b < limit or limit < 0), limit]:
            model.setParam("limits/nodes", budget)
            try:
                stopped, ended = run_watched(
                    pyscipopt.Model.optimizeNogil,
                    functools.partial(_interrupt, model),
                    None if watch is None else lambda: watch(figures.best, figures.bound),
                    model,
                )
            except KeyboardInterrupt:
                del model, figures  # freed now, unless still running (then held until it ends)
                raise
            runtime = time.perf_counter() - began
            if not ended:  # asked to stop and not yet stopped: left to end on its own
                yield SolverCall("scip", Stop.INTERRUPTED, "stopped", None, None, None, runtime)
                return
            call = _answer(model, form, variables, request, runtime, stopped)
            yield call
            if model.getStatus() != "nodelimit":
                return


def _interrupt(model: pyscipopt.Model) -> None:
    """Ask SCIP to stop, unless it is setting up its search, when it refuses (and says so on
    stderr): the caller asks again (:func:`~landplan.solving.lanes.run_watched`)."""
    if model.getStage() != pyscipopt.SCIP_STAGE.INITSOLVE:
        model.interruptSolve()


def _answer(
    model: pyscipopt.Model,
    form: MatrixForm,
    variables: dict[str, Any],
    request: Request,
    runtime: float,
    stopped: bool,
) -> SolverCall:
    """What SCIP says once it has ended."""
    status = model.getStatus()
    values = objective = None
    if model.getNSols() > 0:
        best = model.getBestSol()
        values = np.array([model.getSolVal(best, variables[name]) for name in form.names])
        objective = -model.getSolObjVal(best)
    dual = model.getDualbound()
    bound = -dual if np.isfinite(dual) and status != "infeasible" else None
    stop = Stop.PROOF if request.proof else Stop.GAP
    if status != "optimal":
        stop = Stop.INTERRUPTED if stopped else _STOPS.get(status, Stop.ERROR)
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
