"""The end of every solve: the best checked answer against the best trusted bound.

Whoever found the answer (landplan's heuristic, a solver) and proved the bound (a relaxation, a
solver's branch and bound), the same rules decide what may be claimed:

- an answer that beats the bound by more than the tolerance means the evaluation and the model
  disagree: no gap is claimed and the stop is an error;
- an answer within the tolerance of the bound is proven optimal (gap 0);
- an answer within the asked gap of it is certified (``gap``), the gap measured against the
  scale the caller gives (an allocation's score at stake) or else the answer itself;
- otherwise the solve stopped short, for the reason its caller gives (a node or time limit, a
  size limit, a failed claim).
"""

from __future__ import annotations

import time

from landplan.solving.adapters import solver_version
from landplan.solving.options import SolverOptions
from landplan.solving.result import (
    OPTIMALITY_TOLERANCE,
    Counts,
    Sense,
    SolveResult,
    Status,
    Stop,
    relative_gap,
)
from landplan.solving.words import stop_phrase


def certify(
    answer: float,
    bound: float | None,
    *,
    sense: Sense,
    options: SolverOptions,
    short: Stop,
    sources: tuple[str, str],
    began: float,
    what: str = "plan",
    counts: Counts = Counts(),
    values: dict[str, float] | None = None,
    scale: float | None = None,
    **figures: object,
) -> SolveResult:
    """The result of a solve whose best checked answer is worth ``answer`` (landplan's own
    evaluation) against ``bound``; ``short`` is what ended it if the answer is not within the
    gap ``options`` asks for (``figures`` fill its words: ``detail``, ``decisions``, ``limit``);
    ``sources``: where the answer and the bound came from; ``what``: plan or layout; ``scale``:
    what the gap is relative to (None: the answer, :func:`~landplan.solving.result.
    relative_gap`)."""
    source, bound_source = sources
    tolerance = OPTIMALITY_TOLERANCE * max(1.0, abs(answer))
    ahead = None if bound is None else (answer - bound if sense == "max" else bound - answer)
    gap: float | None = None
    proven: float | None = None
    if ahead is not None and ahead > tolerance:
        stop = Stop.ERROR
        reason = (
            f"the {what} from {source} is worth {answer:.6g}, beyond the bound {bound:.6g} from "
            f"{bound_source}: no gap can be claimed"
        )
    else:
        if bound is None or ahead is None:
            stop = short
            bound_source = "nowhere: no bound was proven"
        else:
            proven = max(bound, answer) if sense == "max" else min(bound, answer)
            gap = relative_gap(answer, proven, sense, scale)
            if abs(proven - answer) <= tolerance:
                stop, gap = Stop.PROOF, 0.0
            elif gap <= options.gap + 1e-12:
                stop = Stop.GAP
            else:
                stop = short
        phrase = stop_phrase(stop, options, gap=gap, scale=scale, **figures)
        reason = f"{phrase}: {what} from {source}, bound from {bound_source}"
    status = Status.OPTIMAL if stop == Stop.PROOF else Status.FEASIBLE
    return _ended(
        options, began, status, stop, reason, counts, answer, proven, gap, values or {}, scale
    )


def no_answer(
    stop: Stop, reason: str, options: SolverOptions, began: float, counts: Counts = Counts()
) -> SolveResult:
    """The result of a solve that found no answer: infeasible where ``stop`` says so, an error
    where a solver failed, else no solution (a limit came first)."""
    status = {Stop.INFEASIBLE: Status.INFEASIBLE, Stop.ERROR: Status.ERROR}.get(
        stop, Status.NO_SOLUTION
    )
    return _ended(options, began, status, stop, reason, counts)


def _ended(
    options: SolverOptions,
    began: float,
    status: Status,
    stop: Stop,
    reason: str,
    counts: Counts,
    objective: float | None = None,
    bound: float | None = None,
    gap: float | None = None,
    values: dict[str, float] | None = None,
    scale: float | None = None,
) -> SolveResult:
    """The result of a solve with ``options`` begun at ``began``: its time and solver."""
    return SolveResult(
        status=status,
        stopped_by=stop,
        objective=objective,
        bound=bound,
        gap=gap,
        runtime_s=time.perf_counter() - began,
        solver=options.name,
        solver_version=solver_version(options.name),
        reason=reason,
        counts=counts,
        scale=scale,
        values=values or {},
    )
