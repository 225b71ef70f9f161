"""Successions between units: a merger and a split entered in the admin show on the three
units' pages, in the API and in the JSON-LD; what the rules refuse; what visitors never see."""

import datetime as dt
import json
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from units.models import ResearchUnit, Succession
from units.rules import date_label

from ..admin_helpers import loaded_state, term, unit_form
from ..factories import MandateFactory, ResearchUnitFactory, UnitPartnerFactory

pytestmark = pytest.mark.django_db

D = dt.date
TAKE_OVER = D(2029, 1, 1)  # the day after two full terms from 2021 end
SINCE = D(2029, 3, 1)  # a day after it: the public is told of a succession once its day has come


FIRST_START = D(2021, 1, 1)


def unit_with_terms(code, start=FIRST_START, renewed=True, **fields):
    """A unit with its first term from `start` and, if `renewed`, its second."""
    first = MandateFactory(unit__code=code, start=start, **{f"unit__{k}": v for k, v in fields.items()})
    if renewed:
        MandateFactory(unit=first.unit, number=2, start=first.end + dt.timedelta(days=1))
    return first.unit


def new_unit(code, **fields):
    return unit_with_terms(code, start=TAKE_OVER, renewed=False, **fields)


def post_links(client, unit, prefix, other_field, rows):
    """Save `unit`'s change form with its terms as they are and `rows` (other unit, kind,
    date) in the succession inline `prefix` ("successor_links": what became of it;
    "predecessor_links": the units it succeeds)."""
    url = reverse("admin:units_researchunit_change", args=[unit.pk])
    data = unit_form(unit, terms=[term(mandate) for mandate in unit.mandates.all()], is_published="on")
    data[f"{prefix}-TOTAL_FORMS"] = str(len(rows))
    for index, (other, kind, on) in enumerate(rows):
        data.update(
            {
                f"{prefix}-{index}-{other_field}": other.pk if other else "",
                f"{prefix}-{index}-kind": kind,
                f"{prefix}-{index}-on": on.isoformat(),
            }
        )
    return client.post(url, {**data, "loaded_state": loaded_state(client, url)}, HTTP_ACCEPT_LANGUAGE="en")


def json_ld(page) -> dict:
    return json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1))


def text(page) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", page))


@pytest.fixture
def merger(admin_client):
    """U1001 and U1002 merged into U1300 on 1 January 2029, entered on U1300's page."""
    first, second, merged = unit_with_terms("U1001"), unit_with_terms("U1002"), new_unit("U1300")
    response = post_links(
        admin_client,
        merged,
        "predecessor_links",
        "predecessor",
        [(first, "merger", TAKE_OVER), (second, "merger", TAKE_OVER)],
    )
    assert response.status_code == 302, response.context["inline_admin_formsets"][1].formset.errors
    return first, second, merged


@pytest.fixture
def split(admin_client):
    """U1100 split into U2001 and U2002 on 1 January 2029, entered on U1100's page."""
    old, left, right = unit_with_terms("U1100"), new_unit("U2001"), new_unit("U2002")
    response = post_links(
        admin_client,
        old,
        "successor_links",
        "successor",
        [(left, "split", TAKE_OVER), (right, "split", TAKE_OVER)],
    )
    assert response.status_code == 302, response.context["inline_admin_formsets"][2].formset.errors
    return old, left, right


