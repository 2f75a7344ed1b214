"""Load the demo county (沧河县): units, villages, staff for every role, 3,000 enterprises, QR codes, key
tasks, a year of appeals played through the workflow services, a monthly circular, a routing model.

Deterministic (a fixed random seed), idempotent (natural keys) and fast (bulk inserts). Demo logins are
listed in the README.
"""

from __future__ import annotations

import random
import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction
from django.utils import timezone

from mashangdu.appeals.models import Appeal
from mashangdu.appeals.services import supervise_once
from mashangdu.core.models import Unit, UnitKind, User
from mashangdu.core.passwords import DEMO_PASSWORD
from mashangdu.core.services.workcal import workcal_seed_from_package
from mashangdu.demo.appeals import ensure_unit_staff, generate_history, seed_categories
from mashangdu.demo.county import seed_enterprises, seed_units, seed_users
from mashangdu.demo.county_data import ENTERPRISE_COUNT
from mashangdu.demo.intake import link_history, seed_intake
from mashangdu.demo.keytasks import seed_tasks
from mashangdu.demo.reports import seed_circular
from mashangdu.demo.routing import train_routing

DEMO_PASSWORD_WARNING = (
    f"WARNING: every demo user has the published password {DEMO_PASSWORD}. Change them (or do not load the "
    "demo) on any machine that others can reach; the site refuses it as a new password."
)


class Command(BaseCommand):
    help = "Load the demo county (idempotent; safe to run again)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--enterprises", type=int, default=ENTERPRISE_COUNT)
        parser.add_argument("--appeals", type=int, default=5000, help="appeals of history to generate (once)")
        parser.add_argument("--if-empty", action="store_true", help="do nothing when a county is already loaded")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["if_empty"] and Unit.objects.filter(kind=UnitKind.COUNTY).exists():
            self.stdout.write("demo county already loaded; skipped")
            return
        started = time.monotonic()
        rng = random.Random(20261129)
        with transaction.atomic():
            workcal_seed_from_package()
            county = seed_units(rng)
            users = seed_users()
            created = seed_enterprises(rng, options["enterprises"])
            categories = seed_categories()
            ensure_unit_staff(rng, DEMO_PASSWORD)
            codes = seed_intake(by=User.objects.get(username="dispatcher"))
            key_tasks = seed_tasks()
        appeals = 0
        if not Appeal.objects.exists() and options["appeals"]:
            self.stdout.write(f"playing {options['appeals']} appeals of history through the workflow services…")

            def progress(done: int, total: int) -> None:
                if done % 1000 == 0 or done == total:
                    self.stdout.write(f"  {done}/{total} appeals")

            appeals = generate_history(
                rng=rng, count=options["appeals"], end=timezone.now(), categories=categories, progress=progress
            )
            supervise_once()
        link_history()
        seed_circular(by=User.objects.get(username="supervisor"))
        trained = train_routing()
        if trained:
            self.stdout.write(trained)
        self.stdout.write(
            f"{settings.COUNTY_NAME} ({county.admin_code}): {Unit.objects.count()} units, "
            f"{users} demo users, {created} new enterprises, {codes} new QR codes, {key_tasks} key tasks, "
            f"{appeals} appeals of history, "
            f"{time.monotonic() - started:.1f} s"
        )
        self.stdout.write(DEMO_PASSWORD_WARNING)
