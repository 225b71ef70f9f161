"""Every API address refuses a query parameter it does not read: `?partner=x` on a list
that has no such filter answers 400 naming it, instead of the whole list as if it had been
applied. What an address reads: `format` everywhere; on a list, its filters, its pages and
what its view adds (`facets`); on a record, nothing else (a filter on a detail address
would only turn the record into a 404)."""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from rest_framework import status
from rest_framework.exceptions import APIException
from rest_framework.settings import api_settings

# Where DRF's paginators keep the names of their parameters.
PAGE_PARAMETERS = ("page_query_param", "page_size_query_param", "limit_query_param", "offset_query_param")
LONGEST_NAME = 100  # a longer parameter name is cut in the message (it is the client's own)


class UnknownParameters(APIException):
    """400 with `detail` (a sentence naming the parameters refused and those read),
    `unknown` and `known` (the names, sorted)."""

    status_code = status.HTTP_400_BAD_REQUEST
    default_code = "unknown_parameter"

    def __init__(self, unknown: list[str], known: list[str]):
        named = ", ".join(name if len(name) <= LONGEST_NAME else f"{name[:LONGEST_NAME]}…" for name in unknown)
        sentence = ngettext("Unknown query parameter: %(names)s.", "Unknown query parameters: %(names)s.", len(unknown))
        detail = " ".join(
            [sentence % {"names": named}, _("This endpoint reads: %(names)s.") % {"names": ", ".join(known)}]
        )
        super().__init__()
        # Plain strings (not DRF's ErrorDetail), which every renderer writes alike (the schema's YAML too).
        self.detail = {"detail": detail, "unknown": unknown, "known": known}


def filter_parameters(filterset_class) -> set[str]:
    """The query parameters a FilterSet reads: each filter's name, or its name with each
    suffix of a two-part widget (`signed_min`, `signed_max` for a range filter)."""
    names = set()
    for name, field in filterset_class.base_filters.items():
        widget = field.extra.get("widget") or field.field_class.widget
        suffixes = getattr(widget, "suffixes", None) or [""]
        names.update(f"{name}_{suffix}" if suffix else name for suffix in suffixes)
    return names


class StrictQuery:
    """For any DRF view: refuse (400, UnknownParameters) a request whose query string holds
    a parameter the view does not read. `query_parameters` names what the view reads
    besides `format`; viewsets add their list's filters and pages (StrictViewSet)."""

    query_parameters: tuple[str, ...] = ()

    def known_query_parameters(self) -> set[str]:
        return {api_settings.URL_FORMAT_OVERRIDE, *self.query_parameters} - {None}

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)  # signed in, allowed and within the rate first
        known = self.known_query_parameters()
        unknown = sorted(set(request.query_params) - known)
        if unknown:
            raise UnknownParameters(unknown, sorted(known))


class StrictViewSet(StrictQuery):
    """StrictQuery for a generic viewset: a list also reads its filter backends' parameters,
    its paginator's and `list_parameters`; a record, update or creation only `format`."""

    list_parameters: tuple[str, ...] = ()

    def known_query_parameters(self) -> set[str]:
        known = super().known_query_parameters()
        if self.action != "list":
            return known
        known.update(self.list_parameters)
        paginator = self.paginator
        if paginator is not None:
            known.update(getattr(paginator, attribute, None) for attribute in PAGE_PARAMETERS)
        for backend_class in self.filter_backends:
            backend = backend_class()
            if hasattr(backend, "get_filterset_class"):  # django-filter's
                filterset_class = backend.get_filterset_class(self, self.get_queryset())
                if filterset_class is not None:
                    known.update(filter_parameters(filterset_class))
            known.update(getattr(backend, attribute, None) for attribute in ("search_param", "ordering_param"))
        return known - {None}
