"""Checks run before every solve, reported in planners' words (:class:`Diagnostic`).

Each part of the problem checks what it knows (:meth:`landplan.optimisation.part.Part.check`:
locks against caps and exclusions, demand against the land it may reach, sites against the
parks); this module adds the checks of the data as a whole and orders the findings,
contradictions first.
"""

from __future__ import annotations

import numpy as np

from landplan.i18n import N_, keep
from landplan.optimisation.diagnostics import Diagnostic
from landplan.optimisation.problem import Problem


def check_problem(problem: Problem) -> list[Diagnostic]:
    """All checks, the parts' in their order and then the data's scaling: contradictions first,
    then other errors, then warnings."""
    found = [d for part in problem.parts for d in part.check(problem)] + check_scaling(problem)
    return sorted(found, key=lambda d: (d.kind != "contradiction", d.level != "error"))


def check_scaling(problem: Problem) -> list[Diagnostic]:
    """Land figures that look like the wrong unit."""
    numbers = np.concatenate(
        [problem.units["capacity_km2"].to_numpy(float), problem.demand.to_numpy(float).ravel()]
    )
    positive = numbers[numbers > 0]
    if positive.size and (positive.max() > 1e4 or positive.min() < 1e-4):
        return [
            Diagnostic(
                "warning",
                "scaling",
                keep(
                    N_(
                        "land figures range from %(least)s to %(most)s km²: check the units "
                        "(km², not m² or hectares); badly scaled numbers slow the solver and blur "
                        "results"
                    ),
                    least=f"{positive.min():.3g}",
                    most=f"{positive.max():.3g}",
                ),
            )
        ]
    return []
