"""Every kind of bad scenario ends in one line naming the file, the line and the field, and a
non-zero exit code (2, invalid input); nothing is solved or written."""

from __future__ import annotations

import pytest
from command import landplan_here

import landplan
from landplan.cli import main

BAD_SCENARIOS = {
    "yaml syntax": ("name: x\nrules: [unclosed\n", ["not valid YAML", "line 3"]),
    "unknown key": ("name: x\nrulez: {}\n", ["line 2", "field 'rulez'", "did you mean 'rules'"]),
    "unknown nested key": (
        "name: x\nrules:\n  clusters_per_prak: 3\n",
        ["line 3", "field 'rules.clusters_per_prak'", "did you mean 'clusters_per_park'"],
    ),
    "wrong type": (
        "name: x\nrules:\n  clusters_per_park: many\n",
        ["line 3", "field 'rules.clusters_per_park'", "valid integer"],
    ),
    "missing name": ("description: no name\n", ["field 'name'", "required"]),
    "unknown cluster": (
        "name: x\nlocks:\n  - cluster: semiconductor\n    park: BA-01\n",
        ["line 3", "field 'locks.0.cluster'", "unknown cluster 'semiconductor'", "semiconductors"],
    ),
    "unknown park name": (
        "name: x\nexclusions:\n  - cluster: 新能源\n    park: Yanlou\n",
        ["line 4", "field 'exclusions.0.park'", "unknown park 'Yanlou'", "did you mean 'BA-01'"],
    ),
    "unknown district": (
        "name: x\nlocks:\n  - {cluster: robotics, district: Futain}\n",
        ["field 'locks.0.district'", "unknown district with parks 'Futain'", "Bao'an, Dapeng"],
    ),
    "lock and exclusion": (
        "name: x\nlocks:\n  - {cluster: new_energy, park: Pingdi (International Low-Carbon City)}\n"
        "exclusions:\n  - {cluster: New energy, district: 龙岗}\n",
        ["contradict", "both locked into and excluded from park LG-02"],
    ),
    "missing parent": (
        "name: x\nextends: nowhere.yaml\n",
        ["line 2", "field 'extends'", "parent scenario 'nowhere.yaml' not found"],
    ),
    "AHP judgement not a number": (
        "name: x\nsuitability:\n  ahp:\n    criteria: [endorsement, access, land_fit]\n"
        "    matrix: [[1, 9, one ninth], [1/9, 1, 9], [9, 1/9, 1]]\n",
        ["line 5", "field 'suitability.ahp.matrix.0.2'", "valid number"],
    ),
    "inconsistent AHP": (
        "name: x\nsuitability:\n  ahp:\n    criteria: [endorsement, access, land_fit]\n"
        "    matrix: [[1, 9, 1/9], [1/9, 1, 9], [9, 1/9, 1]]\n",
        ["line 4", "field 'suitability.ahp'", "consistency ratio 6.", "> 0.1"],
    ),
    "falling demand": (
        "name: x\ndemand:\n  clusters:\n    robotics: {2025: 2.0, 2030: 1.0}\n",
        ["field 'demand.clusters.robotics'", "cannot fall"],
    ),
}


@pytest.mark.parametrize("case", BAD_SCENARIOS, ids=list(BAD_SCENARIOS))
def test_bad_scenario_is_named_with_file_line_and_field(case, tmp_path):
    text, expected = BAD_SCENARIOS[case]
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(landplan.InputError) as caught:
        landplan.assemble(landplan.load_scenario(path))
    message = caught.value.message
    assert message.startswith(str(path)), message
    for part in expected:
        assert part in message, message


@pytest.mark.parametrize("case", BAD_SCENARIOS, ids=list(BAD_SCENARIOS))
def test_validate_exits_2_with_the_message(case, tmp_path, monkeypatch, capsys):
    text, expected = BAD_SCENARIOS[case]
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    monkeypatch.setattr("sys.argv", ["landplan", "validate", str(path)])
    monkeypatch.setenv("COLUMNS", "1000")
    with pytest.raises(SystemExit) as stopped:
        main()
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and all(part in err for part in expected), err


@pytest.mark.parametrize("case", ["unknown nested key", "lock and exclusion", "missing parent"])
def test_bad_scenario_exits_2_with_one_line_and_writes_nothing(case, tmp_path):
    text, expected = BAD_SCENARIOS[case]
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    for args in (["validate"], ["run", "--out", str(tmp_path / "out")]):
        result = landplan_here(*args, str(path))
        assert result.returncode == 2, result.stderr
        assert "Traceback" not in result.stderr
        assert result.stderr.strip().count("\n") == 0, result.stderr
        assert all(part in result.stderr for part in expected), result.stderr
    assert not (tmp_path / "out").exists()


