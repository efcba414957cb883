"""Every public page, error states included, and every admin page staff use, in both
languages, is valid HTML by the W3C Nu checker (vnu).

vnu runs on Java: Debian's default-jre-headless, with the checker from the npm package
vnu-jar (.ci/run installs both; VNU_JAR names the jar)."""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from tests.conftest import require_system_package
from tests.pages import PAGES, admin_pages, localised

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
VNU_JAR = Path(
    os.environ.get("VNU_JAR", ROOT / ".ci" / ".vnu" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar")
)

# Bad input echoed back beside its error, and pages that are not there.
ERROR_STATES = [
    ("a year that is not a number", "/partnerships/?year=abc"),
    ("an unknown theme", "/milestones/?theme=nope&when=sometime"),
    ("a page past the last", "/partnerships/?page=999"),
    ("a page that does not exist", "/no-such-page/"),
]


def _pages(site):
    milestone = ("milestone", f"/milestones/{site['milestones']['done'].pk}/")
    return [
        (f"{name} ({language})", localised(path, language))
        for name, path in [*PAGES, milestone, *ERROR_STATES]
        for language in ("bg", "en")
    ]


def nu_errors(pages, tmp_path):
    """The Nu checker's errors for ``pages`` ((name, response) pairs), each as "name: message
    (extract)"; all pages in one run of the checker (its Java start is most of its time)."""
    java = shutil.which("java")
    require_system_package(
        "The Nu HTML checker",
        java and VNU_JAR.exists(),
        "apt-get install -y default-jre-headless; npm install --prefix .ci/.vnu vnu-jar",
    )
    files = {}
    for n, (name, response) in enumerate(pages):
        file = tmp_path / f"page-{n}.html"
        file.write_bytes(response.content)
        files[file.name] = name
    result = subprocess.run(
        [java, "-jar", str(VNU_JAR), "--errors-only", "--format", "json", *map(str, sorted(tmp_path.glob("*.html")))],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(result.stderr or "{}").get("messages", [])
    assert len(files) == len(pages)
    return [
        f"{files.get(str(m.get('url')).rsplit('/', 1)[-1], m.get('url'))}: {m.get('message')} ({m.get('extract', '').strip()[:80]})"
        for m in messages
    ]


def test_every_public_page_is_valid_html(client, site, tmp_path):
    pages = []
    for name, path in _pages(site):
        response = client.get(path)
        assert response.status_code in (200, 400, 404), (name, response.status_code)
        pages.append((f"{name}: {path}", response))

    assert nu_errors(pages, tmp_path) == []
    assert len(pages) == 2 * (len(PAGES) + 1 + len(ERROR_STATES))


def test_every_admin_page_staff_use_is_valid_html(admin_client, site, settings, tmp_path):
    pages = [("login (bg)", Client().get(reverse("admin:login")))]
    for language in ("bg", "en"):
        admin_client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        for name, path in admin_pages(site):
            response = admin_client.get(path)
            assert response.status_code == 200, (name, response.status_code)
            pages.append((f"{name} ({language}): {path}", response))

    assert nu_errors(pages, tmp_path) == []
