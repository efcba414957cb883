"""A PostgreSQL restart under a running portal, on a throwaway cluster of the test's own
(initdb in a temporary folder, its own port; never the machine's shared server): our 503
page meanwhile, prose pages still served, and normal answers again within 5 s of the
database's return, without restarting the portal; and a staff save in flight when the
database stops commits whole or not at all."""

import glob
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import psycopg
import pytest

from iurc_portal.settings import BASE_DIR
from tests.conftest import require_system_package
from tests.html import form_data
from tests.test_serve import _free_port

BIN = sorted(glob.glob("/usr/lib/postgresql/*/bin"))


def _get(url):
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.headers.get("Retry-After"), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Retry-After"), error.read().decode()


@pytest.fixture
def cluster():
    usable = bool(BIN) and os.geteuid() == 0 and shutil.which("runuser") is not None
    require_system_package(
        "PostgreSQL server binaries, run as root (initdb runs as postgres)", usable, "apt-get install -y postgresql"
    )
    # Outside pytest's own temporary folders, which only root may enter.
    folder = Path(tempfile.mkdtemp(prefix="iurc-cluster-"))
    folder.chmod(0o755)
    shutil.chown(folder, "postgres")
    data = folder / "data"
    data.mkdir()
    shutil.chown(data, "postgres")
    port = _free_port()

    def as_postgres(*command):
        return subprocess.run(
            ["runuser", "-u", "postgres", "--", *command], check=True, capture_output=True, timeout=120
        )

    as_postgres(f"{BIN[-1]}/initdb", "-D", str(data), "-A", "trust", "-U", "postgres")
    options = f"-p {port} -k {data} -c listen_addresses=127.0.0.1 -c fsync=off"

    def start():
        # -l: the server's output to a file, not to pipes this test would wait on.
        as_postgres(f"{BIN[-1]}/pg_ctl", "-D", str(data), "-l", str(folder / "log"), "-o", options, "-w", "start")

    def stop(mode="fast"):
        as_postgres(f"{BIN[-1]}/pg_ctl", "-D", str(data), "-m", mode, "-w", "stop")

    start()
    as_postgres(f"{BIN[-1]}/createdb", "-h", "127.0.0.1", "-p", str(port), "iurc")
    try:
        yield f"postgres://postgres@127.0.0.1:{port}/iurc", start, stop
    finally:
        subprocess.run(
            ["runuser", "-u", "postgres", "--", f"{BIN[-1]}/pg_ctl", "-D", str(data), "-m", "immediate", "stop"],
            capture_output=True,
        )


@pytest.fixture
def served(cluster, tmp_path):
    """The demo data on the cluster, served by gunicorn as `make serve` does (one worker)."""
    database_url, _start, _stop = cluster
    port = _free_port()
    env = {
        "PATH": os.environ["PATH"],
        "DATABASE_URL": database_url,
        "DEBUG": "0",
        "SECRET_KEY": "test-" + "x" * 50,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "STATIC_ROOT": str(tmp_path / "static"),
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": "1",
    }
    for command in (["migrate", "--no-input", "-v0"], ["load_demo"], ["collectstatic", "--no-input", "-v0"]):
        subprocess.run([sys.executable, "manage.py", *command], cwd=BASE_DIR, env=env, check=True, capture_output=True)
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "iurc_portal/gunicorn.conf.py", "iurc_portal.wsgi"],
        cwd=BASE_DIR,
        env=env,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_healthy(base)
        yield base, env
    finally:
        server.terminate()
        server.wait(timeout=30)


def _wait_until_healthy(base):
    deadline = time.monotonic() + 60
    while True:
        try:
            if _get(base + "/healthz")[0] == 200:
                return
        except OSError:
            pass
        assert time.monotonic() < deadline, "the portal did not answer"
        time.sleep(0.3)


def test_the_portal_rides_out_a_database_restart(cluster, served):
    _database_url, start, stop = cluster
    base, _env = served
    before = _get(base + "/en/partnerships/sofia-seoul/")[0]

    stop()
    during = _get(base + "/en/partnerships/")
    prose = _get(base + "/en/about/")[0]
    health = _get(base + "/healthz")[0]
    start()
    back_at = time.monotonic()
    while _get(base + "/en/partnerships/")[0] != 200 and time.monotonic() - back_at < 10:
        time.sleep(0.2)
    recovered_in = time.monotonic() - back_at

    assert before == 200
    assert (during[0], during[1]) == (503, "30")
    assert "Temporarily unavailable" in during[2]
    assert (prose, health) == (200, 503)
    assert recovered_in < 5


# Runs inside Django on the cluster: a superuser's session, for the admin through gunicorn.
SESSION = """
import django
django.setup()
from django.contrib.auth import get_user_model
from django.test import Client
user = get_user_model().objects.create_superuser("it", "it@example.org", "x" * 16)
client = Client()
client.force_login(user)
print(client.cookies["sessionid"].value)
"""


class _Page:
    """A urllib answer in the shape tests/html.py reads (``.content``)."""

    def __init__(self, response):
        self.status_code = response.status
        self.content = response.read()
        self.cookies = {
            value.split("=", 1)[0]: value.split(";", 1)[0].split("=", 1)[1]
            for value in response.headers.get_all("Set-Cookie") or []
        }


def _request(url, cookies, data=None):
    request = urllib.request.Request(
        url,
        data=urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None,
        headers={"Cookie": "; ".join(f"{name}={value}" for name, value in cookies.items())},
    )

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    try:
        return _Page(urllib.request.build_opener(NoRedirect).open(request, timeout=60))
    except urllib.error.HTTPError as error:
        return _Page(error)


