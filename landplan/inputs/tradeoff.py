"""What a scenario's ``tradeoff`` section asks (:class:`~landplan.inputs.settings.
TradeoffSettings`), checked against its problem: the objectives by name, the method, and the
point a scenario keeps as its plan. A name that is not an objective of the problem is an
InputError naming the scenario file, its line and the field."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from landplan.i18n import N_
from landplan.inputs.scenario import Scenario
from landplan.optimisation.problem import Problem
from landplan.tradeoff.front import (
    Front,
    Solving,
    epsilon_front,
    hierarchical,
    reference_point,
    weight_sweep,
)
from landplan.tradeoff.objectives import Objective, UnknownObjective, objective
from landplan.tradeoff.point import PointSpec, measures

#: The most points one trade-off may solve (a grid of three objectives grows as its square).
MOST_POINTS = 400
#: The most objectives a method takes (the others: any number from two).
MOST_OBJECTIVES = {"epsilon": 3, "weights": 2}


def shape_refusal(method: str, count: int, points: int) -> tuple[str, str, dict] | None:
    """What is wrong with a trade-off's shape, before any data is read: the field, the text
    (for the catalog) and its values; None if nothing. As many objectives as the method takes,
    and an ε grid of at most MOST_POINTS points."""
    most = MOST_OBJECTIVES.get(method)
    if most is not None and count > most:
        text = N_("the %(method)s method takes at most %(most)s objectives (got %(count)s)")
        return "objectives", text, {"method": method, "most": most, "count": count}
    if method == "epsilon" and points ** (count - 1) > MOST_POINTS:
        text = N_(
            "%(points)s levels of %(bounded)s objectives make %(made)s points; at most %(most)s"
        )
        made = points ** (count - 1)
        return (
            "points",
            text,
            {"points": points, "bounded": count - 1, "made": made, "most": MOST_POINTS},
        )
    return None


def _named(scenario: Scenario, problem: Problem, key: str, *loc: str | int) -> Objective:
    try:
        return objective(key, problem)
    except UnknownObjective as exc:
        raise scenario.error(str(exc), "tradeoff", *loc) from None


def _values(
    scenario: Scenario, problem: Problem, values: Mapping[str, float], field: str, *loc: str
) -> tuple[tuple[Objective, float], ...]:
    return tuple(
        (_named(scenario, problem, key, *loc, field, key), value) for key, value in values.items()
    )


def objectives_asked(scenario: Scenario, problem: Problem) -> tuple[Objective, ...]:
    """The objectives of the scenario's trade-off, checked (known, each once, as many as the
    method takes)."""
    settings = scenario.tradeoff
    keys = settings.objectives
    chosen = tuple(_named(scenario, problem, k, "objectives", i) for i, k in enumerate(keys))
    if len(set(keys)) != len(keys):
        raise scenario.error(
            f"each objective once (got {', '.join(keys)})", "tradeoff", "objectives"
        )
    refused = shape_refusal(settings.method, len(keys), settings.points)
    if refused is not None:
        field, text, values = refused
        raise scenario.error(text % values, "tradeoff", field)
    if settings.method == "hierarchical" and settings.tolerances:
        if len(settings.tolerances) != len(keys) - 1:
            raise scenario.error(
                f"one tolerance per objective but the last: {len(keys) - 1} "
                f"(got {len(settings.tolerances)})",
                "tradeoff", "tolerances",
            )  # fmt: skip
    if settings.method == "reference":
        missing = [k for k in keys if k not in settings.reference]
        if missing or set(settings.reference) - set(keys):
            raise scenario.error(
                "a reference value for each objective and no other (objectives: "
                f"{', '.join(keys)}; values for: {', '.join(settings.reference) or 'none'})",
                "tradeoff", "reference",
            )  # fmt: skip
    return chosen


def trade_off(scenario: Scenario, problem: Problem, solving: Solving) -> Front:
    """The trade-off the scenario's section asks for, solved as ``solving`` says."""
    settings = scenario.tradeoff
    chosen = objectives_asked(scenario, problem)
    if settings.method == "epsilon":
        return epsilon_front(problem, chosen, settings.points, solving)
    if settings.method == "weights":
        return weight_sweep(problem, chosen, settings.points, solving)
    if settings.method == "hierarchical":
        tolerances = settings.tolerances or [0.0] * (len(chosen) - 1)
        return hierarchical(problem, chosen, tolerances, solving)
    reference = tuple((o, settings.reference[o.key]) for o in chosen)
    return reference_point(problem, reference, solving)


def kept_point(scenario: Scenario, problem: Problem) -> PointSpec | None:
    """The point the scenario keeps as its plan (``tradeoff.plan``), if it keeps one."""
    plan = scenario.tradeoff.plan
    if plan is None:
        return None
    bounds = _values(scenario, problem, plan.bounds, "bounds", "plan")
    if plan.maximise is not None:
        primary = _named(scenario, problem, plan.maximise, "plan", "maximise")
        if any(o.key == primary.key for o, _ in bounds):
            raise scenario.error(
                f"'{primary.key}' is maximised; it cannot be bounded too", "tradeoff", "plan"
            )
        return PointSpec(primary, bounds)
    return PointSpec(
        weights=_values(scenario, problem, plan.weights, "weights", "plan"),
        reference=_values(scenario, problem, plan.reference, "reference", "plan"),
    )


#: kpis.json's figure of an objective of a kept point: ``tradeoff_<key>``.
KEPT_PREFIX = "tradeoff_"


def kept_point_figures(
    scenario: Scenario, problem: Problem, allocation: pd.DataFrame
) -> dict[str, float]:
    """The kept point's plan measured on every objective its ``plan`` names (``tradeoff_<key>``:
    its value in the objective's units), none where the scenario keeps no point."""
    spec = kept_point(scenario, problem)
    if spec is None:
        return {}
    named = [spec.primary] if spec.primary else []
    named += [o for pairs in (spec.bounds, spec.weights, spec.reference) for o, _ in pairs]
    return {f"{KEPT_PREFIX}{k}": v for k, v in measures(problem, named, allocation).items()}
