"""The folders of sweeps, explorations and comparisons (``out/<scenario>-sweep/``,
``out/<scenario>-explore/``, ``out/compare-<a>-vs-<b>/``), each written atomically."""

from __future__ import annotations

import dataclasses
import fnmatch
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import folium
import pandas as pd

from landplan.analysis.compare import Comparison, RunRecord, compare_runs
from landplan.analysis.robustness import SweepSummary
from landplan.analysis.specs import ExploreSpec
from landplan.analysis.sweep import SweepSpec
from landplan.assembly import Inputs
from landplan.atomic import ensure_folder, write_folder_atomically
from landplan.i18n import N_, keep, speaking
from landplan.maps.common import save_map
from landplan.maps.compare import comparison_map
from landplan.maps.options import MapOptions
from landplan.maps.suitability import suitability_map
from landplan.optimisation.evaluate import presences
from landplan.optimisation.problem import Problem
from landplan.optimisation.solution import Solution
from landplan.outputs.contract import MAP_HTML, explore_folder, sweep_folder
from landplan.outputs.readback import product_file, read_layers, read_run
from landplan.outputs.runfolder import (
    allocation_csv_table,
    copy_run,
    redraw_map,
    tier_layer,
    write_run_files,
)
from landplan.pages.analysis import ExploreRecord, SweepRecord
from landplan.pages.compare import render_comparison
from landplan.runs import Run

#: What a sweep folder holds, and an exploration folder (names or patterns): anything else there
#: is the planner's, kept.
SWEEP_FILES = (
    "samples.csv",
    "frequency.csv",
    "stability_clusters.csv",
    "stability_parks.csv",
    "sweep.json",
    "frequency.html",
)
EXPLORE_FILES = (
    "explore.json",
    "plan_allocation.csv",
    "sites.csv",
    "importance.csv",
    "importance.html",
    "alternatives.csv",
    "alternative_*_allocation.csv",
    "alternative_*.html",
)


def write_sweep(
    summary: SweepSummary,
    spec: SweepSpec,
    inputs: Inputs,
    out: str | Path,
    timing: dict[str, Any],
    options: MapOptions | None = None,
) -> Path:
    """A sweep's tables, ``sweep.json`` and ``frequency.html`` in ``out/<scenario>-sweep/``,
    written atomically; a sweep cut short (fewer samples than asked) goes beside it, to
    ``out/<scenario>-sweep-partial/``, so that it never replaces a complete one."""
    complete = len(summary.samples) >= spec.samples
    folder = sweep_folder(out, inputs.scenario.name, complete)

    def write(tmp: Path) -> None:
        problem = inputs.problem
        summary.samples.to_csv(tmp / "samples.csv", index=False)
        frequency = named(summary.frequency, problem)
        frequency.to_csv(tmp / "frequency.csv", index=False, float_format="%.6g")
        named(summary.cluster_stability, problem).to_csv(
            tmp / "stability_clusters.csv", index=False
        )
        named(summary.park_stability, problem).to_csv(tmp / "stability_parks.csv", index=False)
        samples = summary.samples
        done = len(samples)
        record = {
            "scenario": inputs.scenario.name,
            "spec": dataclasses.asdict(spec),
            "complete": complete,
            "samples_done": done,
            "samples_solved": int(samples["status"].isin(["optimal", "feasible"]).sum())
            if done
            else 0,
            "samples_converged": int(samples["converged"].sum()) if done else 0,
            "samples_not_converged": int((~samples["converged"]).sum()) if done else 0,
            "samples_counted": summary.counted,
            **timing,
        }
        (tmp / "sweep.json").write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
        scores = summary.frequency.rename(columns={"frequency": "score"})
        clusters = inputs.problem.clusters[["name_en", "name_zh"]]
        heading = N_("%(scenario)s: %(samples)s samples")
        title = keep(heading, scenario=inputs.scenario.name, samples=str(summary.counted))
        fmap = suitability_map(
            inputs.parks, inputs.districts, scores, clusters, title, options, "frequency"
        )
        save_map(fmap, tmp / "frequency.html")

    write_folder_atomically(folder, write, SWEEP_FILES)
    return folder


