"""landplan: decide where a city's strategic industry clusters should go.

The public API. Everything the CLI and the notebooks do is a call into these names.
"""

from landplan.catalog import Catalog, load_catalog
from landplan.errors import InputError, LandplanError
from landplan.layers import load_districts, load_parks, summarise_parks

__version__ = "0.1.0"

__all__ = [
    "Catalog",
    "InputError",
    "LandplanError",
    "load_catalog",
    "load_districts",
    "load_parks",
    "summarise_parks",
    "__version__",
]
