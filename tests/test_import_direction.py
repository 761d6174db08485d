"""Imports point one way: entry points (web/, bot/, worker/) -> slackkit/ -> service/ -> db/
-> config/.

Parsed from the source with `ast`, so the rule outlives any one change. The app factory
(web/__init__.py) is the one place that wires the other entry points in, through their
`init_app`.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# What each package may import of ours. A package may always import itself.
ALLOWED = {
    "config": set(),
    "db": {"config"},
    "service": {"db", "config"},
    "slackkit": {"service", "db", "config"},
    "bot": {"slackkit", "service", "db", "config"},
    "worker": {"slackkit", "service", "db", "config"},
    "web": {"service", "db", "config"},
}
COMPOSITION_ROOT = ROOT / "web" / "__init__.py"
WIRED_BY_THE_FACTORY = {"bot", "worker"}


def our_imports(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name.split(".")[0]) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append((node.lineno, node.module.split(".")[0]))
    return [(line, top) for line, top in found if top in ALLOWED]


def sources() -> list[Path]:
    return sorted(p for package in ALLOWED for p in (ROOT / package).rglob("*.py"))


@pytest.mark.parametrize("path", sources(), ids=lambda p: str(p.relative_to(ROOT)))
def test_imports_point_one_way(path: Path):
    package = path.relative_to(ROOT).parts[0]
    allowed = ALLOWED[package] | {package}
    if path == COMPOSITION_ROOT:
        allowed |= WIRED_BY_THE_FACTORY
    wrong = [f"line {line}: imports {top}" for line, top in our_imports(path) if top not in allowed]
    assert not wrong, f"{path.relative_to(ROOT)} may import only {sorted(allowed)}: {wrong}"


def test_the_rule_sees_an_upward_import(tmp_path: Path):
    sample = tmp_path / "sample.py"
    sample.write_text("from web.settings import Settings\nimport bot\n")
    assert our_imports(sample) == [(1, "web"), (2, "bot")]
