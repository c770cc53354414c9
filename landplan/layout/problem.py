"""The layout of one park as a problem: a value, no solver inside.

For industries ``c``, parcels ``i`` (area ``a_i``, perimeter ``p_i``, tier ``t(i)``), shared
edges ``e = (i, j)`` of length ``l_e`` and the park-level plan ``P[c, t]`` (km²), a layout gives
each parcel at most one industry. What makes one layout better than another:

- **exposed boundary** ``E_c = Σ_{i ∈ c} p_i − 2 Σ_{e ⊆ c} l_e``: the length of the edge of
  ``c``'s land (Marxan's boundary length, prioritizr's boundary penalty with edge factor 1:
  edges on the park's outline count in full);
- **partner edge** ``L_cq = Σ_{e between c and q} l_e`` for chain partners ``c``, ``q``;
- minimise ``β Σ_c E_c − γ Σ_(c,q) w_cq L_cq``: ``β`` the boundary weight (per km of exposed
  edge), ``γ`` the partner weight (per km of edge shared with a chain partner, times the link's
  strength ``w``). An edge between partners still counts twice in ``E`` (once for each side),
  so with ``γ < 2β`` a partner edge never pays for itself on its own: partners are drawn next
  to each other, but no industry is stretched thin to touch one.

Each industry's land in each tier is the plan's to within half a parcel (the plan rounded to
parcels: adding parcels one by one steps at most one parcel, so such a set exists); on a
regular grid that is the plan's number of cells, rounded.

**The least boundary.** No ``n`` cells of a square grid of side ``s`` have an exposed boundary
below ``2⌈2√n⌉ s``, nor ``n`` cells of a hexagonal grid below ``2⌈√(12n − 3)⌉ s`` (Harary and
Harborth, 1976); no region of area ``A`` has a boundary below ``2√(πA)`` (a disc). On a square
grid the box a block must fit in sharpens the first (:mod:`landplan.layout.boxes`: a ring one or
two cells wide holds few cells in any small box); on a planner's parcels, rays from the parks'
centre sharpen the disc's for land in rings (:mod:`landplan.layout.rays`). These give
:meth:`ParkLayoutProblem.least_boundary`, the bound the model's cuts and the layout's proven
bound use.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from landplan.layout import pieces
from landplan.layout.boxes import lattice, least_edges
from landplan.layout.graph import ParcelGraph
from landplan.layout.rays import least_ray_boundary
from landplan.layout.seams import least_seamed

#: The owner of a parcel no industry holds.
EMPTY = -1


@dataclass(frozen=True, eq=False)
class ParkLayoutProblem:
    """One park's layout problem: its parcels, the plan (``land[c][t]`` km² of industry ``c`` in
    tier ``t``, industries in ``clusters`` order), chain ``links`` ``(c, q, strength)`` between
    industries both in the park, the weights and whether each industry must be one block."""

    park_id: str
    graph: ParcelGraph
    clusters: tuple[str, ...]
    land: dict[str, dict[str, float]]
    links: tuple[tuple[str, str, float], ...] = ()
    boundary_weight: float = 1.0
    partner_weight: float = 1.0
    contiguity: bool = False
    #: industries the search could not make one block, laid out in blocks (see must_be_whole)
    loose: frozenset[str] = frozenset()

    def band(self, cluster: str, tier: str) -> tuple[float, float]:
        """The land ``cluster`` must have in ``tier``: the plan ± half the tier's largest usable
        parcel (km²)."""
        cells = self.graph.area[(self.graph.tier == tier) & self.graph.usable]
        half = float(cells.max()) / 2 if len(cells) else 0.0
        planned = self.land[cluster].get(tier, 0.0)
        return max(0.0, planned - half), planned + half

    def must_be_whole(self, cluster: str) -> bool:
        """Whether ``cluster`` must be one block per group of touching tiers: contiguity is
        asked, its parcels allow it (:mod:`landplan.layout.pieces`) and it is not ``loose``."""
        return self.contiguity and cluster not in self.apart and cluster not in self.loose

    @cached_property
    def apart(self) -> dict[str, str]:
        """Where contiguity is asked: the industries whose parcels cannot make them one block
        per group of touching tiers, and why in words (empty otherwise)."""
        return pieces.apart(self) if self.contiguity else {}

    def candidates(self, cluster: str) -> np.ndarray:
        """Parcels ``cluster`` may take: usable parcels of the tiers where it has land, each no
        larger than the most land it may have there, in position order."""
        graph = self.graph
        fits = np.zeros(graph.size, bool)
        for tier in self.land[cluster]:
            high = self.band(cluster, tier)[1]
            fits |= (graph.tier == tier) & (graph.area <= high + 1e-12)
        return np.flatnonzero(fits & graph.usable)

    def most_parcels(self, cluster: str, tier: str | None = None) -> int:
        """The most parcels ``cluster`` can hold in ``tier`` (in all its tiers, if None): the
        top of its band over the smallest parcel it may take there, and no more than it may
        take."""
        if tier is None:
            return sum(self.most_parcels(cluster, t) for t in self.land[cluster])
        cells = self.candidates(cluster)
        cells = cells[self.graph.tier[cells] == tier]
        if not len(cells):
            return 0
        fit = int(self.band(cluster, tier)[1] // self.graph.area[cells].min() + 1e-9)
        return min(fit, len(cells))

    def cells_needed(self, cluster: str, tier: str) -> int:
        """On a regular grid, the number of cells ``cluster`` needs in ``tier`` (the least
        number whose land is in the band)."""
        low, _ = self.band(cluster, tier)
        cells = self.graph.area[self.graph.tier == tier]
        return math.ceil(low / float(cells.max()) - 1e-9) if len(cells) and low > 0 else 0

    def least_boundary(self, clusters: tuple[str, ...]) -> float:
        """A proven lower bound on the exposed boundary (km) of the land of ``clusters`` taken
        together (one industry, or chain partners seen as one region). Land in tiers that do
        not touch (a starting area and a reserve ring apart) cannot be one block, so each group
        of touching tiers is bounded on its own and the bounds add up (tiers where they may take
        parcels, even needing none there, count as joining: a parcel or two there could bridge
        two blocks)."""
        graph = self.graph
        total = 0.0
        for tiers in self.touching_groups(clusters, may_take=True):
            if self._tier_masks is not None and graph.side_km is not None:
                needs = {t: sum(self.cells_needed(c, t) for c in clusters) for t in tiers}
                sides = max(
                    least_edges(needs, self._tier_masks), least_seamed(needs, self._tier_masks)
                )
                total += sides * graph.side_km
            elif graph.side_km is not None and graph.shape is not None:
                n = sum(self.cells_needed(c, t) for c in clusters for t in tiers)
                total += least_boundary(n, graph.side_km, graph.shape)
            else:
                land = {t: sum(self.band(c, t)[0] for c in clusters) for t in tiers}
                disc = 2 * math.sqrt(math.pi * sum(land.values()))
                total += max(disc, self._least_ray_boundary(clusters, land))
        return total

    def _least_ray_boundary(self, clusters: tuple[str, ...], land: dict[str, float]) -> float:
        """The rays' least boundary of land needing ``land`` km² by tier, on parcels
        ``clusters`` may take there (:mod:`landplan.layout.rays`; 0 without rays)."""
        graph = self.graph
        if graph.rays is None:
            return 0.0
        cells = np.zeros(graph.size, bool)
        for c in clusters:
            cells[self.candidates(c)] = True
        cells &= np.isin(graph.tier, list(land))
        return least_ray_boundary(graph.rays[cells], graph.area[cells], graph.tier[cells], land)

    @cached_property
    def _tier_masks(self) -> dict[str, np.ndarray] | None:
        """On a square grid, each tier's usable cells as a row × column mask (for the box
        bound of :mod:`landplan.layout.boxes`); None on other parcels."""
        graph = self.graph
        if graph.shape != "square" or graph.side_km is None:
            return None
        position = lattice(graph.x, graph.y, graph.side_km)
        if position is None:
            return None
        row, column = position
        masks = {}
        for tier in sorted(set(graph.tier.tolist())):
            mask = np.zeros((row.max() + 1, column.max() + 1))
            chosen = (graph.tier == tier) & graph.usable
            mask[row[chosen], column[chosen]] = 1
            masks[tier] = mask
        return masks

    def touching_groups(self, clusters: tuple[str, ...], may_take: bool = False) -> list[set[str]]:
        """The tiers where ``clusters`` need land (or, with ``may_take``, where they may take
        parcels at all), in groups of tiers that touch."""
        graph = self.graph
        if may_take:
            tiers = {str(graph.tier[i]) for c in clusters for i in self.candidates(c)}
        else:
            tiers = {t for c in clusters for t in self.land[c] if self.band(c, t)[0] > 0}
        touching = {
            frozenset(pair)
            for pair in zip(graph.tier[graph.a].tolist(), graph.tier[graph.b].tolist(), strict=True)
            if pair[0] != pair[1]
        }
        groups: list[set[str]] = []
        for t in sorted(tiers):
            joined = [g for g in groups if any(frozenset((t, u)) in touching for u in g)]
            merged = {t}.union(*joined)
            groups = [g for g in groups if g not in joined] + [merged]
        return groups


def least_boundary(cells: int, side_km: float, shape: str) -> float:
    """The least exposed boundary of ``cells`` cells of a regular grid (Harary and Harborth)."""
    if cells <= 0:
        return 0.0
    # 1e-9: √ of a perfect square may land a hair above the integer
    if shape == "square":
        return 2 * math.ceil(2 * math.sqrt(cells) - 1e-9) * side_km
    return 2 * math.ceil(math.sqrt(12 * cells - 3) - 1e-9) * side_km


def linked_groups(problem: ParkLayoutProblem) -> list[tuple[str, ...]]:
    """Each industry alone, and every set of industries joined by chain links (a park holds a
    handful, so there are few): the groups whose joint boundary the ``least`` cuts bound."""
    joined = {frozenset((c, q)) for c, q, _ in problem.links}
    groups: list[tuple[str, ...]] = []
    for size in range(1, len(problem.clusters) + 1):
        for group in itertools.combinations(problem.clusters, size):
            if size == 1 or _connected(group, joined):
                groups.append(group)
    return groups


def _connected(group: tuple[str, ...], joined: set[frozenset[str]]) -> bool:
    reached, frontier = {group[0]}, [group[0]]
    while frontier:
        c = frontier.pop()
        for q in group:
            if q not in reached and frozenset((c, q)) in joined:
                reached.add(q)
                frontier.append(q)
    return len(reached) == len(group)


def layout_faults(problem: ParkLayoutProblem, owner: np.ndarray) -> list[str]:
    """What makes ``owner`` not a layout of ``problem`` (empty if nothing): a parcel held that
    is not developable or not in a tier of its industry's plan, land outside its band, or an
    industry that must be one block per group of touching tiers in more blocks."""
    graph, faults = problem.graph, []
    for n, c in enumerate(problem.clusters):
        mine = owner == n
        allowed = np.zeros(graph.size, bool)
        allowed[problem.candidates(c)] = True
        if (mine & ~allowed).any():
            faults.append(f"{c} holds parcels it may not take")
        for t in problem.land[c]:
            low, high = problem.band(c, t)
            land = float(graph.area[mine & (graph.tier == t)].sum())
            if not low - 1e-9 <= land <= high + 1e-9:
                faults.append(
                    f"{c} has {land:.4f} km² in the {t} area, outside {low:.4f}–{high:.4f}"
                )
    faults += [f"{c} is in more blocks than its tiers allow" for c in split(problem, owner)]
    return faults


def split(problem: ParkLayoutProblem, owner: np.ndarray) -> list[str]:
    """The industries that must be one block per group of touching tiers and are in more
    blocks in ``owner``."""
    return [
        c
        for n, c in enumerate(problem.clusters)
        if problem.must_be_whole(c)
        and blocks_of(owner == n, problem.graph) > len(problem.touching_groups((c,)))
    ]


def blocks_of(cells: np.ndarray, graph: ParcelGraph) -> int:
    """The number of blocks (sets of parcels joined by shared edges) among ``cells`` (a mask)."""
    return int(block_labels(cells, graph).max(initial=0))


def block_labels(cells: np.ndarray, graph: ParcelGraph) -> np.ndarray:
    """For each parcel of ``cells`` (a mask), the number of its block (1, 2…, largest first,
    ties by lowest parcel), 0 elsewhere."""
    neighbours = graph.neighbours()
    left = set(np.flatnonzero(cells).tolist())
    found = []
    while left:
        start = min(left)
        block, queue = {start}, [start]
        left.discard(start)
        while queue:
            i = queue.pop()
            for j, _ in neighbours[i]:
                if j in left:
                    left.discard(j)
                    block.add(j)
                    queue.append(j)
        found.append(sorted(block))
    found.sort(key=lambda b: (-len(b), b[0]))
    label = np.zeros(graph.size, dtype=int)
    for n, members in enumerate(found, start=1):
        label[members] = n
    return label


@dataclass(frozen=True)
class LayoutValue:
    """A layout's figures: exposed boundary by industry, partner edge by link, the objective."""

    exposed: dict[str, float]
    partner_edge: dict[tuple[str, str], float]
    objective: float


