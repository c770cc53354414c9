"""The families of a park's layout model, one module each (see :mod:`landplan.layout.part`),
registered by being here and compiled in their ``ORDER``."""

from landplan.layout.part import LayoutFamily
from landplan.solving.model import registry

#: Every family, in the order its rows are written.
FAMILIES = registry(__name__, LayoutFamily)
