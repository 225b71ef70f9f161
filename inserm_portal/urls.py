from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from core import views
from home.views import home

admin.site.site_header = admin.site.site_title = _("Inserm Partnership Portal")
admin.site.index_title = _("Portal records")

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    # Browsers ask for /favicon.ico on pages that name no icon (the admin's).
    path("favicon.ico", views.favicon),
    path(f"{settings.ADMIN_PATH}/", admin.site.urls),  # DJANGO_ADMIN_PATH
    # The managers' workspace: staff only, in the language of their browser.
    path("manage/", include("workspace.urls")),
    path("api/", include("api.urls")),
]
# Public pages exist in French (/fr/, the default) and English (/en/).
urlpatterns += i18n_patterns(
    path("", home, name="home"),
    path("partners/", include("partners.urls")),
    path("search/", include("home.urls")),
    path("", include("units.urls")),
)

handler403 = "core.views.permission_denied"
handler404 = "core.views.page_not_found"
handler500 = "core.views.server_error"
