"""A finding about a problem, in planners' words."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from landplan.optimisation.problem import Problem


@dataclass(frozen=True)
class Diagnostic:
    """One finding: its level, kind, a message, and the clusters and parks it concerns.

    Level ``error`` with kind ``contradiction`` means the rules contradict each other (fix the
    input); ``error`` with kind ``infeasible`` means no plan can satisfy the hard rules (the
    solve is skipped and the status is infeasible); ``warning`` means the plan will fall short or
    the numbers look wrong, but it can still be solved.
    """

    level: Literal["error", "warning"]
    kind: Literal["contradiction", "infeasible", "shortfall", "scaling"]
    message: str
    clusters: tuple[str, ...] = ()
    parks: tuple[str, ...] = ()

    def __str__(self) -> str:
        return f"{self.level}: {self.message}"


def unmet(
    strict: bool, message: str, clusters: tuple[str, ...] = (), parks: tuple[str, ...] = ()
) -> Diagnostic:
    """Demand that cannot be met: an error (infeasible) when demand is a hard rule, else a
    warning that the plan will fall short."""
    if strict:
        return Diagnostic("error", "infeasible", message, clusters, parks)
    return Diagnostic("warning", "shortfall", message, clusters, parks)


def cluster_label(problem: Problem, cluster: str) -> str:
    """``Name (id)`` of a cluster, as messages name it."""
    return f"{problem.clusters.loc[cluster, 'name_en']} ({cluster})"
