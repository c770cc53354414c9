"""The scenario editor's forms: every field made from the scenario's schema (its declarations,
descriptions and limits, as the CLI's options are), read back into the scenario's values, and
written as the same YAML file the CLI reads, stating only what differs from its parent.

A form field is named by the setting's path (``rules.clusters_per_park``,
``demand.clusters.<cluster>.<horizon>``), which is also the ``field`` a validation error names,
so each message is shown beside the field that caused it. A field's label, help and choices are
the schema's words, in English; the page translates them, and :func:`extract_fields` gathers
them for the catalog.
"""

from __future__ import annotations

import math
import types
import typing
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ValidationError

from landplan.errors import LandplanError
from landplan.i18n import N_
from landplan.i18n import gettext as _
from landplan.inputs.scenario import Scenario
from landplan.inputs.settings import LayoutSettings
from landplan.inputs.suitability import BUILT_IN_CRITERIA, DEFAULT_WEIGHTS
from landplan.inputs.yamlfile import field_path
from landplan.solving.options import SolverOptions
from landplan.web.numbers import form_number, form_whole

#: The sections drawn field by field from their schema, and the fields drawn otherwise.
GENERIC_SECTIONS = ("rules", "objective", "solver", "layout")
SPECIAL = {"rules.hard_demand", "rules.footprints", "layout.parcels", "layout.enabled"}
#: What an upload of each kind is in a scenario.
UPLOAD_PATHS = {"parks": "data.parks", "parcels": "layout.parcels"}
#: Lists a scenario adds to its parent's: kept as the file's own items.
PLACEMENTS = ("locks", "exclusions")
#: The decimals the criterion weights are shown and kept to.
WEIGHT_PLACES = 2
#: The latest horizon (a year) a demand field may name.
LAST_HORIZON = 9999

_NUMBER = N_("%(field)s must be a number, e.g. %(example)s")
_WHOLE = N_("%(field)s must be a whole number, e.g. %(example)s")
#: What a value the schema refuses should be, in planners' words, by pydantic's error type:
#: ``%(field)s`` is the field's label, ``%(limit)s`` the bound or the choices.
SHOULD_BE = {
    "int_parsing": _WHOLE,
    "int_parsing_size": _WHOLE,
    "int_type": _WHOLE,
    "int_from_float": _WHOLE,
    "float_parsing": _NUMBER,
    "float_type": _NUMBER,
    "finite_number": _NUMBER,
    "greater_than_equal": N_("%(field)s must be at least %(limit)s"),
    "greater_than": N_("%(field)s must be more than %(limit)s"),
    "less_than_equal": N_("%(field)s must be at most %(limit)s"),
    "less_than": N_("%(field)s must be less than %(limit)s"),
    "literal_error": N_("%(field)s must be one of %(limit)s"),
    "missing": N_("%(field)s must be given"),
}
#: The label of a field of the editor's own (not drawn from the schema), and of any other.
LABELS = {"demand.multiplier": N_("Multiplier for all")}
OTHER_LABEL = N_("this value")


class FormErrors(LandplanError):
    """A form's problems: by field (the setting's path), and those of no one field."""

    def __init__(self, fields: dict[str, str], general: list[str] | None = None) -> None:
        self.fields, self.general = fields, general or []
        super().__init__("; ".join([*self.general, *(f"{k}: {v}" for k, v in fields.items())]))


@dataclass(frozen=True)
class FormField:
    """One input: its name (the setting's path), label, help, kind and current value."""

    name: str
    label: str
    help: str
    kind: Literal["bool", "number", "choice"]
    value: Any
    choices: tuple[str, ...] = ()
    optional: bool = False
    integer: bool = False
    bounds: dict[str, float] = field(default_factory=dict)


def section_models() -> dict[str, type[BaseModel]]:
    return {
        "rules": Scenario.model_fields["rules"].annotation,  # type: ignore[dict-item]
        "objective": Scenario.model_fields["objective"].annotation,  # type: ignore[dict-item]
        "solver": SolverOptions,
        "layout": LayoutSettings,
    }


def generic_fields(scenario: Scenario) -> dict[str, list[FormField]]:
    """The sections' fields with the scenario's values, in the schema's order."""
    sections: dict[str, list[FormField]] = {}
    for section, model in section_models().items():
        values = getattr(scenario, section)
        sections[section] = [
            _form_field(f"{section}.{key}", info, getattr(values, key))
            for key, info in model.model_fields.items()
            if f"{section}.{key}" not in SPECIAL
        ]
    return sections


