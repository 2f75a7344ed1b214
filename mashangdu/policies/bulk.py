"""The bulk matcher: every active enterprise's facts read once into columns (numpy arrays), then each clause's
conditions evaluated as boolean masks over those columns.

`FactTable.load()` reads, in four queries whatever the number of clauses: the active enterprises' registry
columns, every key-figures row (figures as whole cents, an empty figure as MISSING), the tag links and the
payments. Figures are compared in integer cents, so a value equal to the threshold is equal (no float
rounding), and the R&D ratio is `rd × 100 ≥ t × revenue` in integers as matching.py does in decimals.
An enterprise is eligible when every condition's mask is true: a missing figure, division, registration
date or scale never makes a mask true (matching.py says 缺少数据 for it). tests/test_agreement.py compares
this with the Python evaluator on both sides of every kind of condition, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

import numpy as np
import numpy.typing as npt
from django.db import connection

from mashangdu.enterprises.models import Enterprise, KeyFigures
from mashangdu.policies.models import ConditionKind, Operator, Payment
from mashangdu.policies.rules import Rule

Mask = npt.NDArray[np.bool_]
Ints = npt.NDArray[np.int64]
MISSING = -(2**62)  # an empty figure or date (figures are bounded far below this in cents)
FIGURE_COLUMNS = ("revenue", "tax", "employees", "rd_spending", "land_area", "energy_use")
SCALES = ("large", "medium", "small", "micro")


def _codes(values: tuple[str, ...], known: dict[str, int]) -> Ints:
    """Each value's index in `known` (grown as new values come; '' for none)."""
    uniques, inverse = np.unique(np.array(values, dtype=str), return_inverse=True)
    lookup = np.array([known.setdefault(str(v), len(known)) for v in uniques.tolist()], dtype=np.int64)
    return lookup[inverse.reshape(-1)] if len(values) else np.zeros(0, dtype=np.int64)


def _cents(value: Decimal | None) -> int:
    return MISSING if value is None else int((Decimal(value) * 100).to_integral_value())


