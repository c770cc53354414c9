"""The bundled catalogue, and each kind of bad catalogue."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest

import landplan
from landplan.errors import InputError
from landplan.inputs.bundled import data_path
from landplan.inputs.pack import load_pack
from landplan.vocabulary import split_list

POLICY_AREAS = load_pack().all_policy_areas


@pytest.fixture(scope="module")
def catalog():
    return landplan.load_catalog()


def test_bundled_catalogue_has_the_28_industries(catalog):
    kinds = catalog.clusters["kind"].value_counts()
    assert kinds["strategic"] == 20 and kinds["future"] == 8
    assert catalog.clusters["name_zh"].str.len().gt(0).all()


def test_policy_districts_transcribed(catalog):
    endorsed = catalog.clusters["endorsed_in"]
    assert endorsed["connected_vehicles"] == ("Nanshan", "Pingshan", "Shenshan")
    assert endorsed["new_energy"] == ("Longhua", "Longgang")
    assert endorsed["industrial_machine_tools"] == ("Bao'an", "Longhua")
    assert "Qianhai" in endorsed["robotics"]
    # Marine names a coastal axis, read as the districts on it; the future industries name no
    # district: neutral, not excluded.
    assert endorsed["marine"] == ("Bao'an", "Nanshan", "Qianhai", "Yantian", "Dapeng", "Shenshan")
    assert all(
        endorsed[c] == () for c in catalog.clusters.index[catalog.clusters["kind"] == "future"]
    )
    assert all(set(areas) <= set(POLICY_AREAS) for areas in endorsed)


def test_policy_text_quotes_are_in_the_policy(catalog):
    policy = (data_path("policy") / "shenzhen-clusters-policy.txt").read_text(encoding="utf-8")
    for quote in catalog.clusters["policy_districts_text"].dropna():
        assert quote in policy, quote
    for quote in catalog.links["basis"]:
        assert quote in policy, quote


def test_demand_is_about_the_releasable_land(catalog):
    totals = {h: catalog.demand(h).sum() for h in (2025, 2030, 2035)}
    assert totals[2025] <= totals[2030] <= totals[2035]
    assert 0.9 * 60 <= totals[2035] <= 1.1 * 60
    assert (catalog.clusters["min_footprint_km2"] <= catalog.demand(2035)).all()


def test_links_are_undirected_pairs_of_known_clusters(catalog):
    links = catalog.links
    assert len(links) >= 30
    assert set(links["cluster_a"]) | set(links["cluster_b"]) <= set(catalog.ids)
    pairs = {frozenset(p) for p in zip(links["cluster_a"], links["cluster_b"], strict=True)}
    assert len(pairs) == len(links)


def test_split_list():
    assert split_list(" Bao'an; Qianhai ;") == ("Bao'an", "Qianhai")


@pytest.fixture
def copy_catalog(tmp_path):
    """A writable copy of the bundled catalogue, with an editor for the clusters table."""
    for name in ("clusters.csv", "chain_links.csv"):
        shutil.copy(data_path(name), tmp_path / name)

    def edit(table: str, change) -> str:
        path = tmp_path / table
        frame = pd.read_csv(path, dtype=str)
        change(frame)
        frame.to_csv(path, index=False)
        return path

    return edit


def _fails(path, *fragments):
    with pytest.raises(InputError) as caught:
        landplan.load_catalog(path if path.name == "clusters.csv" else path.parent / "clusters.csv")
    for fragment in fragments:
        assert fragment in caught.value.message, caught.value.message


def test_unknown_district(copy_catalog):
    def typo(frame):
        frame.loc[2, "policy_districts"] = "Nanshan;Guangmin"

    _fails(
        copy_catalog("clusters.csv", typo),
        "line 4 (uhd_display)",
        "field 'policy_districts'",
        "unknown district 'Guangmin'",
        "did you mean 'Guangming'",
    )


def test_duplicate_id(copy_catalog):
    def duplicate(frame):
        frame.loc[5, "cluster_id"] = frame.loc[4, "cluster_id"]

    _fails(
        copy_catalog("clusters.csv", duplicate),
        "line 7",
        "cluster id 'smart_sensors' appears more than once",
    )


def test_falling_demand(copy_catalog):
    def fall(frame):
        frame.loc[0, "demand_2035_km2"] = "0.5"

    _fails(
        copy_catalog("clusters.csv", fall), "line 2 (network_communication)", "demand must not fall"
    )


def test_non_numeric_demand(copy_catalog):
    def text(frame):
        frame.loc[1, "demand_2030_km2"] = "some"

    _fails(
        copy_catalog("clusters.csv", text),
        "line 3 (semiconductors)",
        "field 'demand_2030_km2'",
        "'some'",
    )


def test_missing_column(copy_catalog):
    def drop(frame):
        del frame["kind"]

    _fails(copy_catalog("clusters.csv", drop), "missing column 'kind'")


def test_link_to_unknown_cluster(copy_catalog):
    def typo(frame):
        frame.loc[0, "cluster_b"] = "biomedicin"

    _fails(
        copy_catalog("chain_links.csv", typo),
        "chain_links.csv",
        "line 2",
        "unknown cluster 'biomedicin'",
        "did you mean 'biomedicine'",
    )


def test_duplicate_link(copy_catalog):
    def repeat(frame):
        frame.loc[1, ["cluster_a", "cluster_b"]] = frame.loc[
            0, ["cluster_b", "cluster_a"]
        ].to_numpy()

    _fails(copy_catalog("chain_links.csv", repeat), "line 3", "listed more than once")
