"""Numbers typed in the workbench's forms, read by one checked parser.

Python's ``int()`` and ``float()`` take more than a planner types: other scripts' digits
(``٣``, and ``²`` which ``str.isdigit`` says is one but ``int()`` refuses), ``1_000``, ``nan``,
``inf``, and thousands of digits (which ``int()`` refuses, or takes quadratic time over). A form's
number is ASCII digits, of bounded length and finite; anything else is not a number, and the
caller says so beside its field.
"""

from __future__ import annotations

import math
import re

#: The most characters a number typed in a form may have: any the workbench asks for is shorter.
MOST_NUMBER_CHARS = 24
_WHOLE = re.compile(r"[0-9]+")
_DECIMAL = re.compile(r"[-+]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][-+]?[0-9]{1,3})?")


def form_number(text: str) -> float | None:
    """The finite number ``text`` writes in ASCII (spaces around it allowed), else None."""
    text = text.strip()
    if len(text) > MOST_NUMBER_CHARS or not _DECIMAL.fullmatch(text):
        return None
    number = float(text)
    return number if math.isfinite(number) else None


def form_whole(text: str, low: int, high: int) -> int | None:
    """The whole number from ``low`` to ``high`` that ``text`` writes in ASCII digits alone
    (no sign, no spaces: a browser sends what its form holds), else None."""
    if len(text) > len(str(high)) or not _WHOLE.fullmatch(text):
        return None
    value = int(text)
    return value if low <= value <= high else None