@pytest.mark.today(SINCE)
def test_a_merger_entered_in_the_admin_shows_on_the_three_pages_in_the_api_and_the_json_ld(client, merger):
    assert set(Succession.objects.values_list("predecessor__code", "successor__code", "kind", "on")) == {
        ("U1001", "U1300", "merger", TAKE_OVER),
        ("U1002", "U1300", "merger", TAKE_OVER),
    }

    page = client.get("/en/units/U1001/").text
    assert "Merged with U1002 into U1300 on 1 Jan 2029" in text(page)
    assert '<a href="/en/units/U1300/">U1300</a>' in page
    assert "Merged with U1001 into U1300" in text(client.get("/en/units/U1002/").text)
    page = client.get("/en/units/U1300/").text
    assert "Created by the merger of U1001 and U1002 on 1 Jan 2029" in text(page)

    api = client.get("/api/v1/units/U1300/").json()
    assert [(link["code"], link["kind"], link["date"]) for link in api["predecessors"]] == [
        ("U1001", "merger", "2029-01-01"),
        ("U1002", "merger", "2029-01-01"),
    ]
    assert api["predecessors"][0]["api"] == "http://testserver/api/v1/units/U1001/"
    assert api["predecessors"][0]["page"].endswith("/units/U1001/")
    assert (api["successors"], api["closed_on"]) == ([], None)
    old = client.get("/api/v1/units/U1001/").json()
    assert [(link["code"], link["kind"]) for link in old["successors"]] == [("U1300", "merger")]

    data = json_ld(client.get("/en/units/U1001/").text)
    assert (data["foundingDate"], data["dissolutionDate"]) == ("2021-01-01", "2029-01-01")
    [event] = data["event"]
    assert event["@type"] == "Event" and event["startDate"] == "2029-01-01"
    assert {thing["name"] for thing in event["about"]} == {"U1002", "U1300"}
    data = json_ld(client.get("/en/units/U1300/").text)
    assert "dissolutionDate" not in data
    assert {thing["url"] for thing in data["event"][0]["about"]} == {
        "http://testserver/en/units/U1001/",
        "http://testserver/en/units/U1002/",
    }


@pytest.mark.today(SINCE)
def test_a_split_entered_in_the_admin_shows_on_the_three_pages_in_the_api_and_the_json_ld(client, split):
    page = client.get("/en/units/U1100/").text
    assert "Split into U2001 and U2002 on 1 Jan 2029" in text(page)
    # What became of it, near the top, before the details.
    assert text(page).index("Split into U2001") < text(page).index("Host site")
    assert "Created by the split of U1100 into this unit and U2002 on 1 Jan 2029" in text(
        client.get("/en/units/U2001/").text
    )
    assert "Created by the split of U1100 into this unit and U2001" in text(client.get("/en/units/U2002/").text)

    api = client.get("/api/v1/units/U1100/").json()
    assert [(link["code"], link["kind"], link["date"]) for link in api["successors"]] == [
        ("U2001", "split", "2029-01-01"),
        ("U2002", "split", "2029-01-01"),
    ]
    assert [link["code"] for link in client.get("/api/v1/units/U2002/").json()["predecessors"]] == ["U1100"]

    data = json_ld(client.get("/en/units/U1100/").text)
    assert data["dissolutionDate"] == "2029-01-01"
    assert {thing["name"] for thing in data["event"][0]["about"]} == {"U2001", "U2002"}
    assert {thing["name"] for thing in json_ld(client.get("/en/units/U2001/").text)["event"][0]["about"]} == {
        "U1100",
        "U2002",
    }


def test_a_split_whose_rows_disagree_is_refused_at_the_field_and_nothing_is_saved(admin_client):
    old, left, right = unit_with_terms("U1100"), new_unit("U2001"), new_unit("U2002")
    response = post_links(
        admin_client,
        old,
        "successor_links",
        "successor",
        [(left, "split", TAKE_OVER), (right, "split", D(2029, 2, 1))],
    )
    assert response.status_code == 200
    errors = response.context["inline_admin_formsets"][2].formset.errors
    assert "the rows of a split are all splits of the same day" in errors[0]["kind"][0]
    assert not Succession.objects.exists()


def test_a_merger_with_a_succession_into_the_same_unit_is_refused(admin_client):
    first, second, merged = unit_with_terms("U1001"), unit_with_terms("U1002"), new_unit("U1300")
    response = post_links(
        admin_client,
        merged,
        "predecessor_links",
        "predecessor",
        [(first, "merger", TAKE_OVER), (second, "succession", TAKE_OVER)],
    )
    errors = response.context["inline_admin_formsets"][1].formset.errors
    assert "U1300 already succeeds U1002 (succession on 1 Jan 2029)" in errors[0]["kind"][0]
    assert "a unit has one origin, except a merger" in errors[1]["kind"][0]
    assert not Succession.objects.exists()


def test_a_cycle_through_a_chain_of_rows_mergers_included_is_refused():
    # Units without terms yet, so that only the cycle is wrong (dates that follow the
    # terms cannot go round in a circle).
    first, second, merged, later = (ResearchUnitFactory(code=code) for code in ("U1001", "U1002", "U1300", "U1400"))
    for predecessor in (first, second):
        Succession.objects.create(predecessor=predecessor, successor=merged, kind="merger", on=TAKE_OVER)
    Succession.objects.create(predecessor=merged, successor=later, kind="succession", on=TAKE_OVER)
    back = Succession(predecessor=later, successor=second, kind="succession", on=TAKE_OVER)
    with pytest.raises(ValidationError) as refused:
        back.full_clean()
    assert refused.value.messages == [
        "This would make a cycle: U1400 → U1002 → U1300 → U1400. A unit cannot succeed itself, even through "
        "other units."
    ]


