"""A sweep's and an exploration's results as a planner reads them, in the language of the
moment (:mod:`landplan.i18n`): what was asked, what holds and what does not, in named sections
of sentences and charts (inline SVG, :mod:`landplan.pages.charts`). The folders are read by
:mod:`landplan.outputs.analysis` into the records here."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
from markupsafe import Markup

from landplan.i18n import N_, ngettext
from landplan.i18n import gettext as _
from landplan.optimisation.evaluate import LAND_EPSILON
from landplan.pages.charts import Bar, Segment, bar_chart, change_chart, dot_spread, heat_table
from landplan.pages.explain import NEAR_SHARE
from landplan.pages.labels import both_names

#: A placement (an industry in a park) this often or more in a sweep's samples holds; one
#: between its complement and this comes and goes.
ROBUST = 0.9
#: How many placements a sentence names before it says how many more there are.
NAMED = 6
#: How many of the largest losses of replacement importance the chart shows.
TOP_LOSSES = 12


@dataclass(frozen=True)
class SweepRecord:
    """A sweep's folder as read back: ``sweep.json``, its samples, each industry's selection
    frequency in each park and each industry's stability."""

    record: dict[str, Any]
    samples: pd.DataFrame
    frequency: pd.DataFrame
    stability: pd.DataFrame


@dataclass(frozen=True)
class ExploreRecord:
    """An exploration's folder as read back: ``explore.json`` (empty for a folder written
    before it), its alternatives, the replacement importance and each site's own value (None
    where not written), and the allocation of the plan and of each alternative by number
    (those written) with the alternatives whose map the folder holds."""

    record: dict[str, Any]
    alternatives: pd.DataFrame
    importance: pd.DataFrame | None = None
    sites: pd.DataFrame | None = None
    plan: pd.DataFrame | None = None
    allocations: dict[int, pd.DataFrame] = field(default_factory=dict)
    maps: frozenset[int] = frozenset()


class Names:
    """The industries and parks that tables name, each in both its names (its id where no
    table names it)."""

    def __init__(self, *tables: pd.DataFrame | None) -> None:
        self.industry: dict[str, str] = {}
        self.park: dict[str, str] = {}
        for table in tables:
            if table is None:
                continue
            for key, names in (("cluster", self.industry), ("park", self.park)):
                if f"{key}_name_en" in table.columns:
                    zh = table.get(f"{key}_name_zh", pd.Series("", index=table.index))
                    for id_, en, z in zip(
                        table[f"{key}_id"], table[f"{key}_name_en"], zh, strict=True
                    ):
                        names.setdefault(str(id_), both_names(en, z))

    def of_industry(self, cluster: str) -> str:
        return self.industry.get(cluster, cluster)

    def of_park(self, park: str) -> str:
        """A park by its id and its names (the id is what its map labels it by)."""
        return f"{park} {self.park[park]}" if park in self.park else park

    def placement(self, cluster: str, park: str) -> str:
        return _("%(industry)s in %(park)s") % {
            "industry": self.of_industry(cluster),
            "park": self.of_park(park),
        }


def _listed(items: list[str]) -> str:
    """Up to NAMED items, and how many more."""
    said = _(", ").join(items[:NAMED])
    if len(items) > NAMED:
        more = len(items) - NAMED
        said += ngettext(" and %(count)d more", " and %(count)d more", more) % {"count": more}
    return said


def _share(value: float) -> str:
    """A share of the samples, in whole per cent."""
    return f"{value:.0%}"


def _percent(value: float) -> str:
    """A share the planner asked for (a range, a gap), as precise as it was asked."""
    return f"{value * 100:.3g}%"


# --- a sweep -----------------------------------------------------------------------------------

#: A sweep's page: its sections' anchors and headings, in order.
SWEEP_SECTIONS = {
    "varied": N_("What was varied"),
    "stability": N_("How stable the plan is"),
    "frequency": N_("Where each industry lands"),
    "map": N_("The ranking map"),
    "scores": N_("How far the scores spread"),
}


