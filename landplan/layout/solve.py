"""Solve one park's layout, with an honest bound: proof of how far it can be, heuristic, search.

1. :func:`~landplan.layout.bound.layout_bound` proves a bound no layout can beat.
2. :func:`~landplan.layout.heuristic.greedy_layout` finds a compact layout and
   :func:`~landplan.layout.anneal.anneal` improves it, run by run, until it is within the gap
   asked of the bound (or its runs are spent); the layout is checked by
   :func:`~landplan.layout.problem.layout_faults` (not trusted because it came from landplan),
   and the gap is measured with landplan's own evaluation of it.
3. Where contiguity is asked, an industry whose parcels cannot make it one block per group of
   touching tiers (:mod:`landplan.layout.pieces`), or that the search leaves in more blocks, is
   laid out in blocks all the same: the park keeps its layout, and its result names the
   industry and why (``notes``).
4. If the gap is above the target, the node limit allows and the park is small enough (at most
   ``search_limit`` industry-parcel decisions, :data:`WHOLE` by default), the chosen solver
   searches the whole model (:mod:`landplan.layout.model`, branch and bound) from the
   heuristic's layout: a better layout it finds is kept (once checked), and the bound is the
   best of the fast bound, the model's relaxation and the solver's own. Larger parks keep the
   heuristic's layout and the bound, and say so (stopped by the ``size limit``): on the bundled
   parks a solver's search was slow and seldom moved the layout or the bound
   (``bench/layout.py`` measures it).

The result is certified as every solve's is (:mod:`landplan.solving.certify`). Everything stops
on a gap or on counts (runs, nodes); the time limit is a safety net reported as such.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from landplan.layout.anneal import anneal
from landplan.layout.bound import layout_bound
from landplan.layout.heuristic import greedy_layout
from landplan.layout.model import compile_layout
from landplan.layout.problem import (
    EMPTY,
    ParkLayoutProblem,
    blocks_of,
    evaluate,
    layout_faults,
    split,
)
from landplan.solving.adapters import call_solver
from landplan.solving.certify import certify, no_answer
from landplan.solving.matrix import MatrixForm
from landplan.solving.options import SolverOptions
from landplan.solving.result import (
    OPTIMALITY_TOLERANCE,
    Counts,
    Solved,
    SolveResult,
    Stop,
    relative_gap,
)
from landplan.solving.words import stop_phrase

#: Parks with at most this many (industry, parcel) decisions are searched by a solver.
WHOLE = 150


@dataclass(frozen=True, eq=False)
class ParkLayout(Solved):
    """One park's layout: ``owner[i]`` the position in ``clusters`` of parcel ``i``'s industry
    (or EMPTY), and how the solve ended (``result``: status, the layout's objective, the proven
    bound, the gap)."""

    park_id: str
    clusters: tuple[str, ...]
    owner: np.ndarray
    result: SolveResult
    #: by industry: why it is not one block per group of touching tiers where contiguity asks it
    notes: dict[str, str] = field(default_factory=dict)
    #: the industries the search could not make one block (the problem's ``loose``)
    loose: frozenset[str] = frozenset()

    @property
    def has_layout(self) -> bool:
        return self.result.found

    def industry(self, i: int) -> str | None:
        return None if self.owner[i] == EMPTY else self.clusters[self.owner[i]]


def solve_layout(
    problem: ParkLayoutProblem, options: SolverOptions, search_limit: int = WHOLE
) -> ParkLayout:
    """Lay ``problem`` out (see the module's docstring); ``options``: the solver, the gap, the
    node limit and the time limit of the search."""
    began = time.perf_counter()
    bound, bound_source = layout_bound(problem), "landplan's least-boundary relaxation"
    enough = (
        -math.inf if bound is None else bound / (1 - options.gap) if options.gap < 1 else math.inf
    )
    owner = anneal(problem, greedy_layout(problem), enough)
    problem = _loosened(problem, owner)
    layout: np.ndarray | None = None if layout_faults(problem, owner) else owner
    value = evaluate(problem, owner).objective if layout is not None else None
    source = "landplan's heuristic"
    decisions = sum(len(problem.candidates(c)) for c in problem.clusters)
    counts = Counts(decisions=decisions)
    short = Stop.SIZE_LIMIT
    figures: dict[str, Any] = {"decisions": decisions, "limit": search_limit}
    if value is not None and bound is not None and relative_gap(value, bound, "min") <= options.gap:
        short = Stop.GAP  # certify says which: within the gap, or proven
    elif options.node_limit == 0:
        short = Stop.NODE_LIMIT
    elif decisions <= search_limit:
        model = compile_layout(problem)
        form = MatrixForm.from_model(model)
        relaxed = call_solver(form, "highs", relax=True, time_limit=options.time_limit)
        if relaxed.stop == Stop.PROOF and relaxed.objective is not None:
            bound, bound_source = _better(
                bound, -relaxed.objective, bound_source, "the relaxation of the layout model"
            )
        search = call_solver(
            form,
            options.name,
            gap=options.gap,
            node_limit=options.node_limit,
            time_limit=options.time_limit,
            start=model.start(owner, form.names) if layout is not None else None,
        )
        short, figures = search.stop, {"detail": f"{options.solver_name} stopped: {search.reason}"}
        counts = Counts(decisions, len(model.all_rows()), search.nodes)
        if search.values is not None:
            found = model.owner(search.values, form.names)
            found_value = evaluate(problem, found).objective
            better = value is None or found_value < value - OPTIMALITY_TOLERANCE
            if better and not layout_faults(problem, found):
                layout, value, source = found, found_value, options.solver_name
        if search.bound is not None and search.stop in (
            Stop.PROOF, Stop.GAP, Stop.NODE_LIMIT, Stop.TIME_LIMIT
        ):  # fmt: skip
            name = f"{options.solver_name}'s branch and bound"
            bound, bound_source = _better(bound, -search.bound, bound_source, name)
    if layout is None or value is None:
        return ParkLayout(
            problem.park_id,
            problem.clusters,
            np.full(problem.graph.size, EMPTY),
            no_answer(short, _why_none(problem, short, options, figures), options, began, counts),
        )
    result = certify(
        value, bound, sense="min", options=options, short=short,
        sources=(source, bound_source), began=began, what="layout", counts=counts, **figures,
    )  # fmt: skip
    notes = _notes(problem, layout)
    return ParkLayout(problem.park_id, problem.clusters, layout, result, notes, problem.loose)


def _loosened(problem: ParkLayoutProblem, owner: np.ndarray) -> ParkLayoutProblem:
    """``problem`` with the industries ``owner`` leaves in more blocks than contiguity allows
    released from it: the park keeps its layout, and its result says which (:func:`_notes`)."""
    broken = split(problem, owner)
    return replace(problem, loose=frozenset(broken)) if broken else problem


def _notes(problem: ParkLayoutProblem, owner: np.ndarray) -> dict[str, str]:
    """Why each industry contiguity asks to be one block is not, in words."""
    notes = dict(problem.apart)
    for n, c in enumerate(problem.clusters):
        if c in problem.loose:
            groups = problem.touching_groups((c,))
            notes[c] = (
                f"{c} is in {blocks_of(owner == n, problem.graph)} blocks: landplan's search "
                f"found no layout with it in one block per group of touching tiers "
                f"({len(groups)} here) beside the other industries' land"
            )
    return notes


def _better(bound: float | None, other: float, source: str, other_source: str) -> tuple[float, str]:
    """The higher of two lower bounds on a layout's objective, and where it came from."""
    if bound is None or other > bound:
        return other, other_source
    return bound, source


def _why_none(
    problem: ParkLayoutProblem, short: Stop, options: SolverOptions, figures: dict[str, Any]
) -> str:
    """Why a park has no layout, in words."""
    whole = " with each industry in one block" if problem.contiguity else ""
    if short == Stop.INFEASIBLE:
        return f"no layout can meet the plan{whole}"
    hint = ""
    if problem.contiguity and short == Stop.SIZE_LIMIT:
        hint = " (tiers one cell wide break into pieces: try smaller cells)"
    return f"landplan's heuristic found no layout{whole}; {stop_phrase(short, options, **figures)}{hint}"
