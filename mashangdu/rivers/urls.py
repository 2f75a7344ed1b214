from django.urls import path

from mashangdu.rivers.views import blackwater, patrols

app_name = "rivers"

urlpatterns = [
    path("compliance/", patrols.compliance, name="compliance"),
    path("chiefs/", patrols.chiefs, name="chiefs"),
    path("chiefs/<id:pk>/", patrols.chief, name="chief"),
    path("chiefs/<id:pk>/patrol/", patrols.patrol_new, name="patrol_new"),
    path("mine/", patrols.mine, name="mine"),
    path("patrols/<id:pk>/", patrols.patrol, name="patrol"),
    path("patrols/<id:pk>/photos/<id:photo_id>/", patrols.photo, name="photo"),
    path("black-water/", blackwater.black_waters, name="black_waters"),
    path("black-water/<id:pk>/", blackwater.black_water, name="black_water"),
    path("black-water/<id:pk>/<slug:action>/", blackwater.move, name="black_water_move"),
    path("black-water/<id:pk>/milestones/new/", blackwater.milestone_new, name="milestone_new"),
    path("black-water/<id:pk>/milestones/<id:milestone_id>/done/", blackwater.milestone_done, name="milestone_done"),
]
