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

Word forms, the same on both databases: `search_stems` holds the Snowball stems (French
and English) of the words of `search_text`, written in Python with the folded copies, and
a query word is stemmed by the same code, so `hopitaux`, `hôpital` and `hospitals` meet
on the stem `hopital`. The test is a LIKE on text that Python wrote and lower-cased on
both sides, so SQLite and PostgreSQL return the same rows by construction (no text search
configuration, whose stemmer and dictionaries differ from one server to the next).
A word that matches no record's words (the vocabulary of the model, cached until the next
edit) is read as a typo when one edit turns it into known words, and else left out of the
search: `understand()` says which.
"""

import re
import sys
import threading
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache, reduce
from operator import and_, or_

import snowballstemmer
from django.core.exceptions import ValidationError
from django.db import connections, migrations, models
from django.db.models import Func, Q, TextField
from django.utils.translation import gettext_lazy as _

from core import page_cache

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


# --- word forms ---------------------------------------------------------------------------

WORD = re.compile(r"[^\W_]+")
# French elided articles and pronouns: "l'Université" is searched as "Université".
ELISIONS = frozenset({"l", "d", "j", "m", "n", "s", "t", "c", "qu", "jusqu", "lorsqu", "puisqu"})
# English words and the French word the directory writes, so that "hospital" finds
# "hôpital" (and an English name is found from French). Folded words, both numbers.
TRANSLATIONS = {
    "hospital": "hopital",
    "hospitals": "hopitaux",
    "university": "universite",
    "universities": "universites",
    "school": "ecole",
    "schools": "ecoles",
    "foundation": "fondation",
    "foundations": "fondations",
    "institute": "institut",
    "institutes": "instituts",
    "research": "recherche",
    "health": "sante",
    "faculty": "faculte",
    "center": "centre",
    "centers": "centres",
    "clinical": "clinique",
    "agency": "agence",
    "region": "region",
    "city": "ville",
    # What people call a hospital in French names: a CHU is one.
    "chu": "hopital",
    "chru": "hopital",
    "hospitalier": "hopital",
    "hospitaliere": "hopital",
    "hospices": "hopital",
}
_stemmers = {"fr": snowballstemmer.stemmer("french"), "en": snowballstemmer.stemmer("english")}
_stemming = threading.Lock()  # a Snowball stemmer keeps its word in itself while it works


@lru_cache(maxsize=100_000)
def word_forms(word: str) -> frozenset[str]:
    """The stems a folded word is written and searched under: its French and English
    Snowball stems, and those of its French translation ("hospitals": hospital, hospit,
    hopital, hopit)."""
    words = [word, TRANSLATIONS[word]] if word in TRANSLATIONS else [word]
    with _stemming:
        return frozenset(stemmer.stemWord(each) for each in words for stemmer in _stemmers.values())


def word_parts(chunk: str) -> list[str]:
    """The words of a folded chunk between spaces, elisions dropped: "l'universite" ->
    ["universite"], "ap-hp" -> ["ap", "hp"]."""
    parts = WORD.findall(chunk)
    return [part for index, part in enumerate(parts) if part not in ELISIONS or index == len(parts) - 1]


def document_words(folded_text: str) -> list[str]:
    """The words of a folded text, and the words written with hyphens or dots run together
    ("ap-hp" also gives "aphp", so that APHP, AP-HP and AP HP all find it)."""
    words = []
    for chunk in folded_text.split():
        parts = word_parts(chunk)
        words += parts
        if len(parts) > 1:
            words.append("".join(parts))
    return words


def stem_document(folded_text: str) -> str:
    """`search_stems`: every form of every word, each once, between bars (a stem is searched
    as "|stem|"). Bars, not spaces: a backup's XML strips the spaces that end a value."""
    stems = dict.fromkeys(form for word in document_words(folded_text) for form in sorted(word_forms(word)))
    return f"|{'|'.join(stems)}|" if stems else ""


# --- understanding a query ----------------------------------------------------------------

TYPO_MIN_LENGTH = 5  # shorter words have too many neighbours one edit away
WORDS_LOOKED_UP_KEPT = 10_000  # per vocabulary: a few hundred kilobytes at most
LETTERS = "abcdefghijklmnopqrstuvwxyz0123456789"


