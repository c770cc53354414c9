"""Trade-offs built from certified points (:mod:`~landplan.tradeoff.point`): ε-constraint
fronts, lexicographic orders, reference points and, for comparison, weight sweeps.

**Ends** (the payoff table). For each objective ``i``, in the order given: maximise ``g_i``;
then each other objective ``j`` in turn, bounded by every earlier stage's plan (``g_i ≥ v_i``,
which that plan meets): a plan within the gap of the best on ``i`` and, among the plans as
good, the best on the others. The ends span each objective's range on the front,
``[worst_j, best_j]``. Where one plan is best on every objective (the ideal is reached), the
ends coincide and the front is that one point: there is no trade-off to show.

**ε-constraint front** (two or three objectives). The first objective ``A`` is maximised with
each other objective bounded at a level ``ε``: for two objectives, ``n`` points, the two ends
and ``n − 2`` levels evenly between ``B``'s ends; for three, ``n × n`` levels of ``B`` and ``C``
evenly over their ranges (a level no plan reaches is reported infeasible). Unlike a weighted sum
it reaches the concave parts of a front too.

**Lexicographic** (hierarchical). Each objective in turn, bounded by every earlier one at its
value less a relative tolerance ``t``: ``g_i ≥ v_i − t_i · |v_i|``.

**Reference point**: the plan nearest a planner's target values in its worst objective
(:class:`~landplan.tradeoff.point.Achievement`).

**Weight sweep**: ``n`` weights ``λ`` evenly in ``[0, 1]``, maximising ``λ g_A / s_A +
(1 − λ) g_B / s_B`` (how prioritizr's weighted approach and most tools reach a front; kept to
compare: it finds only the front's convex hull, often the same point for many weights).

Then every method's points are judged on their measured values alone: a point is **dominated**
when another is at least as good on every objective and better on one (by more than
``1e-9`` of the objective's scale, which is what floating point adds to a sum: anything larger
counts), or **the same** as an earlier one; both are removed from the front. Each point's plan is
certified within the gap on the objective it maximises; its bounds hold exactly.

The **knee**, with two objectives, is the front's point farthest above the chord between its
ends, each objective scaled from its worst to its best on the front (where a unit of one buys
most of the other); with three, the point nearest the ideal in those scales. The **rate of
exchange** between neighbouring points is what a unit more of ``A`` costs in units of ``B``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import pandas as pd

from landplan.errors import InputError
from landplan.optimisation.evaluate import land_by_park
from landplan.optimisation.problem import Problem
from landplan.optimisation.solution import Solution
from landplan.progress import Progress
from landplan.solving.lanes import side_by_side
from landplan.solving.options import SolverOptions
from landplan.tradeoff.objectives import Objective
from landplan.tradeoff.point import PointSpec, measures, solve_point

#: The methods, as a scenario's ``tradeoff.method`` and ``--method`` name them.
METHODS = ("epsilon", "hierarchical", "reference", "weights")
#: Values closer than this share of an objective's scale are equal (floating point's noise).
EQUAL_SHARE = 1e-9
#: A plan's land that moved between neighbouring points, from this much (km²).
MOVED_KM2 = 0.005


@dataclass(frozen=True)
class Point:
    """One solved point: its ``number`` (the order the method asks them, the same on every
    machine), its ``role`` (``end``, ``epsilon``, ``level``, ``reference``, ``weights``), what
    it asked (``spec``), its plan and its value on each objective (units)."""

    number: int
    role: str
    spec: PointSpec
    solution: Solution
    values: dict[str, float]

    @property
    def found(self) -> bool:
        return self.solution.has_plan

    def asked(self) -> dict[str, Any]:
        """What the point asked, as plain data."""
        spec = self.spec
        return {
            "maximised": spec.primary.key if spec.primary else None,
            "bounds": {o.key: v for o, v in spec.bounds},
            "weights": {o.key: v for o, v in spec.weights},
            "reference": {o.key: v for o, v in spec.reference},
        }


@dataclass(frozen=True)
class Front:
    """A trade-off's points and what they show (see the module docstring): ``dominated_by``
    maps a removed point's number to the number of a point as good or better everywhere."""

    method: str
    objectives: tuple[Objective, ...]
    points: tuple[Point, ...]
    problem: Problem = field(repr=False)
    options: SolverOptions
    dominated_by: dict[int, int] = field(default_factory=dict)
    knee: int | None = None
    runtime_s: float = 0.0

    @property
    def kept(self) -> list[Point]:
        """The front: points with a plan, neither dominated nor repeated, by the first
        objective from its worst to its best."""
        first = self.objectives[0]
        points = [p for p in self.points if p.found and p.number not in self.dominated_by]
        return sorted(points, key=lambda p: (first.sense * p.values[first.key], p.number))

    def point(self, number: int) -> Point:
        return next(p for p in self.points if p.number == number)

    @property
    def certified(self) -> int:
        """How many points' plans are certified within the gap asked."""
        return sum(1 for p in self.points if p.found and _within(p, self.options.gap))

    def resolution(self, objective: Objective) -> float:
        """How far, at most, a point may fall short of the best plan under its bounds on the
        objective it maximises (units): the gap asked, of the objective's scale."""
        return self.options.gap * objective.scale(self.problem)

    def rates(self) -> list[dict[str, Any]]:
        """Between neighbouring points of a two-objective front: what the second point gains on
        the first objective and what it costs on the second (units), the cost per unit, and
        whether the gain is *measurable*: larger than the front's resolution on the first
        objective (each point's optimum is known only that closely, so a smaller gain may be
        none, and its rate is then not stated)."""
        if len(self.objectives) != 2:
            return []
        a, b = self.objectives
        resolution = self.resolution(a)
        rows = []
        for one, two in zip(self.kept, self.kept[1:], strict=False):
            gain = a.sense * (two.values[a.key] - one.values[a.key])
            cost = b.sense * (one.values[b.key] - two.values[b.key])
            rows.append(
                {
                    "from": one.number,
                    "to": two.number,
                    "gain": gain,
                    "cost": cost,
                    "rate": cost / gain if gain > resolution else None,
                    "measurable": gain > resolution,
                }
            )
        return rows

    def table(self) -> pd.DataFrame:
        """One row per point: what it asked, its values, how it was solved, whether it is on
        the front (``dominated_by`` otherwise) and the knee."""
        rows = []
        for p in self.points:
            asked = p.asked()
            result = p.solution.result
            rows.append(
                {
                    "point": p.number,
                    "role": p.role,
                    "maximised": asked["maximised"] or "",
                    **{f"bound_{k}": v for k, v in asked["bounds"].items()},
                    **{o.key: p.values.get(o.key) for o in self.objectives},
                    "status": str(p.solution.status),
                    "gap": result.gap,
                    "runtime_s": round(result.runtime_s, 3),
                    "on_front": p.found and p.number not in self.dominated_by,
                    "dominated_by": self.dominated_by.get(p.number),
                    "knee": p.number == self.knee,
                }
            )
        return pd.DataFrame(rows)


