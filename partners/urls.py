from django.urls import path

from . import views

app_name = "partners"

urlpatterns = [
    path("", views.PartnerListView.as_view(), name="list"),
    path("export.csv", views.PartnerListView.as_export_view(), name="export"),
    path("agreements/", views.AgreementListView.as_view(), name="agreement_list"),
    path("agreements/export.csv", views.AgreementListView.as_export_view(), name="agreement_export"),
    path("<slug:slug>/", views.PartnerDetailView.as_view(), name="detail"),
]
