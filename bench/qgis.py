"""The QGIS plugin's figures, side by side in one run (issue 35): the time of QGIS's "Run a
scenario" on the baseline against ``landplan run baseline`` on the same inputs, and whether
their ``allocation.csv`` are the same bytes.

Three ways, interleaved ``--repeats`` times (this machine is shared: ratios beat seconds):
- the CLI: ``landplan run baseline`` in a fresh process, as a planner types it;
- inside QGIS: the algorithm run by Processing in a running QGIS (the driver of the tests,
  timing ``processing.run`` only: what a planner waits for, QGIS being open), on the bundled
  park tiers loaded as a layer (exported and mapped like any layer): its first run in the
  session (landplan looked for and asked its version) and a later one;
- ``qgis_process run landplan:run``: the same from the shell, QGIS's start included.

Needs Debian's qgis and python3-qgis. Run: ``.venv/bin/python bench/qgis.py [--repeats 5]``.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from qgis_env import Qgis, need_qgis  # noqa: E402

PARKS = ROOT / "data" / "parks.geojson"


def cli(out: Path) -> float:
    began = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "landplan", "run", "baseline", "--out", str(out), "-q"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return time.perf_counter() - began


def in_qgis(qgis: Qgis, out: Path) -> list[float]:
    """The algorithm's first run in a QGIS session (landplan looked for), and a second."""
    answer = qgis.run({
        "algorithm": "landplan:run",
        "layers": {"PARKS": {"path": str(PARKS)}},
        "parameters": {"SCENARIO_NAME": "baseline", "OUTPUT": str(out)},
        "runs": 2,
    })  # fmt: skip
    assert "error" not in answer, answer
    return answer["seconds"]


def qgis_process(qgis: Qgis, out: Path) -> float:
    began = time.perf_counter()
    done = qgis.process("run", "landplan:run", "--", f"PARKS={PARKS}", f"OUTPUT={out}")
    assert done.returncode == 0, done.stdout + done.stderr
    return time.perf_counter() - began


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    repeats = parser.parse_args().repeats
    need_qgis()
    with tempfile.TemporaryDirectory(prefix="landplan-bench-qgis-") as tmp:
        here = Path(tmp)
        zip_file = here / "landplan_processing.zip"
        subprocess.run([sys.executable, "-m", "landplan", "qgis-plugin", str(zip_file)], check=True,
                       capture_output=True)  # fmt: skip
        qgis = Qgis(here / "profile", zip_file)
        names = ("CLI", "QGIS, first run", "QGIS, a later run", "qgis_process")
        times: dict[str, list[float]] = {name: [] for name in names}
        for k in range(repeats):
            times["CLI"].append(cli(here / f"cli-{k}"))
            first_run, later = in_qgis(qgis, here / f"qgis-{k}")
            times["QGIS, first run"].append(first_run)
            times["QGIS, a later run"].append(later)
            times["qgis_process"].append(qgis_process(qgis, here / f"process-{k}"))
        first = [here / f"{way}-0" / "baseline" / "allocation.csv"
                 for way in ("cli", "qgis", "process")]  # fmt: skip
        same = len({path.read_bytes() for path in first}) == 1
    base = statistics.median(times["CLI"])
    print(f"landplan run baseline, {repeats} runs each, interleaved (median, min–max):")
    for name, seconds in times.items():
        median = statistics.median(seconds)
        print(f"  {name:<18} {median:5.2f} s ({min(seconds):.2f}–{max(seconds):.2f})"
              f"  {median / base:4.2f}× the CLI")  # fmt: skip
    print(f"allocation.csv the same bytes in all three: {'yes' if same else 'NO'}")


if __name__ == "__main__":
    main()
