"""Dependencies run one way: the project → reminders, reports → partnerships → cities →
publishing."""

import ast
from pathlib import Path

import pytest
from django.conf import settings

# What each package may import of the project's own packages.
ALLOWED = {
    "publishing": set(),
    "cities": {"publishing"},
    "documents": {"publishing"},
    "indicators": {"publishing"},
    "partnerships": {"publishing", "cities", "documents", "indicators"},
    "reports": {"publishing", "cities", "documents", "indicators", "partnerships"},
    "reminders": {"publishing", "cities", "documents", "indicators", "partnerships"},
}
OWN = {"iurc_portal", "publishing", "cities", "documents", "indicators", "partnerships", "reports", "reminders"}


def _imports(package):
    found = set()
    for path in (Path(settings.BASE_DIR) / package).rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            found |= {(name.split(".")[0], str(path.relative_to(settings.BASE_DIR))) for name in names}
    return found


@pytest.mark.parametrize("package", sorted(ALLOWED))
def test_no_import_runs_back_up(package):
    wrong = sorted(
        f"{path} imports {name}" for name, path in _imports(package) if name in OWN - {package} - ALLOWED[package]
    )

    assert wrong == []


def test_the_word_published_lives_in_the_publishing_app_only():
    found = []
    for package in ("iurc_portal", "cities", "partnerships", "reports"):
        for path in (Path(settings.BASE_DIR) / package).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            if '"published"' in path.read_text() or "'published'" in path.read_text():
                found.append(str(path.relative_to(settings.BASE_DIR)))
    for path in (Path(settings.BASE_DIR) / "templates").rglob("*.html"):
        if '"published"' in path.read_text():
            found.append(str(path.relative_to(settings.BASE_DIR)))

    assert found == []
