from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from mashangdu.core.workflow import WORKFLOWS


class Command(BaseCommand):
    help = "Write each workflow's transition table as Markdown (docs/<name>-transitions.md)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--check", action="store_true", help="write nothing; fail when a document is stale")

    def handle(self, *args: Any, **options: Any) -> None:
        stale = []
        for workflow in WORKFLOWS.values():
            path = Path(settings.BASE_DIR) / workflow.document
            text = workflow.markdown()
            if path.exists() and path.read_text(encoding="utf-8") == text:
                continue
            stale.append(workflow.document)
            if not options["check"]:
                path.write_text(text, encoding="utf-8")
                self.stdout.write(f"wrote {workflow.document}")
        if options["check"] and stale:
            raise SystemExit(f"stale: {', '.join(stale)} (python manage.py workflow_docs)")
