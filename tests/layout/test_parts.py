"""Every family of a park's layout model keeps the contract of :mod:`landplan.layout.part`:
registered by its module, its mathematics stated, a test file of its own, the rows it declares."""

from __future__ import annotations

import inspect
from pathlib import Path

import pytest
from grids import grid_graph, problem

from landplan.layout.families import FAMILIES
from landplan.layout.model import compile_layout, layout_parts
from landplan.layout.part import LayoutFamily

TESTS = Path(__file__).parent / "families"
#: Two linked industries in two touching tiers, one block each: every family writes rows.
TIERS = {i: "starting" if i % 3 < 2 else "expansion" for i in range(9)}
EVERY = problem(
    grid_graph(3, 3, TIERS),
    {"A": {"starting": 2.0, "expansion": 1.0}, "B": {"starting": 2.0}},
    links=[("A", "B", 1.0)],
    contiguity=True,
)


def test_every_family_is_registered_by_its_module_in_a_fixed_order():
    package = Path(inspect.getfile(LayoutFamily)).parent / "families"
    on_disk = {p.stem for p in package.glob("*.py")} - {"__init__"}
    assert on_disk == {kind.__module__.rsplit(".", 1)[-1] for kind in FAMILIES}
    assert [kind.ORDER for kind in FAMILIES] == sorted(kind.ORDER for kind in FAMILIES)
    assert [type(part) for part in layout_parts(EVERY)] == list(FAMILIES)


@pytest.mark.parametrize("kind", FAMILIES, ids=lambda kind: kind.__name__)
def test_each_family_states_its_mathematics_and_has_its_own_tests(kind):
    doc = inspect.getdoc(kind) or ""
    assert "``" in doc and any(sign in doc for sign in "≤≥=Σ"), f"{kind.__name__}: no formula"
    assert (TESTS / f"test_{kind.__module__.rsplit('.', 1)[-1]}.py").is_file()
    assert kind.name and kind.ROWS


def test_the_rows_each_family_writes_are_the_rows_it_declares():
    model = compile_layout(EVERY)
    declared = {row for kind in FAMILIES for row in kind.ROWS}
    assert set(model.rows) == declared
    order = [family for kind in FAMILIES for family in kind.ROWS]
    assert list(model.rows) == order  # rows in the families' order: the same model every time


def test_the_objective_is_the_terms_the_families_declare():
    model = compile_layout(EVERY)
    assert set(model.terms) == {"boundary", "partner"}
