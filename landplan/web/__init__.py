"""The workbench: landplan in the browser (``landplan serve``). A store of scenarios, jobs and
results (:mod:`~landplan.web.store`), jobs run by worker processes (:mod:`~landplan.web.jobs`,
:mod:`~landplan.web.worker`), the operations (:mod:`~landplan.web.service`) and the pages
(:mod:`~landplan.web.app`), over the same workflows the CLI and the notebooks call."""

from pathlib import Path

#: Where the workbench keeps its store when no folder is given.
DEFAULT_DATA = Path("out/workbench")
