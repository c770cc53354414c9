"""The package's layers: data flows one way, and no module reaches back.

Ranks, earliest first: the basics (errors, vocabulary, atomic writes); the problem's grammar
(its parts, their options and evaluation: values with no solver, which a scenario names); the
inputs; the rest of optimisation (model, solvers, engine, solution); assembling a scenario into
a problem; analysis; maps and pages; runs; outputs; workflows; the CLI. A module may import its own rank or
earlier ranks only.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "landplan"
GRAMMAR = (
    "landplan.optimisation.part",
    "landplan.optimisation.diagnostics",
    "landplan.optimisation.evaluate",
    "landplan.optimisation.options",
    "landplan.optimisation.families",
    "landplan.optimisation.terms",
)
RANKS = (
    ("landplan.errors", "landplan.vocabulary", "landplan.atomic", "landplan.parallel"),
    GRAMMAR,
    ("landplan.inputs",),
    ("landplan.optimisation",),
    ("landplan.assembly",),
    ("landplan.analysis", "landplan.layout"),
    ("landplan.maps", "landplan.pages"),
    ("landplan.runs",),
    ("landplan.outputs",),
    ("landplan.workflows",),
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


def test_every_module_has_a_rank():
    assert all(rank(name) >= 0 for name in modules())
    assert rank("landplan.optimisation.families.demand") == 1
    assert rank("landplan.optimisation.model") == 3


def test_no_public_name_is_shadowed_by_a_module():
    # Importing landplan.x sets the attribute x on the package: a public function of that name
    # would turn into a module once anything imported the module.
    import landplan

    submodules = {name.split(".")[1] for name in modules() if name.count(".") >= 1}
    assert not submodules & set(landplan.__all__)
