"""A scenario fuzzer: hostile and careless scenario files from a fixed seed, each fed to the CLI
in this process. What counts: the exit code, and whether anything escaped as a traceback.

Used by tests/test_fuzz.py (a few hundred files, ``validate``) and by ``python tests/fuzz.py``
(more files, counts printed; ``--run`` also solves those that validate).
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import io
import random
import sys
import time
import traceback
from pathlib import Path

import yaml

HOSTILE_STRINGS = [
    "",
    " ",
    "x" * 300,
    "../../../../tmp/escape",
    "/etc/passwd",
    "</script><script>alert(8)</script>",
    "<!--<script>",
    "<img src=x onerror=alert(1)>",
    "[bold red]markup[/]",
    "[/]",
    "a\x00b",
    "\u2028\u2029",
    "\u202eevil",
    "{{7*7}}",
    "新能源",
    "坪山",
    "baseline",
    "nan",
    "inf",
    "-1",
    "1e308",
    "BA-01",
    "Yanluo",
    "new_energy",
    "Shenshan",
]
HOSTILE_NUMBERS = [0, -1, 1, 2, 0.5, 1e308, -1e308, 1e-308, 10**30, float("nan"), float("inf")]
HORIZONS = [[], [2025], [2030, 2030], [2035, 2025], [2025, 2030, 2035], [1e9], ["2025"], [None]]
KEYS = {
    "name": "string",
    "description": "string",
    "extends": "string",
    "horizons": "horizons",
    "locks": "placements",
    "exclusions": "placements",
    "rules.strict_endorsement": "any",
    "rules.strict_demand": "any",
    "rules.hard_demand": "list",
    "rules.clusters_per_park": "number",
    "rules.parks_per_cluster": "number",
    "rules.footprints": "mapping",
    "rules.min_site_share": "number",
    "objective.suitability": "number",
    "objective.chain_bonus": "number",
    "objective.chain_bonus_per": "string",
    "objective.presence_cost": "number",
    "objective.shortfall_penalty": "number",
    "demand.multiplier": "number",
    "demand.kinds": "mapping",
    "demand.clusters": "mapping",
    "suitability.weights": "mapping",
    "suitability.ahp": "ahp",
    "suitability.extra": "mapping",
    "suitability.access_half_km": "number",
    "solver.name": "string",
    "solver.gap": "number",
    "solver.node_limit": "number",
    "solver.time_limit": "number",
    "solver.threads": "number",
    "solver.heuristic": "any",
    "data.parks": "path",
    "data.clusters": "path",
    "data.chain_links": "path",
    "data.infrastructure": "path",
    "data.districts": "path",
    "outputs.xlsx": "any",
    "unknown_key": "any",
}
PATHS = ["", ".", "..", "/dev/null", "/dev/zero", "missing.csv", "clusters.csv", "a\x00b.csv", "/"]


def value(rng: random.Random, kind: str, depth: int = 0):
    """A hostile value of roughly the kind a key expects (and sometimes not)."""
    if rng.random() < 0.15 or depth > 3:
        kind = rng.choice(["string", "number", "any"])
    if kind == "string":
        return rng.choice(HOSTILE_STRINGS)
    if kind == "number":
        return rng.choice(HOSTILE_NUMBERS)
    if kind == "horizons":
        return rng.choice(HORIZONS)
    if kind == "path":
        return rng.choice(PATHS)
    if kind == "list":
        return [value(rng, "string", depth + 1) for _ in range(rng.randint(0, 3))]
    if kind == "mapping":
        return {
            rng.choice(HOSTILE_STRINGS + ["semiconductors", "future", "endorsement"]): value(
                rng, rng.choice(["number", "string", "mapping"]), depth + 1
            )
            for _ in range(rng.randint(0, 3))
        }
    if kind == "placements":
        return [
            {
                "cluster": rng.choice(HOSTILE_STRINGS),
                rng.choice(["park", "district", "both"]): rng.choice(HOSTILE_STRINGS),
            }
            for _ in range(rng.randint(0, 3))
        ]
    if kind == "ahp":
        n = rng.randint(0, 3)
        return {
            "criteria": rng.sample(["endorsement", "chain", "access", "land_fit", "x"], k=n),
            "matrix": [[rng.choice(HOSTILE_NUMBERS + [1, 3, "1/3"]) for _ in range(n)]] * n,
        }
    return rng.choice([None, True, [], {}, [[]], {"a": {"b": None}}, *HOSTILE_NUMBERS[:3]])


def scenario_text(rng: random.Random, index: int) -> str:
    """One fuzzed scenario file's text."""
    if index % 40 == 7:  # structure attacks
        return rng.choice(
            [
                "name: deep\ndescription: " + "[" * 1000 + "]" * 1000 + "\n",
                "a: &a [x, x, x, x]\nb: &b [*a, *a, *a, *a]\nc: &c [*b, *b, *b, *b]\n"
                "name: bomb\nlocks: [*c, *c, *c, *c, *c, *c, *c, *c]\n",
                "name: [unclosed\n",
                "\tname: tabs\n",
                "name: x\nname: y\n",
                "",
                "- just\n- a list\n",
                "name: binary \x07\n",
            ]
        )
    document: dict = {"name": f"fuzz-{index}"}
    for key in rng.sample(sorted(KEYS), k=rng.randint(1, 4)):
        section, _, leaf = key.partition(".")
        content = value(rng, KEYS[key])
        if leaf:
            document.setdefault(section, {})
            if isinstance(document[section], dict):
                document[section][leaf] = content
        else:
            document[section] = content
    try:
        return yaml.safe_dump(document, allow_unicode=True, sort_keys=False)
    except yaml.YAMLError:
        return "name: unserialisable\n"


