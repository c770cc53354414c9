"""Command-line options made from the declarations of what they set (a scenario's settings, a
sweep's or an exploration's spec): their names, types, help and defaults are written once, there.

Options several commands share come in groups, each handed to a command as one value: the
scenario ``changes``, the ``executor``, the ``map_options``, a ``spec``.
"""

from __future__ import annotations

import dataclasses
import functools
import inspect
import types
import typing
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer
from pydantic import BaseModel

from landplan.errors import InputError, LandplanError
from landplan.inputs.settings import Changes, LayoutSettings, TradeoffSettings
from landplan.maps.options import Lang, MapOptions
from landplan.parallel import Executor
from landplan.solving.options import SolverOptions

Command = Callable[..., None]
Decorator = Callable[[Command], Command]
Scenarios = Annotated[list[str], typer.Argument(help="Scenario files (.yaml) or bundled names.")]
OneScenario = Annotated[str, typer.Argument(help="A scenario file or bundled scenario name.")]
RunFolder = Annotated[Path, typer.Argument(help="A run folder written by 'landplan run'.")]
PackFolder = Annotated[
    Path | None,
    typer.Option(help="A plan pack's folder (its pack.yaml); the bundled pack by default."),
]
Quiet = Annotated[bool, typer.Option("--quiet", "-q", help="Print only errors.")]
Out = Annotated[Path, typer.Option(help="Folder the results go to, one subfolder each.")]
Json = Annotated[
    bool,
    typer.Option(
        "--json",
        help="For other programs: a JSON document on stdout as the command ends (errors too), "
        "progress as JSON lines on stderr (README: Calling landplan from other programs).",
    ),
]


def option(name: str, kind: Any, default: Any, *decls: str, **info: Any) -> inspect.Parameter:
    """A command-line option, as a parameter of a command."""
    annotation = Annotated[kind, typer.Option(*decls, **info)]
    return inspect.Parameter(
        name, inspect.Parameter.KEYWORD_ONLY, default=default, annotation=annotation
    )


def group(name: str, options: list[inspect.Parameter], build: Callable[..., Any]) -> Decorator:
    """Options shown on a command as ``options`` and handed to it as one argument ``name``,
    ``build(**values)`` (``changes`` from several groups merge section by section)."""

    def decorate(function: Command) -> Command:
        signature = inspect.signature(function, eval_str=True)

        @functools.wraps(function)
        def wrapper(*args: Any, **kwargs: Any) -> None:
            value = build(**{o.name: kwargs.pop(o.name) for o in options})
            if name == "changes":
                value = {**kwargs.pop("changes", {}), **value}
            function(*args, **{name: value}, **kwargs)

        kept = [p for p in signature.parameters.values() if p.name != name]
        shown = signature.replace(parameters=[*kept, *options])
        wrapper.__signature__ = shown  # type: ignore[attr-defined]
        wrapper.__annotations__ = {p.name: p.annotation for p in shown.parameters.values()}
        return wrapper

    return decorate


def _declared(kind: Any, name: str) -> tuple[Any, Any, str]:
    """A field's type, default and help, from a pydantic model or a dataclass."""
    if issubclass(kind, BaseModel):
        info = kind.model_fields[name]
        extra = info.json_schema_extra
        is_path = isinstance(extra, dict) and extra.get("format") == "path"
        return (Path if is_path else info.annotation), info.default, info.description or ""
    field = next(f for f in dataclasses.fields(kind) if f.name == name)
    default = field.default_factory() if callable(field.default_factory) else field.default
    return typing.get_type_hints(kind)[name], default, field.metadata.get("help", "")


def _flag_type(annotation: Any) -> Any:
    """The type an option takes: a path, bool, int, float, a mapping (as ``k=v,k=v`` text) or
    str (names and choices, checked where they are used)."""
    base = annotation
    if typing.get_origin(base) in (typing.Union, types.UnionType):  # X | None: X
        base = next(a for a in typing.get_args(base) if a is not type(None))
    if typing.get_origin(base) is Annotated:
        base = typing.get_args(base)[0]
    if typing.get_origin(base) is dict:
        return dict
    return base if base in (Path, bool, int, float) else str


