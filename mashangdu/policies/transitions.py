"""The allowed transitions of a policy application, on the shared workflow kit (core/workflow.py, decision
0022; roles decided in decision 0032): staff enter it on the enterprise's behalf, the issuing unit's staff
review it (an approved amount, or a refusal), the issuing unit's head confirms the payment, which writes the
ledger's row. docs/policy-application-transitions.md is generated from this table (`manage.py workflow_docs`).
免申即享 clauses have no application: their payments are written by a job (jobs.py)."""

from __future__ import annotations

from mashangdu.core.models import POLICY_APPLICANT_CLERKS, POLICY_PAYERS, POLICY_REVIEWERS, User
from mashangdu.core.workflow import ANYWHERE, NEW, Scope, Transition, Workflow
from mashangdu.policies.models import Application

SUBMITTED, APPROVED, REJECTED, PAID = (
    Application.State.SUBMITTED,
    Application.State.APPROVED,
    Application.State.REJECTED,
    Application.State.PAID,
)


def in_issuing_unit(application: Application, user: User) -> bool:
    return user.unit_id is not None and user.unit_id == application.clause.document.issuing_unit_id


APPLICATIONS = Workflow(
    name="policy-application",
    title="Policy-application transitions",
    defined_in=__name__,
    model=Application,
    state_field="state",
    namespace="policy",
    noun="申请",
    role_refusal="只有{roles}可以{label}。",
    table=[
        Transition(
            "create",
            "登记申请",
            (NEW,),
            SUBMITTED,
            POLICY_APPLICANT_CLERKS,
            "county",
            "on the enterprise's behalf (enterprises have no logins): by a cadre, a unit's staff or a dispatcher; "
            "only for a published clause that is not 免申即享; at most the clause's amount; one live application "
            "per clause, enterprise and year; whether it was eligible then is kept in the event",
            verb="applied",
        ),
        Transition(
            "approve",
            "审核通过",
            (SUBMITTED,),
            APPROVED,
            POLICY_REVIEWERS,
            "issuer",
            "with the approved amount: at most the clause's amount (fixed, ceiling, or cap of a percentage)",
            verb="approved",
        ),
        Transition(
            "reject",
            "不予支持",
            (SUBMITTED,),
            REJECTED,
            POLICY_REVIEWERS,
            "issuer",
            "with the reason; another application for the same year may follow",
            verb="rejected",
        ),
        Transition(
            "pay",
            "确认兑付",
            (APPROVED,),
            PAID,
            POLICY_PAYERS,
            "issuer",
            "with the payment date (not in the future): writes the ledger's payment, once per clause, "
            "enterprise and year",
            verb="paid",
        ),
    ],
    # county: any holder of the role (creation; the service checks the enterprise); issuer: a member of the
    # unit that issued the clause's document.
    scopes={
        "county": ANYWHERE,
        "issuer": Scope(in_issuing_unit, "只有发文单位的人员可以{label}。"),
    },
    related=("clause", "clause__document", "clause__document__issuing_unit", "enterprise"),
    unit_of=lambda application: application.clause.document.issuing_unit,
)
