"""How long work says how it goes: one small protocol that every solve, layout, sweep and
exploration reports through, and that every reader (the terminal, the workbench's job page, a
notebook) reads.

Work holds a :class:`Progress` and tells it its stage, its figures and its count as they change;
each change reaches the reader (a :data:`Listener`) as a :class:`Report`, a value saying where
the work stands. A solve's stages are :data:`CHECKS`, :data:`RELAXATION`, :data:`HEURISTIC` and
:data:`PROOF`, its figures the best score so far, the proven bound and the gap between them; a
counted job (a sweep's samples, an exploration's re-solves, a layout's parks) says how many of
how many are done, from which the time left follows. Nothing else prints.

A reader may also ask the work to stop (:attr:`Progress.stop`): it then ends as Ctrl-C ends it,
within a second, keeping nothing (KeyboardInterrupt). Ctrl-C itself (a notebook's interrupt
too) reaches a solve directly (:mod:`landplan.solving.lanes`); :attr:`~Progress.stop` is how
work in other threads hears it (an exploration's re-solves side by side), and the workbench
ends a cancelled job's process.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, replace

from landplan.i18n import N_
from landplan.i18n import gettext as _

# The stages are marked for the catalog: a report says them in the language of the moment.
#: A solve's stages, in order.
CHECKS, RELAXATION = N_("checks"), N_("relaxation")
HEURISTIC, PROOF = N_("heuristic"), N_("proof")
#: A run's stages after its solve.
LAYING_OUT, WRITING = N_("laying out the parks"), N_("writing the tables, maps and report")
#: A sweep's, an exploration's and a trade-off's counted stages.
SAMPLES, IMPORTANCE, ALTERNATIVES, SITE_VALUES, POINTS = (
    N_("samples"),
    N_("importance of each assignment"),
    N_("near-optimal alternatives"),
    N_("each site's own value"),
    N_("points of the trade-off"),
)


@dataclass(frozen=True)
class Report:
    """Where a piece of work stands: the ``task`` (a scenario's name, "sweep of baseline"), its
    ``stage`` in words, the seconds since it began, and the figures it has: a solve's ``best``
    score, proven ``bound`` and ``gap`` (a share of the score at stake); a counted job's
    ``done`` of ``total``."""

    task: str
    stage: str
    elapsed_s: float
    best: float | None = None
    bound: float | None = None
    gap: float | None = None
    done: int | None = None
    total: int | None = None

    @property
    def left_s(self) -> float | None:
        """Seconds still to go, at the pace so far (counted jobs, once one part is done)."""
        if not self.done or self.total is None or self.done >= self.total:
            return None
        return self.elapsed_s / self.done * (self.total - self.done)

    def words(self) -> str:
        """The report in one line, e.g. ``baseline: proof, 12 s; best 46.201, bound 46.250,
        gap 0.09 %`` or ``sweep of baseline: samples, 45 of 200, 31 s, about 2 min left``
        (in the language of the moment: :mod:`landplan.i18n`)."""
        comma = _(", ")
        stage = _(self.stage) if self.stage else ""
        parts = [f"{self.task}: {stage}" if self.task else stage]
        if self.total is not None:
            parts.append(_("%(done)d of %(total)d") % {"done": self.done or 0, "total": self.total})
        parts.append(_duration(self.elapsed_s))
        line = comma.join(parts)
        figures = [
            f"{name} {value:.3f}"
            for name, value in ((_("best"), self.best), (_("bound"), self.bound))
            if value is not None
        ]
        if self.gap is not None:
            figures.append(_("gap %(gap)s") % {"gap": _percent(self.gap)})
        if figures:
            line += _("; ") + comma.join(figures)
        if self.left_s is not None:
            line += comma + _("about %(time)s left") % {"time": _duration(self.left_s)}
        return line


#: A reader of reports (the terminal's line, the job page's row, a notebook's label).
Listener = Callable[[Report], None]
#: Told how many parts of a counted job are done, of how many (:meth:`Progress.count`).
Counted = Callable[[int, int], None]


class Progress:
    """A piece of work telling ``listener`` how it goes (nobody, without one). Each of
    :meth:`stage`, :meth:`figures` and :meth:`count` changes the report and tells it; work in
    several threads (the engine's two searches) may tell it at once. ``stop``, set by a reader
    (or by the work's caller on Ctrl-C), asks the work and all its parts to end."""

    def __init__(
        self, task: str = "", listener: Listener | None = None, stop: threading.Event | None = None
    ) -> None:
        self.listener = listener
        self.stop = stop or threading.Event()
        self._began = time.monotonic()
        self._report = Report(task, "", 0.0)
        self._lock = threading.Lock()

    def part(self, task: str, told: bool = True) -> Progress:
        """A piece of this work with its own clock, ended by the same stop, told to the same
        listener (or, ``told`` False, to nobody: one of many pieces run side by side)."""
        return Progress(task, self.listener if told else None, self.stop)

    def stopped(self) -> bool:
        """Whether the work was asked to stop."""
        return self.stop.is_set()

    def check(self) -> None:
        """End the work here if it was asked to stop (as Ctrl-C ends it)."""
        if self.stop.is_set():
            raise KeyboardInterrupt

    def stage(self, stage: str) -> None:
        """A new stage: its figures start afresh."""
        self._tell(stage=stage, best=None, bound=None, gap=None)

    def figures(
        self, best: float | None = None, bound: float | None = None, gap: float | None = None
    ) -> None:
        self._tell(best=best, bound=bound, gap=gap)

    def count(self, done: int, total: int) -> None:
        self._tell(done=done, total=total)

    def _tell(self, **changes: object) -> None:
        if self.listener is None:
            return
        with self._lock:
            elapsed = time.monotonic() - self._began
            self._report = replace(self._report, elapsed_s=elapsed, **changes)  # type: ignore[arg-type]
            report = self._report
        self.listener(report)


def _percent(share: float) -> str:
    percent = 100 * share
    return f"{percent:,.0f} %" if percent >= 10 else f"{percent:.2g} %"


def _duration(seconds: float) -> str:
    if seconds < 60:
        return _("%(n)s s") % {"n": f"{seconds:.0f}" if seconds >= 10 else f"{seconds:.1f}"}
    minutes = seconds / 60
    if minutes < 60:
        return _("%(n)s min") % {"n": f"{minutes:.0f}"}
    return _("%(n)s h") % {"n": f"{minutes / 60:.1f}"}
