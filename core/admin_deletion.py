"""What the admin's delete pages list, by name.

Every delete page names the rows of many-to-many links by the records they link ("Partner
of an agreement: Université de Nantes", "User-group relationship: Editors"), not
"Agreement_partners object (1224)" (NamedDeletionMixin, on every admin of the site).
Deleting a record that others hold on to (on_delete=PROTECT: a partner or a unit that
agreements name) is refused in the admin, with the list of those records, each linked to
its page, and the offer to unpublish the record instead (ProtectedDeletionMixin)."""

from django.contrib import messages
from django.contrib.admin.utils import NestedObjects, quote, unquote
from django.core.exceptions import PermissionDenied
from django.db import router, transaction
from django.db.models import prefetch_related_objects
from django.http import Http404
from django.shortcuts import redirect
from django.urls import NoReverseMatch, path, reverse
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

HOLDERS_SHOWN = 100  # a national research body has thousands of agreements


def link_keys(model) -> list:
    """The two foreign keys of a many-to-many link's row (its own model, or the one Django
    makes for a many-to-many field), or [] for any other model."""
    keys = [field for field in model._meta.concrete_fields if field.many_to_one]
    is_link = model._meta.auto_created or any(
        field.remote_field.through is model for key in keys for field in key.related_model._meta.many_to_many
    )
    return keys if is_link and len(keys) == 2 else []


def link_name(record, deleted_model) -> str:
    """A link's row named by the record at the end other than the one being deleted; by both
    ends when neither end is being deleted (a row removed with a third record)."""
    keys = link_keys(type(record))
    others = [key for key in keys if key.related_model is not deleted_model] if keys else []
    return " – ".join(str(getattr(record, key.name)) for key in (others or keys)) or str(record)


class NamedDeletionMixin:
    """Every record a delete page lists is named by its __str__, and the rows of
    many-to-many links by the records they link, fetched a query per kind of link."""

    def get_deleted_objects(self, objs, request):
        """Django's (django.contrib.admin.utils.get_deleted_objects), naming link rows."""
        objs = list(objs)
        if not objs:
            return [], {}, set(), []
        site, deleted_model = self.admin_site, type(objs[0])
        collector = NestedObjects(using=router.db_for_write(deleted_model), origin=objs)
        collector.collect(objs)
        for model, records in collector.model_objs.items():
            keys = link_keys(model)
            if keys:
                prefetch_related_objects(list(records), *(key.name for key in keys))
        perms_needed = set()

        def format_callback(record):
            opts = record._meta
            name = link_name(record, deleted_model)
            model_admin = site._registry.get(type(record))
            if model_admin is None:
                return f"{capfirst(opts.verbose_name)}: {name}"
            if not model_admin.has_delete_permission(request, record):
                perms_needed.add(opts.verbose_name)
            try:
                url = reverse(f"{site.name}:{opts.app_label}_{opts.model_name}_change", args=[quote(record.pk)])
            except NoReverseMatch:
                return f"{capfirst(opts.verbose_name)}: {name}"
            return format_html('{}: <a href="{}">{}</a>', capfirst(opts.verbose_name), url, name)

        to_delete = collector.nested(format_callback)
        protected = [format_callback(record) for record in collector.protected]
        counts = {model._meta.verbose_name_plural: len(records) for model, records in collector.model_objs.items()}
        return to_delete, counts, perms_needed, protected


def link_end(model, deleted_model):
    """The name of the foreign key of a many-to-many link's row (an agreement's partner)
    that leads to the record at its other end (the agreement), or None for any other model."""
    for key in model._meta.concrete_fields:
        other = key.related_model
        if not key.many_to_one or other is deleted_model:
            continue
        if any(field.remote_field.through is model for field in other._meta.many_to_many):
            return key.name
    return None


def holders(protected, deleted_model) -> list:
    """The records that hold on to the ones being deleted, once each, by name: for a row of
    a many-to-many link, the record at its other end."""
    by_model = {}
    for record in protected:
        by_model.setdefault(type(record), []).append(record)
    found = set()
    for model, records in by_model.items():
        end = link_end(model, deleted_model)
        if end is None:
            found.update(records)
        else:
            prefetch_related_objects(records, end)
            found.update(getattr(record, end) for record in records)
    return sorted(found, key=str)


class ProtectedDeletionMixin:
    """For a ModelAdmin whose records others may hold on to (PROTECT). Its delete page then
    lists those records by name (not "Agreement partner object (12)") and offers to unpublish
    the record instead: a POST to its `unpublish` URL, for those who may change it."""

    publication_field = "is_published"
    delete_confirmation_template = "admin/protected_delete_confirmation.html"

    def get_deleted_objects(self, objs, request):
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        if protected:
            collector = NestedObjects(using=router.db_for_write(self.model))
            collector.collect(objs)
            records = holders(collector.protected, self.model)
            protected = [self.holder_entry(record) for record in records[:HOLDERS_SHOWN]]
            if len(records) > HOLDERS_SHOWN:
                more = len(records) - HOLDERS_SHOWN
                protected.append(ngettext("…and %(count)d more.", "…and %(count)d more.", more) % {"count": more})
        return deleted, counts, perms_needed, protected

    def holder_entry(self, record):
        opts = record._meta
        try:
            url = reverse(f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_change", args=[quote(record.pk)])
        except NoReverseMatch:
            return f"{capfirst(opts.verbose_name)}: {record}"
        return format_html('{}: <a href="{}">{}</a>', capfirst(opts.verbose_name), url, record)

    def delete_view(self, request, object_id, extra_context=None):
        record = self.get_object(request, unquote(object_id))
        extra = {
            "can_unpublish": self.has_change_permission(request, record),
            "is_published": bool(record and getattr(record, self.publication_field)),
        }
        return super().delete_view(request, object_id, {**(extra_context or {}), **extra})

    def get_urls(self):
        opts = self.model._meta
        unpublish = path(
            "<path:object_id>/unpublish/",
            self.admin_site.admin_view(require_POST(self.unpublish_view)),
            name=f"{opts.app_label}_{opts.model_name}_unpublish",
        )
        return [unpublish, *super().get_urls()]

    def after_unpublish(self, request, record):
        """What the editor should know once `record` is unpublished (a warning, say)."""

    def unpublish_view(self, request, object_id):
        opts = self.model._meta
        with transaction.atomic(using=router.db_for_write(self.model)):
            record = self.get_object(request, unquote(object_id))
            if record is None:
                raise Http404
            if not self.has_change_permission(request, record):
                raise PermissionDenied
            if getattr(record, self.publication_field):
                # Saved, not updated: history keeps who unpublished it, open forms learn it moved on.
                setattr(record, self.publication_field, False)
                record.save(update_fields=[self.publication_field, "version", "updated_at"])
                field = opts.get_field(self.publication_field).verbose_name
                self.log_change(request, record, [{"changed": {"fields": [str(capfirst(field))]}}])
        self.message_user(
            request,
            _("“%(record)s” is unpublished: the public no longer sees it, and the records that name it keep it.")
            % {"record": record},
            messages.SUCCESS,
        )
        self.after_unpublish(request, record)
        return redirect(f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_change", quote(record.pk))
