"""Errors that a planner can act on.

Every problem with user input becomes an :class:`InputError` whose message is one line naming the
file, the feature or row, the field and what is wrong. The CLI prints that line and exits non-zero;
nothing else in landplan should let a traceback reach a user for bad input.
"""

from __future__ import annotations

import difflib
import errno
import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from landplan.i18n import N_, said


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


#: What the system's refusals mean for a planner, and what to do: one sentence per kind of
#: failure (errno), for whatever landplan reads or writes.
_OS_WORDS: dict[int, str] = {
    errno.ENOSPC: N_("no space left on the disk: free some space, or write elsewhere"),
    errno.EDQUOT: N_("the disk quota is used up: free some space, or write elsewhere"),
    errno.EACCES: N_("no permission: ask for access, or use another file or folder"),
    errno.EPERM: N_("not permitted: ask for access, or use another file or folder"),
    errno.EROFS: N_("on a read-only file system: write elsewhere"),
    errno.ENOTDIR: N_(
        "a file is in the way where a folder is needed: move it, or use another path"
    ),
    errno.EISDIR: N_("a folder is in the way where a file is needed: move it, or use another path"),
    errno.ENAMETOOLONG: N_("the name is too long: use a shorter one"),
    errno.ELOOP: N_("too many symbolic links (a loop?): fix the link, or use the real path"),
    errno.EMLINK: N_("too many links: use another folder"),
    errno.ENOENT: N_("no such file or folder, and none can be made there: check the path"),
    errno.EEXIST: N_("is in the way: move it, or use another path"),
    errno.ENOTEMPTY: N_("is in the way (a folder that is not empty): move it, or use another path"),
    errno.EBUSY: N_("is in use by the system: use another path"),
    errno.EMFILE: N_("too many files open: close other programs and try again"),
    errno.EIO: N_("the disk reported an error: check the disk, then try again"),
}


class OSFailure(InputError):
    """What the operating system refused (no space, no permission, read-only, not a folder…),
    as one line naming the path and what to do; nothing half-done is left behind. ``error``
    is the system's own error (:func:`os_failure` can name another path for it)."""

    def __init__(self, source: str | Path, problem: str, error: OSError) -> None:
        super().__init__(source, problem)
        self.error = error


def os_failure(exc: OSError, path: str | Path | None = None) -> OSFailure:
    """``exc`` in words, naming ``path`` (by default the file the system named)."""
    named = path if path is not None else exc.filename
    if isinstance(named, bytes):
        named = os.fsdecode(named)
    if not isinstance(named, str | Path):  # a file descriptor, or nothing
        named = "landplan"
    return OSFailure(named, os_reason(exc), exc)


def os_reason(exc: OSError, translate: Callable[[str], str] = str) -> str:
    """What the system refused and what to do, without a path (``translate``: into a page's
    language)."""
    words = _OS_WORDS.get(exc.errno or 0)
    return translate(words) if words else f"the system refused: {exc.strerror or exc}"
