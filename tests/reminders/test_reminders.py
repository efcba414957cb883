"""Issue 11 §4: the daily digest, read back from Django's locmem e-mail backend; its
schedule on the tasks framework; and each person's calendar of milestones."""

import datetime

import icalendar
import pytest
from django.contrib.auth.models import Group, User
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import reverse

from partnerships.models import Milestone
from publishing.models import Publication
from reminders.models import DigestSent, ReminderSettings
from reminders.services import digest_send, digests_send, reminder_settings_of
from reminders.tasks import daily_reminders, next_run
from tests.factories import home_city, make_milestone, make_partnership
from tests.threads import at_once

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2027, 3, 1)


def _user(name, *, language="bg", email=True, role=None):
    user = User.objects.create_user(
        name, email=f"{name}@sofia.example" if email else "", password="x", is_staff=True, first_name=name.title()
    )
    if role:
        user.groups.add(Group.objects.get(name=role))
    ReminderSettings.objects.create(user=user, language=language)
    return user


@pytest.fixture
def work():
    home_city()
    ana = _user("ana")
    partnership = make_partnership(title_bg="София – Сеул", title_en="Sofia – Seoul", responsible=ana)
    make_milestone(
        partnership=partnership,
        title_bg="Работна среща",
        title_en="Working meeting",
        due_date=TODAY - datetime.timedelta(days=2),
    )
    make_milestone(
        partnership=partnership,
        title_bg="Учебно посещение",
        title_en="Study visit",
        due_date=TODAY + datetime.timedelta(days=14),
    )
    make_milestone(
        partnership=partnership, title_bg="Далечен", title_en="Far", due_date=TODAY + datetime.timedelta(days=15)
    )
    make_milestone(
        partnership=partnership,
        title_bg="Изпълнен",
        title_en="Done",
        due_date=TODAY - datetime.timedelta(days=5),
        status=Milestone.Status.DONE,
        completed_on=TODAY - datetime.timedelta(days=5),
    )
    return ana, partnership


@pytest.mark.parametrize(
    ("language", "subject", "lines"),
    [
        (
            "bg",
            "Портал IURC: 1 просрочени, 1 със срок скоро",
            [
                "Здравейте, Ana.",
                "Просрочени етапи (1):",
                "- Работна среща (София – Сеул), срок 27.02.2027 г.",
                "Със срок в следващите 14 дни (1):",
                "- Учебно посещение (София – Сеул), срок 15.03.2027 г.",
            ],
        ),
        (
            "en",
            "IURC Portal: 1 overdue, 1 due soon",
            [
                "Hello, Ana.",
                "Overdue milestones (1):",
                "- Working meeting (Sofia – Seoul), due 27/02/2027",
                "Due in the next 14 days (1):",
                "- Study visit (Sofia – Seoul), due 15/03/2027",
            ],
        ),
    ],
)
def test_the_digest_lists_overdue_and_soon_milestones_in_the_person_s_language(
    work, language, subject, lines, settings
):
    ana, _partnership = work
    ReminderSettings.objects.filter(user=ana).update(language=language)
    settings.PORTAL_URL = "https://partners.sofia.example"

    sent = digest_send(user=ana, today=TODAY)

    (message,) = mail.outbox
    assert sent is True
    assert (message.to, message.subject) == (["ana@sofia.example"], subject)
    assert [line for line in lines if line not in message.body] == []
    assert "Far" not in message.body and "Далечен" not in message.body
    assert "Done" not in message.body and "Изпълнен" not in message.body
    assert "https://partners.sofia.example/admin/partnerships/milestone/" in message.body
    assert message.extra_headers["Auto-Submitted"] == "auto-generated"


def test_two_runs_on_one_day_send_one_e_mail_and_the_next_day_another(work):
    ana, _partnership = work

    first, second = digests_send(today=TODAY), digests_send(today=TODAY)
    next_day = digests_send(today=TODAY + datetime.timedelta(days=1))

    assert (first, second, next_day) == ((1, 0), (0, 1), (1, 0))
    assert len(mail.outbox) == 2
    assert DigestSent.objects.filter(user=ana).count() == 2


def test_nothing_to_say_sends_nothing(work):
    _ana, _partnership = work
    idle = _user("idle")

    assert digest_send(user=idle, today=TODAY) is False
    assert mail.outbox == []
    assert not DigestSent.objects.filter(user=idle).exists()


def test_a_person_who_turned_the_digest_off_gets_none(work):
    ana, _partnership = work
    ReminderSettings.objects.filter(user=ana).update(daily_digest=False)

    assert digests_send(today=TODAY) == (0, 1)
    assert mail.outbox == []


