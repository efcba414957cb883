"""Unapplying the publication workflow either reverses faithfully or refuses, with a message.

Migrating forward publishes every row the workflow's migrations find, so a rollback that
dropped the workflow's columns and came back would publish every draft. These tests run the
real migrations with ``manage.py migrate`` in a subprocess, against a throwaway SQLite file
and, when the test run's DATABASE_URL is PostgreSQL, a throwaway PostgreSQL database as
well. They never use pytest-django's test database (the suite runs with --no-migrations),
so they ask for no ``db`` fixture.
"""

import os
import secrets
import shutil
import sqlite3
import subprocess
import sys
from urllib.parse import urlsplit

import dj_database_url
import psycopg
import pytest
from django.conf import settings

RUN_DATABASE_URL = os.environ.get("DATABASE_URL", "")

# Everything published, nobody recorded as submitter or publisher: nothing to lose.
BASELINE = """
from django.contrib.auth.models import User
from tests.factories import home_city, make_city, make_milestone, make_partnership
User.objects.create(username="editor")
home_city()
for slug in ("busan", "daegu", "seoul"):
    make_city(name_en=slug.title(), slug=slug)
partnership = make_partnership(slug="sofia-seoul", publication="published")
for title in ("Kick-off", "Study visit", "Pilot", "Final report"):
    make_milestone(partnership=partnership, title_en=title)
"""

EDITOR = "(SELECT id FROM auth_user WHERE username = 'editor')"
AT = "'2026-11-30 10:00:00'"

AFTER_ROLLBACK_HINT = (
    "Take a backup of the database first. Unpublishing afterwards is not a fix: the drafts would be"
    " public until then, and who submitted or published what stays lost."
)


class Database:
    """A throwaway database: ``manage.py`` runs against its URL, plain SQL reads and writes it."""

    url = ""

    def manage(self, *args):
        return subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=settings.BASE_DIR,
            env={**os.environ, "DATABASE_URL": self.url},
            capture_output=True,
            text=True,
            timeout=120,
        )

    def migrate(self, *target):
        result = self.manage("migrate", "--no-input", *target)
        assert (result.returncode, result.stderr) == (0, "")

    def sql(self, statement):
        connection = self.connect()
        try:
            with connection:
                cursor = connection.execute(statement)
                return cursor.fetchall() if cursor.description else []
        finally:
            connection.close()

    def applied(self, app):
        return [name for (name,) in self.sql(f"SELECT name FROM django_migrations WHERE app = '{app}' ORDER BY name")]


class SQLiteDatabase(Database):
    def __init__(self, path):
        self.path = path
        self.url = f"sqlite:///{path}"

    def connect(self):
        return sqlite3.connect(self.path)

    def clone(self, path):
        shutil.copyfile(self.path, path)
        return SQLiteDatabase(path)

    def drop(self):
        self.path.unlink(missing_ok=True)


class PostgreSQLDatabase(Database):
    """A database of its own on the server the test run uses, created and dropped here."""

    def __init__(self, template=None):
        self.name = f"iurc_migr_{secrets.token_hex(6)}"
        self.url = urlsplit(RUN_DATABASE_URL)._replace(path=f"/{self.name}").geturl()
        suffix = f" TEMPLATE {template.name}" if template else ""
        self.server(f"CREATE DATABASE {self.name}{suffix}")

    @staticmethod
    def server(statement):
        options = dj_database_url.parse(RUN_DATABASE_URL)
        with psycopg.connect(
            host=options["HOST"],
            port=options["PORT"] or None,
            user=options["USER"],
            password=options["PASSWORD"] or None,
            dbname="postgres",
            autocommit=True,
        ) as connection:
            connection.execute(statement)

    def connect(self):
        return psycopg.connect(self.url)

    def clone(self, path):
        return PostgreSQLDatabase(template=self)

    def drop(self):
        self.server(f"DROP DATABASE IF EXISTS {self.name} WITH (FORCE)")


