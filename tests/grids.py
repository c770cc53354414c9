"""Tiny parks on a grid of 1 km squares, laid out by hand."""

from __future__ import annotations

import itertools

import geopandas as gpd
import numpy as np
import shapely

from landplan.inputs.parcels import Grid
from landplan.layout.graph import ParcelGraph
from landplan.layout.problem import EMPTY, ParkLayoutProblem, evaluate


def grid_graph(rows: int, columns: int, tiers: dict[int, str] | None = None,
               unusable: set[int] = frozenset()) -> ParcelGraph:  # fmt: skip
    """A rows × columns grid of 1 km squares, numbered row by row from the top left; every cell
    in tier ``starting`` unless ``tiers`` says otherwise."""
    cells = [
        shapely.box(c * 1000.0, -(r + 1) * 1000.0, (c + 1) * 1000.0, -r * 1000.0)
        for r in range(rows)
        for c in range(columns)
    ]
    n = len(cells)
    frame = gpd.GeoDataFrame(
        {
            "parcel_id": [f"P{i}" for i in range(n)],
            "tier": [(tiers or {}).get(i, "starting") for i in range(n)],
            "area_km2": [1.0] * n,
            "developable": [i not in unusable for i in range(n)],
        },
        geometry=cells,
        crs="EPSG:4547",
    )
    return ParcelGraph.of(frame, Grid(1.0, "square"))


def problem(graph: ParcelGraph, land: dict[str, dict[str, float]], links=(), **kwargs):
    return ParkLayoutProblem("T", graph, tuple(sorted(land)), land, tuple(links), **kwargs)


def all_layouts(problem: ParkLayoutProblem):
    """Every layout of a tiny problem whose industries each need whole cells of one tier
    (brute force, for checking optima and cuts)."""
    graph = problem.graph
    needs = [
        (n, problem.cells_needed(c, t), np.flatnonzero((graph.tier == t) & graph.usable))
        for n, c in enumerate(problem.clusters)
        for t in problem.land[c]
    ]

    def place(k: int, owner: np.ndarray):
        if k == len(needs):
            yield owner.copy()
            return
        n, count, cells = needs[k]
        free = [i for i in cells if owner[i] == EMPTY]
        for chosen in itertools.combinations(free, count):
            owner[list(chosen)] = n
            yield from place(k + 1, owner)
            owner[list(chosen)] = EMPTY

    yield from place(0, np.full(graph.size, EMPTY))


def best_value(problem: ParkLayoutProblem) -> float:
    return min(evaluate(problem, owner).objective for owner in all_layouts(problem))


def row_values(model, values: np.ndarray, family: str) -> dict:
    """For each row of ``family``: how far ``values`` (aligned with the model's arrays) break it
    (0 where they keep it)."""
    from landplan.solving.matrix import MatrixForm

    form = MatrixForm.from_model(model)
    activity = form.row_activity(values)
    found = {}
    for key, row in model.rows[family].items():
        i = form.rows_of[row.name]
        found[key] = max(0.0, form.row_lower[i] - activity[i], activity[i] - form.row_upper[i])
    return found


def broken(model, owner: np.ndarray, family: str) -> set:
    """The rows of ``family`` that the layout ``owner`` (as the model writes it) breaks."""
    from landplan.solving.matrix import MatrixForm

    names = MatrixForm.from_model(model).names
    return {
        key
        for key, gap in row_values(model, model.start(owner, names), family).items()
        if gap > 1e-9
    }
