from django.urls import path

from mashangdu.visits import views

app_name = "visits"

urlpatterns = [
    path("mine/", views.mine, name="mine"),
    path("coverage/", views.coverage, name="coverage"),
    path("pairings/<id:pk>/new/", views.new, name="new"),
    path("<id:pk>/", views.detail, name="detail"),
]
