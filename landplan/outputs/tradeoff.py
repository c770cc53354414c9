"""A trade-off's folder (``out/<scenario>-tradeoff/``), written atomically:

- ``front.csv``: the front, one row per point on it (from the first objective's worst to its
  best), its values, the knee, and the rate of exchange to the next point;
- ``points.csv``: every point solved, with what it asked, how its solve ended, and the point
  that dominates or repeats it where it is not on the front;
- ``point_<k>_allocation.csv`` and ``point_<k>.html``: each point's plan and its map;
- ``tradeoff.json``: all of the above as one record (what the page is drawn from);
- ``tradeoff.html``: the page: the front as a chart whose points open their maps, the rates,
  what moved between neighbouring points, and what each objective is.
"""

from __future__ import annotations

import json
from dataclasses import replace
from importlib.metadata import version
from pathlib import Path
from typing import Any

import pandas as pd

from landplan.assembly import Inputs
from landplan.atomic import write_folder_atomically
from landplan.errors import InputError
from landplan.i18n import speaking
from landplan.maps.common import save_map
from landplan.maps.options import MapOptions
from landplan.outputs.contract import tradeoff_folder
from landplan.outputs.runfolder import allocation_csv_table, plan_map
from landplan.pages.tradeoff import render_tradeoff
from landplan.runs import Run
from landplan.tradeoff.front import Front, Point, moves

TRADEOFF_JSON, FRONT_CSV, POINTS_CSV, TRADEOFF_HTML = (
    "tradeoff.json",
    "front.csv",
    "points.csv",
    "tradeoff.html",
)
#: What a trade-off's folder holds (names or patterns): anything else there is the planner's.
TRADEOFF_FILES = (
    TRADEOFF_JSON,
    FRONT_CSV,
    POINTS_CSV,
    TRADEOFF_HTML,
    "point_*_allocation.csv",
    "point_*.html",
)


def point_map(number: int) -> str:
    """The file of point ``number``'s map."""
    return f"point_{number}.html"


def point_allocation(number: int) -> str:
    """The file of point ``number``'s allocation."""
    return f"point_{number}_allocation.csv"


def tradeoff_record(
    front: Front, inputs: Inputs, wall_s: float, layout_edges: dict[int, float] | None = None
) -> dict[str, Any]:
    """The trade-off as plain data (``tradeoff.json``); ``layout_edges``: the exposed edge (km)
    of each front point's layout, where they were laid out."""
    problem = front.problem
    kept = front.kept
    return {
        "landplan": version("landplan"),
        "scenario": inputs.scenario.name,
        "method": front.method,
        "gap": front.options.gap,
        "solver": front.options.name,
        "objectives": [
            {
                "key": o.key,
                "label": o.label,
                "label_values": dict(o.label_values),
                "unit": o.unit,
                "meaning": o.meaning,
                "sense": o.sense,
                "scale": o.scale(problem),
                "resolution": front.resolution(o),
                "decimals": o.decimals,
            }
            for o in front.objectives
        ],
        "points": [_point(p, front) for p in front.points],
        "front": [p.number for p in kept],
        "knee": front.knee,
        "rates": front.rates(),
        "moves": [
            {"from": one.number, "to": two.number, "moves": _moves(one, two)}
            for one, two in zip(kept, kept[1:], strict=False)
        ],
        "layout_edge_km": {str(k): round(v, 4) for k, v in (layout_edges or {}).items()},
        "solved": len(front.points),
        "certified": front.certified,
        "solve_s": round(front.runtime_s, 2),
        "wall_s": round(wall_s, 2),
        "names": {
            "clusters": problem.clusters[["name_en", "name_zh"]].T.to_dict("list"),
            "parks": problem.parks[["name_en", "name_zh"]].T.to_dict("list"),
        },
    }


def _point(point: Point, front: Front) -> dict[str, Any]:
    result = point.solution.result
    return {
        "number": point.number,
        "role": point.role,
        **point.asked(),
        "values": point.values,
        "status": str(point.solution.status),
        "gap": result.gap,
        "runtime_s": round(result.runtime_s, 3),
        "on_front": point.found and point.number not in front.dominated_by,
        "dominated_by": front.dominated_by.get(point.number),
        "files": [point_map(point.number), point_allocation(point.number)] if point.found else [],
    }