def sweep_context(sweep: SweepRecord, shade: Callable[[float], str]) -> dict[str, Any]:
    """What the sweep's page shows (``shade``: a frequency's colour, the map's)."""
    names = Names(sweep.frequency, sweep.stability)
    return {
        "sections": {key: _(words) for key, words in SWEEP_SECTIONS.items()},
        "varied": _varied(sweep.record),
        "placements": _placements(sweep.frequency, sweep.stability, names),
        "heat": _heat(sweep.frequency, sweep.stability, names, shade),
        "stability_table": _stability_table(sweep.stability, names),
        "spread": _spread(sweep.samples),
    }


def _varied(record: dict[str, Any]) -> list[str]:
    """What the samples varied, how many there were and how many the figures rest on."""
    spec = record.get("spec", {})
    vary = {k: v for k, v in spec.get("vary", {}).items() if v}
    parts = []
    if "weights" in vary:
        parts.append(
            _("the criterion weights by up to ±%(share)s") % {"share": _percent(vary["weights"])}
        )
    if "demand" in vary:
        parts.append(
            _("each industry's demand by up to ±%(share)s") % {"share": _percent(vary["demand"])}
        )
    done = int(record.get("samples_done", 0))
    said = [
        ngettext(
            "%(count)d sample of the scenario, with %(varied)s, drawn at random (seed %(seed)s) "
            "and solved until its plan was within %(gap)s of the best.",
            "%(count)d samples of the scenario, each with %(varied)s, drawn at random (seed "
            "%(seed)s) and solved until its plan was within %(gap)s of the best.",
            done,
        )
        % {
            "count": done,
            "varied": _(" and ").join(parts) if parts else _("nothing varied"),
            "seed": spec.get("seed", "—"),
            "gap": _percent(float(spec.get("gap", 0))),
        }
    ]
    if not record.get("complete", True):
        said.append(
            _("The sweep was stopped after %(done)d of the %(asked)d samples asked for.")
            % {"done": done, "asked": int(spec.get("samples", done))}
        )
    counted = int(record.get("samples_counted", done))
    said.append(
        ngettext(
            "The figures below rest on %(counted)d sample.",
            "The figures below rest on %(counted)d samples.",
            counted,
        )
        % {"counted": counted}
    )
    left = done - counted
    if left > 0:
        said.append(
            ngettext(
                "%(count)d sample stopped short of the gap, or without a plan, and is left out.",
                "%(count)d samples stopped short of the gap, or without a plan, and are left out.",
                left,
            )
            % {"count": left}
        )
    return said


def _placements(frequency: pd.DataFrame, stability: pd.DataFrame, names: Names) -> list[str]:
    """The robust placements and the fragile ones, the most and the least stable industries."""
    seen = frequency[frequency["frequency"] > 0]
    robust = seen[seen["frequency"] >= ROBUST].sort_values(
        "frequency", ascending=False, kind="stable"
    )
    fragile = seen[(seen["frequency"] < ROBUST) & (seen["frequency"] > 1 - ROBUST)]
    fragile = fragile.iloc[(fragile["frequency"] - 0.5).abs().argsort(kind="stable")]

    def placed(rows: pd.DataFrame) -> list[str]:
        return [
            f"{names.placement(r.cluster_id, r.park_id)} ({_share(r.frequency)})"
            for r in rows.itertuples()
        ]

    said = []
    if len(robust):
        said.append(
            ngettext(
                "Robust: %(count)d placement of an industry in a park holds in at least %(share)s "
                "of the samples: %(list)s.",
                "Robust: %(count)d placements of an industry in a park hold in at least %(share)s "
                "of the samples: %(list)s.",
                len(robust),
            )
            % {"count": len(robust), "share": _share(ROBUST), "list": _listed(placed(robust))}
        )
    if len(fragile):
        said.append(
            ngettext(
                "Fragile: %(count)d placement comes and goes, in between %(low)s and %(high)s of "
                "the samples (nearest a toss-up first): %(list)s.",
                "Fragile: %(count)d placements come and go, in between %(low)s and %(high)s of "
                "the samples (nearest a toss-up first): %(list)s.",
                len(fragile),
            )
            % {
                "count": len(fragile),
                "low": _share(1 - ROBUST),
                "high": _share(ROBUST),
                "list": _listed(placed(fragile)),
            }
        )
    else:
        said.append(
            _(
                "No placement comes and goes: every one holds in nearly all the samples or in nearly none."
            )
        )
    rated = stability.dropna(subset=["stability"])
    steady = [names.of_industry(c) for c in rated[rated["stability"] >= 1]["cluster_id"]]
    if steady:
        said.append(
            ngettext(
                "%(count)d industry keeps the same parks in every sample: %(list)s.",
                "%(count)d industries keep the same parks in every sample: %(list)s.",
                len(steady),
            )
            % {"count": len(steady), "list": _listed(steady)}
        )
    shaky = rated[rated["stability"] < ROBUST].sort_values("stability", kind="stable")
    if len(shaky):
        least = shaky.iloc[0]
        parks = [names.of_park(p) for p in str(least["usual_parks"]).split(", ") if p]
        said.append(
            _(
                "The least stable, %(industry)s, has its usual parks (%(parks)s) in only %(share)s of the samples."
            )
            % {
                "industry": names.of_industry(least["cluster_id"]),
                "parks": _(", ").join(parks) or "—",
                "share": _share(least["stability"]),
            }
        )
    return said


