"""The arithmetic on hand-computed data (decision 0041): single scores with benchmarks and caps, missing
figures, zero land, zero energy, the county's benchmark, the small-enterprise rule, lines and shares with ties."""

from __future__ import annotations

from decimal import Decimal as D
from typing import Any

from mashangdu.efficiency.scoring import Classing, Rule, evaluate

RULES = [
    Rule("tax_per_mu", D(40), D(10), D("1.5")),
    Rule("value_added_per_energy", D(30), D(2), D(2)),
    Rule("rd_ratio", D(30), D(3), D("1.5")),
]
LINES = Classing(rule="thresholds", lines=(D(100), D(60), D(30)), small_land_below=D(5))


def run(entries: dict[str, dict[str, Any]], rules: list[Rule] = RULES, classing: Classing = LINES) -> Any:
    return evaluate(
        {k: {f: None if v is None else D(str(v)) for f, v in e.items()} for k, e in entries.items()}, rules, classing
    )


def scores(result: Any) -> list[str]:
    return [item["score"] for item in result.breakdown]


def test_single_scores_are_capped_multiples_of_the_weight() -> None:
    # 亩均税收 300/20 = 15 → 15/10 = 1.5 → 60.00; 单位能耗增加值 500/200 = 2.5 → 1.25 × 30 = 37.50;
    # R&D 60/1000 = 6% → 2, capped at 1.5 → 45.00; total 142.50, class A.
    x = run(
        {"x": {"land_area": 20, "tax": 300, "added_value": 500, "energy_use": 200, "rd_spending": 60, "revenue": 1000}}
    )["x"]
    assert scores(x) == ["60.00", "37.50", "45.00"]
    assert x.score == D("142.50") and x.grade == "A" and not x.incomplete
    assert x.breakdown[2]["ratio"] == "1.5000" and x.breakdown[2]["value"] == "6.0000"


def test_a_missing_figure_scores_zero_and_marks_the_enterprise_incomplete() -> None:
    # 亩均税收 120/50 = 2.4 → 0.24 × 40 = 9.60; no energy used with added value: the cap, 2 × 30 = 60.00;
    # R&D not reported → 0, 缺数据. 69.60 ≥ 60: class B, still classed.
    y = run(
        {"y": {"land_area": 50, "tax": 120, "added_value": 300, "energy_use": 0, "rd_spending": None, "revenue": 800}}
    )["y"]
    assert scores(y) == ["9.60", "60.00", "0.00"]
    assert [i["flag"] for i in y.breakdown] == ["", "零能耗，按封顶计", "缺数据"]
    assert y.score == D("69.60") and y.grade == "B" and y.incomplete


def test_zero_land_scores_zero_on_the_per_mu_indicators() -> None:
    # Land 0: 亩均税收 cannot be computed → 0, 用地为零; 100/100 = 1 → 0.5 × 30 = 15.00; 10/1000 = 1% → 1/3 × 30
    # = 9.999… → 10.00; total 25.00 < 30: class D, incomplete.
    z = run(
        {"z": {"land_area": 0, "tax": 100, "added_value": 100, "energy_use": 100, "rd_spending": 10, "revenue": 1000}}
    )["z"]
    assert scores(z) == ["0.00", "15.00", "10.00"]
    assert z.breakdown[0]["flag"] == "用地为零" and z.breakdown[0]["value"] is None
    assert z.score == D("25.00") and z.grade == "D" and z.incomplete


def test_missing_land_is_missing_data_and_negative_added_value_scores_zero() -> None:
    q = run(
        {"q": {"land_area": None, "tax": 100, "added_value": -50, "energy_use": 10, "rd_spending": 0, "revenue": 10}}
    )["q"]
    assert scores(q) == ["0.00", "0.00", "0.00"]
    assert q.breakdown[0]["flag"] == "缺数据" and q.grade == "D" and q.incomplete


def test_a_score_equal_to_a_line_gets_the_higher_class() -> None:
    # 150/10 = 15 → 1.5 × 40 = 60.00 exactly, nothing else: B, not C.
    w = run({"w": {"land_area": 10, "tax": 150, "added_value": 0, "energy_use": 10, "rd_spending": 0, "revenue": 100}})[
        "w"
    ]
    assert w.score == D("60.00") and w.grade == "B" and not w.incomplete


def test_small_enterprises_are_scored_and_ranked_apart_without_a_class() -> None:
    results = run(
        {
            "big": {"land_area": 10, "tax": 50, "added_value": 10, "energy_use": 10, "rd_spending": 3, "revenue": 100},
            "tiny": {"land_area": 3, "tax": 60, "added_value": 10, "energy_use": 10, "rd_spending": 3, "revenue": 100},
        }
    )
    assert results["tiny"].small and results["tiny"].grade == "" and results["tiny"].rank == 1
    assert results["tiny"].score == D("105.00")  # 20/10 capped at 1.5 → 60, 1/2 → 15, 3% → 30
    assert not results["big"].small and results["big"].rank == 1 and results["big"].grade == "B"  # 20 + 15 + 30


def test_small_by_revenue_and_the_county_benchmark_leaves_small_ones_out() -> None:
    rules = [Rule("tax_per_mu", D(10), None, D("1.5"))]
    classing = Classing(rule="thresholds", lines=(D(10), D(5), D(1)), small_revenue_below=D(500))
    results = run(
        {
            "a": {"land_area": 10, "tax": 100, "revenue": 1000},
            "b": {"land_area": 30, "tax": 100, "revenue": 1000},
            "small": {"land_area": 1, "tax": 900, "revenue": 100},
        },
        rules,
        classing,
    )
    # Benchmark Σ tax / Σ land of a and b = 200 / 40 = 5: a 10/5 = 2 → capped 1.5 → 15.00; b 3.333/5 → 6.67.
    assert results["a"].breakdown[0]["benchmark"] == "5.0000"
    assert results["a"].score == D("15.00") and results["a"].grade == "A"
    assert results["b"].score == D("6.67") and results["b"].grade == "B"
    assert results["small"].small and results["small"].grade == ""


def test_shares_with_ties_at_the_boundary_share_the_higher_class() -> None:
    rules = [Rule("tax_per_mu", D(100), D(1), D(10))]
    classing = Classing(rule="shares", shares=(D(20), D(30), D(30)))
    taxes = {
        "e1": "0.9",
        "e2": "0.8",
        "e3": "0.8",
        "e4": "0.7",
        "e5": "0.6",
        "e6": "0.5",
        "e7": "0.4",
        "e8": "0.3",
        "e9": "0.2",
        "e10": "0.1",
    }
    results = run({k: {"land_area": 1, "tax": t} for k, t in taxes.items()}, rules, classing)
    # Ten enterprises: A the top round(2) → cut at 80, e3 ties e2 → A; B up to round(5) → cut at 60; C up to 8.
    assert [results[k].grade for k in taxes] == ["A", "A", "A", "B", "B", "C", "C", "C", "D", "D"]
    assert [results[k].rank for k in taxes] == [1, 2, 2, 4, 5, 6, 7, 8, 9, 10]


def test_no_benchmark_computable_scores_zero_with_a_flag() -> None:
    rules = [Rule("rd_ratio", D(10), None, D(1))]
    results = run(
        {"a": {"rd_spending": 0, "revenue": 100}}, rules, Classing(rule="thresholds", lines=(D(3), D(2), D(1)))
    )
    assert results["a"].score == D("0.00") and results["a"].breakdown[0]["flag"] == "无基准"
