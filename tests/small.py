"""A small scenario of the bundled data (four industries, three parks): quick to solve to
optimality, for the tests of sweeps and explorations."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

import landplan

CLUSTERS = ["new_energy", "safety_env", "biomedicine", "medical_devices"]
PARKS = ["LG-01", "LG-02", "PS-01"]


def small_scenario(folder: Path) -> landplan.Scenario:
    """The small scenario, its data written into ``folder``."""
    parks = landplan.load_parks()
    parks[parks["park_id"].isin(PARKS)].drop(columns=["gross_area_km2"]).to_file(
        folder / "parks.geojson"
    )
    clusters = pd.read_csv(landplan.inputs.bundled.data_path("clusters.csv"))
    clusters[clusters["cluster_id"].isin(CLUSTERS)].to_csv(folder / "clusters.csv", index=False)
    links = pd.read_csv(landplan.inputs.bundled.data_path("chain_links.csv"))
    inside = links["cluster_a"].isin(CLUSTERS) & links["cluster_b"].isin(CLUSTERS)
    links[inside].to_csv(folder / "chain_links.csv", index=False)
    (folder / "small.yaml").write_text(
        "name: small\ndata: {parks: parks.geojson, clusters: clusters.csv, "
        "chain_links: chain_links.csv}\nsolver: {gap: 0}\n"
    )
    return landplan.load_scenario(folder / "small.yaml")
