"""Back up and restore, as the README says, on the database this run uses: a dump of a
database with both languages, history, proposed changes and the export log, restored into
an empty database, dumps the same again; the restored portal serves a public page and an
admin save."""

import os
import shutil
import sqlite3
import subprocess
import sys
import uuid

import dj_database_url
import pytest

from iurc_portal.settings import BASE_DIR
from tests.conftest import require_system_package

RUN_DATABASE_URL = os.environ.get("DATABASE_URL", "")

FILL = """
from django.contrib.auth.models import User, Group
from partnerships.demo import load_demo
from partnerships.models import ExportLog, Partnership
from publishing.services import revision_propose
load_demo()
editor = User.objects.create_user("eva", password="x", is_staff=True)
editor.groups.add(Group.objects.get(name="Editor"))
partnership = Partnership.objects.order_by("pk").first()
partnership.title_en = "Proposed"
revision_propose(obj=partnership, user=editor, base_version=partnership.version, changes={"fields": {"title_en": "Proposed"}})
ExportLog.objects.create(user=editor, source="command", report="milestones", export_format="csv", language="bg", row_count=3)
User.objects.create_superuser("root", password="x")
"""

USE = """
import django
django.setup()
from django.contrib.auth.models import User
from django.test import Client
from partnerships.models import Partnership
from tests.html import form_data
client = Client()
public = client.get("/en/partnerships/sofia-seoul/", HTTP_HOST="localhost")
client.force_login(User.objects.get(username="root"))
partnership = Partnership.objects.get(slug="sofia-seoul")
url = f"/admin/partnerships/partnership/{partnership.pk}/change/"
data = form_data(client.get(url, HTTP_HOST="localhost"), "partnership_form")
data["summary_en"] = ["Saved after the restore"]
saved = client.post(url, data, HTTP_HOST="localhost")
partnership.refresh_from_db()
print(public.status_code, saved.status_code, partnership.summary_en)
"""


def _manage(url, *args, code=None):
    command = [sys.executable, "-c", code] if code else [sys.executable, "manage.py", *args]
    result = subprocess.run(
        command,
        cwd=BASE_DIR,
        env={**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "iurc_portal.settings"},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def _fill(url):
    _manage(url, "migrate", "--no-input", "-v0")
    _manage(url, "shell", "-v0", "-c", FILL)


def _check_restored(url):
    assert _manage(url, code=USE).split() == ["200", "302", "Saved", "after", "the", "restore"]


@pytest.mark.skipif(RUN_DATABASE_URL.startswith("postgres"), reason="the run's database is PostgreSQL")
def test_sqlite_backup_restores_to_the_same_database(tmp_path):
    source, backup, restored = tmp_path / "db.sqlite3", tmp_path / "backup.sqlite3", tmp_path / "restored.sqlite3"
    _fill(f"sqlite:///{source}")

    # The README's command: sqlite3's online backup, safe while the portal runs.
    with sqlite3.connect(source) as live, sqlite3.connect(backup) as copy:
        live.backup(copy)
    shutil.copy(backup, restored)

    dumps = []
    for path in (source, restored):
        with sqlite3.connect(path) as connection:
            dumps.append("\n".join(connection.iterdump()))
    assert dumps[0] == dumps[1]
    assert "Proposed" in dumps[1] and "София – Сеул" in dumps[1]
    _check_restored(f"sqlite:///{restored}")


@pytest.mark.skipif(not RUN_DATABASE_URL.startswith("postgres"), reason="the run's database is not PostgreSQL")
def test_postgresql_backup_restores_to_the_same_database(tmp_path):
    require_system_package(
        "pg_dump and pg_restore", bool(shutil.which("pg_restore")), "apt-get install -y postgresql-client"
    )
    base = dj_database_url.parse(RUN_DATABASE_URL)
    names = [f"iurc_backup_{uuid.uuid4().hex[:8]}", f"iurc_restored_{uuid.uuid4().hex[:8]}"]
    environment = {
        **os.environ,
        "PGHOST": base["HOST"] or "127.0.0.1",
        "PGPORT": str(base["PORT"] or 5432),
        "PGUSER": base["USER"] or "postgres",
    }
    if base["PASSWORD"]:
        environment["PGPASSWORD"] = base["PASSWORD"]
    urls = [RUN_DATABASE_URL.rsplit("/", 1)[0] + f"/{name}" for name in names]

    def run(*command):
        return subprocess.run(command, env=environment, capture_output=True, text=True, check=True, timeout=300).stdout

    try:
        for name in names:
            run("createdb", name)
        _fill(urls[0])
        archive = tmp_path / "iurc.dump"
        # The README's commands.
        run("pg_dump", "-Fc", "--no-owner", "-f", str(archive), names[0])
        run("pg_restore", "--no-owner", "-d", names[1], str(archive))

        def dump(name):
            lines = run("pg_dump", "--no-owner", name).splitlines()
            # pg_dump marks each output with a random \\restrict key; the rest must match.
            return [line for line in lines if not line.startswith(("\\restrict", "\\unrestrict"))]

        first, second = dump(names[0]), dump(names[1])
        assert first == second
        assert any("Proposed" in line for line in second)
        _check_restored(urls[1])
    finally:
        for name in names:
            subprocess.run(["dropdb", "--if-exists", "--force", name], env=environment, capture_output=True)