def evaluate(problem: ParkLayoutProblem, owner: np.ndarray) -> LayoutValue:
    """The figures of a layout: ``owner[i]`` is the position in ``problem.clusters`` of the
    industry on parcel ``i``, or EMPTY."""
    graph = problem.graph
    k = len(problem.clusters)
    held = owner >= 0
    exposed = np.bincount(owner[held], weights=graph.perimeter[held], minlength=k)
    oa, ob = owner[graph.a], owner[graph.b]
    same = (oa == ob) & (oa >= 0)
    exposed -= 2 * np.bincount(oa[same], weights=graph.length[same], minlength=k)
    position = {c: n for n, c in enumerate(problem.clusters)}
    partner_edge = {}
    for c, q, _ in problem.links:
        pc, pq = position[c], position[q]
        between = ((oa == pc) & (ob == pq)) | ((oa == pq) & (ob == pc))
        partner_edge[c, q] = float(graph.length[between].sum())
    objective = problem.boundary_weight * float(exposed.sum()) - problem.partner_weight * sum(
        strength * partner_edge[c, q] for c, q, strength in problem.links
    )
    return LayoutValue(
        exposed={c: float(exposed[n]) for n, c in enumerate(problem.clusters)},
        partner_edge=partner_edge,
        objective=objective,
    )
