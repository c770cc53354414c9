"""What every family of a park's layout model provides (:mod:`landplan.layout.families`, one
module each): its rows' mathematics in its docstring, the row families it writes (``ROWS``),
its variables, rows and objective pairs (:class:`landplan.solving.model.ModelPart`), and
whether a problem needs it at all.

Notation (see :mod:`landplan.layout.problem`): industries ``c``, candidate parcels ``i`` (usable,
in a tier where ``c`` has land) of area ``a_i`` and perimeter ``p_i``, shared edges
``e = (i, j)`` of length ``l_e``, the plan ``P[c, t]`` and its band ``low[c, t]``,
``high[c, t]`` (the plan ± half a parcel), chain links ``(c, q)`` of strength ``w_cq``; the
decisions ``x[c, i] ∈ {0, 1}``: parcel ``i`` holds ``c``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from landplan.solving.model import ModelPart

if TYPE_CHECKING:
    from landplan.layout.problem import ParkLayoutProblem


class LayoutFamily(ModelPart):
    """A family of a park's layout model."""

    @classmethod
    def applies(cls, problem: ParkLayoutProblem) -> bool:
        """Whether ``problem`` needs this family (every problem, by default)."""
        return True
