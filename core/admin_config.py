from django.contrib.admin.apps import AdminConfig


class PortalAdminConfig(AdminConfig):
    """django.contrib.admin with the portal's admin site as `admin.site` (admin_tools.py)."""

    default_site = "core.admin_tools.PortalAdminSite"
