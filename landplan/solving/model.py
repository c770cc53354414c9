"""A linear model as landplan writes it: a PuLP problem, its rows labelled by family and key,
its objective by term, and the convention every compiler follows.

A model is compiled from *parts* (:class:`ModelPart`): constraint families and objective terms,
each owning its variables, its rows and its objective pairs. :func:`compile_parts` asks every
part for its variables, then every part for its rows, then every part for its objective pairs, in
the order given: the allocation (:mod:`landplan.optimisation.model`) and each park's layout
(:mod:`landplan.layout.model`) are compiled by it. Expressions are built from (variable,
coefficient) pairs, never by repeated ``+``, so compiling stays linear in the model's size.

The order of the rows steers a solver's path through equally good answers, so it is part of
the result: the same parts in the same order give the same rows, and the same answer.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections import defaultdict
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar, TypeVar

import pulp

#: Row senses, as :meth:`LinearModel.add_row` takes them.
LE, GE, EQ = "<=", ">=", "=="
SENSES = {LE: pulp.LpConstraintLE, GE: pulp.LpConstraintGE, EQ: pulp.LpConstraintEQ}

#: (variable, coefficient) pairs of a linear expression.
Pairs = list[tuple[Any, float]]


@dataclass(kw_only=True)
class LinearModel:
    """A PuLP problem with its rows by family: ``rows[family][key]`` is the row of that family
    for that key (e.g. ``rows["capacity"][("BA-01", "starting")]``), and ``terms[name]`` the
    signed expression an objective term contributes."""

    lp: pulp.LpProblem
    rows: dict[str, dict[Hashable, pulp.LpConstraint]] = field(
        default_factory=lambda: defaultdict(dict)
    )
    terms: dict[str, pulp.LpAffineExpression] = field(default_factory=dict)

    def add_variable(
        self,
        name: str,
        lower: float | None = None,
        upper: float | None = None,
        *,
        binary: bool = False,
    ) -> pulp.LpVariable:
        """A continuous variable (or a binary one), by name (names order the solver's columns)."""
        if binary:
            return self.lp.add_variable(name, 0, 1, cat=pulp.LpBinary)
        return self.lp.add_variable(name, lower, upper)

    def add_row(self, family: str, key: Hashable, pairs: Pairs, sense: str, rhs: float) -> None:
        """Add ``Σ coef · var  (sense)  rhs`` as row ``rows[family][key]``; ``sense`` is ``<=``,
        ``>=`` or ``==``. A key is written once: a second row under it is a compiler's bug."""
        rows = self.rows[family]
        if key in rows:
            raise ValueError(f"row {family}[{key!r}] written twice")
        name = f"{family}_{len(rows)}"
        row = pulp.LpConstraint(pulp.LpAffineExpression(pairs), SENSES[sense], name, rhs)
        self.lp.addConstraint(row, name)
        rows[key] = row

    def all_rows(self) -> list[pulp.LpConstraint]:
        """Every row of every family, in the order they were written."""
        return [row for family in self.rows.values() for row in family.values()]


class ModelPart:
    """A constraint family or an objective term: ``name``, the row families it writes
    (``ROWS``), where its rows go among the model's (``ORDER``, ascending), and its variables,
    rows and objective pairs (none by default)."""

    name: ClassVar[str] = ""
    ROWS: ClassVar[tuple[str, ...]] = ()
    ORDER: ClassVar[int] = 0

    @property
    def objective_name(self) -> str:
        """Its name in ``LinearModel.terms``."""
        return self.name

    def variables(self, model: Any) -> None:
        """Add the variables this part owns (none by default)."""

    def write(self, model: Any) -> None:
        """Add this part's rows (none by default)."""

    def objective(self, model: Any) -> Pairs:
        """Its (variable, coefficient) pairs in the objective (none by default)."""
        return []


def compile_parts(model: LinearModel, parts: Sequence[ModelPart]) -> None:
    """Write ``parts`` into ``model``: every part's variables, then every part's rows, then the
    objective, each part's pairs under its name in ``model.terms``."""
    for part in parts:
        part.variables(model)
    for part in parts:
        part.write(model)
    for part in parts:
        pairs = part.objective(model)
        if pairs:
            model.terms[part.objective_name] = pulp.LpAffineExpression(pairs)
    model.lp.setObjective(
        pulp.LpAffineExpression(
            (var, coef) for expression in model.terms.values() for var, coef in expression.items()
        )
    )


P = TypeVar("P", bound=ModelPart)


def registry(package: str, base: type[P]) -> tuple[type[P], ...]:
    """Every subclass of ``base`` defined in the modules of ``package`` (one module a part), in
    ``ORDER``: a new part is registered by adding its module, nothing else."""
    found = []
    for info in pkgutil.iter_modules(importlib.import_module(package).__path__):
        module = importlib.import_module(f"{package}.{info.name}")
        found += [
            value
            for value in vars(module).values()
            if isinstance(value, type)
            and issubclass(value, base)
            and value.__module__ == module.__name__
        ]
    return tuple(sorted(found, key=lambda kind: (kind.ORDER, kind.name)))
