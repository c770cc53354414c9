"""landplan's primal heuristic: a plan close to the LP bound, found before any branch and bound.

The LP relaxation already knows most of the answer. A presence ``y[c, p]`` it leaves at 0 is
seldom in a good plan, and the park where it puts most of a cluster's land seldom missing. The
heuristic therefore solves the model restricted to neighbourhoods of the relaxed optimum, from
the smallest to the widest, each with HiGHS (an *LP-guided restriction*, in the family of RENS):

1. presences the relaxation uses at ``y ≥ 0.05``, with each cluster's main site there (most land)
   fixed open: a small share of the presence decisions is left free;
2. every presence the relaxation uses at all (``y > 0``): a few more.

Each restricted model is solved until a plan is within the requested gap of the *full* model's
LP bound (a target objective: a plan good enough ends it at once), or until a node limit. The
heuristic goes step by step (:func:`steps`), and the engine weighs each step's plan against a
solver's branch and bound running beside it: most variants of a plan end at the first, in well
under a second. A neighbourhood can hold no plan (a hard rule needing a presence the relaxation
left at 0): the next one is tried.

Sometimes no plan within the relaxation's support is good enough: a large cluster whose minimum
sites fit none of the parks the relaxation spreads it over, next to full parks at their caps,
must go short of its demand there, or the relaxation's fractional sites leave the other rules
slack where whole sites bind. Then a **large neighbourhood search** repairs the best plan
(:func:`repairs`): the cluster that loses most against the relaxation is given back every park,
and its rivals in the parks it uses or the relaxation wants for it may stay or leave, the rest
of the plan kept; a better plan found there becomes the plan, and the next cluster is tried.

Every step stops on a target, a gap or a node count, or after a number of repairs, never on the
clock (the time limit is a safety net), so the heuristic finds the same plan on every machine.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from landplan.solving.adapters import SolverCall, Watch, call_solver
from landplan.solving.matrix import MatrixForm
from landplan.solving.result import OPTIMALITY_TOLERANCE, Stop

#: A relaxed presence at or below this counts as unused.
UNUSED = 1e-6
#: The first neighbourhood keeps presences the relaxation uses at least this much.
FIRST_CUT = 0.05
#: Per neighbourhood: branch-and-bound nodes it may use, and HiGHS settings. In the first, the
#: root reduced-cost heuristic (a sub-MIP) is off: there it cost most of the time and found no
#: better plans on the shipped scenarios (``bench/engine.py``); the second, wider, runs HiGHS as
#: it comes.
NEIGHBOURHOOD_SETTINGS: tuple[tuple[int, dict[str, bool | int | float | str]], ...] = (
    (200, {"mip_heuristic_run_root_reduced_cost": False}),
    (500, {}),
)
#: How a sub-problem's end ends the heuristic: the safety net, a stop asked, a failure.
_ENDS = (Stop.TIME_LIMIT, Stop.INTERRUPTED, Stop.ERROR)
#: The large neighbourhood search: at most this many repairs, each a sub-MIP of at most
#: REPAIR_NODES branch-and-bound nodes. Few: on the variants of a plan (``bench/variants.py``)
#: the neighbourhoods found every plan the heuristic found, and 24 repairs took 25–60 s to find
#: none, while the branch and bound beside it waited to be heard.
REPAIRS = 8
REPAIR_NODES = 200


@dataclass(frozen=True)
class Sites:
    """Where a model's presence decisions and land are among its columns, by number.

    ``columns``: each presence's column; ``cluster`` and ``park``: its cluster's and its park's
    number; ``land_columns``: the land columns, ``land_site``: the presence each belongs to;
    ``owner``: per column of the model, the number of the cluster whose objective contribution
    it is (its land, presence and shortfall), −1 for a column of no one cluster (a chain link's).
    """

    columns: np.ndarray
    cluster: np.ndarray
    park: np.ndarray
    land_columns: np.ndarray
    land_site: np.ndarray
    owner: np.ndarray

    def land(self, values: np.ndarray) -> np.ndarray:
        """Land of each presence (cluster, park), summed over the park's tiers."""
        return np.bincount(
            self.land_site, weights=values[self.land_columns], minlength=len(self.columns)
        )

    def contributions(self, form: MatrixForm, values: np.ndarray) -> np.ndarray:
        """Each cluster's part of the objective at ``values``: ``Σ_{j owned by c} o[j] v[j]``."""
        owned = self.owner >= 0
        return np.bincount(
            self.owner[owned],
            weights=(form.objective * values)[owned],
            minlength=int(self.cluster.max(initial=-1)) + 1,
        )

    def around(self, cluster: int, wide: bool, *plans: np.ndarray) -> np.ndarray:
        """The presences a repair of ``cluster`` frees: all of the cluster's, and its *rivals'*
        (the presences with land in one of ``plans`` in a park where one of them gives the
        cluster land); if ``wide``, every presence of a rival's cluster, in every park (a rival
        may move, not only leave)."""
        mine = self.cluster == cluster
        used = np.zeros(len(self.columns), bool)
        for values in plans:
            used |= self.land(values) > UNUSED
        rivals = used & np.isin(self.park, self.park[mine & used])
        if wide:
            rivals = np.isin(self.cluster, self.cluster[rivals])
        return mine | rivals


def neighbourhoods(
    presence: np.ndarray, land: np.ndarray, cluster_of: np.ndarray
) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """(open, free) masks over the presences, smallest neighbourhood first: ``open`` are fixed at
    1, presences neither open nor free at 0. ``presence``, ``land`` and ``cluster_of`` give each
    presence's relaxed value, its relaxed land and its cluster's number."""
    used = presence > UNUSED
    main = np.zeros(len(presence), bool)
    for cluster in np.unique(cluster_of[used]):
        mine = np.flatnonzero((cluster_of == cluster) & used)
        main[mine[np.argmax(land[mine])]] = True
    keep = used & (presence >= FIRST_CUT)
    yield main & keep, keep & ~main
    yield np.zeros(len(presence), bool), used


def steps(
    form: MatrixForm,
    sites: Sites,
    relaxed: np.ndarray,
    target: float,
    time_limit: float,
    watch: Watch | None = None,
) -> Iterator[SolverCall | None]:
    """The heuristic step by step, the best plan so far after each (None while there is none):
    the smallest neighbourhood of the relaxed optimum ``relaxed`` (column values), the widest,
    then repairs of the best plan (:func:`repairs`). It ends at the first step whose plan is
    worth ``target`` (the full model's bound less the gap allowed), when no repair is left, or
    on a step's safety net, stop or failure. ``watch`` hears each sub-problem's figures."""
    deadline = time.perf_counter() + time_limit
    best: SolverCall | None = None
    for which in range(len(NEIGHBOURHOOD_SETTINGS)):
        left = deadline - time.perf_counter()
        run = _neighbourhood_plan(form, sites, relaxed, which, target, left, watch)
        best = _better(best, run)
        yield best
        if _reaches(best, target) or run.stop in _ENDS:
            return
    if best is not None:
        yield from repairs(form, sites, relaxed, best, target, deadline, watch)


def _neighbourhood_plan(
    form: MatrixForm,
    sites: Sites,
    relaxed: np.ndarray,
    which: int,
    target: float,
    time_limit: float,
    watch: Watch | None,
) -> SolverCall:
    """The plan of neighbourhood ``which`` of :func:`neighbourhoods` (0 the smallest), as
    NEIGHBOURHOOD_SETTINGS says."""
    restrictions = list(neighbourhoods(relaxed[sites.columns], sites.land(relaxed), sites.cluster))
    opened, free = restrictions[which]
    node_limit, tuning = NEIGHBOURHOOD_SETTINGS[which]
    lower, upper = form.lower.copy(), form.upper.copy()
    lower[sites.columns[opened]] = 1.0
    upper[sites.columns[~(opened | free)]] = 0.0
    return call_solver(
        form.with_bounds(lower, upper),
        "highs",
        gap=0.0,  # its own gap says nothing: its bound is not the full model's
        time_limit=max(time_limit, 1e-3),
        node_limit=node_limit,
        target=target,
        tuning=tuning,
        watch=watch,
    )


def repairs(
    form: MatrixForm,
    sites: Sites,
    relaxed: np.ndarray,
    plan: SolverCall,
    target: float,
    deadline: float,
    watch: Watch | None = None,
) -> Iterator[SolverCall]:
    """``plan`` improved by a large neighbourhood search until it reaches ``target``, the best
    plan so far after each repair.

    Each cluster's *loss* is its part of the objective at the relaxed optimum less its part in
    the plan (:meth:`Sites.contributions`): where the plan falls short of the bound, by whom. In
    turn, the cluster that loses most and has not been tried since the plan last changed is
    repaired: the presences :meth:`Sites.around` it (the cluster's own, in every park, and its
    rivals' in the parks where the plan or the relaxation gives it land) are left free, every
    other presence is fixed as in the plan, land and shortfall stay free everywhere, and HiGHS
    solves that sub-MIP from the plan (which is in it) for at most REPAIR_NODES nodes, stopping
    at the target. A better plan replaces the plan. Once every losing cluster has been tried
    without gain, they are tried again with wide neighbourhoods (the rivals free in every park,
    so that one may move away rather than only leave); a gain returns to the narrow ones. It
    ends at the target, when every losing cluster has been tried wide without gain, or after
    REPAIRS repairs: all counts.
    """
    best, wide = plan, False
    tried: set[int] = set()
    for _ in range(REPAIRS):
        assert best.values is not None and best.objective is not None
        loss = sites.contributions(form, relaxed) - sites.contributions(form, best.values)
        order = np.argsort(-loss, kind="stable")
        waiting = [c for c in order.tolist() if c not in tried and loss[c] > OPTIMALITY_TOLERANCE]
        if not waiting and not wide:
            tried, wide = set(), True
            waiting = [c for c in order.tolist() if loss[c] > OPTIMALITY_TOLERANCE]
        if not waiting:
            break
        tried.add(waiting[0])
        fixed = sites.columns[~sites.around(waiting[0], wide, best.values, relaxed)]
        lower, upper = form.lower.copy(), form.upper.copy()
        lower[fixed] = upper[fixed] = np.round(best.values[fixed])
        run = call_solver(
            form.with_bounds(lower, upper),
            "highs",
            gap=0.0,
            time_limit=max(deadline - time.perf_counter(), 1e-3),
            node_limit=REPAIR_NODES,
            target=target,
            start=best.values,
            watch=watch,
        )
        if _better(best, run) is run:
            best, tried, wide = run, set(), False
        yield best
        if _reaches(best, target) or run.stop in _ENDS:
            return


def _better(best: SolverCall | None, run: SolverCall) -> SolverCall | None:
    """Of ``best`` and ``run``, the call with the better plan; None if neither has one."""
    if best is None or best.objective is None:
        return run if run.objective is not None else None
    if run.objective is not None and run.objective > best.objective:
        return run
    return best


def _reaches(call: SolverCall | None, target: float) -> bool:
    return call is not None and call.objective is not None and call.objective >= target
