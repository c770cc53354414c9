"""Errors that a planner can act on.

Every problem with user input becomes an :class:`InputError` whose message is one line naming the
file, the feature or row, the field and what is wrong. The CLI prints that line and exits non-zero;
nothing else in landplan should let a traceback reach a user for bad input.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from pathlib import Path
from typing import Any


class LandplanError(Exception):
    """Base class of every error landplan raises on purpose."""


class InputError(LandplanError):
    """Bad input: a file, one of its rows or features, or one field of it.

    Parameters
    ----------
    source
        The file (or other named input) the problem is in.
    problem
        What is wrong, in planners' words.
    where
        The row or feature, e.g. ``"feature 12 (BA-01 starting)"``; ``None`` for the whole file.
    field
        The column or key; ``None`` when the problem is not about one field.
    """

    def __init__(
        self,
        source: str | Path,
        problem: str,
        *,
        where: str | None = None,
        field: str | None = None,
    ) -> None:
        self.source = str(source)
        self.problem = problem
        self.where = where
        self.field = field
        super().__init__(self.message)

    @property
    def message(self) -> str:
        parts = [self.source]
        if self.where:
            parts.append(self.where)
        if self.field:
            parts.append(f"field '{self.field}'")
        return ": ".join(parts) + f": {self.problem}"


def closest(word: str, choices: Iterable[str]) -> str | None:
    """The choice closest to ``word``, if any is close enough."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return close[0] if close else None


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """Return ``" (did you mean 'x'?)"`` for the closest choice, or an empty string."""
    close = closest(word, choices)
    return f" (did you mean '{close}'?)" if close else ""


class SolverError(LandplanError):
    """The solver could not be run as asked (not installed, or asked what it cannot do)."""


class ProblemError(LandplanError):
    """The problem's rules contradict each other; the message lists every contradiction."""

    def __init__(self, diagnostics: Iterable[Any]) -> None:
        self.diagnostics = tuple(diagnostics)
        super().__init__("; ".join(d.message for d in self.diagnostics))
