"""The constraint families, one module each (see :mod:`landplan.optimisation.part`)."""

from landplan.optimisation.families.capacity import CapacityConstraints
from landplan.optimisation.families.chain import ChainColocation
from landplan.optimisation.families.concentration import ConcentrationConstraints
from landplan.optimisation.families.demand import DemandConstraints
from landplan.optimisation.families.endorsement import EndorsementConstraints
from landplan.optimisation.families.focus import FocusConstraints
from landplan.optimisation.families.locks import LockConstraints
from landplan.optimisation.families.presence import PresenceConstraints

#: Every family, in the order a problem's checks report them.
FAMILIES = (
    LockConstraints,
    DemandConstraints,
    PresenceConstraints,
    CapacityConstraints,
    FocusConstraints,
    ConcentrationConstraints,
    EndorsementConstraints,
    ChainColocation,
)

ConstraintFamily = (
    CapacityConstraints
    | DemandConstraints
    | PresenceConstraints
    | FocusConstraints
    | ConcentrationConstraints
    | EndorsementConstraints
    | LockConstraints
    | ChainColocation
)

__all__ = [
    "FAMILIES",
    "CapacityConstraints",
    "ChainColocation",
    "ConcentrationConstraints",
    "ConstraintFamily",
    "DemandConstraints",
    "EndorsementConstraints",
    "FocusConstraints",
    "LockConstraints",
    "PresenceConstraints",
]
