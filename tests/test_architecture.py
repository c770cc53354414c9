"""The package's layers: data flows one way, and no module reaches back.

Ranks, earliest first, one a package: the basics (errors, languages, vocabulary, atomic writes,
executors); the solving core; the allocation problem (its parts, model, engine, solution) and its
trade-offs; the inputs (which name the parts' settings, and read a scenario's trade-off
section); assembling a scenario into its inputs; analysis and layouts; maps and
pages; runs; outputs; workflows; the terminal (console, flags) and the workbench (web); the CLI. A module may import its
own rank or earlier ranks only, so no package reaches back into a later one.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "landplan"
RANKS = (
    (
        "landplan.errors",
        "landplan.i18n",
        "landplan.vocabulary",
        "landplan.atomic",
        "landplan.parallel",
        "landplan.progress",
        "landplan.limits",
    ),
    ("landplan.solving",),
    ("landplan.optimisation", "landplan.tradeoff"),
    ("landplan.inputs",),
    ("landplan.assembly",),
    ("landplan.analysis", "landplan.layout"),
    ("landplan.maps", "landplan.pages"),
    ("landplan.runs",),
    ("landplan.outputs",),
    ("landplan.workflows",),
    ("landplan.console", "landplan.flags", "landplan.machine", "landplan.web"),
    ("landplan.cli", "landplan.__main__", "landplan"),
)


def rank(module: str) -> int:
    """The rank of the most specific prefix that names ``module``."""
    best, found = -1, 0
    for i, prefixes in enumerate(RANKS):
        for prefix in prefixes:
            if (module == prefix or module.startswith(prefix + ".")) and len(prefix) > best:
                best, found = len(prefix), i
    return found


def modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


def imports(path: Path) -> set[str]:
    """landplan modules imported at run time (not under TYPE_CHECKING)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    typing_only = {
        id(node)
        for guard in ast.walk(tree)
        if isinstance(guard, ast.If) and "TYPE_CHECKING" in ast.unparse(guard.test)
        for node in ast.walk(guard)
    }
    found = set()
    for node in ast.walk(tree):
        if id(node) in typing_only:
            continue
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("landplan"):
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("landplan")}
    return found


@pytest.mark.parametrize("name", sorted(modules()))
def test_no_module_reaches_back(name):
    if name == "landplan":
        return  # the public API names everything (lazily)
    late = [m for m in imports(modules()[name]) if rank(m) > rank(name)]
    assert not late, f"{name} (rank {rank(name)}) imports later layers: {late}"


def test_every_module_has_a_rank_and_a_package_one_rank():
    assert all(rank(name) >= 0 for name in modules())
    assert rank("landplan.optimisation.families.demand") == rank("landplan.optimisation.model")
    for prefixes in RANKS:
        for prefix in set(prefixes) - {"landplan"}:  # the public face names every rank
            inside = {rank(m) for m in modules() if m == prefix or m.startswith(prefix + ".")}
            assert len(inside) <= 1, f"{prefix} spans ranks {inside}"


PART_PACKAGES = (
    "landplan.optimisation.families",
    "landplan.optimisation.terms",
    "landplan.layout.families",
)


@pytest.mark.parametrize("name", [m for m in sorted(modules()) if m.startswith(PART_PACKAGES)])
def test_parts_never_import_one_another(name):
    """A constraint family or objective term learns what the others say through the problem
    (its facts: the caps, what is ruled out…), never by importing them."""
    others = {m for m in imports(modules()[name]) if m.startswith(PART_PACKAGES)}
    assert not others - {name}, f"{name} imports {others}"


def test_the_lazy_public_names_and_the_typed_ones_agree():
    """``landplan/__init__.py`` names each public name twice: for the lazy loader and for type
    checkers. They must agree, name for name and module for module."""
    import landplan

    tree = ast.parse((PACKAGE / "__init__.py").read_text(encoding="utf-8"))
    typed = {}
    for guard in ast.walk(tree):
        if isinstance(guard, ast.If) and "TYPE_CHECKING" in ast.unparse(guard.test):
            for node in ast.walk(guard):
                if isinstance(node, ast.ImportFrom):
                    for alias in node.names:
                        suffix = "" if alias.asname in (None, alias.name) else f":{alias.name}"
                        typed[alias.asname or alias.name] = f"{node.module}{suffix}"
    assert typed == landplan._EXPORTS


def test_the_command_line_starts_without_the_heavy_libraries():
    """``landplan --help`` (and every option's help) loads no geospatial, data, solver or map
    library: the options' help comes from light declarations."""
    script = (
        "import sys, landplan.cli; "
        "print(sorted(m for m in ('pandas', 'geopandas', 'shapely', 'pulp', 'highspy', "
        "'folium', 'numpy') if m in sys.modules))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    ).stdout
    assert loaded.strip() == "[]"


def test_no_public_name_is_shadowed_by_a_module():
    # Importing landplan.x sets the attribute x on the package: a public function of that name
    # would turn into a module once anything imported the module.
    import landplan

    submodules = {name.split(".")[1] for name in modules() if name.count(".") >= 1}
    assert not submodules & set(landplan.__all__)
