"""E-mail each manager the units of their sites whose mandate ends within N months.

    python manage.py mandate_alerts [--months N]

At most one message per manager a day: a second run the same day sends nothing (each
message sent is recorded as a MandateAlert). Meant for a daily cron job.
"""

from django.conf import settings
from django.core.mail import send_mail
from django.core.management.base import BaseCommand, CommandError
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

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
        sent = skipped = 0
        profiles = ManagerProfile.objects.select_related("user").filter(user__is_active=True).exclude(user__email="")
        for profile in profiles.order_by("pk"):
            if MandateAlert.objects.filter(profile=profile, sent_on=today).exists():
                skipped += 1
                continue
            units = list(
                ResearchUnit.objects.for_workspace(today)
                .filter(site__managers=profile, term_end__gte=today, term_end__lte=limit)
                .order_by("term_end", "code_key")
            )
            if not units:
                continue
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
                body = render_to_string("workspace/alert_body.txt", context)
            send_mail(subject, body, None, [profile.user.email])
            MandateAlert.objects.create(profile=profile, sent_on=today, unit_count=len(units), months=months)
            sent += 1
        self.stdout.write(f"{sent} alert(s) sent, {skipped} manager(s) already alerted today.")
