from rest_framework.routers import DefaultRouter

from mashangdu.api import views

router = DefaultRouter()
router.register("appeals", views.AppealViewSet, basename="appeal")
router.register("categories", views.CategoryViewSet, basename="category")
router.register("units", views.UnitViewSet, basename="unit")

urlpatterns = router.urls