@dataclass(frozen=True)
class Vocabulary:
    """The words of a model's search documents: `chunks` (what search_text holds between
    spaces, one a line, for substring tests), `words` and `stems`."""

    chunks: str = ""
    words: frozenset[str] = frozenset()
    stems: frozenset[str] = frozenset()
    # The words already looked up, and whether the vocabulary holds them: a word absent from
    # `chunks` is looked for through all of it (0.17 ms for the units at 100 times Inserm's
    # size), and a query's words are looked up a dozen times a results page. Dropped with
    # the vocabulary at the next edit.
    looked_up: dict[str, bool] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def of(cls, model, public: bool = True, extra: tuple[str, ...] = ()) -> "Vocabulary":
        """The words of the model's records, of the published ones only for a public search
        (a typo is never corrected into a word of an unpublished record), and of its `extra`
        fields (a staff search of internal notes), read once until the next edit."""

        def read():
            rows = model.objects.order_by()
            if public and any(field.name == "is_published" for field in model._meta.fields):
                rows = rows.filter(is_published=True)
            chunks, stems = set(), set()
            for text, stemmed, *others in rows.values_list("search_text", "search_stems", *extra).iterator():
                chunks.update(text.split())
                stems.update(stem for stem in stemmed.split("|") if stem)
                for other in others:
                    chunks.update(fold(other or "").split())
            words = {word for chunk in chunks for word in WORD.findall(chunk)}
            return cls("\n".join(sorted(chunks)), frozenset(words), frozenset(stems))

        # v2: a vocabulary with `looked_up`; one pickled by the code before is not read back.
        key = f"search-vocabulary:v2:{model._meta.label_lower}:{public}:{','.join(extra)}"
        return page_cache.in_memory_until_next_edit(key, read)

    def knows(self, word: str) -> bool:
        known = self.looked_up.get(word)
        if known is None:
            if len(self.looked_up) >= WORDS_LOOKED_UP_KEPT:
                self.looked_up.clear()
            known = word in self.chunks or not word_forms(word).isdisjoint(self.stems)
            self.looked_up[word] = known
        return known

    def one_edit_away(self, word: str) -> list[str]:
        """The vocabulary's words one substitution, insertion, deletion or transposition
        away from `word`."""
        splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
        edits = {left + right[1:] for left, right in splits if right}
        edits |= {left + right[1] + right[0] + right[2:] for left, right in splits if len(right) > 1}
        edits |= {left + letter + right[1:] for left, right in splits if right for letter in LETTERS}
        edits |= {left + letter + right for left, right in splits for letter in LETTERS}
        edits.discard(word)
        return sorted(edits & self.words)


@dataclass
class SearchedWord:
    """A word of the query: as typed, folded, and the words each of its parts is searched
    by (the part itself, or the known words one edit away from a typo)."""

    typed: str
    folded: str
    parts: list[list[str]] = field(default_factory=list)


@dataclass
class Understood:
    """A query as the search reads it: the words searched, and the words typed that no
    record holds (`ignored`), left out so that they do not empty the results."""

    words: list[SearchedWord]
    ignored: list[str]
    corrected: dict[str, list[str]]

    @property
    def phrase(self) -> str:
        """The query as searched: folded, typos corrected (to their first correction)."""
        return " ".join(
            word.folded
            if all(len(parts) == 1 and parts[0] in word.folded for parts in word.parts)
            else " ".join(parts[0] for parts in word.parts)
            for word in self.words
        )


# From this many words, a row missing one of them is found too (ranked after the others):
# an extra word ("Institut Curie Paris France") does not empty the results. Not with two:
# "Inserm U1013" would find every unit of Inserm.
ALL_BUT_ONE_FROM = 3


def all_or_all_but_one(conditions: list[Q]) -> Q:
    """Rows meeting every condition or, with ALL_BUT_ONE_FROM or more, all but one."""
    if len(conditions) < ALL_BUT_ONE_FROM:
        return reduce(and_, conditions)
    return reduce(or_, [reduce(and_, conditions[:index] + conditions[index + 1 :]) for index in range(len(conditions))])


def understand(term: str, model=None, public: bool = True, extra: tuple[str, ...] = ()) -> Understood:
    """Read a query against `model`'s vocabulary (no model: every word is searched as
    typed); `public`: the vocabulary of published records only. Call it as often as
    needed: the vocabulary is cached. `extra`: fields without a folded copy searched too."""
    typed_words = [(typed, folded) for typed in term.replace("\x00", " ").split() for folded in fold(typed).split()][
        :MAX_WORDS
    ]
    vocabulary = Vocabulary.of(model, public, tuple(extra)) if model is not None and typed_words else None
    words, ignored, corrected = [], [], {}
    for typed, folded in typed_words:
        parts = word_parts(folded)
        if not parts:
            continue
        word = SearchedWord(typed, folded, [[part] for part in parts])
        if vocabulary is None or vocabulary.knows(folded) or vocabulary.knows("".join(parts)):
            words.append(word)
            continue
        for alternatives in word.parts:
            part = alternatives[0]
            if vocabulary.knows(part):
                continue
            nearby = vocabulary.one_edit_away(part) if len(part) >= TYPO_MIN_LENGTH else []
            if not nearby:
                break
            alternatives[:] = nearby
            corrected[part] = nearby
        else:
            words.append(word)
            continue
        ignored.append(typed)
    return Understood(words, ignored, corrected)


