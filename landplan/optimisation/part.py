"""What every constraint family and objective term of the allocation provides, so that each
lives in one module and nothing else has to list it.

A part is a frozen dataclass: its parameters, with its mathematics in the docstring (notation in
:mod:`landplan.optimisation.problem`), in ``families/`` (:class:`ConstraintFamily`) or
``terms/`` (:class:`ObjectiveTerm`), registered by being there
(:mod:`landplan.optimisation.registry`). It knows, in one place:

- ``ROWS`` and ``ORDER``: the row families it writes and where they go among the model's;
  :meth:`~landplan.solving.model.ModelPart.variables`, :meth:`~landplan.solving.model.ModelPart.
  write` and :meth:`~landplan.solving.model.ModelPart.objective`: its variables, rows and
  objective pairs (through ``Model.add_variable``/``Model.add_row``: no PuLP here, the problem
  stays a value);
- :meth:`Part.numbers`: the numbers of its rows that depend on demand or suitability. Compiling
  writes them and a re-solve (:mod:`landplan.optimisation.resolve`) changes them in place, from
  this one function;
- :meth:`Part.value`: its objective contribution evaluated on a plan
  (:func:`landplan.optimisation.evaluate.objective_terms`), and :meth:`Part.stake`: the most it
  can add to any plan's score (the scale of every gap);
- :meth:`Part.check`: what it can tell a planner before solving (diagnostics);
- ``SETTINGS`` and :meth:`Part.from_settings`: the fields it adds to a scenario file and how they
  make the part (the scenario schema and assembly read them from here);
- ``VERBS``: the ``Problem.add_*`` methods that add it (written out on the problem);
- what it tells the other parts through the problem (:meth:`Part.rules_out`,
  :meth:`Part.max_clusters_per_park`…): parts never import each other.

tests/optimisation/test_parts.py holds every part to these: a part that forgets one fails it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar, Protocol

from landplan.solving.model import ModelPart

if TYPE_CHECKING:
    import pandas as pd

    from landplan.optimisation.diagnostics import Diagnostic
    from landplan.optimisation.problem import Problem

#: A row: (row family, key).
RowKey = tuple[str, tuple]


@dataclass
class Numbers:
    """The data-dependent numbers of a part's rows: ``rhs[(row family, key)]`` and
    ``coefficients[(row family, key, variable kind, variable key)]`` (kinds: x, y, short, z,
    w, as ``Model`` holds them)."""

    rhs: dict[RowKey, float] = field(default_factory=dict)
    coefficients: dict[tuple[str, tuple, str, tuple], float] = field(default_factory=dict)


@dataclass(frozen=True)
class Setting:
    """A field a part adds to the scenario schema: its ``path`` (``section.key``, or a top-level
    ``key``), its type (a pydantic annotation, checks included), its ``default``, what it means,
    and whether a child scenario's list adds to its parent's instead of replacing it."""

    path: str
    annotation: Any
    default: Any
    description: str
    accumulates: bool = False

    @property
    def section(self) -> str | None:
        """The scenario section it lives in (None: the top level)."""
        return self.path.rpartition(".")[0] or None

    @property
    def key(self) -> str:
        return self.path.rpartition(".")[2]


class Names(Protocol):
    """How a part reads the names a planner writes in a scenario (ids, English or Chinese
    names), reporting an unknown one at its place ``loc`` in the file."""

    def cluster(self, name: str, *loc: str | int) -> str: ...

    def clusters_named(self, name: str, *loc: str | int) -> list[str]: ...

    def park(self, name: str, *loc: str | int) -> str: ...

    def district_parks(self, name: str, *loc: str | int) -> list[str]: ...


class Ids:
    """Names taken as the ids they are (a problem built in code, not from a scenario file)."""

    def cluster(self, name: str, *loc: str | int) -> str:
        return name

    def clusters_named(self, name: str, *loc: str | int) -> list[str]:
        return [name]

    def park(self, name: str, *loc: str | int) -> str:
        return name

    def district_parks(self, name: str, *loc: str | int) -> list[str]:
        return [name]


@dataclass(frozen=True)
class Part(ModelPart):
    """Base of constraint families and objective terms. ``name`` is the part's name in
    ``Problem.remove`` and, for a part with an objective contribution, in ``Model.terms`` and
    ``kpis.json`` (``term_<name>``)."""

    SETTINGS: ClassVar[tuple[Setting, ...]] = ()
    #: The :class:`~landplan.optimisation.problem.Problem` methods that add the part (each
    #: written out there, so that readers, editors and type checkers see it).
    VERBS: ClassVar[tuple[str, ...]] = ()
    #: Whether its verbs add to the part already there (locks) instead of replacing it.
    ACCUMULATES: ClassVar[bool] = False

    # --- from a scenario, and in code ---

    @classmethod
    def from_settings(cls, settings: Mapping[str, Any], names: Names) -> Part | None:
        """The part a scenario's settings ask for (by ``Setting.path``), or None where they
        leave it out; by default the part with its default parameters."""
        return cls()

    # --- in the model ---

    def numbers(self, problem: Problem) -> Numbers:
        """The numbers of its rows that depend on the data (none by default)."""
        return Numbers()

    def value(self, problem: Problem, allocation: pd.DataFrame) -> float | None:
        """Its objective contribution evaluated on a plan; None when it has none."""
        return None

    def check(self, problem: Problem) -> list[Diagnostic]:
        """What it can tell before solving (nothing by default)."""
        return []

    # --- what it tells the other parts, through the problem ---

    def rules_out(self, problem: Problem) -> dict[tuple[str, str], str]:
        """The presences (cluster_id, park_id) it forbids, each with why in words."""
        return {}

    def max_clusters_per_park(self) -> int | None:
        """The most industries it allows in one park (None: no cap)."""
        return None

    def max_parks_per_cluster(self) -> int | None:
        """The most parks it allows one industry (None: no cap)."""
        return None

    def max_park_share(self) -> float | None:
        """The largest share of a park's land it allows one industry (None: no cap)."""
        return None

    def hard_demand(self, problem: Problem) -> frozenset[str]:
        """The industries whose demand it makes a hard rule."""
        return frozenset()

    def minimum_sites(self, problem: Problem) -> pd.Series | None:
        """The least land of any site of each industry, if it sets one."""
        return None

    def gain_per_km2(self) -> float:
        """The most one km² of land can add to its objective contribution."""
        return 0.0

    def stake(self, problem: Problem) -> float:
        """The most its objective contribution can add to any plan's score (0 for a cost):
        its share of :attr:`~landplan.optimisation.problem.Problem.score_at_stake`."""
        return 0.0


@dataclass(frozen=True)
class ConstraintFamily(Part):
    """A constraint family (``landplan/optimisation/families/``)."""


@dataclass(frozen=True)
class ObjectiveTerm(Part):
    """An objective term (``landplan/optimisation/terms/``)."""