def _within(point: Point, gap: float) -> bool:
    result = point.solution.result
    return result.gap is not None and result.gap <= gap + 1e-12


# --- solving points ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Solving:
    """How a trade-off's points are solved: with ``options`` (each point on one thread, as
    many at once as ``options.threads``), ``progress`` hearing how many are done, and
    ``on_point`` each point as it ends."""

    options: SolverOptions
    progress: Progress = field(default_factory=Progress)
    on_point: Callable[[Point], None] | None = None


@dataclass
class _Solver:
    """Solves points of one trade-off: several at once (``options.threads``, each on one
    thread), each told to ``on_point`` as it ends."""

    problem: Problem
    objectives: tuple[Objective, ...]
    solving: Solving
    made: list[Point] = field(default_factory=list)
    #: solves done, stages included, of ``total``
    solved: int = 0
    total: int = 0

    def solve(self, role: str, specs: Sequence[PointSpec], keep: bool = True) -> list[Point]:
        """Solve ``specs``; ``keep``: as points of the trade-off (numbered in the order
        asked), else as stages of a lexicographic end (number 0, not kept)."""
        first = len(self.made) + 1
        options, progress, on_point = (
            self.solving.options,
            self.solving.progress,
            self.solving.on_point,
        )
        single = options.with_changes(threads=1)

        def work(item: tuple[int, PointSpec]) -> Point:
            number, spec = item
            solution = solve_point(self.problem, spec, single, progress.part("", told=False))
            point = Point(number, role, spec, solution, self._values(solution))
            if keep and on_point is not None:
                on_point(point)
            return point

        items = [(first + i if keep else 0, spec) for i, spec in enumerate(specs)]
        done = self.solved
        points = side_by_side(
            work, items, options.threads, progress.stop,
            lambda n, _: progress.count(done + n, self.total),
        )  # fmt: skip
        self.solved += len(points)
        if keep:
            self.made += points
        return points

    def chains(self, role: str, chains: Sequence[Sequence[Objective]]) -> list[Point]:
        """For each chain of objectives (all as long), each maximised in turn, bounded by every
        earlier one at its plan's value (the ends); the chains side by side, stage by stage;
        the last stage's plans are the points."""
        bounds: list[tuple[tuple[Objective, float], ...]] = [() for _ in chains]
        last: list[Point] = []
        stages = len(chains[0])
        for stage in range(stages):
            specs = [PointSpec(c[stage], bounds[i]) for i, c in enumerate(chains)]
            last = self.solve(role, specs, keep=stage == stages - 1)
            for i, (chain, point) in enumerate(zip(chains, last, strict=True)):
                if not point.found:
                    continue
                o = chain[stage]
                bounds[i] = (*bounds[i], (o, point.values[o.key]))
        return last

    def _values(self, solution: Solution) -> dict[str, float]:
        if not solution.has_plan:
            return {}
        return measures(self.problem, self.objectives, solution.allocation)


