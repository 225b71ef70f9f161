"""Editors and Managers (partners/0003_roles) may see the Data quality page."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUPS = ("Editors", "Managers")


def grant(apps, schema_editor):
    # Permissions are normally created after all migrations have run; create this one now.
    app_config = apps.get_app_config("operations")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    view = Permission.objects.get(content_type__app_label="operations", codename="view_dataquality")
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.add(view)


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Permission.objects.filter(content_type__app_label="operations", codename="view_dataquality").delete()


class Migration(migrations.Migration):
    dependencies = [("operations", "0001_data_quality_page"), ("partners", "0003_roles")]

    operations = [migrations.RunPython(grant, revoke)]
