"""Settings come from the environment; bad values stop start-up with a message naming the variable."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from mashangdu.env import (
    EnvError,
    env_bool,
    env_choices,
    env_database,
    env_int,
    env_origins,
    env_str,
    env_url,
)

ROOT = Path(__file__).resolve().parents[3]
PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "f3kL9x-2mQ8wZr7Tq1Vb6Nc4Yh0Jp5Sd8Ga3Ue9Io2Kl7Mn4Bv1Cx6Zq0Wr5Ty8",
    "ALLOWED_HOSTS": "msd.example.gov.cn",
    "CSRF_TRUSTED_ORIGINS": "https://msd.example.gov.cn",
    "PERSONAL_DATA_KEY": "Zq8-personal-data-key-for-the-deploy-check-7Hn2",
}


def manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    # Only what a process needs to run: the test settings have filled os.environ with test values.
    clean = {k: os.environ[k] for k in ("PATH", "HOME", "LANG", "TMPDIR") if k in os.environ}
    return subprocess.run(  # noqa: S603 - our own manage.py
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "mashangdu.settings", **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_check_deploy_with_production_values_prints_no_warning() -> None:
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout
    assert "WARNING" not in result.stderr


def test_production_refuses_to_start_without_a_secret_key() -> None:
    env = {k: v for k, v in PRODUCTION.items() if k != "SECRET_KEY"}
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_refuses_to_start_without_a_personal_data_key() -> None:
    env = {k: v for k, v in PRODUCTION.items() if k != "PERSONAL_DATA_KEY"}
    result = manage("check", env=env)
    assert result.returncode != 0 and "PERSONAL_DATA_KEY" in result.stderr


def test_production_refuses_a_short_secret_key() -> None:
    result = manage("check", env={**PRODUCTION, "SECRET_KEY": "short"})
    assert result.returncode != 0 and "SECRET_KEY" in result.stderr


def test_an_invalid_variable_is_named_at_start_up() -> None:
    result = manage("check", env={**PRODUCTION, "DATABASE_URL": "mysql://root@localhost/x"})
    assert result.returncode != 0 and "DATABASE_URL" in result.stderr
    result = manage("check", env={**PRODUCTION, "EMAIL_PORT": "twenty-five"})
    assert result.returncode != 0 and "EMAIL_PORT" in result.stderr


def test_debug_gives_a_development_key() -> None:
    result = manage("check", env={"DEBUG": "1"})
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    ("call", "name"),
    [
        (lambda e: env_str("X_REQUIRED", environ=e), "X_REQUIRED"),
        (lambda e: env_bool("X_BOOL", False, environ=e), "X_BOOL"),
        (lambda e: env_int("X_INT", 1, environ=e), "X_INT"),
        (lambda e: env_int("X_SMALL", 1, minimum=5, environ=e), "X_SMALL"),
        (lambda e: env_choices("X_CHOICE", [], {"a"}, environ=e), "X_CHOICE"),
        (lambda e: env_origins("X_ORIGINS", environ=e), "X_ORIGINS"),
        (lambda e: env_url("X_URL", environ=e), "X_URL"),
        (lambda e: env_database("X_DB", "sqlite:///x", environ=e), "X_DB"),
    ],
)
def test_each_helper_names_the_variable(call, name: str) -> None:
    bad = {
        "X_BOOL": "perhaps",
        "X_INT": "ten",
        "X_SMALL": "2",
        "X_CHOICE": "b",
        "X_ORIGINS": "example.com",
        "X_URL": "ftp://x",
        "X_DB": "oracle://x",
    }
    with pytest.raises(EnvError, match=name):
        call(bad)


def test_helpers_parse_good_values() -> None:
    env = {"B": "yes", "I": "8", "L": "a, b,,c", "D": "postgres://postgres@127.0.0.1:5432/msd"}
    assert env_bool("B", False, environ=env) is True
    assert env_int("I", 1, environ=env) == 8
    assert env_choices("L", [], {"a", "b", "c"}, environ=env) == ["a", "b", "c"]
    assert env_database("D", "", environ=env)["NAME"] == "msd"
    assert env_str("MISSING", "default", environ=env) == "default"


@pytest.mark.parametrize("moment", ["08:30:00", "12:00:05", "14:00:00", "17:29:55"])
def test_office_hours_defaults_raise_no_check_warning_at_any_time_of_day(moment: str) -> None:
    """`check --deploy` failed in CI at 14:00:00 UTC: Django warns (fields.W161) about a fixed time
    default within ten seconds of that time of day."""
    import datetime as dt

    import time_machine

    from mashangdu.core.models import OfficeHours

    with time_machine.travel(dt.datetime.fromisoformat(f"2026-12-01T{moment}+00:00"), tick=False):
        warnings = [w.id for f in OfficeHours._meta.get_fields() if hasattr(f, "check") for w in f.check()]
    assert "fields.W161" not in warnings
