"""The NBS rule (enterprises/scale.py): every boundary of every industry's table, the note that a tier needs
every listed figure at its lower bound, the divisions' mapping, and missing figures never guessed."""

from __future__ import annotations

from decimal import Decimal

import pytest

from mashangdu.enterprises.models import Scale
from mashangdu.enterprises.scale import RULES, classify, nbs_scale, rule_for

TIERS = [(1, Scale.LARGE), (2, Scale.MEDIUM), (3, Scale.SMALL)]


def _at(rule: str, column: int, delta: int = 0) -> dict[str, int | Decimal | None]:
    """Every figure of `rule` at its bound in `column` (1 large, 2 medium, 3 small), plus `delta`."""
    return {figure: Decimal(bounds[column - 1] + delta) for figure, *bounds in RULES[rule]}


@pytest.mark.parametrize("rule", list(RULES))
@pytest.mark.parametrize(("column", "tier"), TIERS)
def test_each_lower_bound_is_in_its_tier(rule: str, column: int, tier: Scale) -> None:
    assert classify(rule, _at(rule, column)).scale == tier


@pytest.mark.parametrize("rule", list(RULES))
@pytest.mark.parametrize(("column", "below"), [(1, Scale.MEDIUM), (2, Scale.SMALL), (3, Scale.MICRO)])
def test_one_figure_just_below_a_bound_drops_a_tier(rule: str, column: int, below: Scale) -> None:
    for figure, *_ in RULES[rule]:
        figures = _at(rule, column)
        figures[figure] = figures[figure] - Decimal("0.01")  # type: ignore[operator]
        assert classify(rule, figures).scale == below, figure


def test_large_needs_both_conditions() -> None:
    # 工业: 1,500 employees but revenue of a medium enterprise → medium, not large.
    assert classify("工业", {"employees": 1500, "revenue": Decimal(39999)}).scale == Scale.MEDIUM
    assert classify("工业", {"employees": 1000, "revenue": Decimal(40000)}).scale == Scale.LARGE
    # Small needs both lower bounds too (note 1): 25 people but revenue of 299 万元 → micro.
    assert classify("工业", {"employees": 25, "revenue": Decimal(299)}).scale == Scale.MICRO


def test_missing_figures_are_never_guessed() -> None:
    result = classify("工业", {"employees": 500, "revenue": None})
    assert result.scale is None and "营业收入" in result.reason and result.label == "未能判定"
    assert classify("建筑业", {"revenue": Decimal(90000)}).scale is None  # no total assets
    assert nbs_scale("13", {}).scale is None


def test_one_known_figure_below_the_small_bound_is_micro_whatever_is_missing() -> None:
    result = classify("工业", {"employees": 8, "revenue": None})
    assert result.scale == Scale.MICRO and "从业人员" in result.reason


@pytest.mark.parametrize(
    ("division", "rule"),
    [
        ("01", "农、林、牧、渔业"),
        ("05", "农、林、牧、渔业"),
        ("06", "工业"),
        ("13", "工业"),
        ("46", "工业"),
        ("47", "建筑业"),
        ("50", "建筑业"),
        ("51", "批发业"),
        ("52", "零售业"),
        ("54", "交通运输业"),
        ("58", "交通运输业"),
        ("59", "仓储业"),
        ("60", "邮政业"),
        ("61", "住宿业"),
        ("62", "餐饮业"),
        ("63", "信息传输业"),
        ("64", "信息传输业"),
        ("65", "软件和信息技术服务业"),
        ("71", "租赁和商务服务业"),
        ("72", "租赁和商务服务业"),
        ("73", "其他未列明行业"),
        ("83", "其他未列明行业"),
        ("90", "其他未列明行业"),
    ],
)
def test_divisions_map_to_the_rules_tables(division: str, rule: str) -> None:
    assert rule_for(division) == rule


@pytest.mark.parametrize("division", ["66", "69", "91", "96", "97"])
def test_finance_public_administration_and_international_bodies_have_no_scale(division: str) -> None:
    result = nbs_scale(division, {"employees": 5000, "revenue": Decimal(10**6)})
    assert result.scale is None and "不在划分办法适用范围内" in result.reason


def test_real_estate_division_is_not_decided_from_the_division_alone() -> None:
    result = nbs_scale("70", {"employees": 500, "revenue": Decimal(5000), "total_assets": Decimal(9000)})
    assert result.scale is None and "房地产业" in result.reason
    # Its two tables are there for a class-level code: 开发经营 by revenue and assets, 物业管理 by people and revenue.
    assert classify("房地产开发经营", {"revenue": Decimal(200000), "total_assets": Decimal(10000)}).scale == Scale.LARGE
    assert classify("物业管理", {"employees": 99, "revenue": Decimal(5000)}).scale == Scale.MICRO


def test_single_figure_industries() -> None:
    assert nbs_scale("01", {"revenue": Decimal(20000)}).scale == Scale.LARGE
    assert nbs_scale("01", {"revenue": Decimal("49.99")}).scale == Scale.MICRO
    assert nbs_scale("85", {"employees": 300}).scale == Scale.LARGE
    assert nbs_scale("85", {"employees": 9}).scale == Scale.MICRO
