"""How a solve ended, in planners' words: one table, read by every solve's reason, the status
sentence of a run and the explanations the terminal prints under a layout."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from landplan.solving.options import SOLVER_NAMES, SolverOptions
from landplan.solving.result import Stop


@dataclass(frozen=True)
class StopWords:
    """``phrase``: what ended a solve, with its figures (a template filled by
    :func:`stop_phrase`); ``meaning``: what that means for the answer."""

    phrase: str
    meaning: str


#: Every way a solve can end.
STOPS: dict[Stop, StopWords] = {
    Stop.PROOF: StopWords("proven optimal", "The best possible answer, proven."),
    Stop.GAP: StopWords(
        "{within} (asked: {asked:.3g} %)",
        "Certified within the gap asked for (--gap) of a bound the solver proved; the same "
        "answer on every machine.",
    ),
    Stop.NODE_LIMIT: StopWords(
        "{solver} stopped at its node limit ({node_limit:,} nodes)",
        "The search stopped at its node limit (--node-limit), short of the gap asked for; it "
        "stops there on every machine.",
    ),
    Stop.TIME_LIMIT: StopWords(
        "{solver} stopped at the time limit ({time_limit:g} s)",
        "The search stopped at its time limit, a safety net (--time-limit), short of the gap "
        "asked for; a faster or slower machine may give another answer.",
    ),
    Stop.SIZE_LIMIT: StopWords(
        "not searched: its {decisions:,} decisions are more than a solver is given ({limit:,})",
        "Too many decisions to search with a solver: the answer is landplan's heuristic's, its "
        "gap measured against a proven bound.",
    ),
    Stop.INFEASIBLE: StopWords(
        "infeasible",
        "No answer keeps every hard rule (in a layout with contiguity: an industry cannot be "
        "one block).",
    ),
    Stop.TARGET: StopWords("reached its target", "An answer good enough was found."),
    Stop.INTERRUPTED: StopWords("interrupted", "Stopped by the user (Ctrl-C)."),
    Stop.ERROR: StopWords(
        "{detail}", "The solver failed, or its claims failed landplan's check of them."
    ),
}


def stop_phrase(stop: Stop, options: SolverOptions, **figures: Any) -> str:
    """What ended a solve, with its figures: ``gap`` (the answer's) and ``scale`` (what it is
    relative to, None: the answer), ``decisions`` and ``limit`` (a size limit), ``detail`` (an
    error's own words); the rest from ``options``."""
    values = {
        "solver": options.solver_name,
        "asked": 100 * options.gap,
        "node_limit": options.node_limit,
        "time_limit": options.time_limit,
        "detail": "",
        **figures,
    }
    if values.get("gap") is not None:
        values["within"] = within_words(values["gap"], values.get("scale"))
    return STOPS[stop].phrase.format(**values)


def within_words(gap: float, scale: float | None) -> str:
    """A gap in words: relative to the score at stake (``scale``), in points too, or to the
    answer itself."""
    if scale is None:
        return f"within {100 * gap:.3g} % of the bound"
    return (
        f"within {gap * scale:.3g} points of the bound, {100 * gap:.3g} % of the "
        f"{scale:.4g} points at stake"
    )


def certificate_words(objective: float, bound: float, gap: float, scale: float | None) -> str:
    """How good a plan is, proven: how much more any plan could score, in points and as a
    share of what is at stake (``scale``; None: of the plan's own score, a run from before)."""
    if scale is None:
        return f"within {100 * gap:.2f} % of the best possible plan (bound {bound:.3f})"
    return (
        f"no plan can score more than {max(bound - objective, 0.0):.3g} points above this one "
        f"({100 * gap:.2g} % of the {scale:.3g} points at stake; bound {bound:.3f})"
    )


def status_sentence(kpis: dict[str, Any]) -> str:
    """A run's status in words (from its KPIs, so that a run folder read back says the same):
    how good the plan is, how sure that is, and what ended the solve."""
    status, stop = kpis["status"], kpis.get("stopped_by")
    solver = SOLVER_NAMES.get(kpis["solver"], kpis["solver"])
    runtime = f"{kpis.get('runtime_s') or 0.0:.1f} s with {solver}"
    if status == "optimal":
        return f"optimal: proven best plan (gap 0), in {runtime}."
    if status != "feasible":
        return f"{status}: no plan ({kpis.get('reason', '')}). See the diagnostics below."
    if kpis.get("gap") is None or kpis.get("bound") is None:
        return f"a plan with no proven bound, so no gap can be claimed: {kpis.get('reason', '')}."
    within = certificate_words(kpis["objective"], kpis["bound"], kpis["gap"], kpis.get("gap_scale"))
    if stop == Stop.GAP:
        return f"{within}, certified in {runtime}."
    meaning = STOPS[Stop(stop)].meaning if stop in set(Stop) else ""
    return f"{within} after {runtime}: {kpis.get('reason', '')}. {meaning}".strip()
