"""Two app servers on one PostgreSQL and one Redis (REDIS_URL): a change published through
one is on the next page of the other, and a rate limit counts across both."""

import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import dj_database_url
import pytest

from iurc_portal.settings import BASE_DIR
from tests.conftest import require_system_package
from tests.test_serve import _free_port

RUN_DATABASE_URL = os.environ.get("DATABASE_URL", "")

pytestmark = pytest.mark.skipif(
    not RUN_DATABASE_URL.startswith("postgres"), reason="two servers share a PostgreSQL database"
)


def _get(url):
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


@pytest.fixture
def two_servers(tmp_path):
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
        reachable = True
    except OSError:
        reachable = False
    require_system_package("Redis at 127.0.0.1:6379", reachable, "apt-get install -y redis-server")
    base = dj_database_url.parse(RUN_DATABASE_URL)
    name = f"iurc_two_{secrets.token_hex(4)}"
    admin_env = {**os.environ, "PGHOST": base["HOST"] or "127.0.0.1", "PGUSER": base["USER"] or "postgres"}
    subprocess.run(["createdb", name], env=admin_env, check=True)
    database_url = RUN_DATABASE_URL.rsplit("/", 1)[0] + f"/{name}"
    env = {
        "PATH": os.environ["PATH"],
        "DATABASE_URL": database_url,
        # A Redis database of its own, emptied first: the page cache and the rate limits.
        "REDIS_URL": "redis://127.0.0.1:6379/14",
        "RATELIMIT_PUBLIC_PAGES": "4/m",
        "DEBUG": "0",
        "SECRET_KEY": "test-" + "x" * 50,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "WEB_CONCURRENCY": "1",
        "STATIC_ROOT": str(tmp_path / "static"),
    }
    servers = []
    try:
        subprocess.run([sys.executable, "-c", "import redis; redis.Redis(db=14).flushdb()"], cwd=BASE_DIR, check=True)
        for command in (["migrate", "--no-input", "-v0"], ["load_demo"], ["collectstatic", "--no-input", "-v0"]):
            subprocess.run(
                [sys.executable, "manage.py", *command], cwd=BASE_DIR, env=env, check=True, capture_output=True
            )
        urls = []
        for _ in range(2):
            port = _free_port()
            servers.append(
                subprocess.Popen(
                    [sys.executable, "-m", "gunicorn", "-c", "iurc_portal/gunicorn.conf.py", "iurc_portal.wsgi"],
                    cwd=BASE_DIR,
                    env={**env, "GUNICORN_BIND": f"127.0.0.1:{port}"},
                    stderr=subprocess.DEVNULL,
                )
            )
            urls.append(f"http://127.0.0.1:{port}")
        for url in urls:
            deadline = time.monotonic() + 60
            while _get_quietly(url + "/healthz") != 200:
                assert time.monotonic() < deadline, f"{url} did not start"
                time.sleep(0.3)
        yield urls, env
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=30)
        subprocess.run(["dropdb", "--if-exists", "--force", name], env=admin_env, capture_output=True)


def _get_quietly(url):
    try:
        return _get(url)[0]
    except OSError:
        return None


def test_a_change_through_one_server_is_on_the_next_page_of_the_other(two_servers):
    (first, second), env = two_servers
    before = _get(second + "/en/partnerships/sofia-seoul/")  # cached on the shared Redis now

    subprocess.run(
        [
            sys.executable,
            "manage.py",
            "shell",
            "-c",
            "from partnerships.models import Partnership; p = Partnership.objects.get(slug='sofia-seoul');"
            " p.title_en = 'Sofia – Sejong'; p.save()",
        ],
        cwd=BASE_DIR,
        env=env,
        check=True,
        capture_output=True,
    )
    after_first, after_second = (
        _get(first + "/en/partnerships/sofia-seoul/"),
        _get(second + "/en/partnerships/sofia-seoul/"),
    )

    assert before[0] == 200 and "Sofia – Sejong" not in before[1]
    assert (after_first[0], after_second[0]) == (200, 200)
    assert "Sofia – Sejong" in after_first[1] and "Sofia – Sejong" in after_second[1]


def test_a_rate_limit_counts_across_both_servers(two_servers):
    (first, second), _env = two_servers

    statuses = [_get(f"{server}/en/partnerships/?q=busting-{n}")[0] for n, server in enumerate([first, second] * 3)]

    assert statuses == [200, 200, 200, 200, 429, 429]