def write_cases(folder: Path, count: int, seed: int = 15) -> list[Path]:
    rng = random.Random(seed)
    paths = []
    for i in range(count):
        path = folder / f"case_{i:04d}.yaml"
        path.write_bytes(scenario_text(rng, i).encode("utf-8", "surrogatepass"))
        paths.append(path)
    return paths


def run_cli(args: list[str]) -> tuple[int | None, str]:
    """Run the landplan CLI in this process: its exit code, or None and the traceback when an
    exception escaped."""
    from landplan import cli

    argv, sys.argv = sys.argv, ["landplan", *args]
    out = io.StringIO()
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
            cli.main()
        return 0, out.getvalue()
    except SystemExit as exc:
        return (exc.code if isinstance(exc.code, int) else 1), out.getvalue()
    except BaseException:  # noqa: BLE001 - that is what we count
        return None, traceback.format_exc()
    finally:
        sys.argv = argv


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=300)
    parser.add_argument("--seed", type=int, default=15)
    parser.add_argument("--run", action="store_true", help="also solve what validates")
    args = parser.parse_args()
    import tempfile

    folder = Path(tempfile.mkdtemp())
    codes: collections.Counter = collections.Counter()
    crashes: collections.Counter = collections.Counter()
    slow = []
    for path in write_cases(folder, args.count, args.seed):
        began = time.perf_counter()
        code, text = run_cli(["validate", str(path)])
        if code == 0 and args.run:
            out = folder / "out"
            code, text = run_cli(["run", str(path), "--out", str(out), "-q", "--time-limit", "20"])
        took = time.perf_counter() - began
        codes[code] += 1
        if took > 10:
            slow.append((path.name, round(took, 1)))
        if code is None:
            crashes[text.strip().splitlines()[-1][:120]] += 1
    print(f"{args.count} files (seed {args.seed}); exit codes: {dict(codes)}")
    print(f"tracebacks: {sum(crashes.values())}; slower than 10 s: {slow}")
    for line, n in crashes.most_common():
        print(f"  {n:4d}  {line}")


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).parent))
    main()
