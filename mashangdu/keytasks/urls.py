from django.urls import path

from mashangdu.keytasks import views

app_name = "tasks"

urlpatterns = [
    path("", views.board, name="board"),
    path("mine/", views.mine, name="mine"),
    path("review/", views.review_queue, name="review"),
    path("import/", views.import_sheet, name="import"),
    path("export.xlsx", views.export, name="export"),
    path("decompose/", views.decompose, name="decompose"),
    path("monthly.docx", views.monthly, name="monthly"),
    path("<id:pk>/", views.detail, name="detail"),
    path("<id:pk>/reports/<id:report_id>/review/", views.review, name="review_report"),
    path("<id:pk>/supervise/", views.supervise, name="supervise"),
    path("<id:pk>/strike-off/", views.strike_off, name="strike_off"),
    path("<id:pk>/notice.docx", views.notice, name="notice"),
    path("<id:pk>/attachments/<id:attachment_id>/", views.attachment, name="attachment"),
]
