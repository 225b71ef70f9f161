"""The portal-wide search: units, partners and sites found by one query, kind by kind.

Each kind is searched by its own list's filter set (units' UnitFilter, the directory's
PartnerFilter, the sites' SiteFilter), on the list's own queryset: the results page, the
suggestions and the list that "see all" leads to find the same records, in the same order.
"""

from dataclasses import asdict, dataclass, field
from urllib.parse import urlencode

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from core.links import page_url
from core.lists import kept_count
from core.search import Search, first_ranked, matched_former_names
from partners.filters import PartnerFilter
from partners.models import Partner, category_table
from units.filters import SiteFilter, UnitFilter
from units.models import ResearchUnit, Site

# As long as the lists' own search box accepts (their `q` filter's max_length): a longer
# query is cut there, so that "see all" leads to a list that understands it.
MAX_QUERY_LENGTH = 200
# From this many matches, a kind sorted by name looks for its first results among its
# exact matches and names starting with the query before ranking every match
# (core.search.first_ranked). Below, ranking them all costs no more (at 100 times
# Inserm's size, in one process: "hop", 645 partners, 2.5 ms either way; "centre", 1,824,
# 3.9 ms ranked, 2.7 from the leading ranks), and less when those do not hold the first
# rows ("lyon": 0.9 ms lost to try).
LEADING_FROM = 1000


def clean_query(raw: str | None) -> tuple[str, bool]:
    """The query as searched: NUL bytes and other control characters as spaces, spaces
    squeezed, cut to MAX_QUERY_LENGTH; and whether it was cut."""
    text = "".join(" " if char < " " or char == "\x7f" else char for char in raw or "")
    text = " ".join(text.split())
    return text[:MAX_QUERY_LENGTH].strip(), len(text) > MAX_QUERY_LENGTH


@dataclass(frozen=True)
class Kind:
    key: str
    heading: str  # the results page's heading for the group
    filterset: type
    list_view: str  # the list "see all" leads to, filtered by the query
    fields: tuple[str, ...]  # what a result shows: the query reads only these
    see_all: str  # the link to that list, with the number of matches as %(count)s
    former_names: bool = False  # whether its records keep dated names that a search may find them by

    def queryset(self):
        raise NotImplementedError

    def details(self, records) -> list[str]:
        """A short line under each record's name."""
        raise NotImplementedError

    def label(self, record) -> str:
        return record.name


class Units(Kind):
    def queryset(self):
        return ResearchUnit.objects.for_public_list()

    def label(self, record) -> str:
        return f"{record.code} – {record.name}"

    def details(self, records) -> list[str]:
        return [
            ", ".join(part for part in (record.acronym, record.site.name, record.site.city) if part)
            for record in records
        ]


class Partners(Kind):
    def queryset(self):
        # The category's name comes from category_table(), kept until the next edit: no join.
        return Partner.objects.published()

    def label(self, record) -> str:
        return f"{record.name} ({record.acronym})" if record.acronym else record.name

    def details(self, records) -> list[str]:
        names = dict(category_table().values())  # {id: name}, read once for all the records
        return [
            ", ".join(part for part in (names.get(record.category_id, ""), record.city) if part) for record in records
        ]


class Sites(Kind):
    def queryset(self):
        return Site.objects.all()  # every site is public

    def details(self, records) -> list[str]:
        # The kinds' names read once: get_kind_display() makes a dictionary of every choice at each call.
        kinds = dict(Site.Kind.choices)
        return [
            ", ".join(str(part) for part in (kinds.get(record.kind, record.kind), record.city) if part)
            for record in records
        ]


KINDS = (
    Units(
        "units",
        _("Research units"),
        UnitFilter,
        "units:list",
        ("code", "name", "acronym", "site__name", "site__city", "name_key", "other_names"),
        ngettext_lazy("See the matching unit in the unit list", "See all %(count)s matching units", "count"),
        former_names=True,
    ),
    Partners(
        "partners",
        _("Partners"),
        PartnerFilter,
        "partners:list",
        ("name", "slug", "acronym", "category", "city", "name_key", "other_names"),
        ngettext_lazy("See the matching partner in the directory", "See all %(count)s matching partners", "count"),
        former_names=True,
    ),
    Sites(
        "sites",
        _("Sites"),
        SiteFilter,
        "units:site_list",
        ("name", "slug", "kind", "city"),
        ngettext_lazy("See the matching site in the site list", "See all %(count)s matching sites", "count"),
    ),
)


@dataclass(frozen=True)
class Hit:
    """A record found, as the results page and the suggestions show it."""

    kind: str
    label: str
    detail: str
    url: str
    formerly: str = ""  # "formerly Université de Paris", when the query found it by that name


def hits(kind: Kind, records: list, query: str) -> list[Hit]:
    """The records as found by `query`, each found by a former name saying which (one
    query more, only when some record was not found by its current name)."""
    former = matched_former_names(records, query) if kind.former_names else {}
    return [
        Hit(
            kind=kind.key,
            label=kind.label(record),
            detail=detail,
            url=record.get_absolute_url(),
            formerly=_("formerly %(name)s") % {"name": former[record.pk].name} if record.pk in former else "",
        )
        for record, detail in zip(records, kind.details(records), strict=True)
    ]


@dataclass
class Group:
    kind: Kind
    count: int
    hits: list[Hit] = field(default_factory=list)
    see_all_url: str = ""

    @property
    def see_all_text(self) -> str:
        return self.kind.see_all % {"count": self.count}


def matching(kind: Kind, query: str) -> Search:
    """The kind's search for `query`, as its list searches (its ordered() is the list's rows)."""
    return kind.filterset.search_of(kind.queryset(), query)


def search_everything(query: str, *, per_kind: int) -> list[Group]:
    """For each kind, how many records match and the first `per_kind` of them, none at all
    for an empty query. The count is kept until the next edit, as the lists keep theirs
    (core.lists.kept_count): a query asked again runs no count, and no query at all for a
    kind without a match. With many matches, the first rows are read without ranking them
    all when the exact matches and the names starting with the query hold them
    (first_ranked)."""
    if not query:
        return []
    groups = []
    for kind in KINDS:
        search = matching(kind, query)
        if search.found.query.is_empty():  # no word its records hold, no code: nothing to count
            count = 0
        else:
            # Named by the query rather than by its SQL, which would cost compiling it.
            count_key = repr(("search", kind.key, query, timezone.localdate()))
            count = kept_count(search.found, count_key)
        rows = first_ranked(search, per_kind, kind.fields, try_leading=count >= LEADING_FROM) if count else []
        groups.append(
            Group(
                kind=kind,
                count=count,
                hits=hits(kind, rows, query),
                see_all_url=f"{page_url(kind.list_view)}?{urlencode({'q': query})}",
            )
        )
    return groups


def suggestions(query: str, *, per_kind: int) -> list[dict]:
    """The first few records of each kind for the suggestions: label, kind, URL (one query a kind)."""
    if not query:
        return []
    return [
        {**asdict(found), "kind_label": str(kind.heading)}
        for kind in KINDS
        for found in hits(kind, list(matching(kind, query).ordered().only(*kind.fields)[:per_kind]), query)
    ]
