"""Spreadsheet import and export in the admin (django-import-export), shared by every kind
of record.

Records are named by their natural key (site slug, unit code, partner slug, agreement
reference; a unit's partner by unit, partner, role and start, a succession by its two
units), never by a database id, so a file can move between databases. Imports are
all or nothing: the preview lists every bad row with its column and reason, and a file
with any bad row writes nothing, at the preview and at the confirmation alike.
Importing an export of the same data changes nothing: unchanged rows are reported as
such and left untouched (no save, no history entry, no version bump).

Columns are named by stable keys (the field names: `director_is_puph`), and values are
written the same way in every language and format: ISO dates, plain numbers with a dot,
yes/no for booleans, keys of choices (`chu`, `active`), an empty cell for nothing. So a
file exported from a French page imports on an English one. The export and import pages
give each key's meaning in the page's language (column_label). Text that a spreadsheet
program would run as a formula is exported with a leading apostrophe, which the import
removes again.
"""

import datetime as dt
import io
import json
import re
from collections import Counter
from decimal import Decimal

import tablib
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, FieldDoesNotExist, PermissionDenied, ValidationError
from django.db import models
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from import_export import fields, forms, resources, widgets
from import_export.admin import ImportExportMixin
from import_export.formats import base_formats
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from core.imports import jobs
from core.imports.constraints import validate_constraints
from core.imports.limits import FileRefused, check_upload, open_sheet, too_many_rows
from core.imports.models import ImportJob

from . import page_cache
from .concurrency import bump_version
from .exports import FORMULA_PREFIXES, write_sheet

TRUE_WORDS = {"1", "yes", "true", "oui", "vrai", "y", "o"}
FALSE_WORDS = {"0", "no", "false", "non", "faux", "n"}


