from django.urls import path

from mashangdu.water import views

app_name = "water"

urlpatterns = [
    path("", views.board, name="board"),
    path("import/", views.import_file, name="import"),
    path("import/template.xlsx", views.template, name="template"),
    path("sections/<id:pk>/", views.section, name="section"),
    path("sections/<id:pk>/samples/new/", views.sample_new, name="sample_new"),
]
