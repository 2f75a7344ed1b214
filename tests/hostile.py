"""The hostile-parameter walk (issue 14 §1): find which query and form parameters a view reads, then send
each of them hostile values and collect every answer of 500 or more.

Discovery: during a normal request (the authorisation matrix's sample of the route), every key looked up on
any QueryDict — request.GET, request.POST, DRF's query_params, the copies a view makes — is recorded, by
`get`, `[]`, `getlist` or `in`. A view that reads a parameter thus gets it fuzzed without being listed
anywhere; a view that reads one only on some path (`"confirm" in request.POST`, then `pick`) has the keys
it reads on the hostile requests recorded too, and fuzzed in a further round.

Hostile values are kept URL-encoded, so that a lone surrogate can be sent as the bytes it would be in
UTF-8 (%ED%A0%80), which no str can be encoded into."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, quote, urlencode

from django.db import transaction
from django.http import QueryDict
from django.test import Client

# name → URL-encoded value. Each is a way a hand-made URL or form broke a view before (issue 14 §1).
HOSTILE: dict[str, str] = {
    "date far ahead": "9999-12-31",
    "date far back": "0001-01-01",
    "datetime past the end in UTC": quote("9999-12-31T23:59:59-14:00"),
    "datetime before the start in UTC": quote("0001-01-01T00:00:00+14:00"),
    "20 digits": "9" * 20,
    "below the 64-bit range": "-9223372036854775809",
    "not a number": "abc",
    "NaN": "NaN",
    "Infinity": "-Infinity",
    "1e999999": "1e999999",
    "control characters and NUL": quote("a\x00b\x01\x1b\x7f"),
    "10,000 characters": "x" * 10_000,
    "lone surrogate": "%ED%A0%80",
    "RTL and zero-width marks": quote("\u202e12\u200f\u200b"),
    "full-width digits": quote("１２３"),
    "superscript digits": quote("²³"),
}
# A shorter list for the URL's own path segments (ids, codes, formats).
HOSTILE_IN_PATH: dict[str, str] = {
    "20 digits": "9" * 20,
    "not a number": "abc",
    "lone surrogate": "%ED%A0%80",
    "control characters": "a%00b%1b",
    "full-width digits": quote("１２"),
    "superscript digits": quote("²"),
    "1,000 characters": "x" * 1000,
}
# Django's admin site is the same code for every model: a few of the values there, all of them elsewhere.
HOSTILE_FOR_ADMIN = {
    name: HOSTILE[name] for name in ("date far ahead", "20 digits", "1e999999", "10,000 characters", "lone surrogate")
}
PROBE = "_walk_probe"
IGNORED = {"csrfmiddlewaretoken", PROBE}  # read by the CSRF middleware, which the test client does not enforce


# ---------------------------------------------------------------------------------- recording reads

_reads: list[set[str]] = []


def _record(key: object) -> None:
    if _reads and isinstance(key, str):
        _reads[-1].add(key)


@contextmanager
def recording() -> Iterator[set[str]]:
    """Every key looked up on any QueryDict inside the block, by name."""
    originals = {name: getattr(QueryDict, name) for name in ("__getitem__", "_getlist", "__contains__")}

    def getitem(self: QueryDict, key: str) -> Any:
        _record(key)
        return originals["__getitem__"](self, key)

    def getlist(self: QueryDict, key: str, *args: Any, **kwargs: Any) -> Any:
        _record(key)
        return originals["_getlist"](self, key, *args, **kwargs)

    def contains(self: QueryDict, key: object) -> bool:
        _record(key)
        return bool(originals["__contains__"](self, key))

    found: set[str] = set()
    _reads.append(found)
    QueryDict.__getitem__ = getitem  # type: ignore[method-assign,assignment]
    QueryDict._getlist = getlist  # type: ignore[attr-defined]
    QueryDict.__contains__ = contains  # type: ignore[method-assign,assignment]
    try:
        yield found
    finally:
        _reads.pop()
        for name, original in originals.items():
            setattr(QueryDict, name, original)


# ---------------------------------------------------------------------------------- requests


@dataclass(frozen=True)
class Sample:
    """A request that works (the authorisation matrix's case): its method, path, query and body."""

    method: str
    path: str
    query: tuple[tuple[str, str], ...] = ()
    data: tuple[tuple[str, str], ...] = ()  # a form body, or a JSON object's fields
    json: bool = False

    @classmethod
    def of(cls, method: str, url: str, data: dict[str, Any] | None = None, *, json: bool = False) -> Sample:
        path, _, query = url.partition("?")
        body = tuple((str(k), str(v)) for k, v in (data or {}).items())
        return cls(method, path, tuple(parse_qsl(query, keep_blank_values=True)), body, json)

    def params(self) -> tuple[tuple[str, str], ...]:
        return self.data if self.method == "post" else self.query


def _encoded(pairs: tuple[tuple[str, str], ...], name: str | None, value: str | None) -> str:
    """The pairs URL-encoded, with `name` set to the already-encoded `value` (added when absent)."""
    parts = [urlencode([(k, v)]) for k, v in pairs if k != name]
    if name is not None and value is not None:
        parts.append(f"{quote(name)}={value}")
    return "&".join(parts)


@dataclass
class Answer:
    status: int
    reads: set[str] = field(default_factory=set)


def send(client: Client, sample: Sample, name: str | None = None, value: str | None = None) -> Answer:
    """Send `sample` (with parameter `name` set to the URL-encoded `value`) in a savepoint rolled back after,
    recording the parameters the view reads."""
    with transaction.atomic(), recording() as reads:
        if sample.method == "get":
            query = _encoded(sample.query, name, value)
            response = client.get(f"{sample.path}?{query}" if query else sample.path)
        elif sample.json:
            body = dict(sample.data)
            if name is not None and value is not None:
                body[name] = _json_value(value)
            url = f"{sample.path}?{_encoded(sample.query, None, None)}" if sample.query else sample.path
            response = client.post(url, json.dumps(body), content_type="application/json")
        else:
            body_text = _encoded(sample.data, name, value)
            response = client.post(sample.path, body_text, content_type="application/x-www-form-urlencoded")
        transaction.set_rollback(True)
    return Answer(response.status_code, reads - IGNORED)


def _json_value(encoded: str) -> str:
    """The JSON string for a URL-encoded hostile value; invalid UTF-8 (a lone surrogate) as its code point."""
    from urllib.parse import unquote

    return unquote(encoded, errors="surrogateescape").replace("\udced\udca0\udc80", "\ud800")


@dataclass(frozen=True)
class Failure:
    persona: str
    method: str
    where: str  # "parameter date_to", "path segment 42"
    value: str
    status: int

    def __str__(self) -> str:
        return f"{self.persona}: {self.method.upper()} {self.where} = {self.value} → {self.status}"


def walk_parameters(
    persona: str,
    client_for: Callable[[], Client],
    sample: Sample,
    *,
    also: set[str] = frozenset(),  # type: ignore[assignment]
    skip: set[str] = frozenset(),  # type: ignore[assignment]
    rounds: int = 3,
    fresh: bool = False,
    values: dict[str, str] | None = None,
    discover: bool = True,
) -> tuple[list[Failure], set[str]]:
    """Every parameter the view reads for this persona (and those in `also`), each sent with every hostile
    value; the answers of 500 and more, and the parameters found. Keys first read on a hostile request are
    fuzzed in the next round (up to `rounds`); those in `skip` (fuzzed already as another persona) are not.
    `fresh`: a new client for each request (the sample ends the session, as a logout does). `values`: the
    hostile values to send (default HOSTILE). Without `discover`, only the parameters in `also`."""
    shared = client_for()

    def client() -> Client:
        return client_for() if fresh else shared

    # A probe parameter binds the forms and filtersets that stay unbound without any (`Form(request.GET or
    # None)`), so that they read, and reveal, their fields.
    first = send(client(), sample, PROBE, "1") if not sample.json else send(client(), sample)
    failures = [Failure(persona, sample.method, "the sample request itself", "", first.status)]
    failures = failures if first.status >= 500 else []
    done: set[str] = set(skip)
    todo = (set(first.reads) | {k for k, _ in sample.params()} if discover else set()) | set(also)
    for _ in range(rounds):
        found: set[str] = set()
        for name in sorted(todo - done):
            for label, value in (values or HOSTILE).items():
                answer = send(client(), sample, name, value)
                found |= answer.reads
                if answer.status >= 500:
                    failures.append(Failure(persona, sample.method, f"parameter {name}", label, answer.status))
            done.add(name)
        todo = found - done if discover else set()
        if not todo:
            break
    return failures, done - set(skip)


def walk_path(persona: str, client: Client, template: str, fill: dict[str, object], method: str) -> list[Failure]:
    """`template` ("/appeals/{a}/attachments/{att_a}/") with each of its placeholders in turn replaced by
    every hostile path value, the others filled from `fill`."""
    import string

    failures = []
    names = [n for _, n, _, _ in string.Formatter().parse(template) if n]
    for name in dict.fromkeys(names):
        for label, value in HOSTILE_IN_PATH.items():
            url = template.format(**(fill | {name: value})).split("?")[0]
            with transaction.atomic():
                response = client.get(url) if method == "get" else client.post(url)
                transaction.set_rollback(True)
            if response.status_code >= 500:
                failures.append(Failure(persona, method, f"path segment {{{name}}}", label, response.status_code))
    return failures