def text_of(value) -> str:
    """A cell as text: spreadsheet and JSON readers give numbers and dates too."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a code or count typed as a number: 1234, not 1234.0
    return str(value).strip()


def needs_escape(text: str) -> bool:
    """Whether a spreadsheet program would run `text` as a formula (or it already looks
    like an escaped one, so that the escape stays reversible)."""
    return text.startswith(FORMULA_PREFIXES) or (text[:1] == "'" and needs_escape(text[1:]))


class TextWidget(widgets.Widget):
    """Text, exported so that no spreadsheet program evaluates it: `=1+1` becomes `'=1+1`."""

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, dict | list):
            raise ValueError(gettext("A cell holds text, not a list or an object."))
        text = text_of(value) if isinstance(value, int | float) else ("" if value is None else str(value))
        return text[1:] if text[:1] == "'" and needs_escape(text[1:]) else text

    def render(self, value, obj=None, **kwargs):
        text = "" if value is None else str(value)
        return "'" + text if needs_escape(text) else text


class BooleanWidget(widgets.Widget):
    """yes/no (oui/non, true/false, 1/0); anything else is an error, not a silent "no"."""

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, bool):
            return value
        word = text_of(value).lower()
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
        raise ValueError(gettext("“%(value)s” is not yes or no.") % {"value": text_of(value)})

    def render(self, value, obj=None, **kwargs):
        return "yes" if value else "no"


class DateWidget(widgets.Widget):
    """ISO dates (2024-01-31); day/month/year (31/01/2024) and spreadsheet dates are read too."""

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        return parse_date(text_of(value))

    def render(self, value, obj=None, **kwargs):
        return value.isoformat() if value else ""


def parse_date(text: str) -> dt.date | None:
    if not text:
        return None
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError(gettext("“%(value)s” is not a date: write it as YYYY-MM-DD, e.g. 2024-01-31.") % {"value": text})


class NumberWidget(widgets.Widget):
    """A plain number with a dot for decimals (a comma is read too), never localised."""

    def __init__(self, integer=False):
        super().__init__()
        self.integer = integer

    def clean(self, value, row=None, **kwargs):
        text = text_of(value)
        plain = re.sub(r"[\s\u202f]", "", text)  # 1 000,50 as French spreadsheets write it
        if not plain:
            return None
        if "," in plain and "." not in plain and plain.count(",") == 1 and not self.integer:
            plain = plain.replace(",", ".")
        pattern = r"-?\d+" if self.integer else r"-?\d+(\.\d+)?"
        if not re.fullmatch(pattern, plain):
            expected = gettext("a whole number") if self.integer else gettext("a number")
            raise ValueError(gettext("“%(value)s” is not %(expected)s.") % {"value": text, "expected": expected})
        return int(plain) if self.integer else Decimal(plain)

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


class KeyWidget(widgets.Widget):
    """A related record named by its natural key (a site's slug, a unit's code).

    `lookup` and `prepare` let a key be matched in any spelling (a unit code by its
    code_key)."""

    def __init__(self, model, field, lookup=None, prepare=str):
        super().__init__()
        self.model, self.field = model, field
        self.lookup, self.prepare = lookup or field, prepare

    def find(self, keys):
        """{prepared key: record} for the keys that exist."""
        prepared = {self.prepare(key) for key in keys}
        records = self.model._default_manager.filter(**{f"{self.lookup}__in": prepared})
        return {getattr(record, self.lookup): record for record in records}

    def missing_message(self, keys):
        return gettext("No %(model)s has the %(field)s %(keys)s.") % {
            "model": self.model._meta.verbose_name,
            "field": self.model._meta.get_field(self.field).verbose_name,
            "keys": ", ".join(f"“{key}”" for key in keys),
        }

    def clean(self, value, row=None, **kwargs):
        key = text_of(value)
        if not key:
            return None
        found = self.find([key]).get(self.prepare(key))
        if found is None:
            raise ValueError(self.missing_message([key]))
        return found

    def render(self, value, obj=None, **kwargs):
        return getattr(value, self.field) if value else ""


class KeyListWidget(widgets.ManyToManyWidget):
    """Several related records, their keys separated by commas; every key must exist."""

    def __init__(self, model, field, lookup=None, prepare=str):
        super().__init__(model, separator=",", field=field)
        self.key = KeyWidget(model, field, lookup, prepare)

    def clean(self, value, row=None, **kwargs):
        keys = [key.strip() for key in text_of(value).split(",") if key.strip()]
        found = self.key.find(keys)
        missing = [key for key in keys if self.key.prepare(key) not in found]
        if missing:
            raise ValueError(self.key.missing_message(missing))
        return list({record.pk: record for record in (found[self.key.prepare(key)] for key in keys)}.values())

    def render(self, value, obj=None, **kwargs):
        # `value` is a related manager, prefetched by the export queryset.
        return ", ".join(sorted(getattr(record, self.field) for record in value.all())) if value is not None else ""


def same_text(one: str, other: str) -> bool:
    """Equal but for line endings (forms store \\r\\n, spreadsheets often \\n)."""
    return one.replace("\r\n", "\n") == other.replace("\r\n", "\n")


def widget_for(model_field):
    if isinstance(model_field, models.BooleanField):
        return BooleanWidget()
    if isinstance(model_field, models.DateField) and not isinstance(model_field, models.DateTimeField):
        return DateWidget()
    if isinstance(model_field, models.DecimalField):
        return NumberWidget()
    if isinstance(model_field, models.IntegerField):
        return NumberWidget(integer=True)
    return TextWidget()


class FileLayoutError(ValueError):
    """The file's columns are not this kind's: no row is read."""


class PortalResource(resources.ModelResource):
    """A model's rows in a spreadsheet: its natural key first, then its own fields.

    Subclasses set Meta.model, Meta.fields (the columns, in order, the key first) and
    Meta.import_id_fields (the key), and declare a Field with a KeyWidget or
    KeyListWidget for each relation. Relations to records of the same kind
    (`self_references`: a partner's parent, a unit's predecessor) may name a record
    further down the same file: they are set once every row is in.
    """

    self_references: tuple[str, ...] = ()

    # Set by the background jobs (core/imports/jobs.py): `validate_only` reads and checks every
    # row but writes nothing (not even in a transaction rolled back at the end, which on
    # SQLite would block every other writer meanwhile); `html_diff` off, rows are counted,
    # not shown; `progress(row_number)` is called after each row.
    validate_only = False
    html_diff = True
    progress = None
    # Background jobs write these records in bulk (bulk_writer): their rows write nothing
    # beside the record itself (no terms, no many-to-many links).
    writes_in_bulk = False

    class Meta:
        skip_unchanged = True  # an unchanged row is not saved: no history entry, no version bump
        report_skipped = True  # ...but it is listed in the preview, as unchanged
        clean_model_instances = True  # the model's own rules (full_clean) apply to every row
        use_transactions = True

    @classmethod
    def widget_from_django_field(cls, f, default=widgets.Widget):
        return lambda **kwargs: widget_for(f)

    @classmethod
    def widget_kwargs_for_field(cls, field_name, django_field):
        return {}

    def key_field(self):
        return self.fields[self._meta.import_id_fields[0]]

    def normalise_key(self, key):
        return text_of(key)

    def get_instance(self, instance_loader, row):
        return self.existing.get(self.row_key(row))

    def key_lookup(self):
        return self.key_field().attribute

    # A key of several columns (a unit's partner: unit, partner, role, start) overrides
    # row_key() and records_named(), which then agree on a tuple.
    def key_columns(self) -> list[str]:
        return [self.fields[name].column_name for name in self._meta.import_id_fields]

    def row_key(self, row):
        """The key of the record a row names, as records_named() keys it; empty if none."""
        return self.normalise_key(row.get(self.key_field().column_name))

    def key_text(self, row) -> str:
        return ", ".join(text for column in self.key_columns() if (text := text_of(row.get(column))))

    # --- the whole file -------------------------------------------------------------

    def before_import(self, dataset, **kwargs):
        """Refuse a file whose columns are not this kind's, before reading any row."""
        super().before_import(dataset, **kwargs)
        self.deferred_links, self.existing, self.import_user = [], {}, kwargs.get("user")
        self.pending_creates, self.pending_updates, self.checked_records = [], [], []
        self.first_row_of_key, self.repeated_keys, self.keys_in_file = {}, {}, set()
        headers = [text_of(header) for header in dataset.headers or []]
        if dataset.headers:
            dataset.headers = headers  # " name" is the name column
        while len(dataset) and all(text_of(cell) == "" for cell in dataset[-1]):
            del dataset[-1]  # the empty rows spreadsheets leave at the end (rows above keep their numbers)
        expected = [field.column_name for field in self.get_import_fields()]
        unknown = [header or gettext("(a column without a name)") for header in headers if header not in expected]
        repeated = [header for header, count in Counter(headers).items() if count > 1]
        problems = []
        if unknown:
            problems.append(gettext("unknown column(s) %(columns)s") % {"columns": ", ".join(unknown)})
        if repeated:
            problems.append(gettext("column(s) %(columns)s appear twice") % {"columns": ", ".join(repeated)})
        problems.extend(
            gettext("the key column %(column)s is missing") % {"column": column}
            for column in self.key_columns()
            if column not in headers
        )
        if problems:
            message = gettext("This file's columns do not match: %(problems)s. The columns are: %(expected)s.") % {
                "problems": "; ".join(problems),
                "expected": ", ".join(expected),
            }
            if len(headers) == 1 and any(separator in headers[0] for separator in ";\t|"):
                message += " " + gettext(
                    "Its columns seem separated by semicolons or tabs: a CSV file here is comma-separated "
                    "(in Excel: Save as “CSV UTF-8”)."
                )
            del dataset[0 : len(dataset)]  # no row is read: one message, not one per row
            raise FileLayoutError(message)
        # Rows naming the same record twice: reported on the later row.
        for number, row in enumerate(dataset.dict, 1):
            key = self.row_key(row)
            if not key:
                continue
            if key in self.first_row_of_key:
                self.repeated_keys[number] = self.first_row_of_key[key]
            else:
                self.first_row_of_key[key] = number
            self.keys_in_file.add(key)
        self.existing = self.records_named(sorted(self.keys_in_file))

    def records_named(self, keys):
        """{key: record} for the records the file names, in a few queries rather than one per row."""
        manager, lookup, found = self._meta.model._default_manager, self.key_lookup(), {}
        for start in range(0, len(keys), 500):
            for record in manager.filter(**{f"{lookup}__in": keys[start : start + 500]}):
                found[getattr(record, lookup)] = record
        return found

    def after_import(self, dataset, result, **kwargs):
        """Set the same-kind links that named records further down the file."""
        if self.validate_only or self._meta.use_bulk:
            return  # the links are set, and checked, when the rows are written (write_pending)
        super().after_import(dataset, result, **kwargs)
        if result.has_errors() or result.has_validation_errors():
            return
        self.link_deferred()

    def link_deferred(self):
        for instance, attribute, target_key, row_number in self.deferred_links:
            target = self._meta.model._default_manager.get(**{self.key_lookup(): target_key})
            setattr(instance, attribute, target)
            try:
                instance.full_clean(validate_constraints=False)
            except ValidationError as error:
                problems = " ".join(message for messages in error.message_dict.values() for message in messages)
                raise ValueError(
                    gettext("Row %(row)d, column %(column)s: %(problems)s")
                    % {"row": row_number, "column": attribute, "problems": problems}
                ) from None
            instance.save(update_fields=[attribute])

    # --- each row -------------------------------------------------------------------

    def before_import_row(self, row, **kwargs):
        first = self.repeated_keys.get(kwargs["row_number"])
        if first is not None:
            raise ValidationError(
                {
                    self.key_field().attribute: gettext(
                        "%(key)s is already on row %(row)d of this file: each record appears once."
                    )
                    % {"key": self.key_text(row), "row": first}
                }
            )

    def import_field(self, field, instance, row, is_m2m=False, **kwargs):
        if field.attribute in self.self_references and not is_m2m:
            key = self.normalise_key(row.get(field.column_name))
            known = self._meta.model._default_manager.filter(**{self.key_lookup(): key}).exists()
            if key and not known and key in self.keys_in_file:
                # Named further down the file: set once every row is in.
                self.deferred_links.append((instance, field.attribute, key, kwargs.get("row_number")))
                setattr(instance, field.attribute, None)
                return
        before = getattr(instance, field.attribute, None) if field.attribute and not is_m2m else None
        super().import_field(field, instance, row, is_m2m, **kwargs)
        after = getattr(instance, field.attribute, None) if field.attribute and not is_m2m else None
        if isinstance(before, str) and isinstance(after, str) and same_text(before, after):
            setattr(instance, field.attribute, before)  # only line endings differ: unchanged

    def import_instance(self, instance, row, **kwargs):
        """Field errors of many-to-many columns too (the library reads those only after
        saving), so that every error of a row shows in the preview."""
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        for field in self.get_import_fields():
            if isinstance(field.widget, KeyListWidget) and field.column_name in row:
                try:
                    field.clean(row)
                except ValueError as error:
                    errors[field.attribute] = ValidationError(str(error), code="invalid")
        if errors:
            raise ValidationError(errors)

    def skip_row(self, instance, original, row, import_validation_errors=None):
        if any(link[0] is instance for link in self.deferred_links):
            return False
        return super().skip_row(instance, original, row, import_validation_errors)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        """The row's errors and the model's full_clean(), its check constraints evaluated
        without a query each (core/imports/constraints.py)."""
        errors = dict(import_validation_errors or {})
        # The key is unique: the record it names was looked up in before_import.
        known_unique = {*self._meta.import_id_fields, self.key_field().attribute, self.key_lookup()}
        try:
            instance.full_clean(exclude=errors.keys(), validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        # A link to a row further down the file is empty until link_deferred() sets it and
        # checks the record again: no error on it now (a network's member before the network).
        for linked, attribute, *_rest in self.deferred_links:
            if linked is instance:
                errors.pop(attribute, None)
        # As full_clean goes on: uniqueness, then constraints, of the fields that passed validation.
        if validate_unique:
            try:
                instance.validate_unique(exclude=fields_with_errors(errors) | known_unique)
            except ValidationError as error:
                errors = error.update_error_dict(errors)
        try:
            validate_constraints(instance, exclude=fields_with_errors(errors), known_unique=known_unique)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def save_instance(self, instance, is_create, row, **kwargs):
        if self.writes_in_bulk:
            # What the row was checked against, before before_save_instance bumps the version:
            # the bulk write compares it with what is stored by then (records_moved).
            pk, version = (None, None) if is_create else (instance.pk, instance.version)
            self.checked_records.append([pk, version, getattr(instance, self.key_lookup())])
        if not self.validate_only:
            super().save_instance(instance, is_create, row, **kwargs)

    def save_m2m(self, instance, row, **kwargs):
        if not self.validate_only:
            super().save_m2m(instance, row, **kwargs)

    def after_import_row(self, row, row_result, **kwargs):
        super().after_import_row(row, row_result, **kwargs)
        if self.progress is not None:
            self.progress(kwargs["row_number"])

    def get_diff_class(self):
        # A background job shows counts and errors, not each row's differences in HTML.
        return super().get_diff_class() if self.html_diff else CountedDiff

    @classmethod
    def bulk_writer(cls):
        """This resource, checking every row with no transaction open, then writing them all
        at once (write_pending), 1,000 a statement: a background job holds the write lock
        (on SQLite, every other writer waits) for the writing alone."""

        class Meta(cls.Meta):
            use_bulk = True
            batch_size = 1000

        return type(cls.__name__, (cls,), {"Meta": Meta, "__module__": cls.__module__})

    # With use_bulk, the library hands over the rows a batch at a time: kept until write_pending().
    def bulk_create(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        self.pending_creates.extend(self.ready_to_write(self.create_instances))

    def bulk_update(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        self.pending_updates.extend(self.ready_to_write(self.update_instances))

    def ready_to_write(self, instances):
        """The instances, with what save() would set (folded keys), before any lock is taken."""
        ready = list(instances)
        for instance in ready:
            instance.refresh_folded_keys()
        instances.clear()
        return ready

    def write_pending(self, checked=None):
        """Write the checked rows and their history, then the links to records further down
        the file. Inside the caller's transaction: the only part of the import that holds a lock.

        `checked` is checked_records as the editor's check left it (this run's own if None).
        If a record moved on since, nothing is written (jobs.RecordsMoved): the rows were
        checked, and their versions set, against what it was then, and writing them would
        silently undo a colleague's save."""
        moved = self.records_moved(self.checked_records if checked is None else checked)
        if moved:
            raise jobs.RecordsMoved(moved)
        model, batch = self._meta.model, self._meta.batch_size
        bulk_create_with_history(self.pending_creates, model, batch_size=batch, default_user=self.import_user)
        fields = [*self.get_bulk_update_fields(), "version", *model.FOLDED]
        bulk_update_with_history(self.pending_updates, model, fields, batch_size=batch, default_user=self.import_user)
        self.link_deferred()

    def records_moved(self, checked) -> list[tuple[int | None, str]]:
        """(row number, key) of each record this run would write that moved on since `checked`:
        its version changed, it was deleted, or it was created while the file was to create it.
        The records are locked until the transaction ends (a no-op on SQLite, whose IMMEDIATE
        transaction holds the write lock already), so none moves between this and the write."""
        manager, lookup = self._meta.model._default_manager, self.key_lookup()
        versions = {pk: (version, key) for pk, version, key in checked if pk is not None}
        to_create = {key for pk, version, key in checked if pk is None}
        moved = set()
        for pk, version, key in self.checked_records:  # as this run read them
            as_checked = key in to_create if pk is None else versions.get(pk, (None,))[0] == version
            if not as_checked:
                moved.add(key)
        pks = sorted(versions)
        for start in range(0, len(pks), 500):
            chunk = pks[start : start + 500]
            stored = dict(manager.select_for_update().filter(pk__in=chunk).order_by("pk").values_list("pk", "version"))
            moved.update(versions[pk][1] for pk in chunk if stored.get(pk) != versions[pk][0])
        new_keys = sorted(key for pk, version, key in self.checked_records if pk is None)
        for start in range(0, len(new_keys), 500):
            taken = manager.filter(**{f"{lookup}__in": new_keys[start : start + 500]})
            moved.update(taken.values_list(lookup, flat=True))
        rows = {key: self.first_row_of_key.get(self.normalise_key(key)) for key in moved}
        return sorted(((row, key) for key, row in rows.items()), key=lambda pair: (pair[0] or 0, pair[1]))

    def before_save_instance(self, instance, row, **kwargs):
        super().before_save_instance(instance, row, **kwargs)
        if self._meta.use_bulk and not instance._state.adding and hasattr(instance, "version"):
            # Open edit forms learn, through the version, that the record moved on. A save()
            # moves it on by itself (core/concurrency.py); bulk_update, which calls no
            # pre_save, writes what it is handed.
            bump_version(instance)

    def iter_queryset(self, queryset):
        # In the changelist's order, with its prefetches, a chunk at a time.
        yield from queryset.iterator(chunk_size=self.get_chunk_size())


def fields_with_errors(errors) -> set:
    return {name for name in errors if name != NON_FIELD_ERRORS}


class CountedDiff(resources.Diff):
    def as_html(self):
        return []


class JSON(base_formats.JSON):
    """JSON as exported here: a list of objects with the same keys. (tablib reads every
    object's values in the order of the first object's keys, whatever their names.)"""

    def create_dataset(self, in_stream, **kwargs):
        rows = json.loads(in_stream)
        if not isinstance(rows, list) or not all(isinstance(row, dict) for row in rows):
            raise ValueError("not a list of objects")
        headers = list(rows[0]) if rows else []
        if any(list(row) != headers for row in rows):
            raise ValueError("objects with different keys")
        return tablib.Dataset(*[list(row.values()) for row in rows], headers=headers)


class XLSX(base_formats.XLSX):
    """The first sheet, within the import limits (core/imports/limits.py): the size the sheet
    declares is not trusted (openpyxl would make up every row and column it claims), only
    the header row's columns are read, and reading stops past IMPORT_MAX_ROWS.

    Exported as the portal's other workbooks are (core/exports.py): the header row frozen
    and filtered, columns as wide as their content; the cells are the widgets' text, as
    the other formats write them, an empty cell for nothing."""

    def export_data(self, dataset, **kwargs):
        # Not write-only, as the library's own: that mode declares no size, and readers that
        # trust the size (the library's) would cut each row after its last full cell.
        workbook = Workbook()
        sheet = workbook.active
        sheet.title = str(dataset.title or "data")[:31]
        lines = ([exchange_cell(value) for value in row] for row in dataset)
        write_sheet(sheet, [str(header) for header in dataset.headers or []], lines)
        buffer = io.BytesIO()
        workbook.save(buffer)
        return buffer.getvalue()

    def create_dataset(self, in_stream):
        book, sheet = open_sheet(io.BytesIO(in_stream))
        try:
            headers = list(next(sheet.iter_rows(max_row=1, values_only=True), ()))
            dataset = tablib.Dataset(headers=headers)
            if not headers:
                return dataset
            rows = sheet.iter_rows(min_row=2, max_col=len(headers), values_only=True)
            for number, row in enumerate(rows, 1):
                if number > settings.IMPORT_MAX_ROWS:
                    raise too_many_rows()
                if any(value is not None for value in row):  # spreadsheets often end with empty rows
                    # A row's empty cells at the end are not in the file (the size it declares is ignored).
                    dataset.append((*row, *(None,) * (len(headers) - len(row))))
            return dataset
        finally:
            book.close()


def exchange_cell(value):
    """A rendered value as an XLSX cell: None for an empty one; text without the control
    characters (pasted from a word processor) that an XLSX file may not hold."""
    if value is None or value == "":
        return None
    return ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value


IMPORT_FORMATS = {"csv": base_formats.CSV, "xlsx": XLSX, "json": JSON}


def column_label(resource, name: str) -> str:
    """What the column `name` of `resource` (a class) holds, in the active language: the
    field's own `label` if it has one, else its model field's name (a relation read
    backwards: the related records' plural), else the key itself."""
    field = resource.fields.get(name)
    if field is None:
        return name
    label = getattr(field, "label", None)
    if label is None:
        try:
            model_field = resource._meta.model._meta.get_field(field.attribute or name)
        except FieldDoesNotExist:
            return name
        label = getattr(model_field, "verbose_name", None) or model_field.related_model._meta.verbose_name_plural
    return capfirst(str(label))


KEYS_ARE_STABLE = _(
    "The file's columns are named by the keys in brackets, the same in every language, so that a "
    "file exported here can be imported again as it is."
)


class PortalExportForm(forms.SelectableFieldsExportForm):
    """The export page: each column offered by what it holds, in the page's language, and
    its key, as the file's header writes it ("Director is PU-PH (director_is_puph)")."""

    def __init__(self, formats, resources, **kwargs):
        super().__init__(formats, resources, **kwargs)
        self.fields["format"].help_text = KEYS_ARE_STABLE

    def _get_field_label(self, resource, field_name: str) -> str:
        column = resource.fields[field_name].column_name if field_name in resource.fields else field_name
        return f"{column_label(resource, field_name)} ({column})"


class BoundedImportForm(forms.ImportForm):
    """The import form, refusing a file over the limits before it is parsed."""

    def __init__(self, formats, resources, **kwargs):
        super().__init__(formats, resources, **kwargs)
        self.formats, self.rows = formats, 0
        self.fields["import_file"].help_text = _(
            "The file's columns are named by the keys listed above, the same in every language: "
            "a file exported here can be imported again as it is."
        )

    def clean(self):
        cleaned = super().clean()
        upload, chosen = cleaned.get("import_file"), cleaned.get("format")
        if upload is not None and chosen not in (None, ""):
            try:
                self.rows = check_upload(upload, self.formats[int(chosen)]().get_title().lower())
            except FileRefused as refusal:
                self.add_error("import_file", str(refusal))
        return cleaned


class ImportExportAdminMixin(ImportExportMixin):
    """Import and export buttons on a changelist. Exports follow the changelist's
    filters and search; imports are for those who may both add and change records."""

    formats = list(IMPORT_FORMATS.values())
    import_form_class = BoundedImportForm
    export_form_class = PortalExportForm

    def has_import_permission(self, request):
        return self.has_add_permission(request) and self.has_change_permission(request)

    def get_context_data(self, **kwargs):
        limits = {
            "bytes": settings.IMPORT_MAX_BYTES,
            "rows": f"{settings.IMPORT_MAX_ROWS:,}",
            "background": f"{settings.IMPORT_BACKGROUND_ROWS:,}",
        }
        return {**super().get_context_data(**kwargs), "import_limits": limits}

    def get_urls(self):
        opts = self.model._meta
        job_url = path(
            "import/job/<uuid:job_id>/",
            self.admin_site.admin_view(self.import_job_view),
            name=f"{opts.app_label}_{opts.model_name}_import_job",
        )
        return [job_url, *super().get_urls()]

    def create_import_form(self, request):
        # One form per request: import_action builds it twice, and its checks read the file.
        if getattr(request, "import_form", None) is None:
            request.import_form = super().create_import_form(request)
        return request.import_form

    def import_action(self, request, **kwargs):
        """A file of more than IMPORT_BACKGROUND_ROWS rows goes to the background worker
        (core/imports/jobs.py); smaller ones are previewed here, as the library does."""
        if request.method == "POST" and self.has_import_permission(request):
            form = self.create_import_form(request)
            if form.is_valid() and form.rows > settings.IMPORT_BACKGROUND_ROWS + 1:
                upload = form.cleaned_data["import_file"]
                upload.seek(0)
                job = jobs.start(
                    user=request.user,
                    model=self.model,
                    resource_class=self.choose_import_resource_class(form, request),
                    file_format=self.get_import_formats()[int(form.cleaned_data["format"])]().get_title().lower(),
                    file_name=upload.name,
                    data=upload.read(),
                )
                return redirect(job.get_absolute_url())
        with page_cache.batch():  # the preview writes in a transaction rolled back: nothing to make stale per row
            return super().import_action(request, **kwargs)

    def process_dataset(self, dataset, form, request, **kwargs):
        with page_cache.batch():  # pages made stale once, after the commit, not once per row
            return super().process_dataset(dataset, form, request, **kwargs)

    def import_job_view(self, request, job_id):
        """A background import's progress (the page reloads itself while it runs), then
        its result; the confirmation of a checked file is posted here."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        job = get_object_or_404(ImportJob, pk=job_id, model=self.model._meta.label_lower)
        if job.user_id != request.user.pk:
            raise Http404
        if request.method == "POST":
            if "confirm" in request.POST and jobs.confirm(job):
                return redirect(job.get_absolute_url())
            if "cancel" in request.POST and jobs.cancel(job):
                self.message_user(request, _("Import cancelled: nothing was imported."), messages.INFO)
                opts = self.model._meta
                return redirect(f"admin:{opts.app_label}_{opts.model_name}_changelist")
            return redirect(job.get_absolute_url())
        context = {
            **self.admin_site.each_context(request),
            "title": _("Import"),
            "opts": self.model._meta,
            "job": job,
            "refresh_seconds": 2,
        }
        return TemplateResponse(request, "admin/import_export/import_job.html", context)

    def add_data_read_fail_error_to_form(self, form, error):
        form.add_error(
            "import_file",
            _(
                "This file cannot be read in the format chosen. A CSV file is UTF-8 text, "
                "comma-separated, with a header row (in Excel: Save as “CSV UTF-8”); "
                "a JSON file is a list of objects with the same keys, as exported here."
            ),
        )

    def get_import_data_kwargs(self, **kwargs):
        # If the data moved on between the preview and the confirmation, the
        # confirmation fails as a whole too.
        return {**super().get_import_data_kwargs(**kwargs), "rollback_on_validation_errors": True}

    def process_import(self, request, **kwargs):
        try:
            return super().process_import(request, **kwargs)
        except (FileNotFoundError, IndexError, ValueError, TypeError):
            # The uploaded file is gone (imported already, or expired) or the form was forged.
            self.message_user(request, _("This import is no longer available: upload the file again."), messages.ERROR)
            opts = self.model._meta
            return redirect(f"admin:{opts.app_label}_{opts.model_name}_changelist")

    def process_result(self, result, request):
        if result.has_errors() or result.has_validation_errors():
            self.message_user(
                request,
                _("Nothing was imported: the data changed since the preview. Import the file again to see why."),
                messages.ERROR,
            )
            opts = self.model._meta
            return redirect(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        return super().process_result(result, request)

    def add_success_message(self, result, request):
        totals = result.totals
        self.message_user(
            request,
            _("Import finished: %(new)d new, %(changed)d changed, %(unchanged)d unchanged.")
            % {"new": totals["new"], "changed": totals["update"], "unchanged": totals["skip"]},
            messages.SUCCESS,
        )


def key_field(column, model, field, **widget_kwargs):
    """A column naming a related record by its natural key."""
    return fields.Field(attribute=column, column_name=column, widget=KeyWidget(model, field, **widget_kwargs))


def key_list_field(column, model, field, **widget_kwargs):
    """A column naming several related records by their natural keys, comma-separated."""
    return fields.Field(
        attribute=column, column_name=column, widget=KeyListWidget(model, field, **widget_kwargs), m2m_add=False
    )
