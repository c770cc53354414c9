"""A sweep's and an exploration's results in sentences and charts, from hand-made tables whose
right words are known: robust and fragile placements, each alternative named by what it moves
and what it costs, what the importance map's 1 is."""

from __future__ import annotations

import pandas as pd

from landplan import i18n
from landplan.pages import analysis
from landplan.pages.analysis import ExploreRecord, SweepRecord

NAMES = pd.DataFrame(
    {
        "cluster_id": ["a", "b"],
        "cluster_name_en": ["Alpha", "Beta"],
        "cluster_name_zh": ["甲", "乙"],
        "park_id": ["P1", "P2"],
        "park_name_en": ["North", "South"],
        "park_name_zh": ["北", "南"],
    }
)


def sweep(frequency: dict[tuple[str, str], float]) -> SweepRecord:
    table = pd.DataFrame(
        [(c, p, f) for (c, p), f in frequency.items()],
        columns=["cluster_id", "park_id", "frequency"],
    ).merge(NAMES[["cluster_id", "cluster_name_en", "cluster_name_zh"]], on="cluster_id")
    table = table.merge(NAMES[["park_id", "park_name_en", "park_name_zh"]], on="park_id")
    stability = pd.DataFrame(
        {"cluster_id": ["a", "b"], "stability": [1.0, 0.5], "usual_parks": ["P1", "P2"]}
    )
    samples = pd.DataFrame(
        {"sample": [0, 1], "objective": [10.0, 12.0], "converged": [True, False]}
    )
    record = {
        "spec": {"samples": 2, "vary": {"weights": 0.2, "demand": 0.0}, "seed": 3, "gap": 0.01},
        "complete": True,
        "samples_done": 2,
        "samples_counted": 1,
    }
    return SweepRecord(record, samples, table, stability)


def test_a_sweep_names_its_robust_and_its_fragile_placements():
    context = analysis.sweep_context(
        sweep({("a", "P1"): 1.0, ("b", "P2"): 0.5, ("b", "P1"): 0.05}), lambda v: "#000"
    )
    robust, fragile, steady, least = context["placements"]
    assert robust.startswith("Robust: 1 placement of an industry in a park holds in at least 90%")
    assert "Alpha 甲 in P1 North 北 (100%)" in robust
    assert "Beta 乙 in P2 South 南 (50%)" in fragile and "P1" not in fragile  # 5 %: rare
    assert steady == "1 industry keeps the same parks in every sample: Alpha 甲."
    assert least.startswith("The least stable, Beta 乙, has its usual parks (P2 South 南)")
    varied = " ".join(context["varied"])
    assert "criterion weights by up to ±20%" in varied and "demand" not in varied
    assert "1 sample stopped short of the gap" in varied
    assert context["heat"].count("<rect") >= 3 and context["spread"]["chart"].startswith("<svg")


def test_a_sweep_says_its_sections_in_chinese():
    with i18n.speaking("zh"):
        context = analysis.sweep_context(sweep({("a", "P1"): 1.0}), lambda v: "#000")
    assert context["sections"]["stability"] == "方案的稳定程度"
    assert context["placements"][0].startswith("稳健：")


def explore(losses: list[float], gained: list[str], lost: list[str]) -> ExploreRecord:
    alternatives = pd.DataFrame(
        {
            "alternative": range(1, len(losses) + 1),
            "loss": losses,
            "loss_share_of_stake": [loss / 50 for loss in losses],
            "gained": gained,
            "lost": lost,
        }
    )
    importance = pd.DataFrame(
        {
            "cluster_id": ["a", "b"],
            "park_id": ["P1", "P2"],
            "loss": [0.188, 0.01],
            "plan_gap": [0.001, 0.001],
        }
    )
    plan = NAMES.assign(land_km2=[1.0, 2.0])
    record = {"spec": {"alternatives": 3, "share": 0.01, "min_difference": 2},
              "plan": {"objective": 40.0, "gap": 0.001, "gap_scale": 50.0}}  # fmt: skip
    return ExploreRecord(record, alternatives, importance, None, plan, {}, frozenset({1}))


def test_each_alternative_is_named_by_what_it_moves_and_what_it_costs():
    context = analysis.explore_context(
        explore([0.1, -0.05, 0.0], ["a@P2", "b@P1, a@P2", "a@P2"], ["a@P1", "", "a@P1"])
    )
    first, second, third = context["alternatives"]
    assert first.heading == (
        "Alternative 1: moves 1 industry; loses 0.100 points, 0.20% of the score at stake"
    )
    assert first.sentences == ["Alpha 甲 moves from P1 North 北 (1.00 km²) to P2 South 南."]
    assert first.map_file == "alternative_1.html" and second.map_file is None
    assert second.heading.startswith("Alternative 2: moves 2 industries; scores 0.050 points more")
    assert "Beta 乙 also gets land in P1 North 北." in second.sentences
    assert third.heading.endswith("scores the same")
    assert list(context["sections"]) == [
        "asked", "alternative-1", "alternative-2", "alternative-3", "importance",
    ]  # fmt: skip
    near, always = context["overview"]["sentences"]
    assert near.startswith("Every alternative scores within 0.100 points of the plan (0.20%")
    assert always.startswith("1 industry moves in every alternative: Alpha 甲.")
    assert context["overview"]["chart"].startswith("<svg")


def test_the_importance_maps_one_is_said_in_points():
    context = analysis.explore_context(explore([0.1], ["a@P2"], ["a@P1"]))
    largest, noise = context["importance"]["sentences"]
    assert largest.startswith("The largest drop is 0.188 points: Alpha 甲 in P1 North 北.")
    assert "1 = 0.188 points and 0.5 = half of it" in largest
    assert noise.startswith("A drop smaller than the plan's own gap (0.050 points)")
    assert noise.endswith("1 placement could go at no cost the solver can tell.")


def test_an_exploration_that_found_nothing_says_so():
    found = ExploreRecord({}, pd.DataFrame())  # and written before explore.json
    context = analysis.explore_context(found)
    assert context["asked"] == ["0 alternatives were found."]
    assert list(context["sections"]) == ["asked"] and context["importance"] is None
    assert context["overview"] == {"chart": None, "sentences": []}