def _form_field(name: str, info: Any, value: Any) -> FormField:
    annotation, optional = _unwrap(info.annotation)
    label = name.split(".")[-1].replace("_", " ")
    help_text = info.description or ""
    if annotation is bool:
        return FormField(name, label, help_text, "bool", value)
    if typing.get_origin(annotation) is Literal:
        return FormField(
            name, label, help_text, "choice", value, tuple(typing.get_args(annotation))
        )
    bounds = {}
    for item in [*info.metadata, *getattr(annotation, "__metadata__", ())]:
        for attr, key in (("ge", "min"), ("gt", "min"), ("le", "max"), ("lt", "max")):
            if getattr(item, attr, None) is not None:
                bounds[key] = getattr(item, attr)
    base = typing.get_args(annotation)[0] if hasattr(annotation, "__metadata__") else annotation
    return FormField(
        name,
        label,
        help_text,
        "number",
        value,
        optional=optional,
        integer=base is int,
        bounds=bounds,
    )


def _unwrap(annotation: Any) -> tuple[Any, bool]:
    """The annotation without ``| None``, and whether None was allowed."""
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is typing.Union:
        inner = [a for a in typing.get_args(annotation) if a is not type(None)]
        return inner[0], len(inner) < len(typing.get_args(annotation))
    return annotation, False


def extract_fields(
    fileobj: typing.IO[bytes], keywords: Any, comment_tags: Any, options: Any
) -> Iterator[tuple[Any, ...]]:
    """Babel's extractor for this file (``babel.cfg``): its own marked texts, and the words the
    editor takes from the schema, which no call marks: every field's label, help and choices,
    and the built-in criteria's names."""
    from babel.messages.extract import extract_python

    yield from extract_python(fileobj, keywords, comment_tags, options)
    for fields in generic_fields(Scenario.model_validate({"name": "catalog"})).values():
        for item in fields:
            for text in (item.label, item.help, *item.choices):
                if text:
                    yield 0, None, text, [f"the scenario editor: {item.name}"]
    for name in BUILT_IN_CRITERIA:
        yield 0, None, name, ["the scenario editor: a criterion"]


def check_form(values: dict[str, Any], scenario: Scenario) -> None:
    """Check the form's ``values`` (:func:`read_form`) against the schema: every value refused
    (one problem a field, in planners' words and the page's language) in one FormErrors."""
    try:
        Scenario.model_validate({"name": scenario.name, **values})
    except ValidationError as exc:
        found: dict[str, Any] = {}
        for error in exc.errors():
            found.setdefault(".".join(str(part) for part in field_path(error)), error)
        drawn = {f.name: f for fields in generic_fields(scenario).values() for f in fields}
        said = {
            name: _should_be(name, error, drawn.get(name))
            for name, error in found.items()
            # a union's branch tried on a whole field is noise beside the value typed in it
            if not any(other.startswith(f"{name}.") for other in found)
        }
        general = [said.pop("")] if "" in said else []
        raise FormErrors(said, general) from None


def _should_be(name: str, error: Any, drawn: FormField | None) -> str:
    """What the value of the field ``name`` (drawn from the schema: ``drawn``) should be, as
    the pydantic ``error`` says, in planners' words."""
    if error["type"] not in SHOULD_BE:
        return _(str(error["msg"]).removeprefix("Value error, "))
    criterion = name.removeprefix("suitability.weights.")
    label = drawn.label if drawn else LABELS.get(name, criterion if criterion != name else "")
    context = error.get("ctx", {})
    limit = next((f"{context[k]:g}" for k in ("ge", "gt", "le", "lt") if k in context), "")
    if drawn and drawn.choices:
        limit = ", ".join(_(choice) for choice in drawn.choices)
    said = _(SHOULD_BE[error["type"]]) % {
        "field": _(label or OTHER_LABEL),
        "limit": limit,
        "example": drawn.value if drawn and isinstance(drawn.value, int | float) else 1,
    }
    return said[:1].upper() + said[1:]


def summing_to_one(weights: dict[str, Any], places: int = WEIGHT_PLACES) -> dict[str, Any]:
    """Weights scaled to add up to exactly 1 at ``places`` decimals, by the largest remainder
    (each rounded down, the units left over given to the largest remainders: workbench.js
    does the same as the sliders move). Weights that are not all numbers of at least 0 adding
    up to more than 0 are left as they are, for the schema to say what is wrong."""
    numbers = [v for v in weights.values() if isinstance(v, float) and v >= 0]
    if len(numbers) < len(weights) or sum(numbers) <= 0:
        return weights
    unit, total = 10**places, sum(numbers)
    shares = {k: round(v / total * unit, 6) for k, v in weights.items()}
    units = {k: math.floor(share) for k, share in shares.items()}
    largest = sorted(shares, key=lambda k: shares[k] - units[k], reverse=True)
    for k in largest[: unit - sum(units.values())]:
        units[k] += 1
    return {k: n / unit for k, n in units.items()}


def criteria(scenario: Scenario) -> list[str]:
    """The criteria weighed: the built-in ones and the scenario's extra ones."""
    return [*BUILT_IN_CRITERIA, *scenario.suitability.extra]


def weights(scenario: Scenario) -> dict[str, float]:
    """The weights as given (direct weights; the defaults when an AHP matrix or nothing is)."""
    given = scenario.suitability.weights or {}
    return {
        c: given.get(c, DEFAULT_WEIGHTS.get(c, 0.0) if not given else 0.0)
        for c in criteria(scenario)
    }