def _option_for(
    flag: str, kind: Any, default: Any, help_: str, given: bool = False
) -> inspect.Parameter:
    """The option ``--flag`` of a field: a switch for a bool, ``k=v,k=v`` text for a mapping;
    ``given``: None unless the user gives it (it overrides a setting)."""
    decl = flag.replace("_", "-")
    if kind is dict:
        text = ",".join(f"{key}={value:g}" for key, value in (default or {}).items())
        kind, default, help_ = str, text, f"{help_} As {text or 'name=value'}."
    decls = [f"--{decl}/--no-{decl}"] if kind is bool else [f"--{decl}"]
    return option(flag, kind | None if given else kind, default, *decls, help=help_)


def overrides(
    section: str, model: type[BaseModel], names: tuple[str, ...], **renamed: str
) -> Decorator:
    """Options that override the settings ``names`` of a scenario's ``section`` (an option not
    given leaves the scenario's value), handed to the command as ``changes``."""
    made = []
    for name in names:
        kind, default, help_ = _declared(model, name)
        note = f"{help_} Overrides the scenario's (landplan's default: {default})."
        flag = renamed.get(name, name)
        made.append(_option_for(flag, _flag_type(kind), None, note, given=True))

    def build(**values: Any) -> Changes:
        given = {name: values[renamed.get(name, name)] for name in names}
        paths = {k: str(v.resolve()) if isinstance(v, Path) else v for k, v in given.items()}
        return {section: {k: v for k, v in paths.items() if v is not None}}

    return group("changes", made, build)


def spec(kind: Any) -> Decorator:
    """Options for every field of a spec (a dataclass), handed to the command as ``spec``."""
    declared = {f.name: _declared(kind, f.name) for f in dataclasses.fields(kind)}
    made = [_option_for(n, _flag_type(t), d, h) for n, (t, d, h) in declared.items()]
    mappings = {n for n, (t, _, _) in declared.items() if _flag_type(t) is dict}

    def build(**values: Any) -> Any:
        return kind(**{n: _pairs(n, v) if n in mappings else v for n, v in values.items()})

    return group("spec", made, build)


def _pairs(name: str, text: str) -> dict[str, float]:
    """``name=0.2,other=0.15`` as a mapping."""
    found = {}
    for part in filter(None, (p.strip() for p in text.split(","))):
        key, _, value = part.partition("=")
        try:
            found[key.strip()] = float(value)
        except ValueError:
            raise InputError(f"--{name}", f"'{part}' needs a number, e.g. {key}=0.2") from None
    return found


#: The solver's settings a command may override (a sweep sets its own gap).
solver_flags = overrides(
    "solver", SolverOptions, ("name", "gap", "node_limit", "time_limit", "threads"), name="solver"
)
#: The trade-off's settings (the scenario's ``tradeoff`` section, but the plan it keeps).
tradeoff_flags = overrides(
    "tradeoff", TradeoffSettings, ("objectives", "method", "points", "tolerances", "reference")
)
sweep_solver_flags = overrides(
    "solver", SolverOptions, ("name", "node_limit", "time_limit"), name="solver"
)
enabled_flag = overrides("layout", LayoutSettings, ("enabled",), enabled="layout")
layout_flags = overrides(
    "layout", LayoutSettings, tuple(n for n in LayoutSettings.model_fields if n != "enabled")
)
executor_flags = group(
    "executor",
    [
        option("kind", str, Executor.kind, "--executor", help="local (process pool) or dask."),
        option("workers", int, Executor.workers, help="Worker processes."),
        option(
            "scheduler", str | None, None, help="Dask scheduler address (a LocalCluster if none)."
        ),
    ],
    Executor,
)
LANG = option(
    "lang",
    Lang,
    "both",
    help="Labels on the maps: en, zh or both; also the language of report.html and compare.html (zh: Chinese; en and both: English).",
    case_sensitive=False,
)
TILES = [
    option(
        "tiles",
        str | None,
        None,
        help="Tile layers under the maps, comma-separated: osm, cartodb, amap (GCJ-02; alone), tianditu (needs a key). None by default: the maps then need no network.",
    ),
    option(
        "tianditu_key",
        str | None,
        None,
        envvar="TIANDITU_KEY",
        help="Tianditu key (or TIANDITU_KEY).",
    ),
]


def map_options(
    lang: Lang, tiles: str | None = None, tianditu_key: str | None = None
) -> MapOptions:
    """The maps' options from the command line."""
    choices = tuple(t.strip().lower() for t in (tiles or "").split(",") if t.strip())
    try:
        return MapOptions(lang=lang, tiles=choices, tianditu_key=tianditu_key)
    except LandplanError as exc:
        raise InputError("--tiles", str(exc)) from None


map_flags = group("map_options", [LANG, *TILES], map_options)
lang_flag = group("map_options", [LANG], map_options)
