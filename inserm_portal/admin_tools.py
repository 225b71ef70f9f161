"""What the portal's admin pages share: a base ModelAdmin and the publish, unpublish
and CSV export actions."""

import csv
from collections.abc import Callable

from django.contrib import admin, messages
from django.db import models
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext


class PortalModelAdmin(admin.ModelAdmin):
    """The portal's admin look: wider name fields, links typed without a scheme become https."""

    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    class Media:
        css = {"all": ["css/admin.css"]}


def titled(title, filter_class=admin.ChoicesFieldListFilter):
    """A list filter on a related field (`site__kind`) with a title of its own ("site kind", not "kind")."""

    class TitledFilter(filter_class):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.title = title

    return TitledFilter


# Spreadsheet programs run cells that start with these as formulas.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value) -> str:
    """A cell value as text that a spreadsheet program shows and never evaluates."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    text = str(value)
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


Column = tuple[str, Callable[[object], object]]


def csv_response(filename_stem: str, columns: list[Column], rows) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="{filename_stem}-{stamp}.csv"'
    response.write("\ufeff")  # a byte-order mark so spreadsheet programs read UTF-8 accents right
    writer = csv.writer(response)
    writer.writerow([str(label) for label, _ in columns])
    for row in rows:
        writer.writerow([spreadsheet_safe(get(row)) for _, get in columns])
    return response


@admin.action(description=_("Export the selection as CSV"))
def export_as_csv(modeladmin, request, queryset):
    """Export with the admin's `csv_columns`: [(header, function of a row)]."""
    return csv_response(queryset.model._meta.model_name, modeladmin.csv_columns, queryset)


def publication_actions(field: str):
    """The pair of actions that set a boolean visibility field on the selection."""

    def set_flag(value: bool):
        def action(modeladmin, request, queryset):
            changed = queryset.exclude(**{field: value}).update(**{field: value, "updated_at": timezone.now()})
            modeladmin.message_user(
                request,
                ngettext("%(count)d record changed.", "%(count)d records changed.", changed) % {"count": changed},
                messages.SUCCESS,
            )

        return action

    publish = admin.action(description=_("Publish the selection"))(set_flag(True))
    publish.__name__ = "publish"
    unpublish = admin.action(description=_("Unpublish the selection"))(set_flag(False))
    unpublish.__name__ = "unpublish"
    return [publish, unpublish]