def test_a_failed_send_keeps_no_row_so_the_next_run_tries_again(work, settings):
    ana, _partnership = work
    memory = settings.MAILERS
    # Nothing listens on the discard port of loopback: the connection is refused.
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": 9, "timeout": 2},
        }
    }

    with pytest.raises(OSError):
        digest_send(user=ana, today=TODAY)
    settings.MAILERS = memory
    again = digest_send(user=ana, today=TODAY)

    assert again is True
    assert len(mail.outbox) == 1
    assert DigestSent.objects.filter(user=ana).count() == 1


def test_what_waits_for_review_is_in_a_publisher_s_digest():
    home_city()
    petya = _user("petya", language="en", role="Publisher")
    make_partnership(title_en="Submitted partnership", publication=Publication.IN_REVIEW)

    assert digest_send(user=petya, today=TODAY) is True
    (message,) = mail.outbox
    assert message.subject == "IURC Portal: 0 overdue, 0 due soon, and reviews waiting"
    assert "partnerships submitted for review (1):" in message.body
    assert "- Submitted partnership" in message.body


@pytest.mark.django_db(transaction=True)
def test_two_runs_at_the_same_moment_send_one_e_mail(work):
    if connection.vendor != "postgresql":
        pytest.skip("two connections at once need PostgreSQL (SQLite's test database is one connection)")
    ana, _partnership = work

    results, errors = at_once(lambda: digest_send(user=ana, today=TODAY))

    assert errors == []
    assert sorted(results) == [False, True]
    assert len(mail.outbox) == 1


def test_send_reminders_command_sends_and_says_how_many(work, capsys, monkeypatch):
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *args: TODAY)

    call_command("send_reminders")

    assert capsys.readouterr().out.strip() == "Sent 1 digest(s); 0 member(s) of staff had nothing new or none due."
    assert len(mail.outbox) == 1


def test_the_daily_task_sends_and_enqueues_the_next_morning(work, settings, monkeypatch):
    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    settings.REMINDER_HOUR = 7
    monkeypatch.setattr(timezone, "localdate", lambda *args: TODAY)

    sent = daily_reminders.call()

    (queued,) = DBTaskResult.objects.filter(task_path="reminders.tasks.daily_reminders")
    assert sent == 1
    assert queued.run_after == next_run()
    assert next_run(datetime.datetime(2027, 3, 1, 6, 0, tzinfo=datetime.UTC)).hour == 7


def test_the_calendar_lists_a_person_s_dated_open_milestones_behind_their_secret(work, client):
    ana, _partnership = work
    token = ReminderSettings.objects.get(user=ana).calendar_token

    response = client.get(reverse("reminders:calendar", args=[token]))

    calendar = icalendar.Calendar.from_ical(response.content)
    events = {str(event["summary"]): event.decoded("dtstart") for event in calendar.walk("VEVENT")}
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Cache-Control"] == "private, no-store"
    assert events == {
        "Работна среща": TODAY - datetime.timedelta(days=2),
        "Учебно посещение": TODAY + datetime.timedelta(days=14),
        "Далечен": TODAY + datetime.timedelta(days=15),
    }


def test_a_reset_calendar_secret_ends_the_old_address(work):
    ana, _partnership = work
    old = ReminderSettings.objects.get(user=ana).calendar_token
    client = Client()
    client.force_login(ana)

    page = client.get(reverse("admin:reminders_remindersettings_mine"), follow=True)
    saved = client.post(page.redirect_chain[-1][0], {"language": "en", "daily_digest": "on", "reset_calendar": "on"})
    new = ReminderSettings.objects.get(user=ana)

    assert saved.status_code == 302
    assert (new.language, new.calendar_token != old) == ("en", True)
    assert client.get(reverse("reminders:calendar", args=[old])).status_code == 404
    assert client.get(reverse("reminders:calendar", args=[new.calendar_token])).status_code == 200


def test_staff_see_and_change_only_their_own_reminder_settings(work):
    ana, _partnership = work
    boris = _user("boris", role="Editor")
    theirs = reminder_settings_of(ana)
    client = Client()
    client.force_login(boris)

    own = client.get(reverse("admin:reminders_remindersettings_mine"))
    listed = client.get(reverse("admin:reminders_remindersettings_changelist"))
    other = client.post(reverse("admin:reminders_remindersettings_change", args=[theirs.pk]), {"language": "en"})

    assert own["Location"] == reverse("admin:reminders_remindersettings_change", args=[boris.reminder_settings.pk])
    assert [row.user.username for row in listed.context["cl"].result_list] == ["boris"]
    assert other.status_code == 302 and other["Location"] == reverse("admin:index")
    assert ReminderSettings.objects.get(pk=theirs.pk).language == "bg"
