"""The 亩均效益 arithmetic, apart from the database (decision 0041): indicator values from an enterprise's
figures, single scores against benchmarks with caps, the total, the small-enterprise rule and the classes by
score thresholds or shares. `evaluate` is pure: the same inputs give the same results, which the tests compute
by hand.

Rules, in short:
- single score = max(0, min(value / benchmark, cap)) × weight, rounded to 0.01 (half up); total = their sum;
- a missing figure (numerator or denominator) scores 0 and is flagged 缺数据; the enterprise is 数据不全 and is
  still classed by what it scored (provincial schemes put non-reporters in the lowest class; a zero does that
  in practice without hiding the partial figures);
- zero or missing land: every per-亩 indicator scores 0, flagged 用地为零 / 缺数据, the enterprise 数据不全;
- zero energy use or emissions with positive added value: the best result, the cap (flagged 按封顶计);
- any other zero denominator (employees, revenue) scores 0, flagged 分母为零;
- an indicator without a benchmark uses the county's aggregate (Σ numerators / Σ denominators of the
  classed enterprises reporting both); none computable: it scores 0 for all, flagged 无基准;
- small enterprises (land above zero but below the scheme's threshold, or revenue below its threshold) are
  scored and ranked apart, not classed;
- thresholds: score ≥ A line is A, ≥ B line is B, ≥ C line is C, else D (equal to a line: the higher class);
- shares: the top round(n × A%) are A, the next up to round(n × (A%+B%)) B, and so on (half up); whoever ties
  the last enterprise inside a class's share is in that class too.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from mashangdu.efficiency.models.schemes import FORMULAS, ZERO_IS_BEST, ClassRule, Indicator

CENT = Decimal("0.01")
FOUR = Decimal("0.0001")
PER_MU = {Indicator.TAX_PER_MU, Indicator.REVENUE_PER_MU, Indicator.VALUE_ADDED_PER_MU}
MISSING = "缺数据"
ZERO_LAND = "用地为零"
ZERO_DENOMINATOR = "分母为零"
# Zero energy use or emissions with added value: the best result, scored at the cap (flag per indicator).
CAPPED_ZERO = {
    Indicator.VALUE_ADDED_PER_ENERGY: "零能耗，按封顶计",
    Indicator.VALUE_ADDED_PER_EMISSION: "零排放，按封顶计",
}
NO_BENCHMARK = "无基准"
INCOMPLETE_FLAGS = {MISSING, ZERO_LAND, ZERO_DENOMINATOR}


@dataclass(frozen=True)
class Rule:
    indicator: str
    weight: Decimal
    benchmark: Decimal | None
    cap: Decimal


@dataclass(frozen=True)
class Classing:
    rule: str  # ClassRule
    lines: tuple[Decimal, Decimal, Decimal] | None = None  # A, B, C score lines
    shares: tuple[Decimal, Decimal, Decimal] | None = None  # A, B, C percentages
    small_land_below: Decimal | None = None
    small_revenue_below: Decimal | None = None


@dataclass
class Result:
    key: Any
    score: Decimal = Decimal("0.00")
    grade: str = ""
    small: bool = False
    incomplete: bool = False
    rank: int | None = None
    breakdown: list[dict[str, Any]] = field(default_factory=list)


Figures = Mapping[str, Decimal | int | None]


def _half_up(value: Decimal, unit: Decimal = CENT) -> Decimal:
    return value.quantize(unit, rounding=ROUND_HALF_UP)


def is_small(figures: Figures, classing: Classing) -> bool:
    land, revenue = figures.get("land_area"), figures.get("revenue")
    # Zero land is a gap in the data (leased land counts too), not a small enterprise: it stays classed.
    by_land = classing.small_land_below is not None and land is not None and 0 < land < classing.small_land_below
    by_revenue = (
        classing.small_revenue_below is not None and revenue is not None and revenue < classing.small_revenue_below
    )
    return bool(by_land or by_revenue)


def indicator_value(indicator: str, figures: Figures) -> tuple[Decimal | None, str]:
    """(value, flag): the value is None when it cannot be computed; the flag says why, or marks a capped zero."""
    numerator_field, denominator_field, multiplier, _unit = FORMULAS[indicator]
    numerator, denominator = figures.get(numerator_field), figures.get(denominator_field)
    if numerator is None or denominator is None:
        return None, MISSING
    if denominator == 0:
        if indicator in PER_MU:
            return None, ZERO_LAND
        if indicator in ZERO_IS_BEST:
            return (None, CAPPED_ZERO[Indicator(indicator)]) if numerator > 0 else (Decimal(0), "")
        return None, ZERO_DENOMINATOR
    return Decimal(numerator) / Decimal(denominator) * multiplier, ""


def county_benchmark(indicator: str, rows: Sequence[Figures]) -> Decimal | None:
    """Σ numerator / Σ denominator over `rows` reporting both (a positive denominator), or None."""
    numerator_field, denominator_field, multiplier, _unit = FORMULAS[indicator]
    top = bottom = Decimal(0)
    for figures in rows:
        numerator, denominator = figures.get(numerator_field), figures.get(denominator_field)
        if numerator is not None and denominator is not None and denominator > 0:
            top += Decimal(numerator)
            bottom += Decimal(denominator)
    if bottom <= 0 or top <= 0:
        return None
    return _half_up(top / bottom * multiplier, FOUR)


def single_score(value: Decimal | None, flag: str, rule: Rule, benchmark: Decimal | None) -> tuple[Decimal, Decimal]:
    """(ratio used, score)."""
    if flag in CAPPED_ZERO.values():
        return rule.cap, _half_up(rule.cap * rule.weight)
    if value is None or benchmark is None:
        return Decimal(0), Decimal("0.00")
    ratio = max(Decimal(0), min(value / benchmark, rule.cap))
    return _half_up(ratio, FOUR), _half_up(ratio * rule.weight)


def _grade_by_lines(score: Decimal, lines: tuple[Decimal, Decimal, Decimal]) -> str:
    for grade, line in zip("ABC", lines, strict=True):
        if score >= line:
            return grade
    return "D"


def _grade_by_shares(results: list[Result], shares: tuple[Decimal, Decimal, Decimal]) -> None:
    ordered = sorted((r.score for r in results), reverse=True)
    count = len(ordered)
    cutoffs: list[Decimal | None] = []
    total = Decimal(0)
    for share in shares:
        total += share
        reach = int(_half_up(count * total / 100, Decimal(1)))
        cutoffs.append(ordered[min(reach, count) - 1] if reach >= 1 else None)
    for result in results:
        result.grade = next(
            (g for g, cut in zip("ABC", cutoffs, strict=True) if cut is not None and result.score >= cut), "D"
        )


def _rank(results: list[Result]) -> None:
    """Competition ranking (1, 2, 2, 4) by score."""
    ordered = sorted(results, key=lambda r: r.score, reverse=True)
    for position, result in enumerate(ordered, start=1):
        previous = ordered[position - 2] if position > 1 else None
        result.rank = previous.rank if previous is not None and previous.score == result.score else position


def evaluate(entries: Mapping[Any, Figures], rules: Sequence[Rule], classing: Classing) -> dict[Any, Result]:
    """Score and class every entry (key → figures) under `rules` and `classing`."""
    small = {key: is_small(figures, classing) for key, figures in entries.items()}
    classed_rows = [figures for key, figures in entries.items() if not small[key]]
    benchmarks = {
        rule.indicator: rule.benchmark if rule.benchmark is not None else county_benchmark(rule.indicator, classed_rows)
        for rule in rules
    }
    results: dict[Any, Result] = {}
    for key, figures in entries.items():
        result = Result(key=key, small=small[key])
        for rule in rules:
            value, flag = indicator_value(rule.indicator, figures)
            benchmark = benchmarks[rule.indicator]
            if benchmark is None and not flag:
                flag = NO_BENCHMARK
            ratio, score = single_score(value, flag, rule, benchmark)
            result.incomplete |= flag in INCOMPLETE_FLAGS
            result.score += score
            result.breakdown.append(
                {
                    "indicator": rule.indicator,
                    "label": Indicator(rule.indicator).label,
                    "unit": FORMULAS[rule.indicator][3],
                    "value": None if value is None else str(_half_up(value, FOUR)),
                    "benchmark": None if benchmark is None else str(benchmark),
                    "ratio": str(ratio),
                    # The value over the benchmark before the cap (the page shows both when they differ).
                    "raw": None if value is None or not benchmark else str(_half_up(value / benchmark, FOUR)),
                    "weight": str(rule.weight),
                    "cap": str(rule.cap),
                    "score": str(score),
                    "flag": flag,
                }
            )
        results[key] = result
    classed = [r for r in results.values() if not r.small]
    if classing.rule == ClassRule.SHARES and classing.shares is not None:
        _grade_by_shares(classed, classing.shares)
    elif classing.lines is not None:
        for result in classed:
            result.grade = _grade_by_lines(result.score, classing.lines)
    _rank(classed)
    _rank([r for r in results.values() if r.small])
    return results
