"""The admin's import preview (templates/admin/import_export/import.html): a bad row's
errors at the cells they are about."""

from django import template
from django.core.exceptions import NON_FIELD_ERRORS

register = template.Library()


@register.simple_tag
def row_cells(row, headers):
    """(cells, other errors) of an invalid row: each cell its value ("" for an empty one,
    never "None") and the messages about its column; then the messages about no column
    the file has (the row as a whole, or a field computed from others), labelled."""
    errors = dict(row.error_dict)
    cells = [
        {"column": header, "value": "" if value is None else value, "errors": errors.pop(header, [])}
        for header, value in zip(headers, row.values, strict=False)
    ]
    others = [(None if field == NON_FIELD_ERRORS else field, messages) for field, messages in errors.items()]
    return cells, others
