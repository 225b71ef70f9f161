"""The rows data migrations make (the ten partner categories, the evaluation waves, the two
roles): a transactional test ends by emptying every table, so the next one puts them back."""

from importlib import import_module

from django.apps import apps as django_apps
from django.contrib.auth.models import Group, Permission
from django.db.models import Q

from core.roles import EDITORS, MANAGERS

WAVE_MODELS = ["evaluationwave", "waveregion", "wavesiteexception"]


def restore_reference_data():
    import_module("partners.migrations.0002_categories").create_categories(django_apps, None)
    import_module("workspace.migrations.0003_hceres_waves").create_waves(django_apps, None)
    restore_roles()


def restore_roles():
    """The two groups of the roles migration (permissions come back by themselves after a
    flush, through post_migrate), with the permissions it gave: on the records, not their
    history tables nor the agreements' links to partners and units (partners/0011); and
    on the evaluation waves (workspace/0003)."""
    records = Q(content_type__app_label__in=["units", "partners"]) & ~Q(
        content_type__model__in=["agreementpartner", "agreementunit"]
    )
    waves = Q(content_type__app_label="workspace", content_type__model__in=WAVE_MODELS)
    portal = Permission.objects.filter(records | waves).exclude(content_type__model__startswith="historical")
    Group.objects.get_or_create(name=EDITORS)[0].permissions.set(portal)
    Group.objects.get_or_create(name=MANAGERS)[0].permissions.set(portal.filter(codename__startswith="view_"))
