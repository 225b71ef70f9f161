from django.urls import include, path
from drf_spectacular.views import SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from . import lookup, views

router = DefaultRouter()
router.register("categories", views.CategoryViewSet)
router.register("sites", views.SiteViewSet)
router.register("units", views.UnitViewSet)
router.register("partners", views.PartnerViewSet)
router.register("agreements", views.AgreementViewSet)
router.register("staff/agreements", views.StaffAgreementViewSet, basename="staff-agreement")
router.register("staff/units", views.StaffUnitViewSet, basename="staff-unit")

urlpatterns = [
    path("v1/lookup/", lookup.LookupView.as_view(), name="api-lookup"),
    path("v1/", include(router.urls)),
    path("schema/", views.SchemaView.as_view(), name="api-schema"),
    # The split view loads its start-up script as a file: no inline script (CSP).
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
]
