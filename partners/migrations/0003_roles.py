"""Staff roles: Editors change every portal record, Managers only view them."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

PORTAL_APPS = ("units", "partners")
EDITORS, MANAGERS = "Editors", "Managers"


def create_permissions_now(apps):
    """Permissions are normally created after all migrations have run; create them now."""
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None


def create_roles(apps, schema_editor):
    create_permissions_now(apps)

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    # The portal's records, not their history tables (whose admin pages follow the
    # records' own permissions).
    portal = Permission.objects.filter(content_type__app_label__in=PORTAL_APPS).exclude(
        content_type__model__startswith="historical"
    )
    editors, _ = Group.objects.get_or_create(name=EDITORS)
    editors.permissions.add(*portal)
    managers, _ = Group.objects.get_or_create(name=MANAGERS)
    managers.permissions.add(*portal.filter(codename__startswith="view_"))


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=[EDITORS, MANAGERS]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("partners", "0002_categories"),
        ("units", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
