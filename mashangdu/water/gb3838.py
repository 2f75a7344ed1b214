"""GB 3838—2002 Table 1 and the single-factor assessment (docs/standards.md §Surface water quality), as a pure
module: no database, no Django. Values are Decimals so that a value equal to a limit is exactly that class.

- A sample's class is the worst class over the assessed items it measured (单因子评价); worse than Ⅴ is 劣Ⅴ (6).
- Dissolved oxygen is higher-is-better (7.5 is taken for Ⅰ; the 90 % saturation alternative needs the
  saturation, which the exports do not carry). pH outside 6–9 is 劣Ⅴ; inside it meets every class.
- Total phosphorus: river limits for rivers, lake limits for lakes and reservoirs.
- Total nitrogen and fecal coliform: assessed for lakes and reservoirs; for rivers their class is reported
  separately (`reported`) and never enters the sample's class.
- Water temperature, conductivity and turbidity are recorded, never classified.
- Exceedance (超标) against the target class: items whose class is worse than the target, with the multiple
  (C − limit) / limit (DO: (limit − C) / limit; pH: none), worst first (item class, then multiple)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

WORSE_THAN_V = 6
NUMERALS = {1: "Ⅰ", 2: "Ⅱ", 3: "Ⅲ", 4: "Ⅳ", 5: "Ⅴ", 6: "劣Ⅴ"}


def class_label(klass: int | None) -> str:
    return f"{NUMERALS[klass]}类" if klass in NUMERALS else "—"


@dataclass(frozen=True)
class Item:
    key: str
    label: str
    unit: str
    limits: tuple[str, ...] = ()  # Ⅰ…Ⅴ; empty: not classified
    higher_is_better: bool = False
    lake_limits: tuple[str, ...] = ()  # total phosphorus in lakes and reservoirs
    rivers: bool = True  # assessed in rivers (False: reported separately there)

    @property
    def classified(self) -> bool:
        return bool(self.limits) or self.key == "ph"

    def limits_for(self, standing: bool) -> tuple[Decimal, ...]:
        return _LIMITS[(self.key, standing)]


def _i(key: str, label: str, unit: str, *limits: str, **kw: object) -> Item:
    return Item(key, label, unit, tuple(limits), **kw)  # type: ignore[arg-type]


MG = "mg/L"
ITEMS: dict[str, Item] = {
    i.key: i
    for i in (
        _i("temperature", "水温", "℃"),
        _i("ph", "pH", "无量纲"),
        _i("do", "溶解氧", MG, "7.5", "6", "5", "3", "2", higher_is_better=True),
        _i("conductivity", "电导率", "μS/cm"),
        _i("turbidity", "浊度", "NTU"),
        _i("codmn", "高锰酸盐指数", MG, "2", "4", "6", "10", "15"),
        _i("cod", "化学需氧量", MG, "15", "15", "20", "30", "40"),
        _i("bod5", "五日生化需氧量", MG, "3", "3", "4", "6", "10"),
        _i("nh3n", "氨氮", MG, "0.15", "0.5", "1.0", "1.5", "2.0"),
        _i("tp", "总磷", MG, "0.02", "0.1", "0.2", "0.3", "0.4", lake_limits=("0.01", "0.025", "0.05", "0.1", "0.2")),
        _i("tn", "总氮", MG, "0.2", "0.5", "1.0", "1.5", "2.0", rivers=False),
        _i("cu", "铜", MG, "0.01", "1.0", "1.0", "1.0", "1.0"),
        _i("zn", "锌", MG, "0.05", "1.0", "1.0", "2.0", "2.0"),
        _i("fluoride", "氟化物", MG, "1.0", "1.0", "1.0", "1.5", "1.5"),
        _i("se", "硒", MG, "0.01", "0.01", "0.01", "0.02", "0.02"),
        _i("arsenic", "砷", MG, "0.05", "0.05", "0.05", "0.1", "0.1"),
        _i("hg", "汞", MG, "0.00005", "0.00005", "0.0001", "0.001", "0.001"),
        _i("cd", "镉", MG, "0.001", "0.005", "0.005", "0.005", "0.01"),
        _i("cr6", "六价铬", MG, "0.01", "0.05", "0.05", "0.05", "0.1"),
        _i("pb", "铅", MG, "0.01", "0.01", "0.05", "0.05", "0.1"),
        _i("cyanide", "氰化物", MG, "0.005", "0.05", "0.2", "0.2", "0.2"),
        _i("phenol", "挥发酚", MG, "0.002", "0.002", "0.005", "0.01", "0.1"),
        _i("petroleum", "石油类", MG, "0.05", "0.05", "0.05", "0.5", "1.0"),
        _i("las", "阴离子表面活性剂", MG, "0.2", "0.2", "0.2", "0.3", "0.3"),
        _i("sulfide", "硫化物", MG, "0.05", "0.1", "0.2", "0.5", "1.0"),
        _i("fecal_coliform", "粪大肠菌群", "个/L", "200", "2000", "10000", "20000", "40000", rivers=False),
    )
}
PH_LOW, PH_HIGH = Decimal(6), Decimal(9)
_LIMITS: dict[tuple[str, bool], tuple[Decimal, ...]] = {
    (i.key, standing): tuple(Decimal(x) for x in (i.lake_limits if standing and i.lake_limits else i.limits))
    for i in ITEMS.values()
    for standing in (False, True)
}
_ORDER = {key: n for n, key in enumerate(ITEMS)}


def item_class(key: str, value: Decimal, *, standing: bool = False) -> int | None:
    """The class of one measured item (None: not classified). Equal to a limit is that class."""
    item = ITEMS[key]
    if key == "ph":
        return 1 if PH_LOW <= value <= PH_HIGH else WORSE_THAN_V
    if not item.limits:
        return None
    for klass, limit in enumerate(item.limits_for(standing), start=1):
        if (value >= limit) if item.higher_is_better else (value <= limit):
            return klass
    return WORSE_THAN_V


def limit_of(key: str, klass: int, *, standing: bool = False) -> Decimal | None:
    item = ITEMS[key]
    if not item.limits or not 1 <= klass <= 5:
        return None
    return item.limits_for(standing)[klass - 1]


def multiple(key: str, value: Decimal, target: int, *, standing: bool = False) -> Decimal | None:
    """超标倍数 of `value` against the `target` class's limit, to two decimals (None for pH)."""
    limit = limit_of(key, target, standing=standing)
    if limit is None:
        return None
    excess = (limit - value) if ITEMS[key].higher_is_better else (value - limit)
    return (excess / limit).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Exceedance:
    key: str
    value: Decimal
    item_class: int
    multiple: Decimal | None

    @property
    def label(self) -> str:
        return ITEMS[self.key].label

    def text(self) -> str:
        base = f"{self.label}（{class_label(self.item_class)}）"
        return f"{base}{self.multiple}倍" if self.multiple is not None else base

    def as_json(self) -> dict[str, object]:
        return {
            "item": self.key,
            "label": self.label,
            "value": str(self.value),
            "class": self.item_class,
            "multiple": None if self.multiple is None else str(self.multiple),
        }


