"""What a member of the public's browser has proved on the public pages: the appeals it filed (the result page
may show again), and those it may follow (by access code, or by phone for the progress only; decision 0016).

Kept in a signed cookie, not in the session: an anonymous filing then writes no session row (issue 19: every
public submission used to create one, and nothing cleared them) and costs no session query. The cookie holds
tracking numbers, which its holder was shown anyway; it is signed with SECRET_KEY (it cannot be forged or
extended), limited to the public pages' path, HttpOnly, and expires like a session (SESSION_COOKIE_AGE).
"""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.core import signing
from django.http import HttpRequest, HttpResponse

COOKIE = "msd_public"
SALT = "mashangdu.intake.pass"
PATH = "/m/"
KEPT = 20  # tracking numbers per list: the latest ones

DONE = "done"  # filed by this browser: the result page shows again
TRACKED = "tracked"  # proved by the access code or the phone
BY_CODE = "by_code"  # of those, proved by the access code (or filed here): the text, the reply, the evaluation
LISTS = (DONE, TRACKED, BY_CODE)


def _read(request: HttpRequest) -> dict[str, list[str]]:
    cached = getattr(request, "_public_pass", None)
    if cached is not None:
        return cached
    found: dict[str, list[str]] = {name: [] for name in LISTS}
    try:
        raw: Any = json.loads(
            request.get_signed_cookie(COOKIE, salt=SALT, max_age=settings.SESSION_COOKIE_AGE)  # type: ignore[arg-type]
        )
    except (KeyError, signing.BadSignature, ValueError):
        raw = {}
    if isinstance(raw, dict):
        for name in LISTS:
            values = raw.get(name)
            if isinstance(values, list):
                found[name] = [v for v in values if isinstance(v, str)][-KEPT:]
    request._public_pass = found  # type: ignore[attr-defined]
    return found


def holds(request: HttpRequest, name: str, tracking_no: str) -> bool:
    return tracking_no in _read(request)[name]


def remember(request: HttpRequest, response: HttpResponse, tracking_no: str, *names: str) -> HttpResponse:
    """Add `tracking_no` to the lists `names` and set the cookie on `response` (returned)."""
    current = _read(request)
    for name in names:
        kept = [t for t in current[name] if t != tracking_no][-(KEPT - 1) :]
        current[name] = [*kept, tracking_no]
    response.set_signed_cookie(
        COOKIE,
        json.dumps(current, separators=(",", ":")),
        salt=SALT,
        max_age=settings.SESSION_COOKIE_AGE,
        path=PATH,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
    return response
