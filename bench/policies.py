"""Benchmark: policy matching, every clause of 500 against 100,000 enterprises, and one enterprise's clauses.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/msd_policies .venv/bin/python bench/policies.py \
        [--enterprises N] [--clauses M] [--keep]

Builds (bulk inserts; `--keep` reuses what an earlier run built) N enterprises over 20 townships and the
GB/T 4754 divisions, most with key figures for two years (about 5% of the figures empty, 10% of the
enterprises without any), a third with tags, 10,000 payments; and M published clauses of 2–4 random
conditions of every kind (industry, scale, 规上, township, thresholds on the latest or a fixed year, R&D
ratio, age, tags any/all, excluded tags and enterprises, not yet received). Then measures, median of
several runs each:
- every clause's eligible enterprises: `bulk.eligible_pairs` (the facts of every active enterprise read once
  into numpy columns, each clause's conditions as masks), including reading the clauses' conditions
  (`rules_of`);
- one enterprise's eligible clauses with the reason per condition: `selectors.verdicts_for_enterprise` (the
  Python evaluator over the enterprise's facts, the published rules from the per-process cache), over 21
  enterprises, the first call (cache filled) reported apart;
- baselines, same run: a bare count over the same tables (enterprises joined to their key figures) and, for
  one enterprise, a bare count of its key-figure rows;
- agreement: the Python evaluator and the bulk matcher on 300 enterprises against every clause (mismatches: must be 0).
"""

from __future__ import annotations

import argparse
import datetime as dt
import platform
import random
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import configure, median

configure("policies.sqlite3")

from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from mashangdu.core.models import Unit, UnitKind  # noqa: E402
from mashangdu.enterprises.models import Enterprise, EnterpriseTag, IndustryCode, KeyFigures  # noqa: E402
from mashangdu.enterprises.uscc import uscc_check_char  # noqa: E402
from mashangdu.policies import rulecache  # noqa: E402
from mashangdu.policies.bulk import FactTable, eligible_pairs  # noqa: E402
from mashangdu.policies.matching import evaluate, load_facts  # noqa: E402
from mashangdu.policies.models import (  # noqa: E402
    Application,
    Clause,
    Condition,
    ConditionKind,
    Figure,
    Payment,
    PolicyDocument,
)
from mashangdu.policies.rules import rules_of  # noqa: E402
from mashangdu.policies.selectors import verdicts_for_enterprise  # noqa: E402

THRESHOLDS = {
    "revenue": [500, 2000, 5000, 20000],
    "tax": [10, 100, 500],
    "employees": [20, 50, 100, 300],
    "rd_spending": [50, 100, 500],
    "land_area": [10, 30, 50],
    "energy_use": [1000, 5000],
}


def _clear() -> None:
    for model in (Payment, Application, Condition, Clause, PolicyDocument, KeyFigures):
        model.objects.all().delete()
    Enterprise.tags.through.objects.all().delete()
    Enterprise.objects.all().delete()
    EnterpriseTag.objects.filter(name__startswith="基准").delete()


