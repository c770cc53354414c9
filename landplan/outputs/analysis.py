"""The folders of sweeps, explorations and comparisons (``out/<scenario>-sweep/``,
``out/<scenario>-explore/``, ``out/compare-<a>-vs-<b>/``), each written atomically."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import folium
import pandas as pd

from landplan.analysis.compare import Comparison, compare_runs
from landplan.analysis.robustness import SweepSummary
from landplan.analysis.sweep import SweepSpec
from landplan.assembly import Inputs
from landplan.atomic import ensure_folder, write_folder_atomically
from landplan.i18n import N_, keep, speaking
from landplan.maps.common import save_map
from landplan.maps.compare import comparison_map
from landplan.maps.options import MapOptions
from landplan.maps.suitability import suitability_map
from landplan.outputs.contract import MAP_HTML, explore_folder, sweep_folder
from landplan.outputs.readback import product_file, read_layers, read_run
from landplan.outputs.runfolder import copy_run, redraw_map, write_run_files
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
    "sites.csv",
    "importance.csv",
    "importance.html",
    "alternatives.csv",
    "alternative_*_allocation.csv",
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
        summary.samples.to_csv(tmp / "samples.csv", index=False)
        summary.frequency.to_csv(tmp / "frequency.csv", index=False, float_format="%.6g")
        summary.cluster_stability.to_csv(tmp / "stability_clusters.csv", index=False)
        summary.park_stability.to_csv(tmp / "stability_parks.csv", index=False)
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
) -> Path:
    """``importance.csv`` and ``importance.html`` (loss per assignment, as a share of the
    largest, by cluster), ``alternatives.csv`` and each alternative's allocation, and
    ``sites.csv`` (each site's own value), in ``out/<scenario>-explore/``, written atomically."""
    folder = explore_folder(out, inputs.scenario.name)

    def write(tmp: Path) -> None:
        if sites is not None:
            sites.to_csv(tmp / "sites.csv", index=False, float_format="%.6g")
        if importance is not None:
            importance.to_csv(tmp / "importance.csv", index=False, float_format="%.6g")
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
            for j, plan in enumerate(alternatives or [], start=1):
                plan.allocation_table().to_csv(tmp / f"alternative_{j}_allocation.csv", index=False)

    write_folder_atomically(folder, write, EXPLORE_FILES)
    return folder


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
}

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
