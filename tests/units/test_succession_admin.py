"""The successions' own admin list (units/admin.py SuccessionAdmin): found by either unit's
code in any spelling or by kind, entered under the succession rules with their history,
and imported from a spreadsheet with each bad row named."""

import datetime as dt
import io

import pytest
import tablib

from units.models import Succession

from ..factories import MandateFactory, ResearchUnitFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/units/succession/"


@pytest.fixture
def editor_client(editor_client):
    editor_client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"  # messages are checked word for word
    return editor_client


@pytest.fixture
def successions():
    """UMR-S 1052 succeeded by U1290 (the day after its term ends), U1100 closed."""
    old = MandateFactory(unit__code="UMR-S 1052", start=dt.date(2015, 1, 1)).unit
    new = MandateFactory(unit__code="U1290", start=dt.date(2019, 1, 1)).unit
    closed = MandateFactory(unit__code="U1100", start=dt.date(2015, 1, 1)).unit
    return {
        "succession": Succession.objects.create(
            predecessor=old, successor=new, kind="succession", on=dt.date(2019, 1, 1)
        ),
        "closure": Succession.objects.create(predecessor=closed, kind="closure", on=dt.date(2018, 12, 31)),
    }


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ({"q": "umr_s1052"}, ["succession"]),  # the predecessor, spelled otherwise
        ({"q": "u 1290"}, ["succession"]),  # the successor
        ({"q": "U1100"}, ["closure"]),
        ({"kind__exact": "closure"}, ["closure"]),
    ],
)
def test_the_list_finds_a_unit_on_either_side_in_any_spelling_or_a_kind(editor_client, successions, query, found):
    response = editor_client.get(CHANGELIST, query)
    assert list(response.context["cl"].result_list) == [successions[name] for name in found]


def test_a_succession_entered_here_is_checked_by_the_rules_and_kept_in_history(editor_client, successions):
    unit = MandateFactory(unit__code="U1300", start=dt.date(2015, 1, 1)).unit
    form = {"predecessor": unit.pk, "successor": "", "kind": "closure", "on": "2017-06-30"}

    refused = editor_client.post(f"{CHANGELIST}add/", form)

    assert "a unit closes on its last day or after it" in refused.content.decode()
    assert not Succession.objects.filter(predecessor=unit).exists()

    editor_client.post(f"{CHANGELIST}add/", {**form, "on": "2018-12-31"})

    closure = Succession.objects.get(predecessor=unit)
    assert closure.history.get().history_user.username == "editor"
    assert editor_client.get(f"{CHANGELIST}{closure.pk}/history/").status_code == 200


def upload(client, dataset):
    upload = io.BytesIO(dataset.export("csv").encode("utf-8"))
    upload.name = "successions.csv"
    return client.post(f"{CHANGELIST}import/", {"format": 0, "import_file": upload})


def test_an_import_preview_names_each_bad_row_and_a_good_file_is_imported(editor_client, successions):
    ResearchUnitFactory(code="U1501"), ResearchUnitFactory(code="U1502")  # no terms yet
    headers = ["predecessor", "successor", "kind", "on"]
    cycle = tablib.Dataset(
        ["U1501", "U1502", "succession", "2024-01-01"], ["U1502", "U1501", "succession", "2025-01-01"], headers=headers
    )

    preview = upload(editor_client, cycle)

    assert "confirm_form" not in preview.context
    [invalid] = preview.context["result"].invalid_rows
    assert (invalid.number, list(invalid.error_dict)) == (2, ["successor"])
    assert "This would make a cycle: U1502 → U1501 → U1502." in preview.content.decode()
    assert Succession.objects.count() == 2

    good = upload(editor_client, tablib.Dataset(cycle[0], headers=headers))
    done = editor_client.post(f"{CHANGELIST}process_import/", good.context["confirm_form"].initial, follow=True)

    assert "Import finished: 1 new, 0 changed, 0 unchanged." in done.content.decode()
    assert Succession.objects.filter(predecessor__code="U1501", successor__code="U1502").exists()
