"""A model's check constraints evaluated in Python, for imports of many rows.

Django checks each CheckConstraint of a record with a query (`SELECT 1 WHERE …`): a
site's three constraints cost three queries, which were 70% of the time an import spent
on each row. The portal's conditions are plain comparisons of a record's fields, which
are evaluated here instead, with SQL's rules for NULL (a comparison with NULL is unknown,
and a constraint whose condition is unknown holds, as in the database). A condition using
anything else, and every other kind of constraint, is checked by Django as before.
"""

import operator

from django.core.exceptions import ValidationError
from django.db import router
from django.db.models import CheckConstraint, F, Q, UniqueConstraint

COMPARISONS = {"exact": operator.eq, "gt": operator.gt, "gte": operator.ge, "lt": operator.lt, "lte": operator.le}


COMPUTED = object()  # a generated field's value, which only the database knows


class Unsupported(Exception):
    """A condition this module does not evaluate: Django does."""


class Excluded(Exception):
    """The condition reads a field left out of the check (it has an error of its own)."""


def validate_constraints(instance, exclude=(), known_unique=()):
    """What Model.validate_constraints(exclude) does, check constraints evaluated in Python;
    unique constraints on the fields `known_unique` (looked up already) are not checked again."""
    errors = {}
    using = router.db_for_write(type(instance), instance=instance)
    for model, constraints in instance.get_constraints():
        for constraint in constraints:
            if already_known(constraint, known_unique):
                continue
            try:
                if not holds(constraint, instance, model, exclude):
                    raise ValidationError(
                        constraint.get_violation_error_message(), code=constraint.violation_error_code
                    )
            except Excluded:
                continue
            except Unsupported:
                try:
                    constraint.validate(model, instance, exclude=exclude, using=using)
                except ValidationError as error:
                    errors = add_error(errors, constraint, error)
            except ValidationError as error:
                errors = add_error(errors, constraint, error)
    if errors:
        raise ValidationError(errors)


def already_known(constraint, known_unique) -> bool:
    return (
        isinstance(constraint, UniqueConstraint)
        and constraint.condition is None
        and bool(constraint.fields)
        and set(constraint.fields) <= set(known_unique)
    )


def add_error(errors, constraint, error):
    # As Django files them: a unique constraint on one field under that field.
    if getattr(error, "code", None) == "unique" and len(getattr(constraint, "fields", ())) == 1:
        errors.setdefault(constraint.fields[0], []).append(error)
        return errors
    return error.update_error_dict(errors)


def holds(constraint, instance, model, exclude) -> bool:
    if not isinstance(constraint, CheckConstraint) or not isinstance(constraint.condition, Q):
        raise Unsupported
    values = {"pk": instance.pk}
    for field in model._meta.concrete_fields:
        if field.generated:
            values[field.name] = COMPUTED  # by the database
        elif field.name not in exclude:
            values[field.name] = values[field.attname] = getattr(instance, field.attname)
    return evaluate(constraint.condition, values) is not False


def evaluate(node, values):
    """True, False, or None when unknown (SQL's three-valued logic)."""
    if isinstance(node, Q):
        results = [evaluate(child, values) for child in node.children]
        if node.connector == Q.AND:
            result = False if False in results else None if None in results else True
        else:
            result = True if True in results else None if None in results else False
        return (None if result is None else not result) if node.negated else result
    if not (isinstance(node, tuple) and len(node) == 2):
        raise Unsupported
    lookup, expected = node
    name, _, kind = lookup.partition("__")
    kind = kind or "exact"
    value = read(values, name)
    if kind == "isnull" or (kind == "exact" and expected is None):
        return (value is None) == (expected if kind == "isnull" else True)
    if kind not in COMPARISONS:
        raise Unsupported
    if isinstance(expected, F):
        expected = read(values, expected.name)
    elif hasattr(expected, "resolve_expression"):
        raise Unsupported
    if value is None or expected is None:
        return None
    return COMPARISONS[kind](value, expected)


def read(values, name):
    if "__" in name:
        raise Unsupported  # a related record's field
    if name not in values:
        raise Excluded
    if values[name] is COMPUTED:
        raise Unsupported
    return values[name]
