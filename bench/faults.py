"""The fault run (issue 14 §3, docs/reliability.md): public submissions under faults, then the counts.

    .venv/bin/python bench/faults.py [--clients 4] [--seconds 90] [--enterprises 300]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/msd_faults_bench .venv/bin/python bench/faults.py

Run by hand as root (it restarts PostgreSQL with `pg_ctlcluster 15 main restart`; `--no-pg-restart` skips
that), never in `make test`. It recreates its own database (the default above; never point it at real data),
starts gunicorn (2 sync workers) and the two job workers (quick and long queue) on loopback, with
auto-dispatch on and a rule that routes every submission, and drives `--clients` threads that each file
submissions for `--seconds`, retrying with the same idempotency key until answered. Meanwhile it kills a
gunicorn worker every 12 s, restarts PostgreSQL, SIGKILLs the quick worker's process group, and SIGKILLs the
long worker's group in the middle of an export and in the middle of the poster batch, restarting each
worker. Afterwards it waits for the sweeps and prints sent, answered, stored, lost, duplicated, unrouted,
jobs done / failed / re-run, and the recovery times.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import http.cookiejar
import os
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import ROOT

PORT = 8765
BASE = f"http://127.0.0.1:{PORT}"
DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/msd_faults_bench"
ENV = {
    "DJANGO_SETTINGS_MODULE": "mashangdu.settings",
    "DEBUG": "0",
    "SECRET_KEY": "bench-only-" + "f" * 50,
    "PERSONAL_DATA_KEY": "bench-only-personal-data-key-" + "f" * 20,
    "ALLOWED_HOSTS": "127.0.0.1,localhost",
    "SECURE_SSL_REDIRECT": "0",
    "BEHIND_TLS_PROXY": "0",
    "SESSION_COOKIE_SECURE": "0",
    "CSRF_COOKIE_SECURE": "0",
    "STATIC_MANIFEST": "0",
    "Q_SYNC": "0",
    "Q_WORKERS": "2",
    "Q_LONG_WORKERS": "1",
    "INTAKE_IP_MAX": "1000000",
    "NOTIFICATION_BACKENDS": "inbox",
    "MSD_VAR_DIR": str(ROOT / "var" / "bench" / "faults"),
}
T0 = time.monotonic()
KILLED: dict[int, dt.datetime] = {}  # job id -> when its worker was killed


def log(message: str) -> None:
    print(f"[{time.monotonic() - T0:7.1f}s] {message}", flush=True)


def manage(*args: str) -> list[str]:
    return [sys.executable, str(ROOT / "manage.py"), *args]


class Service:
    """A process in its own process group, stopped (or killed) as a group."""

    def __init__(self, name: str, command: list[str], env: dict[str, str]) -> None:
        self.name, self.command, self.env = name, command, env
        self.process: subprocess.Popen[bytes] | None = None
        self.logfile = open(Path(env["MSD_VAR_DIR"]) / f"{name}.log", "ab")  # noqa: SIM115

    def start(self) -> None:
        self.process = subprocess.Popen(  # noqa: S603
            self.command, env=self.env, cwd=ROOT, start_new_session=True, stdout=self.logfile, stderr=self.logfile
        )

    def kill_group(self) -> None:
        """The crash: SIGKILL to every process of the group."""
        assert self.process is not None
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()

    def stop(self) -> None:
        """What systemd's KillMode=mixed does: SIGTERM to the main process, SIGKILL to the group 30 s later."""
        assert self.process is not None
        self.process.terminate()
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(timeout=30)
        self.kill_group()

    def children(self) -> list[int]:
        assert self.process is not None
        path = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(p) for p in path.read_text().split()] if path.exists() else []


@dataclass
class Tally:
    sent: set[str] = field(default_factory=set)
    answered: dict[str, str] = field(default_factory=dict)  # key -> tracking number
    attempts: int = 0
    failures: int = 0
    gaps: list[tuple[float, float]] = field(default_factory=list)  # (when, seconds without an answer)
    lock: threading.Lock = field(default_factory=threading.Lock)


class LoopbackPolicy(http.cookiejar.DefaultCookiePolicy):
    """Production settings mark the cookies Secure; on loopback there is no TLS, so send them anyway."""

    def return_ok_secure(self, cookie: http.cookiejar.Cookie, request: urllib.request.Request) -> bool:
        return True


