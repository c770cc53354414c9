"""The scenario pages: the list, the editor (forms made from the schema, locks by clicking a
park), import and export, rename, delete, and the jobs started from a scenario."""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any

from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import (
    HTMLResponse,
    Response,
)

from landplan.i18n import N_
from landplan.i18n import gettext as _
from landplan.inputs.pack import load_pack
from landplan.inputs.tradeoff import shape_refusal
from landplan.optimisation.diagnostics import LEVELS
from landplan.pages.labels import both_names
from landplan.web import forms
from landplan.web.forms import FormErrors
from landplan.web.guard import project_of
from landplan.web.http import (
    attachment,
    bench_of,
    form_lists,
    go,
    lang_of,
    posted,
    render,
    to_new_job,
    uploaded_file,
    who_of,
)
from landplan.web.jobspec import Kind
from landplan.web.numbers import form_whole
from landplan.web.service import Workbench
from landplan.web.store import results, scenarios
from landplan.web.translated import map_options

#: The jobs started from a scenario's editor.
JOB_KINDS: tuple[Kind, ...] = ("run", "sweep", "explore", "tradeoff")
#: The methods the Trade-offs form offers (a reference point needs values it does not ask).
TRADEOFF_METHODS = {
    "epsilon": N_("ε-constraint (a front)"),
    "hierarchical": N_("lexicographic (each objective in turn)"),
    "weights": N_("weight sweep (to compare)"),
}
#: The most objectives the form trades off (a front of two, or a grid of three).
MOST_OBJECTIVES = 3
#: The highest number of an item in the editor's lists of locks and exclusions (far more than
#: any scenario holds).
MOST_ITEMS = 100_000


def scenario_list(request: Request, errors: FormErrors | None = None) -> Response:
    bench = bench_of(request)
    return render(
        request,
        "scenarios.html.j2",
        400 if errors else 200,
        entries=bench.scenario_list(project_of(request)),
        errors=errors,
    )


@posted
def scenario_new(request: Request, form: FormData) -> Response:
    try:
        sid = bench_of(request).create(
            str(form.get("source", "")),
            str(form.get("name", "")).strip(),
            who_of(request),
            project_of(request),
        )
    except FormErrors as exc:
        return scenario_list(request, exc)
    return go(request, f"/scenarios/{sid}")


@posted
def scenario_import(request: Request, form: FormData) -> Response:
    try:
        _name, data = uploaded_file(form, _("choose a YAML file"))
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            raise FormErrors({"file": _("not a text file in UTF-8")}) from None
        sid = bench_of(request).import_yaml(text, who_of(request), project_of(request))
    except FormErrors as exc:
        return scenario_list(request, exc)
    return go(request, f"/scenarios/{sid}")


def scenario_page(
    request: Request,
    errors: FormErrors | None = None,
    form: dict[str, list[str]] | None = None,
    tradeoff_typed: dict[str, list[str]] | None = None,
) -> Response:
    """The scenario's editor (after a refusal: the problems, and what was typed in the form
    refused, the settings' or the Trade-offs form's)."""
    bench, key = bench_of(request), request.path_params["key"]
    text = bench.scenario_text(key)
    scenario = bench.load(key)
    own = forms.own_placements(text)  # parsed once a page: a scenario's text may be 1 MB
    pack = scenario.plan_pack()
    clusters_file = pack.file("clusters")
    catalog = _catalog(pack.folder, clusters_file.stat().st_mtime_ns)
    project = bench.project_of("scenario", key) or project_of(request)
    try:
        diagnostics = [(LEVELS[d.level], d.message) for d in bench.diagnostics(key)]
    except FormErrors as exc:  # stored before a check it now fails (its data changed…)
        errors = errors or exc
        diagnostics = []
    context: dict[str, Any] = {
        "key": key,
        "bundled": key.startswith("bundled:"),
        "scenario": scenario,
        "yaml_text": text,
        "errors": errors.fields if errors else {},
        "general": errors.general if errors else [],
        "typed": {k: v[-1] for k, v in (form or {}).items()},
        "sections": forms.generic_fields(scenario),
        "criteria": forms.criteria(scenario),
        "weights": forms.weights(scenario),
        "clusters": catalog,
        "cluster_names": {c["id"]: c["name"] for c in catalog},
        "demand_kinds": {k: both_names(n.name, n.name_zh) for k, n in pack.cluster_kinds.items()},
        "horizons": scenario.planned_horizons(pack.horizons),
        "tradeoff": _tradeoff_form(scenario, pack.horizons, tradeoff_typed),
        "own": own,
        "inherited": _inherited(scenario, own),
        "uploads": {
            kind: bench.files.uploaded(project, kind) for kind in ("parks", "parcels", "criterion")
        },
        "row": None if key.startswith("bundled:") else bench.store.one(scenarios, key),
        "diagnostics": diagnostics,
        "runs": [
            r
            for r in bench.store.all(
                results, results.c.project_id == project, order=results.c.created_at.desc()
            )
            if (r["scenario_id"] or f"bundled:{r['scenario_name']}") == key
        ][:10],
    }
    return render(request, "scenario.html.j2", 400 if errors else 200, **context)


