from django.contrib import admin
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.views.generic import RedirectView

from . import views

admin.site.site_header = admin.site.site_title = _("Inserm Partnership Portal")
admin.site.index_title = _("Portal records")

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
    # Until the public pages exist, the portal's front door is the staff admin.
    path("", RedirectView.as_view(pattern_name="admin:index", permanent=False)),
]
