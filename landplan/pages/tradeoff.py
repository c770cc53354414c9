"""tradeoff.html, and the workbench's Trade-offs page: a trade-off's record
(:func:`landplan.outputs.tradeoff.tradeoff_record`) in a planner's words: what was asked and how
far each point is certified, the front as a chart whose points open their plans' maps, what a
unit of one objective costs of the other between neighbouring points, and which industries
moved between them."""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

from landplan.i18n import N_, ngettext, spoken
from landplan.i18n import gettext as _
from landplan.inputs.tradeoff import KEPT_PREFIX
from landplan.maps.options import SCHEMATIC_NOTE
from landplan.pages.charts import Dot, front_chart
from landplan.pages.render import render_page
from landplan.solving.words import status_word
from landplan.tradeoff.objectives import named

#: How each method is said.
METHOD_WORDS = {
    "epsilon": N_(
        "ε-constraint: at each point %(first)s is maximised with %(others)s held at a level, the "
        "levels spread evenly between the ends (the best plan on each objective)"
    ),
    "weights": N_(
        "weight sweep: at each point a weighted sum of the objectives (each a share of its "
        "scale) is maximised; it finds only the front's convex hull"
    ),
    "hierarchical": N_(
        "lexicographic: each objective maximised in turn, the earlier ones held at their best "
        "less their tolerance"
    ),
    "reference": N_(
        "reference point: the plan nearest the values aimed at, in its worst objective (each a "
        "share of its scale), with the ends for context"
    ),
}
#: How many industry moves are listed between two neighbouring points.
MOVES_SHOWN = 8


class Objectives:
    """A record's objectives: their labels, units and number formats, in the language of the
    moment."""

    def __init__(self, record: dict[str, Any]) -> None:
        self.list = record["objectives"]
        self.by_key = {o["key"]: o for o in self.list}

    def label(self, key: str) -> str:
        o = self.by_key[key]
        return _(o["label"]) % o.get("label_values", {})

    def unit(self, key: str) -> str:
        return _(self.by_key[key]["unit"])

    def value(self, key: str, value: float | None) -> str:
        if value is None:
            return "—"
        return f"{value:,.{self.by_key[key]['decimals']}f}"

    def with_unit(self, key: str, value: float | None) -> str:
        return f"{self.value(key, value)} {self.unit(key)}"

    def axis(self, key: str) -> str:
        better = _("more is better") if self.by_key[key]["sense"] > 0 else _("less is better")
        return f"{self.label(key)}, {self.unit(key)} ({better})"


def render_tradeoff(record: dict[str, Any]) -> str:
    """The standalone page (``tradeoff.html``), in the language of the moment."""
    return render_page("tradeoff.html.j2", **tradeoff_context(record))


def tradeoff_context(record: dict[str, Any], link: str = "") -> dict[str, Any]:
    """What ``tradeoff_body.html.j2`` shows; ``link`` goes before each point's file name (the
    workbench's path to the folder's files)."""
    objectives = Objectives(record)
    keys = [o["key"] for o in objectives.list]
    points = {p["number"]: p for p in record["points"]}
    front = [points[n] for n in record["front"]]
    names = record.get("names", {"clusters": {}, "parks": {}})
    return {
        "scenario": record["scenario"],
        "title_objectives": " · ".join(objectives.label(k) for k in keys),
        "summary": _summary(record, objectives, front),
        "chart": _chart(record, objectives, link) if front else None,
        "objectives": [
            {
                "label": objectives.label(o["key"]),
                "key": o["key"],
                "unit": objectives.unit(o["key"]),
                "meaning": _(o["meaning"]),
                "scale": objectives.with_unit(o["key"], o["scale"]),
                "resolution": objectives.with_unit(o["key"], o["resolution"]),
            }
            for o in objectives.list
        ],
        "headers": [objectives.label(k) for k in keys],
        "front": [_row(p, keys, objectives, record, link) for p in front],
        "others": [
            _row(p, keys, objectives, record, link) for p in record["points"] if not p["on_front"]
        ],
        "edges": bool(record.get("layout_edge_km")),
        "rates": _rates(record, objectives),
        "moves": _moves(record, names),
        "link": link,
        "schematic_note": _(SCHEMATIC_NOTE),
    }


