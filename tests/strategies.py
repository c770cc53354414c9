"""Hypothesis strategies: random small allocation problems."""

from __future__ import annotations

from hypothesis import strategies as st
from tiny import tiny_problem

land = st.floats(0.0, 2.0, allow_nan=False).map(lambda v: round(v, 2))


@st.composite
def instances(draw, most_clusters=3, most_parks=3):
    n_clusters = draw(st.integers(2, most_clusters))
    n_parks = draw(st.integers(2, most_parks))
    clusters = [f"C{i}" for i in range(n_clusters)]
    parks = [f"P{j}" for j in range(n_parks)]
    demand = {}
    for c in clusters:
        first, extra = draw(land), draw(land)
        demand[c] = (first, round(first + extra, 2))
    units = []
    for p in parks:
        units.append((p, "starting", 2025, draw(land)))
        if draw(st.booleans()):
            units.append((p, "expansion", 2030, draw(land)))
    scores = {(c, p): draw(st.floats(0, 1)) for c in clusters for p in parks}
    footprints = {c: draw(st.sampled_from([0.0, 0.2, 0.5])) for c in clusters}
    pairs = [(c, p) for c in clusters for p in parks]
    locked = draw(st.lists(st.sampled_from(pairs), max_size=2, unique=True))
    excluded = draw(
        st.lists(st.sampled_from([q for q in pairs if q not in locked]), max_size=2, unique=True)
    )
    problem = (
        tiny_problem(
            demand,
            units,
            scores,
            footprints=footprints,
            horizons=(2025, 2030),
            links=[(clusters[0], clusters[1], 1.0)],
            min_share=draw(st.sampled_from([0.0, 0.2])),
        )
        .add_focus_constraints(draw(st.integers(1, 3)))
        .add_concentration_constraints(draw(st.integers(1, 3)))
        .add_locked_in_constraints(locked)
        .add_locked_out_constraints(excluded)
    )
    return problem
