"""How a solve ended, in planners' words: one table, read by every solve's reason, the status
sentence of a run and the explanations the terminal prints under a layout. In the language of
the moment (:mod:`landplan.i18n`; English outside a page's or a command's language)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from landplan.i18n import N_
from landplan.i18n import gettext as _
from landplan.solving.options import SOLVER_NAMES, SolverOptions
from landplan.solving.result import Status, Stop


@dataclass(frozen=True)
class StopWords:
    """``phrase``: what ended a solve, with its figures (a template filled by
    :func:`stop_phrase`); ``meaning``: what that means for the answer. Both marked for the
    catalog and translated where they are said."""

    phrase: str
    meaning: str


#: Every way a solve can end.
STOPS: dict[Stop, StopWords] = {
    Stop.PROOF: StopWords(N_("proven optimal"), N_("The best possible answer, proven.")),
    Stop.GAP: StopWords(
        N_("%(within)s (asked: %(asked)s %%)"),
        N_(
            "Certified within the gap asked for (--gap) of a bound the solver proved; the same "
            "answer on every machine."
        ),
    ),
    Stop.NODE_LIMIT: StopWords(
        N_("%(solver)s stopped at its node limit (%(node_limit)s nodes)"),
        N_(
            "The search stopped at its node limit (--node-limit), short of the gap asked for; "
            "it stops there on every machine."
        ),
    ),
    Stop.TIME_LIMIT: StopWords(
        N_("%(solver)s stopped at the time limit (%(time_limit)s s)"),
        N_(
            "The search stopped at its time limit, a safety net (--time-limit), short of the "
            "gap asked for; a faster or slower machine may give another answer."
        ),
    ),
    Stop.SIZE_LIMIT: StopWords(
        N_("not searched: its %(decisions)s decisions are more than a solver is given (%(limit)s)"),
        N_(
            "Too many decisions to search with a solver: the answer is landplan's heuristic's, "
            "its gap measured against a proven bound."
        ),
    ),
    Stop.INFEASIBLE: StopWords(
        N_("infeasible"),
        N_(
            "No answer keeps every hard rule (in a layout with contiguity: an industry cannot "
            "be one block)."
        ),
    ),
    Stop.TARGET: StopWords(N_("reached its target"), N_("An answer good enough was found.")),
    Stop.INTERRUPTED: StopWords(N_("interrupted"), N_("Stopped by the user (Ctrl-C).")),
    Stop.ERROR: StopWords(
        "%(detail)s", N_("The solver failed, or its claims failed landplan's check of them.")
    ),
}
#: A run's status, in words (kpis.json's ``status``).
STATUS_WORDS = {
    Status.OPTIMAL: N_("optimal"),
    Status.FEASIBLE: N_("feasible"),
    Status.INFEASIBLE: N_("infeasible"),
    Status.NO_SOLUTION: N_("no solution"),
    Status.ERROR: N_("error"),
}


def status_word(status: object) -> str:
    """A run's status in a word, in the language of the moment (an unknown one as it is)."""
    word = STATUS_WORDS.get(Status(str(status))) if status in set(Status) else None
    return _(word) if word else str(status)


def stop_phrase(stop: Stop, options: SolverOptions, **figures: Any) -> str:
    """What ended a solve, with its figures: ``gap`` (the answer's) and ``scale`` (what it is
    relative to, None: the answer), ``decisions`` and ``limit`` (a size limit), ``detail`` (an
    error's own words); the rest from ``options``. In the language of the moment."""
    values = {
        "solver": options.solver_name,
        "asked": f"{100 * options.gap:.3g}",
        "node_limit": f"{options.node_limit:,}",
        "time_limit": f"{options.time_limit:g}",
        "detail": "",
        **{k: f"{v:,}" if isinstance(v, int) else v for k, v in figures.items()},
    }
    if figures.get("gap") is not None:
        values["within"] = within_words(figures["gap"], figures.get("scale"))
    return _(STOPS[stop].phrase) % values


