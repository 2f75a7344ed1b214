"""`python manage.py water classify FILE [--section CODE] [--kind river|lake|reservoir] [--verify] [--json]
[--save]`: classify every row of a sample file by GB 3838—2002; compare with its 水质类别 column; save it."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from mashangdu.water import gb3838
from mashangdu.water.imports import ParsedRow, read_samples
from mashangdu.water.models import Section, Source, WaterKind
from mashangdu.water.services import samples_save

SHOWN = 20  # mismatches printed with their inputs


class Command(BaseCommand):
    help = "Water samples: classify a file (national automatic-station export or the Excel template)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        classify = sub.add_parser("classify", help="classify every row; --verify compares with 水质类别")
        classify.add_argument("file", type=Path)
        classify.add_argument("--section", default="", help="断面编码: every row is this section's")
        classify.add_argument(
            "--kind",
            choices=[k.value for k in WaterKind],
            default=WaterKind.RIVER.value,
            help="the water body's kind for rows whose section is unknown (default river)",
        )
        classify.add_argument("--verify", action="store_true", help="compare with the file's 水质类别")
        classify.add_argument("--json", action="store_true", help="a JSON summary on the last line")
        classify.add_argument("--save", action="store_true", help="save the samples (all rows need a section)")
        classify.add_argument("--source", choices=[Source.AUTO.value, Source.EXCEL.value], default=Source.AUTO.value)

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"文件不存在：{path}")
        section = None
        if options["section"]:
            section = Section.objects.select_related("water_body").filter(code=options["section"]).first()
            if section is None:
                raise CommandError(f"断面编码不存在：{options['section']}")
        preview = read_samples(
            path.read_bytes(),
            path.name,
            section=section,
            need_section=options["save"],
            standing=WaterKind(options["kind"]).is_standing,
        )
        if preview.errors:
            raise CommandError("文件有误，未处理：\n" + "\n".join(preview.errors[:50]))
        rows = preview.rows
        classes = Counter(row.assessment.klass for row in rows)
        self.stdout.write(f"classified {len(rows)} row(s); skipped {preview.skipped_count} (站点情况 not 正常)")
        for klass in sorted(k for k in classes if k is not None):
            self.stdout.write(f"  {gb3838.class_label(klass)}: {classes[klass]}")
        summary: dict[str, Any] = {
            "rows": len(rows),
            "skipped": preview.skipped_count,
            "skipped_by_status": dict(preview.skipped),
            "classes": {gb3838.class_label(k): n for k, n in sorted(classes.items(), key=lambda x: x[0] or 0)},
        }
        if options["verify"]:
            summary |= self._verify(rows)
        if options["save"]:
            saved = samples_save(rows, source=options["source"], by=None)
            self.stdout.write(
                f"saved: {saved.created} new, {saved.updated} updated; {len(saved.breaches)} month(s) below target"
            )
            summary |= {"created": saved.created, "updated": saved.updated, "breaches": len(saved.breaches)}
        if options["json"]:
            summary.setdefault("compared", 0)
            summary.setdefault("exact", 0)
            self.stdout.write(json.dumps(summary, ensure_ascii=False))

    def _verify(self, rows: list[ParsedRow]) -> dict[str, Any]:
        compared = [r for r in rows if r.published is not None]
        mismatches = [r for r in compared if r.assessment.klass != r.published]
        exact = len(compared) - len(mismatches)
        share = f" ({exact / len(compared):.1%})" if compared else ""
        self.stdout.write(f"compared {len(compared)} row(s) with 水质类别: {exact} exact{share}")
        for row in mismatches[:SHOWN]:
            inputs = "; ".join(f"{gb3838.ITEMS[k].label}={v}" for k, v in row.values.items() if v is not None)
            self.stdout.write(
                f"  row {row.number} {row.sampled_at:%Y-%m-%d %H:%M}: published "
                f"{gb3838.class_label(row.published)}, computed {row.verdict}"
                f" (by {'、'.join(gb3838.ITEMS[k].label for k in row.assessment.determining) or '—'}) — {inputs}"
            )
        if len(mismatches) > SHOWN:
            self.stdout.write(f"  … and {len(mismatches) - SHOWN} more")
        return {"compared": len(compared), "exact": exact, "mismatched": len(mismatches)}