def _summary(record: dict[str, Any], objectives: Objectives, front: list[dict]) -> list[str]:
    keys = [o["key"] for o in objectives.list]
    first, others = objectives.label(keys[0]), [objectives.label(k) for k in keys[1:]]
    said = [
        _("How: %(method)s.")
        % {
            "method": _(METHOD_WORDS[record["method"]])
            % {"first": first, "others": " · ".join(others)}
        }
    ]
    solved, certified = record["solved"], record["certified"]
    said.append(
        ngettext(
            "%(solved)s point solved in %(seconds)s s; %(certified)s certified within %(gap)s of "
            "the scale of the objective it maximises (no plan under its bounds is better by more).",
            "%(solved)s points solved in %(seconds)s s; %(certified)s certified within %(gap)s of "
            "the scale of the objective each maximises (no plan under its bounds is better by "
            "more).",
            solved,
        )
        % {
            "solved": solved,
            "seconds": f"{record['wall_s']:.1f}",
            "certified": certified,
            "gap": f"{100 * record['gap']:g} %",
        }
    )
    if record.get("layout_edge_km"):
        said.append(
            _(
                "Each point on the front was laid out on parcels and its layout's exposed edge "
                "measured (km): the layout is solved after the plan, park by park, so its edge "
                "is measured beside the front, not traded within it."
            )
        )
    removed = [p for p in record["points"] if p["dominated_by"] is not None]
    if removed:
        said.append(
            ngettext(
                "%(count)s point is not on the front: another is as good on every objective and "
                "better on one, or is the same plan (listed below the front).",
                "%(count)s points are not on the front: for each, another is as good on every "
                "objective and better on one, or is the same plan (listed below the front).",
                len(removed),
            )
            % {"count": len(removed)}
        )
    failed = [p for p in record["points"] if not p["files"]]
    if failed:
        said.append(
            ngettext(
                "%(count)s point has no plan: no plan meets its bounds.",
                "%(count)s points have no plan: no plan meets their bounds.",
                len(failed),
            )
            % {"count": len(failed)}
        )
    if len(front) == 1 and record["method"] in ("epsilon", "weights"):
        values = ", ".join(
            f"{objectives.label(k)} {objectives.with_unit(k, front[0]['values'][k])}" for k in keys
        )
        said.append(
            _(
                "No trade-off: one plan is best on every objective at once (%(values)s), as far "
                "as the certificates tell; improving one objective costs nothing of the others."
            )
            % {"values": values}
        )
    elif record["knee"] is not None:
        knee = next(p for p in front if p["number"] == record["knee"])
        values = ", ".join(objectives.with_unit(k, knee["values"][k]) for k in keys)
        said.append(
            _(
                "The knee is point %(point)s (%(values)s): from there on, a unit more of one "
                "objective costs most of the others."
            )
            % {"point": record["knee"], "values": values}
        )
    return said


def _chart(record: dict[str, Any], objectives: Objectives, link: str) -> Markup:
    keys = [o["key"] for o in objectives.list]
    x, y = keys[0], keys[1]
    third = keys[2] if len(keys) > 2 else None
    found = [p for p in record["points"] if p["files"]]
    shade = None
    if third is not None:
        values = [p["values"][third] for p in found]
        low, high = min(values), max(values)
        sense = objectives.by_key[third]["sense"]

        def shade(value: float) -> float:  # darker: better on the third objective
            return (
                1.0
                if high == low
                else (sense * (value - (low if sense > 0 else high))) / (high - low)
            )

    dots = []
    for p in found:
        title = (
            _("Point %(point)s") % {"point": p["number"]}
            + ": "
            + ", ".join(
                f"{objectives.label(k)} {objectives.with_unit(k, p['values'][k])}" for k in keys
            )
        )
        dots.append(
            Dot(
                x=p["values"][x],
                y=p["values"][y],
                label=str(p["number"]),
                title=title,
                href=f"{link}{p['files'][0]}",
                on_front=p["on_front"],
                marked=p["number"] == record["knee"],
                shade=None if shade is None else shade(p["values"][third]),
            )
        )
    return front_chart(
        dots, objectives.axis(x), objectives.axis(y), _("the knee"), joined=third is None
    )


def _row(
    point: dict[str, Any], keys: list[str], objectives: Objectives, record: dict, link: str
) -> dict[str, Any]:
    asked = [
        _("%(objective)s at least %(value)s")
        % {"objective": objectives.label(k), "value": objectives.with_unit(k, v)}
        if objectives.by_key[k]["sense"] > 0
        else _("%(objective)s at most %(value)s")
        % {"objective": objectives.label(k), "value": objectives.with_unit(k, v)}
        for k, v in point["bounds"].items()
    ]
    return {
        "number": point["number"],
        "knee": point["number"] == record["knee"],
        "values": [objectives.value(k, point["values"].get(k)) for k in keys],
        "maximised": objectives.label(point["maximised"]) if point["maximised"] else "",
        "asked": asked,
        "status": status_word(point["status"]),
        "gap": "—" if point["gap"] is None else f"{100 * point['gap']:.2f} %",
        "files": [f"{link}{name}" for name in point["files"]],
        "dominated_by": point["dominated_by"],
        "edge": _edge(record, point["number"]),
    }