def _objectives(objectives: Sequence[Objective], least: int, most: int) -> tuple[Objective, ...]:
    keys = [o.key for o in objectives]
    if len(set(keys)) != len(keys):
        raise InputError("objectives", f"each objective once (got {', '.join(keys)})")
    if not least <= len(keys) <= most:
        many = str(least) if least == most else f"{least} to {most}"
        raise InputError("objectives", f"{many} objectives (got {len(keys)}: {', '.join(keys)})")
    return tuple(objectives)


def epsilon_front(
    problem: Problem,
    objectives: Sequence[Objective],
    points: int,
    solving: Solving,
) -> Front:
    """An ε-constraint front of two objectives (``points`` points, ends included) or a grid of
    three (``points × points`` levels); see the module docstring."""
    chosen = _objectives(objectives, 2, 3)
    least = 3 if len(chosen) == 2 else 2
    if points < least:
        raise InputError("points", f"at least {least} points (got {points})")
    solver = _Solver(problem, chosen, solving)
    grid = points - 2 if len(chosen) == 2 else points ** (len(chosen) - 1)
    solver.total = len(chosen) ** 2 + grid
    ends = _ends(solver, chosen)
    found = [p for p in ends if p.found]
    if found:
        a, others = chosen[0], chosen[1:]
        ranges = [_range(o, found) for o in others]
        if len(chosen) == 2:
            levels = [(level,) for level in np.linspace(*ranges[0], points)[1:-1]]
        else:
            axes = [np.linspace(*r, points) for r in ranges]
            levels = [
                tuple(v) for v in np.array(np.meshgrid(*axes, indexing="ij")).reshape(2, -1).T
            ]
        specs = [
            PointSpec(a, tuple((o, float(v)) for o, v in zip(others, level, strict=True)))
            for level in levels
        ]
        solver.solve("epsilon", specs)
    return _judged("epsilon", solver)


def _ends(solver: _Solver, chosen: tuple[Objective, ...]) -> list[Point]:
    """Each objective's lexicographic best, the others after it in the order given."""
    chains = [(o, *(p for p in chosen if p is not o)) for o in chosen]
    return solver.chains("end", chains)


def _range(objective: Objective, points: Sequence[Point]) -> tuple[float, float]:
    """From the worst to the best value of ``objective`` among ``points``."""
    values = sorted((p.values[objective.key] for p in points), key=lambda v: objective.sense * v)
    return values[0], values[-1]


def hierarchical(
    problem: Problem,
    objectives: Sequence[Objective],
    tolerances: Sequence[float],
    solving: Solving,
) -> Front:
    """Each objective in turn, bounded by the earlier ones less their relative ``tolerances``
    (one per objective but the last); every level is a point, the last the plan."""
    chosen = _objectives(objectives, 2, len(objectives) or 2)
    if len(tolerances) != len(chosen) - 1:
        raise InputError(
            "tolerances",
            f"one per objective but the last: {len(chosen) - 1} (got {len(tolerances)})",
        )
    solver = _Solver(problem, chosen, solving)
    solver.total = len(chosen)
    bounds: tuple[tuple[Objective, float], ...] = ()
    for level, objective in enumerate(chosen):
        (point,) = solver.solve("level", [PointSpec(objective, bounds)])
        if not point.found:
            break
        if level < len(tolerances):
            value = point.values[objective.key]
            bounds = (
                *bounds,
                (objective, value - objective.sense * tolerances[level] * abs(value)),
            )
    return _judged("hierarchical", solver)


