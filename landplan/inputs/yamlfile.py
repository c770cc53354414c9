"""YAML files a planner writes (scenarios, plan pack manifests): read safely, with line
numbers, and their validation errors in one line naming the file, the line and the field."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from landplan.errors import InputError, did_you_mean
from landplan.i18n import N_, keep
from landplan.inputs.refusals import refusal
from landplan.inputs.tables import read_text
from landplan.limits import MAX_INT_DIGITS, MAX_TEXT_CHARS, MAX_YAML_BYTES, MAX_YAML_DEPTH

#: libyaml's parser when PyYAML has it (much faster on long lists of locks).
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_yaml(path: Path, what: str = "scenario") -> tuple[dict[str, Any], yaml.Node | None]:
    """The file's values and its YAML node tree (for line numbers), from one parse; ``what``
    names the kind of file in messages."""
    try:
        text = read_text(path, MAX_YAML_BYTES)
        loader = _LOADER(text)
        try:
            node = loader.get_single_node()
            _check_nodes(path, node)
            values = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except RecursionError:
        raise InputError(path, f"not a {what}: nested too deeply") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else None
        problem = getattr(exc, "problem", None) or str(exc)
        raise InputError(path, f"not valid YAML: {problem}", where=where) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(path, f"cannot read the file: {exc}") from None
    if not isinstance(values, dict):
        raise InputError(path, f"a {what} must be a mapping of keys to values")
    return values, node


def _check_nodes(path: Path, root: yaml.Node | None) -> None:
    """Refuse, before any value is made of it, a tree over the limits of
    :mod:`landplan.limits` (its depth, a text's length, an integer's digits: Python's own limit
    on digits would fail deep inside the parser, naming nothing) or holding aliases: a scenario
    needs no anchors and aliases, and aliases can make a small file expand into an enormous one
    (a node met twice in the tree is an alias). Iterative, so depth is no risk. A key given
    twice in a mapping is a mistake YAML readers hide (the last one wins): refused at the
    second, naming the first."""
    seen: set[int] = set()
    stack: list[tuple[yaml.Node, tuple[str, ...]]] = [(root, ())] if root is not None else []
    while stack:
        node, keys = stack.pop()
        if id(node) in seen:
            raise yaml.composer.ComposerError(
                None, None, "aliases (*name) are not allowed in a scenario", node.start_mark
            )
        seen.add(id(node))
        problem = _over_limit(node, len(keys))
        if problem:
            field = ".".join(keys) or None
            raise InputError(path, problem, where=f"line {node.start_mark.line + 1}", field=field)
        if isinstance(node, yaml.MappingNode):
            _refuse_twice_named_keys(node)
            for key, value in node.value:
                stack.append((key, keys))
                stack.append((value, (*keys, str(key.value)[:40])))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((item, (*keys, str(i))) for i, item in enumerate(node.value))


def _over_limit(node: yaml.Node, depth: int) -> str | None:
    """What limit ``node``, ``depth`` levels down, is over (None: none)."""
    if depth > MAX_YAML_DEPTH:
        return f"nested more than {MAX_YAML_DEPTH} levels deep, the most landplan reads"
    if not isinstance(node, yaml.ScalarNode):
        return None
    if len(node.value) > MAX_TEXT_CHARS:
        return (
            f"a text of {len(node.value):,} characters: longer than the {MAX_TEXT_CHARS:,} "
            "landplan reads"
        )
    digits = sum(c.isdigit() for c in node.value)
    if node.tag == "tag:yaml.org,2002:int" and digits > MAX_INT_DIGITS:
        return (
            f"an integer of {digits:,} digits: longer than the {MAX_INT_DIGITS} digits "
            "landplan reads"
        )
    return None


def _refuse_twice_named_keys(mapping: yaml.MappingNode) -> None:
    first: dict[tuple[str, str], yaml.Node] = {}
    for key, _value in mapping.value:
        if not isinstance(key, yaml.ScalarNode):
            continue
        earlier = first.setdefault((key.tag, key.value), key)
        if earlier is not key:
            raise yaml.composer.ComposerError(
                None,
                None,
                f"the key '{key.value}' is given twice (first on line "
                f"{earlier.start_mark.line + 1}): keep one",
                key.start_mark,
            )


def validation_error(
    path: Path | str, exc: ValidationError, node: yaml.Node | None, model: type[BaseModel]
) -> InputError:
    """The first error of validating a file's values as ``model``, in one line with its line
    number and field path."""
    error = exc.errors()[0]
    loc = field_path(error)
    field = ".".join(str(part) for part in loc) or None
    message = refusal(error)
    if error["type"] == "extra_forbidden":
        hint = did_you_mean(str(loc[-1]), _known_keys(model, loc[:-1]))
        message = keep(N_("unknown key%(hint)s"), hint=hint)
    elif error["type"] == "missing":
        message = keep(N_("required, but missing"))
    return InputError(path, message, where=line_of(node, loc), field=field)


def field_path(error: Any) -> tuple[Any, ...]:
    """The path of the field a pydantic error is about, without the types a union tried."""
    return tuple(part for part in error["loc"] if not _is_union_tag(part))


def _is_union_tag(part: Any) -> bool:
    """Pydantic puts the tried type (e.g. 'float', 'dict[int,...]', 'constrained-float') in
    union error paths."""
    return isinstance(part, str) and (
        "[" in part or part.startswith("constrained-") or part in {"float", "int", "str"}
    )


def _known_keys(model: type[BaseModel], loc: tuple) -> list[str]:
    """The keys ``model`` allows at ``loc`` (for "did you mean")."""
    for part in loc:
        field = model.model_fields.get(str(part))
        annotation = getattr(field, "annotation", None) if field else None
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            model = annotation
        elif field and hasattr(annotation, "__args__"):
            inner = [a for a in getattr(annotation, "__args__", ()) if isinstance(a, type)]
            model = next((a for a in inner if issubclass(a, BaseModel)), model)
    return list(model.model_fields)


def line_of(node: yaml.Node | None, loc: tuple) -> str | None:
    """'line N' of the deepest node of ``loc`` found in the YAML tree."""
    found, _ = walk(node, loc)
    return f"line {found.start_mark.line + 1}" if found is not None else None


def walk(node: yaml.Node | None, loc: tuple) -> tuple[yaml.Node | None, bool]:
    """The deepest node along ``loc`` and whether the whole path was found."""
    found = node
    for part in loc:
        if isinstance(found, yaml.MappingNode):
            match = next((v for k, v in found.value if k.value == str(part)), None)
        elif isinstance(found, yaml.SequenceNode) and isinstance(part, int):
            match = found.value[part] if part < len(found.value) else None
        else:
            match = None
        if match is None:
            return found, False
        found = match
    return found, found is not None
