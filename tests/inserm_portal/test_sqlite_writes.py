"""Writes that arrive at the same moment on a SQLite file wait their turn: no "database is
locked" error reaches an editor, and the data stay right (one renewal per unit)."""

import json
import threading
import urllib.error
import urllib.parse
import urllib.request

# Run in the server's environment: a site, units in their first term (started a year ago,
# so renewable today), and a logged-in Editor's session.
SET_UP = """
import datetime as dt, json
from django.contrib.auth.models import Group, User
from django.test import Client
from django.utils import timezone
from units import services
from units.models import Site

site = Site.objects.create(name="CHU de Lyon", slug="chu-lyon", kind="chu", city="Lyon", region="auvergne-rhone-alpes")
start = timezone.localdate() - dt.timedelta(days=365)
units = [
    services.create_unit(code=f"U{1000 + n}", name=f"Unit {n}", structure_type="research_unit", site=site,
                         director_name="M. Curie", first_term_start=start)
    for n in range(4)
]
editor = User.objects.create_user("editor", is_staff=True)
editor.groups.add(Group.objects.get(name="Editors"))
client = Client()
client.force_login(editor)
print("DATA", json.dumps({"session": client.cookies["sessionid"].value,
                          "units": [[unit.pk, unit.version] for unit in units]}))
"""

TERMS = """
import json
from units.models import ResearchUnit
rows = [[unit.code, unit.term_number, unit.mandates.count()] for unit in ResearchUnit.objects.order_by("code")]
print("DATA", json.dumps(rows))
"""

CSRF = "a" * 32  # any 32-character secret: the cookie and the form carry the same one


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # the redirect is the answer


OPENER = urllib.request.build_opener(NoRedirect)


def data(output: str):
    return json.loads(next(line for line in output.splitlines() if line.startswith("DATA ")).removeprefix("DATA "))


def post(url: str, session: str, form: dict) -> int:
    request = urllib.request.Request(  # noqa: S310 - loopback only
        url,
        data=urllib.parse.urlencode({**form, "csrfmiddlewaretoken": CSRF}, doseq=True).encode(),
        headers={"Cookie": f"sessionid={session}; csrftoken={CSRF}", "Accept-Language": "en"},
    )
    try:
        with OPENER.open(request, timeout=60) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def at_once(calls) -> list:
    """Run each call in a thread of its own, all released together; their results in order."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(index, call):
        barrier.wait()
        results[index] = call()

    threads = [threading.Thread(target=run, args=(index, call)) for index, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_simultaneous_renewals_on_a_sqlite_file_wait_instead_of_failing(production_server):
    # One worker of 16 threads: each thread has a database connection of its own, and waits
    # for SQLite's locks exactly as separate worker processes would.
    base = production_server(GUNICORN_CMD_ARGS="--threads 16")
    records = data(base.shell(SET_UP))
    session, units = records["session"], records["units"]

    # Every unit renewed at once from the workspace (twice), from its admin page, and by
    # the admin's bulk action on all of them: 16 requests, every one writing.
    def renewals(pk, version):
        return [
            lambda: post(f"{base}/manage/units/{pk}/renew/", session, {"version": version}),
            lambda: post(f"{base}/manage/units/{pk}/renew/", session, {"version": version}),
            lambda: post(f"{base}/admin/units/researchunit/{pk}/renew/", session, {"version": version}),
            lambda: post(
                f"{base}/admin/units/researchunit/",
                session,
                {"action": "renew_mandates", "_selected_action": [pk for pk, _ in units], "post": "yes"},
            ),
        ]

    statuses = at_once([call for pk, version in units for call in renewals(pk, version)])

    assert statuses == [302] * 16  # each editor told the outcome on the next page, none an error
    # Each unit renewed exactly once: term 2 recorded, and the unit's summary says so.
    assert data(base.shell(TERMS)) == [[f"U{1000 + n}", 2, 2] for n in range(4)]