def build(n: int, m: int, rng: random.Random) -> None:
    started = time.perf_counter()
    _clear()
    county = Unit.objects.filter(kind=UnitKind.COUNTY).first() or Unit.objects.create(
        name="基准市", kind=UnitKind.COUNTY, admin_code="130999"
    )
    townships = list(Unit.objects.filter(kind=UnitKind.TOWNSHIP)[:20])
    while len(townships) < 20:
        townships.append(
            Unit.objects.create(
                name=f"基准镇{len(townships)}",
                kind=UnitKind.TOWNSHIP,
                parent=county,
                admin_code=f"130999{len(townships) + 100:03d}",
            )
        )
    tags = [EnterpriseTag.objects.get_or_create(name=f"基准标签{i}")[0] for i in range(20)]
    divisions = list(IndustryCode.objects.filter(code__regex=r"^[0-9]+$"))
    today = timezone.localdate()
    batch = []
    for i in range(n):
        division = rng.choice(divisions)
        scale = rng.choices(["large", "medium", "small", "micro"], weights=[2, 8, 30, 60])[0]
        body = f"91130999MA{i:07d}"
        batch.append(
            Enterprise(
                uscc=body + uscc_check_char(body),
                name=f"基准企业{i}",
                industry=division.section,
                industry_division=None if rng.random() < 0.1 else division,
                scale=scale,
                above_designated_size=scale in ("large", "medium") or rng.random() < 0.2,
                township=rng.choice(townships),
                registered_on=None if rng.random() < 0.05 else today - dt.timedelta(days=rng.randint(30, 30 * 365)),
                is_active=rng.random() > 0.03,
            )
        )
    Enterprise.objects.bulk_create(batch, batch_size=5000)
    ids = list(Enterprise.objects.values_list("pk", flat=True))
    figures, links = [], []
    for pk in ids:
        if rng.random() < 0.1:
            continue
        base = rng.lognormvariate(7, 1.5)
        for year in (2024, 2025):
            revenue = base * rng.uniform(0.8, 1.3)

            def maybe(value: float) -> Decimal | None:
                return None if rng.random() < 0.05 else Decimal(f"{min(value, 1e10):.2f}")

            figures.append(
                KeyFigures(
                    enterprise_id=pk,
                    year=year,
                    revenue=maybe(revenue),
                    tax=maybe(revenue * rng.uniform(0.01, 0.08)),
                    employees=None if rng.random() < 0.05 else max(1, int(revenue / rng.uniform(20, 80))),
                    rd_spending=maybe(revenue * rng.uniform(0, 0.08)),
                    land_area=maybe(rng.uniform(1, 200)),
                    energy_use=maybe(revenue * rng.uniform(0.05, 1)),
                )
            )
        if rng.random() < 0.33:
            for tag in rng.sample(tags, rng.randint(1, 3)):
                links.append(Enterprise.tags.through(enterprise_id=pk, enterprisetag_id=tag.pk))
    KeyFigures.objects.bulk_create(figures, batch_size=5000)
    Enterprise.tags.through.objects.bulk_create(links, batch_size=5000)
    document = PolicyDocument.objects.create(
        title="基准政策", issuing_unit=county, issued_on=today, effective_from=today
    )
    clauses = Clause.objects.bulk_create(
        [
            Clause(
                document=document,
                number=f"第{j + 1}条",
                title=f"基准条款{j + 1}",
                text="基准",
                support="other",
                amount_rule="fixed",
                amount=Decimal("10"),
                valid_from=today,
                published_at=timezone.now(),
            )
            for j in range(m)
        ]
    )
    payments = {(rng.choice(clauses).pk, rng.choice(ids)) for _ in range(10_000)}
    Payment.objects.bulk_create(
        [Payment(clause_id=c, enterprise_id=e, year=2025, amount=Decimal("1"), paid_on=today) for c, e in payments]
    )
    for clause in clauses:
        for _ in range(rng.randint(2, 4)):
            _condition(clause, rng, tags, divisions, townships, ids)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ANALYZE")
    print(
        f"built {n} enterprises, {len(figures)} key-figure rows, {len(links)} tags, {m} clauses, "
        f"{len(payments)} payments in {time.perf_counter() - started:.1f} s"
    )


def _condition(clause: Clause, rng: random.Random, tags: list, divisions: list, townships: list, ids: list) -> None:
    kind = rng.choices(
        list(ConditionKind),
        weights=[20, 15, 10, 8, 25, 6, 8, 3, 6, 4, 2, 6],
    )[0]
    fields: dict[str, object] = {}
    m2m: dict[str, list] = {}
    if kind == ConditionKind.INDUSTRY:
        codes = list(IndustryCode.objects.filter(code__in=rng.sample("ABCDEFGHIJKLM", rng.randint(1, 3))))
        m2m["industries"] = rng.choice([codes, rng.sample(divisions, rng.randint(1, 6))])
    elif kind == ConditionKind.SCALE:
        fields["scales"] = rng.sample(["large", "medium", "small", "micro"], rng.randint(1, 3))
    elif kind == ConditionKind.ABOVE_SIZE:
        fields["flag"] = rng.random() < 0.8
    elif kind == ConditionKind.TOWNSHIP:
        m2m["townships"] = rng.sample(townships, rng.randint(1, 5))
    elif kind == ConditionKind.FIGURE:
        figure = rng.choice(list(Figure))
        fields |= {"figure": figure, "operator": rng.choice(["ge", "ge", "le"])}
        fields |= {"threshold": Decimal(rng.choice(THRESHOLDS[figure])), "year": rng.choice([None, None, 2024])}
    elif kind == ConditionKind.RD_RATIO:
        fields |= {"operator": "ge", "threshold": Decimal(rng.choice([2, 3, 5])), "year": rng.choice([None, 2024])}
    elif kind == ConditionKind.AGE:
        fields |= {"operator": rng.choice(["ge", "le"]), "threshold": Decimal(rng.choice([2, 3, 5, 10]))}
    elif kind in (ConditionKind.TAGS_ANY, ConditionKind.TAGS_ALL, ConditionKind.EXCLUDE_TAGS):
        m2m["tags"] = rng.sample(tags, rng.randint(1, 3))
    elif kind == ConditionKind.EXCLUDE_ENTERPRISES:
        m2m["enterprises_ids"] = rng.sample(ids, 20)
    condition = Condition.objects.create(clause=clause, kind=kind, **fields)
    for name, values in m2m.items():
        if name == "enterprises_ids":
            condition.enterprises.set(values)
        else:
            getattr(condition, name).set(values)


