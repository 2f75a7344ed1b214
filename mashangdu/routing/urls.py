from django.urls import path

from mashangdu.routing import views

app_name = "routing"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("retrain/", views.retrain, name="retrain"),
]
