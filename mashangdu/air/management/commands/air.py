"""`python manage.py air import FILE [--format national-hourly|long|daily] [--station NAME] [--verify] [--json]
[--dry-run]` (issue 17, decision 0035)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from mashangdu.air.aqi import POLLUTANT_NAMES
from mashangdu.air.imports import FORMATS, FileError, Verification, read
from mashangdu.air.services import prepare, store_import

INPUT_NAMES = {**POLLUTANT_NAMES, "pm25_24h": "PM2.5_24h", "pm10_24h": "PM10_24h", "o3_8h": "O3_8h", "o3_1h": "O3_1h"}
SHOWN_ERRORS = 30


def _inputs(values: dict[str, float | None]) -> str:
    shown = [f"{INPUT_NAMES.get(k, k)}={'—' if v is None else f'{v:g}'}" for k, v in values.items()]
    return " ".join(shown)


class Command(BaseCommand):
    help = "Import an air-quality file (national hourly, long format or daily), optionally verifying published AQIs."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser("import", help="import a file of readings")
        imp.add_argument("file")
        imp.add_argument("--format", choices=sorted(FORMATS), help="guessed from the header when omitted")
        imp.add_argument("--station", help="the station of a daily file (default: the file's name)")
        imp.add_argument("--verify", action="store_true", help="compare published AQIs with the computed ones")
        imp.add_argument("--json", action="store_true", help="print one JSON object as the last line")
        imp.add_argument("--dry-run", action="store_true", help="check and assess, save nothing")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"文件不存在：{path}")
        try:
            parsed = read(path.read_bytes(), options["format"], station=options["station"], filename=path.name)
        except FileError as exc:
            raise CommandError(str(exc)) from None
        summary: dict[str, object] = {"format": parsed.format, "errors": len(parsed.errors), "skipped": parsed.skipped}
        for error in parsed.errors[:SHOWN_ERRORS]:
            self.stderr.write(str(error))
        if len(parsed.errors) > SHOWN_ERRORS:
            self.stderr.write(f"…… 另有 {len(parsed.errors) - SHOWN_ERRORS} 处错误")
        assessed = prepare(parsed)
        imported = None
        if parsed.ok and not options["dry_run"]:
            imported = store_import(parsed, assessed)
        summary |= {
            "imported": imported.imported if imported else 0,
            "hourly": imported.hourly if imported else 0,
            "daily": imported.daily if imported else 0,
            "stations_created": imported.stations_created if imported else [],
            "rows": len(parsed.hourly) + len(parsed.daily),
        }
        if imported:
            self.stdout.write(
                f"imported {imported.hourly} hourly readings and {imported.daily} daily reports "
                f"({len(imported.stations_created)} new stations), skipped {parsed.skipped}"
            )
        elif parsed.ok:
            self.stdout.write(f"dry run: {summary['rows']} rows checked, nothing saved; skipped {parsed.skipped}")
        else:
            self.stdout.write(f"{len(parsed.errors)} errors: nothing imported")
        if options["verify"]:
            self._verify(assessed.verification)
            summary |= assessed.verification.as_dict()
        if options["json"]:
            self.stdout.write(json.dumps(summary, ensure_ascii=False, default=str))
        if not parsed.ok:
            raise CommandError("文件有错误，未导入任何内容。")

    def _verify(self, check: Verification) -> None:
        if not check.compared and not check.uncomputable:
            self.stdout.write("verify: no row carries a published AQI")
            return
        self.stdout.write(
            f"verify: {check.compared} compared; exact {check.exact} ({check.share(check.exact):.1%}), "
            f"within 1 {check.within_1} ({check.share(check.within_1):.1%}), "
            f"within 2 {check.within_2} ({check.share(check.within_2):.1%}); "
            f"{check.uncomputable} published without any pollutant to compute from"
        )
        for case in check.worst:
            gap = "—" if case.difference is None else f"{case.difference:+d}"
            self.stdout.write(
                f"  {case.station} {case.when}: published {case.published}, computed {case.computed} ({gap}); "
                f"{_inputs(case.inputs)}"
            )
