"""Optimistic locking: nobody's save silently overwrites a colleague's.

Each protected model has a `version` that every save of a stored record moves on
(VersionField), and that writes bypassing save() move on with next_version().
An edit form carries, in a signed hidden field, the version and the field values it was
loaded with. If the record has moved on when the form is saved, the save is refused with
what changed, and the editor's input stays on the form. The check runs inside the
admin's transaction with the row locked (SELECT ... FOR UPDATE on PostgreSQL), so two
simultaneous saves cannot both pass it.
"""

from django import forms
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F
from django.utils.translation import gettext_lazy as _

LOADED_STATE = "loaded_state"
SALT = "core.concurrency"


class VersionField(models.PositiveIntegerField):
    """The optimistic lock's counter. Like auto_now for a date, it moves itself on when a
    stored record is saved (a save whose update_fields leave it out leaves it alone), so
    that no caller has to remember to: admin forms, publication actions, imports, term
    edits all go through here. A save with `raw` (loaddata) keeps the dump's value."""

    def pre_save(self, model_instance, add):
        if not add and not model_instance._state.adding:
            bump_version(model_instance)
        return super().pre_save(model_instance, add)

    def deconstruct(self):
        # The same column as a plain PositiveIntegerField: no migration for moving the rule here.
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.PositiveIntegerField", args, kwargs


def version_field():
    return VersionField(
        _("version"), default=1, editable=False, help_text=_("Incremented by each save, to detect concurrent edits.")
    )


def next_version():
    """The version moved on, in an UPDATE that bypasses save() (QuerySet.update)."""
    return F("version") + 1


def bump_version(instance):
    """Move an instance's version on in memory: what its save does (VersionField), and
    what a bulk_update, which calls no pre_save, must be handed."""
    instance.version += 1


def comparable(field: forms.Field, value) -> str:
    """A field's value as text, the same whether it comes from a form or the database."""
    prepared = field.prepare_value(value)
    if isinstance(prepared, list | tuple | set):
        return ", ".join(sorted(str(item) for item in prepared))
    return "" if prepared is None else str(prepared)


def database_value(instance, name):
    field = instance._meta.get_field(name)
    if field.many_to_many:
        return list(getattr(instance, name).all()) if instance.pk else []
    return field.value_from_object(instance)


def snapshot(form, instance) -> str:
    """The signed version and values of `instance`, as this form shows them."""
    model_fields = {field.name for field in instance._meta.get_fields()}
    values = {
        name: comparable(field, database_value(instance, name))
        for name, field in form.fields.items()
        if name in model_fields
    }
    return signing.dumps({"version": instance.version, "values": values}, salt=SALT, compress=True)


def shown(form, name: str, text: str) -> str:
    """A compared value as an editor reads it: the label of a choice, not its key."""
    field = form.fields[name]
    choices = {str(key): label for key, label in getattr(field, "choices", []) if key != ""}
    if choices and text:
        return ", ".join(str(choices.get(part, part)) for part in text.split(", "))
    return text or "—"


class OptimisticLockForm(forms.ModelForm):
    """A ModelForm for a model with a `version` field: refuses stale saves."""

    loaded_state = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields[LOADED_STATE].initial = snapshot(self, self.instance)

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk:
            self.check_version()
        return cleaned

    def check_version(self):
        model = type(self.instance)
        current = model._default_manager.select_for_update().filter(pk=self.instance.pk).first()
        if current is None:
            raise ValidationError(_("This record has been deleted since you opened it."), code="deleted")
        self.current_version = current.version
        try:
            loaded = signing.loads(self.data.get(self.add_prefix(LOADED_STATE), ""), salt=SALT)
        except signing.BadSignature:
            loaded = {"version": None, "values": {}}
        if loaded["version"] == current.version:
            return
        now = signing.loads(snapshot(self, current), salt=SALT)["values"]
        changes = [
            f"{self.fields[name].label}: {shown(self, name, before)} → {shown(self, name, now.get(name, ''))}"
            for name, before in loaded["values"].items()
            if name in self.fields and before != now.get(name, "")
        ]
        # Saving again, after reading the changes, is a deliberate choice: it takes the new version.
        self.data = self.data.copy()
        self.data[self.add_prefix(LOADED_STATE)] = snapshot(self, current)
        raise ValidationError(
            _(
                "Someone else saved this record after you opened it. Their changes: %(changes)s. "
                "Your input is kept below: compare it with theirs, then save again to keep yours."
            )
            % {"changes": "; ".join(changes) or _("none in the fields shown here")},
            code="conflict",
        )

    def save(self, commit=True):
        if self.instance.pk:
            # The version this save replaces (the stored one, read under lock by
            # check_version); the model's save moves it on.
            self.instance.version = getattr(self, "current_version", self.instance.version)
        return super().save(commit)


class OptimisticLockAdminMixin:
    """For a ModelAdmin whose model has a `version` field and whose form is an
    OptimisticLockForm: the form carries its loaded state in the first fieldset."""

    form = OptimisticLockForm

    def get_fieldsets(self, request, obj=None):
        (name, options), *others = super().get_fieldsets(request, obj)
        if LOADED_STATE not in options["fields"]:
            options = {**options, "fields": [*options["fields"], LOADED_STATE]}
        return [(name, options), *others]
