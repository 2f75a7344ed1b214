from django.urls import path

from mashangdu.policies import views

app_name = "policies"

urlpatterns = [
    path("", views.document_list, name="documents"),
    path("new/", views.document_new, name="document_new"),
    path("<id:pk>/", views.document_detail, name="document"),
    path("<id:pk>/clauses/new/", views.clause_new, name="clause_new"),
    path("clauses/<id:pk>/", views.clause_detail, name="clause"),
    path("clauses/<id:pk>/edit/", views.clause_edit, name="clause_edit"),
    path("clauses/<id:pk>/conditions/", views.conditions, name="conditions"),
    path("clauses/<id:pk>/conditions/<id:condition_id>/delete/", views.condition_delete, name="condition_delete"),
    path("clauses/<id:pk>/publish/", views.publish, name="publish"),
    path("clauses/<id:pk>/apply/", views.application_new, name="application_new"),
    path("applications/", views.application_list, name="applications"),
    path("applications/<id:pk>/", views.application_detail, name="application"),
    path("applications/<id:pk>/review/", views.application_review, name="application_review"),
    path("applications/<id:pk>/pay/", views.application_pay, name="application_pay"),
    path("ledger/", views.ledger, name="ledger"),
    path("ledger.xlsx", views.ledger_export, name="ledger_export"),
    path("enterprises/<id:pk>/", views.enterprise_clauses, name="enterprise"),
]