def write_exploration(
    inputs: Inputs,
    importance: pd.DataFrame | None,
    alternatives: list | None,
    alternatives_table: pd.DataFrame | None,
    out: str | Path,
    options: MapOptions | None = None,
    sites: pd.DataFrame | None = None,
    plan: Solution | None = None,
    spec: ExploreSpec | None = None,
) -> Path:
    """``importance.csv`` and ``importance.html`` (loss per assignment, as a share of the
    largest, by cluster), ``alternatives.csv`` and each alternative's allocation and map (the
    alternative beside ``plan``, what changed outlined), ``sites.csv`` (each site's own value),
    ``plan``'s allocation and ``explore.json`` (what was asked, and the plan's score), in
    ``out/<scenario>-explore/``, written atomically."""
    folder = explore_folder(out, inputs.scenario.name)

    def write(tmp: Path) -> None:
        if sites is not None:
            named(sites, inputs.problem).to_csv(tmp / "sites.csv", index=False, float_format="%.6g")
        if importance is not None:
            table = named(importance, inputs.problem)
            table.to_csv(tmp / "importance.csv", index=False, float_format="%.6g")
            losses = importance.dropna(subset=["loss"])
            top = max(float(losses["loss"].max()), 1e-9) if len(losses) else 1.0
            scores = losses.assign(score=(losses["loss"] / top).clip(0, 1))
            clusters = inputs.problem.clusters[["name_en", "name_zh"]]
            heading = N_("%(scenario)s: replacement importance (1 = %(top)s)")
            title = keep(heading, scenario=inputs.scenario.name, top=f"{top:.3f}")
            fmap = suitability_map(
                inputs.parks, inputs.districts, scores, clusters, title, options, "importance"
            )
            save_map(fmap, tmp / "importance.html")
        if alternatives_table is not None:
            alternatives_table.to_csv(tmp / "alternatives.csv", index=False)
            for j, alternative in enumerate(alternatives or [], start=1):
                run = Run(inputs, alternative)
                allocation_csv_table(run).to_csv(
                    tmp / f"alternative_{j}_allocation.csv", index=False, float_format="%.6g"
                )
                if plan is not None:
                    save_map(
                        alternative_map(Run(inputs, plan), run, j, options),
                        tmp / f"alternative_{j}.html",
                    )
        if plan is not None:
            allocation_csv_table(Run(inputs, plan)).to_csv(
                tmp / "plan_allocation.csv", index=False, float_format="%.6g"
            )
            record = {
                "scenario": inputs.scenario.name,
                "spec": dataclasses.asdict(spec or ExploreSpec()),
                "plan": {key: plan.kpis()[key] for key in EXPLORED_FIGURES},
                "alternatives_found": len(alternatives or []),
            }
            (tmp / "explore.json").write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")

    write_folder_atomically(folder, write, EXPLORE_FILES)
    return folder


#: The figures of the plan explored around that ``explore.json`` keeps.
EXPLORED_FIGURES = ("status", "objective", "bound", "gap", "gap_scale")


def alternative_map(
    plan: Run, alternative: Run, number: int, options: MapOptions | None = None
) -> folium.Map:
    """Alternative ``number`` on a map, beside the plan it differs from (a layer each, the
    alternative shown first), the park tiers of the industries it moves outlined (land
    re-balanced among the parks an industry keeps is no move)."""
    options = options or MapOptions()
    names = (options.word("plan"), f"{options.word('alternative')} {number}")
    runs = (plan, alternative)
    records = [
        RunRecord(name, None, allocation_csv_table(run), {})
        for name, run in zip(names, runs, strict=True)
    ]
    moved = set(presences(plan.solution.allocation)) ^ set(
        presences(alternative.solution.allocation)
    )
    changes = compare_runs(records).tier_changes
    changes = changes[pd.MultiIndex.from_frame(changes[["cluster_id", "park_id"]]).isin(moved)]
    tiers = [(name, tier_layer(run)) for name, run in zip(names, runs, strict=True)]
    clusters = plan.solution.problem.clusters[["name_en", "name_zh"]]
    return comparison_map(tiers, plan.inputs.districts, clusters, options, changes, shown=1)


