"""Enterprise scale (大/中/小/微) by the NBS rule, from the yearly key figures.

Source: 国家统计局《统计上大中小微型企业划分办法（2017）》(国统字〔2017〕213号), its table of thresholds and
its note 1: "大型、中型和小型企业须同时满足所列指标的下限，否则下划一档；微型企业只须满足所列指标中的一项即可。"
So a tier needs EVERY listed figure at or above its lower bound (large and medium, and small too);
one figure below the small bound makes the enterprise micro.

Units: 从业人员 X in persons, 营业收入 Y and 资产总额 Z in 万元 (ten thousand yuan), as KeyFigures stores them.

| rule (行业)            | figure | large ≥  | medium ≥ | small ≥ | GB/T 4754—2017 divisions   |
|------------------------|--------|----------|----------|---------|----------------------------|
| 农、林、牧、渔业        | Y      | 20000    | 500      | 50      | 01–05                      |
| 工业                   | X      | 1000     | 300      | 20      | 06–46 (采矿、制造、电热燃水) |
|                        | Y      | 40000    | 2000     | 300     |                            |
| 建筑业                 | Y      | 80000    | 6000     | 300     | 47–50                      |
|                        | Z      | 80000    | 5000     | 300     |                            |
| 批发业                 | X      | 200      | 20       | 5       | 51                         |
|                        | Y      | 40000    | 5000     | 1000    |                            |
| 零售业                 | X      | 300      | 50       | 10      | 52                         |
|                        | Y      | 20000    | 500      | 100     |                            |
| 交通运输业             | X      | 1000     | 300      | 20      | 53–58                      |
|                        | Y      | 30000    | 3000     | 200     |                            |
| 仓储业                 | X      | 200      | 100      | 20      | 59                         |
|                        | Y      | 30000    | 1000     | 100     |                            |
| 邮政业                 | X      | 1000     | 300      | 20      | 60                         |
|                        | Y      | 30000    | 2000     | 100     |                            |
| 住宿业                 | X      | 300      | 100      | 10      | 61                         |
|                        | Y      | 10000    | 2000     | 100     |                            |
| 餐饮业                 | X      | 300      | 100      | 10      | 62                         |
|                        | Y      | 10000    | 2000     | 100     |                            |
| 信息传输业             | X      | 2000     | 100      | 10      | 63–64                      |
|                        | Y      | 100000   | 1000     | 100     |                            |
| 软件和信息技术服务业   | X      | 300      | 100      | 10      | 65                         |
|                        | Y      | 10000    | 1000     | 50      |                            |
| 房地产开发经营         | Y      | 200000   | 1000     | 100     | class 7010 (in division 70) |
|                        | Z      | 10000    | 5000     | 2000    |                            |
| 物业管理               | X      | 1000     | 300      | 100     | class 7020 (in division 70) |
|                        | Y      | 5000     | 1000     | 500     |                            |
| 租赁和商务服务业       | X      | 300      | 100      | 10      | 71–72                      |
|                        | Z      | 120000   | 8000     | 100     |                            |
| 其他未列明行业         | X      | 300      | 100      | 10      | 73–90 (科研…文体娱乐), 70 other than 7010/7020 |

The rule does not apply to 金融业 (66–69), 公共管理、社会保障和社会组织 (91–96) or 国际组织 (97): no scale.
Division 70 (房地产业) holds 房地产开发经营, 物业管理, 中介, 租赁经营 and 其他 under different rules; the
registry stores divisions, not classes, so for 70 the scale is not computed (未能判定) and stays as entered.

Missing figures are never guessed: when a figure the rule needs is empty the scale is unknown (None),
except that one known figure below its small bound already makes the enterprise micro (note 1)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from mashangdu.enterprises.models import Scale

X, Y, Z = "employees", "revenue", "total_assets"
FIGURE_LABELS = {X: "从业人员", Y: "营业收入", Z: "资产总额"}

# rule → [(figure, large, medium, small)]
RULES: dict[str, list[tuple[str, int, int, int]]] = {
    "农、林、牧、渔业": [(Y, 20000, 500, 50)],
    "工业": [(X, 1000, 300, 20), (Y, 40000, 2000, 300)],
    "建筑业": [(Y, 80000, 6000, 300), (Z, 80000, 5000, 300)],
    "批发业": [(X, 200, 20, 5), (Y, 40000, 5000, 1000)],
    "零售业": [(X, 300, 50, 10), (Y, 20000, 500, 100)],
    "交通运输业": [(X, 1000, 300, 20), (Y, 30000, 3000, 200)],
    "仓储业": [(X, 200, 100, 20), (Y, 30000, 1000, 100)],
    "邮政业": [(X, 1000, 300, 20), (Y, 30000, 2000, 100)],
    "住宿业": [(X, 300, 100, 10), (Y, 10000, 2000, 100)],
    "餐饮业": [(X, 300, 100, 10), (Y, 10000, 2000, 100)],
    "信息传输业": [(X, 2000, 100, 10), (Y, 100000, 1000, 100)],
    "软件和信息技术服务业": [(X, 300, 100, 10), (Y, 10000, 1000, 50)],
    "房地产开发经营": [(Y, 200000, 1000, 100), (Z, 10000, 5000, 2000)],
    "物业管理": [(X, 1000, 300, 100), (Y, 5000, 1000, 500)],
    "租赁和商务服务业": [(X, 300, 100, 10), (Z, 120000, 8000, 100)],
    "其他未列明行业": [(X, 300, 100, 10)],
}

_SPANS = [
    (1, 5, "农、林、牧、渔业"),
    (6, 46, "工业"),
    (47, 50, "建筑业"),
    (51, 51, "批发业"),
    (52, 52, "零售业"),
    (53, 58, "交通运输业"),
    (59, 59, "仓储业"),
    (60, 60, "邮政业"),
    (61, 61, "住宿业"),
    (62, 62, "餐饮业"),
    (63, 64, "信息传输业"),
    (65, 65, "软件和信息技术服务业"),
    (71, 72, "租赁和商务服务业"),
    (73, 90, "其他未列明行业"),
]
NOT_COVERED = "该行业（金融业、公共管理和社会组织、国际组织）不在划分办法适用范围内"
AMBIGUOUS = "房地产业（70）含开发经营、物业管理等不同标准的小类，只登记了大类，无法判定"


def rule_for(division: str) -> str | None:
    """The rule of a two-digit GB/T 4754—2017 division, or None (not covered, or 70: see the docstring)."""
    if not (len(division) == 2 and division.isdigit()):
        return None
    number = int(division)
    return next((rule for low, high, rule in _SPANS if low <= number <= high), None)


@dataclass(frozen=True)
class ScaleResult:
    scale: Scale | None  # None: not determined
    reason: str  # Chinese: the rule and figures used, or why it could not be determined

    @property
    def label(self) -> str:
        return self.scale.label if self.scale else "未能判定"


def classify(rule: str, figures: dict[str, int | Decimal | None]) -> ScaleResult:
    """The scale by `rule` (a key of RULES) from `figures` ({"employees": …, "revenue": …, "total_assets": …})."""
    lines = RULES[rule]
    missing = [FIGURE_LABELS[figure] for figure, *_ in lines if figures.get(figure) is None]
    below_small = [
        FIGURE_LABELS[figure]
        for figure, _, _, small in lines
        if (value := figures.get(figure)) is not None and value < small
    ]
    if below_small:
        return ScaleResult(Scale.MICRO, f"按“{rule}”标准，{'、'.join(below_small)}低于小型下限")
    if missing:
        return ScaleResult(None, f"按“{rule}”标准需要{'、'.join(missing)}，尚未填报")
    for tier, bound in ((Scale.LARGE, _large), (Scale.MEDIUM, _medium)):
        if all(Decimal(figures[line[0]] or 0) >= bound(line) for line in lines):
            return ScaleResult(tier, f"按“{rule}”标准，各项指标均达到{tier.label}下限")
    return ScaleResult(Scale.SMALL, f"按“{rule}”标准，各项指标均达到小型下限")


def _large(line: tuple[str, int, int, int]) -> int:
    return line[1]


def _medium(line: tuple[str, int, int, int]) -> int:
    return line[2]


def nbs_scale(division: str | None, figures: dict[str, int | Decimal | None]) -> ScaleResult:
    """The scale of an enterprise of `division` with `figures` (its latest year's), or why none."""
    if not division:
        return ScaleResult(None, "未登记行业大类")
    rule = rule_for(division)
    if rule is None:
        return ScaleResult(None, AMBIGUOUS if division == "70" else NOT_COVERED)
    return classify(rule, figures)
