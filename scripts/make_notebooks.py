"""Write the notebooks in notebooks/ from the cells below (outputs empty).

Editing the cells here and re-running keeps the notebooks' JSON tidy; editing them in Jupyter
works too, as long as outputs are cleared before committing (a test checks).
Run: python scripts/make_notebooks.py
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

ROOT = Path(__file__).resolve().parents[1]

SETTINGS = """import landplan

# Every solve stops once its plan is certified within 0.5 % of the best possible plan (the
# scenario's `solver` section says otherwise: landplan.run_scenario(scenario,
# changes={"solver": {"gap": 0.001}}) asks for 0.1 %, a gap of 0 for a proof)."""

BASELINE = [
    new_markdown_cell(
        "# The baseline plan, step by step\n\n"
        "Where should Shenzhen's 28 strategic emerging and future industries go among the 20 "
        "advanced manufacturing parks? This notebook loads the data, runs the **baseline** "
        "scenario (the policy as written, its named key projects locked in), reads the plan and "
        "explains one decision.\n\n"
        "*The park geometry is schematic: positions and sizes are estimates.*"
    ),
    new_code_cell(SETTINGS),
    new_markdown_cell(
        "## 1. The parks and their land\n\nEach park releases industrial land in "
        "three tiers: starting (by 2025), expansion (2030) and reserve (2035)."
    ),
    new_code_cell(
        "parks = landplan.load_parks()\n"
        "districts = landplan.load_districts()\n"
        "landplan.summarise_parks(parks)"
    ),
    new_code_cell("landplan.show_map(landplan.parks_map(parks, districts))"),
    new_markdown_cell("## 2. Run the baseline scenario"),
    new_code_cell(
        'scenario = landplan.load_scenario("baseline")\n'
        "print(scenario.description)\n"
        "run = landplan.run_scenario(scenario, progress=landplan.progress_line())\n"
        "solution = run.solution\n"
        "print(solution.status, '·', solution.reason)"
    ),
    new_markdown_cell(
        "The status is honest: `optimal` only when proven; otherwise the plan comes with its "
        "**gap**, how much better a plan could at most be, measured against a bound the solver "
        "proved, as a share of the score at stake (`gap_scale`: the most any plan could earn), "
        "and `stopped_by` says what ended the solve (`gap`: certified as asked). The greedy "
        "plan (best suitability first) is a yardstick."
    ),
    new_code_cell("solution.kpis()"),
    new_markdown_cell("## 3. The plan\n\nOne row per industry, park and tier with land (km²):"),
    new_code_cell("solution.allocation_table().head(12)"),
    new_code_cell(
        'solution.park_table()[["park_id", "name_en", "district", "clusters_by_land", '
        '"used_km2", "capacity_km2"]]'
    ),
    new_code_cell("landplan.show_map(landplan.plan_map(run))"),
    new_markdown_cell(
        "## 4. Why this industry in this park?\n\n"
        "Take the industry with the most land in one park, and look at its suitability there, "
        "criterion by criterion, beside the parks it did not get."
    ),
    new_code_cell(
        "land = solution.allocation.groupby(['cluster_id', 'park_id'])['land_km2'].sum()\n"
        "cluster, park = land.idxmax()\n"
        "print(f'{cluster} gets {land.max():.2f} km² in {park}')\n"
        "run.inputs.suitability.breakdown(cluster, park)"
    ),
    new_code_cell(
        "scores = run.inputs.suitability.scores.loc[cluster].sort_values(ascending=False)\n"
        "scores.head(8).to_frame('suitability')"
    ),
    new_markdown_cell(
        "The shadow price of a tier is what one more km² there would add to the objective, "
        "with the presences fixed as in the plan. Binding tiers with high prices are where "
        "more land would help most."
    ),
    new_code_cell(
        "prices = solution.shadow_prices\n"
        "prices[prices['binding']].sort_values('shadow_price', ascending=False).head(8)"
    ),
    new_markdown_cell(
        "## 5. Keep the results\n\nThe same files as `landplan run`: tables, GeoPackage, maps, "
        "report and the resolved scenario."
    ),
    new_code_cell(
        'folder = landplan.write_run(run, "out/notebooks")\nsorted(p.name for p in folder.iterdir())'
    ),
]

