"""The solve engine: a plan certified within a stated gap, the same on every machine.

For a compiled model it runs:

1. the **LP relaxation** (HiGHS; by the dual simplex, or the interior point method for large
   models, :func:`relaxation_tuning`): its optimum is an upper bound ``B`` on every plan;
2. two searches side by side (``threads`` ≥ 2, the default; one after the other with 1):

   - the **heuristic** (:mod:`landplan.optimisation.heuristic`): a first plan from the
     relaxation's smallest neighbourhood, sought until it is within the requested gap of ``B``
     (not for a proof, gap 0); then, while the search runs, wider neighbourhoods and repairs;
   - the **branch and bound** of the chosen solver (SCIP by default, or HiGHS), until its plan
     is within the gap of its own proven bound, or a node limit.

   Their order decides, not which ends first: the heuristic's first plan, if it reaches the
   gap (the search called off); else the search's end, if it certifies a plan (the heuristic's
   later work called off); else the best plan of all, against the best bound. Neither is told
   of the other's plans while it runs, and every stop is by counts, so the answer is the same
   on any machine, however fast, busy or many its cores, and with ``threads`` 1 (the same
   steps one after the other) or 2. Each side wins where the other is weak
   (``bench/variants.py``): the first plan in well under a second on most variants of a plan,
   SCIP's search where the relaxation's support misleads the heuristic (a cap on a park's
   share, parks one industry may use).

Then it **certifies** (:mod:`landplan.solving.certify`): every plan is checked against every row
and bound of the model and valued by landplan's own evaluation
(:func:`landplan.optimisation.evaluate.objective_terms`), not by what a solver says; a solver's
bound counts only if the solver's account of its own plan is right and the bound is not below a
plan in hand. The result carries the best plan, the least trusted bound, the gap between them
and what ended the solve. ``optimal`` means proven with no gap.

Nothing depends on the clock except the time limit, a safety net whose stop is reported as such.
"""

from __future__ import annotations

import itertools
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
import pandas as pd

from landplan.optimisation.evaluate import ALLOCATION_COLUMNS, LAND_EPSILON, objective_terms
from landplan.optimisation.heuristic import Sites, steps
from landplan.optimisation.model import Model
from landplan.progress import HEURISTIC, PROOF, RELAXATION, Progress
from landplan.solving.adapters import (
    SolverCall,
    call_solver,
    search_in_segments,
    solver_version,
)
from landplan.solving.certify import certify, no_answer
from landplan.solving.lanes import Feed
from landplan.solving.matrix import MatrixForm
from landplan.solving.options import SolverOptions
from landplan.solving.result import (
    OPTIMALITY_TOLERANCE,
    Counts,
    SolveResult,
    Status,
    Stop,
)

#: The branch and bound is paused after so many nodes, for its plan and bound to be weighed
#: against the heuristic's steps (:func:`solve_model`), then taken up again (SCIP; HiGHS runs it
#: at once).
SEGMENTS = (1, 10, 100, 1_000, 10_000)
#: Where the heuristic's plans come from, in words.
HEURISTIC_SOURCE = "landplan's LP-guided heuristic"
#: A plan may break a row or bound by this much (solver tolerances), no more.
FEASIBILITY_TOLERANCE = 1e-5
#: A solver's objective for its own plan may differ from the plan's value by this (relative).
ACCOUNT_TOLERANCE = 1e-6
#: The relaxation solves faster without presolve here (``bench/engine.py``).
RELAXATION_TUNING: dict[str, bool | int | float | str] = {"presolve": "off"}
#: From this many rows on, the relaxation is solved by the interior point method (with crossover
#: to a vertex) instead of the dual simplex: the simplex's iterations grow with the rows and each
#: costs more, and on these highly degenerate models it can stall (``bench/scale.py``: 2 to 4
#: times slower at 20,000 rows and more, above 60 s at 20 × 112; at the bundled 5,000 rows the
#: simplex is the faster).
INTERIOR_POINT_ROWS = 10_000


def relaxation_tuning(form: MatrixForm) -> dict[str, bool | int | float | str]:
    """HiGHS settings for ``form``'s relaxation: no presolve, and the interior point method
    from INTERIOR_POINT_ROWS rows on."""
    if form.n_rows >= INTERIOR_POINT_ROWS:
        return {**RELAXATION_TUNING, "solver": "ipm"}
    return RELAXATION_TUNING


@dataclass(frozen=True)
class Candidate:
    """A checked plan: its column values, its value by landplan's evaluation and where it came
    from."""

    values: np.ndarray
    objective: float
    source: str


