"""How the tests share code: through conftest fixtures and helper modules, never by importing
another test module or a conftest.py.

Importing ``test_x`` from ``test_y`` makes pytest collect ``test_x``'s tests twice under another
name when the import is star-shaped, ties one module's refactoring to another's, and hides
which fixtures a test really uses; importing a conftest loads its autouse fixtures (a fixed
clock) into places that never asked for them.
"""

import ast
from pathlib import Path

from django.conf import settings

BASE_DIR = Path(settings.BASE_DIR)
SKIP = {".venv", "node_modules", ".git", "var", "static"}


def python_files_of_the_tests() -> list[Path]:
    files = []
    for path in BASE_DIR.rglob("*.py"):
        parts = set(path.relative_to(BASE_DIR).parts)
        if parts & SKIP:
            continue
        if "tests" in parts or "testing" in parts or "e2e" in parts or path.name == "conftest.py":
            files.append(path)
    return sorted(files)


def forbidden(module_path: str) -> bool:
    last = module_path.rsplit(".", 1)[-1]
    return last == "conftest" or last.startswith("test_")


def imports_of_test_modules(path: Path, root: Path = BASE_DIR) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            found += [f"import {alias.name}" for alias in node.names if forbidden(alias.name)]
        elif isinstance(node, ast.ImportFrom):
            module = "." * node.level + (node.module or "")
            if node.module and forbidden(node.module):
                found.append(f"from {module} import ...")
            found += [f"from {module} import {alias.name}" for alias in node.names if forbidden(alias.name)]
    return [f"{path.relative_to(root)}:  {line}" for line in found]


def test_the_check_sees_the_test_folders():
    names = {p.relative_to(BASE_DIR).as_posix() for p in python_files_of_the_tests()}
    assert "conftest.py" in names
    assert "visits/tests/test_importer.py" in names
    assert "huisbezoek/tests/test_test_layout.py" in names


def test_the_check_recognises_what_it_forbids(tmp_path):
    sample = tmp_path / "test_sample.py"
    sample.write_text(
        "from visits.tests.test_importer import pupil\n"
        "from .conftest import answers_for\n"
        "from visits.tests import test_care\n"
        "import evaluation.tests.conftest\n"
        "from visits.tests.helpers import at\n"
    )
    found = [line.split(":  ", 1)[1] for line in imports_of_test_modules(sample, root=tmp_path)]
    assert found == [
        "from visits.tests.test_importer import ...",
        "from .conftest import ...",
        "from visits.tests import test_care",
        "import evaluation.tests.conftest",
    ]


def test_no_test_module_imports_another_test_module_or_a_conftest():
    wrong = [line for path in python_files_of_the_tests() for line in imports_of_test_modules(path)]
    assert not wrong, (
        "Share test code through a conftest fixture (or pytest_plugins) or a helper module "
        "(e.g. visits/tests/helpers.py), not by importing a test module or a conftest:\n" + "\n".join(wrong)
    )