@dataclass
class FactTable:
    """Columns of the active enterprises' facts, one row per enterprise (sorted by id)."""

    ids: Ints
    industry: Ints
    division: Ints
    scale: Ints
    above: Mask
    township: Ints  # the index of the enterprise's township in `townships`
    townships: Ints  # the distinct township ids, sorted
    registered: Ints  # date ordinals, MISSING when empty
    codes: dict[str, int]  # section / division / scale code → the index stored above
    latest: dict[str, Ints]  # figure → cents of the row of the enterprise's greatest year
    by_year: dict[int, dict[str, Ints]]
    tags: dict[int, Mask]
    received: dict[int, Ints] = field(default_factory=dict)  # clause id → enterprise ids paid under it

    @classmethod
    def load(cls) -> FactTable:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT id, industry, COALESCE(industry_division_id, ''), scale, above_designated_size, township_id,"  # noqa: S608 - table names from the models
                f" registered_on FROM {Enterprise._meta.db_table} WHERE is_active ORDER BY id"
            )
            rows = cursor.fetchall()
            # Whole cents: PostgreSQL's numeric → bigint cast is exact here (two decimals); SQLite keeps
            # decimals as floats (0.29 × 100 = 28.999…), so it rounds first.
            cast = "CAST(ROUND({} * 100) AS BIGINT)" if connection.vendor == "sqlite" else "CAST({} * 100 AS BIGINT)"
            cents = ", ".join(f"COALESCE({cast.format(c)}, {MISSING})" for c in FIGURE_COLUMNS)
            cursor.execute(
                f"SELECT enterprise_id, year, {cents} FROM {KeyFigures._meta.db_table}"  # noqa: S608 - names from the models and FIGURE_COLUMNS only
            )
            figures = np.array(cursor.fetchall(), dtype=np.int64).reshape(-1, 2 + len(FIGURE_COLUMNS))
        through = Enterprise.tags.through
        links = np.array(list(through.objects.values_list("enterprise_id", "enterprisetag_id")), dtype=np.int64)
        paid = np.array(list(Payment.objects.values_list("clause_id", "enterprise_id")), dtype=np.int64)
        return cls._build(rows, figures, links.reshape(-1, 2), paid.reshape(-1, 2))

    @classmethod
    def _build(cls, rows: list[tuple], figures: Ints, links: Ints, paid: Ints) -> FactTable:
        n = len(rows)
        codes: dict[str, int] = {"": 0}
        columns = list(zip(*rows, strict=True)) if rows else [()] * 7
        ids = np.array(columns[0], dtype=np.int64)
        townships, township = np.unique(np.array(columns[5], dtype=np.int64), return_inverse=True)
        registered = np.fromiter((d.toordinal() if d else MISSING for d in columns[6]), dtype=np.int64, count=n)
        table = cls(
            ids=ids,
            industry=_codes(columns[1], codes),
            division=_codes(columns[2], codes),
            scale=_codes(columns[3], codes),
            above=np.array(columns[4], dtype=bool),
            township=township,
            townships=townships,
            registered=registered,
            codes=codes,
            latest={},
            by_year={},
            tags={},
        )
        # Figures sorted by (enterprise, year): the last row of each enterprise is its latest; rows of
        # enterprises not in the table (no longer active) are dropped.
        figures = figures[np.lexsort((figures[:, 1], figures[:, 0]))]
        at = np.searchsorted(ids, figures[:, 0])
        known = (at < n) & (ids[np.minimum(at, max(n - 1, 0))] == figures[:, 0]) if n else np.zeros(0, bool)
        figures, at = figures[known], at[known]
        last = np.ones(len(at), dtype=bool)
        last[:-1] = at[:-1] != at[1:]
        for i, name in enumerate(FIGURE_COLUMNS):
            column = np.full(n, MISSING, dtype=np.int64)
            column[at[last]] = figures[last, 2 + i]
            table.latest[name] = column
        for year in np.unique(figures[:, 1]).tolist():
            of_year = figures[:, 1] == year
            table.by_year[int(year)] = {}
            for i, name in enumerate(FIGURE_COLUMNS):
                column = np.full(n, MISSING, dtype=np.int64)
                column[at[of_year]] = figures[of_year, 2 + i]
                table.by_year[int(year)][name] = column
        table.tags = {int(tag): table.isin(links[links[:, 1] == tag, 0]) for tag in np.unique(links[:, 1]).tolist()}
        order = np.argsort(paid[:, 0], kind="stable")
        paid = paid[order]
        for clause_id in np.unique(paid[:, 0]).tolist():
            lo, hi = np.searchsorted(paid[:, 0], [clause_id, clause_id + 1])
            table.received[int(clause_id)] = paid[lo:hi, 1]
        return table

    def isin(self, ids: Iterable[int] | Ints) -> Mask:
        """The rows of these enterprise ids (a binary search per id: the table's ids are sorted)."""
        return _positions(self.ids, ids)

    def _of(self, values: Iterable[str], column: Ints) -> Mask:
        wanted = [self.codes[v] for v in values if v and v in self.codes]
        lookup = np.zeros(len(self.codes), dtype=bool)
        lookup[wanted] = True
        return lookup[column]

    def _figures(self, rule: Rule) -> dict[str, Ints] | None:
        if rule.year is None:
            return self.latest
        return self.by_year.get(int(rule.year))

    def mask(self, rule: Rule, today: dt.date) -> Mask:
        """True exactly where matching.evaluate_rule says 满足."""
        kind, n = rule.kind, len(self.ids)
        if kind == ConditionKind.INDUSTRY:
            return self._of(rule.sections, self.industry) | self._of(rule.divisions, self.division)
        if kind == ConditionKind.SCALE:
            return self._of(rule.scales, self.scale)
        if kind == ConditionKind.ABOVE_SIZE:
            return self.above == bool(rule.flag)
        if kind == ConditionKind.TOWNSHIP:
            return _positions(self.townships, rule.townships)[self.township]
        if kind in (ConditionKind.FIGURE, ConditionKind.RD_RATIO):
            figures = self._figures(rule)
            if figures is None:  # nobody has a row of that year
                return np.zeros(n, dtype=bool)
            return _figure_mask(rule, figures)
        if kind == ConditionKind.AGE:
            bound = rule.age_bound(today).toordinal()
            present = self.registered != MISSING
            met = self.registered <= bound if rule.operator == Operator.GE else self.registered > bound
            return present & met
        if kind == ConditionKind.TAGS_ANY:
            return self._tags(rule.tags, any_of=True)
        if kind == ConditionKind.TAGS_ALL:
            return self._tags(rule.tags, any_of=False)
        if kind == ConditionKind.EXCLUDE_TAGS:
            return ~self._tags(rule.tags, any_of=True)
        if kind == ConditionKind.EXCLUDE_ENTERPRISES:
            return ~self.isin(rule.enterprises)
        if kind == ConditionKind.NOT_RECEIVED:
            paid = self.received.get(rule.clause_id)
            return np.ones(n, dtype=bool) if paid is None else ~self.isin(paid)
        raise ValueError(f"unknown condition kind {kind}")

    def _tags(self, tags: frozenset[int], any_of: bool) -> Mask:
        n = len(self.ids)
        none = np.zeros(n, dtype=bool)
        if any_of:
            result = none.copy()
            for tag in tags:
                result |= self.tags.get(tag, none)
            return result
        result = np.ones(n, dtype=bool)
        for tag in tags:
            result &= self.tags.get(tag, none)
        return result

    def eligible(self, rules: list[Rule], today: dt.date) -> Ints:
        """The ids of the enterprises meeting every rule (all active ones for a clause without rules)."""
        met = np.ones(len(self.ids), dtype=bool)
        for rule in rules:
            met &= self.mask(rule, today)
            if not met.any():
                break
        return self.ids[met]