SCENARIOS = [
    new_markdown_cell(
        "# Scenarios: variants of the baseline, run and compared\n\n"
        "Derive variants in code, run them, compare them in a table and on maps, and try other "
        "suitability weights with sliders.\n\n*The park geometry is schematic.*"
    ),
    new_code_cell(SETTINGS),
    new_code_cell(
        'base = landplan.load_scenario("baseline")\n'
        "variants = [\n"
        "    base,\n"
        '    base.derive("access-first", "Access weighs most",\n'
        '                suitability={"weights": {"endorsement": 0.2, "chain": 0.1, "access": 0.6, "land_fit": 0.1}}),\n'
        '    base.derive("demand-plus-15", "Demand 15 % higher", demand={"multiplier": 1.15}),\n'
        '    base.derive("chips-in-yanluo", "Semiconductors locked into Yanluo",\n'
        '                locks=[{"cluster": "semiconductors", "park": "Yanluo"}]),\n'
        "]\n"
        "[(v.name, v.description) for v in variants]"
    ),
    new_code_cell(
        "runs = [landplan.run_scenario(v) for v in variants]\n"
        "[(r.scenario.name, str(r.solution.status), round(r.solution.objective, 3)) for r in runs]"
    ),
    new_markdown_cell(
        "## Compare them\n\nHeadline figures side by side (changes are against the "
        "baseline), then the industries that changed parks."
    ),
    new_code_cell(
        'folders = [landplan.write_run(r, "out/notebooks") for r in runs]\n'
        "comparison = landplan.compare_runs([landplan.read_run(f) for f in folders])\n"
        "comparison.kpis"
    ),
    new_code_cell("comparison.moves[comparison.moves['moved']]"),
    new_code_cell(
        "landplan.show_maps([landplan.plan_map(runs[0]), landplan.plan_map(runs[1])],\n"
        "                   titles=[runs[0].scenario.name, runs[1].scenario.name])"
    ),
    new_markdown_cell(
        "## Try other weights\n\n"
        "Move the sliders and press *Re-run*: the plan is solved again and the map redrawn. "
        "Run headless (as the tests do), the cell shows one static run with the default weights."
    ),
    new_code_cell(
        "import ipywidgets as widgets\n"
        "from IPython.display import display\n"
        "\n"
        "defaults = {'endorsement': 0.4, 'chain': 0.2, 'access': 0.2, 'land_fit': 0.2}\n"
        "sliders = {name: widgets.FloatSlider(value=value, min=0, max=1, step=0.05, description=name)\n"
        "           for name, value in defaults.items()}\n"
        "button = widgets.Button(description='Re-run')\n"
        "status = widgets.Label()\n"
        "map_box = widgets.HTML()\n"
        "\n"
        "def rerun(_=None):\n"
        "    weights = {name: slider.value for name, slider in sliders.items()}\n"
        "    status.value = f'solving with weights {weights}…'\n"
        "    variant = base.derive('weights', 'Weights from the sliders', suitability={'weights': weights})\n"
        "    result = landplan.run_scenario(variant)\n"
        "    status.value = f'{weights}: {result.solution.status}, objective {result.solution.objective:.3f}'\n"
        "    map_box.value = landplan.show_map(landplan.plan_map(result))._repr_html_()\n"
        "    return result\n"
        "\n"
        "button.on_click(rerun)\n"
        "display(widgets.VBox([*sliders.values(), button, status, map_box]))\n"
        "static = rerun()  # one run now, so the notebook shows a result even when run headless\n"
        "print(status.value)"
    ),
]


