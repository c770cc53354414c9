"""A table that says a thing twice is refused, naming the file, the rows and the key (issue 34,
class 5): a run folder's allocation read by ``map``, ``compare`` and ``layout``, and a YAML
file's keys, scenario or plan pack."""

from __future__ import annotations

import shutil

import pytest
from command import landplan_cmd as run

from landplan.errors import InputError
from landplan.outputs.readback import read_run


def _repeated(baseline_run, tmp_path, change):
    folder = tmp_path / "baseline"
    shutil.copytree(baseline_run, folder)
    path = folder / "allocation.csv"
    header, *rows = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join([header, *change(rows)]) + "\n", encoding="utf-8")
    return folder


CHANGES = {
    "every row twice": lambda rows: [*rows, *rows],
    "one row twice, apart": lambda rows: [*rows, rows[0]],
    "a row twice, its land differing": lambda rows: [*rows, rows[0].rsplit(",", 1)[0] + ",0.5"],
    "a row twice, spaces around its key": lambda rows: [*rows, " " + rows[0].replace(",", " , ")],
}


@pytest.mark.parametrize("change", CHANGES)
def test_a_run_whose_allocation_repeats_a_row_is_refused(baseline_run, tmp_path, change):
    folder = _repeated(baseline_run, tmp_path, CHANGES[change])
    with pytest.raises(InputError) as caught:
        read_run(folder)
    said = caught.value.message
    assert "allocation.csv" in said and "cluster_id, park_id, tier" in said, said
    assert "appears more than once (also line 2)" in said or "twice" in change, said


@pytest.mark.parametrize("command", ["map", "layout", "compare"])
def test_commands_refuse_a_repeated_allocation_and_change_nothing(baseline_run, tmp_path, command):
    folder = _repeated(baseline_run, tmp_path, CHANGES["every row twice"])
    before = {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}
    args = [command, str(folder)] + ([str(baseline_run)] if command == "compare" else [])
    if command == "compare":
        args += ["--out", str(tmp_path / "cmp")]
    done = run(*args)
    assert done.returncode == 2, done.stderr
    assert "appears more than once" in done.stderr and "Traceback" not in done.stderr
    assert {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()} == before


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("name: a\ndescription: x\nname: b\n", "line 3"),
        ("name: a\nsolver:\n  gap: 0.1\n  gap: 0.2\n", "line 4"),
        ("name: a\nexclusions:\n  - cluster: x\n    cluster: y\n    park: P\n", "line 4"),
        ("name: a\n'name': b\n", "line 2"),
    ],
)
def test_a_yaml_file_giving_a_key_twice_is_refused(tmp_path, text, line):
    path = tmp_path / "twice.yaml"
    path.write_text(text, encoding="utf-8")
    done = run("validate", str(path))
    assert done.returncode == 2 and "given twice" in done.stderr and line in done.stderr


def test_a_plan_pack_giving_a_key_twice_is_refused(tmp_path):
    from landplan.inputs.bundled import data_path
    from landplan.inputs.pack import load_pack

    pack = tmp_path / "pack"
    shutil.copytree(data_path("pack.yaml").parent, pack)
    manifest = pack / "pack.yaml"
    text = manifest.read_text(encoding="utf-8")
    first = (
        text.splitlines()[0]
        if not text.startswith("#")
        else next(line for line in text.splitlines() if line and not line.startswith("#"))
    )
    manifest.write_text(text + first + "\n", encoding="utf-8")
    with pytest.raises(InputError, match="given twice"):
        load_pack(pack)
