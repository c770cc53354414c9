"""The engine's two searches side by side: their order decides, never their speed, so one or
two threads give the same plan on every path (the heuristic's first plan certified; the search
certifying; neither), and a stop asked by the work's reader ends a solve at once."""

from __future__ import annotations

import threading
import time

import numpy as np
import pytest
from optimisation.test_heuristic import crowded

import landplan
from landplan.optimisation.engine import solve_model
from landplan.optimisation.model import compile_problem
from landplan.progress import HEURISTIC, PROOF, Progress
from landplan.solving.options import SolverOptions
from landplan.solving.result import Stop


def plan(model, **options):
    result = solve_model(model, SolverOptions(**options))
    return result, np.array(sorted(result.values.items()), dtype=object)


@pytest.mark.parametrize(
    ("seed", "options"),
    [
        (11, {}),  # the first plan is certified
        (3, {}),  # the first plan falls short: the search certifies
        (3, {"node_limit": 1, "gap": 0.0005}),  # neither: the heuristic's later plans count
    ],
)
def test_one_thread_or_two_give_the_same_plan(seed, options):
    model = compile_problem(crowded(seed))
    one, values_one = plan(model, threads=1, **options)
    two, values_two = plan(model, threads=2, **options)
    assert (one.objective, one.bound, one.stopped_by) == (two.objective, two.bound, two.stopped_by)
    assert (values_one == values_two).all()


def test_the_stages_are_told_and_a_certified_first_plan_calls_the_search_off():
    # demand-surge: a bundled scenario whose heuristic plan is certified (the baseline's is
    # not since the existing base, 2026-12: its first branch-and-bound node certifies it)
    heard = []
    problem = landplan.assemble(landplan.load_scenario("demand-surge")).problem
    result = solve_model(compile_problem(problem), progress=Progress("demand-surge", heard.append))
    stages = [r.stage for r in heard]
    assert stages.index(HEURISTIC) > 0 and PROOF not in stages
    assert result.stopped_by == Stop.GAP and result.counts.nodes == 0
    assert any(r.best is not None and r.gap is not None for r in heard)


def test_a_stop_asked_by_the_reader_ends_the_search_within_a_second():
    problem = landplan.assemble(landplan.load_scenario("baseline")).problem
    model = compile_problem(problem)
    progress = Progress("proof")
    threading.Timer(2.0, progress.stop.set).start()
    began = time.perf_counter()
    with pytest.raises(KeyboardInterrupt):
        solve_model(model, SolverOptions(gap=0.0), progress=progress)  # a proof: a minute
    assert time.perf_counter() - began < 3.0
