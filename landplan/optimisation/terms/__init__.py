"""The objective terms, one module each (see :mod:`landplan.optimisation.part`)."""

from landplan.optimisation.terms.chain_bonus import ChainBonus
from landplan.optimisation.terms.presence_cost import PresenceCost
from landplan.optimisation.terms.suitability import SuitabilityObjective

#: Every objective term.
TERMS = (SuitabilityObjective, ChainBonus, PresenceCost)

ObjectiveTerm = SuitabilityObjective | ChainBonus | PresenceCost

__all__ = ["TERMS", "ChainBonus", "ObjectiveTerm", "PresenceCost", "SuitabilityObjective"]
