"""Text search that ignores case and accents on both databases (`universite` and `UNIV`
find `Université`).

`fold()` is the rule. Sites, units and partners keep folded copies of their text
(`FoldedKeys`: `name_key`, `city_key`, `search_text`), written by save(), so lists sort
and search on indexed columns instead of folding every row of every request: a btree
index per sort key on both databases, and on PostgreSQL a trigram GIN index on
`search_text` that serves `LIKE '%word%'` (units/0005, partners/0006).
`Fold()` is the same rule in SQL, for the few searches over text that has no folded
copy (internal notes, in the managers' workspace): PostgreSQL's unaccent extension
(migration units/0002), and on SQLite a Python function registered on each new
connection (see UnitsConfig.ready).
"""

import unicodedata
from functools import reduce
from operator import and_, or_

from django.db import migrations, models
from django.db.models import Func, Q, TextField

# Letters that NFKD does not split but unaccent() does.
LIGATURES = str.maketrans({"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE", "ß": "ss"})
MAX_WORDS = 8  # a longer query is cut: each word costs a LIKE over the page's rows


def fold(text: str | None) -> str | None:
    """Lower case without accents or ligatures: 'Œuvre Université' -> 'oeuvre universite'."""
    if text is None:
        return None
    decomposed = unicodedata.normalize("NFKD", text.translate(LIGATURES))
    return "".join(char for char in decomposed if not unicodedata.combining(char)).lower()


class Fold(Func):
    """SQL twin of fold()."""

    output_field = TextField()

    def as_sql(self, compiler, connection, **extra_context):
        return super().as_sql(compiler, connection, template="FOLD(%(expressions)s)", **extra_context)

    def as_postgresql(self, compiler, connection, **extra_context):
        return super().as_sql(compiler, connection, template="lower(unaccent(%(expressions)s))", **extra_context)


def register_sqlite_fold(sender, connection, **kwargs):
    if connection.vendor == "sqlite":
        connection.connection.create_function("FOLD", 1, fold, deterministic=True)


def search_words(term: str) -> list[str]:
    """The words of a search box, folded, NUL bytes and surplus words dropped."""
    return [word for word in fold(term.replace("\x00", " ")).split() if word][:MAX_WORDS]


def text_search(queryset, term: str, also: Q | None = None, extra: list[str] = ()):
    """Rows whose `search_text` holds every word of `term` (any case, any accents, word
    prefixes included), or that match `also` (unit codes in any spelling, say).
    `extra` names fields without a folded copy that a word may also be found in."""
    words = search_words(term)
    if not words:
        return queryset
    if extra:
        queryset = queryset.annotate(**{f"{name}_folded": Fold(name) for name in extra})
    every_word = reduce(
        and_,
        [
            reduce(or_, [Q(search_text__contains=word), *(Q(**{f"{name}_folded__contains": word}) for name in extra)])
            for word in words
        ],
    )
    return queryset.filter(every_word | also if also else every_word)


def ranked(queryset, term: str, exact: Q):
    """Search results by relevance: `exact` matches (a code, an acronym) first, then names
    that start with the term, then names holding it, then the rest."""
    folded = " ".join(search_words(term))
    return queryset.annotate(
        search_rank=models.Case(
            models.When(exact, then=0),
            models.When(name_key__startswith=folded, then=1),
            models.When(name_key__contains=folded, then=2),
            default=3,
            output_field=models.IntegerField(),
        )
    )


class FoldedKeys(models.Model):
    """Folded copies of a record's text, refreshed by every save().

    `FOLDED` maps each copy to the fields it folds, e.g. {"name_key": ("name",)}.
    Code that writes rows without save() (bulk_create) calls refresh_folded_keys() first.
    """

    FOLDED: dict[str, tuple[str, ...]] = {}

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.refresh_folded_keys()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], *self.FOLDED}
        super().save(*args, **kwargs)

    def refresh_folded_keys(self):
        write_folded_keys(self, self.FOLDED)


def write_folded_keys(record, folded: dict[str, tuple[str, ...]]):
    for key, sources in folded.items():
        setattr(record, key, " ".join(fold(str(value)) for source in sources if (value := getattr(record, source))))


def folded_field(max_length=None):
    """A folded copy (see FoldedKeys): not edited, not kept in history."""
    if max_length is None:
        return models.TextField(editable=False, default="")
    return models.CharField(max_length=max_length, editable=False, default="")


# --- for migrations ----------------------------------------------------------------------


def fill_folded_keys(app_label: str, model_name: str, folded: dict[str, tuple[str, ...]]):
    """A RunPython operation that writes the folded copies of existing rows."""

    def forwards(apps, schema_editor):
        model = apps.get_model(app_label, model_name)
        rows = list(model.objects.only("pk", *{source for sources in folded.values() for source in sources}))
        for row in rows:
            write_folded_keys(row, folded)
        model.objects.bulk_update(rows, list(folded), batch_size=1000)

    return migrations.RunPython(forwards, migrations.RunPython.noop)


def trigram_index(table: str, name: str):
    """A RunPython operation creating, on PostgreSQL only, a trigram GIN index on the table's
    search_text: it serves `search_text LIKE '%word%'`. (SQLite has no such index type;
    there a search scans the folded column, which is fast at Inserm's size.)"""

    def forwards(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
            schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin (search_text gin_trgm_ops)")

    def backwards(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")

    return migrations.RunPython(forwards, backwards)
