"""Any query string on any public URL gets an answer, never a server error."""

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .conftest import public_urls

pytestmark = pytest.mark.django_db

KEYS = [
    "q",
    "page",
    "sort",
    "category",
    "kind",
    "country",
    "region",
    "site",
    "site_kind",
    "structure_type",
    "status",
    "puph",
    "o",
    "p",
]
ODD_TEXT = st.sampled_from(
    [
        "",
        "\x00",
        "a\x00b",
        "-1",
        "0",
        "999999999999999999999",
        "1e9",
        "NaN",
        "../../etc/passwd",
        "<script>",
        "' OR 1=1 --",
        "%",
        "_",
        "Ünïcødé",
        "\u202e",
        "🧬",
        "x" * 10_000,
        "universite",
        "U 1234",
        "-name",
        "--",
    ]
)
VALUES = st.one_of(ODD_TEXT, st.text(max_size=300), st.integers().map(str))
QUERIES = st.dictionaries(st.one_of(st.sampled_from(KEYS), st.text(max_size=20)), VALUES, max_size=6)


@pytest.fixture(autouse=True)
def _no_export_limit(settings):
    # Every query string reaches the exports too: their limit is tested in test_public_exports.py.
    settings.PUBLIC_EXPORT_RATE = "1000000/minute"


@pytest.fixture
def urls(portal):
    return sorted(set(public_urls(portal)))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=QUERIES, pick=st.integers(min_value=0))
def test_no_query_string_breaks_a_public_page(urls, query, pick):
    url = urls[pick % len(urls)]
    response = Client(raise_request_exception=False).get(url, query)
    assert response.status_code in (200, 301, 302, 400, 404), (url, query, response.status_code)
    if response.streaming:
        b"".join(response.streaming_content)  # an export runs its query while streaming


@pytest.mark.parametrize("query", [{"page": "999999999"}, {"q": "x" * 10_000}, {"q": "\x00"}, {"sort": "nonsense"}])
def test_every_public_url_survives_the_classic_garbage(urls, query):
    client = Client(raise_request_exception=False)
    for url in urls:
        response = client.get(url, query)
        assert response.status_code in (200, 400, 404), (url, query)
        if response.streaming:
            b"".join(response.streaming_content)


@pytest.mark.parametrize(
    "path", ["/en/units/%00/", "/fr/units/" + "U" * 5000 + "/", "/en/partners/%F0%9F%A7%AC/", "/en/sites/..%2F..%2F/"]
)
def test_odd_paths_answer_404(client, path):
    assert client.get(path).status_code == 404


# --- Bad input: the page numbers the Hypothesis test may not draw -------------------------


@pytest.mark.parametrize("number", ["-1", "0", "-99999999999999999999", "1e9", "99999999999999999999", "\x00", "٣"])
def test_no_page_number_breaks_any_public_url(portal, number):
    client = Client(raise_request_exception=False)
    for url in public_urls(portal):
        response = client.get(url, {"page": number})
        assert response.status_code in (200, 400, 404), (url, number, response.status_code)
        if response.streaming:
            b"".join(response.streaming_content)
