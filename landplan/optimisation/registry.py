"""Every part of the allocation problem, found where it lives: a module in ``families/`` or
``terms/`` is a registered part (:mod:`landplan.optimisation.part`). The scenario schema and
assembly read the parts from here, so adding a part touches its module, its test and its verb
on :class:`~landplan.optimisation.problem.Problem` (``add_*``, written out there)."""

from __future__ import annotations

from typing import Any

from landplan.optimisation.part import ConstraintFamily, ObjectiveTerm, Part, Setting
from landplan.solving.model import registry

#: The constraint families and the objective terms, each in ORDER (their rows' order).
FAMILIES: tuple[type[ConstraintFamily], ...] = registry(
    "landplan.optimisation.families", ConstraintFamily
)
TERMS: tuple[type[ObjectiveTerm], ...] = registry("landplan.optimisation.terms", ObjectiveTerm)
PARTS: tuple[type[Part], ...] = (*TERMS, *FAMILIES)

#: Every scenario field a part declares, in the parts' order.
SETTINGS: tuple[Setting, ...] = tuple(setting for kind in PARTS for setting in kind.SETTINGS)


def default_settings() -> dict[str, Any]:
    """Every setting's default, by path."""
    return {setting.path: setting.default for setting in SETTINGS}


def part_named(name: str) -> type[Part]:
    """The part called ``name``."""
    return next(kind for kind in PARTS if kind.name == name)