@functools.lru_cache(maxsize=8)
def _catalog(pack: Path, _mtime_ns: int) -> list[dict[str, str]]:
    """The industries (id, names, kind) of the plan pack in the folder ``pack``, for the
    editor's lists (read once per version of its clusters file)."""
    from landplan.inputs.catalog import load_catalog

    clusters = load_catalog(None, None, load_pack(pack)).clusters
    return [
        {"id": str(i), "name": both_names(r.name_en, r.name_zh), "kind": str(r.kind)}
        for i, r in clusters.iterrows()
    ]


def _inherited(scenario: Any, own: dict[str, list[dict[str, Any]]]) -> dict[str, list[Any]]:
    """The locks and exclusions a scenario takes from its parent (the merged list's first
    items; its own come last)."""
    inherited = {}
    for key in forms.PLACEMENTS:
        merged = list(getattr(scenario, key))
        inherited[key] = merged[: len(merged) - len(own[key])]
    return inherited


def _edited(
    request: Request,
    change: Callable[[Workbench, str], None],
    anchor: str = "",
    typed: dict[str, list[str]] | None = None,
    then: Callable[[], Response] | None = None,
) -> Response:
    """Change the scenario of the page (``change(bench, key)``): then ``then()``, or back to its
    editor at ``anchor``; or, when the change is refused, the editor with the problems beside
    their fields (and the values ``typed``, to be corrected)."""
    bench, key = bench_of(request), request.path_params["key"]
    try:
        change(bench, key)
    except FormErrors as exc:
        return scenario_page(request, exc, typed)
    return then() if then else go(request, f"/scenarios/{key}{anchor}")


@posted
def scenario_save(request: Request, form: FormData) -> Response:
    """Save the settings; with ``then`` (the editor's "Save and run"), start that job next."""
    values = form_lists(form)
    who, kind = who_of(request), _job_kind(str(form.get("then", "")))
    then = functools.partial(_start, request, form, kind) if kind else None
    return _edited(
        request, lambda bench, key: bench.save_form(key, values, who), "#saved", values, then
    )


@posted
def scenario_rename(request: Request, form: FormData) -> Response:
    name, description = str(form.get("name", "")).strip(), str(form.get("description", ""))
    who = who_of(request)
    return _edited(request, lambda bench, key: bench.rename(key, name, description, who))


@posted
def scenario_place(request: Request, form: FormData) -> Response:
    kind, cluster, park = (str(form.get(k, "")) for k in ("kind", "cluster", "park"))
    who = who_of(request)
    return _edited(
        request, lambda bench, key: bench.place(key, kind, cluster, park, who), "#places"
    )


@posted
def scenario_unplace(request: Request, form: FormData) -> Response:
    kind, index = str(form.get("kind", "")), form_whole(str(form.get("index", "")), 0, MOST_ITEMS)
    if index is None:
        return scenario_page(request, FormErrors({}, [_("no such item")]))
    who = who_of(request)
    return _edited(request, lambda bench, key: bench.unplace(key, kind, index, who), "#places")


def scenario_delete_page(request: Request) -> Response:
    bench, key = bench_of(request), request.path_params["key"]
    row = bench.store.one(scenarios, key) or {}
    if not row:
        raise LookupError(key)
    kept = len(bench.store.all(results, results.c.scenario_id == key))
    return render(request, "delete.html.j2", row=row, kept=kept)


@posted
def scenario_delete(request: Request, form: FormData) -> Response:
    bench_of(request).delete(request.path_params["key"], who_of(request))
    return go(request, "/")


def scenario_export(request: Request) -> Response:
    bench, key = bench_of(request), request.path_params["key"]
    name = bench.load(key).name
    return Response(
        bench.scenario_text(key).encode("utf-8"),
        media_type="application/yaml",
        headers={"Content-Disposition": attachment(f"{name}.yaml")},
    )


def parks_map(request: Request) -> Response:
    """The scenario's parks on a map that tells the editor which park was clicked."""
    bench = bench_of(request)
    scenario = bench.load(request.path_params["key"])
    return HTMLResponse(_picker_html(scenario.data_file("parks"), lang_of(request)))


def _picker_html(parks_file: Path | None, lang: str) -> str:
    from landplan.runs import file_sha256

    return _picker(parks_file, file_sha256(parks_file) if parks_file else "bundled", lang)


