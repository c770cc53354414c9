"""Sensitivity sweeps: many samples of one scenario with the suitability weights and the demand
perturbed, solved on this machine (a process pool) or on a Dask cluster.

Sample ``i`` draws from its own random stream ``(seed, i)``, so a sample is the same whichever
worker solves it and in whatever order: the local and Dask executors give the same results.
A sample multiplies each criterion weight by a factor in ``[1 − w, 1 + w]`` (then rescales them to
sum 1) and each cluster's demand (all horizons alike) by a factor in ``[1 − d, 1 + d]``.

Each worker process compiles the model once (:class:`landplan.optimisation.resolve.Resolver`) and solves
every sample with the same certified engine as a run (:mod:`landplan.optimisation.engine`), with the
scenario's solver on one thread, until the sample's plan is within the sweep's gap. A sample
that stops short of it (a node or time limit) is flagged ``converged = False``; the summaries
leave such samples out unless asked (:func:`landplan.analysis.robustness.summarise`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from landplan.analysis.specs import SweepSpec
from landplan.assembly import Inputs, assemble
from landplan.inputs.scenario import Scenario
from landplan.optimisation.evaluate import LAND_EPSILON
from landplan.optimisation.resolve import Resolver
from landplan.parallel import Executor


@dataclass(frozen=True)
class SampleResult:
    """One solved sample: its draws, how the solve ended (``converged``: its plan is within the
    sweep's gap) and the land by cluster and park."""

    index: int
    weights: dict[str, float]
    status: str
    stopped_by: str
    objective: float | None
    gap: float | None
    converged: bool
    runtime_s: float
    land: dict[tuple[str, str], float]


def draw_sample(inputs: Inputs, spec: SweepSpec, index: int) -> tuple[dict, pd.DataFrame]:
    """The weights and the demand of sample ``index`` (reproducible from the seed)."""
    rng = np.random.default_rng([spec.seed, index])
    w, d = spec.vary.get("weights", 0.0), spec.vary.get("demand", 0.0)
    base = inputs.suitability.weights
    factors = rng.uniform(1 - w, 1 + w, len(base))
    raw = {name: value * f for (name, value), f in zip(base.items(), factors, strict=True)}
    weights = {name: value / sum(raw.values()) for name, value in raw.items()}
    demand = inputs.problem.demand
    scale = rng.uniform(1 - d, 1 + d, len(demand))
    return weights, demand.mul(scale, axis=0)


def scores_for(inputs: Inputs, weights: dict[str, float]) -> pd.DataFrame:
    """Cluster × park suitability under other weights (the criteria's values stay)."""
    matrix = replace(inputs.suitability, weights=weights).scores
    return matrix.loc[inputs.problem.suitability.index, inputs.problem.suitability.columns]


# --- running samples in a worker ---------------------------------------------------------------

#: Per worker process: the scenario's inputs and resolver, built on the first sample it solves.
_WORKER: dict[str, tuple[Inputs, Resolver]] = {}


def solve_samples(scenario_json: str, spec: SweepSpec, indices: list[int]) -> list[SampleResult]:
    """Solve the samples ``indices`` in this process (the unit of work of both executors)."""
    key = f"{scenario_json}|{spec.gap}"
    if key not in _WORKER:
        inputs = assemble(Scenario.model_validate_json(scenario_json))
        options = inputs.scenario.solver.with_changes(gap=spec.gap, threads=1)
        _WORKER.clear()
        _WORKER[key] = (inputs, Resolver.build(inputs.problem, options))
    inputs, resolver = _WORKER[key]
    return [solve_sample(inputs, resolver, spec, index) for index in indices]


def solve_sample(inputs: Inputs, resolver: Resolver, spec: SweepSpec, index: int) -> SampleResult:
    """Draw sample ``index`` and solve it in ``resolver`` (the scenario's model)."""
    weights, demand = draw_sample(inputs, spec, index)
    solution = resolver.solve(scores_for(inputs, weights), demand)
    land = solution.allocation.groupby(["cluster_id", "park_id"])["land_km2"].sum()
    return SampleResult(
        index=index,
        weights=weights,
        status=str(solution.status),
        stopped_by=str(solution.stopped_by),
        objective=solution.objective,
        gap=solution.gap,
        converged=solution.gap is not None and solution.gap <= spec.gap + 1e-12,
        runtime_s=solution.runtime_s,
        land={key: float(v) for key, v in land.items() if v > LAND_EPSILON},
    )


def _chunks(samples: int, size: int) -> list[list[int]]:
    return [list(range(i, min(i + size, samples))) for i in range(0, samples, size)]


def sweep_chunks(
    scenario: Scenario, spec: SweepSpec, executor: Executor = Executor(), chunk: int = 1
) -> Iterator[list[SampleResult]]:
    """Solve the samples where ``executor`` says (a process pool here, or a Dask cluster);
    yields chunks of ``chunk`` results as they finish (one sample per chunk balances best when
    a sample takes seconds; larger chunks suit tiny models)."""
    payload = _payload(scenario)
    tasks = [(payload, spec, part) for part in _chunks(spec.samples, chunk)]
    return executor.map(solve_samples, tasks)


def _payload(scenario: Scenario) -> str:
    """The scenario as JSON, with its data paths made absolute (workers may run elsewhere)."""
    resolved = scenario.resolved()
    resolved.pop("provenance", None)
    return Scenario.model_validate(resolved).model_dump_json()


def collect(
    chunks: Iterable[list[SampleResult]], progress: Callable[[int], None] | None = None
) -> list[SampleResult]:
    """Gather results as they come (``progress`` hears how many are done); on Ctrl-C, stop
    and keep what is done."""
    done: list[SampleResult] = []
    try:
        for part in chunks:
            done.extend(part)
            if progress:
                progress(len(done))
    except KeyboardInterrupt:
        pass
    return sorted(done, key=lambda r: r.index)
