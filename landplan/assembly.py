"""Turn a scenario into its inputs: the layers, the catalogue with the scenario's demand, the
suitability scores, the :class:`~landplan.optimisation.problem.Problem` with the scenario's rules
and, when the scenario lays its plan out, the parcels.

Names in a scenario (clusters, parks, districts) may be ids or English or Chinese names; an
unknown name is an error naming the scenario file, the line and the field, with a suggestion.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import pandas as pd

from landplan.errors import InputError, said_as_question, suggestions
from landplan.inputs.catalog import Catalog, load_catalog
from landplan.inputs.existing_base import load_existing_base
from landplan.inputs.layers import load_districts, load_infrastructure, load_parks, tier_order
from landplan.inputs.pack import OPTIONAL_FILES, Pack, PackFiles
from landplan.inputs.parcels import Parcels, grid_parcels, read_parcels
from landplan.inputs.scenario import Scenario
from landplan.inputs.suitability import Suitability, criterion_source, score_suitability
from landplan.inputs.tables import read_csv
from landplan.inputs.tradeoff import kept_point, objectives_asked
from landplan.inputs.weights import ahp_weights
from landplan.optimisation.checks import check_problem
from landplan.optimisation.problem import Problem
from landplan.tradeoff.point import point_problem
from landplan.vocabulary import demand_column

#: The data keys of a scenario, each a file of its plan pack unless the scenario names another
#: (the optional ones only where the pack or the scenario has one).
DATA_KEYS = tuple(k for k in PackFiles.model_fields if k not in OPTIONAL_FILES)


@dataclass(frozen=True)
class Inputs:
    """Everything one scenario plans with (``parcels`` only where it lays its plan out,
    ``evidence`` of the existing base only where its plan pack or scenario has some)."""

    scenario: Scenario
    pack: Pack
    parks: gpd.GeoDataFrame
    districts: gpd.GeoDataFrame
    infrastructure: gpd.GeoDataFrame
    catalog: Catalog
    suitability: Suitability
    problem: Problem
    files: dict[str, Path]
    parcels: Parcels | None = None
    evidence: pd.DataFrame | None = None


def problem_from_layers(
    parks: gpd.GeoDataFrame,
    catalog: Catalog,
    suitability: Suitability,
    scenario: Scenario | None = None,
    names: Names | None = None,
) -> Problem:
    """A problem from the park-tier layer, the catalogue and the suitability scores, with the
    parts ``scenario`` asks for (its names read by ``names``), or the default objective and
    families: suitability, chain bonus and presence cost; capacity, demand (penalised
    shortfall), presence, focus (5 clusters per park), concentration (4 parks per cluster) and
    chain co-location."""
    units = parks[["park_id", "tier", "release_by", "industrial_land_km2"]].rename(
        columns={"industrial_land_km2": "capacity_km2"}
    )
    park_table = parks.groupby("park_id")[["name_en", "name_zh", "district"]].first()
    endorsement = suitability.values["endorsement"].unstack("park_id")
    horizons = catalog.horizons if scenario is None else scenario.planned_horizons(catalog.horizons)
    columns = ["name_en", "name_zh", "min_footprint_km2", *map(demand_column, catalog.horizons)]
    return Problem.from_tables(
        clusters=catalog.clusters[columns],
        units=units,
        parks=park_table,
        suitability=suitability.scores,
        endorsed=endorsement > 0,
        links=catalog.links[["cluster_a", "cluster_b", "strength"]],
        horizons=horizons,
        tiers=tier_order(parks),
        settings=scenario.part_settings() if scenario else None,
        names=names,
    )


def assemble(scenario: Scenario) -> Inputs:
    """Read the scenario's data and build its suitability and problem, and its parcels if it
    lays its plan out (so that a bad parcel layer is said before anything is solved). Rules that
    contradict each other (a lock on an excluded park…) are an InputError naming the scenario
    file."""
    pack = scenario.plan_pack()
    files = {key: scenario.data_file(key) or pack.file(key) for key in DATA_KEYS}
    for key in OPTIONAL_FILES:
        optional = scenario.data_file(key) or pack.optional_file(key)
        if optional is not None:
            files[key] = optional
    parks = load_parks(files["parks"], pack)
    catalog = load_catalog(files["clusters"], files["chain_links"], pack)
    scenario.planned_horizons(
        pack.horizons
    )  # horizons the pack does not have are said before any work
    names = Names(scenario, catalog, parks, pack)
    catalog = _with_demand(scenario, catalog, names)
    infrastructure = load_infrastructure(files["infrastructure"], pack)
    own = scenario.data_file("existing_base") is not None
    evidence = (
        load_existing_base(files["existing_base"], set(parks["park_id"]), catalog.ids, own)
        if "existing_base" in files
        else None
    )
    if evidence is None:
        files.pop("existing_base", None)  # not a file this run planned with
    suitability = _suitability(scenario, parks, catalog, infrastructure, evidence, pack)
    problem = problem_from_layers(parks, catalog, suitability, scenario, names)
    contradictions = [d for d in check_problem(problem) if d.kind == "contradiction"]
    if contradictions:
        raise InputError(
            scenario.source or scenario.name,
            "the rules contradict each other: " + "; ".join(d.message for d in contradictions),
        )
    objectives_asked(scenario, problem)  # the trade-off section checked like every other
    kept = kept_point(scenario, problem)
    if kept is not None:  # the scenario's plan is one point of a trade-off
        problem = point_problem(problem, kept)
    for key, path in scenario.suitability.extra.items():
        files[f"criterion:{key}"] = scenario.relative(path)
    parcels = layout_parcels(scenario, parks, pack) if scenario.layout.enabled else None
    return Inputs(
        scenario=scenario,
        pack=pack,
        parks=parks,
        districts=load_districts(files["districts"], pack),
        infrastructure=infrastructure,
        catalog=catalog,
        suitability=suitability,
        problem=problem,
        files=files,
        parcels=parcels,
        evidence=evidence,
    )


def layout_parcels(scenario: Scenario, parks: gpd.GeoDataFrame, pack: Pack) -> Parcels:
    """The parcels ``scenario``'s layout section asks for: its ``parcels`` file, checked against
    the park tiers ``parks``, or a grid of ``cell_ha`` cells over them (in ``pack``'s area
    CRS)."""
    settings = scenario.layout
    if settings.parcels is not None:
        return read_parcels(scenario.relative(settings.parcels), parks, pack)
    return grid_parcels(parks, settings.cell_ha, settings.cell_shape, pack)


class Names:
    """Look up clusters, parks and districts (``pack``'s) by id or by English or Chinese name."""

    def __init__(
        self, scenario: Scenario, catalog: Catalog, parks: gpd.GeoDataFrame, pack: Pack
    ) -> None:
        self.scenario = scenario
        self.kinds = catalog.clusters["kind"]
        self.clusters = _lookup(catalog.clusters, "cluster_id")
        park_table = parks.groupby("park_id")[["name_en", "name_zh"]].first().reset_index()
        self.parks = _lookup(park_table, "park_id")
        self.park_district = parks.groupby("park_id")["district"].first()
        present = set(self.park_district)
        self.districts = {
            key: en
            for en, zh in pack.districts.items()
            if en in present
            for key in (en.casefold(), zh, zh.removesuffix("区"))
        }

    def cluster(self, name: str, *loc: str | int) -> str:
        return self._find(self.clusters, name, "cluster", loc)

    def park(self, name: str, *loc: str | int) -> str:
        return self._find(self.parks, name, "park", loc)

    def district_parks(self, name: str, *loc: str | int) -> list[str]:
        if str(name).strip().casefold() not in self.districts and name not in self.districts:
            listed = ", ".join(sorted(set(self.park_district)))
            raise self.scenario.error(
                f"unknown district with parks '{name}' (districts with parks: {listed})", *loc
            )
        district = self._find(self.districts, name, "district", loc)
        return list(self.park_district.index[self.park_district == district])

    def clusters_named(self, name: str, *loc: str | int) -> list[str]:
        """A cluster, or every cluster of a kind (one of the pack's cluster kinds)."""
        if name in set(self.kinds):
            return list(self.kinds.index[self.kinds == name])
        return [self.cluster(name, *loc)]

    def _find(self, table: dict[str, str], name: str, what: str, loc: tuple) -> str:
        key = str(name).strip()
        found = table.get(key.casefold()) or table.get(key)
        if found is None:
            meant = [_as_meant(near, table[near]) for near in suggestions(key.casefold(), table)]
            hint = said_as_question(list(dict.fromkeys(meant)))
            raise self.scenario.error(f"unknown {what} '{name}'{hint}", *loc)
        return found


def _as_meant(key: str, found: str) -> str:
    """A suggestion as a planner reads it: the id, and the Chinese name it was found by."""
    return found if key.isascii() else f"{found} = {key}"


def _lookup(table: pd.DataFrame, id_column: str) -> dict[str, str]:
    """id, English name (both case-insensitive) and Chinese name → id."""
    table = table.reset_index() if id_column not in table.columns else table
    found: dict[str, str] = {}
    for row in table.itertuples(index=False):
        key = getattr(row, id_column)
        for name in (key.casefold(), str(row.name_en).casefold(), str(row.name_zh)):
            found.setdefault(name, key)
    return found


def _with_demand(scenario: Scenario, catalog: Catalog, names: Names) -> Catalog:
    """The catalogue with the scenario's demand multipliers and absolute figures applied."""
    settings = scenario.demand
    clusters = catalog.clusters.copy()
    columns = [c for c in clusters.columns if c.startswith("demand_")]
    factor = pd.Series(settings.multiplier, index=clusters.index)
    for kind, value in settings.kinds.items():
        if kind not in set(clusters["kind"]):
            known = ", ".join(dict.fromkeys(clusters["kind"]))
            raise scenario.error(
                f"unknown kind '{kind}' (the catalogue's: {known})", "demand", "kinds"
            )
        factor[clusters["kind"] == kind] *= value
    absolute = {}
    for name, change in settings.clusters.items():
        cluster = names.cluster(name, "demand", "clusters", name)
        if isinstance(change, dict):
            absolute[cluster] = (name, change)
        else:
            factor[cluster] *= change
    clusters[columns] = clusters[columns].mul(factor, axis=0)
    for cluster, (name, change) in absolute.items():
        for horizon, km2 in change.items():
            column = demand_column(horizon)
            if column not in clusters.columns:
                raise scenario.error(f"unknown horizon {horizon}", "demand", "clusters", name)
            clusters.loc[cluster, column] = km2
        values = clusters.loc[cluster, columns].to_numpy(dtype=float)
        if (values[1:] < values[:-1]).any():
            raise scenario.error(
                "demand is cumulative: it cannot fall from one horizon to the next "
                f"(got {', '.join(f'{v:g}' for v in values)})",
                "demand",
                "clusters",
                name,
            )
    return dataclasses.replace(catalog, clusters=clusters)


def _suitability(
    scenario: Scenario,
    parks: gpd.GeoDataFrame,
    catalog: Catalog,
    infrastructure: gpd.GeoDataFrame,
    evidence: pd.DataFrame | None,
    pack: Pack,
) -> Suitability:
    settings = scenario.suitability
    weights, ratio = settings.weights, None
    if settings.ahp is not None:
        criteria = settings.ahp.criteria
        matrix = settings.ahp.matrix
        if len(matrix) != len(criteria) or any(len(row) != len(criteria) for row in matrix):
            raise scenario.error(
                f"the matrix must be {len(criteria)} × {len(criteria)}, one row and column per "
                "criterion",
                "suitability",
                "ahp",
                "matrix",
            )
        frame = pd.DataFrame(matrix, index=criteria, columns=criteria)
        try:
            weights, ratio = ahp_weights(frame)
        except InputError as exc:
            raise scenario.error(exc.problem, "suitability", "ahp") from None
    files = {name: scenario.relative(path) for name, path in settings.extra.items()}
    extra = {name: read_csv(path) for name, path in files.items()}
    try:
        return score_suitability(
            parks,
            catalog,
            infrastructure,
            weights=weights,
            extra=extra,
            evidence=evidence,
            access_half_km=settings.access_half_km,
            consistency_ratio=ratio,
            pack=pack,
        )
    except InputError as exc:  # name the file the problem is in: the scenario or a criterion CSV
        for name, path in files.items():
            if exc.source == criterion_source(name):
                raise InputError(path, exc.problem, where=exc.where, field=exc.field) from None
        fields = [exc.field] if exc.field else []
        raise scenario.error(exc.problem, "suitability", "weights", *fields) from None
