"""Work in threads: a stop the work does not hear at first is asked again until it does."""

from __future__ import annotations

import threading

from landplan.solving.lanes import GRACE_S, POLL_S, run_watched


def test_a_stop_refused_at_first_is_asked_again_until_heard():
    # As SCIP refuses an interrupt while it sets up its search: the first two asks are lost.
    asked, heard = [], threading.Event()

    def stop() -> None:
        asked.append(1)
        if len(asked) >= 3:
            heard.set()

    def work() -> None:
        heard.wait(10 * GRACE_S)

    stopped, ended = run_watched(work, stop, lambda: True)
    assert stopped and ended
    assert len(asked) == 3
    assert POLL_S * 2 <= GRACE_S  # the grace leaves room to ask again