def _heat(
    frequency: pd.DataFrame, stability: pd.DataFrame, names: Names, shade: Callable[[float], str]
) -> Markup:
    """Industries × parks, each cell shaded by how often the industry got land in the park
    (parks it never got land in left out), each industry's stability beside it."""
    wide = frequency.pivot_table(
        index="cluster_id", columns="park_id", values="frequency", sort=False
    )
    wide = wide.loc[:, wide.max() > 0]
    stable = stability.set_index("cluster_id")["stability"]
    notes = ["—" if pd.isna(stable.get(c)) else _share(float(stable[c])) for c in wide.index]
    return heat_table(
        [names.of_industry(c) for c in wide.index],
        [(p, names.of_park(p)) for p in wide.columns],
        wide.to_numpy().tolist(),
        shade,
        notes,
        _("Stability"),
        _("Share of the samples in which the industry got land in the park (figures in %)"),
    )


def _stability_table(stability: pd.DataFrame, names: Names) -> pd.DataFrame:
    """Each industry, its usual parks and how often it has them (least stable first)."""
    rows = stability.sort_values("stability", kind="stable", na_position="first")
    return pd.DataFrame(
        {
            _("Industry"): [names.of_industry(c) for c in rows["cluster_id"]],
            _("Its usual parks"): [
                _(", ").join(names.of_park(p) for p in str(parks).split(", ") if p)
                for parks in rows["usual_parks"].fillna("")
            ],
            _("Stability"): ["—" if pd.isna(v) else _share(float(v)) for v in rows["stability"]],
        }
    )


def _spread(samples: pd.DataFrame) -> dict[str, Any]:
    """The samples' scores as dots (those left out hollow), and their range in a sentence."""
    scored = samples.dropna(subset=["objective"]) if "objective" in samples else samples.iloc[:0]
    if scored.empty:
        return {"chart": None, "sentence": _("No sample has a score.")}
    converged = (
        scored["converged"].astype(bool)
        if "converged" in scored
        else pd.Series(True, index=scored.index)
    )
    dots = [
        (
            float(r.objective),
            _("sample %(sample)s: %(score)s") % {"sample": r.sample, "score": f"{r.objective:.3f}"},
            bool(kept),
        )
        for r, kept in zip(scored.itertuples(), converged, strict=True)
    ]
    values = scored["objective"]
    median = float(values.median())
    sentence = _(
        "The plan's score ranged from %(low)s to %(high)s points over the samples (median "
        "%(median)s): a sample's score moves with its weights and demand, so the spread says "
        "how much the plan's worth depends on them."
    ) % {"low": f"{values.min():.3f}", "high": f"{values.max():.3f}", "median": f"{median:.3f}"}
    chart = dot_spread(dots, _("points"), [(median, _("median"))], _("left out (short of the gap)"))
    return {"chart": chart, "sentence": sentence}


# --- an exploration ----------------------------------------------------------------------------

