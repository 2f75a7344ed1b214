"""Policy pages: documents and clauses (views/documents.py); applications and the ledger (views/money.py)."""

from mashangdu.policies.views.documents import (
    clause_detail,
    clause_edit,
    clause_new,
    condition_delete,
    conditions,
    document_detail,
    document_list,
    document_new,
    enterprise_clauses,
    publish,
)
from mashangdu.policies.views.money import (
    application_detail,
    application_list,
    application_new,
    application_pay,
    application_review,
    ledger,
    ledger_export,
)

__all__ = [
    "application_detail",
    "application_list",
    "application_new",
    "application_pay",
    "application_review",
    "clause_detail",
    "clause_edit",
    "clause_new",
    "condition_delete",
    "conditions",
    "document_detail",
    "document_list",
    "document_new",
    "enterprise_clauses",
    "ledger",
    "ledger_export",
    "publish",
]