def test_a_succession_dated_before_the_predecessors_last_term_is_refused():
    old, new = unit_with_terms("U1028"), new_unit("U2028")  # U1028's last term started on 1 January 2025
    early = Succession(predecessor=old, successor=new, kind="succession", on=D(2024, 12, 31))
    with pytest.raises(ValidationError) as refused:
        early.full_clean()
    assert refused.value.message_dict["on"] == [
        "31 Dec 2024 is before the start of the last term of U1028 (1 Jan 2025): a unit is succeeded "
        "or closed after its last term."
    ]
    Succession(predecessor=old, successor=new, kind="succession", on=TAKE_OVER).full_clean()


def test_a_unit_is_succeeded_after_its_last_term_ends_and_closed_on_its_last_day_or_later():
    old, new = unit_with_terms("U1028"), new_unit("U2028")
    last = old.mandates.order_by("-number").first()
    during = Succession(predecessor=old, successor=new, kind="succession", on=last.end)
    with pytest.raises(ValidationError) as refused:
        during.full_clean()
    assert refused.value.message_dict["on"] == [
        f"The last term of U1028 runs until {date_label(last.end)}: its successor takes over after that day. "
        "If it stopped earlier, end that term early first (reason “Closed early”)."
    ]
    early_closure = Succession(predecessor=old, kind="closure", on=last.end - dt.timedelta(days=1))
    with pytest.raises(ValidationError) as refused:
        early_closure.full_clean()
    assert refused.value.message_dict["on"][0].startswith(
        f"The last term of U1028 runs until {date_label(last.end)}: a unit closes on its last day or after it."
    )
    Succession(predecessor=old, kind="closure", on=last.end).full_clean()


def test_the_successors_first_term_starts_on_or_after_the_date():
    old, new = unit_with_terms("U1028"), new_unit("U2028")  # U2028 starts on 1 January 2029
    late = Succession(predecessor=old, successor=new, kind="succession", on=D(2029, 3, 1))
    with pytest.raises(ValidationError) as refused:
        late.full_clean()
    assert "The first term of U2028 starts on 1 Jan 2029, before 1 Mar 2029" in refused.value.messages[0]


def test_a_recreation_keeps_the_number_and_a_succession_changes_it():
    old, same, other = unit_with_terms("U1028"), new_unit("UMR-S 1028"), new_unit("U2028")
    with pytest.raises(ValidationError) as refused:
        Succession(predecessor=old, successor=same, kind="succession", on=TAKE_OVER).full_clean()
    assert "the same Inserm number: the unit is re-created under its number" in refused.value.message_dict["kind"][0]
    with pytest.raises(ValidationError) as refused:
        Succession(predecessor=old, successor=other, kind="recreation", on=TAKE_OVER).full_clean()
    assert "a re-creation keeps the number" in refused.value.message_dict["kind"][0]
    Succession(predecessor=old, successor=same, kind="recreation", on=TAKE_OVER).full_clean()


def test_a_closure_excludes_any_other_fate():
    old, new = unit_with_terms("U1028"), new_unit("U2028")
    Succession.objects.create(predecessor=old, kind="closure", on=TAKE_OVER)
    with pytest.raises(ValidationError) as refused:
        Succession(predecessor=old, successor=new, kind="succession", on=TAKE_OVER).full_clean()
    assert "U1028 is already recorded as closure without successor" in refused.value.message_dict["kind"][0]


@pytest.mark.today(SINCE)
def test_a_closed_unit_says_so_near_the_top_and_in_the_api(client):
    old = unit_with_terms("U1028")
    Succession.objects.create(predecessor=old, kind="closure", on=TAKE_OVER)
    page = text(client.get("/en/units/U1028/").text)
    assert "Closed on 1 Jan 2029 without successor." in page
    assert client.get("/api/v1/units/U1028/").json()["closed_on"] == "2029-01-01"


