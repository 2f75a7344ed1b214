"""Per-process memos (core/memo.py): kept between reads, dropped at once when their rows change here."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from mashangdu.appeals import deadlines
from mashangdu.appeals.models import WorkflowSettings
from mashangdu.core.memo import ProcessMemo


def counting_memo() -> tuple[ProcessMemo[int], list[int]]:
    WorkflowSettings.current()  # the row exists before the memo: its creation would hold the memo
    loads: list[int] = []

    def load() -> int:
        loads.append(1)
        return WorkflowSettings.current().dispatch_working_hours

    return ProcessMemo(load, "appeals.WorkflowSettings"), loads


@pytest.mark.django_db
def test_a_memo_reads_the_database_once() -> None:
    memo, loads = counting_memo()
    assert memo.get() == memo.get() == WorkflowSettings.current().dispatch_working_hours
    assert len(loads) == 1


@pytest.mark.django_db
def test_a_saved_setting_is_read_at_once_and_kept_again_after_its_commit(
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    memo, loads = counting_memo()
    memo.get()
    with django_capture_on_commit_callbacks(execute=True):
        row = WorkflowSettings.current()
        row.dispatch_working_hours = 5
        row.save()
        # Not committed yet: read through each time, keep nothing (a rollback must leave nothing behind).
        assert memo.get() == 5 and memo.get() == 5
        assert len(loads) == 3
    assert memo.get() == 5 and memo.get() == 5
    assert len(loads) == 4


@pytest.mark.django_db
def test_the_dispatch_clock_follows_a_changed_setting() -> None:
    assert deadlines._DISPATCH_HOURS.get() == WorkflowSettings.current().dispatch_working_hours
    row = WorkflowSettings.current()
    row.dispatch_working_hours = 7
    row.save()
    assert deadlines._DISPATCH_HOURS.get() == 7
