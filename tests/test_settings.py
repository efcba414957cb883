import os
import subprocess
import sys

import pytest

from iurc_portal.settings import BASE_DIR


def _settings(**env):
    """Import the settings in a fresh interpreter with only these variables set."""
    code = "from django.conf import settings as s; print(s.DEBUG, s.DATABASES['default']['ENGINE'], s.TIME_ZONE, s.ALLOWED_HOSTS, s.DATABASES['default'].get('CONN_HEALTH_CHECKS'))"
    environment = {"PATH": os.environ["PATH"], "DJANGO_SETTINGS_MODULE": "iurc_portal.settings", **env}
    return subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
    )


def test_settings_default_to_local_sqlite_development():
    result = _settings()

    assert result.stdout.strip() == (
        "True django.db.backends.sqlite3 Europe/Sofia ['127.0.0.1', 'localhost', '[::1]'] True"
    )


def test_settings_database_url_selects_postgresql_with_health_checks():
    result = _settings(
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/iurc",
        SECRET_KEY="x" * 50,
        DEBUG="0",
        ALLOWED_HOSTS="portal.example",
    )

    assert result.stdout.strip() == "False django.db.backends.postgresql Europe/Sofia ['portal.example'] True"


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"DEBUG": "0"}, "SECRET_KEY must be set when DEBUG is off."),
        ({"DEBUG": "maybe"}, "DEBUG must be one of 1/0, true/false, yes/no, on/off, not 'maybe'."),
    ],
)
def test_settings_refuse_unsafe_or_unclear_environment(env, message):
    result = _settings(**env)

    assert result.returncode == 1
    assert f"django.core.exceptions.ImproperlyConfigured: {message}" in result.stderr
