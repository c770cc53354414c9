"""The existing industrial base: its file checked, its criterion's values, its evidence kept
apart from the official plans' designations, and the bundled data built from its research."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from landplan.assembly import assemble
from landplan.errors import InputError
from landplan.inputs.existing_base import evidence_behind, existing_base, load_existing_base
from landplan.inputs.scenario import load_scenario
from landplan.inputs.suitability import default_weights

ROOT = Path(__file__).resolve().parents[2]
HEADER = "park_id,level,place,cluster_id,strength,source,source_date,note\n"


def write(tmp_path: Path, rows: str) -> Path:
    path = tmp_path / "existing_base.csv"
    path.write_text(HEADER + rows, encoding="utf-8")
    return path


def test_the_criterion_is_the_strongest_piece_of_evidence_by_hand(tmp_path):
    path = write(tmp_path, (
        "P1,zone,Z,a,anchor,s1,2024,\n"          # 1 × 0.5
        "P1,subdistrict,S,a,present,s2,2024,\n"  # 0.5 × 1: the same, max 0.5
        "P2,park,P,a,cluster,s3,2024,\n"         # 0.8 × 1
        "P2,zone,Z,b,present,s4,2024,\n"         # 0.5 × 0.5
    ))  # fmt: skip
    evidence = load_existing_base(path, {"P1", "P2", "P3"}, ["a", "b"])
    matrix = existing_base(evidence, ["a", "b"], ["P1", "P2", "P3"])
    assert matrix.loc["a"].tolist() == [0.5, 0.8, 0.0]
    assert matrix.loc["b"].tolist() == [0.0, 0.25, 0.0]  # none on record: 0


@pytest.mark.parametrize(
    ("row", "words"),
    [
        ("P9,park,P,a,anchor,s,2024,", "row 2: field 'park_id': unknown park 'P9'"),
        ("P1,district,D,a,anchor,s,2024,", "row 2 (P1): field 'level'"),
        ("P1,park,P,a,famous,s,2024,", "row 2 (P1): field 'strength'"),
        ("P1,park,P,a,anchor,,2024,", "row 2 (P1): field 'source'"),
        ("P1,park,P,zz,anchor,s,2024,", "row 2: field 'cluster_id': unknown cluster 'zz'"),
    ],
)
def test_a_bad_row_of_ones_own_evidence_is_named(tmp_path, row, words):
    with pytest.raises(InputError, match=words.replace("(", r"\(").replace(")", r"\)")):
        load_existing_base(write(tmp_path, row + "\n"), {"P1"}, ["a"])


def test_a_packs_evidence_of_other_parks_is_left_out_not_refused(tmp_path):
    path = write(tmp_path, "P1,park,P,a,anchor,s,2024,\nP9,park,P,a,anchor,s,2024,\n")
    kept = load_existing_base(path, {"P1"}, ["a"], own=False)
    assert kept is not None and kept["park_id"].tolist() == ["P1"]
    assert load_existing_base(path, {"Q1"}, ["a"], own=False) is None  # no criterion at all


def test_without_evidence_the_weights_are_as_before():
    assert default_weights(False) == {
        "endorsement": 0.4,
        "chain": 0.2,
        "access": 0.2,
        "land_fit": 0.2,
    }
    assert default_weights(True)["existing_base"] == 0.15
    assert sum(default_weights(True).values()) == pytest.approx(1)


def test_the_evidence_behind_a_plan_lists_each_industry_with_land_and_none_on_record():
    evidence = pd.DataFrame({
        "park_id": ["P1", "P1"], "level": ["zone", "park"], "place": ["Z", "P"],
        "cluster_id": ["a", "a"], "strength": ["anchor", "present"], "source": ["s1", "s2"],
        "source_date": ["2024", "2023"],
    })  # fmt: skip
    allocation = pd.DataFrame({"park_id": ["P1", "P1", "P1", "P2"], "cluster_id": ["a", "a", "b", "a"],
                               "land_km2": [1.0, 0.5, 2.0, 0.0]})  # fmt: skip
    rows = evidence_behind(allocation, evidence)
    assert rows[["park_id", "cluster_id", "land_km2"]].values.tolist() == [
        ["P1", "b", 2.0],
        ["P1", "a", 1.5],
        ["P1", "a", 1.5],
    ]  # fmt: skip  (by land; P2 has no land)
    assert pd.isna(rows.loc[0, "source"])  # b: none on record
    assert rows.loc[1:, "source"].tolist() == ["s1", "s2"]  # strongest first (0.5 = 0.5: by source)


def test_the_bundled_baseline_weighs_the_evidence_and_not_the_designations():
    inputs = assemble(load_scenario("baseline"))
    assert inputs.suitability.weights["existing_base"] == pytest.approx(0.15)
    assert "designated" not in inputs.suitability.weights
    values = inputs.suitability.values["existing_base"]
    assert values.loc[("semiconductors", "BA-01")] == 1.0  # an anchor firm in its subdistrict
    official = assemble(load_scenario("official-designations"))
    assert official.suitability.weights["designated"] == pytest.approx(0.4 / 1.4)


def test_the_bundled_evidence_is_what_its_research_builds(tmp_path):
    built = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "build_existing_base.py"), "--out", str(tmp_path)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert built.returncode == 0, built.stderr
    for name in ("existing_base.csv", "designations.csv"):
        assert (tmp_path / name).read_bytes() == (ROOT / "data" / name).read_bytes(), name
    evidence = pd.read_csv(ROOT / "data" / "existing_base.csv", dtype=str, keep_default_na=False)
    assert (evidence["source"] != "").all() and (evidence["source_date"] != "").all()
    assert set(evidence["level"]) <= {"park", "subdistrict", "zone"}


def test_a_run_keeps_and_reports_the_evidence_behind_its_parks(baseline_run):
    evidence = pd.read_csv(baseline_run / "evidence.csv")
    allocation = pd.read_csv(baseline_run / "allocation.csv")
    placed = set(
        map(tuple, allocation.loc[allocation["land_km2"] > 0, ["park_id", "cluster_id"]].values)
    )
    assert set(map(tuple, evidence[["park_id", "cluster_id"]].values)) == placed
    report = (baseline_run / "report.html").read_text(encoding="utf-8")
    assert (
        "Evidence behind each park&#39;s industries" in report
        or "Evidence behind each park's industries" in report
    )
    assert "none on record" in report and "anchor firm in" in report
