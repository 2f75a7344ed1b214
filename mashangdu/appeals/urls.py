from django.urls import path

from mashangdu.appeals import views

app_name = "appeals"

urlpatterns = [
    path("", views.appeal_list, name="list"),
    path("new/", views.appeal_new, name="new"),
    path("new/fields/", views.entry_extra_fields, name="entry_fields"),
    path("board/", views.board, name="board"),
    path("export/", views.export, name="export"),
    path("reply-template/", views.reply_template_text, name="reply_template"),
    path("<id:pk>/", views.appeal_detail, name="detail"),
    path("<id:pk>/act/<slug:action>/", views.appeal_act, name="act"),
    path("<id:pk>/requester/", views.reveal_requester, name="reveal_requester"),
    path("<id:pk>/attachments/<id:attachment_id>/", views.attachment_download, name="attachment"),
]
