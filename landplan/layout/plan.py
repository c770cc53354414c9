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
from landplan.inputs.parcels import Parcels
from landplan.inputs.scenario import LayoutSettings
from landplan.layout.graph import ParcelGraph
from landplan.layout.problem import ParkLayoutProblem
from landplan.layout.solve import ParkLayout, solve_layout
from landplan.optimisation.evaluate import LAND_EPSILON
from landplan.parallel import Executor
from landplan.solving.options import SolverOptions


@dataclass(frozen=True, eq=False)
class PlanLayout:
    """A plan laid out: the parcels (a metric CRS), each park's problem and its result, in
    park order."""

    parcels: gpd.GeoDataFrame
    problems: tuple[ParkLayoutProblem, ...]
    results: tuple[ParkLayout, ...]


#: What a layout tells as it goes: (words, parks done, parks).
Progress = Callable[[str, int, int], None]


class LayoutError(InputError):
    """The parcels cannot hold the plan (said before anything is solved)."""


#: Places where the parcels cannot hold the plan, said at most (the rest counted).
SHOWN = 5


def park_problems(
    parcels: Parcels, allocation: pd.DataFrame, links: pd.DataFrame, settings: LayoutSettings
) -> list[ParkLayoutProblem]:
    """One layout problem per park with land in ``allocation`` (``cluster_id``, ``park_id``,
    ``tier``, ``land_km2``), in park order, with the weights and contiguity of ``settings``;
    ``links``: ``cluster_a``, ``cluster_b``, ``strength``."""
    planned = allocation[allocation["land_km2"] > LAND_EPSILON]
    frame = parcels.frame
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
        own = frame[frame["park_id"] == park_id].reset_index(drop=True)
        problems.append(
            ParkLayoutProblem(
                str(park_id),
                ParcelGraph.of(own, parcels.grid),
                clusters,
                land,
                park_links,
                settings.boundary_weight,
                settings.partner_weight,
                settings.contiguity,
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
    parcels: Parcels,
    allocation: pd.DataFrame,
    links: pd.DataFrame,
    settings: LayoutSettings,
    solver: SolverOptions,
    *,
    executor: Executor = Executor(),
    progress: Progress | None = None,
) -> PlanLayout:
    """Lay every park of the plan out (see the module's docstring), searching with ``solver``
    as ``settings`` limit it. Raises LayoutError, before solving anything, where the parcels
    cannot hold the plan, or where a park has more parcels than ``settings.max_parcels`` (its
    layout would take long: the message says how to go on). ``progress`` hears the size of the
    work before it starts, then each park as it is done (:func:`park_words`): ``(words, parks
    done, parks)``."""
    problems = park_problems(parcels, allocation, links, settings)
    short = shortfalls(problems)
    if short:
        more = f"; and {len(short) - SHOWN} more" if len(short) > SHOWN else ""
        raise LayoutError(
            "layout", "the parcels cannot hold the plan: " + "; ".join(short[:SHOWN]) + more
        )
    _refuse_the_unreasonable(problems, settings.max_parcels)
    if progress is not None:
        parcels_in = sum(p.graph.size for p in problems)
        decisions = sum(len(p.candidates(c)) for p in problems for c in p.clusters)
        size = f"{len(problems)} parks, {parcels_in:,} parcels, {decisions:,} decisions"
        progress(size, 0, len(problems))
    search = settings.search_options(solver)
    by_park = {problem.park_id: problem for problem in problems}
    done: list[ParkLayout] = []
    for result in executor.map(solve_layout, [(problem, search) for problem in problems]):
        done.append(result)
        if progress is not None:
            progress(park_words(by_park[result.park_id], result), len(done), len(problems))
    done.sort(key=lambda r: r.park_id)
    # an industry the search left in blocks is one the park's problem no longer asks as one
    problems = [replace(p, loose=r.loose) for p, r in zip(problems, done, strict=True)]
    return PlanLayout(parcels.frame, tuple(problems), tuple(done))


def park_words(problem: ParkLayoutProblem, result: ParkLayout) -> str:
    """A park just laid out, as progress tells it: its status, its gap against the proven bound
    (the gap is said at every size of parcels, so a planner sees what finer cells cost), its
    parcels and the time it took, and any industry contiguity asks to be one block that is not,
    and why."""
    gap = "no gap" if result.gap is None else f"gap {100 * result.gap:.1f} % to the proven bound"
    if result.gap and problem.graph.side_km is None:
        gap += " (a loose bound on parcels of their own shapes: see the report)"
    notes = "".join(f"; {note}" for note in result.notes.values())
    return (
        f"{result.park_id}: {result.status}, {gap} ({problem.graph.size:,} parcels, "
        f"{result.runtime_s:.1f} s){notes}"
    )


def _refuse_the_unreasonable(problems: list[ParkLayoutProblem], most: int) -> None:
    """A park of more parcels than ``most``: its layout would take long (the heuristic's time
    grows with its parcels), so it is refused in words unless asked for."""
    large = [(p.graph.size, p.park_id) for p in problems if p.graph.size > most]
    if large:
        size, park = max(large)
        raise LayoutError(
            "layout",
            f"park {park} has {size:,} parcels ({len(large)} park(s) above {most:,}): laying it "
            "out would take long; use larger cells (--cell-ha) or fewer parcels, or raise "
            "layout.max_parcels (--max-parcels) to lay it out anyway",
        )
