"""The layers (decision 0021): a module imports its own app and the apps of the layers below its own, never
an app of its own layer or above. Every import counts, inside functions and `if TYPE_CHECKING:` too; so do
the URLs an app's templates and code name (`{% url "reports:…" %}`, `reverse("reports:…")`).

Tests and migrations may import anything; so may the top floor (`mashangdu/*.py` and `mashangdu.demo`),
which composes the apps: the home page, the menu, the URLs, the settings and the demo."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "mashangdu"
TOP = "top floor"

# Bottom to top: each app's layer. Apps on one layer do not know each other.
LAYERS: list[tuple[str, ...]] = [
    ("core",),  # organisation, users and roles, working time, events, notifications, jobs, common UI
    ("enterprises",),  # the enterprise registry and pairings
    ("appeals",),  # the appeals engine: workflow, deadlines, supervision, data scope
    ("intake", "keytasks", "open311", "visits", "techmatch", "policies", "land", "efficiency", "villages"),
    # public QR intake; key tasks; the GeoReport v2 API; pairing visits; 技术对接; policies; idle land (land),
    # 亩均效益 (efficiency), village indicators, 一村一品 and tourism routes (villages)
    # suggestions and auto-dispatch (reads appeals, and intake's window codes); meetings with enterprises (their
    # issues become appeals; the links are rate limited with intake's public filings)
    ("routing", "meetings", "air", "water", "pollution"),  # air and water breaches become key tasks;
    # 散乱污 and enterprises' environmental grades (pollution)
    # rates, rankings, dashboards, circulars (reads routing's hot topics); river chiefs (rivers) patrol the
    # water app's bodies and their problems become appeals
    ("reports", "rivers"),
    ("api",),  # the staff REST API
]
LAYER_OF = {app: level for level, apps in enumerate(LAYERS) for app in apps}
# URL namespaces (app_name in each urls.py) → the app; key tasks kept their URLs (decision 0020).
NAMESPACES = {"appeals": "appeals", "intake": "intake", "open311": "open311", "reports": "reports"}
NAMESPACES |= {"routing": "routing", "tasks": "keytasks", "enterprises": "enterprises"}
NAMESPACES |= {"visits": "visits"}
NAMESPACES |= {"meetings": "meetings"}
NAMESPACES |= {"techmatch": "techmatch"}
NAMESPACES |= {"policies": "policies"}
NAMESPACES |= {"air": "air"}
NAMESPACES |= {"water": "water"}
NAMESPACES |= {"rivers": "rivers"}
NAMESPACES |= {"pollution": "pollution"}
NAMESPACES |= {"land": "land", "efficiency": "efficiency", "villages": "villages"}
# Links up the layers that remain, each with its reason.
LINKS_UP_ALLOWED = {
    # The event log (core) offers its Excel export, which reports builds with its periods and job.
    ("core", "reports:events_export"),
}
URL_IN_TEMPLATE = re.compile(r"""{%\s*url\s+["']([a-z0-9_]+):([a-z0-9_]+)["']""")
URL_CALLS = {"reverse", "reverse_lazy", "redirect", "resolve_url"}


def app_of(module: str) -> str:
    """`mashangdu.appeals.services.entry` → `appeals`; project modules and the demo → the top floor."""
    parts = module.split(".")
    if len(parts) < 2 or parts[1] not in LAYER_OF:
        return TOP
    return parts[1]


def modules() -> Iterator[tuple[str, Path]]:
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        if "tests" in parts or "migrations" in parts or parts[-1] in ("testing", "settings_test"):
            continue
        yield ".".join(parts[:-1] if parts[-1] == "__init__" else parts), path


def imported(module: str, path: Path) -> Iterator[tuple[int, str]]:
    """(line, module) of every import of the project's own code in the file, relative ones resolved."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join([*anchor, *([base] if base else [])])
            # `from mashangdu import appeals` imports the package named after it
            names = [f"{base}.{alias.name}" for alias in node.names] if base == "mashangdu" else [base]
        else:
            continue
        yield from ((node.lineno, name) for name in names if name.startswith("mashangdu."))


def violations() -> list[str]:
    found = []
    for module, path in modules():
        own = app_of(module)
        if own == TOP:
            continue
        for line, name in imported(module, path):
            other = app_of(name)
            if other == own:
                continue
            if other == TOP or LAYER_OF[other] >= LAYER_OF[own]:
                where = "the top floor" if other == TOP else f"layer {LAYER_OF[other]}"
                found.append(f"{module}:{line} imports {name} ({other}, {where}; {own} is on layer {LAYER_OF[own]})")
    return found


def test_every_app_has_a_layer() -> None:
    apps = {path.parent.name for path in PACKAGE.glob("*/apps.py")} - {"demo"}
    assert apps == set(LAYER_OF), "give each app a layer in LAYERS (and say why in decision 0021)"


def test_no_module_imports_an_app_of_its_own_layer_or_above() -> None:
    found = violations()
    assert not found, "move the code to the layer that knows both sides, or add an extension point:\n" + "\n".join(
        found
    )


def named_urls() -> Iterator[tuple[str, str, str]]:
    """(app, where, "namespace:name") of each namespaced URL an app's templates and code name."""
    for app in LAYER_OF:
        for path in sorted((PACKAGE / app).rglob("*.html")):
            for match in URL_IN_TEMPLATE.finditer(path.read_text(encoding="utf-8")):
                yield app, str(path.relative_to(PACKAGE.parent)), f"{match[1]}:{match[2]}"
    for module, path in modules():
        if app_of(module) == TOP:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and getattr(node.func, "id", getattr(node.func, "attr", "")) in URL_CALLS
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
                and ":" in node.args[0].value
            ):
                yield app_of(module), f"{module}:{node.lineno}", node.args[0].value


def test_every_url_namespace_belongs_to_its_app() -> None:
    declared = {}
    for urls in PACKAGE.glob("*/*urls.py"):  # urls.py, or a part such as air/import_urls.py
        found = re.search(r"""^app_name = ["']([a-z0-9_]+)["']""", urls.read_text(encoding="utf-8"), re.MULTILINE)
        if found:
            declared[found[1]] = urls.parent.name
    assert declared == NAMESPACES


def test_no_app_links_to_the_pages_of_an_app_of_its_own_layer_or_above() -> None:
    found = []
    for app, where, url in named_urls():
        other = NAMESPACES.get(url.split(":")[0])
        if other is None or other == app or (app, url) in LINKS_UP_ALLOWED:
            continue
        if LAYER_OF[other] >= LAYER_OF[app]:
            found.append(f"{where} names {url} ({other} is on layer {LAYER_OF[other]}, {app} on {LAYER_OF[app]})")
    assert not found, "\n".join(found)


def test_the_check_sees_imports_inside_functions_and_relative_ones(tmp_path: Path) -> None:
    source = tmp_path / "views.py"
    source.write_text(
        "from . import forms\nfrom ..reports import rates\n\ndef f():\n    from mashangdu.api import views\n"
    )
    assert list(imported("mashangdu.appeals.views", source)) == [
        (1, "mashangdu.appeals"),
        (2, "mashangdu.reports"),
        (5, "mashangdu.api"),
    ]
