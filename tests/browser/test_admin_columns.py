"""Issue 10 §3: at 1280 px, with the admin's sidebar and filters open, staff see the key
columns of the partnership and milestone lists without scrolling: what a record is, its
publication and translation, its status, and (for milestones) its due date."""

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db(transaction=True)

KEY_COLUMNS = {
    "partnerships_partnership": [
        "column-title",
        "column-publication_state",
        "column-translation_state",
        "column-status",
    ],
    "partnerships_milestone": [
        "column-title",
        "column-publication_state",
        "column-translation_state",
        "column-status",
        "column-due_date",
    ],
}


@pytest.mark.parametrize("language", ["bg", "en"])
@pytest.mark.parametrize("model", list(KEY_COLUMNS))
def test_key_columns_are_visible_at_1280_px(browser, live_server, site, model, language):
    user = User.objects.create_superuser("columns", password="columns-pass-123!")
    client = Client()
    client.force_login(user)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    host = live_server.url.split("//", 1)[1].split(":")[0]
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "domain": host,
                "path": "/",
            },
            {"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "domain": host, "path": "/"},
        ]
    )
    page = context.new_page()
    try:
        page.goto(live_server.url + reverse(f"admin:{model}_changelist"))
        hidden = page.evaluate(
            """(classes) => {
                const box = document.querySelector('.results').getBoundingClientRect();
                return classes.filter((name) => {
                    const cell = document.querySelector('thead th.' + name);
                    if (!cell) return true;
                    const rect = cell.getBoundingClientRect();
                    return rect.right > box.right + 1 || rect.width < 40;
                });
            }""",
            KEY_COLUMNS[model],
        )
    finally:
        context.close()
    assert hidden == []
