"""Improve a layout by simulated annealing: blocks reshaped a parcel at a time, by counts.

The greedy layout (:mod:`landplan.layout.heuristic`) settles where no single move or swap
lowers the objective, often a few sides above the best layout: a block a column too wide, two
partners whose shared edge is a step short. Annealing walks on from there: it draws a change,
prices it, and takes it if it lowers the objective, or with probability ``exp(−Δ/T)`` if it
raises it by ``Δ`` at temperature ``T`` (Kirkpatrick et al., 1983; Marxan's own search).

**The changes**, each keeping every industry's land in its band (so every layout it visits is
one :func:`~landplan.layout.problem.layout_faults` accepts):

- *move*: a parcel ``r`` on the edge of industry ``c``'s land (a side not shared with ``c``)
  goes to an empty parcel ``j`` of ``c``'s front in the same tier (empty, usable, touching
  ``c``'s land);
- *swap*: ``r`` and a neighbour ``j`` of another industry ``d`` in the same tier change
  hands;
- *take* and *give up* (parcels of different sizes, where the band leaves room): ``c`` takes a
  front parcel, or gives up an edge parcel.

A change is priced on its parcels alone: a parcel's share of the objective is ``β p_i − 2β
Σ_{j ∈ c} l_ij − γ Σ_{j ∈ d} w_cd l_ij`` (its perimeter less the edge it shares with its own
industry, less the partner edge), and a change moves only its parcels' shares. Where an
industry must be one block (contiguity), a change that would cut its land in two is not drawn:
the parcel's own neighbours of its industry must still reach each other without it.

**By counts.** A run draws ``SWEEPS`` changes per parcel, its temperature falling
geometrically from ``HOT`` to ``COLD`` (in units of ``β`` times the park's typical edge: a cell's
side on a grid, the median shared edge otherwise); ``RUNS`` runs follow one another, each from
the best layout found so far with its own stream of draws. The draws come from Python's
Mersenne Twister seeded by the run's number, and a change is taken on ``u · e(Δ/T) < 1``, ``e``
the exponential's series to its cube (a few multiplications: the same on every machine, where a
library's ``exp`` may differ in its last digit), so the same problem gives the same layout on any
machine. The work is in proportion to the parcels.
"""

from __future__ import annotations

import math
import random

import numpy as np

from landplan.layout.problem import EMPTY, ParkLayoutProblem, evaluate

#: Changes drawn per parcel in one run.
SWEEPS = 100
#: Runs, each from the best layout so far.
RUNS = 3
#: Temperatures at the start and the end of a run (× β × the park's typical edge).
HOT, COLD = 0.4, 0.05
#: Share of draws that are swaps; of the rest, the share that take or give up a parcel where
#: parcels differ in size.
SWAPS, TAKES = 0.3, 0.3
#: Parcels a check that a block stays whole may visit (past it, the change is not drawn).
REACH = 64
#: Objective changes below this are rounding, not progress.
EPSILON = 1e-9


class IndexedSet:
    """A set of parcels, drawn from at random in constant time."""

    __slots__ = ("items", "where")

    def __init__(self) -> None:
        self.items: list[int] = []
        self.where: dict[int, int] = {}

    def add(self, i: int) -> None:
        if i not in self.where:
            self.where[i] = len(self.items)
            self.items.append(i)

    def discard(self, i: int) -> None:
        at = self.where.pop(i, None)
        if at is None:
            return
        last = self.items.pop()
        if last != i:
            self.items[at] = last
            self.where[last] = at