def test_cycle_in_extends_is_named(tmp_path):
    (tmp_path / "a.yaml").write_text("name: a\nextends: b.yaml\n")
    (tmp_path / "b.yaml").write_text("name: b\nextends: a.yaml\n")
    with pytest.raises(landplan.InputError, match=r"cycle: a.yaml → b.yaml → a.yaml"):
        landplan.load_scenario(tmp_path / "a.yaml")


def test_error_in_a_parent_names_the_parent_file(tmp_path):
    (tmp_path / "parent.yaml").write_text("name: p\nrules:\n  parks_per_cluster: 0\n")
    (tmp_path / "child.yaml").write_text("name: c\nextends: parent.yaml\n")
    with pytest.raises(landplan.InputError) as caught:
        landplan.load_scenario(tmp_path / "child.yaml")
    assert caught.value.message.startswith(str(tmp_path / "parent.yaml"))
    assert "line 3" in caught.value.message and "rules.parks_per_cluster" in caught.value.message


def test_unknown_lock_in_a_parent_points_at_the_parent_line(tmp_path):
    (tmp_path / "parent.yaml").write_text("name: p\nlocks:\n  - {cluster: robotix, park: BA-01}\n")
    (tmp_path / "child.yaml").write_text("name: c\nextends: parent.yaml\n")
    with pytest.raises(landplan.InputError) as caught:
        landplan.assemble(landplan.load_scenario(tmp_path / "child.yaml"))
    message = caught.value.message
    assert message.startswith(str(tmp_path / "parent.yaml")) and "line 3" in message
    assert "did you mean 'robotics'" in message


def test_unknown_bundled_scenario_suggests_one():
    with pytest.raises(landplan.InputError, match="did you mean 'baseline'"):
        landplan.load_scenario("baselin")


def test_a_child_scenario_extends_a_bundled_one_by_name_from_any_folder(tmp_path):
    (tmp_path / "child.yaml").write_text("name: c\nextends: baseline\ndemand: {multiplier: 1.1}\n")
    child = landplan.load_scenario(tmp_path / "child.yaml")
    baseline = landplan.load_scenario("baseline")
    assert child.demand.multiplier == 1.1 and child.locks == baseline.locks
    assert child.rules == baseline.rules


def test_a_parent_that_is_neither_a_file_nor_bundled_is_named_with_a_suggestion(tmp_path):
    (tmp_path / "child.yaml").write_text("name: c\nextends: strict-polcy\n")
    with pytest.raises(landplan.InputError) as caught:
        landplan.load_scenario(tmp_path / "child.yaml")
    message = caught.value.message
    assert "line 2" in message and "did you mean 'strict-policy'" in message


def test_an_error_in_a_childs_lock_points_at_the_childs_own_line_and_index(tmp_path):
    (tmp_path / "parent.yaml").write_text(
        "name: p\nlocks:\n  - {cluster: robotics, park: BA-01}\n  - {cluster: marine, park: EC-01}\n"
    )
    (tmp_path / "child.yaml").write_text(
        "name: c\nextends: parent.yaml\nlocks:\n  - {cluster: biomedicine, park: PS-01}\n"
        "  - {cluster: spaceships, park: BA-02}\n"
    )
    with pytest.raises(landplan.InputError) as caught:
        landplan.assemble(landplan.load_scenario(tmp_path / "child.yaml"))
    message = caught.value.message
    assert message.startswith(str(tmp_path / "child.yaml")) and "line 5" in message
    assert "field 'locks.1.cluster'" in message  # the child's second lock, not the merged 4th


@pytest.mark.parametrize(
    "typed, meant",
    [
        ("半导体", "'semiconductors = 半导体与集成电路'"),
        ("新能", "'new_energy = 新能源'"),
        ("智能", "'smart_terminals = 智能终端', 'smart_sensors = 智能传感器' or"),
    ],
)
def test_a_short_chinese_name_suggests_the_industries_it_is_part_of(tmp_path, typed, meant):
    (tmp_path / "s.yaml").write_text(f"name: s\nlocks:\n  - {{cluster: {typed}, park: BA-01}}\n")
    with pytest.raises(landplan.InputError, match=f"did you mean {meant}"):
        landplan.assemble(landplan.load_scenario(tmp_path / "s.yaml"))
