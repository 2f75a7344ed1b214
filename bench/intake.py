"""Benchmark: public intake — the batch poster job for 3,000 enterprises, and photo re-encoding.

    .venv/bin/python bench/intake.py [--enterprises 3000] [--runs 3]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/msd_bench .venv/bin/python bench/intake.py

The poster job runs the way it does in production: queued by `job_start`, picked up by a real
`manage.py qcluster` worker process started here. Measured per run: wall time from queueing to the file,
and the worker's peak resident memory (VmHWM of the qcluster processes, read from /proc).
Baseline in the same run: rendering one chunk of 100 posters in this process, scaled to the batch size.

Photo re-encoding: a 4000×3000 JPEG (12 MP, a phone photo) through `reencode`, median of 5; baseline in
the same run: decoding it alone.
"""

from __future__ import annotations

import argparse
import io
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import ROOT, configure, median

configure("intake.sqlite3", MEDIA_ROOT=str(ROOT / "var" / "bench" / "media"), Q_SYNC="0", Q_WORKERS="1")

from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from PIL import Image  # noqa: E402

from mashangdu.appeals.images import reencode  # noqa: E402
from mashangdu.core.jobs import job_start  # noqa: E402
from mashangdu.core.models import Job, Role, RoleGrant, Unit, UnitKind, User  # noqa: E402
from mashangdu.enterprises.models import Enterprise, Industry, Scale  # noqa: E402
from mashangdu.intake.models import QrCode, TargetKind  # noqa: E402
from mashangdu.intake.posters import CHUNK, render_pdf  # noqa: E402
from mashangdu.intake.services.codes import qr_batch_create  # noqa: E402


def build(n: int) -> User:
    call_command("flush", "--no-input", verbosity=0)
    county = Unit.objects.create(name="基准县", kind=UnitKind.COUNTY, admin_code="130999")
    townships = [
        Unit.objects.create(name=f"第{i}镇", kind=UnitKind.TOWNSHIP, parent=county, admin_code=f"130999{i:03d}")
        for i in range(1, 16)
    ]
    Enterprise.objects.bulk_create(
        [
            Enterprise(
                uscc=f"91130999MA{i:07d}X",
                name=f"基准县恒达铸造机械有限公司第{i}分厂",
                industry=Industry.C,
                scale=Scale.SMALL,
                township=townships[i % 15],
            )
            for i in range(n)
        ],
        batch_size=1000,
    )
    user = User.objects.create_user(username="bench", password="x", full_name="基准", unit=county)  # noqa: S106
    RoleGrant.objects.create(user=user, role=Role.DISPATCHER)
    qr_batch_create(by=user, kind=TargetKind.ENTERPRISE)
    return user


def descendants(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        for task in Path(f"/proc/{current}/task").glob("*"):
            children = (task / "children").read_text().split() if (task / "children").exists() else []
            todo += [int(c) for c in children]
    return found


def peak_kib(pids: list[int]) -> int:
    peak = 0
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    peak = max(peak, int(line.split()[1]))
        except FileNotFoundError:
            continue
    return peak


def poster_job(user: User, size: str) -> tuple[float, int, int]:
    """(seconds from queueing to done, peak worker memory in KiB, file bytes) for one batch job."""
    worker = subprocess.Popen(  # noqa: S603
        [sys.executable, str(ROOT / "manage.py"), "qcluster"],
        env=os.environ.copy(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        time.sleep(3)  # the cluster forks its worker, monitor and pusher
        started = time.perf_counter()
        with transaction.atomic():
            job = job_start(
                kind="intake.posters",
                title="bench",
                params={"size": size, "base_url": "https://msd.example.gov.cn/"},
                by=user,
            )
        peak = 0
        while True:
            time.sleep(0.5)
            peak = max(peak, peak_kib(descendants(worker.pid)))
            job.refresh_from_db()
            if job.status in (Job.Status.DONE, Job.Status.FAILED):
                break
        elapsed = time.perf_counter() - started
        if job.status != Job.Status.DONE:
            raise SystemExit(f"job failed: {job.message}")
        peak = max(peak, peak_kib(descendants(worker.pid)))
        return elapsed, peak, job.file.size
    finally:
        worker.terminate()
        worker.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--enterprises", type=int, default=3000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--size", default="A4")
    args = parser.parse_args()
    (ROOT / "var" / "bench").mkdir(parents=True, exist_ok=True)
    call_command("migrate", "--no-input", verbosity=0)
    user = build(args.enterprises)
    codes = QrCode.objects.count()

    chunk = list(QrCode.objects.order_by("pk")[:CHUNK])
    one_chunk = median(lambda: render_pdf(chunk, size=args.size, base_url="https://msd.example.gov.cn/"), runs=3)
    scaled = one_chunk * codes / len(chunk)

    runs = [poster_job(user, args.size) for _ in range(args.runs)]
    seconds = statistics.median(r[0] for r in runs)
    memory = statistics.median(r[1] for r in runs) / 1024
    size_mb = runs[-1][2] / 1e6

    photo = io.BytesIO()
    Image.effect_noise((4000, 3000), 60).convert("RGB").save(photo, "JPEG", quality=92)
    raw = photo.getvalue()
    encode = median(lambda: reencode(SimpleUploadedFile("p.jpg", raw), "image/jpeg"))

    def decode() -> None:
        with Image.open(io.BytesIO(raw)) as picture:
            picture.load()

    decode_only = median(decode)

    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{connection.vendor}; {codes:,} enterprise codes, {args.size}"
    )
    print("| measure | median | baseline (same run) | ratio |")
    print("|---|---|---|---|")
    print(
        f"| batch poster job, {codes:,} posters, queued → file by a qcluster worker (of {args.runs}) | "
        f"{seconds:.1f} s, peak worker RSS {memory:.0f} MiB, PDF {size_mb:.1f} MB | "
        f"one chunk of {len(chunk)} rendered in-process × {codes // len(chunk)}: {scaled:.1f} s | "
        f"{seconds / scaled:.2f} |"
    )
    print(
        f"| re-encode a 12 MP phone JPEG ({len(raw) / 1e6:.1f} MB) (of 5) | {encode * 1000:.0f} ms | "
        f"decode only {decode_only * 1000:.0f} ms | {encode / decode_only:.1f} |"
    )


if __name__ == "__main__":
    main()