#: An exploration's page: the anchors and headings of its sections but the alternatives', in
#: order (each alternative's section comes between the first and the second).
EXPLORE_SECTIONS = {
    "asked": N_("What was looked for"),
    "importance": N_("Which placements matter most"),
}


@dataclass(frozen=True)
class Alternative:
    """One alternative as its section shows it."""

    number: int
    anchor: str
    name: str
    heading: str
    sentences: list[str]
    map_file: str | None
    allocation_file: str | None


def explore_context(explore: ExploreRecord) -> dict[str, Any]:
    """What the exploration's page shows."""
    names = Names(explore.plan, *explore.allocations.values(), explore.importance, explore.sites)
    plan = explore.record.get("plan", {})
    stake = _stake(plan, explore.alternatives)
    alternatives = [
        _alternative(row, explore, names, stake) for row in explore.alternatives.itertuples()
    ]
    sections = {"asked": _(EXPLORE_SECTIONS["asked"])}
    sections |= {a.anchor: a.name for a in alternatives}
    importance = _importance(explore, names, stake)
    if importance is not None:
        sections["importance"] = _(EXPLORE_SECTIONS["importance"])
    return {
        "sections": sections,
        "asked": _asked(explore.record, len(alternatives), stake),
        "overview": _overview(explore, names, stake),
        "alternatives": alternatives,
        "importance": importance,
    }


def _stake(plan: dict[str, Any], alternatives: pd.DataFrame) -> float | None:
    """The score at stake: explore.json's, or what the alternatives' losses and shares of it
    say (a folder written before explore.json; None: neither says)."""
    if plan.get("gap_scale"):
        return float(plan["gap_scale"])
    if alternatives.empty:
        return None
    told = alternatives[alternatives["loss_share_of_stake"].abs() > 1e-12]
    return float((told["loss"] / told["loss_share_of_stake"]).iloc[0]) if len(told) else None


def _asked(record: dict[str, Any], found: int, stake: float | None) -> list[str]:
    if not record:
        return [
            ngettext(
                "%(count)d alternative was found.", "%(count)d alternatives were found.", found
            )
            % {"count": found}
        ]
    spec, plan = record.get("spec", {}), record.get("plan", {})
    said = []
    if plan.get("objective") is not None:
        said.append(
            _(
                "The plan explored around scores %(score)s points, proven within %(gap)s of the best possible."
            )
            % {"score": f"{plan['objective']:.3f}", "gap": f"{float(plan.get('gap') or 0):.2%}"}
        )
    if spec.get("alternatives"):
        said.append(
            ngettext(
                "Up to %(asked)d near-optimal alternative was sought: a plan scoring no more than "
                "%(share)s of the score at stake (%(stake)s points) below it, and differing from it "
                "in at least %(min)d placements of an industry in a park. %(found)d was found.",
                "Up to %(asked)d near-optimal alternatives were sought: plans scoring no more than "
                "%(share)s of the score at stake (%(stake)s points) below it, each differing from "
                "it and from each other in at least %(min)d placements of an industry in a park. "
                "%(found)d were found.",
                int(spec["alternatives"]),
            )
            % {
                "asked": int(spec["alternatives"]),
                "share": _percent(float(spec.get("share", 0))),
                "stake": "—" if stake is None else f"{stake:.4g}",
                "min": int(spec.get("min_difference", 0)),
                "found": found,
            }
        )
    return said


def _moved(row: Any) -> dict[str, tuple[list[str], list[str]]]:
    """Each industry whose parks the alternative changes: the parks it leaves, the parks it
    gets (from the alternatives table's ``lost`` and ``gained``: ``cluster@park, …``)."""
    moves: dict[str, tuple[list[str], list[str]]] = {}
    for column, side in (("lost", 0), ("gained", 1)):
        value = getattr(row, column)
        for pair in ("" if pd.isna(value) else str(value)).split(", "):
            if "@" in pair:
                cluster, park = pair.rsplit("@", 1)
                moves.setdefault(cluster, ([], []))[side].append(park)
    return dict(sorted(moves.items()))


def _land(table: pd.DataFrame | None) -> pd.Series:
    """Land by (cluster_id, park_id) of an allocation (empty where there is none)."""
    if table is None or table.empty:
        return pd.Series(dtype=float)
    return table.groupby(["cluster_id", "park_id"])["land_km2"].sum()


