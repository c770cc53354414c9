"""The sentences and figures that explain a run, from hand-made tables whose right words are
known: each short industry's shortfall, the score term by term, near-equal plans, why here."""

from __future__ import annotations

import pandas as pd
import pytest

from landplan import i18n
from landplan.pages import explain, why

INDUSTRY = {"new_energy": "New energy 新能源", "biotech": "Biotech 生物医药"}


def shortfall(rows: list[tuple[str, int, float, float]]) -> pd.DataFrame:
    """cluster, horizon, demand, land: the shortfall table a run folder holds."""
    table = pd.DataFrame(rows, columns=["cluster_id", "horizon", "demand_km2", "land_km2"])
    return table.assign(shortfall_km2=(table["demand_km2"] - table["land_km2"]).clip(lower=0))


def test_an_industry_short_early_and_by_the_last_horizon_is_said_both():
    table = shortfall([
        ("new_energy", 2025, 1.00, 0.50), ("new_energy", 2030, 3.00, 2.00),
        ("new_energy", 2035, 5.74, 3.61),
        ("biotech", 2025, 1.0, 1.0), ("biotech", 2030, 2.0, 2.0), ("biotech", 2035, 3.0, 3.0),
    ])  # fmt: skip
    (sentence,) = explain.shortfall_sentences(table, INDUSTRY)
    assert sentence == (
        "New energy 新能源 falls short by 2025, 0.50 km² (50%) of 1.00 km²; "
        "by 2035, 2.13 km² (37%) of 5.74 km², its worst."
    )
    with i18n.speaking("zh"):
        (chinese,) = explain.shortfall_sentences(table, INDUSTRY)
    assert "2.13 km² (37%)" in chinese and "5.74" in chinese and "0.50 km² (50%)" in chinese
    assert "falls" not in chinese


def test_a_shortfall_worst_in_between_says_each_horizon_once():
    table = shortfall([
        ("biotech", 2025, 1.0, 0.8), ("biotech", 2030, 4.0, 1.0), ("biotech", 2035, 5.0, 4.0),
    ])  # fmt: skip
    (sentence,) = explain.shortfall_sentences(table, INDUSTRY)
    assert (
        sentence.count("by 20") == 3
        and "by 2030, 3.00 km² (75%) of 4.00 km², its worst" in sentence
    )
    only_last = shortfall([("biotech", 2030, 2.0, 2.0), ("biotech", 2035, 5.0, 4.0)])
    assert explain.shortfall_sentences(only_last, INDUSTRY) == [
        "Biotech 生物医药 falls short by 2035, 1.00 km² (20%) of 5.00 km²."
    ]


KPIS = {"objective": -4.754, "term_suitability": 40.0, "term_chain_bonus": 0.3,
        "term_shortfall_penalty": -45.054, "term_presence_cost": 0.0}  # fmt: skip
BASELINE = {"objective": 46.22, "term_suitability": 45.8, "term_chain_bonus": 0.42,
            "term_shortfall_penalty": 0.0, "term_presence_cost": 0.0}  # fmt: skip


def test_the_score_term_by_term_says_what_dominates():
    terms = explain.score_terms(KPIS)
    assert terms == {"suitability": 40.0, "chain_bonus": 0.3, "shortfall_penalty": -45.054}
    assert sum(terms.values()) == pytest.approx(KPIS["objective"])
    assert explain.dominant_sentence(terms) == (
        "Shortfall penalty dominates the score: -45.054, 53% of its terms' sizes added up."
    )
    assert explain.score_terms(BASELINE) == {"suitability": 45.8, "chain_bonus": 0.42}


def test_a_change_in_score_is_said_term_by_term():
    rows = explain.term_rows([BASELINE, KPIS])
    assert rows[0] == ["Suitability (suitability × km²)", "45.800", "40.000", "-5.800"]
    assert rows[2] == ["Shortfall penalty", "0.000", "-45.054", "-45.054"]
    sentence = explain.change_sentence(explain.score_terms(BASELINE), explain.score_terms(KPIS))
    assert sentence == "Most of the change in score is the shortfall penalty: -45.054 of -50.974."
    assert explain.change_sentence({"suitability": 1.0}, {"suitability": 1.0}) is None


