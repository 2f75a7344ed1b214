"""The leader's home panel: where the units stand in the three rates this month (shown by mashangdu/home.py)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone

from mashangdu.core.models import Role, User
from mashangdu.reports.rates import Period, RateRow, ranking

GROUPS = (("department", "县直部门"), ("township", "乡镇"))
SHOWN = 3  # the first and the last three of each group
# Said on the pages that open on last month because this month has nobody ranked yet.
FALLBACK_NOTE = "本月尚无单位达到最小样本，显示上月"


def latest_ranked(now: Any) -> tuple[Period, dict[str, list[RateRow]]]:
    """This month's rankings, or last month's while this month has nobody ranked yet (its first days)."""
    today = timezone.localtime(now).date()
    this_month = Period.month(today.year, today.month)
    last_month = Period.month(*((today.year, today.month - 1) if today.month > 1 else (today.year - 1, 12)))
    for period in (this_month, last_month):
        groups = {g: [r for r in ranking(period, group=g, now=now) if r.rank is not None] for g, _ in GROUPS}
        if any(groups.values()):
            return period, groups
    return this_month, {g: [] for g, _ in GROUPS}


def home_panels(user: User) -> list[dict[str, Any]]:
    if not user.has_role(Role.LEADER):
        return []
    period, groups = latest_ranked(timezone.now())
    rows = []
    for group, label in GROUPS:
        ranked = groups[group]
        top = ranked[:SHOWN]
        bottom = [r for r in ranked[-SHOWN:] if r not in top]
        rows.append({"label": label, "top": top, "bottom": bottom, "count": len(ranked)})
    month = f"{period.start:%Y-%m}"
    return [
        {
            "title": f"三率排名（{period.label}）",
            "testid": "leader-ranking",
            "template": "reports/_home_ranking.html",
            "groups": rows,
            "url": f"{reverse('reports:rankings')}?month={month}",
            "dashboard": reverse("reports:dashboard"),
            "total": sum(row["count"] for row in rows),
            "empty": f"{period.label}还没有单位参与排名：派单、答复和评价发生后，排名即按响应率、解决率、满意率计算。",
        }
    ]
