"""Validate table rows against a pydantic schema, turning the first problem into an InputError."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, TypeVar

import pandas as pd
from pydantic import BaseModel, ValidationError

from landplan.errors import InputError, did_you_mean
from landplan.i18n import N_, keep
from landplan.inputs.refusals import refusal

Record = TypeVar("Record", bound=BaseModel)


def require_columns(columns: Iterable[str], required: Sequence[str], source: str | Path) -> None:
    """Fail on the first required column that is missing, suggesting a near spelling."""
    present = [str(c) for c in columns]
    for name in required:
        if name not in present:
            raise InputError(source, f"missing column '{name}'{did_you_mean(name, present)}")


def validate_rows(
    table: pd.DataFrame,
    model: type[Record],
    source: str | Path,
    describe: Callable[[int, pd.Series], str],
    context: Mapping[str, Any] | None = None,
) -> list[Record]:
    """Validate each row of ``table`` as a ``model`` (its validators given ``context``, e.g.
    the plan pack whose words the rows must use).

    ``describe(position, row)`` names the row in messages, e.g. ``"row 3 (semiconductors)"``.
    Missing values (NaN) are passed as absent so that model defaults apply.
    """
    fields = set(model.model_fields)
    records = []
    for position, (_, row) in enumerate(table.iterrows()):
        values = {k: v for k, v in row.items() if k in fields and not _is_missing(v)}
        try:
            records.append(model.model_validate(values, context=context))
        except ValidationError as exc:
            error = exc.errors()[0]
            field = ".".join(str(p) for p in error["loc"]) or None
            raise InputError(
                source, _plain(error), where=describe(position, row), field=field
            ) from None
    return records


def _is_missing(value: object) -> bool:
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):  # lists and other non-scalars are never "missing"
        return False


def _plain(error: Mapping[str, Any]) -> str:
    """A pydantic error in a planner's words, with the offending value."""
    if error["type"] == "missing":
        return keep(N_("is required but empty"))
    if error["type"] == "value_error":  # our own validators already quote the value
        return str(error["ctx"]["error"])
    if "input" in error and not isinstance(error["input"], dict):
        return keep(
            N_("%(refusal)s (got %(value)s)"), refusal=refusal(error), value=repr(error["input"])
        )
    return refusal(error)
