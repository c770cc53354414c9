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

from landplan.i18n import said


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
        return ": ".join(parts) + f": {said(self.problem)}"


def suggestions(word: str, choices: Iterable[str], most: int = 3) -> list[str]:
    """The choices ``word`` may have meant, best first: those spelled alike, then those it is
    part of (a short name: 半导体 for 半导体与集成电路), shortest first."""
    choices = list(choices)
    alike = difflib.get_close_matches(word, choices, n=most, cutoff=0.6)
    within = sorted((c for c in choices if len(word) >= 2 and word in c), key=len)
    return list(dict.fromkeys([*alike, *within]))[:most]


def closest(word: str, choices: Iterable[str]) -> str | None:
    """The choice ``word`` most likely meant, if any."""
    found = suggestions(word, choices, most=1)
    return found[0] if found else None


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """`` (did you mean 'x'?)`` (or ``'x', 'y' or 'z'``) for what ``word`` may have meant, or
    an empty string."""
    return said_as_question(suggestions(word, choices))


def said_as_question(meant: list[str]) -> str:
    """`` (did you mean 'x'?)``, `` (did you mean 'x' or 'y'?)``…; empty for no suggestion."""
    quoted = [f"'{m}'" for m in meant]
    if not quoted:
        return ""
    listed = quoted[0] if len(quoted) == 1 else f"{', '.join(quoted[:-1])} or {quoted[-1]}"
    return f" (did you mean {listed}?)"


class SolverError(LandplanError):
    """The solver could not be run as asked (not installed, or asked what it cannot do)."""


class ProblemError(LandplanError):
    """The problem's rules contradict each other; the message lists every contradiction."""

    def __init__(self, diagnostics: Iterable[Any]) -> None:
        self.diagnostics = tuple(diagnostics)
        super().__init__("; ".join(d.message for d in self.diagnostics))
