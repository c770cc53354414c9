"""A finding about a problem, in planners' words: kept with its figures (:func:`landplan.i18n.
keep`), and said in the language it is shown in."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from landplan.i18n import N_, keep, said

if TYPE_CHECKING:
    from landplan.optimisation.problem import Problem


@dataclass(frozen=True)
class Diagnostic:
    """One finding: its level, kind, its words (``text``: kept by :func:`landplan.i18n.keep`,
    or plain words), and the clusters and parks it concerns.

    Level ``error`` with kind ``contradiction`` means the rules contradict each other (fix the
    input); ``error`` with kind ``infeasible`` means no plan can satisfy the hard rules (the
    solve is skipped and the status is infeasible); ``warning`` means the plan will fall short or
    the numbers look wrong, but it can still be solved.
    """

    level: Literal["error", "warning"]
    kind: Literal["contradiction", "infeasible", "shortfall", "scaling"]
    text: str
    clusters: tuple[str, ...] = ()
    parks: tuple[str, ...] = ()

    @property
    def message(self) -> str:
        """The finding in the language of the moment."""
        return said(self.text)

    @property
    def kept(self) -> str:
        """The finding with its level, kept to be said later in any language (kpis.json's
        ``findings``)."""
        return keep(N_("%(level)s: %(finding)s"), level=keep(LEVELS[self.level]), finding=self.text)

    def __str__(self) -> str:
        return said(self.kept)


#: The levels in words (marked for the catalog: translated where shown).
LEVELS = {"error": N_("error"), "warning": N_("warning")}


def unmet(
    strict: bool, text: str, clusters: tuple[str, ...] = (), parks: tuple[str, ...] = ()
) -> Diagnostic:
    """Demand that cannot be met: an error (infeasible) when demand is a hard rule, else a
    warning that the plan will fall short."""
    if strict:
        return Diagnostic("error", "infeasible", text, clusters, parks)
    return Diagnostic("warning", "shortfall", text, clusters, parks)


def cluster_label(problem: Problem, cluster: str) -> str:
    """``Name (id)`` of a cluster, as messages name it."""
    return f"{problem.clusters.loc[cluster, 'name_en']} ({cluster})"
