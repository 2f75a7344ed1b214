"""Pages of long lists that count at most a cap of rows (issue 19, decision 0044)."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.utils.functional import cached_property

# A list counts at most this many rows: beyond it the page says "more than 1,000" and offers the pages up to
# the cap (34 pages of 30); past them staff narrow the filter or search. A full COUNT(*) at a million appeals
# took longer than the page itself, and a filtered count visits one table row per appeal counted (about 25 µs
# each on the benchmark machine): 1,000 rows keep it within the page's budget, 10,000 would not (decision 0044).
COUNT_CAP = 1_000


class CappedPaginator(Paginator):
    """A Paginator whose `count` reads at most `cap` + 1 rows (SELECT count(*) FROM (... LIMIT cap + 1)).
    When there are more, `capped` is true, `count` is `cap` and the pages stop at the cap's last page."""

    def __init__(
        self, object_list: object, per_page: int, *, cap: int | None = None, over_cap: bool = False, **kwargs: object
    ) -> None:
        super().__init__(object_list, per_page, **kwargs)  # type: ignore[arg-type]
        self.cap = COUNT_CAP if cap is None else cap
        # The caller already knows the rows exceed the cap (a text search that read cap + 1 matches of these
        # very rows, decision 0050): the count is not run again.
        self.over_cap = over_cap

    @cached_property
    def _counted(self) -> int:
        if self.over_cap:
            return self.cap + 1
        rows = self.object_list
        if isinstance(rows, list | tuple):
            return min(len(rows), self.cap + 1)
        # The count needs no order: the database picks the cheapest path to cap + 1 rows.
        return rows.order_by()[: self.cap + 1].count()  # type: ignore[attr-defined]

    @cached_property
    def count(self) -> int:
        return min(self._counted, self.cap)

    @property
    def capped(self) -> bool:
        """More rows than the cap: the list shows "more than `cap`"."""
        return self._counted > self.cap