def client(township: int, until: float, tally: Tally, number: int) -> None:
    """One citizen's phone: submissions one after another, each retried with its key until answered."""
    jar = http.cookiejar.CookieJar(policy=LoopbackPolicy())

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args: object, **kwargs: object) -> None:
            return None

    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect)
    token = ""
    last_ok = time.monotonic()
    while time.monotonic() < until:
        key = f"fault-{number}-{uuid.uuid4().hex}"
        with tally.lock:
            tally.sent.add(key)
        for _ in range(200):  # a client keeps retrying; the loop ends long before this
            try:
                if not token:
                    page = opener.open(f"{BASE}/m/new/problem/", timeout=10).read().decode()
                    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
                data = urllib.parse.urlencode(
                    {
                        "csrfmiddlewaretoken": token,
                        "key": key,
                        "content": f"路灯不亮，第{number}号客户端报告。",
                        "township": township,
                        "address": "人民路",
                        "is_anonymous": "on",
                        "consent": "on",
                    }
                ).encode()
                request = urllib.request.Request(  # noqa: S310 - loopback http
                    f"{BASE}/m/new/problem/", data=data, headers={"Referer": BASE}
                )
                with tally.lock:
                    tally.attempts += 1
                try:
                    opener.open(request, timeout=10)
                    status, location = 200, ""
                except urllib.error.HTTPError as answer:
                    status, location = answer.code, answer.headers.get("Location", "")
                if status == 302 and "/m/done/" in location:
                    now = time.monotonic()
                    with tally.lock:
                        tally.answered[key] = location.rstrip("/").rsplit("/", 1)[-1]
                        if now - last_ok > 2:
                            tally.gaps.append((now - T0, now - last_ok))
                    last_ok = now
                    break
                if status == 403:
                    token = ""  # a new CSRF cookie after a restart
            except (urllib.error.URLError, OSError, AttributeError):
                token = ""
            with tally.lock:
                tally.failures += 1
            time.sleep(0.5)


