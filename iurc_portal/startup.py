"""Load the settings before anything else, and stop with one clear line when they are wrong.

A bad environment variable (``CONN_MAX_AGE=abc``, ``SECURE_HSTS_SECONDS=``) raises
ImproperlyConfigured while the settings load; a traceback would bury the one thing the
operator needs to read: the variable's name and what is wrong with it.
"""

import os
import sys


def load_settings():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "iurc_portal.settings")
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured

    try:
        settings.INSTALLED_APPS  # noqa: B018 (reading one setting loads them all)
    except ImproperlyConfigured as error:
        sys.stderr.write(f"Configuration error: {error}\n")
        raise SystemExit(2) from None
