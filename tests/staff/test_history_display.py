"""Issue 10: the history page shows what people read, not raw codes."""

import datetime
import re

import pytest
from django.urls import reverse

from publishing.services import publication_publish
from tests.factories import home_city, make_area, make_milestone, make_partnership
from tests.html import page

pytestmark = pytest.mark.django_db


@pytest.fixture
def changed(admin_user):
    home_city()
    area = make_area(name_bg="Иновации", name_en="Innovation")
    partnership = make_partnership(areas=[area], summary_bg="Р", summary_en="S")
    milestone = make_milestone(partnership=partnership, publication="draft", title_en="Visit")
    milestone.status, milestone.completed_on = "done", datetime.date(2021, 8, 10)
    milestone.thematic_area = area
    milestone.title_bg = "Посещение"
    milestone.save()
    publication_publish(obj=milestone, user=admin_user)
    return milestone


def _history(client, milestone, language):
    client.cookies["django_language"] = language
    url = reverse("admin:partnerships_milestone_history", args=[milestone.pk])
    return page(client.get(url))


def _changes(html):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_history_shows_labels_local_times_and_dashes_in_bulgarian(admin_client, changed):
    text = _changes(_history(admin_client, changed, "bg"))

    for line in [
        "Състояние на публикуване: чернова → публикувано",
        "Публикувано от: — → admin",
        "Статус: планиран → изпълнен",
        "Тематична област: — → Иновации",
        "Заглавие (български): Етап",
    ]:
        assert line in text
    assert re.search(r"Публикувано на: — → \d{2}\.\d{2}\.\d{4} г\., \d{2}:\d{2} ", text)
    assert re.search(r"Дата на изпълнение: — → 10 [аА]вгуст 2021 г\.", text)
    assert re.search(r"Създадено — — 3 записа", text)
    for raw in ["draft", "in_review", "None", "pk=None", "Version", "Версия"]:
        assert raw not in text
    assert not re.search(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}", text)


def test_history_shows_labels_in_english(admin_client, changed):
    text = _changes(_history(admin_client, changed, "en"))

    for line in [
        "Publication: draft → published",
        "Published by: — → admin",
        "Status: planned → done",
        "Completion date: — → 10 August 2021",
        "Thematic area: — → Innovation",
        "Title (Bulgarian): Етап",
    ]:
        assert line in text
    assert re.search(r"Published at: — → \d{1,2} [A-Z][a-z]+ \d{4}, \d{2}:\d{2} ", text)
