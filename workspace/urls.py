from django.urls import path

from . import views

app_name = "workspace"

urlpatterns = [
    path("", views.DashboardView.as_view(), name="dashboard"),
    path("export.csv", views.DashboardView.as_export_view(), name="export_csv"),
    path("export.xlsx", views.DashboardView.as_export_view("export_xlsx"), name="export_xlsx"),
    path("units/<int:pk>/renew/", views.RenewView.as_view(), name="renew"),
]
