"""A compact layout found quickly: grow each industry from its best seed, then improve.

Industries are placed largest first. Each is grown from a few dozen seeds (cells spread over
its candidate parcels, or the parcels next to a chain partner already placed) by adding, one at
a time, the parcel that lowers the objective most (ties: nearest the block's centre), in tiers
where it still needs land; the seed whose block scores best is kept. A local search then moves
single parcels along block edges (to a parcel of the same tier whose area keeps the land in its
band, where parcels differ in size) and swaps neighbouring parcels of two industries while that
lowers the objective. Then each industry in turn is taken up and placed again among the others,
and each two chain partners together (the larger first: the smaller then grows beside it, where
moving one parcel at a time seldom brings two settled blocks together), each change kept only
if the objective falls. Everything is in a fixed order, so the same problem gives the same
layout.

The result is a start: :mod:`landplan.layout.anneal` walks on from it, and
:mod:`landplan.layout.solve` proves how far it can be from the best layout and improves it with
a solver when that is too far and the park is small.

**Time.** Every choice above looks for the cheapest parcel next to an industry's land, and a
straightforward search prices the whole edge of the land (or, moving a parcel, every parcel of
the industry and their neighbours) at every step: the time per park grew as about ``n^1.6`` in
parcels (issue 25: 1.5 s at 4 ha, 27 s at 0.5 ha on BA-04). The layout being built therefore
keeps, for each industry, the empty parcels next to its land (its *front*) on *shelves* by tier
and by what each parcel would add to the objective, brought up to date only where parcels
changed hands since it last looked. A choice reads the cheapest shelves and measures distances
(the tie-break) only among the parcels on them. A swap is priced on its two parcels before the
whole park is scored, and only one that is not clearly worse is scored. The decisions are the
same as the straightforward search's, tie for tie, in the same order of parcels, and every change
of hands is the same: the same problem gives the same layout as before, only sooner, and the
work per park grows in proportion to its parcels (``bench/layout.py --parts cells``).
"""

from __future__ import annotations

import math
from typing import Any

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
#: Digits a parcel's price is rounded to before two are compared (float noise is no difference),
#: and the scale that rounds to them.
DIGITS = 9
SCALE = 10.0**DIGITS
#: A rounded value is within half of this of the value.
ROUNDING = 1 / SCALE
#: A swap whose change, priced on its two parcels alone, is above this cannot lower the
#: objective: it is not priced again on the whole park (sums over a park err by far less).
CLEARLY_WORSE = 1e-6


