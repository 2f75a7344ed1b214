"""Benchmark: classifying and importing a 10,000-row national automatic-station export (issue 17, decision 0036).

    [DATABASE_URL=postgres://postgres@127.0.0.1:5432/msd_water_bench] .venv/bin/python bench/water.py \
        [--rows 10000] [--runs 3]

The export is generated: hourly readings of one station (about 14 months), the usual headers with units in
brackets of both widths and 溶氧量, Excel serials in the .xlsx and text times in the .csv, 2% of rows under
maintenance (skipped), some "--" and "<0.01" cells. Reported, median of `--runs`, each against a baseline in
the same run that only reads the file (csv.reader and float() on every cell; openpyxl's rows):
- classify: the dry run (`read_samples`: headers matched, every cell parsed, every row classified);
- import: the dry run and `samples_save` into an empty table (bulk upsert, then the months assessed);
- re-import: the same file again (every row an update, no duplicates).
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import datetime as dt
import functools
import io
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import configure

configure("water.sqlite3")

from django.core.management import call_command  # noqa: E402

from mashangdu.core.exports import read_xlsx_rows  # noqa: E402
from mashangdu.core.models import Unit, UnitKind  # noqa: E402
from mashangdu.water.imports import read_samples  # noqa: E402
from mashangdu.water.models import Breach, Level, Sample, Section, WaterBody  # noqa: E402
from mashangdu.water.services import samples_save  # noqa: E402

HEADERS = ["监测时间", "水质类别", "水温(℃)", "pH(无量纲)", "溶氧量（mg/L）", "电导率（μS/cm）", "浊度(NTU)",
           "高锰酸盐指数 (mg/L)", "氨氮（mg/L）", "总磷(mg/L)", "总氮（mg/L）", "站点情况"]  # fmt: skip
CLASSES = ["Ⅰ", "Ⅱ", "Ⅲ", "Ⅳ", "Ⅴ", "劣Ⅴ"]


def rows(count: int) -> list[list[object]]:
    rng = random.Random(17)
    start = dt.datetime(2025, 9, 1)  # noqa: DTZ001 - wall-clock Shanghai time, as the export writes it
    out: list[list[object]] = []
    for i in range(count):
        at = start + dt.timedelta(hours=i)
        status = "维护" if rng.random() < 0.02 else "正常"
        nh3n = round(rng.lognormvariate(-0.9, 0.6), 3)
        tp = "<0.01" if rng.random() < 0.01 else round(rng.lognormvariate(-2.0, 0.5), 3)
        do = "--" if rng.random() < 0.01 else round(rng.uniform(3.5, 10), 2)
        published = CLASSES[rng.randrange(1, 5)]
        serial = (at - dt.datetime(1899, 12, 30)).total_seconds() / 86400  # noqa: DTZ001
        out.append([serial, published, round(rng.uniform(2, 28), 1), round(rng.uniform(6.8, 8.6), 2), do,
                    round(rng.uniform(300, 900)), round(rng.uniform(2, 60), 1), round(rng.uniform(1.5, 9), 1),
                    nh3n, tp, round(rng.uniform(1, 6), 2), status])  # fmt: skip
    return out


def as_csv(data: list[list[object]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADERS)
    for row in data:
        at = dt.datetime(1899, 12, 30) + dt.timedelta(days=float(str(row[0])))  # noqa: DTZ001
        writer.writerow([f"{at:%Y-%m-%d %H:%M}", *row[1:]])
    return buffer.getvalue().encode("utf-8-sig")


def as_xlsx(data: list[list[object]]) -> bytes:
    import openpyxl

    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("数据")
    sheet.append(HEADERS)
    for row in data:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def bare_csv(content: bytes) -> None:
    for row in csv.reader(io.StringIO(content.decode("utf-8-sig"))):
        for cell in row[2:11]:
            with contextlib.suppress(ValueError):
                float(cell)


def timed(fn: Callable[[], object], runs: int, before: Callable[[], object] | None = None) -> list[float]:
    times = []
    for _ in range(runs):
        if before:
            before()
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    call_command("migrate", "--no-input", verbosity=0)
    Breach.objects.all().delete()
    Sample.objects.all().delete()
    county, _ = Unit.objects.get_or_create(name="基准县", defaults={"kind": UnitKind.COUNTY})
    town, _ = Unit.objects.get_or_create(name="基准镇", defaults={"kind": UnitKind.TOWNSHIP, "parent": county})
    river, _ = WaterBody.objects.get_or_create(name="基准河")
    section, _ = Section.objects.get_or_create(
        code="BENCH01",
        defaults={"name": "自动站", "water_body": river, "township": town, "level": Level.NATIONAL, "target_class": 6},
    )  # target 劣Ⅴ: no month is a breach, so no key task (and no unit duty) is needed
    data = rows(args.rows)
    files = {"csv": as_csv(data), "xlsx": as_xlsx(data)}
    sizes = ", ".join(f"{kind} {len(content) // 1024} KB" for kind, content in files.items())
    print(f"{args.rows} rows; median of {args.runs} runs; {sizes}")

    def empty() -> None:
        Sample.objects.all().delete()

    for kind, content in files.items():
        name = f"export.{kind}"
        baseline = timed(functools.partial(bare_csv if kind == "csv" else read_xlsx_rows, content), args.runs)
        classify = timed(functools.partial(read_samples, content, name, section=section), args.runs)

        def load(c: bytes = content, n: str = name) -> None:
            preview = read_samples(c, n, section=section)
            assert preview.ok, preview.errors[:3]
            samples_save(preview.rows, source="auto", by=None)

        fresh = timed(load, args.runs, before=empty)
        again = timed(load, args.runs)
        base = statistics.median(baseline)
        for label, times in (("read only (baseline)", baseline), ("classify (dry run)", classify),
                             ("import into an empty table", fresh), ("re-import (all updates)", again)):  # fmt: skip
            med = statistics.median(times)
            print(f"{kind:4} {label:28} {med * 1000:9.0f} ms  ({med / base:5.1f}× baseline)  runs: "
                  + ", ".join(f"{t * 1000:.0f}" for t in times))  # fmt: skip
        print(f"     samples stored: {Sample.objects.count()}")


if __name__ == "__main__":
    main()
