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
from mashangdu.demo.air import seed_air
from mashangdu.demo.appeals import ensure_unit_staff, generate_history, seed_categories
from mashangdu.demo.county import seed_enterprises, seed_units, seed_users
from mashangdu.demo.county_data import ENTERPRISE_COUNT
from mashangdu.demo.efficiency import seed_efficiency
from mashangdu.demo.enterprise_registry import seed_registry
from mashangdu.demo.intake import link_history, seed_intake
from mashangdu.demo.keytasks import seed_tasks
from mashangdu.demo.land import seed_land
from mashangdu.demo.meetings import seed_meetings
from mashangdu.demo.policies import seed_policies
from mashangdu.demo.pollution import seed_pollution
from mashangdu.demo.reports import seed_circular
from mashangdu.demo.rivers import seed_rivers
from mashangdu.demo.routing import train_routing
from mashangdu.demo.techmatch import seed_techmatch
from mashangdu.demo.villages import seed_villages
from mashangdu.demo.visits import seed_visits
from mashangdu.demo.water import seed_water

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
            seed_users()
            created = seed_enterprises(rng, options["enterprises"])
            seed_registry(random.Random(20261201))
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
        visits = seed_visits(rng)
        meetings = seed_meetings()
        seed_circular(by=User.objects.get(username="supervisor"))
        with transaction.atomic():
            tech = seed_techmatch(random.Random(20261201))
        if any(tech):
            self.stdout.write(f"technology matching: {tech[0]} needs, {tech[1]} results, {tech[2]} dockings")
        trained = train_routing()
        if trained:
            self.stdout.write(trained)
        policy_payments = seed_policies(rng)
        water_samples, water_breaches = seed_water(random.Random(20261202))
        if water_samples:
            self.stdout.write(f"water: {water_samples} samples, {water_breaches} section-months below target")
        patrols = seed_rivers(random.Random(20261202))
        sites, grades, plans = seed_pollution(random.Random(20261202))
        if sites or grades:
            self.stdout.write(f"pollution sources: {sites} 散乱污 sites, {grades} grade records, {plans} 晋A升B plans")
        land_started = time.monotonic()
        parcels, land_reports, factories = seed_land(random.Random(20261218))
        if parcels:
            self.stdout.write(
                f"idle land: {parcels} parcels, {land_reports} progress reports, {factories} multi-storey factory "
                f"projects ({time.monotonic() - land_started:.1f} s)"
            )
        efficiency_rows, evaluations = seed_efficiency(random.Random(20261202))
        if efficiency_rows:
            self.stdout.write(
                f"亩均效益: {efficiency_rows} yearly figure rows, {evaluations} evaluations over two years"
            )
        self.stdout.write(seed_air(random.Random(20261202), self.stdout.write))
        village_years, products, routes = seed_villages(random.Random(20261203))
        if village_years:
            self.stdout.write(f"villages: {village_years} village-years, {products} 一村一品, {routes} tourism routes")
        self.stdout.write(
            f"{settings.COUNTY_NAME} ({county.admin_code}): {Unit.objects.count()} units, "
            f"{User.objects.count()} users, {created} new enterprises, {codes} new QR codes, {key_tasks} key tasks, "
            f"{appeals} appeals of history, {visits} pairing visits, "
            f"{meetings} breakfast meetings, {policy_payments} 免申即享 payments, {patrols} river patrols, "
            f"{time.monotonic() - started:.1f} s"
        )
        self.stdout.write(DEMO_PASSWORD_WARNING)