class Layout:
    """The layout being built, with what the moves need to price a change quickly: ``owner``
    (an array, for what reads the whole park) and ``held`` (the same as a list, for what reads
    one parcel), the land each industry holds in each tier, and each industry's front and
    shelves (see the module's docstring)."""

    def __init__(self, problem: ParkLayoutProblem) -> None:
        self.problem = problem
        graph = problem.graph
        self.neighbours = graph.neighbours()
        self.beside = [[j for j, _ in row] for row in self.neighbours]
        self.owner = np.full(graph.size, EMPTY)
        k = len(problem.clusters)
        position = {c: n for n, c in enumerate(problem.clusters)}
        self.strength = np.zeros((k + 1, k + 1))  # row/column k: EMPTY
        for c, q, w in problem.links:
            self.strength[position[c], position[q]] = self.strength[position[q], position[c]] = w
        # the terms of a parcel's price, as floats (a numpy scalar costs more to read than to use)
        self.outline = (problem.boundary_weight * graph.perimeter).tolist()
        self.inside = 2 * problem.boundary_weight
        self.partner = (problem.partner_weight * self.strength).tolist()
        self.area = graph.area.tolist()
        self.usable = graph.usable.tolist()
        self.tiers = sorted(set(graph.tier.tolist()))
        self.tier_of = np.array([self.tiers.index(t) for t in graph.tier])
        self.tier_list = self.tier_of.tolist()
        # by industry and tier: the band, and the land held (lists: read one at a time)
        self.low = [[0.0] * len(self.tiers) for _ in range(k)]
        self.high = [[0.0] * len(self.tiers) for _ in range(k)]
        for n, c in enumerate(problem.clusters):
            for m, t in enumerate(self.tiers):
                if t in problem.land[c]:
                    self.low[n][m], self.high[n][m] = problem.band(c, t)
        self.land = [[0.0] * len(self.tiers) for _ in range(k)]
        self.groups = [len(problem.touching_groups((c,))) for c in problem.clusters]
        self.whole = [problem.must_be_whole(c) for c in problem.clusters]
        self._derive()

    def _derive(self) -> None:
        """What the choices read, from ``owner`` (at the start, and when a move is taken back):
        ``held``; for each industry ``c``, ``short[c]`` the tiers where it still needs land
        (kept by :meth:`_hold`), ``touching[c][j]`` the neighbours of parcel ``j``
        that ``c`` holds, its ``front`` (the empty parcels touching its land), its ``shelves``
        (the usable front parcels by (tier, rounded price); each one's key in ``shelved``, its
        price in ``priced``), and ``stale``, the parcels that changed hands since its shelves
        were last brought up to date (all of its front here: the shelves start empty)."""
        graph, k = self.problem.graph, len(self.problem.clusters)
        self.held: list[int] = self.owner.tolist()
        tiers = range(len(self.tiers))
        self.short = [
            {t for t in tiers if _short(self.land[c][t], self.low[c][t])} for c in range(k)
        ]
        a, b = graph.a, graph.b
        self.touching: list[list[int]] = [
            (
                np.bincount(a[self.owner[b] == c], minlength=graph.size)
                + np.bincount(b[self.owner[a] == c], minlength=graph.size)
            ).tolist()
            for c in range(k)
        ]
        empty = self.owner == EMPTY
        self.front = [
            set(np.flatnonzero(empty & (np.array(t) > 0)).tolist()) for t in self.touching
        ]
        self.shelves: list[dict[tuple[int, float], set[int]]] = [{} for _ in range(k)]
        self.shelved: list[dict[int, tuple[int, float]]] = [{} for _ in range(k)]
        self.priced: list[dict[int, float]] = [{} for _ in range(k)]
        self.stale = [set(front) for front in self.front]

    def cost(self, i: int, c: int) -> float:
        """Parcel ``i``'s share of the objective if it held ``c`` (others unchanged): its price."""
        if c == EMPTY:
            return 0.0
        total = self.outline[i]
        for j, length in self.neighbours[i]:
            d = self.held[j]
            if d == c:
                total -= self.inside * length
            elif d != EMPTY:
                total -= self.partner[c][d] * length
        return total

    def give(self, i: int, c: int) -> None:
        """Give parcel ``i`` to ``c`` (EMPTY: to none), keeping the fronts up to date."""
        area, tier = self.area[i], self.tier_list[i]
        old = self.held[i]
        if old != EMPTY:
            self._hold(old, tier, -area)
        if c != EMPTY:
            self._hold(c, tier, area)
        self.owner[i] = self.held[i] = c
        for j in self.beside[i]:
            empty = self.held[j] == EMPTY
            if old != EMPTY:
                self.touching[old][j] -= 1
                if empty and not self.touching[old][j]:
                    self.front[old].discard(j)
            if c != EMPTY:
                self.touching[c][j] += 1
                if empty:
                    self.front[c].add(j)
        for d, front in enumerate(self.front):
            if c != EMPTY:
                front.discard(i)
            elif self.touching[d][i]:
                front.add(i)
            self.stale[d].add(i)

    def _hold(self, c: int, tier: int, area: float) -> None:
        """Add ``area`` to ``c``'s land in ``tier`` (or take it away, negative), and say in
        ``short[c]`` whether ``c`` still needs land there."""
        self.land[c][tier] += area
        if _short(self.land[c][tier], self.low[c][tier]):
            self.short[c].add(tier)
        else:
            self.short[c].discard(tier)

    def wants(self, c: int) -> np.ndarray:
        """Which parcels are empty and usable, in a tier where ``c`` still needs land, and fit
        in its band there."""
        graph, tier = self.problem.graph, self.tier_of
        land = np.array(self.land[c])[tier]
        return (
            (self.owner == EMPTY)
            & graph.usable
            & _short(land, np.array(self.low[c])[tier])
            & _fits(land, graph.area, np.array(self.high[c])[tier])
        )

    def _shelve(self, c: int) -> None:
        """Bring ``c``'s shelves up to date: a parcel's price and its place on the front change
        only when it or a neighbour changes hands, so only the parcels around ``stale`` ones
        are priced again."""
        shelves, shelved, priced = self.shelves[c], self.shelved[c], self.priced[c]
        around = set(self.stale[c])
        for i in self.stale[c]:
            around.update(self.beside[i])
        self.stale[c].clear()
        for j in around:
            key = shelved.pop(j, None)
            if key is not None:
                shelves[key].discard(j)
                if not shelves[key]:
                    del shelves[key]
            if j in self.front[c] and self.usable[j]:
                priced[j] = self.cost(j, c)
                key = shelved[j] = (self.tier_list[j], rounded(priced[j]))
                shelves.setdefault(key, set()).add(j)

    def cheapest(
        self,
        c: int,
        tiers: set[int],
        leave: float = 0.0,
        besides: int = EMPTY,
        floor: float = 0.0,
    ) -> tuple[float, list[int]]:
        """The parcels of ``c``'s front in ``tiers`` (where it must still need land) that fit
        its band, but ``besides``, whose change to the objective if ``c`` took them,
        ``rounded(leave + price)``, is least, in position order; and that change (inf and none
        if there are none). Only the cheapest shelves are read: a shelf priced above the least
        change found, by more than rounding, holds no parcel as cheap."""
        self._shelve(c)
        shelves, priced = self.shelves[c], self.priced[c]
        least, found = math.inf, []
        for price, tier in sorted((price, tier) for tier, price in shelves if tier in tiers):
            if leave + price > least + 2 * ROUNDING:
                break
            for j in shelves[tier, price]:
                if (
                    j != besides
                    and self.area[j] >= floor - EPSILON
                    and _fits(self.land[c][tier], self.area[j], self.high[c][tier])
                ):
                    change = rounded(leave + priced[j])
                    if change < least:
                        least, found = change, [j]
                    elif change == least:
                        found.append(j)
        return least, sorted(found)

    def grow(self, c: int, seed: int) -> list[int]:
        """Grow ``c`` (holding nothing yet) from ``seed``, adding the parcel next to its land
        that costs least (ties: nearest the centre of the parcels added, then the first);
        returns the parcels added, in order (the caller may undo them)."""
        graph = self.problem.graph
        added: list[int] = []
        xs, ys = np.empty(graph.size), np.empty(graph.size)  # the added parcels' centres
        for kept in (self.shelves[c], self.shelved[c], self.priced[c], self.stale[c]):
            kept.clear()  # c holds nothing, so has no front: nothing to bring up to date
        current = seed
        while True:
            self.give(current, c)
            xs[len(added)], ys[len(added)] = graph.x[current], graph.y[current]
            added.append(current)
            if not self.short[c]:
                return added
            _, options = self.cheapest(c, self.short[c])
            if len(options) == 1:
                current = options[0]
                continue
            # the mean, as ndarray.mean sums and divides, without its overhead
            centre = (
                np.add.reduce(xs[: len(added)]) / len(added),
                np.add.reduce(ys[: len(added)]) / len(added),
            )
            if not options:  # the block touches no parcel it may take: start another block
                options = np.flatnonzero(self.wants(c)).tolist()
                if not options:
                    return added
            current = self._nearest(options, centre)

    def _nearest(self, cells: list[int], centre: tuple[float, float]) -> int:
        """The parcel of ``cells`` (in position order) nearest ``centre`` (ties: the first)."""
        graph, at = self.problem.graph, np.array(cells)
        return cells[int(np.argmin(np.hypot(graph.x[at] - centre[0], graph.y[at] - centre[1])))]

    def score(self) -> float:
        """The objective, plus SPLIT for every block beyond one per group of touching tiers
        of each industry that must be one block."""
        value = evaluate(self.problem, self.owner).objective
        return value + SPLIT * sum(
            self.extra_blocks(c) for c, whole in enumerate(self.whole) if whole
        )

    def extra_blocks(self, c: int) -> int:
        """Blocks of ``c`` beyond one per group of touching tiers it has land in."""
        cells = set(np.flatnonzero(self.owner == c).tolist())
        count = 0
        while cells:
            queue = [cells.pop()]
            while queue:
                i = queue.pop()
                for j in self.beside[i]:
                    if j in cells:
                        cells.discard(j)
                        queue.append(j)
            count += 1
        return max(0, count - self.groups[c])

    def undo(self, parcels: list[int]) -> None:
        for i in parcels:
            self.give(i, EMPTY)

    def seeds(self, c: int) -> list[int]:
        """Parcels to grow ``c`` from: those next to its chain partners already placed, and
        parcels spread evenly over its candidates."""
        wanted = self.wants(c)
        near = np.zeros_like(wanted)
        for partner in np.flatnonzero(self.strength[c, : len(self.problem.clusters)] > 0):
            near |= np.array(self.touching[partner]) > 0
        beside = np.flatnonzero(wanted & near).tolist()
        return _spread(beside) + _spread(np.flatnonzero(wanted).tolist())

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

    def replace(self, *industries: int) -> bool:
        """Take ``industries`` up and place them again, one after the other, where each fits
        best among the others; keep the move only if the objective falls."""
        before = self.owner.copy(), [row.copy() for row in self.land]
        value = self.score()
        self.undo(np.flatnonzero(np.isin(self.owner, industries)).tolist())
        for c in industries:
            self.place(c)
        self.improve()
        if self.score() < value - EPSILON:
            return True
        self.owner, self.land = before
        self._derive()
        return False

    def improve(self) -> None:
        """Move parcels along block edges and swap neighbours while the objective falls."""
        for _ in range(PASSES):
            if not (self._relocate() | self._swap()):
                return

    def _relocate(self) -> bool:
        improved = False
        for c in range(len(self.problem.clusters)):
            for i in np.flatnonzero(self.owner == c).tolist():
                if self.held[i] != c:
                    continue
                leave = self.cost(i, EMPTY) - self.cost(i, c)
                if self._stays(c, i, leave):  # taken up and put back: its land, as give does
                    self._hold(c, self.tier_list[i], -self.area[i])
                    self._hold(c, self.tier_list[i], self.area[i])
                    continue
                self.give(i, EMPTY)
                best = self._destination(c, i, leave)
                self.give(best, c)
                improved |= best != i
        return improved

    def _stays(self, c: int, i: int, leave: float) -> bool:
        """Whether parcel ``i`` of ``c`` surely goes back where it is, told before it is taken
        up (most parcels of a block do, at every pass): ``c`` would not need land in its tier
        without it, or every parcel of ``c``'s front there is priced so that moving ``i`` to it
        raises the objective. Taking ``i`` away only raises its neighbours' prices and takes
        parcels off the front, so what holds now holds then."""
        tier = self.tier_list[i]
        if not _short(self.land[c][tier] - self.area[i], self.low[c][tier]):
            return True
        self._shelve(c)
        prices = [price for shelf, price in self.shelves[c] if shelf == tier]
        return leave + min(prices, default=math.inf) > 2 * ROUNDING

    def _destination(self, c: int, i: int, leave: float) -> int:
        """Where parcel ``i``, just taken from ``c`` (``leave``: the change that made), goes: a
        parcel of ``c``'s front in its tier whose move lowers the objective, or keeps it and is
        nearer the centre of ``c``'s land (blocks round off, and later moves find more to gain):
        the one that does so most, the first of equals; ``i`` itself if none does. Only the
        cheapest moves can be best, so only they are measured; but where ``c`` is in too many
        blocks, a move that splits it further is no move, and every one is measured in turn."""
        tier = self.tier_list[i]
        if tier not in self.short[c]:  # c wants no parcel of the tier: i goes back
            return i
        split = self.whole[c] and self.extra_blocks(c) > 0
        if split:
            wanted = self.wants(c)
            floor = self.low[c][tier] - self.land[c][tier]
            targets = sorted(
                j
                for j in self.front[c]
                if j != i
                and self.tier_list[j] == tier
                and wanted[j]
                and self.area[j] >= floor - EPSILON
            )
        else:
            floor = self.low[c][tier] - self.land[c][tier]
            change, targets = self.cheapest(c, {tier}, leave, besides=i, floor=floor)
            if change > 0:  # every move raises the objective
                return i
            if change < 0 and len(targets) == 1:  # one move lowers it most
                return targets[0]
        centre = self._centre(c, i)
        best, best_key = i, (0.0, self._distance(i, centre) - 1e-6)
        for j in targets:
            key = (rounded(leave + self.cost(j, c)), self._distance(j, centre))
            if key < best_key and not (split and self._splits(j, c)):
                best, best_key = j, key
        return best

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
        self.give(j, c)
        split = self.extra_blocks(c) > 0
        self.give(j, EMPTY)
        return split

    def _swap(self) -> bool:
        """Swap neighbouring parcels of two industries where that lowers the score. A swap is
        priced on its two parcels first (the objective changes by their change of price: the
        edge between them keeps its two industries); only one not clearly worse is scored on
        the whole park, which decides as it always did (with contiguity, where a swap can also
        join blocks, every one is)."""
        improved = False
        graph = self.problem.graph
        value = self.score()  # the score depends on the layout alone: kept until a swap is made
        for a, b in zip(graph.a.tolist(), graph.b.tolist(), strict=True):
            c, d = self.held[a], self.held[b]
            if c == d or c == EMPTY or d == EMPTY or self.tier_list[a] != self.tier_list[b]:
                continue
            here = self.cost(a, c) + self.cost(b, d)
            self.give(a, d)
            self.give(b, c)
            change = self.cost(a, d) + self.cost(b, c) - here
            if self.whole[c] or self.whole[d] or change <= CLEARLY_WORSE:
                after = self.score()
                if after < value - EPSILON and self._in_bands(c) and self._in_bands(d):
                    improved, value = True, after
                    continue
            self.give(a, c)
            self.give(b, d)
        return improved

    def _in_bands(self, c: int) -> bool:
        return all(
            low - EPSILON <= land <= high + EPSILON
            for land, low, high in zip(self.land[c], self.low[c], self.high[c], strict=True)
        )


