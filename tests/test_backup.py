"""Back up and restore, as the README says, on the database this run uses: a dump of a
database with both languages, history, proposed changes, the export log and a document,
restored into an empty database, dumps the same again; the documents' folder, archived
beside it and unpacked, gives the restored portal the document's file. The restored portal
serves a public page, the document and an admin save."""

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
import datetime, io
from documents.models import Document
document = Document(partnership=partnership, kind="minutes", title_bg="Протокол", title_en="Minutes",
    date=datetime.date(2021, 9, 30), is_public=True, publication="published", language="en",
    file_type="application/pdf", file_size=len(PDF))
document.file.save("minutes.pdf", io.BytesIO(PDF), save=False)
document.save()
"""

PDF = b"%PDF-1.4\n1 0 obj <</Type /Catalog>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n"

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
from documents.models import Document
document = Document.objects.get()
served = client.get(f"/en/documents/{document.pk}/{document.download_name}", HTTP_HOST="localhost")
same = b"".join(served.streaming_content) == PDF
print(public.status_code, saved.status_code, served.status_code, same, partnership.summary_en)
"""


def _manage(url, documents, *args, code=None, check=True):
    command = [sys.executable, "-c", f"PDF = {PDF!r}\n{code}"] if code else [sys.executable, "manage.py", *args]
    result = subprocess.run(
        command,
        cwd=BASE_DIR,
        env={
            **os.environ,
            "DATABASE_URL": url,
            "DOCUMENT_FILES_DIR": str(documents),
            "DJANGO_SETTINGS_MODULE": "iurc_portal.settings",
        },
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert not check or result.returncode == 0, result.stderr
    return result


def _fill(url, documents):
    _manage(url, documents, "migrate", "--no-input", "-v0")
    _manage(url, documents, code=f"import django\ndjango.setup()\n{FILL}")


def _back_up_documents(documents, tmp_path):
    """The README's commands: the documents' folder archived with tar, unpacked into a new one."""
    archive, restored = tmp_path / "documents.tar.gz", tmp_path / "restored-documents"
    restored.mkdir()
    subprocess.run(["tar", "-C", str(documents), "-czf", str(archive), "."], check=True)
    subprocess.run(["tar", "-C", str(restored), "-xzf", str(archive)], check=True)
    return restored


def _check_restored(url, documents, tmp_path):
    # Without its files, the restored database is found wanting, document by document.
    empty = tmp_path / "no-documents"
    empty.mkdir()
    missing = _manage(url, empty, "check_documents", check=False)
    assert (missing.returncode, missing.stderr.splitlines()[1:]) == (1, ["document 1: 1/minutes.pdf is missing"])

    assert _manage(url, documents, "check_documents").stdout == "1 documents, each with its file.\n"
    used = _manage(url, documents, code=USE).stdout.split()
    assert used == ["200", "302", "200", "True", "Saved", "after", "the", "restore"]


@pytest.mark.skipif(RUN_DATABASE_URL.startswith("postgres"), reason="the run's database is PostgreSQL")
def test_sqlite_backup_restores_to_the_same_database(tmp_path):
    source, backup, restored = tmp_path / "db.sqlite3", tmp_path / "backup.sqlite3", tmp_path / "restored.sqlite3"
    documents = tmp_path / "documents"
    _fill(f"sqlite:///{source}", documents)

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
    _check_restored(f"sqlite:///{restored}", _back_up_documents(documents, tmp_path), tmp_path)


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
        documents = tmp_path / "documents"
        _fill(urls[0], documents)
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
        _check_restored(urls[1], _back_up_documents(documents, tmp_path), tmp_path)
    finally:
        for name in names:
            subprocess.run(["dropdb", "--if-exists", "--force", name], env=environment, capture_output=True)
