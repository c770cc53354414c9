"""Hypothesis strategies for hostile input, as an attacker or a careless user types or uploads
it: form values (empty, huge, Unicode digits, control and bidi characters, NUL, negative,
floats for integers), file names and files (empty, garbage, broken or reaching zips, tables
with duplicate rows, YAML with duplicate keys or deep nesting, numbers of thousands of digits),
and the changes that break a run folder's files. Used by the fuzzing tests of the workbench
(tests/web/test_fuzzed_requests.py) and of the CLI's run-folder readers
(tests/test_fuzzed_run_folders.py)."""

from __future__ import annotations

import functools
import io
import json
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

from hypothesis import strategies as st

#: Far beyond any limit a field, a file or a number may have.
HUGE_DIGITS = "9" * 5000
HUGE_TEXT = "x" * 1_000_000

TEXTS = [
    "",
    " ",
    "0",
    "-1",
    "-0",
    "1.5",
    "1e309",
    "nan",
    "inf",
    "²",
    "٣",
    "１２",
    "⅕",
    HUGE_DIGITS,
    "-" + HUGE_DIGITS,
    "x" * 5000,
    "a\x00b",
    "\x00",
    "\x1b[31mred\x1b[0m",
    "\u202eevil\u202c",
    "\u2066x\u2069",
    "line\r\nbreak",
    "\ud7ff\ufffe",
    "../../../../etc/passwd",
    "/etc/passwd",
    "bundled:../../etc",
    "bundled:baseline",
    "bundled:",
    "</script><img src=x onerror=alert(1)>",
    "{{7*7}}",
    "新能源",
    "0" * 16,
    "BA-01",
    "new_energy",
    "admin",
    "planner",
    "viewer",
    "run",
]

#: One value of each kind a field is tried with in turn: empty, a Unicode digit, thousands of
#: digits, negative, a float, NUL, a control character, a bidi override, very long, a path out.
EACH_KIND = ["", "²", HUGE_DIGITS, "-1", "1.5", "a\x00b", "\x1b[2J", "\u202eevil", "x" * 5000,
             "../../../../etc/passwd"]  # fmt: skip

#: A form value: a hostile one of the list, an integer or float of any size, or any short text.
values = st.one_of(
    st.sampled_from(TEXTS),
    st.integers().map(str),
    st.floats().map(str),
    st.text(max_size=40),
)
#: A value a field rarely gets, drawn seldom: a megabyte.
huge = st.just(HUGE_TEXT)

FILE_NAMES = [
    "x.zip",
    "x.yaml",
    "x.csv",
    "x.geojson",
    "x.gpkg",
    "x",
    "",
    ".yaml",
    "../../x.yaml",
    "/etc/passwd",
    "a\x00b.yaml",
    "\u202egpj.exe",
    "x" * 300 + ".zip",
]


