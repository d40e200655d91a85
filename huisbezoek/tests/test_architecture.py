"""The layout rules of docs/architecture.md, checked on the code itself.

Every import of the product's code (tests, migrations, e2e and bench aside) is read with ``ast``:

* apps use each other only in the allowed direction and only through the modules named in
  ``ALLOWED`` (for the apps above visits: ``visits.selectors`` to read, ``visits.services`` to change);
* no module imports a private (``_name``) name of another module;
* there is no import loop between modules, counting imports inside functions (a function-level
  import that dodges a loop is still a loop), but not those under ``if TYPE_CHECKING:``.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APPS = ("huisbezoek", "notifications", "visits", "dashboard", "demo", "protocol", "evaluation", "privacy", "staff")

# The outbox's public modules: queue a message, its channels and statuses, SMS lengths, sending windows.
OUTBOX = (
    "notifications.services",
    "notifications.models",
    "notifications.gsm",
    "notifications.window",
    "notifications.whatsapp",
)

# For each app: the other apps' modules it may import (a module allows its submodules too).
ALLOWED: dict[str, tuple[str, ...]] = {
    "huisbezoek": (),
    "notifications": ("huisbezoek",),
    "visits": ("huisbezoek", *OUTBOX),
    "dashboard": ("huisbezoek", "visits.selectors"),
    "protocol": ("huisbezoek", "visits.selectors"),
    "evaluation": ("huisbezoek", *OUTBOX, "visits.selectors"),
    # Privacy reaches every app's family data through the personal-data registry; visits' school-level
    # purge (consults that belong to no family) is the one service it calls directly.
    "privacy": ("huisbezoek", "visits.selectors", "visits.personal_data"),
    # The demo builder writes a whole school at once with bulk inserts: it may use visits' models.
    "demo": ("huisbezoek", "visits.models", "visits.selectors"),
    # The school runs its staff: it reads visits through the selectors, changes them (hand-over,
    # group links, interpreters) only through visits.staffing, and checks its CSV import's cells
    # with the pupil import's cell rules.
    "staff": ("huisbezoek", *OUTBOX, "visits.selectors", "visits.staffing", "visits.imports.columns"),
}


@dataclass(frozen=True)
class Import:
    module: str  # the importing module
    target: str  # the imported module (or the module a name is taken from)
    names: tuple[str, ...]
    line: int


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def product_files() -> list[Path]:
    files = []
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            rel = path.relative_to(ROOT).parts
            if "tests" in rel or "migrations" in rel or "testing" in rel:
                continue
            files.append(path)
    return sorted(files)


def is_module(name: str) -> bool:
    base = ROOT.joinpath(*name.split("."))
    return base.with_suffix(".py").exists() or (base / "__init__.py").exists()


def type_checking_lines(tree: ast.Module) -> set[int]:
    lines: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for child in node.body:
                lines.update(range(child.lineno, (child.end_lineno or child.lineno) + 1))
    return lines


def imports_of(path: Path) -> list[Import]:
    module = module_name(path)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = type_checking_lines(tree)
    found = []
    for node in ast.walk(tree):
        if getattr(node, "lineno", 0) in skip:
            continue
        if isinstance(node, ast.Import):
            found += [Import(module, alias.name, (), node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            names = tuple(alias.name for alias in node.names)
            # "from package import submodule" imports the submodule.
            submodules = [n for n in names if is_module(f"{target}.{n}")]
            for n in submodules:
                found.append(Import(module, f"{target}.{n}", (), node.lineno))
            rest = tuple(n for n in names if n not in submodules)
            if rest:
                found.append(Import(module, target, rest, node.lineno))
    return found


def all_imports() -> list[Import]:
    return [imp for path in product_files() for imp in imports_of(path)]


def app_of(module: str) -> str:
    return module.split(".")[0]


def allowed(imp: Import) -> bool:
    source, target = app_of(imp.module), app_of(imp.target)
    if target not in APPS or source == target:
        return True
    return any(imp.target == m or imp.target.startswith(m + ".") for m in ALLOWED[source])


def test_apps_import_each_other_only_in_the_allowed_direction():
    wrong = [f"{i.module}:{i.line} imports {i.target}" for i in all_imports() if not allowed(i)]
    assert not wrong, "Imports against docs/architecture.md:\n" + "\n".join(wrong)


def test_no_module_imports_a_private_name_of_another_module():
    wrong = [
        f"{i.module}:{i.line} imports {n} from {i.target}"
        for i in all_imports()
        if app_of(i.target) in APPS
        for n in i.names
        if n.startswith("_") and not n.startswith("__")
    ]
    assert not wrong, "\n".join(wrong)


def import_graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    for i in all_imports():
        if app_of(i.target) in APPS and i.target != i.module:
            graph.setdefault(i.module, set()).add(i.target)
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in graph.get(node, ()):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_there_is_no_import_loop():
    loops = cycles(import_graph())
    assert not loops, "Import loops:\n" + "\n".join(" <-> ".join(c) for c in loops)


def test_the_checker_sees_a_loop_and_a_forbidden_import():
    """The checks above would pass on an empty list too: prove they find what they look for."""
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert not allowed(Import("evaluation.views", "visits.models", ("Pupil",), 1))
    assert allowed(Import("evaluation.views", "visits.selectors", ("year_figures",), 1))
    assert not allowed(Import("huisbezoek.views", "visits.selectors", ("x",), 1))
    assert len(product_files()) > 100
    assert any(i.target == "visits.selectors" for i in all_imports() if i.module.startswith("evaluation"))