def _score_words(loss: float | None, stake: float | None) -> str:
    if loss is None or pd.isna(loss):
        return _("no score")
    tiny = 1e-6 * max(1.0, abs(stake or 1.0))
    share = "—" if not stake else f"{abs(loss) / stake:.2%}"
    if loss > tiny:
        return _("loses %(points)s points, %(share)s of the score at stake") % {
            "points": f"{loss:.3f}",
            "share": share,
        }
    if loss < -tiny:
        return _(
            "scores %(points)s points more (%(share)s of the score at stake: the plan was within its gap)"
        ) % {"points": f"{-loss:.3f}", "share": share}
    return _("scores the same")


def _alternative(
    row: Any, explore: ExploreRecord, names: Names, stake: float | None
) -> Alternative:
    number = int(row.alternative)
    moves = _moved(row)
    loss = None if pd.isna(row.loss) else float(row.loss)
    heading = ngettext(
        "Alternative %(number)d: moves %(count)d industry; %(score)s",
        "Alternative %(number)d: moves %(count)d industries; %(score)s",
        len(moves),
    ) % {"number": number, "count": len(moves), "score": _score_words(loss, stake)}
    before, after = _land(explore.plan), _land(explore.allocations.get(number))

    def parks(cluster: str, listed: list[str], land: pd.Series) -> str:
        said = []
        for park in listed:
            km2 = land.get((cluster, park))
            figure = f" ({km2:.2f} km²)" if km2 is not None and km2 > LAND_EPSILON else ""
            said.append(names.of_park(park) + figure)
        return _(", ").join(said)

    sentences = []
    for cluster, (lost, gained) in moves.items():
        values = {
            "industry": names.of_industry(cluster),
            "from": parks(cluster, lost, before),
            "to": parks(cluster, gained, after),
        }
        if lost and gained:
            sentences.append(_("%(industry)s moves from %(from)s to %(to)s.") % values)
        elif gained:
            sentences.append(_("%(industry)s also gets land in %(to)s.") % values)
        else:
            sentences.append(_("%(industry)s leaves %(from)s.") % values)
    return Alternative(
        number,
        f"alternative-{number}",
        _("Alternative %(number)d") % {"number": number},
        heading,
        sentences,
        f"alternative_{number}.html" if number in explore.maps else None,
        f"alternative_{number}_allocation.csv" if number in explore.allocations else None,
    )


def _overview(explore: ExploreRecord, names: Names, stake: float | None) -> dict[str, Any]:
    """The alternatives' scores against the plan's as a chart, and what they say together."""
    if explore.alternatives.empty:
        return {"chart": None, "sentences": []}
    table = explore.alternatives.dropna(subset=["loss"])
    chart = change_chart(
        [
            (_("Alternative %(number)d") % {"number": int(r.alternative)}, -float(r.loss))
            for r in table.itertuples()
        ],
        _("points against the plan"),
    )
    sentences = []
    plan = explore.record.get("plan", {})
    worst = float(table["loss"].max())
    if stake:
        tolerance = max(float(plan.get("gap") or 0.0) * stake, NEAR_SHARE * stake)
        if worst <= tolerance:
            sentences.append(
                _(
                    "Every alternative scores within %(points)s points of the plan (%(share)s of the score at stake): they are near-equal plans, any of them as good as the plan. What they share holds; where they differ, the scores do not decide and other reasons may."
                )
                % {"points": f"{max(worst, 0.0):.3f}", "share": f"{max(worst, 0.0) / stake:.2%}"}
            )
    moved = [set(_moved(r)) for r in explore.alternatives.itertuples()]
    always = sorted(set.intersection(*moved)) if moved else []
    if always and len(moved) > 1:
        sentences.append(
            ngettext(
                "%(count)d industry moves in every alternative: %(list)s. Its parks are the plan's least settled choice.",
                "%(count)d industries move in every alternative: %(list)s. Their parks are the plan's least settled choices.",
                len(always),
            )
            % {"count": len(always), "list": _listed([names.of_industry(c) for c in always])}
        )
    return {"chart": chart, "sentences": sentences}


