"""Build data/existing_base.csv and data/designations.csv from the research behind them,
data/sources/existing_base_research.csv (every row found, each with its source and date, and
``use``: evidence, designation, or why it is not used).

- ``existing_base.csv``: the industries already established in or around each park, from the
  rows used as evidence: one row per park, level, place, industry and source (``level`` park,
  subdistrict or zone: the finest the source supports; ``strength`` anchor, cluster or
  present). What a whole district hosts is not here: the policy's endorsement carries it.
- ``designations.csv``: the official plans' own designations of a park's industries, kept apart
  from the evidence, as a criterion table (``cluster_id``, ``park_id``, ``value``): for each
  park with a designation, 1 for every industry designated there and 0 for every other
  industry; parks without one are left out (the criterion's neutral 0.5). The
  ``official-designations`` scenario uses it; the baseline does not.

Every park and industry is checked against data/parks_facts.csv and data/clusters.csv.

Usage: python scripts/build_existing_base.py [--out data]
"""

from __future__ import annotations

import argparse
from pathlib import Path

import pandas as pd

from landplan.atomic import write_text_atomically

ROOT = Path(__file__).resolve().parents[1]
RESEARCH = ROOT / "data" / "sources" / "existing_base_research.csv"
PARKS = ROOT / "data" / "parks_facts.csv"
CLUSTERS = ROOT / "data" / "clusters.csv"
EXISTING_BASE = "existing_base.csv"
DESIGNATIONS = "designations.csv"

EVIDENCE_COLUMNS = ["park_id", "level", "place", "cluster_id", "strength", "source",
                    "source_date", "note"]  # fmt: skip
LEVELS = ("park", "subdistrict", "zone")
STRENGTHS = ("anchor", "cluster", "present")


def read_research(path: Path, parks: set[str], clusters: set[str]) -> pd.DataFrame:
    rows = pd.read_csv(path, dtype=str, keep_default_na=False)
    for column, known in (("park_id", parks), ("cluster_id", clusters)):
        unknown = sorted(set(rows[column]) - known)
        if unknown:
            raise SystemExit(f"{path}: unknown {column}: {', '.join(unknown)}")
    if (rows["source"].str.strip() == "").any():
        raise SystemExit(f"{path}: a row without its source")
    return rows


def evidence(rows: pd.DataFrame) -> pd.DataFrame:
    used = rows[rows["use"] == "evidence"]
    wrong = used[~used["level"].isin(LEVELS) | ~used["strength"].isin(STRENGTHS)]
    if len(wrong):
        raise SystemExit(f"evidence at a level or strength landplan does not take:\n{wrong}")
    table = used[EVIDENCE_COLUMNS].drop_duplicates()
    order = {"level": LEVELS, "strength": STRENGTHS}
    return table.sort_values(
        ["park_id", "cluster_id", "level", "strength", "source"],
        key=lambda s: s.map({v: k for k, v in enumerate(order[s.name])}) if s.name in order else s,
    ).reset_index(drop=True)


def designations(rows: pd.DataFrame, clusters: list[str]) -> pd.DataFrame:
    used = rows[rows["use"] == "designation"]
    table = []
    for park, designated in used.groupby("park_id", sort=True):
        named = set(designated["cluster_id"])
        source = "; ".join(
            sorted(set(designated["source"] + " (" + designated["source_date"] + ")"))
        )
        for cluster in clusters:
            table.append({"cluster_id": cluster, "park_id": park,
                          "value": 1 if cluster in named else 0, "source": source})  # fmt: skip
    return pd.DataFrame(table)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "data", help="the folder to write to")
    out = parser.parse_args().out
    parks = set(pd.read_csv(PARKS, dtype=str)["park_id"])
    clusters = list(pd.read_csv(CLUSTERS, dtype=str)["cluster_id"])
    rows = read_research(RESEARCH, parks, set(clusters))
    found = evidence(rows)
    designated = designations(rows, clusters)
    write_text_atomically(out / EXISTING_BASE, found.to_csv(index=False, lineterminator="\n"))
    write_text_atomically(out / DESIGNATIONS, designated.to_csv(index=False, lineterminator="\n"))
    print(f"wrote {EXISTING_BASE}: {len(found)} rows of evidence for "
          f"{found['park_id'].nunique()} parks; {DESIGNATIONS}: designations of "
          f"{designated['park_id'].nunique()} parks")  # fmt: skip


if __name__ == "__main__":
    main()
