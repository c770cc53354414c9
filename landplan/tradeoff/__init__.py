"""Trade-offs between a plan's goals: objectives a planner can put against each other, each
measured in its own units (:mod:`~landplan.tradeoff.objectives`), the problem of one point
(:mod:`~landplan.tradeoff.point`), and fronts, lexicographic orders and reference points built
from certified points (:mod:`~landplan.tradeoff.front`)."""