def word_condition(word: SearchedWord, extra: list[str] = ()) -> Q:
    """Rows holding the word: in their folded text (word prefixes and inner parts too), or
    one of its stems among theirs, or else each of its parts ("ap-hp": ap and hp)."""

    def literal(text):
        return reduce(
            or_, [Q(search_text__contains=text), *(Q(**{f"{name}_folded__contains": text}) for name in extra)]
        )

    def part_condition(alternatives, searched=()):
        # A part already searched as written (the word itself) is not searched twice.
        return reduce(
            or_,
            [
                (Q() if part in searched else literal(part))
                | reduce(or_, [Q(search_stems__contains=f"|{form}|") for form in sorted(word_forms(part))])
                for part in alternatives
            ],
        )

    condition = literal(word.folded)
    if len(word.parts) > 1:
        joined = "".join(alternatives[0] for alternatives in word.parts)
        condition |= Q(search_stems__contains=f"|{joined}|") | reduce(and_, map(part_condition, word.parts))
    else:
        condition |= part_condition(word.parts[0], searched={word.folded})
    return condition


def text_search(queryset, term: str, also: Q | None = None, extra: list[str] = (), public: bool | None = None):
    """Rows whose search document holds every word of `term` (any case, accents, word form
    or single typo; word prefixes included), or that match `also` (unit codes in any
    spelling, say). With ALL_BUT_ONE_FROM words or more, rows missing one of them are
    found too, ranked after the others (ranked()). A word that no record holds is left out (understand() names it); when
    every word is, no row matches but `also`. `extra` names fields without a folded copy
    that a word may also be found in. `public`: whether words are judged against the
    published records only; by default, unless `extra` is given (internal fields: a staff
    search)."""
    understood = understand(term, queryset.model, public=not extra if public is None else public, extra=tuple(extra))
    if not understood.words and not understood.ignored:
        return queryset
    if extra:
        queryset = queryset.annotate(**{f"{name}_folded": Fold(name) for name in extra})
    if not understood.words:
        return queryset.filter(also) if also else queryset.none()
    enough_words = all_or_all_but_one([word_condition(word, extra) for word in understood.words])
    return queryset.filter(enough_words | also if also else enough_words)


def acronym_is(term: str):
    """The record's acronym is `term` in any spelling: AP-HP, APHP, A.P.-H.P. and ap hp are
    one acronym (a condition for filter() or When()). Read from the stored `acronym_key`:
    folding every matching row's acronym in the query cost 40% of a common word's search
    at 100 times Inserm's size."""
    key = acronym_key(term)
    return Q(acronym_key=key) if key else Q(pk__in=[])


class NameRanks(models.Expression):
    """ranked()'s ranks by names and place: CASE WHEN <tier> THEN <rank> ... ELSE <default>
    END over the queried table's folded columns. A tier is met when each of its groups has
    one test met; a test, (column, lookup, text), is what filter(column__lookup=text) tests,
    made with the column's own lookup and compiled as filter() would compile it. A Q object
    per test, resolved through the query's field paths, was most of the time taken to build
    a search (a dozen tests a search, three searches a results page)."""

    output_field = models.IntegerField()

    def __init__(self, tiers: tuple, default: int):
        super().__init__()
        self.tiers = tiers  # ((rank, ((test, test, ...), group, ...)), ...)
        self.default = default
        self.names = sorted({test[0] for _rank, groups in tiers for group in groups for test in group})
        # The columns, resolved once like any F(): as a subquery's, they stay its own columns.
        self.columns = [models.F(name) for name in self.names]

    def get_source_expressions(self):
        return self.columns

    def set_source_expressions(self, exprs):
        self.columns = list(exprs)

    def as_sql(self, compiler, connection):
        columns = dict(zip(self.names, self.columns, strict=True))
        sql, params = [], []

        def test(name, lookup, text):
            column = columns[name]
            test_sql, test_params = compiler.compile(column.output_field.get_lookup(lookup)(column, text))
            params.extend(test_params)
            return test_sql

        for rank, groups in self.tiers:
            met = " AND ".join(f"({' OR '.join(test(*each) for each in group)})" for group in groups)
            sql.append(f"WHEN {met} THEN %s")
            params.append(rank)
        params.append(self.default)
        return f"CASE {' '.join(sql)} ELSE %s END", params


