"""Sites and units in spreadsheets (admin import and export). See core/exchange.py."""

import re

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.models import Prefetch
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from import_export import fields

from core.exchange import DateWidget, PortalResource, TextWidget, key_field, parse_date, text_of

from . import codes, lineage, rules
from .columns import SITE_FIELDS, UNIT_PUBLIC_FIELDS
from .models import Mandate, ResearchUnit, Site, Succession, UnitName, code_key


class SiteResource(PortalResource):
    """A site and its institution (a partner's slug). Files are imported in this order,
    each naming records of those before it: partners, sites, units, agreements, units'
    partners, successions, then the partners' and units' other names."""

    institution = key_field("institution", Site.institution.field.related_model, "slug")

    writes_in_bulk = True

    class Meta(PortalResource.Meta):
        model = Site
        fields = [*SITE_FIELDS, "institution"]
        import_id_fields = ["slug"]

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related("institution")


# One term as an ISO 8601 interval, then, for a term that is not a full one, the reason for
# its length in brackets, with a note after a colon if need be:
# 2020-01-01/2023-12-31; 2024-01-01/2028-06-30 (wave_alignment)
# 2020-01-01/2022-06-30 (other: fusion avec U1235)
TERM = re.compile(
    r"^\s*(?P<start>[^/()]+?)\s*/\s*(?P<end>[^/()]+?)\s*"
    r"(?:\(\s*(?P<reason>[^:()]*?)\s*(?::\s*(?P<note>.*?))?\s*\))?\s*$",
    re.DOTALL,
)


def term_parts(text: str) -> list[str]:
    """The cell's terms: split at the semicolons outside brackets (a note may hold one)."""
    parts, depth, current = [], 0, []
    for char in text:
        depth += {"(": 1, ")": -1}.get(char, 0)
        depth = max(depth, 0)
        if char == ";" and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return [part for part in parts if part.strip()]


def parse_terms(text: str) -> list[rules.Term]:
    """The `mandates` cell: the unit's terms in order, as start/end and the reason for a
    term's length if it has one, separated by semicolons."""
    terms = []
    reasons = Mandate.LengthReason.values
    for number, part in enumerate(term_parts(text), 1):
        match = TERM.match(part)
        if match is None:
            raise ValueError(
                gettext(
                    "“%(value)s” is not a term: write each term as start/end, separated by semicolons, "
                    "e.g. 2020-01-01/2024-12-31; 2025-01-01/2029-12-31, and after a term that is not a "
                    "full one the reason for its length in brackets, e.g. (extension) or (other: why)."
                )
                % {"value": part.strip()}
            )
        reason = (match["reason"] or "").strip()
        if reason and reason not in reasons:
            raise ValueError(
                gettext("“%(value)s” is not a length reason: write one of %(reasons)s.")
                % {"value": reason, "reasons": ", ".join(reasons)}
            )
        start, end = parse_date(match["start"]), parse_date(match["end"])
        terms.append(rules.Term(number, start, end, reason, (match["note"] or "").strip()))
    return terms


def term_text(term) -> str:
    dates = f"{term.start.isoformat()}/{term.end.isoformat()}"
    if not term.length_reason:
        return dates
    return (
        f"{dates} ({term.length_reason}: {term.length_note})" if term.length_note else f"{dates} ({term.length_reason})"
    )


def terms_text(terms) -> str:
    return "; ".join(term_text(term) for term in terms)


class TermsField(fields.Field):
    """The unit's terms, in one cell. Read by ResearchUnitResource.import_instance and
    written by its after_save_instance, which check them as a whole."""

    def get_value(self, instance):
        return terms_text(instance.mandates.all()) if instance.pk else ""

    def save(self, instance, row, is_m2m=False, **kwargs):
        pass


