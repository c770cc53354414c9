"""What a job is asked to do, as the store keeps it (JSON) and the worker reads it back."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from landplan.analysis.specs import ExploreSpec, SweepSpec
from landplan.parallel import Executor

#: The points of a running trade-off solved so far, in its job's folder (its page lists them).
POINTS_SEEN = "points.json"
#: The kinds of job and the results they make.
Kind = Literal["run", "sweep", "explore", "compare", "tradeoff"]


class JobParams(BaseModel):
    """``yaml``: the scenario as it was when the job was asked; ``rerun_of``: the run whose
    scenario (as it ran) a rerun takes instead; ``compared``: the runs a comparison reads;
    ``sweep``/``explore``: the specs' fields; ``tradeoff``: the scenario's ``tradeoff`` settings
    as the page asked them; ``executor``: set by the server, not the page."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    yaml: str = ""
    rerun_of: str | None = None
    compared: list[str] = []
    sweep: dict[str, Any] = {}
    explore: dict[str, Any] = {}
    tradeoff: dict[str, Any] = {}
    executor: dict[str, Any] = {}

    def sweep_spec(self) -> SweepSpec:
        return SweepSpec(**self.sweep)

    def explore_spec(self) -> ExploreSpec:
        return ExploreSpec(**self.explore)

    @staticmethod
    def executor_fields(executor: Executor) -> dict[str, Any]:
        return asdict(executor)
