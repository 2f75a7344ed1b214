"""Benchmark: what five oversized photos cost the server before they are refused.

    .venv/bin/python bench/uploads.py [--runs 3]

Five PNGs of 7,400×8,000 px (59.2 MP, a flat picture: each file is small, well under the 10 MB limit)
go one by one through `check_attachments`, what every upload of a submission, a reply or a progress
report passes. Measured: the wall time of the five, median of `--runs`; and whether they were refused.
Baseline in the same run: five 12 MP phone JPEGs (accepted, re-encoded).
"""

from __future__ import annotations

import argparse
import io
import os
import platform
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import configure, median

configure("uploads.sqlite3")

from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from PIL import Image  # noqa: E402

from mashangdu.appeals.validation import check_attachments  # noqa: E402
from mashangdu.core.errors import DomainError  # noqa: E402


def flat_png(width: int, height: int) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (90, 140, 60)).save(out, "PNG")
    return out.getvalue()


def phone_jpeg() -> bytes:
    out = io.BytesIO()
    Image.effect_noise((4000, 3000), 60).convert("RGB").save(out, "JPEG", quality=92)
    return out.getvalue()


def five(content: bytes, name: str) -> tuple[float, int]:
    """(seconds for five uploads, how many were refused)."""
    refused = 0
    started = time.perf_counter()
    for i in range(5):
        try:
            check_attachments([SimpleUploadedFile(f"{i}{name}", content)])
        except DomainError:
            refused += 1
    return time.perf_counter() - started, refused


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    big, photo = flat_png(7400, 8000), phone_jpeg()
    outcome: dict[str, int] = {}

    def run_big() -> None:
        outcome["big"] = five(big, ".png")[1]

    def run_photo() -> None:
        outcome["photo"] = five(photo, ".jpg")[1]

    big_time = median(run_big, runs=args.runs)
    photo_time = median(run_photo, runs=args.runs)
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print("| measure | median | baseline (same run) |")
    print("|---|---|---|")
    print(
        f"| 5 PNGs of 7,400×8,000 px ({len(big) / 1e3:.0f} KB each) through check_attachments "
        f"(of {args.runs}) | {big_time * 1000:.1f} ms, {outcome['big']} of 5 refused | "
        f"5 phone JPEGs of 12 MP ({len(photo) / 1e6:.1f} MB): {photo_time:.2f} s, {outcome['photo']} refused |"
    )


if __name__ == "__main__":
    main()