class PredecessorsField(fields.Field):
    """The codes of the units this one succeeds (merged from, split from), for reading:
    successions are typed and dated, entered in the admin; an import leaves them as they are."""

    label = _("predecessors (codes, not imported)")

    def __init__(self):
        super().__init__(attribute="predecessor_links", column_name="predecessors", readonly=True)

    def get_value(self, instance):
        return ", ".join(link.predecessor.code for link in instance.predecessor_links.all()) if instance.pk else ""


class ResearchUnitResource(PortalResource):
    """A unit and, in one `mandates` column, its terms: `2020-01-01/2024-12-31; 2025-01-01/2029-12-31`,
    a term that is not a full one followed by the reason for its length (see TERM). Imported
    after the sites; the `predecessors` column is only read out (successions have their
    own file, SuccessionResource)."""

    site = key_field("site", Site, "slug")
    predecessors = PredecessorsField()
    mandates = TermsField(attribute="mandates", column_name="mandates")

    class Meta(PortalResource.Meta):
        model = ResearchUnit
        # What the API shows too, then what only editors see and the unit's terms in one cell.
        fields = [*UNIT_PUBLIC_FIELDS, "is_published", "internal_notes", "predecessors", "mandates"]
        import_id_fields = ["code"]

    def normalise_key(self, key):
        return code_key(text_of(key))  # U1234, u 1234 and U-1234 are one unit

    def key_lookup(self):
        return "code_key"

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related("site").prefetch_related(
            Prefetch("mandates", queryset=Mandate.objects.order_by("number")),
            Prefetch("predecessor_links", queryset=Succession.objects.select_related("predecessor")),
        )

    def import_field(self, field, instance, row, is_m2m=False, **kwargs):
        if field.attribute == "code" and instance.pk:
            return  # an existing unit keeps the spelling of its code
        super().import_field(field, instance, row, is_m2m, **kwargs)

    def import_instance(self, instance, row, **kwargs):
        """The row's fields, then its terms, checked as a whole by the mandate rules."""
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        instance.imported_terms = None
        if "mandates" in row or instance.pk is None:
            try:
                terms = parse_terms(text_of(row.get("mandates")))
                if not terms:
                    raise ValueError(gettext("A unit has at least one term: write it as start/end."))
                problems = [
                    gettext("term %(number)d: %(problem)s") % {"number": term.number, "problem": problem}
                    for term, term_problems in zip(terms, rules.sequence_errors(terms), strict=True)
                    for problem in term_problems.values()
                ]
                if problems:
                    raise ValueError(" ".join(problems))
                instance.imported_terms = terms
                # The unit's number is checked (ResearchUnit.clean) over the file's terms.
                instance.planned_span = (terms[0].start, terms[-1].end)
            except ValueError as error:
                errors["mandates"] = ValidationError(str(error), code="invalid")
        if "code" not in errors:
            errors.update(self.number_errors_in_file(instance, kwargs.get("row_number")))
        if errors:
            raise ValidationError(errors)

    def number_errors_in_file(self, instance, row_number) -> dict:
        """A unit further up the file with this row's Inserm number over overlapping terms.
        Units already stored are the model's to check (clean), and so are those of earlier
        rows once written; but a large file is first checked with nothing written
        (validate_only), and there only the file knows its earlier rows."""
        number, span = codes.number(instance.code), instance.planned_span
        if number is None or span is None:
            return {}
        key = code_key(instance.code)
        earlier = self.spans_in_file.setdefault(number, [])
        clash = next(
            (
                (row, code)
                for row, code, other_key, (start, end) in earlier
                if other_key != key and start <= span[1] and span[0] <= end
            ),
            None,
        )
        earlier.append((row_number, instance.code, key, span))
        if clash is None or not self.validate_only:
            return {}
        return {
            "code": ValidationError(
                gettext(
                    "%(other)s, on row %(row)d of this file, has the same Inserm number %(number)d "
                    "for terms that overlap these: a number is one unit at a time."
                )
                % {"other": clash[1], "row": clash[0], "number": number},
                code="invalid",
            )
        }

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        self.spans_in_file = {}  # Inserm number -> (row, code, code key, (start, end)) of the rows read

    def skip_row(self, instance, original, row, import_validation_errors=None):
        if instance.imported_terms is not None and instance.pk:
            recorded = [term.as_term() for term in Mandate.objects.filter(unit=instance).order_by("number")]
            if recorded != instance.imported_terms:
                return False
        return super().skip_row(instance, original, row, import_validation_errors)

    def after_save_instance(self, instance, row, **kwargs):
        """Make the unit's terms those of the file: changed ones updated (version bumped),
        missing ones created, extra ones deleted."""
        super().after_save_instance(instance, row, **kwargs)
        if instance.imported_terms is None:
            return
        wanted = {term.number: term for term in instance.imported_terms}
        for mandate in Mandate.objects.filter(unit=instance):
            term = wanted.pop(mandate.number, None)
            if term is None:
                mandate.delete()
            elif mandate.as_term() != term:
                mandate.start, mandate.end = term.start, term.end
                mandate.length_reason, mandate.length_note = term.length_reason, term.length_note
                mandate.save()  # moves the term's version, and its unit's, on
        for term in wanted.values():
            Mandate.objects.create(
                unit=instance,
                number=term.number,
                start=term.start,
                end=term.end,
                length_reason=term.length_reason,
                length_note=term.length_note,
            )


