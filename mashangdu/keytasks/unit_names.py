"""The names a speech uses for a unit of the county's tree: the full name, the short name, the name
without the county prefix, and the abbreviations Chinese administrative usage derives from a name
(县发展和改革局 → 发展改革局, 发改局; 县住房和城乡建设局 → 住建局; 县卫生健康局 → 卫健局; 县应急管理局 →
应急局), plus "<core>部门" (住建部门, 城市管理部门). Everything is derived from the units in the
database, so a county whose tree says 县发展改革局 or 县环保局 is matched the same way; an alias two
units would share is dropped (it names neither)."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from mashangdu.core.models import Unit, UnitKind

# Kinds a speech can give work to (villages are too many and too alike to be named reliably).
KINDS = [
    UnitKind.DEPARTMENT,
    UnitKind.TOWNSHIP,
    UnitKind.SERVICE_CENTRE,
    UnitKind.SUPERVISION_OFFICE,
    UnitKind.DISCIPLINE_COMMISSION,
]
# Organisational suffixes, longest first: what is left is the name's core (发展和改革, 应急管理).
SUFFIXES: tuple[str, ...] = ("委员会", "办公室", "分局", "大队", "公司", "合作社", "中心")
SUFFIXES += ("局", "委", "办", "室", "院", "社", "站", "所")
SHORT_SUFFIX = {"分局": "局", "委员会": "委", "办公室": "办"}
# Words that abbreviations leave out (行政审批局 → 审批局, 应急管理局 → 应急局, 退役军人事务局 → 退役军人局).
DROPPABLE = ("行政", "综合", "管理", "事务", "服务")
CONJUNCTIONS = re.compile(r"和|与|及|、")


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    unit: Unit


class UnitNames:
    """Aliases of the active units (one query); `mentions(text)` finds them, longest alias first."""

    def __init__(self) -> None:
        units = list(Unit.objects.filter(kind__in=KINDS, is_active=True).order_by("kind", "sort_order", "id"))
        county = Unit.objects.filter(kind=UnitKind.COUNTY).values_list("name", flat=True).first() or ""
        owners: dict[str, set[int]] = {}
        exact: dict[str, Unit] = {}
        by_pk = {u.pk: u for u in units}
        for unit in units:
            for name in (unit.name, unit.short_name):
                if name:
                    exact.setdefault(name, unit)
            for alias in aliases(unit.name, county):
                owners.setdefault(alias, set()).add(unit.pk)
        self.alias: dict[str, Unit] = dict(exact)
        for alias, pks in owners.items():
            if len(pks) == 1 and alias not in self.alias:
                self.alias[alias] = by_pk[next(iter(pks))]
        ordered = sorted(self.alias, key=len, reverse=True)
        self.pattern = re.compile("|".join(map(re.escape, ordered))) if ordered else None

    def resolve(self, name: str) -> Unit | None:
        """The unit a bare name (发改局, 县发展改革局, 生态环境局) stands for, or None."""
        name = name.strip()
        return self.alias.get(name) or self.alias.get(name.removeprefix("县"))

    def mentions(self, text: str) -> list[Mention]:
        if self.pattern is None:
            return []
        return [Mention(m.start(), m.end(), self.alias[m.group()]) for m in self.pattern.finditer(text)]


def aliases(name: str, county: str = "") -> set[str]:
    """Every name a speech may use for the unit called `name` (with or without the county prefix)."""
    bare = _without_county(name, county)
    found = {name, bare}
    suffix = next((s for s in SUFFIXES if bare.endswith(s) and len(bare) > len(s) + 1), "")
    if not suffix:
        return {a for a in found if len(a) >= 3}
    core = bare[: -len(suffix)]
    # A sub-bureau (沧河生态环境分局) is also called a bureau (生态环境局) in speeches.
    # and 委员会, 办公室 are shortened to 委, 办 (发展改革委员会 → 发改委).
    suffixes = {suffix, SHORT_SUFFIX.get(suffix, suffix)}
    for short in _core_variants(core):
        for end in suffixes:
            found.add(short + end)
        if suffix in ("局", "分局", "委", "委员会", "办") and len(short) >= 2:
            found.add(short + "部门")
    return {a for a in found if len(a) >= 3}


def _without_county(name: str, county: str) -> str:
    for prefix in (county, county.removesuffix("县"), "县委县政府", "县委", "县政府", "县"):
        rest = name[len(prefix) :]
        if prefix and name.startswith(prefix) and len(rest) >= 2 and rest not in SUFFIXES:
            return rest
    return name


def _words(part: str) -> list[str]:
    """Administrative names are built of two-character words (信息化: 信息 + 化)."""
    return [part[i : i + 2] for i in range(0, len(part), 2)]


def _core_variants(core: str) -> set[str]:
    parts = [p for p in CONJUNCTIONS.split(core) if p]
    if len(parts) > 1:
        # 发展和改革 → 发展改革, 发改; 住房和城乡建设 → 住建; 人力资源和社会保障 → 人社; 自然资源和规划 → 自然资源.
        initials = [{_words(p)[0][0], _words(p)[-1][0]} for p in parts]
        variants = {"".join(parts)} | {"".join(c) for c in itertools.product(*initials)}
        if len(parts[0]) >= 4:
            variants.add(parts[0])
        return variants
    words = _words(core)
    kept = [w for w in words if w not in DROPPABLE] or words
    variants = {core, "".join(kept)}
    if len(words) >= 2:
        variants.add("".join(w[0] for w in words))  # 卫生健康 → 卫健, 医疗保障 → 医保
        variants.add(words[0])  # 交通运输 → 交通
    if len(words) >= 3:
        variants.add("".join(words[:2]))  # 城市管理综合行政执法 → 城市管理
        variants.add(words[0] + "".join(w[0] for w in words[1:3]))  # 市场监督管理 → 市场监管
    return {v for v in variants if len(v) >= 2}