def reference_point(
    problem: Problem,
    reference: Sequence[tuple[Objective, float]],
    solving: Solving,
) -> Front:
    """The plan nearest ``reference`` (objective, target in its units), with the ends for
    context."""
    chosen = _objectives([o for o, _ in reference], 2, len(reference) or 2)
    solver = _Solver(problem, chosen, solving)
    solver.total = len(chosen) ** 2 + 1
    _ends(solver, chosen)
    solver.solve("reference", [PointSpec(reference=tuple(reference))])
    return _judged("reference", solver)


def weight_sweep(
    problem: Problem,
    objectives: Sequence[Objective],
    points: int,
    solving: Solving,
) -> Front:
    """``points`` weighted sums of two objectives, weights evenly in [0, 1]."""
    a, b = _objectives(objectives, 2, 2)
    if points < 2:
        raise InputError("points", f"at least 2 points (got {points})")
    solver = _Solver(problem, (a, b), solving)
    solver.total = points
    specs = [
        PointSpec(weights=((a, float(w)), (b, float(1 - w)))) for w in np.linspace(1, 0, points)
    ]
    solver.solve("weights", specs)
    return _judged("weights", solver)


# --- judging points ----------------------------------------------------------------------------


def _judged(method: str, solver: _Solver) -> Front:
    points = tuple(sorted(solver.made, key=lambda p: p.number))
    objectives = solver.objectives
    tolerance = {o.key: EQUAL_SHARE * o.scale(solver.problem) for o in objectives}
    dominated = dominance(points, objectives, tolerance)
    front = Front(
        method, objectives, points, solver.problem, solver.solving.options, dominated,
        runtime_s=sum(p.solution.result.runtime_s for p in points),
    )  # fmt: skip
    return replace(front, knee=knee(front.kept, objectives))


def dominance(
    points: Sequence[Point], objectives: Sequence[Objective], tolerance: dict[str, float]
) -> dict[int, int]:
    """Each point with a plan that another point dominates or repeats (earlier points win a
    tie), with the number of one such point."""
    found = [p for p in points if p.found]
    removed: dict[int, int] = {}
    for p in found:
        for q in found:
            if q is p:
                continue
            diff = [o.sense * (q.values[o.key] - p.values[o.key]) for o in objectives]
            at_least = all(d >= -tolerance[o.key] for d, o in zip(diff, objectives, strict=True))
            better = any(d > tolerance[o.key] for d, o in zip(diff, objectives, strict=True))
            if at_least and (better or q.number < p.number):
                removed[p.number] = q.number
                break
    return removed


def knee(front: Sequence[Point], objectives: Sequence[Objective]) -> int | None:
    """The knee of ``front`` (see the module docstring); None with fewer than three points, a
    front flat in one objective, or a straight one (no point above the chord)."""
    if len(front) < 3:
        return None
    scaled = []
    for o in objectives:
        worst, best = _range(o, front)
        span = o.sense * (best - worst)
        if span <= 0:
            return None
        scaled.append([o.sense * (p.values[o.key] - worst) / span for p in front])
    values = np.array(scaled).T  # point × objective, 0 worst, 1 best
    if len(objectives) == 2:
        score = values.sum(axis=1) - 1  # ∝ the height above the chord from (1, 0) to (0, 1)
        if score.max() <= 1e-9:
            return None
    else:
        score = -np.sqrt(((1 - values) ** 2).sum(axis=1))
    return front[int(np.argmax(score))].number


def moves(one: Point, two: Point) -> pd.DataFrame:
    """Land each industry has in each park at ``one`` and at ``two`` where it differs by at
    least MOVED_KM2, the largest change first."""
    a = land_by_park(one.solution.allocation).rename("land_from")
    b = land_by_park(two.solution.allocation).rename("land_to")
    table = pd.concat([a, b], axis=1).fillna(0.0)
    table["change"] = table["land_to"] - table["land_from"]
    table = table[table["change"].abs() >= MOVED_KM2]
    order = table["change"].abs().sort_values(ascending=False, kind="stable").index
    return table.loc[order].rename_axis(["cluster_id", "park_id"]).reset_index()