@pytest.fixture(
    scope="module",
    params=[
        "sqlite",
        pytest.param(
            "postgresql",
            marks=pytest.mark.skipif(
                not RUN_DATABASE_URL.startswith("postgres"), reason="the test run's DATABASE_URL is not PostgreSQL"
            ),
        ),
    ],
)
def migrated(request, tmp_path_factory):
    """A database with every migration applied and the baseline rows, copied by each test."""
    if request.param == "sqlite":
        template = SQLiteDatabase(tmp_path_factory.mktemp("migrations") / "template.sqlite3")
    else:
        template = PostgreSQLDatabase()
    try:
        template.migrate()
        result = template.manage("shell", "-v0", "-c", BASELINE)
        assert (result.returncode, result.stderr) == (0, "")
        yield template
    finally:
        template.drop()


@pytest.fixture
def database(migrated, tmp_path):
    copy = migrated.clone(tmp_path / "db.sqlite3")
    try:
        yield copy
    finally:
        copy.drop()


HISTORY_TABLES = [
    "partnerships_historicalpartnership_thematic_areas",
    *(
        f"partnerships_historical{name}"
        for name in ("programme", "component", "thematicarea", "partnership", "milestone", "participation")
    ),
    "cities_historicalcity",
    "cities_historicalorganisation",
    "cities_historicalcontactperson",
]


def forget_history(database):
    """Empty the history tables, whose own migrations refuse to drop recorded changes, so
    that unapplying reaches the workflow migrations."""
    for table in HISTORY_TABLES:
        database.sql(f"DELETE FROM {table}")


def test_unapplying_partnership_workflow_refuses_when_milestones_or_partnerships_would_lose_it(database):
    forget_history(database)
    database.sql("UPDATE partnerships_milestone SET publication = 'draft' WHERE title_en = 'Kick-off'")
    database.sql(
        f"UPDATE partnerships_milestone SET publication = 'in_review', submitted_by_id = {EDITOR},"
        f" submitted_at = {AT} WHERE title_en = 'Study visit'"
    )
    database.sql("UPDATE partnerships_milestone SET publication = 'archived' WHERE title_en = 'Pilot'")
    database.sql(
        f"UPDATE partnerships_milestone SET published_by_id = {EDITOR}, published_at = {AT}"
        " WHERE title_en = 'Final report'"
    )
    database.sql(
        f"UPDATE partnerships_partnership SET submitted_by_id = {EDITOR}, submitted_at = {AT},"
        f" published_by_id = {EDITOR}, published_at = {AT}"
    )

    result = database.manage("migrate", "--no-input", "partnerships", "0003")

    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr == (
        "CommandError: Refusing to unapply partnerships.0004_publication_workflow: it would lose data in"
        " 4 milestones and 1 partnership. Unapplying drops the milestones' publication, and migrating"
        " forward again publishes every milestone, including 3 draft, in-review or archived milestones."
        " Unapplying also drops who submitted or published and when (submitted_by, submitted_at,"
        f" published_by, published_at), set on 2 milestones and 1 partnership. {AFTER_ROLLBACK_HINT}\n"
    )
    assert "0004_publication_workflow" in database.applied("partnerships")
    assert database.sql(
        "SELECT title_en, publication, submitted_by_id IS NOT NULL, submitted_at IS NOT NULL,"
        " published_by_id IS NOT NULL, published_at IS NOT NULL FROM partnerships_milestone ORDER BY id"
    ) == [
        ("Kick-off", "draft", False, False, False, False),
        ("Study visit", "in_review", True, True, False, False),
        ("Pilot", "archived", False, False, False, False),
        ("Final report", "published", False, False, True, True),
    ]
    assert database.sql(
        "SELECT slug, publication, submitted_by_id IS NOT NULL, submitted_at IS NOT NULL,"
        " published_by_id IS NOT NULL, published_at IS NOT NULL FROM partnerships_partnership"
    ) == [("sofia-seoul", "published", True, True, True, True)]


def test_unapplying_city_workflow_refuses_when_cities_would_lose_it(database):
    forget_history(database)
    database.sql("UPDATE cities_city SET publication = 'draft' WHERE slug = 'seoul'")
    database.sql(
        f"UPDATE cities_city SET publication = 'archived', published_by_id = {EDITOR}, published_at = {AT}"
        " WHERE slug = 'busan'"
    )
    database.sql(f"UPDATE cities_city SET published_by_id = {EDITOR}, published_at = {AT} WHERE slug = 'daegu'")

    result = database.manage("migrate", "--no-input", "cities", "0002")

    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr == (
        "CommandError: Refusing to unapply cities.0003_publication_workflow: it would lose data in"
        " 3 cities. Unapplying drops the cities' publication, and migrating forward again publishes every"
        " city, including 2 draft, in-review or archived cities. Unapplying also drops who submitted or"
        " published and when (submitted_by, submitted_at, published_by, published_at), set on 2 cities."
        f" {AFTER_ROLLBACK_HINT}\n"
    )
    assert "0003_publication_workflow" in database.applied("cities")
    assert database.sql(
        "SELECT slug, publication, published_by_id IS NOT NULL, published_at IS NOT NULL FROM cities_city ORDER BY slug"
    ) == [
        ("busan", "archived", True, True),
        ("daegu", "published", True, True),
        ("seoul", "draft", False, False),
        ("sofia", "published", False, False),
    ]


