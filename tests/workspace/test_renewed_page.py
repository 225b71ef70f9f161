"""Right after a renewal, the workspace's renewal page says it was renewed and nothing that
contradicts it ("already in its final term"); later visits say why it cannot be renewed
again, as information."""

import pytest
from django.urls import reverse

from ..factories import MandateFactory

pytestmark = [pytest.mark.django_db, pytest.mark.today]  # renewals of the factories' 2025 terms


@pytest.fixture
def english(editor_client):
    editor_client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return editor_client


def test_the_page_right_after_a_renewal_shows_the_success_only_then_the_final_term_as_information(english):
    unit = MandateFactory(unit__code="U1001").unit
    url = reverse("workspace:renew", args=[unit.pk])

    after = english.post(url, {"version": unit.version}, follow=True)
    assert after.redirect_chain == [(url, 302)]
    assert "U1001 renewed: term 2 runs from" in after.text
    assert "already in its final term" not in after.text
    assert "alert-warning" not in after.text
    assert after.text.count("<li>Term ") == 2

    later = english.get(url)
    assert "U1001 renewed" not in later.text
    assert "U1001 is already in its final term" in later.text
    assert "alert-warning" not in later.text  # information, not a warning


def test_the_admin_page_right_after_a_renewal_says_what_was_renewed_and_warns_of_nothing(english):
    unit = MandateFactory(unit__code="U1001").unit
    response = english.post(
        reverse("admin:units_researchunit_renew", args=[unit.pk]), {"version": unit.version}, follow=True
    )
    messages = [(m.level_tag, str(m)) for m in response.context["messages"]]
    assert [tag for tag, _text in messages] == ["success"]
    assert messages[0][1].startswith("U1001 renewed: term 2 runs from")
    assert "already in its final term" not in response.text
