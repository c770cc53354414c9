"""Read CSV tables with one-line errors for files that are missing or not CSV."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from landplan.errors import InputError


def read_csv(path: str | Path) -> pd.DataFrame:
    """Read a UTF-8 CSV as strings (schemas convert the types, so "07" stays "07")."""
    path = Path(path)
    if not path.exists():
        raise InputError(path, "file not found")
    try:
        table = pd.read_csv(path, dtype=str, encoding="utf-8")
    except UnicodeDecodeError:
        raise InputError(path, "not UTF-8 text; save it as CSV UTF-8") from None
    except pd.errors.EmptyDataError:
        raise InputError(path, "the file is empty") from None
    except pd.errors.ParserError as exc:
        raise InputError(path, f"not a readable CSV ({exc})") from None
    table.columns = [str(c).strip() for c in table.columns]
    return table


def csv_line(position: int) -> str:
    """The line of a data row in its CSV file (the header is line 1), as spreadsheets number it."""
    return f"line {position + 2}"