def named(table: pd.DataFrame, problem: Problem) -> pd.DataFrame:
    """``table`` with the English and Chinese names of its industries and parks beside their
    ids (``cluster_id``, ``park_id``), as ``allocation.csv`` has them."""
    table = table.copy()
    for key, names in (("cluster", problem.clusters), ("park", problem.parks)):
        if f"{key}_id" in table.columns:
            at = table.columns.get_loc(f"{key}_id") + 1
            for lang in ("zh", "en"):  # each inserted right after the id: English first
                table.insert(
                    at, f"{key}_name_{lang}", table[f"{key}_id"].map(names[f"name_{lang}"])
                )
    return table


#: What a sweep's and an exploration's folders hold, and what each is (marked for the catalog:
#: the workbench shows them translated).
ANALYSIS_FILE_WORDS = {
    "frequency.html": N_(
        "how often each industry got land in each park across the samples (pick the industry)"
    ),
    "frequency.csv": N_("the selection frequency of each industry in each park"),
    "stability_clusters.csv": N_("how stable each industry's parks are across the samples"),
    "stability_parks.csv": N_("how stable each park's industries are across the samples"),
    "samples.csv": N_("each sample: how its solve ended and its figures"),
    "importance.html": N_("the score lost if each assignment went, on a map"),
    "importance.csv": N_("the score lost if each industry were barred from each of its parks"),
    "alternatives.csv": N_("near-optimal plans that differ from the best, and by how much"),
    "sites.csv": N_("each site's own value (chain bonus left out)"),
    "plan_allocation.csv": N_(
        "land of each industry in each park tier in the plan explored around"
    ),
    "sweep.json": N_("what the sweep was asked and how it went, for other programs"),
    "explore.json": N_("what was looked for and the plan's score, for other programs"),
}


def is_analysis_file(name: str) -> bool:
    """Whether ``name`` is a file landplan writes into a sweep's or an exploration's folder."""
    return any(fnmatch.fnmatchcase(name, pattern) for pattern in (*SWEEP_FILES, *EXPLORE_FILES))


#: The folder of a comparison that holds the runs compared.
RUNS = "runs"
#: What a comparison folder holds besides compare.html, and what each is (marked for the catalog).
COMPARE_FILE_WORDS = {
    "compare_map.html": N_("one map with a layer per run and a layer of what changed"),
    "compare_kpis.csv": N_("the headline figures of each run, and their changes"),
    "moves.csv": N_("each industry's parks in each run, and whether they changed"),
    "compare.csv": N_("land of each industry in each park, in each run, and the change"),
    "tier_changes.csv": N_("each park tier and industry whose land changed, by how much"),
    f"{RUNS}/": N_("the runs compared, each a whole run folder with its report"),
}
COMPARE_FILES = ("compare.html", *(name.rstrip("/") for name in COMPARE_FILE_WORDS))


def write_comparison(
    comparison: Comparison,
    folder: str | Path,
    sources: Sequence[Run | Path],
    map_options: MapOptions | None = None,
) -> Path:
    """compare.html (the runs side by side, their maps moving together) and the files of
    COMPARE_FILE_WORDS, the compared runs among them in ``runs/<name>/`` (``sources``: each a
    run made now or a run folder, copied), so that the folder keeps showing what was
    compared."""
    folder = Path(folder)
    options = map_options or MapOptions()

    def write(tmp: Path) -> None:
        for name, source in zip(comparison.names, sources, strict=True):
            place = ensure_folder(tmp / RUNS / name)
            if isinstance(source, Run):
                write_run_files(source, place, options)
            else:  # the run's files, its maps and report drawn afresh to answer this page
                copy_run(source, place)
                redraw_map(place, options)
        comparison.land.to_csv(tmp / "compare.csv", index=False, float_format="%.6g")
        comparison.kpis.to_csv(tmp / "compare_kpis.csv", index=False)
        comparison.moves.to_csv(tmp / "moves.csv", index=False)
        comparison.tier_changes.to_csv(tmp / "tier_changes.csv", index=False, float_format="%.6g")
        with speaking(options.lang):  # the page's and the map's words (both: English)
            page = _page(comparison)
            save_map(_map(comparison, tmp, options), tmp / "compare_map.html")
        (tmp / "compare.html").write_text(page, encoding="utf-8")

    write_folder_atomically(folder, write, COMPARE_FILES)
    return folder


