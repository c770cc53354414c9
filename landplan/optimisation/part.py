"""What every constraint family and objective term provides, so that each lives in one module.

A part is a frozen dataclass: its parameters, with its mathematics in the docstring (notation in
:mod:`landplan.optimisation.problem`). It knows, in one place:

- ``ROWS``: the names of the row families it writes (``Model.rows`` keys);
- :meth:`Part.variables` and :meth:`Part.write`: the variables it owns and its rows, through
  ``Model.add_variable``/``Model.add_row`` (no PuLP here: the problem stays a value);
- :meth:`Part.numbers`: the numbers of its rows that depend on demand or suitability. Compiling
  writes them and a re-solve (:mod:`landplan.optimisation.resolve`) changes them in place, from
  this one function;
- :meth:`Part.objective` and :meth:`Part.value`: its objective contribution in the model, and the
  same contribution evaluated on a plan (:func:`landplan.optimisation.evaluate.objective_terms`);
- :meth:`Part.check`: what it can tell a planner before solving (diagnostics).

tests/optimisation/test_parts.py holds every part to these: a part that forgets one fails it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

if TYPE_CHECKING:
    import pandas as pd

    from landplan.optimisation.diagnostics import Diagnostic
    from landplan.optimisation.model import Model
    from landplan.optimisation.problem import Problem

#: Row senses, as ``Model.add_row`` takes them.
LE, GE, EQ = "<=", ">=", "=="

#: A row: (row family, key).
RowKey = tuple[str, tuple]
#: (variable, coefficient) pairs of a linear expression.
Pairs = list[tuple[Any, float]]


@dataclass
class Numbers:
    """The data-dependent numbers of a part's rows: ``rhs[(row family, key)]`` and
    ``coefficients[(row family, key, variable kind, variable key)]`` (kinds: x, y, short, z,
    w, as ``Model`` holds them)."""

    rhs: dict[RowKey, float] = field(default_factory=dict)
    coefficients: dict[tuple[str, tuple, str, tuple], float] = field(default_factory=dict)


@dataclass(frozen=True)
class Part:
    """Base of constraint families and objective terms. ``name`` is the part's name in
    ``Problem.remove`` and, for a part with an objective contribution, in ``Model.terms`` and
    ``kpis.json`` (``term_<name>``)."""

    name: ClassVar[str] = ""
    ROWS: ClassVar[tuple[str, ...]] = ()

    @property
    def objective_name(self) -> str:
        """Its name in ``Model.terms`` and in the evaluation of a plan."""
        return self.name

    def variables(self, model: Model) -> None:
        """Add the variables this part owns (none by default)."""

    def write(self, model: Model) -> None:
        """Add this part's rows (none by default)."""

    def numbers(self, problem: Problem) -> Numbers:
        """The numbers of its rows that depend on the data (none by default)."""
        return Numbers()

    def objective(self, model: Model) -> Pairs:
        """Its (variable, coefficient) pairs in the objective (none by default)."""
        return []

    def value(self, problem: Problem, allocation: pd.DataFrame) -> float | None:
        """Its objective contribution evaluated on a plan; None when it has none."""
        return None

    def check(self, problem: Problem) -> list[Diagnostic]:
        """What it can tell before solving (nothing by default)."""
        return []
