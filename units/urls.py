from django.urls import path

from . import views

app_name = "units"

urlpatterns = [
    path("units/", views.UnitListView.as_view(), name="list"),
    path("units/export.csv", views.UnitListView.as_export_view(), name="export"),
    path("units/<str:code>/", views.UnitDetailView.as_view(), name="detail"),
    path("sites/", views.SiteListView.as_view(), name="site_list"),
    path("sites/export.csv", views.SiteListView.as_export_view(), name="site_export"),
    path("sites/<slug:slug>/", views.SiteDetailView.as_view(), name="site_detail"),
    path("regions/<str:region>/", views.RegionDetailView.as_view(), name="region"),
]
