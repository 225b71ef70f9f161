"""Create (or reset) the demo accounts and print how to log in: `python manage.py demo_users`."""

import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError

from core.roles import EDITORS, MANAGERS
from units.models import Site
from workspace.models import ManagerProfile

# username: (role shown, group, superuser?)
ACCOUNTS = {
    "admin": ("superuser", None, True),
    "editor": ("Editors group", EDITORS, False),
    "manager": ("Managers group", MANAGERS, False),
}


class Command(BaseCommand):
    help = "Create or reset the demo accounts (admin, editor, manager) with new random passwords."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1:8000", help="Where the portal is served, for the message.")
        parser.add_argument(
            "--allow-without-debug",
            action="store_true",
            help="Run even with DJANGO_DEBUG off (it resets these accounts' passwords).",
        )

    def handle(self, *args, host, allow_without_debug, **options):
        if not settings.DEBUG and not allow_without_debug:
            raise CommandError("Demo accounts are for development: DJANGO_DEBUG is off, so nothing was changed.")
        User = get_user_model()
        lines = []
        for username, (role, group_name, is_superuser) in ACCOUNTS.items():
            password = secrets.token_urlsafe(12)
            user, _ = User.objects.get_or_create(username=username)
            user.is_staff = True
            user.is_superuser = is_superuser
            user.set_password(password)
            user.save()
            if group_name:
                user.groups.set([Group.objects.get(name=group_name)])
            if username == "manager":  # follows the Lille sites, for the workspace and mandate_alerts
                user.email = user.email or "manager@example.org"
                user.save(update_fields=["email"])
                profile, _ = ManagerProfile.objects.get_or_create(user=user)
                profile.sites.set(Site.objects.filter(city="Lille"))
            lines.append(f"  {username:<8} {password:<18} ({role})")
        self.stdout.write(
            f"\nLog in at http://{host}/admin/ (staff admin) or http://{host}/manage/ (managers' workspace) "
            "with one of these demo accounts:\n"
        )
        self.stdout.write("\n".join(lines))
        self.stdout.write("(New passwords are generated each time this runs.)\n")
