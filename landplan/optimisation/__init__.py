"""The allocation of industries to park tiers: the problem as a value made of parts (its
families and terms, found by :mod:`~landplan.optimisation.registry`), the compiled model, the
engine and the solution. Solving itself is :mod:`landplan.solving`'s."""