def solve_model(
    model: Model,
    options: SolverOptions | None = None,
    form: MatrixForm | None = None,
    progress: Progress | None = None,
) -> SolveResult:
    """Solve ``model`` (or its arrays ``form``, e.g. with changed numbers) as the module docstring
    describes and return the certified result; ``progress`` hears the stages and, as they
    change, the best plan's score, the bound and the gap, and its stop ends the solve within a
    second (KeyboardInterrupt, as Ctrl-C)."""
    options = options or SolverOptions()
    progress = progress or Progress()
    form = form or MatrixForm.from_model(model)
    began = time.perf_counter()
    deadline = began + options.time_limit
    counts = model.counts

    def left() -> float:
        return deadline - time.perf_counter()

    progress.stage(RELAXATION)
    relaxation = call_solver(
        form, "highs", relax=True, time_limit=options.time_limit, tuning=relaxation_tuning(form),
        watch=lambda *_: progress.stopped(),
    )  # fmt: skip
    progress.check()
    if not model.is_mip:
        return _lp_result(form, relaxation, options, began, counts)
    relaxed = relaxation.values
    if relaxation.bound is None or relaxed is None:
        infeasible = relaxation.stop == Stop.INFEASIBLE
        words = "infeasible" if infeasible else f"unsolved ({relaxation.reason})"
        return no_answer(relaxation.stop, f"the LP relaxation is {words}", options, began, counts)
    bound, bound_source = relaxation.bound, "the LP relaxation"
    scale = gap_scale(model, bound)
    allowed = options.gap * scale  # the gap asked for, in the objective's units
    checker = _Checker(model, form)
    standing = _Standing(progress, bound, scale)

    heuristic = options.heuristic and options.gap > 0
    progress.stage(HEURISTIC if heuristic else PROOF)
    standing.heard(None, bound)
    beside = options.threads >= 2

    def heuristic_steps(stop: threading.Event) -> Iterator[SolverCall | None]:
        return steps(
            form, checker.sites, relaxed, bound - allowed, left(),
            # a neighbourhood's bound is not the whole model's: only its plans are heard
            lambda best, _: standing.heard(best, None) or stop.is_set() or progress.stopped(),
        )  # fmt: skip

    def search_segments(stop: threading.Event) -> Iterator[SolverCall]:
        return search_in_segments(
            form, options.name, SEGMENTS, abs_gap=allowed, time_limit=max(left(), 1e-3),
            node_limit=options.node_limit,
            watch=lambda best, bound: (
                standing.heard(best, bound) or stop.is_set() or progress.stopped()
            ),
        )  # fmt: skip

    feeds = [Feed(heuristic_steps, beside)] if heuristic else []
    feeds.append(Feed(search_segments, beside and heuristic))
    plans: dict[int, SolverCall | None] = {}  # each feed's latest: its best plan, or the search
    ended: set[int] = set()
    try:
        for turn in itertools.count():
            which = turn % len(feeds)
            if which in ended:
                if len(ended) == len(feeds):
                    break
                continue
            made, item = feeds[which].get(turn // len(feeds))
            if not made:
                ended.add(which)
                continue
            plans[which] = item
            progress.check()
            if _settled(checker, plans, feeds, heuristic, bound, allowed, options.solver_name):
                break
            if turn == 0 and heuristic:  # the first plan falls short: the search decides
                progress.stage(PROOF)
    finally:
        for feed in feeds:
            feed.call_off()
    progress.check()
    last = plans.get(len(feeds) - 1)  # the search's latest segment
    heuristic_plan = plans.get(0) if heuristic else None
    candidates = checker.candidates(heuristic_plan, HEURISTIC_SOURCE)
    if last is not None:
        found = checker.candidates(last, options.solver_name)
        candidates = sorted(candidates + found, key=lambda c: -c.objective)
        trusted = checker.trusted_bound(last, candidates)
        if trusted is not None and trusted < bound:
            bound, bound_source = trusted, f"{options.solver_name}'s branch and bound"
        counts = Counts(counts.decisions, counts.rows, last.nodes)
    if not candidates:
        stop, why = (last.stop, last.reason) if last is not None else (Stop.ERROR, "no plan")
        return no_answer(stop, f"{options.solver_name}: {why}", options, began, counts)
    best = candidates[0]
    standing.heard(best.objective, bound)
    short, detail = Stop.ERROR, "no solver ran"
    if last is not None and last.stop in (Stop.GAP, Stop.PROOF):
        detail = (
            f"{options.solver_name} claimed '{last.reason}' but its bound failed landplan's check"
        )
    elif last is not None:
        short, detail = last.stop, f"{options.solver_name} stopped: {last.reason}"
    return certify(
        best.objective,
        bound,
        sense="max",
        options=options,
        short=short,
        sources=(best.source, bound_source),
        began=began,
        counts=counts,
        values=dict(zip(form.names, best.values.tolist(), strict=True)),
        scale=scale,
        detail=detail,
    )


class _Standing:
    """The best plan's score and the least bound heard so far, told to ``progress`` with the
    gap between them (from both searches, which may hear at once)."""

    def __init__(self, progress: Progress, bound: float, scale: float) -> None:
        self.progress, self.scale = progress, scale
        self.best: float | None = None
        self.bound = bound
        self._lock = threading.Lock()

    def heard(self, best: float | None, bound: float | None) -> bool:
        """Take in a search's figures (either may be None); never asks a stop."""
        with self._lock:
            if best is not None and (self.best is None or best > self.best):
                self.best = best
            if bound is not None and bound < self.bound:
                self.bound = bound
            gap = None if self.best is None else max(self.bound - self.best, 0.0) / self.scale
            self.progress.figures(self.best, self.bound, gap)
        return False


def _certified(candidates: list[Candidate], bound: float, allowed: float) -> bool:
    """Whether the best of ``candidates`` is within ``allowed`` of ``bound``."""
    return bool(candidates) and bound - max(c.objective for c in candidates) <= allowed


def _settled(
    checker: _Checker,
    plans: dict[int, SolverCall | None],
    feeds: list[Feed],
    heuristic: bool,
    bound: float,
    allowed: float,
    solver: str,
) -> bool:
    """Whether what the feeds have told so far certifies a plan: the heuristic's best plan and
    the search's latest, against the least trusted bound."""
    search = plans.get(len(feeds) - 1)
    every = checker.candidates(plans.get(0) if heuristic else None, HEURISTIC_SOURCE)
    if search is not None:
        every += checker.candidates(search, solver)
        trusted = checker.trusted_bound(search, sorted(every, key=lambda c: -c.objective))
        if trusted is not None:
            bound = min(bound, trusted)
    return _certified(every, bound, allowed)


def gap_scale(model: Model, bound: float) -> float:
    """What the gap is measured against: the problem's score at stake
    (:attr:`~landplan.optimisation.problem.Problem.score_at_stake`), or where nothing can be
    earned (no reward in the objective, no demand) the relaxation's bound, at least one point."""
    return model.problem.score_at_stake or max(abs(bound), 1.0)


class _Checker:
    """Checks solver plans against the model and values them by landplan's evaluation."""

    def __init__(self, model: Model, form: MatrixForm) -> None:
        self.model, self.form = model, form
        self.land_columns = np.array([form.column(v.name) for v in model.x.values()], int)
        self.land_keys = pd.DataFrame(list(model.x), columns=ALLOCATION_COLUMNS[:3])
        self.sites = _sites(model, form, self.land_columns)

    def candidates(self, call: SolverCall | None, source: str) -> list[Candidate]:
        """The call's plan, if it keeps every rule, valued by landplan."""
        if call is None or call.values is None:
            return []
        values = call.values
        if self.form.violation(values) > FEASIBILITY_TOLERANCE:
            return []
        return [Candidate(values, self.value(values), source)]

    def value(self, values: np.ndarray) -> float:
        """The plan's objective by landplan's own evaluation of its allocation."""
        land = values[self.land_columns]
        keep = land > LAND_EPSILON
        allocation = self.land_keys[keep].assign(land_km2=land[keep]).reset_index(drop=True)
        return float(sum(objective_terms(self.model.problem, allocation).values()))

    def trusted_bound(self, call: SolverCall, candidates: list[Candidate]) -> float | None:
        """The call's bound, unless its account of its own plan is wrong or it lies below a
        plan in hand (a rounded or misreported bound)."""
        if call.bound is None:
            return None
        if call.values is not None and call.objective is not None:
            own = self.form.value_of(call.values)
            if abs(own - call.objective) > ACCOUNT_TOLERANCE * max(1.0, abs(own)):
                return None
        if candidates and call.bound < candidates[0].objective - OPTIMALITY_TOLERANCE * max(
            1.0, abs(candidates[0].objective)
        ):
            return None
        return call.bound


def _sites(model: Model, form: MatrixForm, land_columns: np.ndarray) -> Sites:
    """Where ``model``'s presences, land and each cluster's objective columns are in ``form``."""
    problem = model.problem
    clusters = {c: i for i, c in enumerate(problem.clusters.index)}
    parks = {p: j for j, p in enumerate(problem.parks.index)}
    position = {pair: i for i, pair in enumerate(model.y)}
    owner = np.full(form.n_columns, -1)
    for kind in (model.x, model.y, model.short, model.met):
        for key, var in kind.items():
            owner[form.column(var.name)] = clusters[key[0]]
    return Sites(
        columns=np.array([form.column(v.name) for v in model.y.values()], int),
        cluster=np.array([clusters[c] for c, _ in model.y], int),
        park=np.array([parks[p] for _, p in model.y], int),
        land_columns=land_columns,
        land_site=np.array([position[c, p] for c, p, _ in model.x], int),
        owner=owner,
    )


def _lp_result(
    form: MatrixForm, call: SolverCall, options: SolverOptions, began: float, counts: Counts
) -> SolveResult:
    """A model without integer decisions (presences fixed): the relaxation is the answer."""
    values, duals = call.values, call.duals
    if values is None or duals is None or call.stop != Stop.PROOF:
        return no_answer(call.stop, f"the LP is {call.reason}", options, began, counts)
    return SolveResult(
        status=Status.OPTIMAL,
        stopped_by=Stop.PROOF,
        objective=call.objective,
        bound=call.objective,
        gap=0.0,
        runtime_s=time.perf_counter() - began,
        solver="highs",
        solver_version=solver_version("highs"),
        reason="LP solved to optimality",
        counts=counts,
        values=dict(zip(form.names, values.tolist(), strict=True)),
        duals=dict(zip(form.row_names, duals.tolist(), strict=True)),
    )
