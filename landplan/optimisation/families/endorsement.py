"""Strict policy: only the districts the policy names."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from landplan.i18n import N_, keep
from landplan.optimisation.part import ConstraintFamily, Names, Setting
from landplan.solving.model import LE

if TYPE_CHECKING:
    from landplan.optimisation.model import Model
    from landplan.optimisation.problem import Problem


@dataclass(frozen=True)
class EndorsementConstraints(ConstraintFamily):
    """Strict policy: ``y[c, p] = 0`` where the policy names districts for ``c`` but none of
    ``p``'s (clusters without a district list may go anywhere); rows ``endorsement``."""

    name: ClassVar[str] = "endorsement"
    VERBS: ClassVar[tuple[str, ...]] = ("add_endorsement_constraints",)
    ROWS: ClassVar[tuple[str, ...]] = ("endorsement",)
    ORDER: ClassVar[int] = 50
    SETTINGS: ClassVar[tuple[Setting, ...]] = (
        Setting(
            "rules.strict_endorsement",
            bool,
            False,
            "Only the districts the policy names for an industry may host it.",
        ),
    )

    @classmethod
    def from_settings(
        cls, settings: Mapping[str, Any], names: Names
    ) -> EndorsementConstraints | None:
        return cls() if settings["rules.strict_endorsement"] else None

    def rules_out(self, problem: Problem) -> dict[tuple[str, str], str]:
        why = keep(
            N_(
                "strict policy mode does not allow it there: the policy does not name that "
                "district for it"
            )
        )
        endorsed = problem.endorsed
        return {
            (cluster, park): why
            for cluster in endorsed.index
            for park in endorsed.columns[~endorsed.loc[cluster].to_numpy()]
        }

    def write(self, model: Model) -> None:
        for pair in self.rules_out(model.problem):
            model.add_row("endorsement", pair, [(model.y[pair], 1.0)], LE, 0)
