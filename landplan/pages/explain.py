"""A run's results in sentences, in the language of the moment (:mod:`landplan.i18n`: a page's
request's, a command's ``--lang``; else English): each short industry's shortfall, the score
term by term and what dominates it, and whether two plans that differ are near-equal."""

from __future__ import annotations

from typing import Any

import pandas as pd

from landplan.i18n import N_, ngettext
from landplan.i18n import gettext as _
from landplan.optimisation.evaluate import LAND_EPSILON

#: The objective's terms as kpis.json names them (``term_<name>``), in the order shown.
TERMS = {
    "suitability": N_("Suitability (suitability × km²)"),
    "chain_bonus": N_("Chain bonus"),
    "shortfall_penalty": N_("Shortfall penalty"),
    "presence_cost": N_("Presence cost"),
}
#: Two plans whose scores differ by at most this share of the score at stake are near-equal
#: even where their certified gaps are smaller.
NEAR_SHARE = 0.005


def shortfall_sentences(shortfall: pd.DataFrame, industry: dict[str, str]) -> list[str]:
    """For each industry that falls short: its shortfall at the first horizon it is short, at
    its worst (most km²) and by the last horizon, each in km² and as a share of its demand
    then."""
    if shortfall.empty:
        return []
    last = shortfall["horizon"].max()
    sentences = []
    for cluster, rows in shortfall.groupby("cluster_id", sort=False):
        short = rows[rows["shortfall_km2"] > LAND_EPSILON].sort_values("horizon")
        if short.empty:
            continue
        worst = short["shortfall_km2"].idxmax()
        said = sorted(
            {short.index[0], worst, *rows.index[rows["horizon"] == last]},
            key=lambda i: rows.loc[i, "horizon"],
        )
        horizons = [
            (
                _("by %(year)s, %(short)s of %(demand)s km², its worst")
                if i == worst and len(said) > 1
                else _("by %(year)s, %(short)s of %(demand)s km²")
            )
            % _short(rows.loc[i])
            for i in said
        ]
        sentences.append(
            _("%(industry)s falls short %(horizons)s.")
            % {
                "industry": industry.get(str(cluster), str(cluster)),
                "horizons": _("; ").join(horizons),
            }
        )
    return sentences


def _short(row: pd.Series) -> dict[str, str]:
    """A horizon's shortfall in words: km² and share of demand, the demand and the year."""
    demand, short = float(row["demand_km2"]), float(row["shortfall_km2"])
    share = f" ({short / demand:.0%})" if demand > 0 else ""
    return {
        "short": f"{short:.2f} km²{share}",
        "demand": f"{demand:.2f}",
        "year": str(int(row["horizon"])),
    }


def score_terms(kpis: dict[str, Any]) -> dict[str, float]:
    """The plan's score term by term (signed as in the score; a cost that is nought left out:
    the suitability is always shown)."""
    return {
        term: float(kpis[f"term_{term}"])
        for term in TERMS
        if f"term_{term}" in kpis and (term == "suitability" or abs(kpis[f"term_{term}"]) > 1e-9)
    }


def term_label(term: str) -> str:
    return _(TERMS[term])


def dominant_sentence(terms: dict[str, float]) -> str | None:
    """Which term moves the score most, in a sentence (None: no terms)."""
    if not terms:
        return None
    term = max(terms, key=lambda t: abs(terms[t]))
    total = sum(abs(v) for v in terms.values())
    share = abs(terms[term]) / total if total else 1.0
    return _("%(term)s dominates the score: %(value)s, %(share)s of its terms' sizes added up.") % {
        "term": term_label(term),
        "value": f"{terms[term]:+.3f}",
        "share": f"{share:.0%}",
    }


def change_sentence(first: dict[str, float], later: dict[str, float]) -> str | None:
    """Which term's change moves the score most between two plans, in a sentence (None: the
    score does not change)."""
    changes = {t: later.get(t, 0.0) - first.get(t, 0.0) for t in {*first, *later}}
    moved = {t: v for t, v in changes.items() if abs(v) > 5e-4}
    if not moved:
        return None
    term = max(moved, key=lambda t: abs(moved[t]))
    return _("Most of the change in score is the %(term)s: %(change)s of %(total)s.") % {
        "term": term_label(term).lower(),
        "change": f"{moved[term]:+.3f}",
        "total": f"{sum(changes.values()):+.3f}",
    }


def term_rows(runs: list[dict[str, Any]]) -> list[list[str]]:
    """Each term of the runs' scores: its label, its value in each run, its change in each later
    run (against the first)."""
    terms = [score_terms(kpis) for kpis in runs]
    shown = [t for t in TERMS if any(t in found for found in terms)]
    return [
        [
            term_label(t),
            *(f"{found.get(t, 0.0):.3f}" for found in terms),
            *(f"{found.get(t, 0.0) - terms[0].get(t, 0.0):+.3f}" for found in terms[1:]),
        ]
        for t in shown
    ]


def near_equal_sentence(first: dict[str, Any], later: dict[str, Any], moved: int) -> str | None:
    """Where industries moved between two plans whose scores differ by no more than their
    certified gaps or a small share of the score at stake: that they are near-equal, and where
    to find more such plans (None: nothing moved, or the scores differ by more)."""
    if moved == 0 or first.get("objective") is None or later.get("objective") is None:
        return None
    difference = abs(float(later["objective"]) - float(first["objective"]))
    scale = max(_scale(first), _scale(later))
    tolerance = max(_certified(first), _certified(later), NEAR_SHARE * scale)
    if difference > tolerance:
        return None
    return ngettext(
        "%(count)d industry is in other parks, yet the two plans score within %(difference)s "
        "points of each other (%(share)s of the %(scale)s points at stake, no more than their "
        "proven gaps or %(near)s): they are near-equal, either as good as the other. Explore "
        "shows more near-optimal plans of a scenario and what they share.",
        "%(count)d industries are in other parks, yet the two plans score within "
        "%(difference)s points of each other (%(share)s of the %(scale)s points at stake, no "
        "more than their proven gaps or %(near)s): they are near-equal, either as good as the "
        "other. Explore shows more near-optimal plans of a scenario and what they share.",
        moved,
    ) % {
        "count": moved,
        "difference": f"{difference:.3g}",
        "share": f"{difference / scale:.2%}" if scale else "—",
        "scale": f"{scale:.4g}",
        "near": f"{NEAR_SHARE:.1%}",
    }


def _scale(kpis: dict[str, Any]) -> float:
    """The score at stake (the plan's own score for a run from before kpis said it)."""
    return float(kpis.get("gap_scale") or abs(float(kpis.get("objective") or 0.0)))


def _certified(kpis: dict[str, Any]) -> float:
    """The most, in points, by which any plan could beat this one (0: no proven gap)."""
    if kpis.get("gap") is None:
        return 0.0
    return float(kpis["gap"]) * _scale(kpis)
