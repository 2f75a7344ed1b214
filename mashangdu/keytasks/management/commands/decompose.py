"""`python manage.py decompose FILE [--json]`: the candidate measures of a speech or minutes (issue 12)."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from mashangdu.keytasks.deadlines import MAX_YEAR, MIN_YEAR
from mashangdu.keytasks.decompose import propose
from mashangdu.keytasks.speech_files import SpeechFileError, read_speech


class Command(BaseCommand):
    help = "Propose the measures of a speech or minutes (.txt in UTF-8 or GB18030, or .docx) with lead unit and area."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file")
        parser.add_argument(
            "--json",
            action="store_true",
            help="print one JSON list (last line): [{text, lead_unit, area, due, due_source}], lead_unit the "
            "unit's full name or empty, due an ISO date, due_source text (read from the measure) or default",
        )
        parser.add_argument(
            "--year",
            type=int,
            help="the year the speech's deadlines belong to (default: the year it states, else this year)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            text = read_speech(options["file"])
        except SpeechFileError as exc:
            raise CommandError(str(exc)) from None
        year = options["year"]
        if year is not None and not MIN_YEAR <= year <= MAX_YEAR:
            raise CommandError(f"--year 应在 {MIN_YEAR}–{MAX_YEAR} 之间。")
        candidates = propose(text, year=year)
        if options["json"]:
            rows = [
                {
                    "text": c.text,
                    "lead_unit": c.lead_unit,
                    "area": c.area,
                    "due": c.due.isoformat() if c.due else "",
                    "due_source": c.due_source,
                }
                for c in candidates
            ]
            self.stdout.write(json.dumps(rows, ensure_ascii=False))
            return
        for number, c in enumerate(candidates, start=1):
            lead, area = c.lead_unit or "（待定）", c.area or "（待定）"
            due = f"{c.due:%Y-%m-%d}" + ("（默认）" if c.due_is_default else "") if c.due else "（待定）"
            self.stdout.write(f"{number}. {c.text}\n   牵头单位：{lead}　领域：{area}　完成时限：{due}")
        self.stdout.write(f"共 {len(candidates)} 条候选措施。")
