"""Pydantic's refusals of a value, kept to be said in the language they are shown in
(:func:`landplan.i18n.keep`): in English word for word as pydantic says them (the command line's
messages do not change), in Chinese from the catalog where a page shows them."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from landplan.i18n import N_, keep

#: Pydantic's words for each kind of refusal, its figures as placeholders.
WORDS = {
    "greater_than_equal": N_("Input should be greater than or equal to %(ge)s"),
    "greater_than": N_("Input should be greater than %(gt)s"),
    "less_than_equal": N_("Input should be less than or equal to %(le)s"),
    "less_than": N_("Input should be less than %(lt)s"),
    "float_parsing": N_("Input should be a valid number, unable to parse string as a number"),
    "float_type": N_("Input should be a valid number"),
    "finite_number": N_("Input should be a finite number"),
    "int_parsing": N_("Input should be a valid integer, unable to parse string as an integer"),
    "int_type": N_("Input should be a valid integer"),
    "int_from_float": N_("Input should be a valid integer, got a number with a fractional part"),
    "bool_parsing": N_("Input should be a valid boolean, unable to interpret input"),
    "bool_type": N_("Input should be a valid boolean"),
    "string_type": N_("Input should be a valid string"),
    "string_too_long": N_("String should have at most %(max_length)s characters"),
    "string_too_short": N_("String should have at least %(min_length)s characters"),
    "literal_error": N_("Input should be %(expected)s"),
    "dict_type": N_("Input should be a valid dictionary"),
    "list_type": N_("Input should be a valid list"),
    "missing": N_("Field required"),
}


def refusal(error: Mapping[str, Any]) -> str:
    """A pydantic ``error``'s words, kept with its figures where the catalog has them (said as
    pydantic says them in English), else pydantic's own (a validator's ``ValueError``)."""
    said = str(error["msg"]).removeprefix("Value error, ")
    words = WORDS.get(str(error["type"]))
    if words is None:
        return said
    figures = {name: _figure(value) for name, value in (error.get("ctx") or {}).items()}
    try:
        matches = words % figures == said
    except (KeyError, TypeError, ValueError):
        matches = False
    return keep(words, **figures) if matches else said


def _figure(value: Any) -> str:
    """A figure as pydantic writes it in its words (a whole float without its ``.0``)."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
