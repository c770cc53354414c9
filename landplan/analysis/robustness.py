"""What a sweep says: how often each cluster gets land in each park, and how stable the plan is.

- **selection frequency** of (cluster, park): the share of solved samples in which the cluster
  gets land in the park (Marxan's "summed solution", as a share); with its mean land over all
  solved samples (0 where it gets none);
- **stability of a cluster**: the share of samples in which its set of parks is its most common
  set; **of a park**: the share in which its set of clusters is its most common set. 1 means the
  perturbations never changed it.

Only samples whose plan reached the sweep's gap (``converged``) count, unless
``include_unconverged``: a plan stopped far from its bound says little about robustness.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

import pandas as pd

from landplan.analysis.sweep import SampleResult

SOLVED = ("optimal", "feasible")


@dataclass(frozen=True)
class SweepSummary:
    """The sweep's tables; ``counted`` is how many samples the frequencies and stabilities
    rest on."""

    samples: pd.DataFrame
    frequency: pd.DataFrame
    cluster_stability: pd.DataFrame
    park_stability: pd.DataFrame
    counted: int


def summarise(
    results: list[SampleResult],
    clusters: list[str],
    parks: list[str],
    include_unconverged: bool = False,
) -> SweepSummary:
    """Tables of a sweep's samples (see the module docstring)."""
    samples = pd.DataFrame(
        [
            {
                "sample": r.index,
                "status": r.status,
                "stopped_by": r.stopped_by,
                "converged": r.converged,
                "objective": r.objective,
                "gap": r.gap,
                "runtime_s": round(r.runtime_s, 3),
                **{f"weight_{k}": v for k, v in r.weights.items()},
            }
            for r in results
        ]
    )
    solved = [r for r in results if r.status in SOLVED and (r.converged or include_unconverged)]
    n = max(len(solved), 1)
    pairs = pd.MultiIndex.from_product([clusters, parks], names=["cluster_id", "park_id"])
    count = Counter(key for r in solved for key in r.land)
    land: Counter[tuple[str, str]] = Counter()
    for r in solved:
        land.update(r.land)
    frequency = pd.DataFrame(
        {
            "frequency": [count[key] / n for key in pairs],
            "mean_land_km2": [land[key] / n for key in pairs],
        },
        index=pairs,
    ).reset_index()
    by_cluster = {
        c: [frozenset(p for (k, p) in r.land if k == c) for r in solved] for c in clusters
    }
    by_park = {p: [frozenset(c for (c, q) in r.land if q == p) for r in solved] for p in parks}
    return SweepSummary(
        samples=samples,
        frequency=frequency,
        cluster_stability=_stability(by_cluster, "cluster_id", "parks"),
        park_stability=_stability(by_park, "park_id", "clusters"),
        counted=len(solved),
    )


def _stability(sets: dict[str, list[frozenset]], key: str, members: str) -> pd.DataFrame:
    rows: list[dict[str, Any]] = []
    for name, seen in sets.items():
        if not seen:
            rows.append({key: name, "stability": None, f"usual_{members}": ""})
            continue
        usual, times = Counter(seen).most_common(1)[0]
        rows.append(
            {
                key: name,
                "stability": times / len(seen),
                f"usual_{members}": ", ".join(sorted(usual)),
            }
        )
    return pd.DataFrame(rows)