@dataclass(frozen=True)
class Assessment:
    klass: int | None  # None: no assessed item measured
    item_classes: dict[str, int]  # every classified item measured, assessed or reported
    assessed: tuple[str, ...]  # the items that made the class
    reported: dict[str, int] = field(default_factory=dict)  # classified but outside the class (rivers' TN)
    exceedances: tuple[Exceedance, ...] = ()
    target: int | None = None

    @property
    def meets_target(self) -> bool | None:
        if self.klass is None or self.target is None:
            return None
        return self.klass <= self.target

    @property
    def determining(self) -> list[str]:
        """The items whose class is the sample's class (定类因子)."""
        return [k for k in self.assessed if self.item_classes[k] == self.klass]


def assess(values: Mapping[str, Decimal | None], *, standing: bool, target: int | None = None) -> Assessment:
    """Single-factor assessment of measured `values` (item key → concentration; None or absent: not measured)."""
    classes: dict[str, int] = {}
    assessed: list[str] = []
    reported: dict[str, int] = {}
    for key, value in values.items():
        if value is None or key not in ITEMS or not ITEMS[key].classified:
            continue
        klass = item_class(key, value, standing=standing)
        if klass is None:
            continue
        classes[key] = klass
        if standing or ITEMS[key].rivers:
            assessed.append(key)
        else:
            reported[key] = klass
    worst = max((classes[k] for k in assessed), default=None)
    exceed: list[Exceedance] = []
    if target is not None:
        for key in assessed:
            if classes[key] > target:
                value = values[key] or Decimal(0)  # measured: None was skipped above
                exceed.append(Exceedance(key, value, classes[key], multiple(key, value, target, standing=standing)))
    exceed.sort(key=lambda e: (-e.item_class, -(e.multiple or Decimal(0)), _ORDER[e.key]))
    return Assessment(worst, classes, tuple(assessed), reported, tuple(exceed), target)


ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5}
FULL_ROMAN = {"Ⅰ": "I", "Ⅱ": "II", "Ⅲ": "III", "Ⅳ": "IV", "Ⅴ": "V"}


def parse_class(raw: object) -> int | None:
    """A published 水质类别: Ⅲ, III, Ⅲ类, 3, 劣Ⅴ, 劣V, 劣五类… → 1–6; None when empty or unreadable."""
    text = str(raw or "").strip().upper().replace(" ", "")
    for full, ascii_ in FULL_ROMAN.items():
        text = text.replace(full, ascii_)
    text = text.replace("类", "").replace("CLASS", "")
    text = text.translate(str.maketrans("一二三四五", "12345"))
    worse = text.startswith("劣")
    text = text.removeprefix("劣")
    if text.endswith(".0"):
        text = text[:-2]
    klass = ROMAN.get(text) or (int(text) if text in {"1", "2", "3", "4", "5"} else None)
    if klass is None:
        return WORSE_THAN_V if text == "6" else None
    if worse:
        return WORSE_THAN_V if klass == 5 else None
    return klass