def bare_count() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT COUNT(*) FROM enterprises_enterprise e LEFT JOIN enterprises_keyfigures k ON k.enterprise_id = e.id"
        )
        return int(cursor.fetchone()[0])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--enterprises", type=int, default=100_000)
    parser.add_argument("--clauses", type=int, default=500)
    parser.add_argument("--keep", action="store_true", help="reuse the data an earlier run built")
    parser.add_argument("--one-only", action="store_true", help="measure one enterprise's clauses only")
    args = parser.parse_args()
    rng = random.Random(16)
    if not (args.keep and Clause.objects.count() == args.clauses):
        with transaction.atomic():
            build(args.enterprises, args.clauses, rng)
    today = timezone.localdate()
    clauses = list(Clause.objects.order_by("pk"))
    print(f"{connection.vendor}, {platform.processor() or platform.machine()}, Python {platform.python_version()}")

    found: dict[int, Any] = {}

    def match_all() -> None:
        found.clear()
        found.update(eligible_pairs(rules_of(clauses), today))

    def load_only() -> None:
        FactTable.load()

    if args.one_only:
        measure_one(clauses)
        return
    all_time = median(match_all, runs=5)
    base_all = median(bare_count, runs=5)
    load_time = median(load_only, runs=3)
    pairs = sum(len(v) for v in found.values())
    print(
        f"all {len(clauses)} clauses × {Enterprise.objects.count()} enterprises: {all_time * 1000:.0f} ms "
        f"({pairs} eligible pairs; reading the facts {load_time * 1000:.0f} ms of it); "
        f"bare count {base_all * 1000:.1f} ms; ratio {all_time / base_all:.1f}×"
    )
    found.update({pk: set(ids.tolist()) for pk, ids in found.items()})

    sample = measure_one(clauses)
    rules = rules_of(clauses)
    facts = load_facts(sample[21:])
    mismatches = 0
    for pk, fact in facts.items():
        for clause in clauses:
            mismatches += evaluate(clause.pk, rules[clause.pk], fact, today).eligible != (pk in found[clause.pk])
    print(f"agreement: {len(facts)} enterprises × {len(clauses)} clauses, {mismatches} mismatches")


def measure_one(clauses: list[Clause]) -> list[int]:
    sample = random.Random(5).sample(list(Enterprise.objects.values_list("pk", flat=True)), 321)
    one_times, bare_times = [], []
    rulecache.clear()
    started = time.perf_counter()
    verdicts = verdicts_for_enterprise(sample[0])
    cold = time.perf_counter() - started
    assert len(verdicts) == len(clauses), "every bench clause is live"
    for pk in sample[:21]:
        started = time.perf_counter()
        verdicts_for_enterprise(pk)
        one_times.append(time.perf_counter() - started)
        started = time.perf_counter()
        KeyFigures.objects.filter(enterprise_id=pk).count()
        bare_times.append(time.perf_counter() - started)
    one, bare_one = statistics.median(one_times), statistics.median(bare_times)
    print(
        f"one enterprise's eligible clauses (of {len(clauses)}), with reasons: {one * 1000:.1f} ms (median of 21); "
        f"bare count of its key figures {bare_one * 1000:.2f} ms; ratio {one / bare_one:.0f}×; "
        f"first call, filling the rules cache: {cold * 1000:.0f} ms"
    )
    return sample


if __name__ == "__main__":
    main()