def read_form(form: dict[str, list[str]], scenario: Scenario) -> dict[str, Any]:
    """The scenario's sections as the form states them (values as typed: the schema checks
    them, so a bad one is said with its field)."""
    first = {key: values[-1] for key, values in form.items() if values}
    values: dict[str, Any] = {}
    for section, fields in generic_fields(scenario).items():
        part = values.setdefault(section, {})
        for item in fields:
            key = item.name.split(".", 1)[1]
            if item.kind == "bool":
                part[key] = item.name in first
            else:
                part[key] = _typed(first.get(item.name, ""), item)
    values["layout"]["enabled"] = "layout.enabled" in first
    values["layout"]["parcels"] = first.get("layout.parcels") or None
    values["rules"]["hard_demand"] = list(form.get("rules.hard_demand", []))
    values["rules"]["footprints"] = _numbers(first, "rules.footprints.")
    values["suitability"] = _suitability(first, scenario)
    values["demand"] = _demand(first)
    values["data"] = {"parks": first.get("data.parks") or None}
    return values


def _typed(text: str, item: FormField) -> Any:
    text = text.strip()
    if item.kind == "choice":
        return text
    if not text:
        return None if item.optional else text
    number = form_number(text)
    if number is None:
        return text  # the schema says what it should be
    return int(number) if item.integer and number.is_integer() else number


def _numbers(first: dict[str, str], prefix: str) -> dict[str, Any]:
    """The non-blank inputs named ``prefix<key>``, as numbers where they are numbers."""
    found: dict[str, Any] = {}
    for name, text in first.items():
        if name.startswith(prefix) and text.strip():
            found[name.removeprefix(prefix)] = _number(text)
    return found


def _suitability(first: dict[str, str], scenario: Scenario) -> dict[str, Any]:
    names = criteria(scenario)
    section: dict[str, Any] = {"access_half_km": scenario.suitability.access_half_km}
    section["extra"] = dict(scenario.suitability.extra)
    if first.get("suitability.mode") == "ahp":
        matrix: list[list[Any]] = [[1.0] * len(names) for _ in names]
        for i in range(len(names)):
            for j in range(i + 1, len(names)):
                text = first.get(f"suitability.ahp.{i}.{j}", "1").strip() or "1"
                matrix[i][j] = text
                matrix[j][i] = f"1/{text}" if "/" not in text else _flip(text)
        section["ahp"] = {"criteria": names, "matrix": matrix}
    else:
        given = summing_to_one(_numbers(first, "suitability.weights."))
        section["weights"] = None if given == DEFAULT_WEIGHTS else given
    return section


def _flip(judgement: str) -> str:
    top, _, bottom = judgement.partition("/")
    return f"{bottom.strip()}/{top.strip()}"


def _demand(first: dict[str, str]) -> dict[str, Any]:
    section: dict[str, Any] = {"multiplier": _number(first.get("demand.multiplier", "1"))}
    section["kinds"] = _numbers(first, "demand.kinds.")
    clusters: dict[str, Any] = {}
    for key, value in _numbers(first, "demand.clusters.").items():
        cluster, _, horizon = key.partition(".")
        if horizon:
            by_year = clusters.setdefault(cluster, {})
            if isinstance(by_year, dict):
                year = form_whole(horizon, 0, LAST_HORIZON)
                by_year[horizon if year is None else year] = value  # the schema refuses a word
        elif cluster not in clusters:
            clusters[cluster] = value
    section["clusters"] = clusters
    return section


def _number(text: str) -> Any:
    """The number typed, or the text (for the schema to say what it should be)."""
    number = form_number(text)
    return text.strip() if number is None else number


def scenario_yaml(
    name: str,
    description: str,
    extends: str | None,
    values: dict[str, Any],
    parent: dict[str, Any],
    own: dict[str, list[dict[str, Any]]],
) -> str:
    """The scenario file: its name, description and parent, each section's settings that differ
    from the parent's ``parent`` values, and its own locks and exclusions."""
    document: dict[str, Any] = {"name": name, "description": description}
    if extends:
        document["extends"] = extends
    for section, settings in values.items():
        changed = {
            key: value
            for key, value in settings.items()
            if _plain(value) != _plain((parent.get(section) or {}).get(key))
        }
        if changed:
            document[section] = _plain(changed)
    for key in PLACEMENTS:
        if own.get(key):
            document[key] = [{k: v for k, v in item.items() if v} for item in own[key]]
    return yaml.safe_dump(document, allow_unicode=True, sort_keys=False)


def _plain(value: Any) -> Any:
    """Values as YAML writes them (tuples as lists, whole floats kept floats)."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def own_placements(text: str) -> dict[str, list[dict[str, Any]]]:
    """The locks and exclusions a scenario file lists itself (not its parent's)."""
    document = yaml.safe_load(text) or {}
    return {key: list(document.get(key) or []) for key in PLACEMENTS}
