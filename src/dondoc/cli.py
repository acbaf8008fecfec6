"""The `dondoc` console script: Django's manage.py with the settings preset."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dondoc.settings")
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        settings.INSTALLED_APPS  # noqa: B018 - reading it loads the settings, with their checks
    except ImproperlyConfigured as error:
        # A refused configuration (production mode with a public key …) is a message for the
        # operator, not a traceback.
        sys.stderr.write(f"dondoc: {error}\n")
        sys.exit(2)
    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