def _state(database_url, slug):
    """What a save of the partnership touches: its row, its milestones, their history, the
    admin's log and the public pages' content version."""
    with psycopg.connect(database_url) as connection:
        row = connection.execute(
            "SELECT id, title_en, version FROM partnerships_partnership WHERE slug = %s", [slug]
        ).fetchone()
        pk = row[0]

        def one(sql):
            return connection.execute(sql, [pk]).fetchone()[0]

        return {
            "title_en": row[1],
            "version": row[2],
            "milestones": sorted(
                connection.execute(
                    "SELECT title_en, version FROM partnerships_milestone WHERE partnership_id = %s", [pk]
                ).fetchall()
            ),
            "partnership history": one("SELECT count(*) FROM partnerships_historicalpartnership WHERE id = %s"),
            "milestone history": one("SELECT count(*) FROM partnerships_historicalmilestone WHERE partnership_id = %s"),
            "admin log": one("SELECT count(*) FROM django_admin_log WHERE object_id = %s::text"),
            "content version": connection.execute("SELECT version FROM iurc_portal_contentversion").fetchone()[0],
        }


def test_a_staff_save_in_flight_when_the_database_stops_commits_whole_or_not_at_all(cluster, served):
    """A partnership saved with a changed and a new inline milestone, held inside its
    transaction at its last statement (the admin's log entry, behind a table lock) when
    PostgreSQL stops at once: nothing of it is kept. The same form sent again once the database is
    back commits all of it, exactly once, with one version step and one history entry."""
    database_url, start, stop = cluster
    base, env = served
    session = subprocess.run(
        [sys.executable, "-c", SESSION],
        cwd=BASE_DIR,
        env={**env, "DJANGO_SETTINGS_MODULE": "iurc_portal.settings"},
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()[-1]
    before = _state(database_url, "sofia-seoul")
    url = f"{base}/admin/partnerships/partnership/{_partnership_pk(database_url)}/change/"
    cookies = {"sessionid": session}
    form = _request(url, cookies)
    cookies |= form.cookies
    data = form_data(form, "partnership_form")
    data["title_en"] = ["Sofia – Sejong"]
    changed = data["milestones-0-title_en"][0]
    data["milestones-0-title_en"] = ["Kick-off in Sejong"]
    total = int(data["milestones-TOTAL_FORMS"][0])
    for name, value in list(data.items()):
        if name.startswith("milestones-__prefix__-"):
            data[name.replace("__prefix__", str(total))] = value
    data[f"milestones-{total}-title_bg"] = ["Учебно посещение"]
    data[f"milestones-{total}-title_en"] = ["Study visit"]
    data[f"milestones-{total}-kind"] = ["study_visit"]
    data[f"milestones-{total}-status"] = ["planned"]
    data[f"milestones-{total}-due_date"] = ["2027-05-01"]
    data["milestones-TOTAL_FORMS"] = [str(total + 1)]

    # The admin writes its log entry last in the save's transaction: hold it there.
    locker = psycopg.connect(database_url)
    locker.execute("LOCK TABLE django_admin_log IN SHARE MODE")
    answer = {}
    saving = threading.Thread(target=lambda: answer.update(page=_request(url, cookies, data)))
    saving.start()
    deadline = time.monotonic() + 30
    while not (written := _waiting_save_writes(database_url)):
        assert time.monotonic() < deadline, "the save never reached the admin's log"
        time.sleep(0.1)
    # Immediate, as a crash is: a fast shutdown ends each session in turn, and the lock
    # holder's ending first can hand its lock to the save, which then commits before its
    # own session is ended (seen once in CI on a loaded machine). Sessions killed at once
    # release nothing, so the save can only be lost, never finish.
    stop("immediate")
    saving.join(timeout=60)
    locker.close()
    start()
    after_stop = _state(database_url, "sofia-seoul")

    _wait_until_healthy(base)
    again = _request(url, cookies, data)
    after_retry = _state(database_url, "sofia-seoul")

    # In flight: the partnership, its milestones, their history and the content version
    # were written inside the transaction when the database went away.
    assert {
        "partnerships_partnership",
        "partnerships_milestone",
        "partnerships_historicalpartnership",
        "partnerships_historicalmilestone",
        "iurc_portal_contentversion",
    } <= written
    assert answer["page"].status_code == 503
    assert after_stop == before
    assert again.status_code == 302
    kept = [(title, version) for title, version in before["milestones"] if title != changed]
    version = dict(before["milestones"])[changed]
    assert after_retry == {
        **before,
        "title_en": "Sofia – Sejong",
        "version": before["version"] + 1,
        "milestones": sorted([("Kick-off in Sejong", version + 1), ("Study visit", 1), *kept]),
        "partnership history": before["partnership history"] + 1,
        "milestone history": before["milestone history"] + 2,
        "admin log": before["admin log"] + 1,
        "content version": after_retry["content version"],
    }
    assert after_retry["content version"] > before["content version"]


def _partnership_pk(database_url):
    with psycopg.connect(database_url) as connection:
        return connection.execute("SELECT id FROM partnerships_partnership WHERE slug = 'sofia-seoul'").fetchone()[0]


def _waiting_save_writes(database_url):
    """The tables a session waiting for the admin log's lock has written to, or an empty set."""
    with psycopg.connect(database_url, autocommit=True) as connection:
        rows = connection.execute(
            "SELECT l.relation::regclass::text FROM pg_stat_activity a JOIN pg_locks l ON l.pid = a.pid "
            "WHERE a.wait_event_type = 'Lock' AND a.query LIKE 'INSERT INTO \"django_admin_log\"%%' "
            "AND l.mode = 'RowExclusiveLock' AND l.granted AND l.relation IS NOT NULL"
        ).fetchall()
    return {row[0] for row in rows}
