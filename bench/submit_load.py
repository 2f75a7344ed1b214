"""Benchmark: public submission and Open311 POST under load (issue 19), with /healthz as the baseline.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/msd_intake_bench .venv/bin/python bench/submit_load.py prepare
    DATABASE_URL=… .venv/bin/python bench/submit_load.py profile [--html var/bench/submit.html]
    DATABASE_URL=… .venv/bin/python bench/submit_load.py cpu [--runs 3] [--count 40]
    DATABASE_URL=… .venv/bin/python bench/submit_load.py load [--runs 3] [--seconds 15] [--connections 8]

`prepare` migrates, loads the demo county if the database has none (`demo_county`), adds appeals with COPY
up to --appeals (default 300,000) and makes an Open311 client whose key is written to var/bench/submit.json.

`profile` files submissions in this process through the whole middleware stack (Django's test client, the
production settings): queries per submission by kind (CaptureQueriesContext), the median wall time of 50, and
a pyinstrument profile of 20 (printed; --html writes it too).

`cpu` measures the CPU time per request in this process (the figure a loaded machine distorts least), with
/healthz's as the baseline and the statements each request runs.

`load` starts gunicorn (2 sync workers, production settings, persistent connections) and runs wrk from a
second process on loopback: per run, /healthz, the public form (bench/wrk/intake_submit.lua) and Open311 POST
(bench/wrk/intake_open311.lua), each for --seconds at --connections; the median of --runs of each is printed with
its ratio to /healthz's in the same run. The rows written are counted against wrk's responses: nothing lost
or duplicated. The public limits are per address and per number (INTAKE_IP_MAX, INTAKE_PHONE_MAX; the Lua
script varies both, as a campaign from many phones would) and are raised for the bench in the environment;
the Open311 client's posts_per_minute is raised on its row.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import ROOT, configure

LIMITS = {
    "INTAKE_IP_MAX": "1000000000",
    "INTAKE_PHONE_MAX": "1000000000",
    "ALLOWED_HOSTS": "localhost,127.0.0.1",
    "Q_SYNC": "0",  # jobs are queued in the ORM broker, run by a qcluster (not started here), as in production
}
configure("submit.sqlite3", **LIMITS)

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from mashangdu.appeals.models import Appeal, Category  # noqa: E402
from mashangdu.intake.models import PublicSubmission, QrCode, TargetKind  # noqa: E402
from mashangdu.open311.models import ApiClient, Open311Submission  # noqa: E402

STATE = ROOT / "var" / "bench" / "submit.json"
PORT = 8811
WRK = ROOT / "bench" / "wrk"


def add_appeals(target: int) -> None:
    from bench.rates import load  # COPY on PostgreSQL

    have = Appeal.objects.count()
    if have >= target:
        return
    import datetime as dt
    import random

    from mashangdu.appeals.models import Status
    from mashangdu.core.workcal import SHANGHAI

    rng = random.Random(19)
    start = dt.datetime(2024, 1, 1, tzinfo=SHANGHAI)
    seconds = 3 * 365 * 24 * 3600

    def rows() -> Any:
        for i in range(target - have):
            yield Appeal(
                tracking_no=f"MSDB{i:011d}",
                access_code_digest="",
                kind="help",
                channel="hotline",
                title="基准诉求",
                content="基准诉求内容",
                extra={},
                status=Status.CLOSED,
                submitted_at=start + dt.timedelta(seconds=rng.randrange(seconds)),
                is_anonymous=True,
            )

    load(Appeal, rows())
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def prepare(appeals: int) -> None:
    call_command("migrate", "--no-input", verbosity=0)
    call_command("createcachetable", verbosity=0)
    if not QrCode.objects.exists():
        call_command("demo_county", "--appeals", "500", verbosity=0)
    add_appeals(appeals)
    client = ApiClient.objects.filter(name="bench").first() or ApiClient(name="bench")
    key = client.new_key()
    client.posts_per_minute = 10**9  # the per-client limit would refuse a bench after 600 a minute
    client.save()
    qr = QrCode.objects.filter(kind=TargetKind.ENTERPRISE, is_active=True).order_by("pk").first()
    category = Category.objects.filter(is_active=True, parent__isnull=False, fields__isnull=True).order_by("pk")
    from mashangdu.open311 import service as svc

    service = svc.services().filter(fields__isnull=True).order_by("pk").first()
    assert qr is not None and service is not None
    state = {
        "path": f"/m/{qr.code}/new/problem/",
        "category": category.first().pk,  # type: ignore[union-attr]
        "api_key": key,
        "service_code": service.code,
    }
    STATE.write_text(json.dumps(state))
    print(f"{Appeal.objects.count():,} appeals; {state['path']}; service {service.code}")


def _state() -> dict[str, Any]:
    return json.loads(STATE.read_text())


def _form(state: dict[str, Any], n: int) -> dict[str, str]:
    return {
        "key": f"profile{time.time_ns()}{n}",
        "category": str(state["category"]),
        "content": "厂区南门外道路塌陷一个多月，货车经常陷入，影响企业原料进场，请尽快安排维修。",
        "address": "建设路18号南门",
        "requester_name": "张先生",
        "requester_phone": f"139{n:08d}",
        "consent": "on",
        "website": "",
    }


def _open311(state: dict[str, Any], n: int) -> dict[str, str]:
    return {
        "api_key": state["api_key"],
        "service_code": state["service_code"],
        "description": "建设路与人民路交口路灯不亮已一周，夜间通行不便，请尽快维修。",
        "address_string": "建设路与人民路交口",
        "last_name": "王",
        "first_name": "女士",
        "phone": f"138{n:08d}",
    }


def _client() -> Client:
    """A new anonymous browser (no cookies), on the host the production settings allow."""
    return Client(HTTP_HOST="localhost")


def _post(client: Client, what: str, state: dict[str, Any], n: int) -> None:
    headers = {"X-Forwarded-For": f"10.9.{n // 250 % 250}.{n % 250 + 1}"}
    if what == "form":
        response = client.post(state["path"], _form(state, n), secure=True, headers=headers)
        assert response.status_code == 302, response.status_code
    else:
        body = _open311(state, n)
        response = client.post(
            "/open311/v2/requests.json", body, secure=True, headers={"Idempotency-Key": f"p{time.time_ns()}{n}"}
        )
        assert response.status_code == 200, (response.status_code, response.content[:300])


def profile(html: str | None) -> None:
    state = _state()
    for what in ("form", "open311"):
        for n in range(5):  # warm the caches of the process
            _post(_client(), what, state, n)
        with CaptureQueriesContext(connection) as ctx:
            _post(_client(), what, state, 99)
        kinds: dict[str, int] = {}
        for q in ctx.captured_queries:
            word = q["sql"].split(None, 1)[0].upper()
            kinds[word] = kinds.get(word, 0) + 1
        print(f"\n## {what}: {len(ctx.captured_queries)} queries {kinds}")
        for q in ctx.captured_queries:
            print("   ", q["sql"][:160])
        times = []
        for n in range(100, 150):
            client = _client()
            started = time.perf_counter()
            _post(client, what, state, n)
            times.append(time.perf_counter() - started)
        print(f"   median of 50 in-process: {statistics.median(times) * 1000:.1f} ms")
        from pyinstrument import Profiler

        profiler = Profiler(interval=0.0005)
        profiler.start()
        for n in range(200, 220):
            _post(_client(), what, state, n)
        profiler.stop()
        print(profiler.output_text(unicode=True, color=False, show_all=False))
        if html:
            Path(f"{html}.{what}.html").write_text(profiler.output_html())


def cpu(runs: int, count: int) -> None:
    """CPU time per request in this process (time.process_time: what a loaded machine inflates least), for
    /healthz, the public form and Open311, each the median of `runs` batches of `count`; queries per request."""
    state = _state()

    def healthz(client: Client, what: str, state: dict[str, Any], n: int) -> None:
        assert client.get("/healthz", secure=True).status_code == 200

    cases: dict[str, Any] = {"healthz": healthz, "form": _post, "open311": _post}
    figures: dict[str, tuple[float, int]] = {}
    for what, call in cases.items():
        for n in range(5):
            call(_client(), what, state, n)
        statements: list[str] = []

        def counted(execute: Any, sql: str, params: Any, many: bool, context: Any, seen: list[str] = statements) -> Any:
            seen.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(counted):
            call(_client(), what, state, 7)
        batches = []
        for run in range(runs):
            started = time.process_time()
            for n in range(count):
                call(_client(), what, state, 1000 + run * count + n)
            batches.append((time.process_time() - started) / count)
        figures[what] = (statistics.median(batches), len(statements))
    base = figures["healthz"][0]
    print(f"load average {os.getloadavg()[0]:.1f}; median of {runs} batches of {count}")
    print("| request | CPU per request | × /healthz | SQL statements |")
    print("|---|---|---|---|")
    for what, (seconds, queries) in figures.items():
        print(f"| {what} | {seconds * 1000:.1f} ms | {seconds / base:.1f} | {queries} |")


def _wrk(args: list[str]) -> dict[str, float]:
    out = subprocess.run(["wrk", *args], capture_output=True, text=True, check=True).stdout  # noqa: S603, S607
    found: dict[str, float] = {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))}  # type: ignore[union-attr]
    found["requests"] = float(re.search(r"(\d+) requests in", out).group(1))  # type: ignore[union-attr]
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = re.search(r"Socket errors: .*", out)
    found["bad"] = float(bad.group(1)) if bad else 0.0
    if errors:
        print("   wrk:", errors.group(0))
    for pct in ("50", "99"):
        m = re.search(rf"^\s+{pct}%\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
        assert m is not None, out
        scale = {"us": 0.001, "ms": 1.0, "s": 1000.0}[m.group(2)]
        found[f"p{pct}"] = float(m.group(1)) * scale
    return found


def load(runs: int, seconds: int, connections: int) -> None:
    state = _state()
    for script in ("intake_submit.lua", "intake_open311.lua"):
        if not (WRK / script).exists():  # wrk would run without it: plain GETs, measured as if they were POSTs
            raise SystemExit(f"missing {WRK / script}")
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "mashangdu.settings"}
    server = subprocess.Popen(  # noqa: S603
        [
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            "mashangdu.wsgi",
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--log-level",
            "warning",
            "--no-control-socket",  # gunicorn 27's socket is one path per user: not taken from a server beside
        ],
        cwd=ROOT,
        env=env,
    )
    url = f"http://127.0.0.1:{PORT}"
    common = ["-t2", f"-c{connections}", f"-d{seconds}s", "--latency"]
    results: dict[str, list[dict[str, float]]] = {"healthz": [], "form": [], "open311": []}
    try:
        time.sleep(4)
        _wrk(["-t1", "-c2", "-d2s", "--latency", "-H", "X-Forwarded-Proto: https", f"{url}/healthz"])  # warm up
        for run in range(runs):
            results["healthz"].append(_wrk([*common, "-H", "X-Forwarded-Proto: https", f"{url}/healthz"]))
            before = PublicSubmission.objects.filter(appeal__isnull=False).count()
            form = _wrk(
                [*common, "-s", str(WRK / "intake_submit.lua"), url, "--", state["path"], str(state["category"])]
            )
            form["rows"] = PublicSubmission.objects.filter(appeal__isnull=False).count() - before
            results["form"].append(form)
            before = Open311Submission.objects.count()
            o311 = _wrk(
                [*common, "-s", str(WRK / "intake_open311.lua"), url, "--", state["api_key"], state["service_code"]]
            )
            o311["rows"] = Open311Submission.objects.count() - before
            results["open311"].append(o311)
            print(f"run {run + 1}: " + "; ".join(f"{k} {v[-1]}" for k, v in results.items()))
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    base = statistics.median(r["rps"] for r in results["healthz"])
    print(
        f"\nmachine: {platform.machine()}, {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}, "
        f"Python {platform.python_version()}, {connection.vendor}; {Appeal.objects.count():,} appeals; "
        f"{connections} connections, {seconds} s, median of {runs}"
    )
    print("| what | req/s | p50 | p99 | of /healthz | lost or extra rows |")
    print("|---|---|---|---|---|---|")
    labels = {
        "healthz": "`/healthz`",
        "form": "public submission (mobile form POST, no photo)",
        "open311": "Open311 `POST requests.json`",
    }
    for name, rows in results.items():
        rps = statistics.median(r["rps"] for r in rows)
        p50 = statistics.median(r["p50"] for r in rows)
        p99 = statistics.median(r["p99"] for r in rows)
        # wrk stops mid-request at the end: a request sent but not counted may still have filed (at most one
        # per connection), so the rows may exceed the answered requests by up to --connections.
        gaps = [int(r.get("rows", r["requests"]) - (r["requests"] - r["bad"])) for r in rows]
        bad = sum(int(r["bad"]) for r in rows)
        print(
            f"| {labels[name]} | {rps:,.0f} | {p50:.1f} ms | {p99:.1f} ms | {rps / base:.1%} | "
            f"{gaps if name != 'healthz' else '—'}{f', {bad} errors' if bad else ''} |"
        )


def main() -> None:
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("prepare")
    p.add_argument("--appeals", type=int, default=300_000)
    p = sub.add_parser("profile")
    p.add_argument("--html")
    p = sub.add_parser("cpu")
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--count", type=int, default=40)
    p = sub.add_parser("load")
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--seconds", type=int, default=15)
    p.add_argument("--connections", type=int, default=8)
    args = parser.parse_args()
    if args.command == "prepare":
        prepare(args.appeals)
    elif args.command == "profile":
        profile(args.html)
    elif args.command == "cpu":
        cpu(args.runs, args.count)
    else:
        load(args.runs, args.seconds, args.connections)


if __name__ == "__main__":
    main()
