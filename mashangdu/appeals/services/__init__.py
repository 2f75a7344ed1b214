"""Every write to an appeal goes through one of these functions (STYLE §1)."""

from mashangdu.appeals.services.closure import (
    appeal_answer,
    appeal_auto_close,
    appeal_evaluate,
    appeal_evaluate_by_requester,
    appeal_evaluate_on_tracking_page,
    appeal_merge,
    appeal_reject,
    appeal_review,
)
from mashangdu.appeals.services.entry import appeal_create, appeal_reveal_requester
from mashangdu.appeals.services.replies import appeal_approve_reply, appeal_reply, appeal_send_back_reply
from mashangdu.appeals.services.supervision import appeal_supervise, appeal_urge, supervise_once
from mashangdu.appeals.services.workflow import (
    appeal_accept_return,
    appeal_assign,
    appeal_co_opinion,
    appeal_contact,
    appeal_decide_extension,
    appeal_dispatch,
    appeal_refer_to_office,
    appeal_reject_return,
    appeal_request_extension,
    appeal_return,
    appeal_sign,
)

__all__ = [
    "appeal_accept_return",
    "appeal_answer",
    "appeal_approve_reply",
    "appeal_assign",
    "appeal_auto_close",
    "appeal_co_opinion",
    "appeal_contact",
    "appeal_create",
    "appeal_decide_extension",
    "appeal_dispatch",
    "appeal_evaluate",
    "appeal_evaluate_by_requester",
    "appeal_evaluate_on_tracking_page",
    "appeal_merge",
    "appeal_refer_to_office",
    "appeal_reject",
    "appeal_reject_return",
    "appeal_reply",
    "appeal_request_extension",
    "appeal_return",
    "appeal_reveal_requester",
    "appeal_review",
    "appeal_send_back_reply",
    "appeal_sign",
    "appeal_supervise",
    "appeal_urge",
    "supervise_once",
]
