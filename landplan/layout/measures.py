"""What a layout looks like, in figures a planner reads: the parcels with their industry and
block, and per park and industry the land planned and laid out, blocks, boundary and the edge
shared with chain partners (``layout.csv``)."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd

from landplan.layout.graph import ParcelGraph
from landplan.layout.plan import PlanLayout
from landplan.layout.problem import block_labels, evaluate
from landplan.solving.result import Status

#: The columns of layout.csv, in order.
LAYOUT_COLUMNS = [
    "park_id",
    "cluster_id",
    "planned_km2",
    "laid_out_km2",
    "parcels",
    "blocks",
    "exposed_boundary_km",
    "least_boundary_km",
    "perimeter_area_ratio",
    "partner_edge_km",
    "park_status",
    "park_gap",
    "park_stopped_by",
    "note",
]
#: Columns a layout.csv written before they were added may lack (read back empty).
LATER_COLUMNS = ("note",)


def blocks(owner: np.ndarray, graph: ParcelGraph) -> np.ndarray:
    """For each parcel, the number of its industry's block in the park (1, 2…, largest
    first), 0 where no industry is."""
    label = np.zeros(len(owner), dtype=int)
    for c in sorted(set(owner[owner >= 0].tolist())):
        mine = owner == c
        label[mine] = block_labels(mine, graph)[mine]
    return label


def parcel_table(layout: PlanLayout) -> gpd.GeoDataFrame:
    """Every parcel with ``cluster_id`` (empty where none) and ``block`` (0 where none)."""
    parcels = layout.parcels.copy()
    parcels["cluster_id"] = ""
    parcels["block"] = 0
    for problem, result in zip(layout.problems, layout.results, strict=True):
        rows = np.flatnonzero((parcels["park_id"] == problem.park_id).to_numpy())
        held = [result.industry(i) or "" for i in range(problem.graph.size)]
        parcels.iloc[rows, parcels.columns.get_loc("cluster_id")] = held
        parcels.iloc[rows, parcels.columns.get_loc("block")] = blocks(result.owner, problem.graph)
    return parcels


def summary_table(layout: PlanLayout) -> pd.DataFrame:
    """layout.csv: one row per park and industry (LAYOUT_COLUMNS); ``note`` says why an
    industry contiguity asks to be one block is not."""
    rows = []
    for problem, result in zip(layout.problems, layout.results, strict=True):
        value = evaluate(problem, result.owner)
        label = blocks(result.owner, problem.graph)
        for n, c in enumerate(problem.clusters):
            mine = result.owner == n
            area = float(problem.graph.area[mine].sum())
            partner = sum(v for (a, b), v in value.partner_edge.items() if c in (a, b))
            rows.append(
                {
                    "park_id": problem.park_id,
                    "cluster_id": c,
                    "planned_km2": sum(problem.land[c].values()),
                    "laid_out_km2": area,
                    "parcels": int(mine.sum()),
                    "blocks": int(label[mine].max(initial=0)),
                    "exposed_boundary_km": value.exposed[c],
                    "least_boundary_km": problem.least_boundary((c,)),
                    "perimeter_area_ratio": value.exposed[c] / area if area > 0 else None,
                    "partner_edge_km": partner,
                    "park_status": str(result.status),
                    "park_gap": result.gap,
                    "park_stopped_by": str(result.stopped_by),
                    "note": result.notes.get(c, ""),
                }
            )
    return pd.DataFrame(rows, columns=LAYOUT_COLUMNS)


def layout_kpis(layout: PlanLayout) -> dict:
    """The layout's headline figures for kpis.json."""
    gaps = [r.gap for r in layout.results]
    known = [g for g in gaps if g is not None]
    return {
        "parks": len(layout.results),
        "parks_proven_optimal": sum(r.status == Status.OPTIMAL for r in layout.results),
        "parks_without_layout": sum(not r.has_layout for r in layout.results),
        "worst_gap": max(known) if known else None,
        # on parcels of any shape the bound is a disc's boundary (see ParkLayoutProblem.
        # least_boundary), far looser than a grid's: the report says so beside the gap
        "irregular_parcels": any(p.graph.side_km is None for p in layout.problems),
        "runtime_s": sum(r.runtime_s for r in layout.results),
    }