def ranked(queryset, term: str, exact: Q, place: str | None = None):
    """Search results by relevance: `exact` matches (an identifier, a code, an acronym, a
    dated name) first, then names that start with the query, then names (current or
    dated) holding every word, then names and the `place` (a city: "CHU Rennes") holding
    them, then the rest, and last the rows that miss one of the words."""
    if queryset.query.is_empty():  # no word is known and nothing else matches: nothing to rank
        return queryset.annotate(search_rank=models.Value(0, output_field=models.IntegerField()))
    understood = understand(term, queryset.model)
    phrase = understood.phrase
    dated = hasattr(queryset.model, "other_names")
    names = ["name_key"] + (["other_names"] if dated else [])
    exact_name = (("name_key", "exact", phrase),) + ((("other_names", "contains", f"| {phrase} |"),) if dated else ())
    starts = (("name_key", "startswith", phrase),) + ((("other_names", "contains", f"| {phrase}"),) if dated else ())
    in_names, in_names_or_place = [], []
    for word in understood.words:
        parts = [part for alternatives in word.parts for part in alternatives]
        stems = [form for part in parts for form in word_forms(part) if len(form) >= 4]
        spellings = sorted({word.folded, *parts, *stems})
        named = tuple((name, "contains", spelling) for name in names for spelling in spellings)
        in_names.append(named)
        if place:
            in_place = tuple((place, "contains", spelling) for spelling in spellings)
            # One word: the rows this rank sees do not hold it in their names (the rank before
            # took those), so the place alone is asked (half the tests in the database).
            in_names_or_place.append(in_place if len(understood.words) == 1 else named + in_place)
    tiers = [(0, (exact_name,)), (1, (starts,))]
    if understood.words:
        tiers.append((2, tuple(in_names)))
        if place:
            tiers.append((3, tuple(in_names_or_place)))
    by_names = NameRanks(tuple(tiers), default=4)
    rank = models.Case(models.When(exact, then=0), default=by_names, output_field=models.IntegerField())
    if len(understood.words) >= ALL_BUT_ONE_FROM:  # rows missing a word (text_search) come after
        every_word = reduce(and_, [word_condition(word) for word in understood.words])
        rank += models.Case(models.When(every_word, then=0), default=5, output_field=models.IntegerField())
    return queryset.annotate(search_rank=rank)


@dataclass(frozen=True)
class Search:
    """A list's ranked search, in parts: the rows `found` (text_search), the `term` searched,
    the `exact` matches and the `place` that ranked() ranks them by, and the list's `order`
    after the rank (its stable order: RankedSearchMixin.search_of). `ranked()` is what the
    list's filter gives; `ordered()` its rows, whose first first_ranked() reads."""

    found: models.QuerySet
    term: str
    exact: Q
    place: str | None = None
    order: tuple[str, ...] = ()

    def ranked(self):
        return ranked(self.found, self.term, self.exact, self.place)

    def ordered(self):
        return self.ranked().order_by("search_rank", *self.order)


# Code points (Python's order) put "a b" before "a-", "B" before "a" and "é" before "€";
# a language's collation does not, nor does a one-byte encoding (€ is 0x80 in WIN1252).
CODE_POINT_ORDER_SQL = "SELECT 'a b' < 'a-' AND 'B' < 'a' AND 'a-' < 'a0' AND 'é' < '€'"
_orders_by_code_point: dict[str, bool] = {}


def orders_by_code_point(alias: str) -> bool:
    """Whether the database sorts text as Python does, by code point: SQLite does (BINARY),
    and so does PostgreSQL with the C or C.UTF-8 collation, but not with a language's.
    Asked once per process, on the driver's own cursor (not a query of any page's count)."""
    if alias not in _orders_by_code_point:
        connection = connections[alias]
        if connection.vendor == "sqlite":
            _orders_by_code_point[alias] = True
        else:
            connection.ensure_connection()
            with connection.connection.cursor() as cursor:
                cursor.execute("SHOW server_encoding")  # another could not even hold "€"
                if cursor.fetchone()[0] == "UTF8":
                    cursor.execute(CODE_POINT_ORDER_SQL)
                    _orders_by_code_point[alias] = bool(cursor.fetchone()[0])
                else:
                    _orders_by_code_point[alias] = False
    return _orders_by_code_point[alias]