def unit_field(column):
    """A unit named by its code, in any spelling (u 1234 finds U1234)."""
    return key_field(column, ResearchUnit, "code", lookup="code_key", prepare=code_key)


class SuccessionResource(PortalResource):
    """What became of a unit: predecessor and successor (codes, the successor empty for a
    closure), kind (key: succession, recreation, merger, split, closure) and date. Named by
    its two units. Imported last, after the units (the dates are checked against their terms).

    Each row is checked by the succession rules (Succession.clean, units/lineage.py) against
    the stored rows as the file leaves them: the file's other rows stand for the stored rows
    they name, so a merger or a split whose date or kind the file changes is checked with
    its rows together, in any order, as the admin checks the rows of a form."""

    predecessor = unit_field("predecessor")
    successor = unit_field("successor")

    class Meta(PortalResource.Meta):
        model = Succession
        fields = ["predecessor", "successor", "kind", "on"]
        import_id_fields = ["predecessor", "successor"]

    def row_key(self, row):
        predecessor = code_key(text_of(row.get("predecessor")))
        return (predecessor, code_key(text_of(row.get("successor")))) if predecessor else None

    @staticmethod
    def record_key(succession):
        successor = succession.successor.code_key if succession.successor_id else ""
        return (succession.predecessor.code_key, successor)

    def records_named(self, keys):
        codes_named, found = sorted({key[0] for key in keys}), {}
        for start in range(0, len(codes_named), 500):
            rows = Succession.objects.filter(predecessor__code_key__in=codes_named[start : start + 500])
            found.update((self.record_key(row), row) for row in rows.select_related("predecessor", "successor"))
        return {key: found[key] for key in keys if key in found}  # the file's, not all of their units'

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related("predecessor", "successor")

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        self.links_in_file = self.read_links(dataset)
        self.saved_pks = set()

    def read_links(self, dataset) -> dict[int, lineage.Link]:
        """{row number: the row as the rules see it} for the rows whose units and date read
        (the others have errors of their own)."""
        rows = list(dataset.dict)
        named = {code_key(text_of(row.get(column))) for row in rows for column in ("predecessor", "successor")}
        units = {unit.code_key: unit for unit in ResearchUnit.objects.filter(code_key__in=named - {""})}
        links = {}
        for number, row in enumerate(rows, 1):
            stored = self.existing.get(self.row_key(row))
            predecessor = units.get(code_key(text_of(row.get("predecessor"))))
            successor_code = code_key(text_of(row.get("successor")))
            successor = units.get(successor_code)
            try:
                on = DateWidget().clean(row["on"]) if "on" in row else getattr(stored, "on", None)
            except ValueError:
                continue
            kind = text_of(row["kind"]) if "kind" in row else getattr(stored, "kind", "")
            unreadable = predecessor is None or (successor_code and successor is None) or on is None
            if unreadable or kind not in Succession.Kind.values:
                continue
            links[number] = lineage.Link(
                stored.pk if stored else None,
                predecessor.pk,
                successor.pk if successor else None,
                kind,
                on,
                predecessor.code,
                successor.code if successor else "?",
            )
        return links

    def before_import_row(self, row, **kwargs):
        self.row_number = kwargs.get("row_number")
        super().before_import_row(row, **kwargs)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        replaced = {record.pk for record in self.existing.values()} | self.saved_pks
        others = [link for number, link in self.links_in_file.items() if number != self.row_number]
        instance.submitted = (replaced, others)
        try:
            super().validate_instance(instance, import_validation_errors, validate_unique)
        except ValidationError as error:
            # A cycle, or a unit succeeding itself: the row's successor column says which unit.
            errors = error.update_error_dict({})
            if NON_FIELD_ERRORS in errors:
                errors.setdefault("successor", []).extend(errors.pop(NON_FIELD_ERRORS))
            raise ValidationError(errors) from None

    def after_save_instance(self, instance, row, **kwargs):
        super().after_save_instance(instance, row, **kwargs)
        self.saved_pks.add(instance.pk)  # stored now: no longer the file's to stand for


