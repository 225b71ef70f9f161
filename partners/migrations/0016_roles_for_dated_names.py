"""The roles get the permissions of the dated names (partners' and units'): Editors change
them, Managers view them, as every other portal record (partners/0003)."""

from importlib import import_module

from django.db import migrations

roles = import_module("partners.migrations.0003_roles")


def grant_roles(apps, schema_editor):
    roles.create_permissions_now(apps)
    Group = apps.get_model("auth", "Group")
    names = apps.get_model("auth", "Permission").objects.filter(
        content_type__app_label__in=["units", "partners"], content_type__model__in=["partnername", "unitname"]
    )
    for group in Group.objects.filter(name=roles.EDITORS):
        group.permissions.add(*names)
    for group in Group.objects.filter(name=roles.MANAGERS):
        group.permissions.add(*names.filter(codename__startswith="view_"))


class Migration(migrations.Migration):
    dependencies = [
        ("partners", "0015_search_stems_dated_names"),
        ("units", "0015_search_stems_dated_names"),
    ]

    operations = [migrations.RunPython(grant_roles, migrations.RunPython.noop)]
