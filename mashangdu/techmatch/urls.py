from django.urls import path

from mashangdu.techmatch import views

app_name = "techmatch"

urlpatterns = [
    path("needs/", views.need_list, name="need_list"),
    path("needs/new/", views.need_new, name="need_new"),
    path("needs/<id:pk>/", views.need_detail, name="need_detail"),
    path("needs/<id:pk>/dock/", views.need_dock, name="need_dock"),
    path("needs/<id:pk>/close/", views.need_close, name="need_close"),
    path("needs/<id:pk>/reopen/", views.need_reopen, name="need_reopen"),
    path("results/", views.result_list, name="result_list"),
    path("results/new/", views.result_new, name="result_new"),
    path("results/<id:pk>/", views.result_detail, name="result_detail"),
]
