"""Issue 36's figures, side by side in one run: what the bundled data says of each park's
existing base, names and sizes, and the baseline's certified solve with the existing-base
criterion against an earlier checkout without it (``--before``, e.g. a worktree of the commit
before), interleaved ``--repeats`` times (this machine is shared: ratios beat seconds).

Run: ``.venv/bin/python bench/evidence.py [--before ../before] [--repeats 5]``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

import geopandas as gpd
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"


def data_figures(data: Path) -> dict[str, str]:
    facts = pd.read_csv(data / "parks_facts.csv", dtype=str, keep_default_na=False)
    parks = gpd.read_file(data / "parks.geojson").groupby("park_id").first()
    land = parks["park_industrial_land_km2"].round(3)
    shared = int(land.value_counts().max())
    figures = {
        "parks with a working name": f"{(facts['name_status'] == 'working').sum()} of {len(facts)}",
        "parks sharing the one estimated size": f"{shared} of {len(land)} "
        f"({land.value_counts().idxmax():.2f} km² of industrial land)",
    }
    evidence_file = data / "existing_base.csv"
    if evidence_file.is_file():
        evidence = pd.read_csv(evidence_file, dtype=str)
        finest = evidence.groupby("park_id")["level"].agg(set)
        local = sum(bool(levels & {"park", "subdistrict"}) for levels in finest)
        figures["parks with park- or zone-level evidence"] = (
            f"{len(finest)} of {len(facts)} ({local} at the park or its subdistrict, "
            f"{len(finest) - local} at a wider zone only)"
        )
    else:
        figures["parks with park- or zone-level evidence"] = f"0 of {len(facts)}"
    return figures


def solve_seconds(checkout: Path, out: Path) -> float:
    """The baseline's certified solve (runtime_s of --json), run from ``checkout``."""
    done = subprocess.run(
        [sys.executable, "-m", "landplan", "run", "baseline", "--out", str(out), "--json"],
        capture_output=True, text=True, check=False, cwd=checkout,
        env={**os.environ, "PYTHONPATH": str(checkout)},
    )  # fmt: skip
    document = json.loads(done.stdout)
    runs = document["runs"] if isinstance(document, dict) else document  # before contract 1
    assert runs[0]["status"] in ("optimal", "feasible"), done.stderr
    return float(runs[0]["runtime_s"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", type=Path, help="a checkout of the code before (its data too)")
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    trees = {"now": ROOT, **({"before": args.before.resolve()} if args.before else {})}
    for name, tree in trees.items():
        print(f"{name} ({tree}):")
        for figure, value in data_figures(tree / "data").items():
            print(f"  {figure}: {value}")
    times: dict[str, list[float]] = {name: [] for name in trees}
    with tempfile.TemporaryDirectory(prefix="landplan-bench-evidence-") as tmp:
        for k in range(args.repeats):
            for name, tree in trees.items():
                times[name].append(solve_seconds(tree, Path(tmp) / f"{name}-{k}"))
    print(f"baseline, certified solve (runtime_s), {args.repeats} runs each, interleaved:")
    for name, seconds in times.items():
        print(f"  {name:<7} median {statistics.median(seconds):.2f} s "
              f"({min(seconds):.2f}–{max(seconds):.2f})")  # fmt: skip
    if "before" in times:
        ratio = statistics.median(times["now"]) / statistics.median(times["before"])
        print(f"  now / before: {ratio:.2f}×")


if __name__ == "__main__":
    main()
