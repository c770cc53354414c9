"""``landplan suitability``: every park ranked for an industry, as a layer QGIS opens styled."""

from __future__ import annotations

import dataclasses
import sqlite3
from contextlib import closing

import geopandas as gpd
import pandas as pd
import pytest
from command import landplan_here

from landplan.assembly import assemble
from landplan.inputs.scenario import load_scenario
from landplan.inputs.suitability import Suitability
from landplan.outputs.suitability import ranked_parks


@pytest.fixture(scope="module")
def inputs():
    return assemble(load_scenario("baseline"))


def styles(gpkg) -> dict[str, str]:
    with closing(sqlite3.connect(gpkg)) as db:
        return dict(db.execute('SELECT f_table_name, styleQML FROM "layer_styles"').fetchall())


def test_each_industry_ranks_every_park_best_first_and_the_parts_make_the_score(inputs):
    layer = ranked_parks(inputs)
    assert len(layer) == 28 * 20 and layer.crs.to_epsg() == 4326
    for _, ranked in layer.groupby("cluster_id"):
        assert list(ranked["rank"]) == list(range(1, 21))
        assert ranked["score"].is_monotonic_decreasing
    parts = layer.filter(like="_contribution").sum(axis=1)
    assert parts.to_numpy() == pytest.approx(layer["score"].to_numpy())
    scores = inputs.suitability.scores
    row = layer.iloc[0]
    assert row["score"] == pytest.approx(scores.loc[row["cluster_id"], row["park_id"]])


def test_equal_scores_are_ranked_by_park_id(inputs):
    values = inputs.suitability.values.copy()
    values[["access", "land_fit", "existing_base"]] = 0.5  # a district's parks score alike
    tied = dataclasses.replace(inputs, suitability=Suitability(values, inputs.suitability.weights))
    layer = ranked_parks(tied, ["semiconductors"])
    bao_an = layer[layer["district"] == "Bao'an"]
    assert bao_an["score"].nunique() == 1
    assert list(bao_an["park_id"]) == sorted(bao_an["park_id"])


def test_the_command_writes_a_styled_layer_and_its_table(tmp_path):
    result = landplan_here(
        "suitability", "baseline", "--industry", "semiconductors", "--out", str(tmp_path)
    )
    assert result.returncode == 0, result.stderr
    assert "semiconductors: 1 Yanluo (BA-01)" in result.stdout  # its anchor firm
    folder = tmp_path / "baseline-suitability"
    layer = gpd.read_file(folder / "suitability.gpkg", layer="suitability")
    table = pd.read_csv(folder / "suitability.csv")
    assert len(layer) == len(table) == 20 and set(layer["cluster_id"]) == {"semiconductors"}
    assert set(layer["geometry_status"]) == {"schematic"}
    assert (
        'type="graduatedSymbol" attr="score"' in styles(folder / "suitability.gpkg")["suitability"]
    )


def test_the_runs_park_tiers_open_in_qgis_styled_by_their_lead_industry(baseline_run):
    qml = styles(baseline_run / "results.gpkg")["park_tiers"]
    assert 'type="categorizedSymbol" attr="lead_cluster_id"' in qml
    assert 'value=""' in qml  # tiers with no industry: the catch-all, in grey
