"""The apps are joined by direct calls, registries and one signal, not by dotted paths (decision 0021)."""

from __future__ import annotations

import ast
import inspect
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps as global_apps
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.operations.special import RunPython
from django.utils.module_loading import import_string
from django_q.models import Schedule

from mashangdu import settings as project_settings
from mashangdu.core import jobs

PACKAGE = Path(__file__).resolve().parent.parent / "mashangdu"

# Modules that may still import by name, each with its reason. Empty: nothing needs it.
IMPORT_BY_NAME_ALLOWED: dict[str, str] = {}

# Settings that hold our own dotted paths because Django or a third-party package reads them that way.
THIRD_PARTY_PATH_SETTINGS = {
    "INSTALLED_APPS",
    "MIDDLEWARE",
    "ROOT_URLCONF",
    "WSGI_APPLICATION",
    "TEMPLATES",  # context processors
    "AUTHENTICATION_BACKENDS",
    "AUTH_PASSWORD_VALIDATORS",
    "AXES_HANDLER",
    "AXES_USERNAME_CALLABLE",
    "AXES_CLIENT_IP_CALLABLE",
    "AXES_FAILURE_LIMIT",
    "AXES_COOLOFF_TIME",
    "AXES_LOCKOUT_CALLABLE",
    "AXES_CLIENT_STR_CALLABLE",
    "REST_FRAMEWORK",  # authentication, parsers, renderers, exception handler
    "SPECTACULAR_SETTINGS",  # enum names
    "LOGGING",  # the phone-masking filter
    "DATABASE_ROUTERS",  # the read-replica router (core/replicas.py, decision 0043)
    "FORM_RENDERER",  # the select renderer (core/formrender.py, decision 0050)
}


def source_modules() -> Iterator[tuple[str, ast.Module]]:
    """Every module of the project but tests and migrations, parsed."""
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE.parent)
        if "tests" in relative.parts or "migrations" in relative.parts:
            continue
        yield str(relative), ast.parse(path.read_text(encoding="utf-8"), filename=str(relative))


def calls(tree: ast.Module, name: str) -> Iterator[ast.Call]:
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            called = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
            if called == name:
                yield node


def test_no_module_imports_code_by_its_dotted_path() -> None:
    found = [
        f"{module}:{call.lineno} {name}(…)"
        for module, tree in source_modules()
        if module not in IMPORT_BY_NAME_ALLOWED
        for name in ("import_string", "import_module", "__import__")
        for call in calls(tree, name)
    ]
    assert not found, "wire the apps with direct calls, a registry or a signal (decision 0021):\n" + "\n".join(found)


def test_background_tasks_are_queued_with_the_function_not_its_name() -> None:
    found = [
        f"{module}:{call.lineno}"
        for module, tree in source_modules()
        for call in calls(tree, "async_task")
        if call.args and isinstance(call.args[0], ast.Constant)
    ]
    assert not found, "pass the function itself to async_task:\n" + "\n".join(found)


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list | tuple | set | frozenset):
        for item in value:
            yield from _strings(item)


def test_our_dotted_paths_in_settings_are_only_those_third_parties_read() -> None:
    wiring = sorted(
        name
        for name, value in vars(project_settings).items()
        if name.isupper()
        and name not in THIRD_PARTY_PATH_SETTINGS
        and any(text.startswith("mashangdu.") for text in _strings(value))
    )
    assert not wiring, f"settings that wire our own code by name: {wiring}"


def test_every_job_started_in_the_code_has_a_runner() -> None:
    kinds = {
        (module, str(keyword.value.value))
        for module, tree in source_modules()
        for call in calls(tree, "job_start")
        for keyword in call.keywords
        if keyword.arg == "kind" and isinstance(keyword.value, ast.Constant)
    }
    assert kinds, "no job_start(kind=…) found: the test no longer reads the code"
    assert not [f"{module}: {kind}" for module, kind in kinds if kind not in jobs._runners]


def test_each_job_kind_is_run_by_the_app_it_is_named_after() -> None:
    labels = {"keytasks": "tasks"}  # package → app label where they differ (decision 0020)
    wrong = []
    for kind, run in jobs._runners.items():
        package = inspect.getmodule(run).__name__.split(".")[1]  # type: ignore[union-attr]
        if kind.split(".")[0] != labels.get(package, package):
            wrong.append(f"{kind} → {run.__module__}.{run.__name__}")
    assert not wrong


def _replay_schedule_migrations() -> None:
    """Write the schedules again as the migrations do, in migration order, when a transactional test run
    earlier in this process has emptied the tables (a flush keeps the schema, not the data migrations' rows)."""
    loader = MigrationLoader(connection)
    plan: list[tuple[str, str]] = []
    for leaf in loader.graph.leaf_nodes():
        plan += [node for node in loader.graph.forwards_plan(leaf) if node not in plan]
    for node in plan:
        for operation in loader.graph.nodes[node].operations:
            if isinstance(operation, RunPython) and "Schedule" in inspect.getsource(operation.code):
                operation.code(global_apps, None)  # type: ignore[arg-type]  # the live registry answers get_model too


@pytest.mark.django_db
def test_every_schedule_the_migrations_create_names_a_callable() -> None:
    """django-q stores a schedule's function by its dotted path, in rows the migrations create: a moved or
    renamed function leaves the schedule failing at run time, in the worker, where nobody sees it."""
    if not Schedule.objects.exists():
        _replay_schedule_migrations()
    schedules = list(Schedule.objects.all())
    assert schedules, "the migrated database has no schedule: the test no longer checks anything"
    broken = []
    for schedule in schedules:
        try:
            ok = callable(import_string(schedule.func))
        except ImportError:
            ok = False
        if not ok:
            broken.append(f"{schedule.name}: {schedule.func}")
    assert not broken, "schedules whose function cannot be imported:\n" + "\n".join(broken)