def read_comparison(folder: Path) -> Comparison:
    """The comparison a comparison folder holds, from its runs (in the order it compared
    them); the folder is only read."""
    header = pd.read_csv(product_file(folder, "compare_kpis.csv"), nrows=0).columns
    names = list(header[1 : 1 + len(header) // 2])  # kpi, each run, each later run's change
    return compare_runs([read_run(folder / RUNS / name) for name in names])


def comparison_html(folder: Path, lang: str, maps_query: str = "") -> str:
    """compare.html of the comparison in ``folder``, in ``lang`` (``maps_query``: added to the
    addresses of the runs' maps, a workbench's ``?lang=zh``); the folder is only read."""
    comparison = read_comparison(folder)
    with speaking(lang):
        return _page(comparison, maps_query)


def _page(comparison: Comparison, maps_query: str = "") -> str:
    """compare.html, in the language of the moment."""
    maps = [f"{RUNS}/{name}/{MAP_HTML}{maps_query}" for name in comparison.names]
    return render_comparison(comparison, maps, list(COMPARE_FILE_WORDS.items()))


def folder_comparison_map(folder: Path, options: MapOptions) -> folium.Map:
    """compare_map.html's map of the comparison in ``folder``, drawn again with ``options``
    (its words in the language of the moment); the folder is only read."""
    return _map(read_comparison(folder), folder, options)


def _map(comparison: Comparison, folder: Path, options: MapOptions) -> folium.Map:
    layers = [read_layers(folder / RUNS / name) for name in comparison.names]
    _, districts, clusters = layers[0]
    runs = [(name, tiers) for name, (tiers, _, _) in zip(comparison.names, layers, strict=True)]
    return comparison_map(runs, districts, clusters, options, comparison.tier_changes)


def read_sweep(folder: str | Path) -> SweepRecord:
    """A sweep's folder read back for its page."""
    folder = Path(folder)
    return SweepRecord(
        record=json.loads((folder / "sweep.json").read_text(encoding="utf-8")),
        samples=pd.read_csv(folder / "samples.csv"),
        frequency=pd.read_csv(folder / "frequency.csv"),
        stability=pd.read_csv(folder / "stability_clusters.csv"),
    )


def read_exploration(folder: str | Path) -> ExploreRecord:
    """An exploration's folder read back for its page (what a folder written by an earlier
    landplan lacks left out)."""
    folder = Path(folder)

    def table(name: str) -> pd.DataFrame | None:
        path = folder / name
        if not path.is_file():
            return None
        try:
            return pd.read_csv(path)
        except pd.errors.EmptyDataError:  # no alternative found: a table of no columns
            return pd.DataFrame()

    record = folder / "explore.json"
    alternatives = table("alternatives.csv")
    if alternatives is None or alternatives.empty:
        alternatives = pd.DataFrame()
    numbers = [int(j) for j in alternatives.get("alternative", [])]
    allocations = {j: table(f"alternative_{j}_allocation.csv") for j in numbers}
    return ExploreRecord(
        record=json.loads(record.read_text(encoding="utf-8")) if record.is_file() else {},
        alternatives=alternatives,
        importance=table("importance.csv"),
        sites=table("sites.csv"),
        plan=table("plan_allocation.csv"),
        allocations={j: frame for j, frame in allocations.items() if frame is not None},
        maps=frozenset(j for j in numbers if (folder / f"alternative_{j}.html").is_file()),
    )