class Annealer:
    """A layout being annealed: ``held`` (each parcel's industry, or EMPTY), each industry's land
    by tier, its *edge* (parcels with a side not shared with it) and its *front* by tier (empty
    parcels it may take that touch its land), kept up to date as parcels change hands."""

    def __init__(self, problem: ParkLayoutProblem, owner: np.ndarray) -> None:
        graph = problem.graph
        k = len(problem.clusters)
        self.problem, self.k = problem, k
        self.neighbours = graph.neighbours()
        self.beside = [[j for j, _ in row] for row in self.neighbours]
        position = {c: n for n, c in enumerate(problem.clusters)}
        # partner bonus per km by pair of industries; row and column k stand for EMPTY (-1)
        self.partner = [[0.0] * (k + 1) for _ in range(k + 1)]
        for one, other, w in problem.links:
            bonus = problem.partner_weight * w
            a, b = position[one], position[other]
            self.partner[a][b] = self.partner[b][a] = bonus
        self.outline = (problem.boundary_weight * graph.perimeter).tolist()
        self.inside = 2 * problem.boundary_weight
        tiers = sorted(set(graph.tier.tolist()))
        self.tier = [tiers.index(t) for t in graph.tier.tolist()]
        self.area = graph.area.tolist()
        self.low = [[0.0] * len(tiers) for _ in range(k)]
        self.high = [[0.0] * len(tiers) for _ in range(k)]
        for n, name in enumerate(problem.clusters):
            for m, t in enumerate(tiers):
                if t in problem.land[name]:
                    self.low[n][m], self.high[n][m] = problem.band(name, t)
        self.allowed = [[False] * graph.size for _ in range(k)]
        for n, name in enumerate(problem.clusters):
            for i in problem.candidates(name).tolist():
                self.allowed[n][i] = True
        self.whole = [problem.must_be_whole(name) for name in problem.clusters]
        # parcels of different sizes: taking or giving up one alone may keep the band
        self.sized = bool(len(graph.area)) and float(np.ptp(graph.area)) > 1e-12
        outer = graph.perimeter.copy()  # edge on the park's outline, shared with no parcel
        np.add.at(outer, graph.a, -graph.length)
        np.add.at(outer, graph.b, -graph.length)
        self.closed = (outer < 1e-9).tolist()
        self.degree = [len(row) for row in self.beside]
        self.held: list[int] = owner.tolist()
        self.land = [[0.0] * len(tiers) for _ in range(k)]
        self.members = [IndexedSet() for _ in range(k)]
        self.edge = [IndexedSet() for _ in range(k)]
        self.front = [[IndexedSet() for _ in tiers] for _ in range(k)]
        self.touching = [[0] * graph.size for _ in range(k)]
        for i, c in enumerate(self.held):
            if c != EMPTY:
                self.land[c][self.tier[i]] += self.area[i]
                self.members[c].add(i)
                for j in self.beside[i]:
                    self.touching[c][j] += 1
        for c in range(k):
            for j in range(graph.size):
                if self.touching[c][j] and self.held[j] == EMPTY and self.allowed[c][j]:
                    self.front[c][self.tier[j]].add(j)
        for i in range(graph.size):
            self._mark_edge(i)
        edges = graph.length[graph.length > 0]
        typical = graph.side_km or (float(np.median(edges)) if len(edges) else 1.0)
        self.unit = problem.boundary_weight * typical

    def price(self, i: int, c: int) -> float:
        """Parcel ``i``'s share of the objective if it held ``c`` (its neighbours as they are)."""
        total = self.outline[i]
        held, partner, inside = self.held, self.partner[c], self.inside
        for j, length in self.neighbours[i]:
            d = held[j]
            if d == c:
                total -= inside * length
            elif d != EMPTY:
                total -= partner[d] * length
        return total

    def give(self, i: int, c: int) -> None:
        """Parcel ``i`` to industry ``c`` (EMPTY: to none), everything kept up to date."""
        old, tier, held = self.held[i], self.tier[i], self.held
        if old == c:
            return
        if old != EMPTY:
            self.land[old][tier] -= self.area[i]
            self.members[old].discard(i)
            self.edge[old].discard(i)
        if c != EMPTY:
            self.land[c][tier] += self.area[i]
            self.members[c].add(i)
        held[i] = c
        for j in self.beside[i]:
            empty = held[j] == EMPTY
            if old != EMPTY:
                self.touching[old][j] -= 1
                if empty and not self.touching[old][j]:
                    self.front[old][self.tier[j]].discard(j)
            if c != EMPTY:
                self.touching[c][j] += 1
                if empty and self.allowed[c][j]:
                    self.front[c][self.tier[j]].add(j)
        for d in range(self.k):
            if c != EMPTY:
                self.front[d][tier].discard(i)
            elif self.touching[d][i] and self.allowed[d][i]:
                self.front[d][tier].add(i)
        self._mark_edge(i)
        for j in self.beside[i]:
            self._mark_edge(j)

    def _mark_edge(self, i: int) -> None:
        c = self.held[i]
        if c == EMPTY:
            return
        if self.closed[i] and self.touching[c][i] == self.degree[i]:
            self.edge[c].discard(i)
        else:
            self.edge[c].add(i)

    def _in_band(self, c: int, tier: int, change: float) -> bool:
        land = self.land[c][tier] + change
        return self.low[c][tier] - EPSILON <= land <= self.high[c][tier] + EPSILON

    def _cuts(self, r: int, c: int) -> bool:
        """Whether ``c``'s land, with ``held`` as it is (``r`` no longer ``c``'s), may fall in
        two where ``r`` was: ``r``'s neighbours of ``c`` do not reach each other through ``c``'s
        land within REACH parcels."""
        held = self.held
        ends = [j for j in self.beside[r] if held[j] == c]
        if len(ends) <= 1:
            return False
        left = set(ends[1:])
        seen, queue = {ends[0]}, [ends[0]]
        while queue and left and len(seen) <= REACH:
            i = queue.pop()
            for j in self.beside[i]:
                if held[j] == c and j not in seen:
                    seen.add(j)
                    left.discard(j)
                    queue.append(j)
        return bool(left)

    def run(self, proposals: int, seed: int) -> None:
        """Draw ``proposals`` changes at falling temperature (see the module's docstring), and
        end on the best layout seen."""
        draw = random.Random(seed).random
        held, tier, area, k = self.held, self.tier, self.area, self.k
        heat, cold = HOT * self.unit, COLD * self.unit
        ratio = (cold / heat) ** (1 / max(1, proposals))
        value = best = 0.0
        since: list[tuple[int, int]] = []  # changes since the best layout: (parcel, old owner)
        for _ in range(proposals):
            heat *= ratio
            c = int(draw() * k)
            edge = self.edge[c].items
            if not edge:
                continue
            r = edge[int(draw() * len(edge))]
            t = tier[r]
            kind = draw()
            if kind < SWAPS:
                row = self.beside[r]
                j = row[int(draw() * len(row))]
                d = held[j]
                if d == EMPTY or d == c or tier[j] != t or not self.allowed[d][r]:
                    continue
                if not self.allowed[c][j]:
                    continue
                if area[r] != area[j] and not (
                    self._in_band(c, t, area[j] - area[r])
                    and self._in_band(d, t, area[r] - area[j])
                ):
                    continue
                before = self.price(r, c) + self.price(j, d)
                held[r], held[j] = d, c
                delta = self.price(r, d) + self.price(j, c) - before
                cut = (self.whole[c] and self._cuts(r, c)) or (self.whole[d] and self._cuts(j, d))
                held[r], held[j] = c, d
                if cut or not _accept(delta, heat, draw):
                    continue
                self.give(r, d)
                self.give(j, c)
                since += [(r, c), (j, d)]
            elif self.sized and kind < SWAPS + (1 - SWAPS) * TAKES:
                if draw() < 0.5:  # give up r
                    if not self._in_band(c, t, -area[r]):
                        continue
                    delta = -self.price(r, c)
                    held[r] = EMPTY
                    cut = self.whole[c] and self._cuts(r, c)
                    held[r] = c
                    if cut or not _accept(delta, heat, draw):
                        continue
                    self.give(r, EMPTY)
                    since.append((r, c))
                else:  # take a front parcel of r's tier
                    front = self.front[c][t].items
                    if not front:
                        continue
                    j = front[int(draw() * len(front))]
                    if not self._in_band(c, t, area[j]):
                        continue
                    delta = self.price(j, c)
                    if not _accept(delta, heat, draw):
                        continue
                    self.give(j, c)
                    since.append((j, EMPTY))
            else:
                front = self.front[c][t].items
                if not front:
                    continue
                j = front[int(draw() * len(front))]
                if area[r] != area[j] and not self._in_band(c, t, area[j] - area[r]):
                    continue
                before = self.price(r, c)
                held[r] = EMPTY
                delta = self.price(j, c) - before
                # j must still touch c's land once r has left it, and r's leaving cut nothing
                cut = self.whole[c] and (
                    self.touching[c][j] == (r in self.beside[j]) or self._cuts(r, c)
                )
                held[r] = c
                if cut or not _accept(delta, heat, draw):
                    continue
                self.give(r, EMPTY)
                self.give(j, c)
                since += [(r, c), (j, EMPTY)]
            value += delta
            if value < best - EPSILON:
                best = value
                since.clear()
        for i, old in reversed(since):  # back to the best layout seen
            self.give(i, old)


def _accept(delta: float, heat: float, draw) -> bool:  # type: ignore[no-untyped-def]
    """Whether a change of ``delta`` is taken at temperature ``heat``: always if it does not
    raise the objective, else with probability ``1 / e(Δ/T)`` (see the module's docstring)."""
    if delta <= EPSILON:
        return True
    x = delta / heat
    return draw() * (1 + x * (1 + x * (0.5 + x / 6))) < 1


def anneal(problem: ParkLayoutProblem, owner: np.ndarray, enough: float = -math.inf) -> np.ndarray:
    """``owner`` improved by runs of annealing (see the module's docstring), at most RUNS, until
    a layout scores ``enough`` or less (a layout within the gap asked of the proven bound);
    ``owner`` itself where they find nothing better."""
    if not len(problem.clusters) or not problem.graph.size:
        return owner
    annealer = Annealer(problem, owner)
    best, value = owner, evaluate(problem, owner).objective
    for run in range(RUNS):
        if value <= enough:
            break
        annealer.run(SWEEPS * problem.graph.size, seed=run)
        found = np.array(annealer.held)
        score = evaluate(problem, found).objective
        if score < value - EPSILON:
            best, value = found, score
    return best
