"""Hostile input to the workbench's forms and imports (issue 34, classes 4 to 6): numbers only
in ASCII digits of bounded length, zips that are damaged or oddly named, tables and YAML that
say a thing twice, and imported runs that name the server's files: each refused with a page
(never a 500), nothing changed, no server path said."""

from __future__ import annotations

import errno
import io
import os
import shutil
import zipfile

import pytest
import yaml
from webforms import counts, derive, post
from zips import zipped

from landplan.web.store import DEFAULT_PROJECT, jobs, results, scenarios

NOT_WHOLE = [
    "²",
    "٣",
    "٠",
    "１",
    "1" * 5000,
    "-0",
    "+0",
    " 0",
    "0 ",
    "0\n",
    "0x0",
    "1_0",
    "",
    "nan",
]


@pytest.mark.parametrize("index", NOT_WHOLE)
def test_an_index_that_is_not_ascii_digits_is_refused_and_removes_nothing(client, bench, index):
    sid = derive(client)
    post(client, f"/scenarios/{sid}/place", kind="locks", cluster="new_energy", park="PS-01")
    before = bench.store.one(scenarios, sid)["yaml"]
    answer = post(client, f"/scenarios/{sid}/unplace", kind="locks", index=index)
    assert answer.status_code == 400 and "no such item" in answer.text
    assert bench.store.one(scenarios, sid)["yaml"] == before


@pytest.mark.parametrize("samples", ["٣", "²", "9" * 5000, "-1", " 5", "5e1", "1_0"])
def test_a_sweeps_samples_are_ascii_digits_in_bounds(client, bench, samples):
    sid = derive(client)
    before = counts(bench)
    answer = post(client, f"/scenarios/{sid}/sweep", samples=samples, seed="1")
    assert answer.status_code == 400 and "a whole number between 1 and 5000" in answer.text
    assert counts(bench) == before


@pytest.mark.parametrize("point", ["²", "٣", "7" * 5000, "-1"])
def test_a_trade_off_point_that_is_not_ascii_digits_is_refused(client, point):
    answer = post(client, f"/results/{'0' * 16}/keep", point=point)
    assert answer.status_code in (400, 404)


@pytest.mark.parametrize(
    ("field", "typed"),
    [
        ("solver.node_limit", "1e400"),
        ("solver.node_limit", "9" * 400),
        ("solver.node_limit", "٣"),
        ("solver.gap", "١"),
        ("solver.gap", "inf"),
        ("demand.multiplier", "٢"),
        ("demand.clusters.new_energy.abc", "1"),
        ("demand.clusters.new_energy.²", "1"),
        ("demand.clusters.new_energy." + "9" * 5000, "1"),
        ("demand.kinds.strategic", "nan"),
    ],
)
def test_a_typed_number_that_is_not_one_is_said_beside_its_field(client, bench, field, typed):
    sid = derive(client)
    before = bench.store.one(scenarios, sid)["yaml"]
    answer = post(client, f"/scenarios/{sid}", **{field: typed})
    assert answer.status_code == 400, answer.text[-600:]
    assert bench.store.one(scenarios, sid)["yaml"] == before


# Zips ------------------------------------------------------------------------------------------


