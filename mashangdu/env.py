"""Small validating readers for environment variables.

Every reader names the variable in its error, so a bad deployment fails at start-up with a message
an operator can act on, never later with a stack trace from deep inside Django.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


class EnvError(ImproperlyConfigured):
    """A missing or invalid environment variable; the message names it."""


def _raw(name: str, environ: Mapping[str, str] | None) -> str | None:
    value = (environ if environ is not None else os.environ).get(name)
    return None if value is None else value.strip()


def env_str(name: str, default: str | None = None, *, environ: Mapping[str, str] | None = None) -> str:
    value = _raw(name, environ)
    if value is None or value == "":
        if default is None:
            raise EnvError(f"Environment variable {name} is required but not set.")
        return default
    return value


def env_bool(name: str, default: bool, *, environ: Mapping[str, str] | None = None) -> bool:
    value = _raw(name, environ)
    if value is None:
        return default
    lowered = value.lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise EnvError(f"Environment variable {name} must be one of 1/0, true/false, yes/no, on/off; got {value!r}.")


def env_int(name: str, default: int, *, minimum: int | None = None, environ: Mapping[str, str] | None = None) -> int:
    value = _raw(name, environ)
    if value is None or value == "":
        return default
    try:
        number = int(value)
    except ValueError:
        raise EnvError(f"Environment variable {name} must be an integer; got {value!r}.") from None
    if minimum is not None and number < minimum:
        raise EnvError(f"Environment variable {name} must be at least {minimum}; got {number}.")
    return number


def env_list(name: str, default: list[str], *, environ: Mapping[str, str] | None = None) -> list[str]:
    value = _raw(name, environ)
    if value is None:
        return list(default)
    return [item.strip() for item in value.split(",") if item.strip()]


def env_choices(
    name: str, default: list[str], choices: set[str], *, environ: Mapping[str, str] | None = None
) -> list[str]:
    items = env_list(name, default, environ=environ)
    unknown = [item for item in items if item not in choices]
    if unknown:
        raise EnvError(
            f"Environment variable {name} has unknown value(s) {', '.join(unknown)}; "
            f"allowed: {', '.join(sorted(choices))}."
        )
    return items


def env_origins(name: str, *, environ: Mapping[str, str] | None = None) -> list[str]:
    origins = env_list(name, [], environ=environ)
    for origin in origins:
        parts = urlsplit(origin)
        if parts.scheme not in {"http", "https"} or not parts.netloc:
            raise EnvError(
                f"Environment variable {name} must list origins such as https://example.gov.cn; got {origin!r}."
            )
    return origins


def env_url(name: str, default: str = "", *, environ: Mapping[str, str] | None = None) -> str:
    value = _raw(name, environ) or default
    if value:
        parts = urlsplit(value)
        if parts.scheme not in {"http", "https"} or not parts.netloc:
            raise EnvError(f"Environment variable {name} must be an http(s) URL; got a value that is not.")
    return value


def env_database(name: str, default: str, *, environ: Mapping[str, str] | None = None) -> dict[str, Any]:
    """Parse a database URL; only SQLite and PostgreSQL are supported (see docs/decisions/0001-stack.md)."""
    value = _raw(name, environ) or default
    scheme = urlsplit(value).scheme
    if scheme not in {"sqlite", "postgres", "postgresql", "pgsql"}:
        raise EnvError(f"Environment variable {name} must be a sqlite:/// or postgres:// URL; got scheme {scheme!r}.")
    try:
        config: dict[str, Any] = dict(dj_database_url.parse(value))
    except ValueError:
        raise EnvError(f"Environment variable {name} is not a valid database URL.") from None
    return config
