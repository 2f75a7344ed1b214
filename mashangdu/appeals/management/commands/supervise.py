from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from mashangdu.appeals.services import supervise_once


class Command(BaseCommand):
    help = "Run the supervision sweep: urge at yellow and red, escalate long-overdue items, auto-close unevaluated."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="one pass, then exit")
        parser.add_argument("--interval", type=int, default=60, help="seconds between passes without --once")

    def handle(self, *args: Any, **options: Any) -> None:
        while True:
            result = supervise_once()
            self.stdout.write(f"urged {result.urged}, escalated {result.escalated}, auto-closed {result.closed}")
            if options["once"]:
                return
            time.sleep(options["interval"])