ROBUSTNESS = [
    new_markdown_cell(
        "# How robust is the baseline plan?\n\n"
        "A single optimum hides how fragile it is. This notebook (1) solves many samples of the "
        "baseline with the suitability weights and the demand perturbed, and counts how often "
        "each industry gets land in each park (**selection frequency**); (2) measures how much "
        "the plan loses if one assignment is barred (**replacement importance**); (3) finds "
        "genuinely different plans that are nearly as good (**near-optimal alternatives**).\n\n"
        "*The park geometry is schematic.*"
    ),
    new_code_cell(
        SETTINGS
        + "\n\n# Samples in the sweep: a quick look here; 200 or more for real questions."
        + "\nSAMPLES = 24"
    ),
    new_markdown_cell(
        "## 1. Selection frequency\n\nEach sample multiplies each criterion weight by a factor "
        "in [0.8, 1.2] and each industry's demand by one in [0.85, 1.15]; sample *i* is the same "
        "whichever worker solves it. Two worker processes here; `landplan.Executor('dask')` runs "
        "the same on a Dask cluster."
    ),
    new_code_cell(
        'scenario = landplan.load_scenario("baseline")\n'
        "inputs = landplan.assemble(scenario)\n"
        "spec = landplan.SweepSpec(samples=SAMPLES, vary={'weights': 0.2, 'demand': 0.15}, seed=1)\n"
        "sweep = landplan.sweep_scenario(scenario, spec, executor=landplan.Executor(workers=2),\n"
        '                                out="out/notebooks", progress=landplan.progress_line())\n'
        "summary = sweep.summary\n"
        "summary.samples[['sample', 'stopped_by', 'converged', 'objective', 'gap']].describe(include='all')"
    ),
    new_code_cell(
        "frequency = summary.frequency[summary.frequency['frequency'] > 0]\n"
        "frequency.sort_values(['cluster_id', 'frequency'], ascending=[True, False]).head(15)"
    ),
    new_markdown_cell("Which industries always land in the same parks, and which are coin flips?"),
    new_code_cell("summary.cluster_stability.sort_values('stability')"),
    new_code_cell(
        "landplan.show_map(landplan.suitability_map(\n"
        "    inputs.parks, inputs.districts, summary.frequency.rename(columns={'frequency': 'score'}),\n"
        "    inputs.problem.clusters, 'baseline: selection frequency', measure='frequency'))"
    ),
    new_markdown_cell(
        "## 2. Replacement importance\n\nThe loss of objective if an industry were barred from "
        "a park it gets in the plan; here for the five largest assignments."
    ),
    new_code_cell(
        "options = inputs.scenario.solver\n"
        "plan = landplan.solve(inputs.problem, options, shadow_prices=False, greedy=False)\n"
        "land = plan.allocation.groupby(['cluster_id', 'park_id'])['land_km2'].sum()\n"
        "largest = list(land.nlargest(5).index)\n"
        "landplan.replacement_importance(inputs.problem, plan, options, pairs=largest)"
    ),
    new_markdown_cell(
        "## 3. Near-optimal alternatives\n\nPlans within 1 % of the plan's objective that move "
        "at least 6 industry–park assignments."
    ),
    new_code_cell(
        "alternatives, table = landplan.near_optimal_alternatives(\n"
        "    inputs.problem, plan, k=2, share=0.01, min_difference=6, options=options)\n"
        "table"
    ),
]


def main() -> None:
    notebooks = (("01_baseline", BASELINE), ("02_scenarios", SCENARIOS),
                 ("03_robustness", ROBUSTNESS))  # fmt: skip
    for name, cells in notebooks:
        notebook = new_notebook(cells=cells)
        for i, cell in enumerate(notebook.cells):  # stable ids: a rebuild changes nothing else
            cell.id = f"{name}-{i:02d}"
        notebook.metadata["kernelspec"] = {
            "name": "python3",
            "display_name": "Python 3",
            "language": "python",
        }
        nbformat.write(notebook, ROOT / "notebooks" / f"{name}.ipynb")
    # The code cells as `make lint` wants them (ruff formats notebooks too).
    subprocess.run(
        [sys.executable, "-m", "ruff", "format", "-q", str(ROOT / "notebooks")], check=True
    )


if __name__ == "__main__":
    main()
