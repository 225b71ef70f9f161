"""`manage.py mandate_alerts`: one message per manager, their sites' expiring units, once a day."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import timezone

from units import rules
from workspace.models import ManagerProfile, MandateAlert

from ..factories import MandateFactory, SiteFactory, UserFactory

pytestmark = pytest.mark.django_db


def ending_in(days: int, **unit):
    """A unit whose (single, shortened) term ends `days` from today."""
    end = timezone.localdate() + dt.timedelta(days=days)
    return MandateFactory(start=end - dt.timedelta(days=365), end=end, **{f"unit__{k}": v for k, v in unit.items()})


@pytest.fixture
def managers():
    lille, lyon = SiteFactory(slug="lille", name="CHU de Lille"), SiteFactory(slug="lyon", name="HCL")
    alice = UserFactory(username="alice", email="alice@example.org", group="Managers")
    bruno = UserFactory(username="bruno", email="bruno@example.org", group="Managers")
    carla = UserFactory(username="carla", email="carla@example.org", group="Managers")
    ManagerProfile.objects.create(user=alice).sites.add(lille)
    ManagerProfile.objects.create(user=bruno).sites.add(lille, lyon)
    ManagerProfile.objects.create(user=carla)  # follows no site
    ending_in(20, code="U1", site=lille)  # within a month, whatever the month
    ending_in(200, code="U2", site=lyon)
    ending_in(400, code="U3", site=lyon)  # beyond 12 months
    ending_in(-5, code="U4", site=lille)  # already ended
    return {"lille": lille, "lyon": lyon}


def test_one_message_per_manager_with_exactly_their_expiring_units(managers):
    call_command("mandate_alerts", "--months", "12", verbosity=0)

    by_recipient = {message.to[0]: message for message in mail.outbox}
    assert set(by_recipient) == {"alice@example.org", "bruno@example.org"}
    alice, bruno = by_recipient["alice@example.org"].body, by_recipient["bruno@example.org"].body
    assert "U1" in alice and "U2" not in alice
    assert "U1" in bruno and "U2" in bruno
    for body in (alice, bruno):
        assert "U3" not in body and "U4" not in body
    assert "/manage/?mine=on&expires_before=" in bruno


def test_a_second_run_the_same_day_sends_nothing(managers):
    call_command("mandate_alerts", verbosity=0)
    call_command("mandate_alerts", verbosity=0)
    assert len(mail.outbox) == 2
    assert MandateAlert.objects.filter(sent_on=timezone.localdate()).count() == 2


def test_the_window_is_the_months_option(managers):
    call_command("mandate_alerts", "--months", "1", verbosity=0)
    assert {m.to[0] for m in mail.outbox} == {"alice@example.org", "bruno@example.org"}
    assert all("U2" not in m.body for m in mail.outbox)
    limit = rules.add_months(timezone.localdate(), 1)
    assert MandateAlert.objects.filter(months=1).count() == 2 and limit > timezone.localdate()


def test_a_bad_window_is_refused():
    with pytest.raises(CommandError, match="--months"):
        call_command("mandate_alerts", "--months", "0")


def test_one_failure_spares_the_others_and_is_retried_next_run(managers, settings):
    settings.EMAIL_BACKEND = "tests.workspace.failing_mail.RefusingBackend"
    refused = UserFactory(username="dora", email="refused@example.org", group="Managers")
    ManagerProfile.objects.create(user=refused).sites.add(managers["lille"])

    with pytest.raises(CommandError, match="1 alert"):
        call_command("mandate_alerts", verbosity=0)

    assert {m.to[0] for m in mail.outbox} == {"alice@example.org", "bruno@example.org"}
    assert not MandateAlert.objects.filter(profile__user=refused).exists()  # to be tried again


def test_people_who_are_no_longer_managers_get_nothing(managers):
    former = UserFactory(username="ex", email="ex@example.org")  # no group any more
    ManagerProfile.objects.create(user=former).sites.add(managers["lille"])
    call_command("mandate_alerts", verbosity=0)
    assert "ex@example.org" not in {m.to[0] for m in mail.outbox}


# mandate_alerts ---------------------------------------------------------------------------------


def listed(body: str) -> list[str]:
    """The unit codes an alert lists, one line each (`- U1 – name (site): ends on …`)."""
    return re.findall(r"^- (\S+) – ", body, flags=re.MULTILINE)


def test_alerts_list_exactly_the_units_up_to_the_last_day_of_the_window():
    today = timezone.localdate()
    limit = rules.add_months(today, 3)
    lille, lyon = SiteFactory(slug="lille"), SiteFactory(slug="lyon")
    for username, sites in (("alice", [lille]), ("bruno", [lille, lyon])):
        user = UserFactory(username=username, email=f"{username}@example.org", group="Managers")
        ManagerProfile.objects.create(user=user).sites.add(*sites)

    def ending_on(code, end, site):
        MandateFactory(unit__code=code, unit__site=site, start=end - dt.timedelta(days=400), end=end)

    ending_on("U101", today, lille)  # last day today: still within
    ending_on("U102", limit, lille)  # the window's last day
    ending_on("U103", limit + rules.ONE_DAY, lille)  # one day too far
    ending_on("U104", today - rules.ONE_DAY, lille)  # ended yesterday
    ending_on("U201", limit, lyon)
    decided = MandateFactory(unit__code="U105", unit__site=lille, start=limit - dt.timedelta(days=400), end=limit)
    MandateFactory(unit=decided.unit, number=2, start=limit + rules.ONE_DAY)  # renewal decided: ends later

    call_command("mandate_alerts", "--months", "3", verbosity=0)

    assert sorted(message.to[0] for message in mail.outbox) == ["alice@example.org", "bruno@example.org"]
    by_recipient = {message.to[0]: message for message in mail.outbox}
    assert sorted(listed(by_recipient["alice@example.org"].body)) == ["U101", "U102"]
    assert sorted(listed(by_recipient["bruno@example.org"].body)) == ["U101", "U102", "U201"]

    call_command("mandate_alerts", "--months", "3", verbosity=0)
    assert len(mail.outbox) == 2