@functools.lru_cache(maxsize=8)
def _picker(parks_file: Path | None, digest: str, lang: str) -> str:
    """The clickable parks map of a park layer (by its content's hash: drawn once)."""
    from landplan.inputs.layers import load_districts, load_parks
    from landplan.maps.offline import page_html
    from landplan.maps.parks import parks_map as draw_parks
    from landplan.maps.pick import answer_picks

    fmap = draw_parks(load_parks(parks_file), load_districts(None), map_options(lang))
    answer_picks(fmap)
    return page_html(fmap)


@posted
def scenario_job(request: Request, form: FormData) -> Response:
    """Run, sweep or explore the scenario: a job, once the scenario validates."""
    kind = _job_kind(request.path_params["kind"])
    if kind is None:
        raise LookupError(request.path_params["kind"])
    return _start(request, form, kind)


def _job_kind(name: str) -> Kind | None:
    """The job of the editor called ``name``, if it is one."""
    return next((kind for kind in JOB_KINDS if kind == name), None)


def _start(request: Request, form: FormData, kind: Kind) -> Response:
    """Start the job ``kind`` on the scenario of the page (its settings in ``form``): its page,
    or the editor saying why not."""
    bench, key = bench_of(request), request.path_params["key"]
    params: dict[str, Any] = {}
    try:
        if kind == "sweep":
            params["sweep"] = {
                "samples": _int(form, "samples", 1, 5000),
                "seed": _int(form, "seed", 0, 2**31),
            }
        elif kind == "explore":
            params["explore"] = {"alternatives": _int(form, "alternatives", 0, 20)}
        elif kind == "tradeoff":
            scenario = bench.load(key)
            known = objective_names(scenario, scenario.plan_pack().horizons)
            params["tradeoff"] = _tradeoff_asked(form, known)
        job_id = bench.submit(kind, key, who_of(request), project_of(request), **params)
    except FormErrors as exc:
        tried = form_lists(form) if kind == "tradeoff" else None
        return scenario_page(request, exc, tradeoff_typed=tried)
    return to_new_job(request, job_id)


def _int(form: FormData, name: str, low: int, high: int) -> int:
    value = form_whole(str(form.get(name, "")), low, high)
    if value is None:
        words = _("a whole number between %(low)d and %(high)d")
        raise FormErrors({name: words % {"low": low, "high": high}})
    return value


def objective_names(scenario: Any, horizons: list[int]) -> dict[str, str]:
    """The objectives a scenario's trade-off may name (:func:`landplan.tradeoff.objectives.
    objective_keys`: demand met by each horizon the scenario plans for), with their labels in
    the page's language."""
    from landplan.tradeoff.objectives import FIXED, demand_objective

    kept = [*FIXED.values(), *(demand_objective(h) for h in scenario.planned_horizons(horizons))]
    return {o.key: _(o.label) % dict(o.label_values) for o in kept}


def _tradeoff_form(
    scenario: Any, horizons: list[int], form: dict[str, list[str]] | None
) -> dict[str, Any]:
    """What the Trade-offs form offers and shows: the objectives, the methods, and the values
    chosen (the scenario's own ``tradeoff`` settings, or the form as it was sent)."""
    settings = scenario.tradeoff
    form = form or {}
    return {
        "objectives": objective_names(scenario, horizons),
        "methods": TRADEOFF_METHODS,
        "chosen": form.get("objectives", settings.objectives),
        "method": (form.get("method") or [settings.method])[-1],
        "points": (form.get("points") or [str(settings.points)])[-1],
    }


def _tradeoff_asked(form: FormData, known: dict[str, str]) -> dict[str, Any]:
    """The Trade-offs form's settings (the scenario's ``tradeoff`` section), checked: two or
    three objectives the scenario knows, each once, a method the form offers, 2 to 50 points
    (the shape a method takes: :func:`~landplan.inputs.tradeoff.shape_refusal`)."""
    chosen = [str(v) for v in form.getlist("objectives")]
    errors: dict[str, str] = {}
    if any(k not in known for k in chosen):
        errors["objectives"] = _("not an objective of this scenario")
    elif len(set(chosen)) != len(chosen) or not 2 <= len(chosen) <= MOST_OBJECTIVES:
        errors["objectives"] = _("choose two or three objectives")
    method = str(form.get("method", "epsilon"))
    if method not in TRADEOFF_METHODS:
        errors["method"] = _("not a method the form offers")
    try:
        points = _int(form, "points", 2, 50)
    except FormErrors as exc:
        errors.update(exc.fields)
    else:
        refused = None if errors else shape_refusal(method, len(chosen), points)
        if refused is not None:
            field, text, values = refused
            errors[field] = _(text) % values
    if errors:
        raise FormErrors(errors)
    return {"objectives": chosen, "method": method, "points": points}
