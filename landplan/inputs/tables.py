"""Read CSV tables with one-line errors for files that are missing or not CSV."""

from __future__ import annotations

import stat
from collections.abc import Callable, Sequence
from pathlib import Path

import pandas as pd

from landplan.errors import InputError
from landplan.limits import MAX_INPUT_BYTES, megabytes


def input_file(path: str | Path, limit: int = MAX_INPUT_BYTES) -> Path:
    """``path`` if it names a regular, readable file of no more than ``limit`` bytes; an
    InputError naming the file otherwise. Devices, pipes and folders are refused before anything
    reads them (a pipe would wait forever, /dev/zero would fill the memory)."""
    text = str(path)
    if "\x00" in text:
        raise InputError(repr(text), "a file name cannot contain a NUL character")
    path = Path(text)
    try:
        info = path.stat()
    except FileNotFoundError:
        raise InputError(path, "file not found") from None
    except OSError as exc:
        raise InputError(path, f"cannot read the file ({exc.strerror})") from None
    if stat.S_ISDIR(info.st_mode):
        raise InputError(path, "a folder, not a file")
    if not stat.S_ISREG(info.st_mode):
        raise InputError(path, "not a regular file (a device or a pipe?)")
    if info.st_size > limit:
        raise too_big(path, limit)
    return path


def too_big(path: str | Path, limit: int) -> InputError:
    """The refusal of a file over ``limit`` bytes."""
    return InputError(path, f"larger than the {megabytes(limit)} landplan reads of such a file")


def read_text(path: Path, limit: int) -> str:
    """The UTF-8 text of the file ``path`` (checked by :func:`input_file`), read no further than
    ``limit`` bytes (a file that grew since it was checked is refused all the same)."""
    with open(input_file(path, limit), "rb") as file:
        data = file.read(limit + 1)
    if len(data) > limit:
        raise too_big(path, limit)
    return data.decode("utf-8")


def read_csv(path: str | Path) -> pd.DataFrame:
    """Read a UTF-8 CSV as strings (schemas convert the types, so "07" stays "07")."""
    path = input_file(path)
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


def refuse_repeated(
    table: pd.DataFrame, key: Sequence[str], source: str | Path, where: Callable[[int], str]
) -> None:
    """An InputError naming ``source``, the row (``where`` of its position) and the ``key``
    (columns) when a row of ``table`` repeats an earlier row's key: a table says each thing
    once, and a repeated row would count twice."""
    keys = table[list(key)].astype(str)
    repeated = keys.duplicated()
    if not repeated.any():
        return
    second = int(repeated.to_numpy().nonzero()[0][0])
    values = keys.iloc[second]
    first = int((keys == values).all(axis=1).to_numpy().nonzero()[0][0])
    raise InputError(
        source,
        f"{', '.join(key)} ({', '.join(values)}) appears more than once (also {where(first)}): "
        "keep one row of each",
        where=where(second),
        field=key[-1],
    )
