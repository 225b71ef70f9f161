"""Records the browser tests pick from the demo data."""

from django.db.models import Count

from partners.models import Agreement


def partner_with_most_public_agreements() -> str:
    """The slug of the published partner with the most public agreements: its page has the
    fullest chart and agreement table."""
    return (
        Agreement.objects.public()
        .filter(partners__is_published=True)
        .values_list("partners__slug", flat=True)
        .annotate(n=Count("pk"))
        .order_by("-n", "partners__slug")
        .first()
    )
