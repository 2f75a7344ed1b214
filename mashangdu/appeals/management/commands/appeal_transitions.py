from typing import Any

from django.core.management.base import BaseCommand

from mashangdu.appeals.transitions import transitions_markdown


class Command(BaseCommand):
    help = "Print the appeal transition table as Markdown (docs/appeal-transitions.md)."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(transitions_markdown(), ending="")