def _positions(sorted_ids: Ints, ids: Iterable[int] | Ints) -> Mask:
    """A mask over `sorted_ids`, true where the id is one of `ids`."""
    wanted = ids if isinstance(ids, np.ndarray) else np.fromiter(ids, dtype=np.int64)
    found = np.zeros(len(sorted_ids), dtype=bool)
    if len(wanted) and len(sorted_ids):
        at = np.minimum(np.searchsorted(sorted_ids, wanted), len(sorted_ids) - 1)
        found[at[sorted_ids[at] == wanted]] = True
    return found


def _figure_mask(rule: Rule, figures: dict[str, Ints]) -> Mask:
    threshold = _cents(rule.threshold or Decimal(0))
    ge = rule.operator == Operator.GE
    if rule.kind == ConditionKind.FIGURE:
        values = figures[rule.figure]
        return (values != MISSING) & (values >= threshold if ge else values <= threshold)
    rd, revenue = figures["rd_spending"], figures["revenue"]
    present = (rd != MISSING) & (revenue != MISSING) & (revenue > 0)
    # rd / revenue ≥ t% ⇔ rd × 100 ≥ t × revenue; in cents: rd_c × 10,000 ≥ t_c × revenue_c. Products stay
    # below 2^63 while t ≤ 100 % (the form's bound); beyond it exact Python integers are used.
    if 0 <= threshold <= 10_000:
        left, right = np.where(present, rd, 0) * 10_000, threshold * np.where(present, revenue, 0)
    else:
        left = np.where(present, rd, 0).astype(object) * 10_000
        right = np.where(present, revenue, 0).astype(object) * threshold
    return present & np.asarray(left >= right if ge else left <= right, dtype=bool)


def eligible_pairs(clauses: dict[int, list[Rule]], today: dt.date, table: FactTable | None = None) -> dict[int, Ints]:
    """Each clause's eligible enterprise ids (sorted), the facts read once."""
    table = table or FactTable.load()
    return {clause_id: table.eligible(rules, today) for clause_id, rules in clauses.items()}


def eligible_ids(clause_id: int, rules: list[Rule], today: dt.date) -> list[int]:
    return eligible_pairs({clause_id: rules}, today)[clause_id].tolist()
