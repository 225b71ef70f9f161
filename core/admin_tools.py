"""What the portal's admin pages share: the admin site, a base ModelAdmin and the publish,
unpublish and CSV export actions."""

import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps
from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.utils import unquote
from django.contrib.admin.views.main import ERROR_FLAG
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DataError, models, router, transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin
from simple_history.template_utils import HistoricalRecordContextHelper

from .admin_deletion import NamedDeletionMixin
from .concurrency import OptimisticLockAdminMixin
from .exports import csv_response

logger = logging.getLogger(__name__)

FILTERS_REFUSED = _(
    "This list could not be filtered as asked (a date out of range, or a character no record "
    "holds): here is the whole list."
)


class FilterGuardMixin:
    """A list filtered with values no database can apply (year 2147483648 or 9999 in the date
    hierarchy, a NUL byte, which PostgreSQL refuses) is refused with a message, not a server
    error. The admin then shows the list unfiltered (its own answer to filters it refuses)."""

    def get_changelist_instance(self, request):
        try:
            if any("\x00" in text for key, values in request.GET.lists() for text in (key, *values)):
                raise IncorrectLookupParameters("NUL byte in the query string")
            try:
                return super().get_changelist_instance(request)
            except (OverflowError, ValueError, DataError) as error:
                # Dates beyond what Python or the database hold, mostly (Django catches
                # some of them, not year 2147483648 or the year after 9999).
                raise IncorrectLookupParameters(error) from error
        except IncorrectLookupParameters as error:
            logger.info("Filters refused on %s: %r", request.path, error)  # a bug would show here too
            if ERROR_FLAG not in request.GET:  # the admin redirects to the list with ?e=1
                messages.warning(request, FILTERS_REFUSED)
            raise


@dataclass(frozen=True)
class AdminPage:
    """An admin page that is no model's (the data-quality audit): listed in the admin index
    under its app, for those `may_view` lets in."""

    app_label: str
    slug: str  # its address under /admin/<app_label>/, and its URL name <app_label>_<slug>
    title: str
    view: Callable[[HttpRequest], HttpResponse]
    may_view: Callable[[HttpRequest], bool]

    @property
    def url_name(self) -> str:
        return f"{self.app_label}_{self.slug}"


class PortalAdminSite(admin.AdminSite):
    """The admin site (core/admin_config.py makes it the default): every model admin
    registered on it, the libraries' too (users, login attempts), gets FilterGuardMixin and
    NamedDeletionMixin; apps add pages of their own with register_page()."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.pages: list[AdminPage] = []

    def register(self, model_or_iterable, admin_class=None, **options):
        admin_class = admin_class or admin.ModelAdmin
        missing = tuple(mixin for mixin in (FilterGuardMixin, NamedDeletionMixin) if not issubclass(admin_class, mixin))
        if missing:
            admin_class = type(admin_class.__name__, (*missing, admin_class), {"__module__": admin_class.__module__})
        super().register(model_or_iterable, admin_class, **options)

    def register_page(self, page: AdminPage):
        self.pages.append(page)

    def get_urls(self):
        return [
            path(f"{page.app_label}/{page.slug}/", self.admin_view(self.page_view(page)), name=page.url_name)
            for page in self.pages
        ] + super().get_urls()

    def page_view(self, page: AdminPage):
        def view(request, *args, **kwargs):
            if not page.may_view(request):
                raise PermissionDenied
            return page.view(request, *args, **kwargs)

        return view

    def _build_app_dict(self, request, label=None):
        """The index's apps and models, and the pages this person may see, each in its app."""
        app_dict = super()._build_app_dict(request, label)
        if label is not None:  # one app's index: pages are listed in the whole index only
            return app_dict
        for page in self.pages:
            if not page.may_view(request):
                continue
            url = reverse(f"{self.name}:{page.url_name}", current_app=self.name)
            app = app_dict.setdefault(
                page.app_label,
                {
                    "name": apps.get_app_config(page.app_label).verbose_name,
                    "app_label": page.app_label,
                    "app_url": url,
                    "has_module_perms": True,
                    "models": [],
                },
            )
            app["models"].append(
                {
                    "model": None,
                    "name": page.title,
                    "object_name": page.slug,
                    "perms": {"add": False, "change": False, "delete": False, "view": True},
                    "admin_url": url,
                    "add_url": None,
                    "view_only": True,
                }
            )
        return app_dict


