"""How each action of the transition table is driven from the detail page: its form and its service call."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from mashangdu.appeals import forms as f
from mashangdu.appeals import services
from mashangdu.appeals.models import Appeal
from mashangdu.appeals.selectors import appeals_visible_to
from mashangdu.core.errors import DomainError
from mashangdu.core.models import User

Run = Callable[[Appeal, User, dict[str, Any]], Any]


@dataclass(frozen=True)
class ActionUI:
    form: type[f.ActionForm]
    run: Run
    style: str = "primary"


def _merge(appeal: Appeal, user: User, data: dict[str, Any]) -> Any:
    into = appeals_visible_to(user).filter(tracking_no=data["into"].strip().upper()).first()
    if into is None:
        raise DomainError(f"找不到受理编号为“{data['into']}”的诉求。", field="into")
    return services.appeal_merge(appeal=appeal, by=user, into=into, note=data["note"])


ACTIONS: dict[str, ActionUI] = {
    "dispatch": ActionUI(
        f.DispatchForm,
        lambda a, u, d: services.appeal_dispatch(
            appeal=a,
            by=u,
            unit=d["unit"],
            co_units=d["co_units"],
            category=d["category"],
            urgency=d["urgency"],
            note=d["note"],
        ),
    ),
    "refer_office": ActionUI(
        f.ReferOfficeForm,
        lambda a, u, d: services.appeal_refer_to_office(appeal=a, by=u, about_unit=d["about_unit"]),
        "warning",
    ),
    "reject": ActionUI(
        f.ReasonForm, lambda a, u, d: services.appeal_reject(appeal=a, by=u, reason=d["reason"]), "danger"
    ),
    "merge": ActionUI(f.MergeForm, _merge, "secondary"),
    "answer": ActionUI(
        f.AnswerForm, lambda a, u, d: services.appeal_answer(appeal=a, by=u, public_reply=d["public_reply"])
    ),
    "assign": ActionUI(
        f.AssignForm, lambda a, u, d: services.appeal_assign(appeal=a, by=u, assignee=d["assignee"]), "secondary"
    ),
    "sign": ActionUI(f.EmptyForm, lambda a, u, d: services.appeal_sign(appeal=a, by=u)),
    "return": ActionUI(
        f.ReasonForm, lambda a, u, d: services.appeal_return(appeal=a, by=u, reason=d["reason"]), "warning"
    ),
    "accept_return": ActionUI(
        f.NoteForm, lambda a, u, d: services.appeal_accept_return(appeal=a, by=u, note=d["note"])
    ),
    "reject_return": ActionUI(
        f.ReasonForm, lambda a, u, d: services.appeal_reject_return(appeal=a, by=u, reason=d["reason"]), "warning"
    ),
    "contact": ActionUI(f.RequiredNoteForm, lambda a, u, d: services.appeal_contact(appeal=a, by=u, note=d["note"])),
    "co_opinion": ActionUI(
        f.OpinionForm, lambda a, u, d: services.appeal_co_opinion(appeal=a, by=u, opinion=d["opinion"])
    ),
    "request_extension": ActionUI(
        f.ExtensionForm,
        lambda a, u, d: services.appeal_request_extension(
            appeal=a, by=u, working_days=d["working_days"], reason=d["reason"]
        ),
        "secondary",
    ),
    "decide_extension": ActionUI(
        f.DecideExtensionForm,
        lambda a, u, d: services.appeal_decide_extension(appeal=a, by=u, approve=d["approve"], note=d["note"]),
    ),
    "reply": ActionUI(
        f.ReplyForm,
        lambda a, u, d: services.appeal_reply(
            appeal=a,
            by=u,
            result=d["result"],
            public_reply=d["public_reply"],
            internal_note=d["internal_note"],
            attachments=d["attachments"],
        ),
    ),
    "approve_reply": ActionUI(f.EmptyForm, lambda a, u, d: services.appeal_approve_reply(appeal=a, by=u)),
    "send_back_reply": ActionUI(
        f.ReasonForm, lambda a, u, d: services.appeal_send_back_reply(appeal=a, by=u, reason=d["reason"]), "warning"
    ),
    "evaluate": ActionUI(
        f.EvaluateForm,
        lambda a, u, d: services.appeal_evaluate(
            appeal=a, by=u, satisfaction=d["satisfaction"], solved=d["solved"], comment=d["comment"]
        ),
    ),
    "review": ActionUI(
        f.ReviewForm, lambda a, u, d: services.appeal_review(appeal=a, by=u, reopen=d["reopen"], reason=d["reason"])
    ),
    "urge": ActionUI(
        f.RequiredNoteForm, lambda a, u, d: services.appeal_urge(appeal=a, by=u, note=d["note"]), "warning"
    ),
    "supervise": ActionUI(
        f.SuperviseForm,
        lambda a, u, d: services.appeal_supervise(appeal=a, by=u, level=d["level"], note=d["note"]),
        "danger",
    ),
}