@pytest.mark.today(SINCE)
def test_an_unpublished_unit_is_neither_named_nor_counted(client, split):
    right = split[2]
    ResearchUnit.objects.filter(pk=right.pk).update(is_published=False, name="Nom secret")
    page = client.get("/en/units/U1100/").text
    assert "Split into U2001 on 1 Jan 2029" in text(page)
    assert "not published" not in page
    assert "U2002" not in page and "Nom secret" not in page
    assert "U2002" not in client.get("/en/units/U2001/").text
    api = client.get("/api/v1/units/U1100/").json()
    assert [link["code"] for link in api["successors"]] == ["U2001"]
    assert "U2002" not in json.dumps(json_ld(page))
    assert client.get("/en/units/U2002/").status_code == 404


@pytest.mark.today(SINCE)
def test_the_successor_flow_records_a_recreation_under_the_same_number(admin_client):
    old = unit_with_terms("U1028", structure_type="mixed_unit")
    url = reverse("admin:units_researchunit_successor", args=[old.pk])
    admin_client.post(url, {"code": "UMR-S 1028", "name": "Suite", "first_term_start": "2029-01-01"})
    [link] = Succession.objects.all()
    assert (link.predecessor, link.successor.code, link.kind, link.on) == (old, "UMR-S 1028", "recreation", TAKE_OVER)
    ResearchUnit.objects.filter(pk=link.successor.pk).update(is_published=True)  # a new unit starts unpublished
    assert "Succeeds U1028 (re-created under the same number), 1 Jan 2029" in text(
        admin_client.get("/en/units/UMR-S-1028/").text
    )


def test_the_successor_takes_over_the_supervising_bodies_and_the_predecessors_end_with_it(admin_client):
    old = unit_with_terms("U1028", structure_type="mixed_unit")
    university = UnitPartnerFactory(unit=old, start=FIRST_START)  # still running
    cnrs = UnitPartnerFactory(unit=old, start=FIRST_START, end=D(2024, 12, 31))  # withdrew at the renewal
    url = reverse("admin:units_researchunit_successor", args=[old.pk])
    admin_client.post(url, {"code": "UMR-S 1028", "name": "Suite", "first_term_start": "2029-01-01"})
    university.refresh_from_db()
    assert university.end == TAKE_OVER - dt.timedelta(days=1)  # the predecessor's last day
    successor = ResearchUnit.objects.get(code="UMR-S 1028")
    assert [(link.partner, link.role, link.start, link.end) for link in successor.partner_links.all()] == [
        (university.partner, "supervisor", TAKE_OVER, None)
    ]
    cnrs.refresh_from_db()
    assert cnrs.end == D(2024, 12, 31)  # an ended relation is left as it was, and not handed over


def test_a_succession_recorded_ahead_of_its_date_is_told_from_that_day(client, time_machine):
    old = unit_with_terms("U1028")
    Succession.objects.create(predecessor=old, kind="closure", on=D(2028, 12, 31))  # its last day, decided
    for day, told in ((D(2028, 12, 30), False), (D(2028, 12, 31), True)):
        time_machine.move_to(day)
        page = client.get("/en/units/U1028/").text
        assert ("Closed on 31 Dec 2028 without successor" in text(page)) is told
        assert ("dissolutionDate" in json.dumps(json_ld(page))) is told
        assert client.get("/api/v1/units/U1028/").json()["closed_on"] == ("2028-12-31" if told else None)


def test_successions_are_kept_in_history(merger):
    first = merger[0]
    link = Succession.objects.get(predecessor=first)
    link.delete()
    assert list(Succession.history.filter(predecessor_id=first.pk).values_list("history_type", flat=True)) == [
        "-",
        "+",
    ]


def test_the_unit_page_runs_as_many_queries_with_a_lineage(client, merger, django_assert_num_queries):
    # unit with site, terms, public agreements, partner relations, lineage rows (with their
    # units and the other rows of its merger): the same with one predecessor or two.
    with django_assert_num_queries(5):
        assert client.get("/en/units/U1300/").status_code == 200
    with django_assert_num_queries(5):
        assert client.get("/en/units/U1001/").status_code == 200