def _edge(record: dict[str, Any], number: int) -> str:
    edge = (record.get("layout_edge_km") or {}).get(str(number))
    return "—" if edge is None else f"{edge:,.2f}"


def _rates(record: dict[str, Any], objectives: Objectives) -> list[dict[str, Any]]:
    if len(objectives.list) != 2:
        return []
    a, b = (o["key"] for o in objectives.list)
    rows = []
    for rate in record["rates"]:
        if rate["rate"] is None:
            words = _(
                "within the certificate: the gain is no larger than how closely each point is "
                "known (%(resolution)s); solve with a smaller gap to measure it"
            ) % {"resolution": objectives.with_unit(a, objectives.by_key[a]["resolution"])}
        else:
            words = _("%(rate)s %(unit_b)s of %(b)s per %(unit_a)s of %(a)s") % {
                "rate": f"{rate['rate']:.3g}",
                "unit_b": objectives.unit(b),
                "b": objectives.label(b),
                "unit_a": objectives.unit(a),
                "a": objectives.label(a),
            }
        rows.append(
            {
                "from": rate["from"],
                "to": rate["to"],
                "gain": objectives.with_unit(a, rate["gain"]),
                "cost": objectives.with_unit(b, rate["cost"]),
                "rate": words,
            }
        )
    return rows


def _moves(record: dict[str, Any], names: dict[str, Any]) -> list[dict[str, Any]]:
    index = 1 if spoken() == "zh" else 0  # Chinese names where the page is Chinese

    def name(kind: str, key: str) -> str:
        pair = names.get(kind, {}).get(key)
        return pair[index] or pair[0] if pair else key

    found = []
    for step in record["moves"]:
        lines = []
        for move in step["moves"][:MOVES_SHOWN]:
            change = move["to_km2"] - move["from_km2"]
            lines.append(
                _("%(industry)s in %(park)s: %(before)s → %(after)s km² (%(change)s)")
                % {
                    "industry": name("clusters", move["cluster_id"]),
                    "park": name("parks", move["park_id"]),
                    "before": f"{move['from_km2']:.2f}",
                    "after": f"{move['to_km2']:.2f}",
                    "change": f"{change:+.2f}",
                }
            )
        more = len(step["moves"]) - MOVES_SHOWN
        found.append({"from": step["from"], "to": step["to"], "lines": lines, "more": max(more, 0)})
    return found


def kept_point_words(plan: dict[str, Any] | None, kpis: dict[str, Any]) -> list[str]:
    """What a run that keeps a trade-off's point (its scenario's ``tradeoff.plan``, as run)
    asked, and where its plan stands on each objective named (``kpis``' ``tradeoff_<key>``)."""
    if not plan:
        return []

    def label(key: str) -> str:
        objective = named(key)
        return objective.title() if objective else key

    def amount(key: str, value: float | None) -> str:
        objective = named(key)
        if objective is None or value is None:
            return "—" if value is None else f"{value:g}"
        return f"{value:,.{objective.decimals}f} {_(objective.unit)}"

    def reached(key: str) -> str:
        return amount(key, kpis.get(f"{KEPT_PREFIX}{key}"))

    said = []
    if plan.get("maximise"):
        key = plan["maximise"]
        said.append(
            _("This plan is one point of a trade-off: it maximises %(objective)s (%(value)s).")
            % {"objective": label(key), "value": reached(key)}
        )
    for key, bound in (plan.get("bounds") or {}).items():
        objective = named(key)
        held = (
            _("%(objective)s held to at least %(bound)s (%(value)s in the plan).")
            if objective is None or objective.larger_is_better
            else _("%(objective)s held to at most %(bound)s (%(value)s in the plan).")
        )
        said.append(
            held % {"objective": label(key), "bound": amount(key, bound), "value": reached(key)}
        )
    for kind, words in (
        (
            "weights",
            N_(
                "This plan is one point of a trade-off: it maximises a weighted sum of the objectives, each a share of its scale (%(values)s)."
            ),
        ),
        (
            "reference",
            N_(
                "This plan is one point of a trade-off: the plan nearest a reference point, in its worst objective (%(values)s)."
            ),
        ),
    ):
        if plan.get(kind):
            values = "; ".join(
                _("%(objective)s: %(value)s, in the plan %(reached)s")
                % {"objective": label(k), "value": f"{v:g}", "reached": reached(k)}
                for k, v in plan[kind].items()
            )
            said.append(_(words) % {"values": values})
    return said
