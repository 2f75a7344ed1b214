"""Benchmark: the public Open311 feed at its cap (1,000 requests) with the personal-data detector.

    .venv/bin/python bench/open311.py [--rows 1000] [--runs 5]

GET /open311/v2/requests.json through Django's test client (the whole view, the queryset, the rendering)
with production settings; every row has a requester (encrypted name and phone) and a 200-character text
with phone numbers, an ID number and an e-mail in it. Baseline in the same run: the same request with
`Appeal.public_text` reduced to the control-character cleaning alone (no detector, no decryption).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import configure, median

configure("open311.sqlite3")

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from mashangdu.appeals.models import Appeal, Category, Channel, Kind, access_code_digest  # noqa: E402
from mashangdu.core.crypto import blind_index  # noqa: E402
from mashangdu.core.text import clean_text  # noqa: E402

TEXT = (
    "我是李建华，厂区南门外道路塌陷一个多月，2026-11-29 14:30 又有货车陷入，面积约 120 平方米。"
    "请联系手机 138-1234-5678 或座机 0317 12345678，身份证 130102199003071233，"
    "邮箱 wang.wu@example.com，肇事车冀A·12345，损失约 13,800 元。"
)


def build(rows: int) -> None:
    Appeal.objects.filter(tracking_no__startswith="MSDBENCH").delete()
    top, _ = Category.objects.get_or_create(code="bench-urban", defaults={"name": "城乡建设"})
    roads, _ = Category.objects.get_or_create(code="bench-roads", defaults={"name": "道路维修", "parent": top})
    now = timezone.now()
    Appeal.objects.bulk_create(
        [
            Appeal(
                tracking_no=f"MSDBENCH{i:06d}",
                access_code_digest=access_code_digest("ABCD2345"),
                kind=Kind.HELP,
                channel=Channel.OPEN311,
                title="道路塌陷",
                content=TEXT,
                address="建设路 18 号 李建华家门口",
                category=roads,
                requester_name="李建华",
                requester_phone="13912345678",
                requester_phone_index=blind_index("13912345678"),
                submitted_at=now - dt.timedelta(minutes=i),
            )
            for i in range(rows)
        ],
        batch_size=500,
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    call_command("migrate", "--no-input", verbosity=0)
    build(args.rows)
    client = Client(HTTP_HOST="localhost")

    def feed() -> None:
        response = client.get("/open311/v2/requests.json", secure=True)
        assert response.status_code == 200 and response.content.count(b"service_request_id") == args.rows

    with_detector = median(feed, runs=args.runs)
    body = client.get("/open311/v2/requests.json", secure=True).content.decode()
    assert "138-1234-5678" not in body and "李建华" not in body
    redacting = Appeal.public_text
    Appeal.public_text = lambda self, text: clean_text(text or "")  # type: ignore[method-assign]
    try:
        without = median(feed, runs=args.runs)
    finally:
        Appeal.public_text = redacting  # type: ignore[method-assign]
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{connection.vendor}; {args.rows:,} rows of {len(TEXT)} characters"
    )
    print("| measure | median | baseline (same run) | ratio |")
    print("|---|---|---|---|")
    print(
        f"| GET requests.json, {args.rows:,} requests, detector on (of {args.runs}) | {with_detector * 1000:.0f} ms "
        f"| cleaning only: {without * 1000:.0f} ms | {with_detector / without:.2f} |"
    )


if __name__ == "__main__":
    main()