def _moves(one: Point, two: Point) -> list[dict[str, Any]]:
    table = moves(one, two)
    return [
        {
            "cluster_id": row.cluster_id,
            "park_id": row.park_id,
            "from_km2": round(float(row.land_from), 4),
            "to_km2": round(float(row.land_to), 4),
        }
        for row in table.itertuples()
    ]


def front_table(record: dict[str, Any]) -> pd.DataFrame:
    """``front.csv``: the front's points in order, their values, the knee and the rate of
    exchange to the next point (two objectives)."""
    points = {p["number"]: p for p in record["points"]}
    keys = [o["key"] for o in record["objectives"]]
    rates = {r["from"]: r for r in record["rates"]}
    rows = []
    for number in record["front"]:
        point = points[number]
        rate = rates.get(number, {})
        rows.append(
            {
                "point": number,
                **{key: point["values"][key] for key in keys},
                "knee": number == record["knee"],
                **(
                    {"layout_edge_km": record["layout_edge_km"].get(str(number))}
                    if record.get("layout_edge_km")
                    else {}
                ),
                "next_point": rate.get("to"),
                "gain_to_next": rate.get("gain"),
                "cost_to_next": rate.get("cost"),
                "rate_to_next": rate.get("rate"),
                "maximised": point["maximised"] or "",
                "status": point["status"],
                "gap": point["gap"],
                "map": point_map(number),
            }
        )
    return pd.DataFrame(rows)


def points_table(record: dict[str, Any]) -> pd.DataFrame:
    """``points.csv``: every point solved (no times: the same trade-off, the same bytes; times
    are in ``tradeoff.json``)."""
    keys = [o["key"] for o in record["objectives"]]
    rows = []
    for point in record["points"]:
        rows.append(
            {
                "point": point["number"],
                "role": point["role"],
                "maximised": point["maximised"] or "",
                **{f"bound_{k}": point["bounds"].get(k) for k in keys},
                **{f"weight_{k}": point["weights"].get(k) for k in keys},
                **{f"reference_{k}": point["reference"].get(k) for k in keys},
                **{key: point["values"].get(key) for key in keys},
                "status": point["status"],
                "gap": point["gap"],
                "on_front": point["on_front"],
                "dominated_by": point["dominated_by"],
            }
        )
    table = pd.DataFrame(rows)
    return table.dropna(axis=1, how="all")


def write_tradeoff(
    front: Front,
    inputs: Inputs,
    out: str | Path,
    wall_s: float,
    options: MapOptions | None = None,
    layout_edges: dict[int, float] | None = None,
) -> Path:
    """Write ``out/<scenario>-tradeoff/`` (see the module docstring), atomically; maps with
    ``options``, the page in their language."""
    options = options or MapOptions()
    folder = tradeoff_folder(out, inputs.scenario.name)
    record = tradeoff_record(front, inputs, wall_s, layout_edges)

    def write(tmp: Path) -> None:
        for point in front.points:
            if not point.found:
                continue
            run = Run(inputs, point.solution)
            allocation_csv_table(run).to_csv(
                tmp / point_allocation(point.number), index=False, float_format="%.6g"
            )
            title = f"{inputs.scenario.name} · {options.word('point')} {point.number}"
            named = replace(inputs, scenario=inputs.scenario.model_copy(update={"name": title}))
            save_map(plan_map(Run(named, point.solution), options), tmp / point_map(point.number))
        front_table(record).to_csv(tmp / FRONT_CSV, index=False, float_format="%.6g")
        points_table(record).to_csv(tmp / POINTS_CSV, index=False, float_format="%.6g")
        text = json.dumps(record, indent=2, ensure_ascii=False) + "\n"
        (tmp / TRADEOFF_JSON).write_text(text, encoding="utf-8")
        with speaking(options.lang):  # the page's words in the maps' language (both: English)
            page = render_tradeoff(record)
        (tmp / TRADEOFF_HTML).write_text(page, encoding="utf-8")

    write_folder_atomically(folder, write, TRADEOFF_FILES)
    return folder


def read_tradeoff(folder: str | Path) -> dict[str, Any]:
    """A trade-off folder's record (``tradeoff.json``), checked to be one."""
    path = Path(folder) / TRADEOFF_JSON
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(folder, f"not a trade-off folder: no {TRADEOFF_JSON}") from None
    except (OSError, ValueError) as exc:
        raise InputError(path, f"cannot be read as a trade-off record: {exc}") from None
    if not isinstance(record, dict) or not {"objectives", "points", "front"} <= set(record):
        raise InputError(path, "not a trade-off record (objectives, points, front)")
    return record
