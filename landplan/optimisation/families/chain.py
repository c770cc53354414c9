"""Co-location of chain partners."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from landplan.optimisation.part import ConstraintFamily
from landplan.solving.model import LE

if TYPE_CHECKING:
    from landplan.optimisation.model import Model


@dataclass(frozen=True)
class ChainColocation(ConstraintFamily):
    """Co-location of chain partners (needed by :class:`~landplan.optimisation.terms.
    chain_bonus.ChainBonus`).

    ``z[c, q, p] ≤ y[c, p]`` and ``z[c, q, p] ≤ y[q, p]`` for every link and park (rows
    ``chain``), strengthened where the problem caps the clusters per park at ``F`` by an
    aggregate (rows ``chain_aggregate``): a cluster present in a park shares it with at most
    ``F − 1`` others, so ``Σ_q z[c, q, p] ≤ min(n[c], F − 1) · y[c, p]`` with ``n[c]`` the
    number of partners of ``c``, written where it is tighter than the pairwise rows. The
    aggregate cuts off fractional LP solutions that spread presence thinly to collect bonuses.
    """

    name: ClassVar[str] = "chain"
    VERBS: ClassVar[tuple[str, ...]] = ("add_chain_constraints",)
    ROWS: ClassVar[tuple[str, ...]] = ("chain", "chain_aggregate")
    ORDER: ClassVar[int] = 20

    def variables(self, model: Model) -> None:
        for n, link in enumerate(model.problem.links.itertuples()):
            for j, park in enumerate(model.problem.parks.index):
                model.z[link.cluster_a, link.cluster_b, park] = model.add_variable(
                    f"z_{n}_{j}", 0, 1
                )

    def write(self, model: Model) -> None:
        problem = model.problem
        partners: dict[str, list[str]] = defaultdict(list)
        for (a, b, park), z in model.z.items():
            for cluster in (a, b):
                pairs = [(z, 1.0), (model.y[cluster, park], -1.0)]
                model.add_row("chain", (a, b, park, cluster), pairs, LE, 0.0)
            if park == problem.parks.index[0]:
                partners[a].append(b)
                partners[b].append(a)
        cap = problem.max_clusters_per_park
        if cap is None:
            return
        for cluster, others in partners.items():
            limit = min(len(others), cap - 1)
            if limit >= len(others):
                continue  # the pairwise rows already imply it
            for park in problem.parks.index:
                pairs = [(model.z[_link_key(model, cluster, q, park)], 1.0) for q in others]
                pairs.append((model.y[cluster, park], -float(limit)))
                model.add_row("chain_aggregate", (cluster, park), pairs, LE, 0.0)


def _link_key(model: Model, a: str, b: str, park: str) -> tuple[str, str, str]:
    return (a, b, park) if (a, b, park) in model.z else (b, a, park)
