"""A new appeal is compared with a bounded set (issue 19): the appeals of the last DUPLICATE_DAYS days with its
category or place, and the latest of those days wherever they are."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from mashangdu.appeals.models import Appeal, Status
from mashangdu.routing import similar
from mashangdu.routing.similar import candidates, duplicates
from mashangdu.testing import Org, make_appeal

TEXT = "建设路十八号门前路面塌陷，大货车无法通行"


def aged(days: float, **fields: object) -> Appeal:
    return make_appeal(Status.SUBMITTED, unit=None, submitted_at=timezone.now() - dt.timedelta(days=days), **fields)  # type: ignore[arg-type]


def test_an_appeal_older_than_the_window_is_not_offered_even_if_still_open(org: Org) -> None:
    old = make_appeal(
        Status.HANDLING,
        unit=org.zjj,
        title=TEXT[:20],
        content=TEXT,
        submitted_at=timezone.now() - dt.timedelta(days=40),
    )
    recent = aged(2, title=TEXT[:20], content=TEXT)
    new = aged(0, title=TEXT[:20], content=TEXT)
    assert [d.appeal for d in duplicates(new)] == [recent] and old not in candidates(new)


def test_the_same_place_is_found_beyond_the_latest_few(org: Org, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(similar, "RECENT_CANDIDATES", 2)
    same_village = aged(10, village=org.village, title="村口路灯坏了", content="村口路灯坏了一周")
    later = [aged(1, title=f"其他事项{i}", content=f"其他事项{i}") for i in range(3)]
    new = aged(0, village=org.village, title="村口路灯不亮", content="村口路灯还是不亮")
    pool = candidates(new)
    assert same_village in pool and len(pool) == 3  # the village's appeal and the two latest
    assert pool[:2] == sorted(later, key=lambda a: (a.submitted_at, a.pk), reverse=True)[:2]
    found = duplicates(new)
    assert found and found[0].appeal == same_village and "同一村（社区）" in found[0].reasons


def test_the_set_is_bounded(org: Org, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(similar, "NEARBY_CANDIDATES", 3)
    monkeypatch.setattr(similar, "RECENT_CANDIDATES", 2)
    for i in range(8):
        aged(1 + i / 10, township=org.township, title=f"事项{i}", content=f"事项{i}")
    assert len(candidates(aged(0, township=org.township))) <= 5
