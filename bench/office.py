"""The workbench as an office's shared service: the figures of issue 24, side by side in one run.

- ``sweep``: a 2,000-sample sweep asked from the page, its samples solved on a local Dask
  cluster, against ``landplan sweep`` with the same seed on the local executor: every table of
  the two sweep folders compared byte for byte (``samples.csv`` without its solve times).

Usage: python bench/office.py [--only sweep,...] [--samples 2000] [--seed 7]
"""

from __future__ import annotations

import argparse
import filecmp
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd
from serve import Server, User

ROOT = Path(__file__).resolve().parents[1]


def sweep_from_page(samples: int, seed: int) -> None:
    """A sweep asked on the page, on a local Dask cluster, against the CLI's, same seed."""
    from distributed import LocalCluster

    with (
        LocalCluster(n_workers=2, threads_per_worker=1, processes=True) as cluster,
        tempfile.TemporaryDirectory() as data,
        tempfile.TemporaryDirectory() as out,
    ):
        server = Server(
            Path(data),
            jobs=1,
            extra=("--executor", "dask", "--scheduler", cluster.scheduler_address),
        )
        try:
            user = User(server.address, "sweeper")
            began = time.perf_counter()
            job = user.post(
                "/scenarios/bundled:baseline/sweep", samples=str(samples), seed=str(seed)
            )
            status = user.wait(str(job.url))
            page_s = time.perf_counter() - began
        finally:
            server.stop()
        print(f"sweep of {samples} samples from the page (Dask, 2 workers): {status['status']}, "
              f"{page_s:.0f} s")  # fmt: skip
        if status["status"] != "done":
            print("   ", status["message"])
            return
        from_page = Path(data) / "results" / status["result"].rsplit("/", 1)[-1]
        began = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "landplan", "sweep", "baseline", "--samples", str(samples),
             "--seed", str(seed), "--workers", "2", "--out", out, "-q"],
            check=True,
        )  # fmt: skip
        cli_s = time.perf_counter() - began
        from_cli = Path(out) / "baseline-sweep"
        tables = sorted(p.name for p in from_cli.glob("*.csv") if p.name != "samples.csv")
        same, differ, missing = filecmp.cmpfiles(from_cli, from_page, tables, shallow=False)
        print(f"`landplan sweep` same seed (local executor, 2 workers): {cli_s:.0f} s")
        print(f"   tables identical byte for byte: {len(same)} of {len(tables)} {same}; "
              f"different: {differ}; missing: {missing}")  # fmt: skip
        # samples.csv also says how long each solve took: every other column must match
        timed = [
            pd.read_csv(f / "samples.csv").drop(columns="runtime_s") for f in (from_cli, from_page)
        ]
        print(f"   samples.csv without its runtime_s column: {len(timed[0])} vs {len(timed[1])} "
              f"samples, identical: {timed[0].equals(timed[1])}")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default="sweep")
    parser.add_argument("--samples", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    chosen = set(args.only.split(","))
    if "sweep" in chosen:
        sweep_from_page(args.samples, args.seed)
        sys.stdout.flush()


if __name__ == "__main__":
    main()