def test_moved_industries_between_near_equal_plans_are_said_so():
    first = {"objective": 46.10, "gap": 0.002, "gap_scale": 57.6}  # within 0.115 points
    second = {"objective": 46.20, "gap": 0.0, "gap_scale": 57.6}
    sentence = explain.near_equal_sentence(first, second, 10)
    assert sentence is not None
    assert sentence.startswith(
        "10 industries are in other parks, yet the two plans score within 0.1 points"
    )
    assert "near-equal" in sentence and "Explore" in sentence
    assert explain.near_equal_sentence(first, second, 0) is None  # nothing moved
    apart = {"objective": 40.0, "gap": 0.0, "gap_scale": 57.6}
    assert explain.near_equal_sentence(first, apart, 10) is None
    # no proven gap: a small share of the score at stake still counts as near-equal
    assert explain.near_equal_sentence({"objective": 50.0}, {"objective": 50.2}, 1) is not None


def test_why_here_names_its_columns_and_says_each_assignment():
    suitability = pd.DataFrame(
        [("new_energy", p, c, v, w, v * w) for p, values in
         {"P1": (1.0, 0.5, 1.0), "P2": (0.0, 0.9, 0.4)}.items()
         for c, v, w in zip(("endorsement", "access", "land_fit"), values, (0.4, 0.3, 0.3), strict=True)],
        columns=["cluster_id", "park_id", "criterion", "value", "weight", "contribution"],
    )  # fmt: skip
    allocation = pd.DataFrame(
        {"cluster_id": ["new_energy"], "park_id": ["P1"], "land_km2": [1.23456]}
    )
    shadow = pd.DataFrame({"park_id": ["P1", "P2"], "tier": ["starting"] * 2, "capacity_km2": [1.23456, 5.0],
                           "used_km2": [1.23456, 0.0], "binding": [True, False], "shadow_price": [0.141741, 0.0]})  # fmt: skip
    names = why.Names(INDUSTRY, {"P1": "Yanluo", "P2": "Pingshan"}, {"starting": "starting area"})
    reasons = why.for_industry("new_energy", suitability, allocation, shadow, names)
    assert list(reasons.table.columns) == ["Park", "Access", "Policy endorsement", "Land fit",
                                           "Score", "Land, km²", "Shadow price"]  # fmt: skip
    assert reasons.table.iloc[0].tolist() == ["P1 Yanluo", 0.15, 0.4, 0.3, 0.85, 1.23, 0.142]
    assert reasons.sentences == [
        "New energy 新能源 gets 1.23 km² in Yanluo: its district is endorsed by the policy; the "
        "park's land can hold all it needs; access 0.50 of 1; score 0.850, rank 1 of 2 parks "
        "for it; one more km² in this park's full tier would raise the score by 0.142."
    ]
    industries, tiers = why.for_park("P1", suitability, allocation, shadow, names)
    assert industries.table.columns[0] == "Industry" and len(industries.sentences) == 1
    assert tiers.sentences == [
        "One more km² in the starting area tier would raise the score by 0.142."
    ]
    assert tiers.table.iloc[0].tolist() == ["starting area", 1.23, 1.23, True, 0.142]
    with i18n.speaking("zh"):
        chinese = why.for_industry("new_energy", suitability, allocation, shadow, names)
    assert list(chinese.table.columns)[0] == "园区" and "所在区为政策指定" in chinese.sentences[0]


def test_a_comparison_of_near_equal_plans_says_so(baseline_run):
    """Two plans a hair apart in score, one industry in another park: said near-equal, each
    term's change given; a plan far below is not."""
    from dataclasses import replace

    from landplan.analysis.compare import compare_runs
    from landplan.outputs.readback import read_run
    from landplan.pages.compare import score_context

    first = read_run(baseline_run)
    allocation = first.allocation.copy()
    row = allocation.index[allocation["cluster_id"] == "new_energy"][0]
    other = allocation.loc[allocation["cluster_id"] != "new_energy", "park_id"].iloc[0]
    allocation.loc[row, "park_id"] = other
    kpis = {**first.kpis, "objective": first.kpis["objective"] - 0.01, "name": "moved"}
    kpis["term_suitability"] -= 0.01
    near = score_context(compare_runs([first, replace(first, allocation=allocation, kpis=kpis)]))
    ((name, sentence),) = near["near_equal"]
    assert sentence.startswith("1 industry is in other parks, yet the two plans score within 0.01")
    assert near["score_changes"] == [
        (
            name,
            "Most of the change in score is the suitability (suitability × km²): -0.010 of -0.010.",
        )
    ]
    far = {**kpis, "objective": first.kpis["objective"] - 5.0}
    apart = score_context(compare_runs([first, replace(first, allocation=allocation, kpis=far)]))
    assert apart["near_equal"] == []