class NameWidget(TextWidget):
    """A name, without the spaces a spreadsheet cell may keep around it: the name a row
    keys on is the name it writes."""

    def clean(self, value, row=None, **kwargs):
        return super().clean(value, row, **kwargs).strip()


class DatedNameResource(PortalResource):
    """The acronyms, aliases and former names of a kind of record (core.search.DatedName):
    the record (its natural key), name, kind (key: acronym, alias, former), start and end
    (ISO dates, both may be empty). Named by record, name and kind. Imported after the
    records they name.

    Each row is saved by DatedName.save(), which rewrites its record's search document: a
    record is found by the names imported as soon as the import is in. Subclasses name the
    record's column (`owner`, the model's OWNER) and how a cell and a stored record key it."""

    name = fields.Field(attribute="name", column_name="name", widget=NameWidget())

    owner_key_field = ""  # the record's field that keys it: a unit's code_key, a partner's slug

    @staticmethod
    def owner_key(text: str) -> str:
        """The key of the record a cell names, as owner_key_field holds it."""
        return text

    def row_key(self, row):
        owner = self.owner_key(text_of(row.get(self._meta.model.OWNER)))
        if not owner:
            return None
        return (owner, NameWidget().clean(row.get("name")), text_of(row.get("kind")))

    def record_key(self, name):
        owner = getattr(name, self._meta.model.OWNER)
        return (getattr(owner, self.owner_key_field), name.name, name.kind)

    def records_named(self, keys):
        owners, found, owner = sorted({key[0] for key in keys}), {}, self._meta.model.OWNER
        lookup = f"{owner}__{self.owner_key_field}__in"
        for start in range(0, len(owners), 500):
            names = self._meta.model.objects.filter(**{lookup: owners[start : start + 500]})
            found.update((self.record_key(name), name) for name in names.select_related(owner).order_by("pk"))
        return {key: found[key] for key in keys if key in found}  # the file's, not all of their records'

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related(self._meta.model.OWNER)


class UnitNameResource(DatedNameResource):
    """A unit's acronym, alias or former name: unit (code, any spelling), name, kind, start,
    end. See DatedNameResource."""

    unit = unit_field("unit")
    owner_key_field = "code_key"
    owner_key = staticmethod(code_key)

    class Meta(PortalResource.Meta):
        model = UnitName
        fields = ["unit", "name", "kind", "start", "end"]
        import_id_fields = ["unit", "name", "kind"]
