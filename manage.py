#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "inserm_portal.settings")
    from django.conf import settings  # noqa: PLC0415
    from django.core.exceptions import ImproperlyConfigured  # noqa: PLC0415
    from django.core.management import execute_from_command_line  # noqa: PLC0415

    try:
        settings.INSTALLED_APPS  # noqa: B018 - reads the settings now
    except ImproperlyConfigured as error:
        # Django would go on without settings for most commands and fail later with an
        # unrelated "Models aren't loaded yet": say what is wrong instead.
        sys.exit(f"Configuration error: {error}")
    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