def text_after_those_starting_with(text: str) -> str | None:
    """The first text after every text that starts with `text`, in code point order ("univ"
    -> "uniw"): its last character, one further. None after the last code point."""
    following = ord(text[-1]) + 1
    if 0xD800 <= following <= 0xDFFF:  # surrogates are not characters: no text holds one
        following = 0xE000
    return text[:-1] + chr(following) if following <= sys.maxunicode else None


def first_ranked(search: Search, n: int, only: tuple[str, ...] = (), try_leading: bool = True) -> list:
    """The first `n` rows of search.ordered(), the list's rows.

    Ranking every match to show a few is most of a common word's search: "univ" matches
    4,313 partners at 100 times Inserm's size, 3 ms to rank. In a list sorted by name
    after the rank (the directory, the sites), the first rows often come from the two
    leading ranks, which indexes find without the others (leading_rows()). Otherwise, or
    without `try_leading` (with few matches, ranking them all costs less), every match is
    ranked, as the list does."""
    if only:  # and the order's fields, which the rows are compared by
        only = (*only, *(name for name in search.order if name != "pk" and name not in only))
    leading = leading_rows(search, n, only) if try_leading else None
    if leading is not None:
        return leading
    full = search.ordered()
    return list((full.only(*only) if only else full)[:n])


def leading_rows(search: Search, n: int, only: tuple[str, ...] = ()) -> list | None:
    """The first `n` rows of a search sorted by name after the rank, read from its two
    leading ranks (ranked(): the exact matches, then the names starting with the query)
    when they hold at least `n` rows; else None. Two queries, `n` rows at most each, in the
    list's order: the first names starting with the query, read in the index of names;
    then, when there are `n` of them, the exact matches (an acronym, an identifier, a name
    or a dated name that is the query) and the dated names starting with it. A row either
    left unread comes after its own `n` rows, so after the first `n` of both. (A name read
    by the first and matched exactly is ranked by the second.)"""
    found = search.found
    if n < 1 or search.order != ("name_key", "pk") or found.query.is_empty() or not orders_by_code_point(found.db):
        return None
    understood = understand(search.term, found.model)
    phrase = understood.phrase
    after = text_after_those_starting_with(phrase) if phrase else None
    if after is None:
        return None
    # ranked() puts a row missing one of three words or more after the others.
    every_word = (
        reduce(and_, [word_condition(word) for word in understood.words])
        if len(understood.words) >= ALL_BUT_ONE_FROM
        else Q()
    )
    if only:
        found = found.only(*only)
    # The names from the query on, up to the first text after every name that starts with
    # it (in code point order, checked above). Fewer than `n`: the first rows are not all
    # among the leading ranks (or are exact matches only; ranking them all finds them).
    by_name = list(found.filter(every_word, name_key__gte=phrase, name_key__lt=after).order_by("name_key", "pk")[:n])
    if len(by_name) < n:
        return None
    exact = exact_or_dated = search.exact | Q(name_key=phrase)
    if hasattr(found.model, "other_names"):  # dated names
        exact |= Q(other_names__contains=f"| {phrase} |")
        exact_or_dated = exact | Q(other_names__contains=f"| {phrase}")
    leading = (
        found.filter(every_word, exact_or_dated)
        .annotate(search_rank=models.Case(models.When(exact, then=0), default=1, output_field=models.IntegerField()))
        .order_by("search_rank", "name_key", "pk")
    )
    rows = {row.pk: row for row in by_name}
    for row in by_name:
        row.search_rank = 1  # or 0 for an exact match, which the second query reads too
    rows.update((row.pk, row) for row in leading[:n])
    return sorted(rows.values(), key=lambda row: (row.search_rank, row.name_key, row.pk))[:n]


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


def acronym_key(text: str) -> str:
    """An acronym as one folded word, in whatever spelling: AP-HP, APHP, A.P.-H.P. and
    ap hp are "aphp"."""
    return "".join(WORD.findall(fold(text) or ""))


def write_folded_keys(record, folded: dict[str, tuple[str, ...]]):
    for key, sources in folded.items():
        text = " ".join(fold(str(value)) for source in sources if (value := getattr(record, source)))
        if key == "search_stems":
            text = stem_document(text)
        elif key == "acronym_key":
            text = acronym_key(text)
        setattr(record, key, text)


