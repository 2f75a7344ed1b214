"""The Python evaluator (reasons, one enterprise) and the bulk matcher (numpy masks over every enterprise)
agree on every kind of condition, with enterprises on both sides of each: values equal to the threshold,
missing figures (no row, an empty figure in the latest row while an earlier year has it), no division, no
registration date, an enterprise that is no longer active, one already paid under the clause."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine

from mashangdu.core.models import Unit, UnitKind
from mashangdu.enterprises.models import Enterprise, Industry, Scale
from mashangdu.policies.bulk import eligible_pairs
from mashangdu.policies.matching import MET, NOT_MET, UNKNOWN, evaluate, load_facts
from mashangdu.policies.models import Clause, ConditionKind, Payment
from mashangdu.policies.rules import rules_of
from mashangdu.policies.tests.conftest import clause, condition, document, enterprise
from mashangdu.testing import Org

TODAY = dt.date(2026, 11, 10)
NOW = dt.datetime(2026, 11, 10, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))
K = ConditionKind


def full(revenue: str, rd: str | None = "10", **more: object) -> dict[str, object]:
    values: dict[str, object] = {"revenue": Decimal(revenue), "tax": Decimal("50"), "employees": 80}
    values |= {
        "rd_spending": None if rd is None else Decimal(rd),
        "land_area": Decimal("20"),
        "energy_use": Decimal("500"),
    }
    return values | more


@pytest.fixture
def world(org: Org) -> dict[str, object]:
    other = Unit.objects.create(name="河西乡", kind=UnitKind.TOWNSHIP, parent=org.county, admin_code="130991101")
    t = org.township
    e = {
        # above every threshold, division 34, ten whole years old today exactly (the boundary)
        "big": enterprise(
            t,
            "沧河精工",
            industry_division="34",
            scale=Scale.MEDIUM,
            above_designated_size=True,
            registered_on=dt.date(2016, 11, 10),
            tags=["专精特新", "高新技术企业"],
            figures={2024: full("900", "20", employees=120), 2025: full("2000", "100")},
        ),
        # exactly at the thresholds: revenue 1000, R&D 5 % (50 / 1000), 2024 employees 100
        "edge": enterprise(
            t,
            "沧河边界",
            industry_division="34",
            scale=Scale.SMALL,
            registered_on=dt.date(2016, 11, 11),
            tags=["专精特新"],
            figures={2024: full("800", "40", employees=100), 2025: full("1000", "50")},
        ),
        # no figures at all, no division (section C), no registration date
        "bare": enterprise(t, "沧河无数据", industry=Industry.C, scale=Scale.MICRO),
        # the latest row has no revenue although 2024 has: unknown, never the older year
        "gap": enterprise(
            other,
            "河西缺项",
            industry_division="13",
            scale=Scale.SMALL,
            registered_on=dt.date(2020, 1, 1),
            figures={2024: full("5000"), 2025: full("0", rd=None) | {"revenue": None}},
        ),
        # software, micro, zero revenue (no R&D ratio)
        "soft": enterprise(
            other,
            "河西软件",
            industry_division="65",
            scale=Scale.MICRO,
            registered_on=dt.date(2025, 3, 1),
            tags=["高新技术企业"],
            figures={2025: full("0", "10")},
        ),
        # meets everything but is no longer active
        "gone": enterprise(
            t,
            "沧河注销",
            industry_division="34",
            scale=Scale.MEDIUM,
            above_designated_size=True,
            is_active=False,
            registered_on=dt.date(2010, 1, 1),
            figures={2025: full("3000", "300")},
        ),
    }
    return {"t": t, "other": other, "e": e}


def _cases(world: dict[str, object], org: Org) -> dict[str, Clause]:
    doc = document(org.zjj)
    e: dict[str, Enterprise] = world["e"]  # type: ignore[assignment]
    made: dict[str, Clause] = {}

    def one(name: str, kind: str, **fields: object) -> None:
        made[name] = clause(doc, name)
        condition(made[name], kind, **fields)

    one("section C", K.INDUSTRY, industries=["C"])
    one("division 34", K.INDUSTRY, industries=["34"])
    one("division 65 or 13", K.INDUSTRY, industries=["65", "13"])
    one("small or micro", K.SCALE, scales=[Scale.SMALL, Scale.MICRO])
    one("above size", K.ABOVE_SIZE, flag=True)
    one("below size", K.ABOVE_SIZE, flag=False)
    one("township", K.TOWNSHIP, townships=[world["t"]])
    one("revenue ≥ 1000", K.FIGURE, figure="revenue", operator="ge", threshold=Decimal("1000"))
    one("revenue ≤ 1000", K.FIGURE, figure="revenue", operator="le", threshold=Decimal("1000"))
    one("2024 employees ≥ 100", K.FIGURE, figure="employees", operator="ge", threshold=Decimal("100"), year=2024)
    one("2024 revenue ≤ 900", K.FIGURE, figure="revenue", operator="le", threshold=Decimal("900"), year=2024)
    one("R&D ≥ 5%", K.RD_RATIO, operator="ge", threshold=Decimal("5"))
    one("2024 R&D ≤ 5%", K.RD_RATIO, operator="le", threshold=Decimal("5"), year=2024)
    one("age ≥ 10", K.AGE, operator="ge", threshold=Decimal("10"))
    one("age ≤ 9", K.AGE, operator="le", threshold=Decimal("9"))
    one("any tag", K.TAGS_ANY, tags=["专精特新", "科技型中小企业"])
    one("all tags", K.TAGS_ALL, tags=["专精特新", "高新技术企业"])
    one("not high-tech", K.EXCLUDE_TAGS, tags=["高新技术企业"])
    one("not big", K.EXCLUDE_ENTERPRISES, enterprises=[e["big"]])
    one("not received", K.NOT_RECEIVED)
    Payment.objects.create(
        clause=made["not received"], enterprise=e["edge"], year=2025, amount=Decimal("5"), paid_on=TODAY
    )
    combined = made["combined"] = clause(doc, "combined")
    condition(combined, K.INDUSTRY, industries=["C"])
    condition(combined, K.FIGURE, figure="revenue", operator="ge", threshold=Decimal("1000"))
    condition(combined, K.TAGS_ANY, tags=["专精特新"])
    made["no conditions"] = clause(doc, "no conditions")
    return made


@time_machine.travel(NOW, tick=False)
def test_the_evaluator_and_the_bulk_matcher_agree_on_every_kind_of_condition(
    world: dict[str, object], org: Org
) -> None:
    clauses = _cases(world, org)
    rules = rules_of(clauses.values())
    facts = load_facts(Enterprise.objects.values_list("pk", flat=True))
    by_bulk = {pk: set(ids.tolist()) for pk, ids in eligible_pairs(rules, TODAY).items()}
    kinds_seen = set()
    for name, c in clauses.items():
        verdicts = {pk: evaluate(c.pk, rules[c.pk], f, TODAY) for pk, f in facts.items()}
        by_python = {pk for pk, v in verdicts.items() if v.eligible}
        assert by_bulk[c.pk] == by_python, name
        if name != "no conditions":  # both sides of every condition
            assert by_python and set(facts) - by_python, name
        kinds_seen |= {r.kind for r in rules[c.pk]}
    assert kinds_seen == set(ConditionKind.values)


@time_machine.travel(NOW, tick=False)
def test_reasons_at_the_boundaries_and_for_missing_data(world: dict[str, object], org: Org) -> None:
    clauses = _cases(world, org)
    rules = rules_of(clauses.values())
    e: dict[str, Enterprise] = world["e"]  # type: ignore[assignment]
    facts = load_facts(x.pk for x in e.values())

    def status(name: str, who: str) -> tuple[str, str]:
        outcome = evaluate(clauses[name].pk, rules[clauses[name].pk], facts[e[who].pk], TODAY).outcomes[0]
        return outcome.status, outcome.detail

    assert status("revenue ≥ 1000", "edge") == (MET, "2025 年营业收入（万元） 1000.00")
    assert status("revenue ≤ 1000", "edge")[0] == MET
    assert status("revenue ≥ 1000", "bare") == (UNKNOWN, "缺少任何年度营业收入（万元）")
    assert status("revenue ≥ 1000", "gap") == (UNKNOWN, "缺少2025 年营业收入（万元）")  # not 2024's 5000
    assert status("R&D ≥ 5%", "edge")[0] == MET
    assert status("R&D ≥ 5%", "soft")[0] == UNKNOWN  # zero revenue
    assert status("2024 employees ≥ 100", "edge")[0] == MET
    assert status("2024 employees ≥ 100", "soft")[0] == UNKNOWN  # no 2024 row
    assert status("age ≥ 10", "big")[0] == MET  # ten years today
    assert status("age ≥ 10", "edge")[0] == NOT_MET  # ten years tomorrow
    assert status("age ≤ 9", "edge")[0] == MET
    assert status("age ≥ 10", "bare") == (UNKNOWN, "缺少成立日期")
    assert status("division 34", "bare") == (UNKNOWN, "缺少行业大类（门类 C）")
    assert status("division 65 or 13", "big")[0] == NOT_MET
    assert status("not received", "edge")[0] == NOT_MET
    verdict = evaluate(clauses["combined"].pk, rules[clauses["combined"].pk], facts[e["gone"].pk], TODAY)
    assert not verdict.eligible  # no longer active, whatever its conditions


@time_machine.travel(NOW, tick=False)
def test_fractional_boundaries_agree(org: Org) -> None:
    """Values whose cents a float would round the wrong way (0.29 × 100 = 28.999…; 0.07 × 100 = 7.000…1):
    the bulk matcher compares whole cents, so equal stays equal on both sides."""
    firm = enterprise(org.township, figures={2025: full("1.00", "0.07", tax=Decimal("0.29"))})
    doc = document(org.zjj)
    made = {}
    for name, kind, fields in (
        ("R&D ≥ 7%", K.RD_RATIO, {"operator": "ge", "threshold": Decimal("7")}),
        ("R&D ≤ 7%", K.RD_RATIO, {"operator": "le", "threshold": Decimal("7")}),
        ("tax ≥ 0.29", K.FIGURE, {"figure": "tax", "operator": "ge", "threshold": Decimal("0.29")}),
        ("tax ≤ 0.29", K.FIGURE, {"figure": "tax", "operator": "le", "threshold": Decimal("0.29")}),
        ("tax ≥ 0.30", K.FIGURE, {"figure": "tax", "operator": "ge", "threshold": Decimal("0.30")}),
    ):
        made[name] = clause(doc, name)
        condition(made[name], kind, **fields)
    rules = rules_of(made.values())
    facts = load_facts([firm.pk])[firm.pk]
    bulk = eligible_pairs(rules, TODAY)
    for name, c in made.items():
        by_python = evaluate(c.pk, rules[c.pk], facts, TODAY).eligible
        assert by_python == (name != "tax ≥ 0.30"), name
        assert (firm.pk in bulk[c.pk].tolist()) == by_python, name