class PortalModelAdmin(FilterGuardMixin, NamedDeletionMixin, admin.ModelAdmin):
    """The portal's admin look: wider name fields, links typed without a scheme become https."""

    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    class Media:
        css = {"all": ["css/admin.css"]}


class HistoryValues(HistoricalRecordContextHelper):
    """A change in a record's history with an empty value shown as a dash, not "None"."""

    EMPTY = "—"

    def prepare_delta_change_value(self, change, value):
        value = super().prepare_delta_change_value(change, value)
        if isinstance(value, list):
            return [item for item in value if item is not None] or self.EMPTY
        return self.EMPTY if value is None or value == "" else value


class HistoryAdmin(SimpleHistoryAdmin):
    """A record's history: who changed what and why, with no "None" for a blank reason,
    user or value (admin/simple_history/object_history_list.html)."""

    object_history_list_template = "admin/simple_history/object_history_list.html"

    def get_historical_record_context_helper(self, request, historical_record):
        return HistoryValues(self.model, historical_record)


class TrackedModelAdmin(OptimisticLockAdminMixin, HistoryAdmin, PortalModelAdmin):
    """For records whose every change is kept (history, with restore) and whose edits
    are protected from concurrent saves (version check)."""

    def history_view(self, request, object_id, extra_context=None):
        check_ids(self.model, object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        """Restoring a version is a change: only for those who may change the record, and
        inside a transaction (the version check locks the row)."""
        check_ids(self.model, object_id, version_id)
        if request.method == "POST" and not self.has_change_permission(request):
            raise PermissionDenied
        request.restoring_version = version_id
        with transaction.atomic(using=router.db_for_write(self.model)):
            return super().history_form_view(request, object_id, version_id, extra_context)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change=change, **kwargs)
        version_id = getattr(request, "restoring_version", None)
        if obj is None or version_id is None:
            return form_class
        # simple-history rebuilds the record's own fields from the old version, but the
        # form would show today's many-to-many links: show the old version's instead.
        record = self.model.history.filter(history_id=version_id).first()
        old_links = {}
        for field in self.model._meta.many_to_many:
            if record is not None and hasattr(record, field.name):
                target = field.m2m_reverse_field_name()
                old_links[field.name] = [getattr(row, f"{target}_id") for row in getattr(record, field.name).all()]

        class RestoringForm(form_class):
            def __init__(self, *args, **form_kwargs):
                super().__init__(*args, **form_kwargs)
                if not self.is_bound:
                    self.initial.update(old_links)

        return RestoringForm


def check_ids(model, object_id, version_id=None):
    """A 404, not a server error, for ids that cannot be ids (/admin/.../abc/history/)."""
    try:
        model._meta.pk.to_python(unquote(object_id))
        if version_id is not None:
            int(version_id)
    except (ValidationError, ValueError, TypeError):
        raise Http404 from None


def titled(title, filter_class=admin.ChoicesFieldListFilter):
    """A list filter on a related field (`site__kind`) with a title of its own ("site kind", not "kind")."""

    class TitledFilter(filter_class):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.title = title

    return TitledFilter


@admin.action(description=_("Export the selection as CSV"))
def export_as_csv(modeladmin, request, queryset):
    """Export with the admin's `csv_columns` (core/columns.py Columns)."""
    return csv_response(queryset.model._meta.model_name, modeladmin.csv_columns.export, queryset)


def publication_actions(field: str):
    """The pair of actions that set a boolean visibility field on the selection."""

    def set_flag(value: bool):
        @transaction.atomic
        def action(modeladmin, request, queryset):
            # Saved one by one, so that history records each change and who made it,
            # and open edit forms learn that the record moved on: its save, which writes
            # `version`, moves it on (core/concurrency.py).
            changed = 0
            for record in queryset.exclude(**{field: value}).select_for_update():
                setattr(record, field, value)
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
