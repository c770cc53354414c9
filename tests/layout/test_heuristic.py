"""The heuristic's bookkeeping (:mod:`landplan.layout.heuristic`): the fronts and shelves it
keeps up to date as parcels change hands give the answers a look at the whole park gives, on
random small parks (hypothesis), and its work grows in proportion to the parcels."""

from __future__ import annotations

import numpy as np
import pytest
from grids import grid_graph, problem
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from landplan.layout.heuristic import DIGITS, EPSILON, Layout, rounded
from landplan.layout.problem import EMPTY, evaluate

TIERS = ("starting", "expansion")
CHECKS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def layouts(draw):
    """A random small park (two tiers in bands of columns, some parcels unusable, up to three
    industries, the first two linked) and a layout built by random changes of hands."""
    rows, columns = draw(st.integers(2, 6)), draw(st.integers(2, 6))
    n = rows * columns
    cut = draw(st.integers(1, columns))
    tiers = {i: TIERS[i % columns >= cut] for i in range(n)}
    unusable = set(draw(st.lists(st.integers(0, n - 1), max_size=n // 4)))
    clusters = [f"C{k}" for k in range(draw(st.integers(1, 3)))]
    land = {c: {t: draw(st.sampled_from([1.0, 2.0, 4.0])) for t in TIERS} for c in clusters}
    strength = draw(st.sampled_from([0.5, 1.0]))
    links = [(clusters[0], clusters[1], strength)] if len(clusters) > 1 else []
    layout = Layout(problem(grid_graph(rows, columns, tiers, unusable), land, links))
    changes = st.tuples(st.integers(0, n - 1), st.integers(EMPTY, len(clusters) - 1))
    for i, c in draw(st.lists(changes, max_size=3 * n)):
        layout.give(i, c)
    return layout


def touching(layout: Layout, c: int, j: int) -> bool:
    return any(layout.owner[h] == c for h in layout.beside[j])


@CHECKS
@given(layouts())
def test_the_land_held_and_the_fronts_are_what_the_layout_shows(layout):
    n = layout.problem.graph.size
    assert layout.held == layout.owner.tolist()
    for c in range(len(layout.problem.clusters)):
        counts = [sum(layout.owner[h] == c for h in layout.beside[j]) for j in range(n)]
        assert layout.touching[c] == counts
        assert layout.front[c] == {
            j for j in range(n) if layout.owner[j] == EMPTY and touching(layout, c, j)
        }
        land = [layout.problem.graph.area[(layout.owner == c) & (layout.tier_of == t)].sum()
                for t in range(len(layout.tiers))]  # fmt: skip
        assert layout.land[c] == pytest.approx(land)
        assert layout.short[c] == {
            t for t, held in enumerate(land) if held < layout.low[c][t] - 1e-9
        }


@CHECKS
@given(layouts(), st.data())
def test_the_cheapest_parcels_are_those_a_look_at_the_whole_front_finds(layout, data):
    n = layout.problem.graph.size
    c = data.draw(st.integers(0, len(layout.problem.clusters) - 1))
    leave = data.draw(st.sampled_from([0.0, 1.0, -2.0, 4.0]))
    besides = data.draw(st.integers(EMPTY, n - 1))
    tiers = layout.short[c]
    wanted = layout.wants(c)
    change = {
        j: rounded(leave + layout.cost(j, c))
        for j in range(n)
        if j != besides and wanted[j] and touching(layout, c, j) and layout.tier_list[j] in tiers
    }
    least = min(change.values(), default=np.inf)
    assert layout.cheapest(c, tiers, leave, besides) == (
        least,
        sorted(j for j, value in change.items() if value == least),
    )


@CHECKS
@given(layouts(), st.data())
def test_a_parcel_moves_where_a_look_at_every_target_sends_it(layout, data):
    """The straightforward move (every parcel next to the industry's land, in position order,
    against the one that left) and the move read from the shelves are the same; a parcel said
    to stay before it is taken up does."""
    held = [(i, c) for i, c in enumerate(layout.held) if c != EMPTY]
    if not held:
        return
    i, c = data.draw(st.sampled_from(held))
    leave = layout.cost(i, EMPTY) - layout.cost(i, c)
    stays = layout._stays(c, i, leave)
    layout.give(i, EMPTY)
    wanted, tier = layout.wants(c), layout.tier_list[i]
    floor = layout.low[c][tier] - layout.land[c][tier]  # the move keeps c's land in its band
    targets = [
        j
        for j in range(layout.problem.graph.size)
        if j != i
        and layout.tier_list[j] == tier
        and wanted[j]
        and touching(layout, c, j)
        and layout.area[j] >= floor - EPSILON
    ]
    centre = layout._centre(c, i)
    best, best_key = i, (0.0, layout._distance(i, centre) - 1e-6)
    for j in targets:
        key = (round(leave + layout.cost(j, c), DIGITS), layout._distance(j, centre))
        if key < best_key:
            best, best_key = j, key
    assert layout._destination(c, i, leave) == best
    assert best == i or not stays  # told before it was taken up, and rightly


@given(st.floats(-1e3, 1e3) | st.integers(-(10**6), 10**6).map(lambda k: k * 5e-10))
def test_prices_are_rounded_as_numpy_rounds(value):
    assert rounded(value) == round(np.float64(value), DIGITS)


@CHECKS
@given(layouts(), st.data())
def test_a_swap_priced_on_its_two_parcels_changes_the_objective_as_much(layout, data):
    graph = layout.problem.graph
    owner = layout.owner
    pairs = [
        (a, b)
        for a, b in zip(graph.a.tolist(), graph.b.tolist(), strict=True)
        if owner[a] != owner[b] and owner[a] != EMPTY and owner[b] != EMPTY
    ]
    if not pairs:
        return
    a, b = data.draw(st.sampled_from(pairs))
    c, d = layout.held[a], layout.held[b]
    before = evaluate(layout.problem, owner).objective
    here = layout.cost(a, c) + layout.cost(b, d)
    layout.give(a, d)
    layout.give(b, c)
    change = layout.cost(a, d) + layout.cost(b, c) - here
    assert change == pytest.approx(evaluate(layout.problem, layout.owner).objective - before)


def test_growing_and_moving_price_parcels_in_proportion_to_the_parcels(monkeypatch):
    """Four times the parcels, about four times the pricing (a look at the whole edge of the
    land at every step priced about eight times as many: ``n^1.5``)."""
    priced = []

    def work(side: int) -> tuple[int, int]:
        n = side * side
        land = {"A": {"starting": n / 2}, "B": {"starting": n / 4}}
        layout = Layout(problem(grid_graph(side, side), land, [("A", "B", 1.0)]))
        priced.clear()
        layout.grow(0, 0)
        layout.grow(1, n - 1)
        grown = len(priced)
        layout._relocate()
        return grown, len(priced) - grown

    cost = Layout.cost
    monkeypatch.setattr(Layout, "cost", lambda self, i, c: priced.append(i) or cost(self, i, c))
    small, large = work(16), work(32)
    assert large[0] <= 5 * small[0] and large[1] <= 5 * small[1]