def test_a_term_cannot_run_past_its_units_succession_nor_start_before_it():
    old, new = unit_with_terms("U1028"), new_unit("U2028")
    Succession.objects.create(predecessor=old, successor=new, kind="succession", on=TAKE_OVER)
    last = old.mandates.order_by("-number").first()
    last.end, last.length_reason = TAKE_OVER, "extension"  # in force the day its successor took over
    with pytest.raises(ValidationError) as refused:
        last.full_clean()
    assert refused.value.message_dict["end"] == [
        "U1028 is succeeded by U2028 on 1 Jan 2029 (succession): its terms end before that day. "
        "Correct the succession's date first if the unit lasts longer."
    ]
    first = new.mandates.get(number=1)
    first.start = TAKE_OVER - dt.timedelta(days=1)
    with pytest.raises(ValidationError) as refused:
        first.full_clean()
    assert "U2028 takes over from U1028 on 1 Jan 2029 (succession)" in refused.value.message_dict["start"][0]


def test_a_new_code_may_not_contradict_the_units_successions():
    old, same = unit_with_terms("U1028"), new_unit("UMR-S 1028")
    Succession.objects.create(predecessor=old, successor=same, kind="recreation", on=TAKE_OVER)
    same.code = "U2028"  # the re-created unit would no longer have the number
    with pytest.raises(ValidationError) as refused:
        same.full_clean()
    assert refused.value.message_dict["code"] == [
        "This unit and U1028 are recorded as one unit re-created under its number: keep the number 1028, "
        "or change that succession's kind first."
    ]
    Succession.objects.all().delete()
    successor = new_unit("U3028")
    Succession.objects.create(predecessor=old, successor=successor, kind="succession", on=TAKE_OVER)
    same.delete()
    successor.code = "UMR 1028"  # the successor would take its predecessor's number
    with pytest.raises(ValidationError) as refused:
        successor.full_clean()
    assert "would share its number with U1028, recorded as a succession" in refused.value.message_dict["code"][0]


def save_terms_and_succession(client, unit, last_end, row, on):
    """Save `unit`'s page with its last term ending on `last_end` (an extension) and its
    stored succession `row` dated `on`, in one save."""
    url = reverse("admin:units_researchunit_change", args=[unit.pk])
    mandates = list(unit.mandates.all())
    terms = [term(mandate) for mandate in mandates]
    terms[-1].update(end=last_end.isoformat(), length_reason="extension")
    data = unit_form(unit, terms=terms, is_published="on")
    data.update(
        {
            "successor_links-TOTAL_FORMS": "1",
            "successor_links-INITIAL_FORMS": "1",
            "successor_links-0-id": row.pk,
            "successor_links-0-predecessor": unit.pk,
            "successor_links-0-successor": row.successor_id,
            "successor_links-0-kind": row.kind,
            "successor_links-0-on": on.isoformat(),
        }
    )
    return client.post(url, {**data, "loaded_state": loaded_state(client, url)}, HTTP_ACCEPT_LANGUAGE="en")


@pytest.fixture
def planned(admin_client):
    """U1028 (terms to 31 December 2028) succeeded on 1 June 2029 by U2028 (from 1 July 2029)."""
    old, new = unit_with_terms("U1028"), unit_with_terms("U2028", start=D(2029, 7, 1), renewed=False)
    return old, Succession.objects.create(predecessor=old, successor=new, kind="succession", on=D(2029, 6, 1))


def test_terms_and_a_succession_moved_in_one_save_are_judged_together(admin_client, planned):
    old, row = planned
    # Each move passes against the other's stored value; together, U1028 would still be in
    # force when its successor takes over.
    response = save_terms_and_succession(admin_client, old, D(2029, 3, 31), row, D(2029, 1, 1))
    assert response.status_code == 200
    assert "The last term of U1028 runs until 31 Mar 2029: its successor takes over after that day." in text(
        response.content.decode()
    )
    row.refresh_from_db()
    assert row.on == D(2029, 6, 1)
    assert old.mandates.get(number=2).end == D(2028, 12, 31)


def test_terms_and_a_succession_that_agree_once_both_move_are_saved(admin_client, planned):
    old, row = planned
    # Against the stored date (1 June 2029) the longer term would be refused; with the new one, not.
    response = save_terms_and_succession(admin_client, old, D(2029, 6, 30), row, D(2029, 7, 1))
    assert response.status_code == 302, text(response.content.decode())[:2000]
    row.refresh_from_db()
    assert (row.on, old.mandates.get(number=2).end) == (D(2029, 7, 1), D(2029, 6, 30))