def _short(land: Any, low: Any) -> Any:
    """Whether ``land`` is still below a band from ``low`` (floats, or arrays: a mask)."""
    return land < low - EPSILON


def _fits(land: Any, area: Any, high: Any) -> Any:
    """Whether ``area`` more than ``land`` is within a band up to ``high`` (as ``_short``)."""
    return land + area <= high + EPSILON


def rounded(value: float) -> float:
    """``value`` rounded to DIGITS decimals as numpy rounds (scaled, to the nearest even
    integer, scaled back), on a float: prices are compared rounded, so float noise is no
    difference, and numpy's own rounding of one number takes microseconds."""
    return round(value * SCALE) / SCALE


def _spread(pool: list[int]) -> list[int]:
    """At most SEEDS of ``pool``, evenly spread over it."""
    if len(pool) <= SEEDS:
        return pool
    return [pool[k] for k in np.linspace(0, len(pool) - 1, SEEDS).round().astype(int)]


def greedy_layout(problem: ParkLayoutProblem) -> np.ndarray:
    """A compact layout: ``owner[i]`` the position in ``problem.clusters`` of parcel ``i``'s
    industry, or EMPTY."""
    layout = Layout(problem)
    total = {n: sum(problem.land[c].values()) for n, c in enumerate(problem.clusters)}
    order = sorted(total, key=lambda n: (-total[n], n))
    for c in order:
        layout.place(c)
    layout.improve()
    for _ in range(ROUNDS):
        if not any([layout.replace(c) for c in order]):
            break
    position = {c: n for n, c in enumerate(problem.clusters)}
    pairs = [sorted((position[c], position[q]), key=order.index) for c, q, _ in problem.links]
    for _ in range(ROUNDS):  # chain partners placed again together, the larger first
        if not any([layout.replace(*pair) for pair in pairs]):
            break
    return layout.owner.copy()
