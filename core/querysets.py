"""Query pieces shared by the apps' querysets."""

from django.db.models import BooleanField, F, Func


class FlagIsSet(Func):
    """A boolean column is true, spelled as a comparison: SQLite uses an index starting with
    the flag only for one (Django writes a bare `WHERE flag`), and `likely()` keeps it
    scanning where every row is read anyway (a text search). Figures: bench/README.md."""

    arity = 1
    output_field = BooleanField()
    template = "%(expressions)s = true"

    def as_sqlite(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, template="likely(%(expressions)s = 1)", **extra_context)


def is_set(flag: str) -> FlagIsSet:
    """Rows whose boolean `flag` is true (see FlagIsSet): for filter()."""
    return FlagIsSet(F(flag))