def within_words(gap: float, scale: float | None) -> str:
    """A gap in words: relative to the score at stake (``scale``), in points too, or to the
    answer itself."""
    if scale is None:
        return _("within %(percent)s %% of the bound") % {"percent": f"{100 * gap:.3g}"}
    return _(
        "within %(points)s points of the bound, %(percent)s %% of the %(scale)s points at stake"
    ) % {"points": f"{gap * scale:.3g}", "percent": f"{100 * gap:.3g}", "scale": f"{scale:.4g}"}


def certificate_words(objective: float, bound: float, gap: float, scale: float | None) -> str:
    """How good a plan is, proven: how much more any plan could score, in points and as a
    share of what is at stake (``scale``; None: of the plan's own score, a run from before)."""
    if scale is None:
        return _("within %(percent)s %% of the best possible plan (bound %(bound)s)") % {
            "percent": f"{100 * gap:.2f}",
            "bound": f"{bound:.3f}",
        }
    return _(
        "no plan can score more than %(points)s points above this one (%(percent)s %% of the "
        "%(scale)s points at stake; bound %(bound)s)"
    ) % {
        "points": f"{max(bound - objective, 0.0):.3g}",
        "percent": f"{100 * gap:.2g}",
        "scale": f"{scale:.3g}",
        "bound": f"{bound:.3f}",
    }


def status_brief(kpis: dict[str, Any]) -> str:
    """How good a run's plan is, in a few words (a list of runs), in the language of the
    moment."""
    status, gap = kpis["status"], kpis.get("gap")
    if status == "optimal":
        return _("optimal: proven best plan")
    if status != "feasible":
        return status_word(status)
    if gap is None or kpis.get("bound") is None:
        return _("a plan with no proven bound")
    if kpis.get("gap_scale") is None:
        return _("within %(percent)s %% of the best possible plan") % {
            "percent": f"{100 * gap:.2f}"
        }
    points = max(float(kpis["bound"]) - float(kpis["objective"]), 0.0)
    return _("no plan can score more than %(points)s points above this one") % {
        "points": f"{points:.3g}"
    }


def status_sentence(kpis: dict[str, Any]) -> str:
    """A run's status in words (from its KPIs, so that a run folder read back says the same),
    in the language of the moment: how good the plan is, how sure that is, and what ended the
    solve. (The solve's ``reason`` is quoted as the run kept it: its figures are the solve's.)
    A plan certified within its gap is not said to be the solver's: the plan and its bound may
    be the heuristic's and the relaxation's (the reason says whose)."""
    status, stop = kpis["status"], kpis.get("stopped_by")
    seconds = f"{kpis.get('runtime_s') or 0.0:.1f}"
    solver = SOLVER_NAMES.get(kpis["solver"], kpis["solver"])
    reason = kpis.get("reason", "")
    if status == "optimal":
        return _("optimal: proven best plan (gap 0), in %(seconds)s s.") % {"seconds": seconds}
    if status != "feasible":
        return _("%(status)s: no plan (%(reason)s). See the diagnostics below.") % {
            "status": status_word(status),
            "reason": reason,
        }
    if kpis.get("gap") is None or kpis.get("bound") is None:
        return _("a plan with no proven bound, so no gap can be claimed: %(reason)s.") % {
            "reason": reason
        }
    within = certificate_words(kpis["objective"], kpis["bound"], kpis["gap"], kpis.get("gap_scale"))
    if stop == Stop.GAP:
        return _("%(within)s, certified in %(seconds)s s.") % {"within": within, "seconds": seconds}
    meaning = _(STOPS[Stop(stop)].meaning) if stop in set(Stop) else ""
    return (
        _("%(within)s after %(seconds)s s with %(solver)s: %(reason)s. %(meaning)s")
        % {
            "within": within,
            "seconds": seconds,
            "solver": solver,
            "reason": reason,
            "meaning": meaning,
        }
    ).strip()
