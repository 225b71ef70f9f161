"""Text search that ignores case and accents on both databases (`universite` finds `Université`).

`fold()` is the Python rule; `Fold()` the same rule in SQL: PostgreSQL's unaccent
extension (migration units/0002), and on SQLite a Python function registered on
each new connection (see UnitsConfig.ready).
"""

import unicodedata
from functools import reduce
from operator import and_

from django.db.models import Func, Q, TextField, Value
from django.db.models.functions import Concat

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


def text_search(queryset, term: str, fields: list[str], also: Q | None = None):
    """Rows where every word of `term` appears in one of `fields` (any case, any accents),
    or that match `also` (unit codes in any spelling, say)."""
    words = search_words(term)
    if not words:
        return queryset
    parts = []
    for field in fields:
        parts += [field, Value(" ")]
    queryset = queryset.annotate(search_text=Fold(Concat(*parts, output_field=TextField())))
    every_word = reduce(and_, [Q(search_text__contains=word) for word in words])
    return queryset.filter(every_word | also if also else every_word)
