from django.urls import path
from django.views.decorators.cache import never_cache

from . import views

app_name = "workspace"

# Every answer here may hold drafts and internal notes: no browser or proxy keeps a copy
# (never_cache: Cache-Control private, no-store).
urlpatterns = [
    path("", never_cache(views.DashboardView.as_view()), name="dashboard"),
    path("export.csv", never_cache(views.DashboardView.as_export_view()), name="export_csv"),
    path("export.xlsx", never_cache(views.DashboardView.as_export_view("export_xlsx")), name="export_xlsx"),
    path("planning/", never_cache(views.PlanningView.as_view()), name="planning"),
    path("units/<int:pk>/renew/", never_cache(views.RenewView.as_view()), name="renew"),
]
