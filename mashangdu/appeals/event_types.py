"""The appeal events, each defined once: its label, whether the handling records project it, whether the
requester sees it on the public timeline, and its mySociety status in Open311's service request updates.

The transition table (transitions.py) names the verb each action writes; projection.py, timeline.py and
open311/service.py read the rest from here. A test fails on a verb that can be written without a definition.
"""

from __future__ import annotations

from dataclasses import dataclass

from mashangdu.core import event_types
from mashangdu.core.event_types import EventType


@dataclass(frozen=True, kw_only=True)
class AppealEventType(EventType):
    public: bool  # shown to the requester on the tracking page (with staff names masked)
    # The mySociety status of an Open311 service request update (`servicerequestupdates`), or None when
    # the step is not published there.
    open311: str | None


def _e(verb: str, label: str, *, projected: bool, public: bool, open311: str | None) -> AppealEventType:
    return AppealEventType(f"appeal.{verb}", label, projected=projected, public=public, open311=open311)


TYPES: list[AppealEventType] = [
    _e("created", "提交诉求", projected=True, public=True, open311="OPEN"),
    _e("dispatched", "派单", projected=True, public=True, open311="IN_PROGRESS"),
    _e("rejected", "不予受理", projected=True, public=True, open311="NO_FURTHER_ACTION"),
    _e("merged", "合并为重复件", projected=True, public=True, open311="DUPLICATE"),
    _e("answered", "即时答复", projected=True, public=True, open311="FIXED"),
    _e("assigned", "指定承办人", projected=False, public=False, open311=None),
    _e("signed", "签收", projected=True, public=True, open311="IN_PROGRESS"),
    _e("returned", "申请退单", projected=True, public=False, open311=None),
    _e("return_accepted", "同意退单", projected=True, public=False, open311="INTERNAL_REFERRAL"),
    _e("referred_to_office", "转督查室/纪委（涉及单位作风）", projected=True, public=False, open311=None),
    _e("return_rejected", "驳回退单", projected=False, public=False, open311=None),
    _e("contacted", "首次联系诉求人", projected=True, public=True, open311="ACTION_SCHEDULED"),
    _e("co_opinion_given", "协办意见", projected=False, public=False, open311=None),
    _e("extension_requested", "申请延期", projected=False, public=False, open311=None),
    _e("extension_decided", "延期审批", projected=True, public=True, open311=None),
    _e("replied", "答复", projected=True, public=True, open311="FIXED"),
    _e("reply_approved", "答复审核通过", projected=True, public=True, open311="FIXED"),
    _e("reply_sent_back", "答复被退回", projected=False, public=False, open311=None),
    _e("evaluated", "评价", projected=True, public=True, open311="CLOSED"),
    # REOPEN when reopened; a review ruling it unreasonable is published as CLOSED (open311/service.py).
    _e("reviewed", "复核", projected=True, public=True, open311="REOPEN"),
    _e("auto_closed", "逾期未评价，自动办结", projected=True, public=True, open311="CLOSED"),
    _e("urged", "催办", projected=False, public=False, open311=None),
    _e("supervised", "督办", projected=True, public=False, open311=None),
    _e("escalated", "超期升级至督查室", projected=True, public=False, open311=None),
    _e("personal_data_viewed", "查看诉求人信息", projected=False, public=False, open311=None),
]


def register() -> None:
    event_types.register("appeal", "诉求", TYPES, order=10)


def public_verbs() -> set[str]:
    """What the requester sees; internal steps (returns, urgings, opinions, data views) stay inside."""
    return {t.verb for t in TYPES if t.public}


def projected_verbs() -> list[str]:
    return [t.verb for t in TYPES if t.projected]


def open311_statuses() -> dict[str, str]:
    """Verb → mySociety status, for the steps published as Open311 service request updates."""
    return {t.verb: t.open311 for t in TYPES if t.open311 is not None}
