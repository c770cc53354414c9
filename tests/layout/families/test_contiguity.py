"""Each industry one block: a flow through its parcels from one root."""

from __future__ import annotations

import numpy as np
from grids import broken, grid_graph, problem

from landplan.layout.families.contiguity import ContiguityConstraints
from landplan.layout.model import compile_layout
from landplan.layout.problem import layout_faults


def test_only_where_asked_and_only_for_industries_of_more_than_one_parcel():
    free = problem(grid_graph(1, 5), {"A": {"starting": 2.0}})
    assert not ContiguityConstraints.applies(free) and not compile_layout(free).roots
    tied = problem(grid_graph(1, 5), {"A": {"starting": 2.0}, "B": {"starting": 1.0}}, contiguity=True)  # fmt: skip
    model = compile_layout(tied)
    assert {c for c, _ in model.roots} == {"A"}  # B holds one parcel: always one block
    assert ("A", "group 0") in model.rows["root"] and len(model.flows) == 8


def test_a_split_block_breaks_the_flow_and_a_joined_one_keeps_it():
    case = problem(grid_graph(1, 5), {"A": {"starting": 2.0}}, contiguity=True)
    model = compile_layout(case)
    joined, split = np.array([0, 0, -1, -1, -1]), np.array([0, -1, 0, -1, -1])
    assert not broken(model, joined, "flow") and not broken(model, joined, "root")
    assert broken(model, split, "flow") or broken(model, split, "root")
    assert layout_faults(case, split) and not layout_faults(case, joined)


def test_tiers_that_do_not_touch_have_a_root_each():
    """Starting cells on the left, reserve on the right, a column of expansion between."""
    tiers = {i: ("starting", "expansion", "reserve")[i % 3] for i in range(9)}
    land = {"A": {"starting": 2.0, "reserve": 2.0}}
    model = compile_layout(problem(grid_graph(3, 3, tiers), land, contiguity=True))
    sums = [key for key in model.rows["root"] if isinstance(key[1], str)]
    assert sums == [("A", "group 0"), ("A", "group 1")]
