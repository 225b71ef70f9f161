from django.urls import include, path
from rest_framework.routers import APIRootView, DefaultRouter

from . import lookup, views
from .parameters import StrictQuery


class RootView(StrictQuery, APIRootView):
    """/api/v1/: the addresses of the lists."""


class Router(DefaultRouter):
    APIRootView = RootView


router = Router()
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
    path("docs/", views.DocsView.as_view(url_name="api-schema"), name="api-docs"),
]
