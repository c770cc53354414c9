"""What a solve returns, whatever it solved: how it ended, the answer's value, the proven bound
and the gap between them.

A :class:`SolveResult` is the one result type of landplan's solves: the allocation of industries
to parks (:class:`~landplan.optimisation.solution.Solution` holds one) and each park's parcel
layout (:class:`~landplan.layout.solve.ParkLayout` holds one). ``optimal`` means proven with no
gap; an answer within the asked gap is ``feasible`` with ``stopped_by`` saying so.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Literal

#: Absolute slack under which an answer and a bound count as equal (objective units).
OPTIMALITY_TOLERANCE = 1e-6

#: Whether a model maximises (the allocation: suitability) or minimises (a layout: boundary).
Sense = Literal["max", "min"]


class Status(StrEnum):
    OPTIMAL = "optimal"
    FEASIBLE = "feasible"
    INFEASIBLE = "infeasible"
    NO_SOLUTION = "no solution"
    ERROR = "error"


class Stop(StrEnum):
    """Why a solve ended (in words: :data:`landplan.solving.words.STOPS`)."""

    PROOF = "proof"  # the answer is proven optimal
    GAP = "gap"  # the answer is within the requested gap of the bound
    TARGET = "target"  # an answer reached the target objective (heuristic sub-problems)
    NODE_LIMIT = "node limit"
    TIME_LIMIT = "time limit"
    SIZE_LIMIT = "size limit"  # too large to search: a heuristic's answer and a proven bound
    INFEASIBLE = "infeasible"
    INTERRUPTED = "interrupted"
    ERROR = "error"


def relative_gap(
    objective: float, bound: float, sense: Sense = "max", scale: float | None = None
) -> float:
    """How much better than ``objective`` any answer could at most be, relative to ``scale``:
    ``(bound − objective) / scale`` for a maximisation, ``(objective − bound) / scale`` for a
    minimisation; never negative. Without a scale, relative to the answer itself,
    ``|objective|``: right for an objective that stays well away from zero (a layout's
    boundary), wrong for one that may pass through it (see :attr:`SolveResult.scale`)."""
    ahead = bound - objective if sense == "max" else objective - bound
    return max(0.0, ahead) / max(abs(objective) if scale is None else scale, 1e-9)


@dataclass(frozen=True)
class Counts:
    """How big the solve was: the model's integer ``decisions`` and ``rows`` (0 where no model
    was built), and the branch-and-bound ``nodes`` a solver spent (0 where none searched)."""

    decisions: int = 0
    rows: int = 0
    nodes: int = 0


@dataclass(frozen=True)
class SolveResult:
    """A certified solve: its status and what ended it, the best answer's value by landplan's
    own evaluation, the best proven bound, the gap between them, the solver, the size of the
    work, and why in words. ``values`` maps variable names to values and ``duals`` maps row
    names to shadow prices (objective gained per unit of right-hand side; LPs only).

    ``gap`` is ``|bound − objective| / scale``: ``scale`` is what the gap is measured against,
    fixed by the problem before any solve (an allocation's score at stake,
    :attr:`landplan.optimisation.problem.Problem.score_at_stake`), or None where it is the
    answer itself (a layout's boundary)."""

    status: Status
    stopped_by: Stop
    objective: float | None
    bound: float | None
    gap: float | None
    runtime_s: float
    solver: str
    solver_version: str
    reason: str
    counts: Counts = Counts()
    scale: float | None = None
    values: dict[str, float] = field(default_factory=dict, repr=False)
    duals: dict[str, float] = field(default_factory=dict, repr=False)

    @property
    def gap_points(self) -> float | None:
        """The gap in the objective's own units: how much better any answer could at most be."""
        if self.objective is None or self.bound is None:
            return None
        return abs(self.bound - self.objective)

    @property
    def found(self) -> bool:
        """Whether the solve has an answer (proven optimal or not)."""
        return self.status in (Status.OPTIMAL, Status.FEASIBLE)


class Solved:
    """The figures a solved value (an allocation, a park's layout) reads from its ``result``."""

    result: SolveResult

    @property
    def status(self) -> Status:
        return self.result.status

    @property
    def stopped_by(self) -> Stop:
        return self.result.stopped_by

    @property
    def objective(self) -> float | None:
        return self.result.objective

    @property
    def bound(self) -> float | None:
        return self.result.bound

    @property
    def gap(self) -> float | None:
        return self.result.gap

    @property
    def runtime_s(self) -> float:
        return self.result.runtime_s

    @property
    def solver(self) -> str:
        return self.result.solver

    @property
    def solver_version(self) -> str:
        return self.result.solver_version

    @property
    def reason(self) -> str:
        return self.result.reason
