"""Run the notebooks top to bottom, headless, as shipped: each executed copy, outputs and all,
goes to out/notebooks/<name>.ipynb, and what the notebooks write (run folders, a sweep) goes to
out/notebooks/ as well. Prints each notebook's time.

Run: make notebooks-run   (or python scripts/run_notebooks.py [names...])
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbformat import NotebookNode

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
#: Where the notebooks write, from their working folder (the repository's root here).
OUT = ROOT / "out" / "notebooks"


def execute(path: Path, folder: Path) -> tuple[NotebookNode, float]:
    """The notebook at ``path`` run top to bottom in ``folder`` (its working folder), and how
    long that took in seconds; raises nbclient's CellExecutionError at the first failing cell."""
    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(
        notebook,
        timeout=900,
        kernel_name="python3",
        extra_arguments=["--log-level=ERROR"],  # not the kernel's warning about local TCP
        resources={"metadata": {"path": folder}},
    )
    began = time.perf_counter()
    client.execute()
    return notebook, time.perf_counter() - began


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help="notebooks to run, e.g. 01_baseline (all)")
    args = parser.parse_args()
    unknown = set(args.names) - {p.stem for p in NOTEBOOKS}
    if unknown:
        parser.error(
            f"no notebook {', '.join(sorted(unknown))}; there are {', '.join(p.stem for p in NOTEBOOKS)}"
        )
    OUT.mkdir(parents=True, exist_ok=True)
    total = 0.0
    for path in [p for p in NOTEBOOKS if not args.names or p.stem in args.names]:
        notebook, seconds = execute(path, ROOT)
        nbformat.write(notebook, OUT / path.name)
        total += seconds
        print(f"{path.name}: {seconds:.1f} s → {(OUT / path.name).relative_to(ROOT)}")
    print(f"together: {total:.1f} s")


if __name__ == "__main__":
    main()