def test_unapplying_workflow_with_nothing_to_lose_round_trips(database):
    forget_history(database)
    applied = {app: database.applied(app) for app in ("cities", "partnerships")}
    assert "0003_publication_workflow" in applied["cities"]
    assert "0004_publication_workflow" in applied["partnerships"]

    database.migrate("partnerships", "0003")
    database.migrate("cities", "0002")
    database.migrate()

    assert {app: database.applied(app) for app in ("cities", "partnerships")} == applied
    assert database.sql("SELECT slug, publication FROM cities_city ORDER BY slug") == [
        ("busan", "published"),
        ("daegu", "published"),
        ("seoul", "published"),
        ("sofia", "published"),
    ]
    assert database.sql("SELECT title_en, publication FROM partnerships_milestone ORDER BY id") == [
        ("Kick-off", "published"),
        ("Study visit", "published"),
        ("Pilot", "published"),
        ("Final report", "published"),
    ]


def test_unapplying_the_history_refuses_while_it_holds_recorded_changes(database):
    recorded = database.sql("SELECT COUNT(*) FROM partnerships_historicalmilestone")[0][0]

    result = database.manage("migrate", "--no-input", "partnerships", "0004")

    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("CommandError: Refusing to unapply partnerships: it would drop the history tables")
    assert database.sql("SELECT COUNT(*) FROM partnerships_historicalmilestone")[0][0] == recorded > 0
    assert "0006_version_theme_history" in database.applied("partnerships")


def test_an_organisation_s_contact_becomes_its_contact_person_and_back(database):
    database.migrate("cities", "0007")
    database.sql(
        "INSERT INTO cities_organisation (version, publication, name_bg, name_en, name, city_id, helix, website,"
        " contact_name, contact_email, contact_phone) SELECT 1, 'published', 'Фирма', 'Firm', 'Фирма', id,"
        " 'business', '', 'Мария', 'maria@example.org', '+359 2 1234' FROM cities_city WHERE slug = 'sofia'"
    )

    database.migrate("cities")
    forward = database.sql("SELECT name, position, email, phone FROM cities_contactperson")
    database.migrate("cities", "0007")
    back = database.sql("SELECT contact_name, contact_email, contact_phone FROM cities_organisation")

    assert forward == [("Мария", "", "maria@example.org", "+359 2 1234")]
    assert back == [("Мария", "maria@example.org", "+359 2 1234")]


def test_unapplying_contact_persons_refuses_to_lose_a_second_contact(database):
    database.migrate("cities", "0007")
    database.sql(
        "INSERT INTO cities_organisation (version, publication, name_bg, name_en, name, city_id, helix, website,"
        " contact_name, contact_email, contact_phone) SELECT 1, 'published', 'Фирма', 'Firm', 'Фирма', id,"
        " 'business', '', 'Мария', '', '' FROM cities_city WHERE slug = 'sofia'"
    )
    database.migrate("cities")
    database.sql(
        "INSERT INTO cities_contactperson (organisation_id, name, position, email, phone)"
        " SELECT id, 'Иван', '', '', '' FROM cities_organisation"
    )

    result = database.manage("migrate", "--no-input", "cities", "0007")

    assert result.returncode == 1
    assert result.stderr == (
        "CommandError: Refusing to unapply cities.0008_contact_persons: 1 organisations have more than one "
        "contact person, 0 contact persons have a position, and 0 recorded changes of contact persons would "
        "be lost: the old columns hold one contact without a position, and no history. Take a backup of the "
        "database first.\n"
    )
    assert sorted(database.sql("SELECT name FROM cities_contactperson")) == [("Иван",), ("Мария",)]
