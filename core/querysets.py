"""Query pieces shared by the apps' querysets."""

from django.db.models import BooleanField, F, Func


class FlagIsSet(Func):
    """A boolean column is true, written so that each database plans it well.

    Django writes `filter(flag=True)` as a bare `WHERE flag`, and SQLite uses an index that
    starts with the flag only for a comparison: the directory's first page at scale 100
    scanned and sorted every partner (44 ms) instead of reading 25 entries of
    partner_directory_name (0.3 ms). A plain `flag = 1`, though, made SQLite walk that
    index for a text search, which must read every row anyway (500 ms instead of 97):
    `likely()` tells it that most rows have the flag, so it still scans there. PostgreSQL
    plans all these spellings alike."""

    arity = 1
    output_field = BooleanField()
    template = "%(expressions)s = true"

    def as_sqlite(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, template="likely(%(expressions)s = 1)", **extra_context)


def is_set(flag: str) -> FlagIsSet:
    """Rows whose boolean `flag` is true (see FlagIsSet): for filter()."""
    return FlagIsSet(F(flag))