def other_names_text(names) -> str:
    """`other_names`: a record's dated names (acronyms, aliases, former names), folded,
    each between bars ("| universite de paris | paris v |"), so that a search can tell a
    whole name from part of one."""
    folded = [fold(name).strip() for name in names if name and name.strip()]
    return f"| {' | '.join(folded)} |" if folded else ""


def write_other_names(record, names) -> None:
    """Store a record's dated names and the search copies that hold them, without touching
    anything else of the record (nor its history: the names have their own)."""
    record.other_names = other_names_text(names)
    record.refresh_folded_keys()
    written = {"other_names", *record.FOLDED}
    type(record).objects.filter(pk=record.pk).update(**{key: getattr(record, key) for key in written})


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


def trigram_index(table: str, name: str, column: str = "search_text"):
    """A RunPython operation creating, on PostgreSQL only, a trigram GIN index on the table's
    search_text (or `column`): it serves `search_text LIKE '%word%'`. (SQLite has no such index type;
    there a search scans the folded column, which is fast at Inserm's size.)"""

    def forwards(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
            schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin ({column} gin_trgm_ops)")

    def backwards(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")

    return migrations.RunPython(forwards, backwards)


# --- dated names ---------------------------------------------------------------------------


class DatedName(models.Model):
    """Another name of a record (partner, unit), with the days it was used: a second
    acronym, an alias, a former name. Part of the record's search document (`other_names`,
    rewritten by every save and delete of one of its names); a result found by a former
    name says so (matched_former_names). Concrete models name the record `OWNER`."""

    class Kind(models.TextChoices):
        ACRONYM = "acronym", _("Acronym")
        ALIAS = "alias", _("Alias")
        FORMER = "former", _("Former name")

    OWNER = ""

    name = models.CharField(_("name"), max_length=250)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.FORMER)
    start = models.DateField(_("used from"), null=True, blank=True)
    end = models.DateField(_("used until"), null=True, blank=True)
    name_key = folded_field(250)

    class Meta:
        abstract = True

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.refresh_folded_keys()
        super().save(*args, **kwargs)
        self.refresh_owner()

    def get_absolute_url(self):
        return getattr(self, self.OWNER).get_absolute_url()

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        self.refresh_owner()
        return result

    def clean(self):
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": _("A name cannot stop being used before it started.")})

    def refresh_folded_keys(self):
        """What save() writes; bulk inserts call it first (and refresh_dated_names after)."""
        self.name_key = fold(self.name).strip()

    def refresh_owner(self):
        refresh_dated_names(getattr(self, self.OWNER))

    @property
    def years(self) -> str:
        """ "2019–2022", "–2022", "2019–" or ""."""
        if not self.start and not self.end:
            return ""
        return f"{self.start.year if self.start else ''}–{self.end.year if self.end else ''}"


def refresh_dated_names(owner) -> None:
    """Copy a record's dated names into its search document (one read, one update)."""
    write_other_names(owner, owner.names.order_by("pk").values_list("name", flat=True))


def dated_name_constraints(prefix: str):
    return [
        models.CheckConstraint(
            condition=Q(end__isnull=True) | Q(start__isnull=True) | Q(end__gte=models.F("start")),
            name=f"{prefix}_name_end_after_start",
            violation_error_message=_("A name cannot stop being used before it started."),
        ),
    ]


def matched_former_names(records, term: str) -> dict[int, "DatedName"]:
    """{record pk: the former name that holds every word of `term`} for the records whose
    current name does not (one query for a page of results): what a result found by its
    former name shows ("formerly Université de Paris")."""
    records = [record for record in records if getattr(record, "other_names", "")]
    words = search_words(term)
    if not records or not words:
        return {}
    model = type(records[0])
    names_model = model.names.rel.related_model
    owner = names_model.OWNER
    candidates = [record.pk for record in records if not all(word in record.name_key for word in words)]
    if not candidates:
        return {}
    found = names_model.objects.filter(
        reduce(and_, [Q(name_key__contains=word) for word in words]),
        kind=DatedName.Kind.FORMER,
        **{f"{owner}_id__in": candidates},
    ).order_by("-end", "pk")
    matched = {}
    for name in found:
        matched.setdefault(getattr(name, f"{owner}_id"), name)
    return matched


def matched_former_name(record, term: str) -> "DatedName | None":
    """The former name of one record that `term` found it by, if any (see matched_former_names)."""
    return matched_former_names([record], term).get(record.pk)
