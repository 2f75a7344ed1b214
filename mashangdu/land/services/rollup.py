"""The township roll-up (decision 0040): per township, parcels, total 亩, 亩 revitalised, and output and tax
per 亩 before → after as area-weighted means over the revitalised parcels that have both figures:
sum(figure × area) / sum(area). A county row sums the same way over all townships."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from mashangdu.land.models import Parcel, ParcelState

TWO = Decimal("0.01")


@dataclass
class _Weighted:
    weighted: Decimal = Decimal(0)
    area: Decimal = Decimal(0)

    def add(self, value: Decimal, area: Decimal) -> None:
        self.weighted += value * area
        self.area += area

    @property
    def mean(self) -> Decimal | None:
        return (self.weighted / self.area).quantize(TWO) if self.area else None


@dataclass
class RollupRow:
    township_id: int | None
    name: str
    parcels: int = 0
    open: int = 0
    overdue: int = 0
    area: Decimal = Decimal(0)
    revitalised: int = 0
    area_revitalised: Decimal = Decimal(0)
    tax_before: _Weighted = field(default_factory=_Weighted)
    tax_after: _Weighted = field(default_factory=_Weighted)
    output_before: _Weighted = field(default_factory=_Weighted)
    output_after: _Weighted = field(default_factory=_Weighted)

    def add(self, parcel: Parcel, overdue: bool) -> None:
        self.parcels += 1
        self.area += parcel.area_mu
        self.open += parcel.is_open
        self.overdue += overdue
        if parcel.state != ParcelState.REVITALISED:
            return
        self.revitalised += 1
        self.area_revitalised += parcel.area_mu
        if parcel.tax_before is not None and parcel.tax_after is not None:
            self.tax_before.add(parcel.tax_before, parcel.area_mu)
            self.tax_after.add(parcel.tax_after, parcel.area_mu)
        if parcel.output_before is not None and parcel.output_after is not None:
            self.output_before.add(parcel.output_before, parcel.area_mu)
            self.output_after.add(parcel.output_after, parcel.area_mu)


def township_rollup(parcels: Iterable[Parcel], today: dt.date) -> tuple[list[RollupRow], RollupRow]:
    """Rows by township (in the townships' order) and the county total, from the parcels given (the reader's
    scope, filtered). Written-off parcels are left out: they were not idle after all."""
    rows: dict[int, RollupRow] = {}
    total = RollupRow(None, "合计")
    for parcel in parcels:
        if parcel.state == ParcelState.WRITTEN_OFF:
            continue
        overdue = parcel.is_open and parcel.deadline < today
        row = rows.get(parcel.township_id)
        if row is None:
            row = rows[parcel.township_id] = RollupRow(parcel.township_id, parcel.township.name)
        row.add(parcel, overdue)
        total.add(parcel, overdue)
    return list(rows.values()), total
