"""Compile a :class:`~landplan.problem.Problem` into a PuLP model, rows labelled by family.

The mathematics of every family and term is in its docstring in :mod:`landplan.problem`; this
module only writes those rows. Expressions are built from (variable, coefficient) pairs, never
by repeated ``+``, so compiling stays linear in the model size.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import pulp

from landplan.errors import LandplanError
from landplan.problem import (
    CapacityConstraints,
    ChainBonus,
    ChainColocation,
    ConcentrationConstraints,
    DemandConstraints,
    EndorsementConstraints,
    FocusConstraints,
    LockConstraints,
    PresenceConstraints,
    PresenceCost,
    Problem,
    SuitabilityObjective,
)


@dataclass
class Model:
    """A compiled problem: the PuLP problem plus its variables and rows, keyed by meaning.

    ``rows[family][key]`` is the constraint of that family for that key, e.g.
    ``rows["capacity"][("BA-01", "starting")]``; ``terms[name]`` is the signed linear expression
    each objective term contributes.
    """

    problem: Problem
    lp: pulp.LpProblem
    x: dict[tuple[str, str, str], pulp.LpVariable] = field(default_factory=dict)
    y: dict[tuple[str, str], pulp.LpVariable] = field(default_factory=dict)
    short: dict[tuple[str, int], pulp.LpVariable] = field(default_factory=dict)
    z: dict[tuple[str, str, str], pulp.LpVariable] = field(default_factory=dict)
    w: dict[tuple[str, str], pulp.LpVariable] = field(default_factory=dict)
    rows: dict[str, dict[tuple, pulp.LpConstraint]] = field(
        default_factory=lambda: defaultdict(dict)
    )
    terms: dict[str, pulp.LpAffineExpression] = field(default_factory=dict)

    def add_row(self, family: str, key: tuple, pairs, sense: int, rhs: float) -> None:
        """Add ``Σ coef · var  (sense)  rhs`` as row ``family[key]``."""
        name = f"{family}_{len(self.rows[family])}"
        row = pulp.LpConstraint(pulp.LpAffineExpression(pairs), sense, name, rhs)
        self.lp.addConstraint(row, name)
        self.rows[family][key] = row

    def all_rows(self) -> list[pulp.LpConstraint]:
        """Every row of every family."""
        return [row for family in self.rows.values() for row in family.values()]

    @property
    def is_mip(self) -> bool:
        """Whether any presence decision is still integer (not fixed into an LP)."""
        return any(var.cat != pulp.LpContinuous for var in self.y.values())

    @property
    def size(self) -> dict[str, int]:
        """Numbers of variables, binaries and rows."""
        return {
            "variables": len(self.lp.variables()),
            "binaries": len(self.y),
            "rows": len(self.all_rows()),
        }


def compile_problem(problem: Problem, fixed_presence: dict | None = None) -> Model:
    """Compile ``problem`` to a PuLP maximisation model.

    ``fixed_presence`` maps (cluster_id, park_id) to 0 or 1 to fix every presence variable, which
    makes the model an LP (used for shadow prices).
    """
    if not problem.objective:
        raise LandplanError("the problem has no objective term")
    if problem.term(ChainBonus) and not problem.family(ChainColocation):
        raise LandplanError("a chain bonus needs the chain co-location constraints")
    model = Model(problem=problem, lp=pulp.LpProblem("landplan", pulp.LpMaximize))
    _variables(model, fixed_presence)
    builders = {
        CapacityConstraints: _capacity,
        DemandConstraints: _demand,
        PresenceConstraints: _presence,
        FocusConstraints: _focus,
        ConcentrationConstraints: _concentration,
        EndorsementConstraints: _endorsement,
        LockConstraints: _locks,
        ChainColocation: _chain,
    }
    for family in problem.constraints:
        builders[type(family)](model, family)
    _objective(model)
    return model


def _variables(model: Model, fixed_presence: dict | None) -> None:
    problem = model.problem
    clusters, units = list(problem.clusters.index), problem.units
    for i, cluster in enumerate(clusters):
        for j, park in enumerate(problem.parks.index):
            if fixed_presence is None:
                var = model.lp.add_variable(f"y_{i}_{j}", 0, 1, cat=pulp.LpBinary)
            else:
                value = float(round(fixed_presence.get((cluster, park), 0)))
                var = model.lp.add_variable(f"y_{i}_{j}", value, value)
            model.y[cluster, park] = var
        for k, unit in enumerate(units.itertuples()):
            model.x[cluster, unit.park_id, unit.tier] = model.lp.add_variable(f"x_{i}_{k}", 0)
        demand = problem.family(DemandConstraints)
        if demand and not demand.is_hard(cluster):
            for h in problem.horizons:
                model.short[cluster, h] = model.lp.add_variable(f"short_{i}_{h}", 0)
    if problem.family(ChainColocation):
        for n, link in enumerate(problem.links.itertuples()):
            for j, park in enumerate(problem.parks.index):
                model.z[link.cluster_a, link.cluster_b, park] = model.lp.add_variable(
                    f"z_{n}_{j}", 0, 1
                )


def _units_of(problem: Problem) -> dict[str, list[tuple[str, float, int]]]:
    """park_id → [(tier, capacity, release_by)]."""
    by_park: dict[str, list[tuple[str, float, int]]] = defaultdict(list)
    for unit in problem.units.itertuples():
        by_park[unit.park_id].append((unit.tier, unit.capacity_km2, unit.release_by))
    return by_park


def _capacity(model: Model, family: CapacityConstraints) -> None:
    clusters = list(model.problem.clusters.index)
    for unit in model.problem.units.itertuples():
        pairs = [(model.x[c, unit.park_id, unit.tier], 1.0) for c in clusters]
        model.add_row(
            family.name, (unit.park_id, unit.tier), pairs, pulp.LpConstraintLE, unit.capacity_km2
        )


def _demand(model: Model, family: DemandConstraints) -> None:
    problem = model.problem
    demand = problem.demand
    units = list(problem.units.itertuples())
    for cluster in problem.clusters.index:
        for h in problem.horizons:
            pairs = [(model.x[cluster, u.park_id, u.tier], 1.0) for u in units if u.release_by <= h]
            if (cluster, h) in model.short:
                pairs.append((model.short[cluster, h], 1.0))
            model.add_row(
                family.name, (cluster, h), pairs, pulp.LpConstraintGE, demand.loc[cluster, h]
            )
        pairs = [(model.x[cluster, u.park_id, u.tier], 1.0) for u in units]
        model.add_row(
            "demand_cap", (cluster,), pairs, pulp.LpConstraintLE, demand.loc[cluster].iloc[-1]
        )


def presence_coefficients(problem: Problem) -> dict[str, dict[tuple, float]]:
    """The coefficient of ``y[c, p]`` in every presence row, by row family and key: the big-Ms
    ``−min(K[p], D[c])`` (``presence_link``) and ``−min(K[u], D[c])`` (``presence_unit``, only
    for a tier smaller than its park: otherwise the park row implies it) and the minimum site
    ``−m[c]`` (``min_site``). They depend on demand; a sweep changes them with it."""
    footprints = problem.footprints
    total_demand = problem.demand.iloc[:, -1]
    numbers: dict[str, dict[tuple, float]] = {
        "presence_link": {},
        "presence_unit": {},
        "min_site": {},
    }
    by_park = _units_of(problem)
    for cluster in problem.clusters.index:
        for park, tiers in by_park.items():
            park_capacity = sum(cap for _, cap, _ in tiers)
            numbers["presence_link"][cluster, park] = -min(park_capacity, total_demand[cluster])
            for tier, capacity, _ in tiers:
                # Implied by the park row when D[c] ≤ K[u], but written all the same, so that
                # which rows exist does not depend on demand (a sweep changes only numbers).
                if capacity < park_capacity:
                    numbers["presence_unit"][cluster, park, tier] = -min(
                        capacity, total_demand[cluster]
                    )
            numbers["min_site"][cluster, park] = -footprints[cluster]
    return numbers


def _presence(model: Model, family: PresenceConstraints) -> None:
    problem = model.problem
    numbers = presence_coefficients(problem)
    by_park = _units_of(problem)
    for cluster in problem.clusters.index:
        for park, tiers in by_park.items():
            y = model.y[cluster, park]
            land = [(model.x[cluster, park, tier], 1.0) for tier, _, _ in tiers]
            key = (cluster, park)
            model.add_row(
                "presence_link",
                key,
                [*land, (y, numbers["presence_link"][key])],
                pulp.LpConstraintLE,
                0.0,
            )
            for tier, _, _ in tiers:
                if (*key, tier) in numbers["presence_unit"]:
                    model.add_row(
                        "presence_unit",
                        (*key, tier),
                        [
                            (model.x[cluster, park, tier], 1.0),
                            (y, numbers["presence_unit"][*key, tier]),
                        ],
                        pulp.LpConstraintLE,
                        0.0,
                    )
            model.add_row(
                "min_site", key, [*land, (y, numbers["min_site"][key])], pulp.LpConstraintGE, 0.0
            )


def _focus(model: Model, family: FocusConstraints) -> None:
    clusters = list(model.problem.clusters.index)
    for park in model.problem.parks.index:
        pairs = [(model.y[c, park], 1.0) for c in clusters]
        model.add_row(family.name, (park,), pairs, pulp.LpConstraintLE, family.max_clusters)


def _concentration(model: Model, family: ConcentrationConstraints) -> None:
    parks = list(model.problem.parks.index)
    for cluster in model.problem.clusters.index:
        pairs = [(model.y[cluster, p], 1.0) for p in parks]
        model.add_row(family.name, (cluster,), pairs, pulp.LpConstraintLE, family.max_parks)


def _endorsement(model: Model, family: EndorsementConstraints) -> None:
    endorsed = model.problem.endorsed
    for cluster in endorsed.index:
        for park in endorsed.columns:
            if not endorsed.loc[cluster, park]:
                model.add_row(
                    family.name,
                    (cluster, park),
                    [(model.y[cluster, park], 1.0)],
                    pulp.LpConstraintLE,
                    0.0,
                )


def _locks(model: Model, family: LockConstraints) -> None:
    for cluster, park in family.locked_in:
        model.add_row(
            "locked_in", (cluster, park), [(model.y[cluster, park], 1.0)], pulp.LpConstraintEQ, 1.0
        )
    for cluster, park in family.locked_out:
        model.add_row(
            "locked_out", (cluster, park), [(model.y[cluster, park], 1.0)], pulp.LpConstraintLE, 0.0
        )
    for cluster, parks in family.locked_in_any:
        pairs = [(model.y[cluster, park], 1.0) for park in parks]
        model.add_row("locked_in_any", (cluster, parks), pairs, pulp.LpConstraintGE, 1.0)


def _chain(model: Model, family: ChainColocation) -> None:
    problem = model.problem
    focus = problem.family(FocusConstraints)
    partners: dict[str, list[str]] = defaultdict(list)
    for (a, b, park), z in model.z.items():
        for cluster in (a, b):
            model.add_row(
                family.name,
                (a, b, park, cluster),
                [(z, 1.0), (model.y[cluster, park], -1.0)],
                pulp.LpConstraintLE,
                0.0,
            )
        if park == problem.parks.index[0]:
            partners[a].append(b)
            partners[b].append(a)
    if focus is None:
        return
    for cluster, others in partners.items():
        limit = min(len(others), focus.max_clusters - 1)
        if limit >= len(others):
            continue  # the pairwise rows already imply it
        for park in problem.parks.index:
            pairs = [(model.z[_link_key(model, cluster, q, park)], 1.0) for q in others]
            model.add_row(
                "chain_aggregate",
                (cluster, park),
                [*pairs, (model.y[cluster, park], -float(limit))],
                pulp.LpConstraintLE,
                0.0,
            )


def _link_key(model: Model, a: str, b: str, park: str) -> tuple[str, str, str]:
    return (a, b, park) if (a, b, park) in model.z else (b, a, park)


def _chain_bonus(model: Model, term: ChainBonus) -> list[tuple[pulp.LpVariable, float]]:
    """The bonus's (variable, coefficient) pairs; counted per pair it needs ``w[c, q]`` and the
    rows ``w[c, q] − Σ_p z[c, q, p] ≤ 0`` (``chain_pair``)."""
    problem = model.problem
    links = list(problem.links.itertuples())
    if term.per == "park":
        strength = {(link.cluster_a, link.cluster_b): link.strength for link in links}
        return [(z, term.weight * strength[a, b]) for (a, b, _), z in model.z.items()]
    pairs = []
    for n, link in enumerate(links):
        key = (link.cluster_a, link.cluster_b)
        model.w[key] = w = model.lp.add_variable(f"w_{n}", 0, 1)
        shared = [(model.z[(*key, park)], -1.0) for park in problem.parks.index]
        model.add_row("chain_pair", key, [(w, 1.0), *shared], pulp.LpConstraintLE, 0.0)
        pairs.append((w, term.weight * link.strength))
    return pairs


def land_gains(problem: Problem, term: SuitabilityObjective) -> dict[tuple[str, str], float]:
    """The objective coefficient of land, ``weight · S[c, p]``, per (cluster, park)."""
    scores = problem.suitability.stack()
    return {key: term.weight * float(value) for key, value in scores.items()}


def _objective(model: Model) -> None:
    problem = model.problem
    for term in problem.objective:
        if isinstance(term, SuitabilityObjective):
            gains = land_gains(problem, term)
            pairs = [(var, gains[c, p]) for (c, p, _), var in model.x.items()]
        elif isinstance(term, ChainBonus):
            pairs = _chain_bonus(model, term)
        elif isinstance(term, PresenceCost):
            pairs = [(y, -term.weight) for y in model.y.values()]
        model.terms[term.name] = pulp.LpAffineExpression(pairs)
    demand = problem.family(DemandConstraints)
    if model.short:
        model.terms["shortfall_penalty"] = pulp.LpAffineExpression(
            (var, -demand.penalty) for var in model.short.values()
        )
    model.lp.setObjective(
        pulp.LpAffineExpression(
            (var, coef) for expression in model.terms.values() for var, coef in expression.items()
        )
    )
