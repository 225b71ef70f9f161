"""What the portal's admin pages share: a base ModelAdmin and the publish, unpublish
and CSV export actions."""

from django.contrib import admin, messages
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from .concurrency import OptimisticLockAdminMixin
from .exports import csv_response


class PortalModelAdmin(admin.ModelAdmin):
    """The portal's admin look: wider name fields, links typed without a scheme become https."""

    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    class Media:
        css = {"all": ["css/admin.css"]}


class TrackedModelAdmin(OptimisticLockAdminMixin, SimpleHistoryAdmin, PortalModelAdmin):
    """For records whose every change is kept (history, with restore) and whose edits
    are protected from concurrent saves (version check)."""


def titled(title, filter_class=admin.ChoicesFieldListFilter):
    """A list filter on a related field (`site__kind`) with a title of its own ("site kind", not "kind")."""

    class TitledFilter(filter_class):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.title = title

    return TitledFilter


@admin.action(description=_("Export the selection as CSV"))
def export_as_csv(modeladmin, request, queryset):
    """Export with the admin's `csv_columns`: [(header, function of a row)]."""
    return csv_response(queryset.model._meta.model_name, modeladmin.csv_columns, queryset)


def publication_actions(field: str):
    """The pair of actions that set a boolean visibility field on the selection."""

    def set_flag(value: bool):
        @transaction.atomic
        def action(modeladmin, request, queryset):
            # Saved one by one, so that history records each change and who made it,
            # and open edit forms learn (through the version) that the record moved on.
            changed = 0
            for record in queryset.exclude(**{field: value}).select_for_update():
                setattr(record, field, value)
                record.version += 1
                record.save(update_fields=[field, "version", "updated_at"])
                changed += 1
            modeladmin.message_user(
                request,
                ngettext("%(count)d record changed.", "%(count)d records changed.", changed) % {"count": changed},
                messages.SUCCESS,
            )

        return action

    # Only those who may change records may publish them: Managers only view.
    publish = admin.action(description=_("Publish the selection"), permissions=["change"])(set_flag(True))
    publish.__name__ = "publish"
    unpublish = admin.action(description=_("Unpublish the selection"), permissions=["change"])(set_flag(False))
    unpublish.__name__ = "unpublish"
    return [publish, unpublish]