def _zip(members: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _bad_crc(members: dict[str, bytes]) -> bytes:
    """A stored zip whose first member's bytes no longer match its CRC."""
    data = bytearray(_zip(members, zipfile.ZIP_STORED))
    name = next(iter(members)).encode()
    start = data.index(name) + len(name)  # the first member's bytes follow its local header
    data[start] ^= 0xFF
    return bytes(data)


def _declared(members: dict[str, bytes], size: int) -> bytes:
    """A zip whose first member declares ``size`` bytes, unlike what it inflates to."""
    data = bytearray(_zip(members))
    first = next(iter(members)).encode()
    for header, at in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        offset = data.index(header)
        while data[offset + (30 if header == b"PK\x03\x04" else 46) :][: len(first)] != first:
            offset = data.index(header, offset + 4)
        data[offset + at : offset + at + 4] = size.to_bytes(4, "little")
    return bytes(data)


def _deep_yaml() -> bytes:
    return b"name: deep\ndescription: " + b"[" * 5000 + b"]" * 5000 + b"\n"


@functools.cache
def _bomb() -> bytes:
    """A zip of a few kilobytes whose member inflates past any upload's limit."""
    return _zip({"x.geojson": bytes(60 * 1024 * 1024)})


_YAML = b"name: fuzzed\n"
#: Hostile files, by what they are: each a maker of its bytes.
FILES: dict[str, Callable[[], bytes]] = {
    "empty": lambda: b"",
    "NUL bytes": lambda: b"\x00" * 64,
    "a zip's header and garbage": lambda: b"PK\x03\x04" + b"\xff" * 60,
    "YAML: a key twice": lambda: b"name: a\nname: b\n",
    "YAML: a 5,000-digit node limit": lambda: (
        b"name: big\nsolver: {node_limit: " + HUGE_DIGITS.encode() + b"}\n"
    ),
    "YAML: a multiplier too big for a float": lambda: b"name: big\ndemand: {multiplier: 1e999}\n",
    "YAML: parks at /etc/passwd": lambda: b"name: x\ndata: {parks: /etc/passwd}\n",
    "YAML: parks up and out": lambda: b"name: x\ndata: {parks: ../../../../etc/passwd}\n",
    "YAML: a long description": lambda: b"name: x\ndescription: " + b"y" * 200_000 + b"\n",
    "YAML: deep": _deep_yaml,
    "YAML: a billion laughs": lambda: (
        b"a: &a [x, x, x, x, x, x, x, x, x]\n"
        b"b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
        b"name: [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
    ),
    "CSV: a row twice": lambda: b"cluster_id,park_id\nA,B\nA,B\n",
    "CSV: NUL and bidi": lambda: "名,\u202e\n\x00,1\n".encode(),
    "zip: a member up and out": lambda: _zip({"../../outside.yaml": _YAML}),
    "zip: an absolute member": lambda: _zip({"/etc/passwd": _YAML}),
    "zip: cut short": lambda: _zip({"x.yaml": _YAML})[:40],
    "zip: a bad CRC": lambda: _bad_crc({"x.yaml": _YAML * 50}),
    "zip: a member bigger than declared": lambda: _declared({"x.yaml": _YAML * 2000}, 10),
    "zip: a member declaring 4 GB": lambda: _declared({"x.yaml": _YAML}, 0xFFFFFFF0),
    "zip: a member inflating to 60 MB": _bomb,
}
#: What :func:`files` calls the bytes it draws at random.
RANDOM_BYTES = "random bytes"
#: The files that may be taken: a long description is within some limit, and a few random
#: bytes may happen to be a scenario.
MAY_BE_TAKEN = {"YAML: a long description", RANDOM_BYTES}


def _run_kinds(run: dict[str, bytes]) -> dict[str, Callable[[], bytes]]:
    """A run folder zipped after one of its files was emptied, cut in half or broken."""
    kinds: dict[str, Callable[[], bytes]] = {}
    for name, data in run.items():
        kinds[f"run: {name} empty"] = lambda name=name: _run_zip(run, {name: b""})
        kinds[f"run: {name} cut"] = lambda name=name, data=data: _run_zip(
            run, {name: data[: len(data) // 2]}
        )
    for label, change in RUN_CHANGES.items():
        kinds[f"run: {label}"] = lambda change=change: _run_zip(run, change(run))
    return kinds


def _run_zip(run: dict[str, bytes], changed: dict[str, bytes]) -> bytes:
    """A run folder zipped as a planner uploads it, after ``changed`` replaced its files."""
    return _zip({f"baseline/{n}": d for n, d in {**run, **changed}.items()}, zipfile.ZIP_STORED)


def hostile_files(run: dict[str, bytes] | None = None):
    """Every hostile file: what it is and its bytes (``run``: also a run folder's files, zipped
    after one was broken)."""
    kinds = {**FILES, **(_run_kinds(run) if run else {})}
    for kind in sorted(kinds):
        yield kind, kinds[kind]()


def files(run: dict[str, bytes] | None = None) -> st.SearchStrategy[tuple[str, str, bytes]]:
    """An uploaded file: what it is, a hostile name, hostile bytes (``run``: also a run
    folder's files, zipped after one was broken)."""
    kinds = {**FILES, **(_run_kinds(run) if run else {})}
    made = st.sampled_from(sorted(kinds)).map(lambda kind: (kind, kinds[kind]()))
    drawn = made | st.tuples(st.just(RANDOM_BYTES), st.binary(max_size=512))
    return st.tuples(drawn, st.sampled_from(FILE_NAMES)).map(
        lambda pair: (pair[0][0], pair[1], pair[0][1])
    )


def must_be_refused(kind: str) -> bool:
    """Whether a file of this kind (as :func:`files` names it) may never be taken."""
    if kind.startswith("run: "):
        return kind[len("run: ") :] in CORRUPT | NOT_IMPORTED
    return kind not in MAY_BE_TAKEN


def _kpis(value: str) -> Callable[[dict[str, bytes]], dict[str, bytes]]:
    """kpis.json with its objective's number written as ``value`` (JSON's text, as a file holds
    it; not the first number in the file, which may be inside a text such as the reason)."""

    def changed(run: dict[str, bytes]) -> dict[str, bytes]:
        text = run["kpis.json"].decode()
        return {
            "kpis.json": re.sub(
                r'("objective": *)-?\d[\d.eE+-]*', rf"\g<1>{value}", text, count=1
            ).encode()
        }

    return changed


def _rows(change: Callable[[list[str]], list[str]]):
    """allocation.csv with its rows (below its header) changed."""

    def changed(run: dict[str, bytes]) -> dict[str, bytes]:
        head, *rows = run["allocation.csv"].decode().splitlines()
        return {"allocation.csv": "\n".join([head, *change(rows)]).encode() + b"\n"}

    return changed


def _cell(value: str, column: str):
    """A change of allocation.csv's first row: its cell of ``column`` becomes ``value``."""

    def change(rows: list[str]) -> list[str]:
        cells = rows[0].split(",")  # the bundled run's first row quotes no commas
        cells[ALLOCATION_COLUMNS.index(column)] = value
        return [",".join(cells), *rows[1:]]

    return change


ALLOCATION_COLUMNS = ["cluster_id", "cluster_name_en", "cluster_name_zh", "park_id", "park_name_en",
                      "park_name_zh", "district", "tier", "release_by", "land_km2"]  # fmt: skip


def _resolved(text: bytes) -> Callable[[dict[str, bytes]], dict[str, bytes]]:
    return lambda run: {"scenario.resolved.yaml": text}


#: Ways to break a run folder: each gives the files it replaces, by name.
RUN_CHANGES: dict[str, Callable[[dict[str, bytes]], dict[str, bytes]]] = {
    "kpis: a 4,500-digit integer": _kpis("9" * 4500),
    "kpis: a negative number": _kpis("-1e308"),
    "kpis: a number too big for a float": _kpis("1e999"),
    "kpis: text for a number": _kpis('"²"'),
    "kpis: a list": lambda run: {"kpis.json": b"[]"},
    "kpis: deep": lambda run: {"kpis.json": b"[" * 100_000 + b"]" * 100_000},
    "kpis: NaN": lambda run: {"kpis.json": b'{"scenario": NaN}'},
    "kpis: the scenario named with control characters": lambda run: {
        "kpis.json": json.dumps(
            {**json.loads(run["kpis.json"]), "scenario": "\x1b[2J\u202eevil"}
        ).encode()
    },
    "allocation: every row twice": _rows(lambda rows: rows + rows),
    "allocation: one row twice": _rows(lambda rows: rows + rows[:1]),
    "allocation: no rows": _rows(lambda rows: []),
    "allocation: a row cut short": _rows(lambda rows: [rows[0].rsplit(",", 1)[0], *rows[1:]]),
    "allocation: a 4,500-digit land": _rows(_cell("9" * 4500, "land_km2")),
    "allocation: a negative land": _rows(_cell("-1", "land_km2")),
    "allocation: NaN land": _rows(_cell("nan", "land_km2")),
    "allocation: infinite land": _rows(_cell("1e999", "land_km2")),
    "allocation: an unknown industry": _rows(_cell("\u202enobody", "cluster_id")),
    "allocation: a NUL in a park's id": _rows(_cell("BA\x0001", "park_id")),
    "allocation: an industry's name with control characters": _rows(
        _cell("\x1b[2J\u202eevil", "cluster_name_en")
    ),
    "allocation: a tier unknown": _rows(_cell("²", "tier")),
    "allocation: an extra column": _rows(lambda rows: [r + ",extra" for r in rows]),
    "resolved: parks at /etc/passwd": _resolved(b"name: x\ndata: {parks: /etc/passwd}\n"),
    "resolved: parks up and out": _resolved(b"name: x\ndata: {parks: ../../../../etc/passwd}\n"),
    "resolved: name twice": _resolved(b"name: a\nname: b\n"),
    "resolved: a 5,000-digit node limit": _resolved(
        b"name: x\nsolver: {node_limit: " + HUGE_DIGITS.encode() + b"}\n"
    ),
    "resolved: deep": _resolved(_deep_yaml()),
    "resolved: not YAML": _resolved(b"name: [unclosed\n"),
}


#: The changes that leave a run no reader may take as sound: each must be refused.
CORRUPT = {
    "kpis: a 4,500-digit integer",
    "kpis: a list",
    "kpis: deep",
    "kpis: NaN",
    "allocation: every row twice",
    "allocation: one row twice",
    "allocation: a row cut short",
    "allocation: a 4,500-digit land",
    "allocation: a negative land",
    "allocation: NaN land",
    "allocation: an unknown industry",
    "allocation: infinite land",
    "allocation: a NUL in a park's id",
    "allocation: a tier unknown",
}
#: The changes a run's import must refuse besides: a run is data, its scenario names no file
#: of the server's, and its YAML is sound.
NOT_IMPORTED = {
    "resolved: parks at /etc/passwd",
    "resolved: parks up and out",
    "resolved: name twice",
    "resolved: a 5,000-digit node limit",
    "resolved: deep",
    "resolved: not YAML",
}


def run_files(folder: Path) -> dict[str, bytes]:
    """A run folder's small files, by name (its maps and report left out: they are large and
    no reader reads them)."""
    return {
        path.name: path.read_bytes()
        for path in sorted(folder.iterdir())
        if path.is_file() and path.suffix != ".html"
    }
