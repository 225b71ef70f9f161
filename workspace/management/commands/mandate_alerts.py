"""E-mail each manager the units of their sites whose mandate ends within N months.

    python manage.py mandate_alerts [--months N]

At most one message per manager a day: a second run the same day sends nothing (each
message sent is recorded as a MandateAlert). Meant for a daily cron job.
"""

from django.conf import settings
from django.core.mail import send_mail
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from core.roles import EDITORS, MANAGERS
from units import rules
from units.models import ResearchUnit
from workspace.columns import renewal
from workspace.models import ManagerProfile, MandateAlert


class Command(BaseCommand):
    help = "E-mail each manager the units of their sites whose mandate ends within N months (once a day)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--months",
            type=int,
            default=settings.MANDATE_EXPIRY_WARNING_MONTHS,
            help="How far ahead to look (default: MANDATE_EXPIRY_WARNING_MONTHS).",
        )

    def handle(self, *args, months, **options):
        if not 1 <= months <= 120:
            raise CommandError("--months must be a whole number from 1 to 120.")
        today = timezone.localdate()
        limit = rules.add_months(today, months)
        sent = skipped = failed = 0
        managers = Q(user__is_superuser=True) | Q(user__groups__name__in=[MANAGERS, EDITORS])
        profiles = (
            ManagerProfile.objects.select_related("user")
            .filter(managers, user__is_active=True)
            .exclude(user__email="")
            .distinct()
            .order_by("pk")
        )
        for profile in profiles:
            units = list(
                ResearchUnit.objects.for_workspace(today)
                .filter(site__managers=profile, term_end__gte=today, term_end__lte=limit)
                .order_by("term_end", "code_key")
            )
            if not units:
                continue
            try:
                with transaction.atomic():
                    # Claim today's alert first: a second run, even a simultaneous one, finds
                    # it and sends nothing; if sending fails, the claim is rolled back.
                    _alert, created = MandateAlert.objects.get_or_create(
                        profile=profile, sent_on=today, defaults={"unit_count": len(units), "months": months}
                    )
                    if not created:
                        skipped += 1
                        continue
                    send_mail(*self.message(profile, units, months, limit), None, [profile.user.email])
            except Exception as error:
                failed += 1
                self.stderr.write(f"Alert to {profile.user.email} not sent: {error}")
                continue
            sent += 1
        self.stdout.write(f"{sent} alert(s) sent, {skipped} manager(s) already alerted today, {failed} failed.")
        if failed:
            raise CommandError(f"{failed} alert(s) could not be sent: see above.")

    def message(self, profile, units, months, limit) -> tuple[str, str]:
        with translation.override(settings.LANGUAGE_CODE):
            context = {
                "profile": profile,
                "units": [(unit, renewal(unit)) for unit in units],
                "months": months,
                "limit": limit,
                "workspace_url": settings.PORTAL_BASE_URL
                + reverse("workspace:dashboard")
                + f"?mine=on&expires_before={limit.isoformat()}",
            }
            subject = render_to_string("workspace/alert_subject.txt", context).strip()
            return subject, render_to_string("workspace/alert_body.txt", context)
