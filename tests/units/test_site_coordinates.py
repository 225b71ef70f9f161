"""A site's coordinates: each within its range, both or neither, each rule with a message
that says what to do (an import reports it as it is, not as a constraint's name)."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from ..factories import SiteFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("latitude", "longitude", "message"),
    [
        (45, None, "Give both the latitude and the longitude, or neither."),
        (None, 4, "Give both the latitude and the longitude, or neither."),
        (95, 4, "Ensure this value is less than or equal to 90."),
        (45, 200, "Ensure this value is less than or equal to 180."),
    ],
)
def test_coordinates_out_of_their_rules_are_refused_with_a_message(settings, latitude, longitude, message):
    settings.LANGUAGE_CODE = "en"
    site = SiteFactory.build(latitude=latitude, longitude=longitude)
    with pytest.raises(ValidationError) as refused:
        site.full_clean()
    assert message in refused.value.messages
    assert not any("Constraint" in text for text in refused.value.messages)


def test_both_coordinates_or_neither_are_accepted():
    SiteFactory.build(latitude=Decimal("45.75"), longitude=Decimal("4.85")).full_clean()
    SiteFactory.build(latitude=None, longitude=None).full_clean()
