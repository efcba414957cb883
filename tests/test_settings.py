import os
import socket
import subprocess
import sys

import pytest

from iurc_portal.settings import BASE_DIR
from tests.conftest import require_system_package


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


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("SECURE_HSTS_SECONDS", "", "SECURE_HSTS_SECONDS must be a whole number, not ''."),
        ("CONN_MAX_AGE", "abc", "CONN_MAX_AGE must be a whole number, not 'abc'."),
        ("SESSION_COOKIE_AGE", "10", "SESSION_COOKIE_AGE must be at least 60, not 10."),
        ("AXES_FAILURE_LIMIT", "0", "AXES_FAILURE_LIMIT must be at least 1, not 0."),
        ("TRUSTED_PROXY_COUNT", "-1", "TRUSTED_PROXY_COUNT must be at least 0, not -1."),
        ("DEBUG", "maybe", "DEBUG must be one of 1/0, true/false, yes/no, on/off, not 'maybe'."),
    ],
)
@pytest.mark.parametrize("entry", [["manage.py", "check"], ["-c", "import iurc_portal.wsgi"]])
def test_a_bad_setting_stops_start_up_with_one_line_naming_it(variable, value, message, entry):
    environment = {"PATH": os.environ["PATH"], variable: value}

    result = subprocess.run(
        [sys.executable, *entry], cwd=BASE_DIR, env=environment, capture_output=True, text=True, timeout=60
    )

    assert (result.returncode, result.stderr) == (2, f"Configuration error: {message}\n")


def test_redis_url_puts_the_page_cache_and_the_rate_limits_on_redis():
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
        reachable = True
    except OSError:
        reachable = False
    require_system_package("Redis at 127.0.0.1:6379", reachable, "apt-get install -y redis-server")
    code = (
        "from django.conf import settings; from django.core.cache import caches; import uuid; "
        "key = uuid.uuid4().hex; caches['ratelimit'].set(key, 1); caches['ratelimit'].incr(key); "
        "print(sorted({c['BACKEND'] for c in settings.CACHES.values()}), caches['ratelimit'].get(key))"
    )
    environment = {
        "PATH": os.environ["PATH"],
        "DJANGO_SETTINGS_MODULE": "iurc_portal.settings",
        "REDIS_URL": "redis://127.0.0.1:6379/15",
    }

    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
    )

    assert (result.returncode, result.stdout.strip()) == (0, "['django.core.cache.backends.redis.RedisCache'] 2")


@pytest.mark.parametrize("value", ["60", "sixty/m", "60/week", "-1/m"])
def test_a_malformed_rate_stops_start_up(value):
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=BASE_DIR,
        env={"PATH": os.environ["PATH"], "RATELIMIT_PUBLIC_PAGES": value},
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode == 2
    assert result.stderr.startswith("Configuration error: RATELIMIT_PUBLIC_PAGES must be a rate such as 60/m")
