"""Import the enterprise registry from an .xlsx file: a dry run by default, `--confirm` to save (decision 0029)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from mashangdu.core.services.events import event_record
from mashangdu.enterprises.imports import import_confirmed, read_registry


class Command(BaseCommand):
    help = "Import enterprises, contacts, tags and one year's key figures from Excel (dry run unless --confirm)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)
        parser.add_argument("--confirm", action="store_true", help="save the rows (all or nothing)")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["path"]
        if not path.is_file():
            raise CommandError(f"找不到文件：{path}")
        preview = read_registry(path.read_bytes())
        self.stdout.write(f"共 {len(preview.rows)} 行：新增 {len(preview.new)} 家，更新 {len(preview.updates)} 家。")
        for row in preview.updates:
            self.stdout.write(f"  第 {row.number} 行 {row.uscc} 更新")
        if preview.errors:
            for error in preview.errors:
                self.stderr.write(error)
            raise CommandError(f"发现 {len(preview.errors)} 处问题，未保存任何内容。")
        if not options["confirm"]:
            self.stdout.write("预览无误。加 --confirm 保存。")
            return
        with transaction.atomic():
            done = import_confirmed(preview)
            event_record(
                verb="enterprise.imported",
                actor=None,
                actor_label="命令行导入",
                data={"created": done.created, "updated": done.updated},
            )
        self.stdout.write(f"已导入：新增 {done.created} 家，更新 {done.updated} 家。")
