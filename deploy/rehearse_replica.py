"""The Python half of deploy/rehearse-replica.sh: seed the rehearsal database, and talk HTTP to the app servers.

    python deploy/rehearse_replica.py seed                      # DATABASE_URL = the primary; prints a session key
    python deploy/rehearse_replica.py get URL SESSION TEXT      # a staff page: 200 and TEXT on it
    python deploy/rehearse_replica.py submit FORM_BASE POST_BASE   # a public submission; prints the tracking number

Requests are sent as nginx would forward them (X-Forwarded-Proto: https), with cookies carried by hand: the
production settings mark them Secure, which an HTTP client would otherwise keep from plain-HTTP loopback.
"""

from __future__ import annotations

import http.client
import os
import re
import sys
from pathlib import Path
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parents[1]


def seed() -> None:
    """A county with a township and two departments, a county leader, and a logged-in session for them."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mashangdu.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from mashangdu.core.models import Role, RoleGrant, Unit, UnitKind, User

    county = Unit.objects.create(name="演练县", kind=UnitKind.COUNTY, admin_code="130998")
    Unit.objects.create(name="城关镇", kind=UnitKind.TOWNSHIP, parent=county, admin_code="130998100")
    for name, short in (("县住房和城乡建设局", "住建局"), ("县自然资源和规划局", "自然资源局")):
        Unit.objects.create(name=name, short_name=short, kind=UnitKind.DEPARTMENT, parent=county)
    Unit.objects.create(name="县营商环境服务中心", kind=UnitKind.SERVICE_CENTRE, parent=county)
    leader = User.objects.create_user(username="rehearsal_leader", full_name="演练领导", unit=county)
    RoleGrant.objects.create(user=leader, role=Role.LEADER)
    session = SessionStore()
    session[SESSION_KEY] = str(leader.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[-1]
    session[HASH_SESSION_KEY] = leader.get_session_auth_hash()
    session.create()
    print(session.session_key)


def _request(
    url: str, *, method: str = "GET", cookies: dict[str, str], body: str | None = None, referer: str = ""
) -> tuple[int, dict[str, str], str]:
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.netloc, timeout=30)
    headers = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "127.0.0.1"}
    if cookies:
        headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
    if body is not None:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    if referer:
        headers["Referer"] = referer
    connection.request(method, parts.path + (f"?{parts.query}" if parts.query else ""), body=body, headers=headers)
    response = connection.getresponse()
    text = response.read().decode("utf-8", "replace")
    for name, value in response.getheaders():
        if name.lower() == "set-cookie":
            key, _, rest = value.partition("=")
            cookies[key.strip()] = rest.split(";", 1)[0]
    found = {name.lower(): value for name, value in response.getheaders()}
    connection.close()
    return response.status, found, text


def get(url: str, session: str, text: str) -> None:
    status, _, page = _request(url, cookies={"sessionid": session})
    if status != 200 or text not in page:
        sys.exit(f"GET {url}: {status}, {'with' if text in page else 'without'} {text!r}")
    print(f"GET {url} -> {status}, shows {text!r}")


def _field(page: str, name: str) -> str:
    found = re.search(rf'name="{name}" value="([^"]*)"', page) or re.search(rf'value="([^"]*)" name="{name}"', page)
    if not found:
        sys.exit(f"the form has no field {name}")
    return found.group(1)


def submit(form_base: str, post_base: str) -> None:
    """Open the public form on one app server and send it to the other: sessions and CSRF are shared."""
    cookies: dict[str, str] = {}
    status, _, page = _request(f"{form_base}/m/new/problem/", cookies=cookies)
    if status != 200:
        sys.exit(f"GET the public form: {status}")
    township = re.search(r'<select name="township"[^>]*>.*?<option value="(\d+)"', page, re.S)
    data = {
        "csrfmiddlewaretoken": _field(page, "csrfmiddlewaretoken"),
        "key": _field(page, "key"),
        "content": "演练：厂区门前道路塌陷，大货车无法通行，请尽快处理。",
        "requester_name": "张三",
        "requester_phone": "13912345678",
        "consent": "on",
        "address": "厂区南门",
        **({"township": township.group(1)} if township else {}),
    }
    url = f"{post_base}/m/new/problem/"
    status, headers, page = _request(
        url, method="POST", cookies=cookies, body=urlencode(data), referer=url.replace("http://", "https://")
    )
    done = re.search(r"/m/done/([^/]+)/", headers.get("location", ""))
    if status != 302 or not done:
        sys.exit(f"POST the public form: {status} {headers.get('location', '')} {page[:300]}")
    print(done.group(1))


if __name__ == "__main__":
    command, *args = sys.argv[1:] or [""]
    if command == "seed":
        seed()
    elif command == "get" and len(args) == 3:
        get(*args)
    elif command == "submit" and len(args) == 2:
        submit(*args)
    else:
        sys.exit(__doc__)
