"""A compact layout found quickly: grow each industry from its best seed, then improve.

Industries are placed largest first. Each is grown from a few dozen seeds (cells spread over
its candidate parcels, or the parcels next to a chain partner already placed) by adding, one at
a time, the parcel that lowers the objective most (ties: nearest the block's centre), in tiers
where it still needs land; the seed whose block scores best is kept. A local search then moves
single parcels along block edges and swaps neighbouring parcels of two industries while that
lowers the objective. Everything is in a fixed order, so the same problem gives the same layout.

The result is a start: :mod:`landplan.layout.solve` proves how far it can be from the best
layout and improves it with a solver when that is too far.
"""

from __future__ import annotations

import numpy as np

from landplan.layout.problem import EMPTY, ParkLayoutProblem, evaluate

#: Seeds tried for each industry.
SEEDS = 24
#: Improvements below this (km of weighted boundary) are rounding, not progress.
EPSILON = 1e-9
#: Rounds of taking each industry up and placing it again among the others.
ROUNDS = 3
#: What one block too many costs where each industry must be one block (km of boundary: more
#: than any park's whole boundary, so a layout in fewer blocks always scores better).
SPLIT = 1e4
#: Local-search passes at most (each pass tries every move once; it usually settles in a few).
PASSES = 50


class _Layout:
    """The layout being built, with what the moves need to price a change quickly."""

    def __init__(self, problem: ParkLayoutProblem) -> None:
        self.problem = problem
        graph = problem.graph
        self.neighbours = graph.neighbours()
        self.owner = np.full(graph.size, EMPTY)
        k = len(problem.clusters)
        position = {c: n for n, c in enumerate(problem.clusters)}
        self.strength = np.zeros((k + 1, k + 1))  # row/column k: EMPTY
        for c, q, w in problem.links:
            self.strength[position[c], position[q]] = self.strength[position[q], position[c]] = w
        self.tiers = sorted(set(graph.tier.tolist()))
        self.tier_of = np.array([self.tiers.index(t) for t in graph.tier])
        self.low = np.zeros((k, len(self.tiers)))
        self.high = np.zeros((k, len(self.tiers)))
        for n, c in enumerate(problem.clusters):
            for m, t in enumerate(self.tiers):
                if t in problem.land[c]:
                    self.low[n, m], self.high[n, m] = problem.band(c, t)
        self.land = np.zeros((k, len(self.tiers)))
        self.groups = [len(problem.touching_groups((c,))) for c in problem.clusters]

    def cost(self, i: int, c: int) -> float:
        """Parcel ``i``'s share of the objective if it held ``c`` (others unchanged)."""
        if c == EMPTY:
            return 0.0
        p = self.problem
        total = p.boundary_weight * p.graph.perimeter[i]
        for j, length in self.neighbours[i]:
            d = self.owner[j]
            if d == c:
                total -= 2 * p.boundary_weight * length
            elif d != EMPTY:
                total -= p.partner_weight * self.strength[c, d] * length
        return total

    def set(self, i: int, c: int) -> None:
        area, tier = self.problem.graph.area[i], self.tier_of[i]
        if self.owner[i] != EMPTY:
            self.land[self.owner[i], tier] -= area
        if c != EMPTY:
            self.land[c, tier] += area
        self.owner[i] = c

    def wants(self, i: int, c: int) -> bool:
        """Whether ``c`` still needs land in parcel ``i``'s tier and ``i`` fits in its band."""
        graph, tier = self.problem.graph, self.tier_of[i]
        return bool(
            self.owner[i] == EMPTY
            and graph.usable[i]
            and self.land[c, tier] < self.low[c, tier] - EPSILON
            and self.land[c, tier] + graph.area[i] <= self.high[c, tier] + EPSILON
        )

    def needs(self, c: int) -> bool:
        return bool((self.land[c] < self.low[c] - EPSILON).any())

    def grow(self, c: int, seed: int) -> list[int]:
        """Grow ``c`` from ``seed``; returns the parcels added (the caller may undo them)."""
        graph = self.problem.graph
        added: list[int] = []
        frontier: set[int] = set()
        current = seed
        while True:
            self.set(current, c)
            added.append(current)
            frontier.discard(current)
            frontier.update(j for j, _ in self.neighbours[current] if self.owner[j] == EMPTY)
            if not self.needs(c):
                return added
            cx, cy = graph.x[added].mean(), graph.y[added].mean()
            options = [i for i in frontier if self.wants(i, c)]
            if not options:  # the block touches no parcel it may take: start another block
                options = [i for i in range(graph.size) if self.wants(i, c)]
                if not options:
                    return added
                current = min(
                    options, key=lambda i: (np.hypot(graph.x[i] - cx, graph.y[i] - cy), i)
                )
                continue
            current = min(
                options,
                key=lambda i: (
                    round(self.cost(i, c), 9),
                    np.hypot(graph.x[i] - cx, graph.y[i] - cy),
                    i,
                ),
            )

    def score(self) -> float:
        """The objective, plus SPLIT for every block beyond one per group of touching tiers
        where each industry must be one block."""
        value = evaluate(self.problem, self.owner).objective
        if self.problem.contiguity:
            value += SPLIT * sum(self.extra_blocks(c) for c in range(len(self.problem.clusters)))
        return value

    def extra_blocks(self, c: int) -> int:
        """Blocks of ``c`` beyond one per group of touching tiers it has land in."""
        cells = set(np.flatnonzero(self.owner == c).tolist())
        count = 0
        while cells:
            queue = [cells.pop()]
            while queue:
                i = queue.pop()
                for j, _ in self.neighbours[i]:
                    if j in cells:
                        cells.discard(j)
                        queue.append(j)
            count += 1
        return max(0, count - self.groups[c])

    def undo(self, parcels: list[int]) -> None:
        for i in parcels:
            self.set(i, EMPTY)

    def seeds(self, c: int) -> list[int]:
        """Parcels to grow ``c`` from: those next to its chain partners already placed, and
        parcels spread evenly over its candidates."""
        partners = np.flatnonzero(self.strength[c, : len(self.problem.clusters)] > 0)
        beside = sorted(
            {
                j
                for i in np.flatnonzero(np.isin(self.owner, partners))
                for j, _ in self.neighbours[i]
                if self.wants(j, c)
            }
        )
        pool = [i for i in range(self.problem.graph.size) if self.wants(i, c)]
        return _spread(beside) + _spread(pool)

    def place(self, c: int) -> None:
        """Place ``c`` (not yet placed) where its block scores best."""
        best: tuple[float, int] | None = None
        for seed in self.seeds(c):
            added = self.grow(c, seed)
            score = self.score()
            if best is None or score < best[0] - EPSILON:
                best = (score, seed)
            self.undo(added)
        if best is not None:
            self.grow(c, best[1])

    def replace(self, c: int) -> bool:
        """Take ``c`` up and place it again where it fits best among the others; keep the move
        only if the objective falls."""
        before = self.owner.copy(), self.land.copy()
        value = self.score()
        self.undo(np.flatnonzero(self.owner == c).tolist())
        self.place(c)
        self.improve()
        if self.score() < value - EPSILON:
            return True
        self.owner, self.land = before
        return False

    def improve(self) -> None:
        """Move parcels along block edges and swap neighbours while the objective falls."""
        for _ in range(PASSES):
            if not (self._relocate() | self._swap()):
                return

    def _relocate(self) -> bool:
        improved = False
        for c in range(len(self.problem.clusters)):
            held = np.flatnonzero(self.owner == c)
            for i in held.tolist():
                if self.owner[i] != c:
                    continue
                leave = self.cost(i, EMPTY) - self.cost(i, c)
                self.set(i, EMPTY)
                targets = sorted(
                    {
                        j
                        for h in np.flatnonzero(self.owner == c).tolist()
                        for j, _ in self.neighbours[h]
                        if j != i
                        and self.problem.graph.tier[j] == self.problem.graph.tier[i]
                        and self.wants(j, c)
                    }
                )
                split = self.problem.contiguity and self.extra_blocks(c) > 0
                centre = self._centre(c, i)
                # a move must lower the objective, or keep it and bring the parcel nearer the
                # block's centre (blocks round off, and later moves find more to gain)
                best, best_key = i, (0.0, self._distance(i, centre) - 1e-6)
                for j in targets:
                    key = (round(leave + self.cost(j, c), 9), self._distance(j, centre))
                    if key < best_key and not (split and self._splits(j, c)):
                        best, best_key = j, key
                self.set(best, c)
                improved |= best != i
        return improved

    def _centre(self, c: int, otherwise: int) -> tuple[float, float]:
        """The centre of ``c``'s parcels (parcel ``otherwise``'s if it has none)."""
        graph, mine = self.problem.graph, self.owner == c
        if not mine.any():
            return float(graph.x[otherwise]), float(graph.y[otherwise])
        return float(graph.x[mine].mean()), float(graph.y[mine].mean())

    def _distance(self, i: int, centre: tuple[float, float]) -> float:
        graph = self.problem.graph
        return float(np.hypot(graph.x[i] - centre[0], graph.y[i] - centre[1]))

    def _splits(self, j: int, c: int) -> bool:
        """Whether giving parcel ``j`` to ``c`` leaves ``c`` in more blocks than it may have."""
        self.set(j, c)
        split = self.extra_blocks(c) > 0
        self.set(j, EMPTY)
        return split

    def _swap(self) -> bool:
        improved = False
        graph = self.problem.graph
        for a, b in zip(graph.a.tolist(), graph.b.tolist(), strict=True):
            c, d = self.owner[a], self.owner[b]
            if c == d or c == EMPTY or d == EMPTY or graph.tier[a] != graph.tier[b]:
                continue
            before = self.score()
            self.set(a, d)
            self.set(b, c)
            if self.score() < before - EPSILON and self._in_bands(c) and self._in_bands(d):
                improved = True
            else:
                self.set(a, c)
                self.set(b, d)
        return improved

    def _in_bands(self, c: int) -> bool:
        return bool(
            (self.land[c] >= self.low[c] - EPSILON).all()
            and (self.land[c] <= self.high[c] + EPSILON).all()
        )


def _spread(pool: list[int]) -> list[int]:
    """At most SEEDS of ``pool``, evenly spread over it."""
    if len(pool) <= SEEDS:
        return pool
    return [pool[k] for k in np.linspace(0, len(pool) - 1, SEEDS).round().astype(int)]


def greedy_layout(problem: ParkLayoutProblem) -> np.ndarray:
    """A compact layout: ``owner[i]`` the position in ``problem.clusters`` of parcel ``i``'s
    industry, or EMPTY."""
    layout = _Layout(problem)
    total = {n: sum(problem.land[c].values()) for n, c in enumerate(problem.clusters)}
    order = sorted(total, key=lambda n: (-total[n], n))
    for c in order:
        layout.place(c)
    layout.improve()
    for _ in range(ROUNDS):
        if not any([layout.replace(c) for c in order]):
            break
    return layout.owner.copy()