def prepare(database_url: str, enterprises: int) -> tuple[int, int]:
    """A fresh database with a county, a rule routing everything, auto-dispatch on, enterprises with codes.
    Returns (township id, dispatcher id)."""
    parts = urllib.parse.urlsplit(database_url)
    name = parts.path.lstrip("/")
    assert name.startswith("msd_faults"), "the fault run drops its database: give it one named msd_faults*"
    admin = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
    subprocess.run(["psql", admin, "-qc", f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"], check=True)  # noqa: S603, S607
    subprocess.run(["psql", admin, "-qc", f"CREATE DATABASE {name}"], check=True)  # noqa: S603, S607
    for command in (("migrate", "-v0"), ("createcachetable",)):
        subprocess.run(manage(*command), env=os.environ.copy(), cwd=ROOT, check=True)  # noqa: S603
    import django

    django.setup()
    from mashangdu.core.models import Role, RoleGrant, Unit, UnitKind, User
    from mashangdu.enterprises.models import Enterprise, Industry, Scale
    from mashangdu.intake.models import TargetKind
    from mashangdu.intake.services.codes import qr_batch_create
    from mashangdu.routing.models import RoutingRule, RoutingSettings

    county = Unit.objects.create(name="故障县", kind=UnitKind.COUNTY, admin_code="130998")
    township = Unit.objects.create(name="城关镇", kind=UnitKind.TOWNSHIP, parent=county, admin_code="130998100")
    bureau = Unit.objects.create(name="县住房和城乡建设局", kind=UnitKind.DEPARTMENT, parent=county)
    centre = Unit.objects.create(name="县营商环境服务中心", kind=UnitKind.SERVICE_CENTRE, parent=county)
    user = User.objects.create_user(username="dispatcher", password="x", full_name="调度", unit=centre)  # noqa: S106
    RoleGrant.objects.create(user=user, role=Role.DISPATCHER)
    RoutingSettings.objects.create(auto_dispatch=True)
    RoutingRule.objects.create(name="路灯归住建局", pattern="路灯", unit=bureau, priority=10)
    Enterprise.objects.bulk_create(
        Enterprise(
            uscc=f"91130998MA{i:07d}X",
            name=f"故障县第{i}机械厂",
            industry=Industry.C,
            scale=Scale.SMALL,
            township=township,
        )
        for i in range(enterprises)
    )
    qr_batch_create(by=user, kind=TargetKind.ENTERPRISE)
    return township.pk, user.pk


def wait_for_status(job_id: int, statuses: tuple[str, ...], patience: float) -> str:
    from django.db import close_old_connections

    from mashangdu.core.models import Job

    deadline = time.monotonic() + patience
    while time.monotonic() < deadline:
        with contextlib.suppress(Exception):  # PostgreSQL may be restarting
            close_old_connections()
            status = Job.objects.filter(pk=job_id).values_list("status", flat=True).first()
            if status in statuses:
                return status
        time.sleep(0.05)
    return "timeout"


def kill_worker_mid_job(long: Service, kind: str, params: dict[str, object], by: int, events: list[str]) -> int:
    """Start a job, SIGKILL the long worker's group once the job is running, restart the worker after 3 s."""
    from django.db import connection

    from mashangdu.core.jobs import job_start
    from mashangdu.core.models import User

    connection.close()  # PostgreSQL may have restarted since this process last used its connection
    job = job_start(kind=kind, title=f"故障测试 {kind}", params=params, by=User.objects.get(pk=by))
    status = wait_for_status(job.pk, ("running", "done", "failed"), 60)
    long.kill_group()
    KILLED[job.pk] = dt.datetime.now(dt.UTC)
    events.append(f"{time.monotonic() - T0:.1f}s: long worker SIGKILLed with job {job.pk} ({kind}) {status}")
    log(events[-1])
    time.sleep(3)
    long.start()
    return job.pk


def faults(args: argparse.Namespace, web: Service, quick: Service, long: Service, user: int) -> list[str]:
    """The faults, in order, while the clients run."""
    events: list[str] = []
    start = time.monotonic()

    def at(second: float) -> None:
        time.sleep(max(0.0, start + second - time.monotonic()))

    at(8)
    kill_worker_mid_job(long, "appeals.export", {"query": ""}, user, events)
    kills = 0
    for second in range(12, int(args.seconds) - 5, 12):
        at(second)
        workers = web.children()
        if workers:
            victim = workers[kills % len(workers)]
            os.kill(victim, signal.SIGKILL)
            kills += 1
            events.append(f"{time.monotonic() - T0:.1f}s: gunicorn worker {victim} SIGKILLed")
            log(events[-1])
        if second == 36 and not args.no_pg_restart:
            began = time.monotonic()
            subprocess.run(["pg_ctlcluster", "15", "main", "restart"], check=True)  # noqa: S607
            events.append(f"{time.monotonic() - T0:.1f}s: PostgreSQL restarted ({time.monotonic() - began:.1f}s)")
            log(events[-1])
        if second == 48:
            quick.kill_group()
            events.append(f"{time.monotonic() - T0:.1f}s: quick worker SIGKILLed (group), restarted after 3 s")
            log(events[-1])
            time.sleep(3)
            quick.start()
        if second == 60:
            kill_worker_mid_job(long, "intake.posters", {"size": "A4", "base_url": BASE + "/"}, user, events)
    return events


def report(tally: Tally, events: list[str], load_seconds: float, settle_seconds: float) -> None:
    from django.db import close_old_connections
    from django.db.models import Count

    from mashangdu.appeals.models import Appeal, Status
    from mashangdu.core.models import Event, Job
    from mashangdu.intake.models import PublicSubmission
    from mashangdu.routing.models import AutoDispatch

    close_old_connections()
    stored = dict(
        PublicSubmission.objects.filter(key__startswith="fault-", appeal__isnull=False).values_list(
            "key", "appeal__tracking_no"
        )
    )
    lost = [k for k, no in tally.answered.items() if stored.get(k) != no]
    appeals = Appeal.objects.count()
    unrouted = Appeal.objects.filter(status=Status.SUBMITTED).count()
    created = dict(Appeal.objects.values_list("pk", "submitted_at"))
    delays = sorted(
        (at - created[target]).total_seconds()
        for target, at in Event.objects.filter(verb="appeal.dispatched").values_list("target_id", "created_at")
        if target in created
    )
    outcomes = dict(AutoDispatch.objects.values_list("outcome").annotate(n=Count("pk")))
    requeued = AutoDispatch.objects.filter(attempts__gt=1).count()
    jobs = list(Job.objects.order_by("pk").values("pk", "kind", "status", "attempts", "created_at", "finished_at"))
    gaps = sorted(tally.gaps, key=lambda g: -g[1])[:6]
    print("\n## Fault run")
    print(f"load: {load_seconds:.0f} s; settle (sweeps, jobs): {settle_seconds:.0f} s")
    print(f"sent: {len(tally.sent)}  answered: {len(tally.answered)}  stored: {len(stored)}  lost: {len(lost)}")
    print(
        f"appeals: {appeals}  duplicated (appeals beyond stored submissions): {appeals - len(stored) - len(jobs) * 0}"
    )
    print(f"requests: {tally.attempts}  failed attempts (retried): {tally.failures}")
    print(f"unrouted after the sweep: {unrouted}  auto-dispatch outcomes: {outcomes}  queued again: {requeued}")
    if delays:
        p = delays[int(len(delays) * 0.99) - 1] if len(delays) > 1 else delays[0]
        print(f"dispatch after filing: median {delays[len(delays) // 2]:.1f} s, p99 {p:.1f} s, max {delays[-1]:.1f} s")
    for job in jobs:
        end = job["finished_at"]
        took = f"{(end - job['created_at']).total_seconds():.0f} s" if end else "-"
        since = f"{(end - KILLED[job['pk']]).total_seconds():.0f} s" if end and job["pk"] in KILLED else "-"
        print(
            f"job {job['pk']} {job['kind']}: {job['status']}, runs {job['attempts']}, "
            f"queued→finished {took}, worker killed→finished {since}"
        )
    print("longest waits of a client for an answer: " + ", ".join(f"{s:.1f} s at {w:.0f} s" for w, s in gaps))
    print("faults:\n  " + "\n  ".join(events))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=90)
    parser.add_argument("--enterprises", type=int, default=300)
    parser.add_argument("--settle", type=float, default=300, help="most seconds to wait for jobs and sweeps")
    parser.add_argument("--no-pg-restart", action="store_true")
    args = parser.parse_args()
    os.environ.update(ENV)
    os.environ.setdefault("DATABASE_URL", DEFAULT_DB)
    Path(ENV["MSD_VAR_DIR"]).mkdir(parents=True, exist_ok=True)
    township, user = prepare(os.environ["DATABASE_URL"], args.enterprises)
    env = os.environ.copy()
    web = Service(
        "gunicorn",
        [
            str(ROOT / ".venv/bin/gunicorn"),
            "mashangdu.wsgi:application",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--workers",
            "2",
            "--graceful-timeout",
            "5",
            "--no-control-socket",  # gunicorn 27's socket is one path per user: not taken from a server beside
        ],
        env,
    )
    quick = Service("worker-quick", manage("qcluster"), env)
    long = Service("worker-long", manage("qcluster"), {**env, "Q_CLUSTER_NAME": "mashangdu-long"})
    for service in (web, quick, long):
        service.start()
    time.sleep(4)
    log(f"load: {args.clients} clients for {args.seconds:.0f} s")
    tally = Tally()
    until = time.monotonic() + args.seconds
    threads = [threading.Thread(target=client, args=(township, until, tally, n)) for n in range(args.clients)]
    for thread in threads:
        thread.start()
    started = time.monotonic()
    try:
        events = faults(args, web, quick, long, user)
    except BaseException:
        for service in (web, quick, long):
            service.kill_group()
        raise
    for thread in threads:
        thread.join()
    load_seconds = time.monotonic() - started
    log("load over; waiting for auto-dispatch and the jobs")
    settle = time.monotonic()
    from django.db import close_old_connections

    from mashangdu.appeals.models import Appeal, Status
    from mashangdu.core.models import Job

    while time.monotonic() - settle < args.settle:
        with contextlib.suppress(Exception):
            close_old_connections()
            if (
                not Appeal.objects.filter(status=Status.SUBMITTED).exists()
                and not Job.objects.filter(status__in=("queued", "running")).exists()
            ):
                break
        time.sleep(2)
    settle_seconds = time.monotonic() - settle
    for service in (web, quick, long):
        service.stop()
    report(tally, events, load_seconds, settle_seconds)


if __name__ == "__main__":
    main()