def _zip(members: dict[str, bytes], method=zipfile.ZIP_STORED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _bad_crc() -> bytes:
    data = bytearray(_zip({"run/kpis.json": b"{" + b"x" * 100 + b"}"}))
    at = bytes(data).index(b"xxxx")
    data[at] = ord("y")
    return bytes(data)


def _inflates_past_its_size() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("run/kpis.json", b"0" * 100_000)
        archive.filelist[0].file_size = 10  # the directory says 10 bytes
    return buffer.getvalue()


def _encrypted() -> bytes:
    data = bytearray(_zip({"run/kpis.json": b"{}"}))
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        at = bytes(data).index(signature) + offset
        data[at] |= 1  # the "encrypted" flag
    return bytes(data)


def _clash() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("run/a", b"x")
        archive.writestr("run/a/b", b"y")
    return buffer.getvalue()


def _twice() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive, pytest.warns(UserWarning):
        archive.writestr("run/kpis.json", b"{}")
        archive.writestr("run/kpis.json", b"[]")
    return buffer.getvalue()


HOSTILE_ZIPS = {
    "bad CRC": _bad_crc,
    "inflates past its declared size": _inflates_past_its_size,
    "encrypted": _encrypted,
    "truncated": lambda: _bad_crc()[:-30],
    "a file where a folder is": _clash,
    "a member twice": _twice,
    "a name too long": lambda: _zip({"run/" + "n" * 300: b"x"}),
    "a backslash": lambda: _zip({"run\\..\\..\\x": b"x"}),
    "a control character": lambda: _zip({"run/\x1bx": b"x"}),
    "a bidi override": lambda: _zip({"run/\u202ekpis.json": b"x"}),
    "an empty part": lambda: _zip({"run//kpis.json": b"x"}),
    "a dot part": lambda: _zip({"run/./kpis.json": b"x"}),
    "too many members": lambda: _zip({f"run/{i}": b"" for i in range(1001)}),
}


@pytest.mark.parametrize("kind", HOSTILE_ZIPS)
def test_a_damaged_or_oddly_named_run_zip_is_refused(client, bench, kind):
    before = counts(bench)
    answer = client.post("/runs/import", data={"csrf": client.token},
                         files={"file": ("run.zip", HOSTILE_ZIPS[kind](), "application/zip")})  # fmt: skip
    assert answer.status_code == 400, (kind, answer.status_code, answer.text[-600:])
    assert counts(bench) == before and list(bench.folders.jobs.iterdir()) == []
    assert str(bench.folders.root) not in answer.text


@pytest.mark.parametrize("kind", ["bad CRC", "inflates past its declared size", "encrypted"])
def test_a_damaged_shapefile_zip_is_refused(client, bench, kind):
    parts = {f"parks{s}": b"x" * 200 for s in (".shp", ".shx", ".dbf")}
    data = bytearray(_zip(parts))
    if kind == "bad CRC":
        data[bytes(data).index(b"xxxx")] = ord("y")
    elif kind == "inflates past its declared size":
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, content in parts.items():
                archive.writestr(name, content)
            archive.filelist[0].file_size = 3
        data = bytearray(buffer.getvalue())
    else:
        data[bytes(data).index(b"PK\x01\x02") + 8] |= 1
    answer = client.post("/uploads", data={"csrf": client.token, "kind": "parks"},
                         files={"file": ("parks.zip", bytes(data), "application/zip")})  # fmt: skip
    assert answer.status_code == 400 and "damaged" in answer.text, answer.text[-600:]
    assert bench.files.uploaded(DEFAULT_PROJECT) == []


# Imported runs ---------------------------------------------------------------------------------


def _with_scenario(folder, tmp_path, change) -> bytes:
    copy = tmp_path / "copy"
    shutil.copytree(folder, copy)
    path = copy / "scenario.resolved.yaml"
    values = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(values)
    path.write_text(yaml.safe_dump(values, sort_keys=False), encoding="utf-8")
    return zipped(copy)


def _set(section, key, value):
    def change(values):
        values.setdefault(section, {})
        if key is None:
            values[section] = value
        else:
            values[section] = {**(values[section] or {}), key: value}

    return change


@pytest.mark.parametrize(
    "change",
    [
        _set("data", "parks", "/etc/passwd"),
        _set("data", "chain_links", "../../../../etc/passwd"),
        _set("data", "clusters", "clusters.csv"),  # the run folder's own copy
        _set("layout", "parcels", "/etc/hostname"),
        _set("suitability", "extra", {"mine": "/proc/self/environ"}),
        _set("pack", None, "/etc"),
    ],
)
def test_an_imported_run_naming_files_not_its_projects_is_refused(
    client, bench, baseline_run, tmp_path, change
):
    data = _with_scenario(baseline_run, tmp_path, change)
    answer = client.post("/runs/import", data={"csrf": client.token},
                         files={"file": ("run.zip", data, "application/zip")})  # fmt: skip
    assert answer.status_code == 400 and "not one of this project" in answer.text
    assert bench.store.all(results) == [] and list(bench.folders.jobs.iterdir()) == []


def test_a_run_naming_another_projects_upload_is_refused(client, bench, baseline_run, tmp_path):
    other = bench.folders.uploads / "0123456789abcdef.gpkg"
    shutil.copy(baseline_run / "results.gpkg", other)
    data = _with_scenario(baseline_run, tmp_path, _set("data", "parks", str(other.resolve())))
    answer = client.post("/runs/import", data={"csrf": client.token},
                         files={"file": ("run.zip", data, "application/zip")})  # fmt: skip
    assert answer.status_code == 400 and "not one of this project" in answer.text


def test_a_stored_run_naming_a_server_file_is_not_run_again(client, bench, baseline_run):
    """A run imported before imports were checked: its Run again starts nothing."""
    answer = client.post("/runs/import", data={"csrf": client.token},
                         files={"file": ("run.zip", zipped(baseline_run), "application/zip")})  # fmt: skip
    assert answer.status_code == 200
    (row,) = bench.store.all(results)
    tampered = yaml.safe_load(row["resolved_yaml"])
    tampered["data"]["parks"] = "/etc/passwd"
    bench.store.update(results, row["id"], resolved_yaml=yaml.safe_dump(tampered))
    again = post(client, f"/results/{row['id']}/rerun")
    assert again.status_code == 400 and "not one of this project" in again.text
    assert bench.store.all(jobs) == []


def test_an_imported_runs_problems_name_its_files_as_the_zip_does(
    client, bench, baseline_run, tmp_path
):
    copy = tmp_path / "copy"
    shutil.copytree(baseline_run, copy)
    (copy / "kpis.json").write_text("{", encoding="utf-8")
    answer = client.post("/runs/import", data={"csrf": client.token},
                         files={"file": ("run.zip", zipped(copy), "application/zip")})  # fmt: skip
    assert answer.status_code == 400 and "baseline/kpis.json" in answer.text
    assert str(bench.folders.root) not in answer.text and "/jobs/" not in answer.text


@pytest.mark.parametrize(
    "text",
    [
        "name: a\nname: b\n",
        "name: a\nsolver:\n  gap: 0.1\n  gap: 0.2\n",
        "name: a\ndemand:\n  clusters:\n    new_energy: 1.1\n    new_energy: 1.2\n",
        "name: a\nlocks:\n  - {cluster: new_energy, park: PS-01, park: PS-02}\n",
    ],
)
def test_a_scenario_giving_a_key_twice_is_refused(client, bench, text):
    before = counts(bench)
    answer = client.post("/scenarios/import", data={"csrf": client.token},
                         files={"file": ("mine.yaml", text.encode(), "application/yaml")})  # fmt: skip
    assert answer.status_code == 400 and "given twice" in answer.text, answer.text[-600:]
    assert counts(bench) == before


def test_an_imported_run_whose_allocation_repeats_rows_is_refused(
    client, bench, baseline_run, tmp_path
):
    copy = tmp_path / "copy"
    shutil.copytree(baseline_run, copy)
    lines = (copy / "allocation.csv").read_text(encoding="utf-8").splitlines()
    (copy / "allocation.csv").write_text("\n".join([*lines, *lines[1:]]) + "\n", "utf-8")
    answer = client.post("/runs/import", data={"csrf": client.token},
                         files={"file": ("run.zip", zipped(copy), "application/zip")})  # fmt: skip
    assert answer.status_code == 400 and "appears more than once" in answer.text
    assert bench.store.all(results) == []


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("name: a\nextends: baseline\ndata: {parks: /etc/passwd}\n", "data.parks"),
        ("name: a\nextends: baseline\ndata: {clusters: ../../../../etc/passwd}\n", "data.clusters"),
        (
            "name: a\nextends: baseline\nsuitability: {extra: {x: /etc/hostname}}\n",
            "suitability.extra.x",
        ),
        ("name: a\nextends: baseline\nlayout: {parcels: /proc/self/environ}\n", "layout.parcels"),
        ("name: a\nextends: /etc/passwd\n", "extends"),
        ("name: a\nextends: ../../../etc/passwd\n", "extends"),
    ],
)
def test_a_scenario_naming_a_server_file_is_refused_before_it_is_opened(
    client, bench, text, field, monkeypatch
):
    """A workbench scenario names only bundled scenarios and the project's uploads: anything
    else is refused by its field, and never opened (not even to be refused)."""
    opened = []
    real_open = open

    def watch(file, *args, **kwargs):
        if str(file).startswith(("/etc", "/proc")):
            opened.append(str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr("builtins.open", watch)
    before = counts(bench)
    answer = client.post("/scenarios/import", data={"csrf": client.token},
                         files={"file": ("mine.yaml", text.encode(), "application/yaml")})  # fmt: skip
    assert answer.status_code == 400, answer.text[-600:]
    assert counts(bench) == before
    assert not opened


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EACCES, errno.EROFS, errno.EIO])
def test_the_servers_own_files_failing_is_a_page_naming_no_path(client, bench, monkeypatch, code):
    """A full disk, a permission taken away, a read-only mount, a failing disk, while the
    workbench keeps an upload: a page saying so in words, no server path, nothing kept."""
    from landplan.inputs.bundled import data_path

    def refused(self, data):
        raise OSError(code, os.strerror(code), str(self))

    monkeypatch.setattr("pathlib.Path.write_bytes", refused)
    data = data_path("parks.geojson").read_bytes()
    before = counts(bench)
    answer = client.post("/uploads", data={"csrf": client.token, "kind": "parks"},
                         files={"file": ("parks.geojson", data, "application/geo+json")})  # fmt: skip
    assert answer.status_code == 503, answer.text[-400:]
    assert "could not read or write its files" in answer.text
    assert str(bench.folders.uploads) not in answer.text and "Traceback" not in answer.text
    assert counts(bench) == before
