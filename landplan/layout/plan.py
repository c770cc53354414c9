"""Lay out a whole plan: one layout problem a park, checked, solved in parallel, gathered.

Once the park-level plan is fixed, parks are independent: each is solved on its own (the same
local and Dask executors as sweeps, :mod:`landplan.parallel`), and the results are gathered in
park order, so the outcome never depends on which worker finished first.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

import geopandas as gpd
import pandas as pd

from landplan.errors import InputError
from landplan.inputs.parcels import cell_side_m, grid_parcels, read_parcels
from landplan.inputs.scenario import Scenario
from landplan.layout.graph import ParcelGraph
from landplan.layout.problem import ParkLayoutProblem
from landplan.layout.solve import ParkLayout, solve_layout
from landplan.optimisation.evaluate import LAND_EPSILON
from landplan.optimisation.options import SolverOptions
from landplan.parallel import map_tasks


@dataclass(frozen=True)
class LayoutSpec:
    """How to lay a plan out: the weights, contiguity, the search's solver options, and the grid
    the parcels form (``cell_side_km`` and ``cell_shape``; None for a planner's own parcels)."""

    boundary_weight: float
    partner_weight: float
    contiguity: bool
    options: SolverOptions
    cell_side_km: float | None = None
    cell_shape: str | None = None


@dataclass(frozen=True, eq=False)
class PlanLayout:
    """A plan laid out: the parcels (a metric CRS), each park's problem and its result, in
    park order."""

    parcels: gpd.GeoDataFrame
    problems: tuple[ParkLayoutProblem, ...]
    results: tuple[ParkLayout, ...]


class LayoutError(InputError):
    """The parcels cannot hold the plan (said before anything is solved)."""


#: Places where the parcels cannot hold the plan, said at most (the rest counted).
SHOWN = 5
#: What a parcel layer's geometry is, as its ``geometry_status`` column and the map say it.
GRID_STATUS = "schematic grid"


def layout_setup(
    scenario: Scenario, tiers: gpd.GeoDataFrame
) -> tuple[gpd.GeoDataFrame, LayoutSpec]:
    """The parcels ``scenario``'s layout section asks for (its ``parcels`` file, checked
    against ``tiers``, or a grid; in AREA_CRS, with ``geometry_status``) and how to lay them
    out (its weights, contiguity and search; the scenario's solver searches)."""
    settings = scenario.layout
    spec = LayoutSpec(
        boundary_weight=settings.boundary_weight,
        partner_weight=settings.partner_weight,
        contiguity=settings.contiguity,
        options=SolverOptions(
            solver=scenario.solver.name,
            gap_rel=settings.gap,
            node_limit=settings.node_limit,
            time_limit=settings.time_limit,
        ),
    )
    if settings.parcels is not None:
        path = scenario.relative(settings.parcels)
        parcels = read_parcels(path, tiers)
        parcels["geometry_status"] = f"planner's parcels ({path.name})"
        return parcels, spec
    parcels = grid_parcels(tiers, settings.cell_ha, settings.cell_shape)
    parcels["geometry_status"] = GRID_STATUS
    side = cell_side_m(settings.cell_ha, settings.cell_shape) / 1000.0
    return parcels, replace(spec, cell_side_km=side, cell_shape=settings.cell_shape)


def park_problems(
    parcels: gpd.GeoDataFrame, allocation: pd.DataFrame, links: pd.DataFrame, spec: LayoutSpec
) -> list[ParkLayoutProblem]:
    """One layout problem per park with land in ``allocation`` (``cluster_id``, ``park_id``,
    ``tier``, ``land_km2``), in park order; ``links``: ``cluster_a``, ``cluster_b``,
    ``strength``; ``parcels`` in a metric CRS."""
    planned = allocation[allocation["land_km2"] > LAND_EPSILON]
    problems = []
    for park_id, rows in planned.groupby("park_id", sort=True):
        land: dict[str, dict[str, float]] = {}
        for row in rows.itertuples():
            land.setdefault(row.cluster_id, {})[row.tier] = (
                land.get(row.cluster_id, {}).get(row.tier, 0.0) + row.land_km2
            )
        clusters = tuple(sorted(land))
        park_links = tuple(
            (a, b, float(s))
            for a, b, s in zip(
                links["cluster_a"], links["cluster_b"], links["strength"], strict=True
            )
            if a in land and b in land and a != b
        )
        own = parcels[parcels["park_id"] == park_id].reset_index(drop=True)
        graph = ParcelGraph.of(own, spec.cell_side_km, spec.cell_shape)  # type: ignore[arg-type]
        problems.append(
            ParkLayoutProblem(
                str(park_id),
                graph,
                clusters,
                land,
                park_links,
                spec.boundary_weight,
                spec.partner_weight,
                spec.contiguity,
            )
        )
    return problems


def shortfalls(problems: list[ParkLayoutProblem]) -> list[str]:
    """Where a park's parcels cannot hold its plan, in planners' words (empty if they can)."""
    found = []
    for problem in problems:
        graph = problem.graph
        for c in problem.clusters:  # land rounded away altogether: the parcels are too coarse
            planned = sum(problem.land[c].values())
            if planned > 0 and not any(problem.band(c, t)[0] > 0 for t in problem.land[c]):
                largest = float(graph.area[graph.usable].max(initial=0.0))
                biggest = max(problem.land[c].values())  # a parcel at most twice this fits
                found.append(
                    f"park {problem.park_id}: {c}'s {planned:.2f} km² is under half a parcel "
                    f"({largest:.2f} km²) in every tier and would get none; use parcels of at "
                    f"most {200 * biggest:.0f} ha"
                )
        for tier in sorted({t for land in problem.land.values() for t in land}):
            usable = graph.usable & (graph.tier == tier)
            users = [c for c in problem.clusters if tier in problem.land[c]]
            needed = sum(problem.band(c, tier)[0] for c in users)
            where = f"park {problem.park_id}, {tier} area"
            if not usable.any():
                found.append(f"{where}: no developable parcel for the plan's land there")
            elif graph.side_km is not None:  # whole cells: count them
                cells = sum(problem.cells_needed(c, tier) for c in users)
                if cells > usable.sum():
                    found.append(
                        f"{where}: the plan needs {cells} parcels ({needed:.2f} km² or more) "
                        f"but it has {int(usable.sum())} developable ones; use smaller cells "
                        "or check the tier's geometry"
                    )
            elif needed > graph.area[usable].sum() + 1e-9:
                found.append(
                    f"{where}: the plan needs at least {needed:.2f} km² but its developable "
                    f"parcels hold {graph.area[usable].sum():.2f} km²"
                )
    return found


def lay_out(
    parcels: gpd.GeoDataFrame,
    allocation: pd.DataFrame,
    links: pd.DataFrame,
    spec: LayoutSpec,
    *,
    executor: str = "local",
    workers: int = 1,
    scheduler: str | None = None,
    progress: Callable[[ParkLayout], None] | None = None,
) -> PlanLayout:
    """Lay every park of the plan out (see the module's docstring); raises LayoutError, before
    solving anything, where the parcels cannot hold the plan."""
    problems = park_problems(parcels, allocation, links, spec)
    short = shortfalls(problems)
    if short:
        more = f"; and {len(short) - SHOWN} more" if len(short) > SHOWN else ""
        raise LayoutError(
            "layout", "the parcels cannot hold the plan: " + "; ".join(short[:SHOWN]) + more
        )
    done = []
    tasks = [(problem, spec.options) for problem in problems]
    for result in map_tasks(solve_layout, tasks, executor, workers, scheduler):
        done.append(result)
        if progress is not None:
            progress(result)
    done.sort(key=lambda r: r.park_id)
    return PlanLayout(parcels, tuple(problems), tuple(done))