def _importance(explore: ExploreRecord, names: Names, stake: float | None) -> dict[str, Any] | None:
    """What the importance section shows: the replacement importance in sentences, its largest
    losses as a chart, and the sites kept only for the chain bonus (None: neither written)."""
    table = explore.importance
    bonus_only = _bonus_only(explore.sites, names) if explore.sites is not None else []
    if table is None and not bonus_only:
        return None
    sentences, chart = [], None
    if table is not None and not table.empty:
        gap = explore.record.get("plan", {}).get("gap", table["plan_gap"].max())
        noise = float(gap or 0.0) * stake if stake else None
        sentences = _importance_sentences(table, names, noise)
        shown = table[table["loss"] > 0].nlargest(TOP_LOSSES, "loss")
        chart = _losses_chart(shown, names) if len(shown) else None
    return {"sentences": sentences + bonus_only, "chart": chart, "map": table is not None}


def _importance_sentences(table: pd.DataFrame, names: Names, noise: float | None) -> list[str]:
    """The largest loss (the importance map's 1), the losses no larger than the plan's gap
    (``noise``, in points), the placements that cannot go."""
    losses = table.dropna(subset=["loss"]).sort_values("loss", ascending=False, kind="stable")
    said = []
    if len(losses):
        top = losses.iloc[0]
        said.append(
            _(
                "The largest drop is %(points)s points: %(placement)s. On the importance map each park is shaded by its drop as a share of that largest one, so 1 = %(points)s points and 0.5 = half of it (pick the industry on the map)."
            )
            % {
                "points": f"{max(float(top['loss']), 1e-9):.3f}",
                "placement": names.placement(top["cluster_id"], top["park_id"]),
            }
        )
    if noise:
        free = int((losses["loss"] <= noise).sum())
        said.append(
            ngettext(
                "A drop smaller than the plan's own gap (%(noise)s points) is within the solver's tolerance: %(count)d placement could go at no cost the solver can tell.",
                "A drop smaller than the plan's own gap (%(noise)s points) is within the solver's tolerance: %(count)d placements could go at no cost the solver can tell.",
                free,
            )
            % {"noise": f"{noise:.3f}", "count": free}
        )
    barred = [
        names.placement(r.cluster_id, r.park_id) for r in table[table["loss"].isna()].itertuples()
    ]
    if barred:
        said.append(
            ngettext(
                "%(count)d placement cannot go at all (barring it leaves no plan, as a lock does): %(list)s.",
                "%(count)d placements cannot go at all (barring them leaves no plan, as a lock does): %(list)s.",
                len(barred),
            )
            % {"count": len(barred), "list": _listed(barred)}
        )
    return said


def _bonus_only(sites: pd.DataFrame, names: Names) -> list[str]:
    """The sites that earn nothing by themselves, in a sentence (none: no sentence)."""
    kept = [
        names.placement(r.cluster_id, r.park_id)
        for r in sites[sites["bonus_only"].astype(bool)].itertuples()
    ]
    if not kept:
        return []
    return [
        ngettext(
            "%(count)d site earns nothing by itself and is kept only for the chain bonus it collects: %(list)s.",
            "%(count)d sites earn nothing by themselves and are kept only for the chain bonus they collect: %(list)s.",
            len(kept),
        )
        % {"count": len(kept), "list": _listed(kept)}
    ]


#: The bars of the replacement importance chart.
LOSS_COLOUR = "#c0392b"


def _losses_chart(losses: pd.DataFrame, names: Names) -> Markup:
    """A bar for each loss, labelled by the industry and the park's id (short enough to be
    shown whole), the park's names too on hover."""
    bars = []
    for r in losses.itertuples():
        label = f"{names.of_industry(r.cluster_id)} · {r.park_id}"
        title = _("%(placement)s: %(points)s points") % {
            "placement": names.placement(r.cluster_id, r.park_id),
            "points": f"{r.loss:.3f}",
        }
        bars.append(Bar(label, (Segment(float(r.loss), LOSS_COLOUR, title),)))
    legend = [(LOSS_COLOUR, _("the score lost if the industry were barred from the park"))]
    return bar_chart(bars, _("points lost"), legend, width=1100)
