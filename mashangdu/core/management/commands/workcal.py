from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from mashangdu.core.services.workcal import (
    workcal_export_csv,
    workcal_import_year,
    workcal_parse_import,
    workcal_seed_from_package,
)


class Command(BaseCommand):
    help = "Working calendar: seed from chinesecalendar, export a year as CSV, import a year from CSV/XLSX."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        seed = sub.add_parser("seed", help="load 2004–2026 from the package for years not yet entered")
        seed.add_argument("--force", action="store_true", help="reload years already entered too")
        export = sub.add_parser("export", help="print every day of a year: date,is_workday,name")
        export.add_argument("--year", type=int, required=True)
        imp = sub.add_parser("import", help="replace a year's schedule from a CSV or XLSX file")
        imp.add_argument("file", type=Path)
        imp.add_argument("--year", type=int, required=True)

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "seed":
            years = workcal_seed_from_package(force=options["force"])
            self.stdout.write(f"seeded {len(years)} year(s)" + (f": {years[0]}–{years[-1]}" if years else ""))
        elif action == "export":
            self.stdout.write(workcal_export_csv(year=options["year"]), ending="")
        elif action == "import":
            path: Path = options["file"]
            if not path.is_file():
                raise CommandError(f"文件不存在：{path}")
            parsed = workcal_parse_import(year=options["year"], filename=path.name, content=path.read_bytes())
            if parsed.errors:
                raise CommandError("未导入任何数据：\n" + "\n".join(parsed.errors))
            count = workcal_import_year(parsed=parsed, by=None)
            self.stdout.write(f"imported {options['year']}: {count} special day(s)")
