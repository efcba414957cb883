"""The daily digest: each member of staff's milestones overdue and due soon, and what waits
for their review, by e-mail in their own language; at most one a day, none when there is
nothing to say."""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from partnerships.selectors import my_milestones
from publishing.links import awaiting_review_links, change_url

from .models import DigestSent, ReminderSettings

logger = logging.getLogger(__name__)

#: At most this many rows of each group in an e-mail; the counts say how many there are.
DIGEST_ROWS = 50


def absolute(path):
    return settings.PORTAL_URL + path


def reminder_settings_of(user):
    """``user``'s reminder settings, made with the defaults the first time they are asked for."""
    found, _created = ReminderSettings.objects.get_or_create(user=user)
    return found


def digest_for(user, *, today):
    """What ``user``'s digest says, or None when there is nothing to say."""
    groups = {
        key: (count, [(milestone, absolute(change_url(milestone))) for milestone in rows])
        for key, count, rows in my_milestones(user, today=today, limit=DIGEST_ROWS, soon_days=settings.REMINDER_DAYS)
        if key in ("overdue", "soon")
    }
    records, (proposal_count, proposals) = awaiting_review_links(user, limit=DIGEST_ROWS, absolute=absolute)
    if not (groups["overdue"][0] or groups["soon"][0] or records or proposal_count):
        return None
    return {
        "user": user,
        "today": today,
        "days": settings.REMINDER_DAYS,
        **groups,
        "records": records,
        "proposals": (
            proposal_count,
            [(revision.object_repr, absolute(change_url(revision))) for revision in proposals],
        ),
        "my_work_url": absolute(reverse("admin:index")),
        "settings_url": absolute(reverse("admin:reminders_remindersettings_mine")),
    }


def digest_message(user, *, today, language):
    """The digest as an e-mail to ``user`` in ``language``, or None when it would say nothing."""
    with translation.override(language):
        digest = digest_for(user, today=today)
        if digest is None:
            return None
        subject = render_to_string("reminders/digest_subject.txt", digest).strip()
        body = render_to_string("reminders/digest.txt", digest)
    return EmailMessage(subject=subject, body=body, to=[user.email], headers={"Auto-Submitted": "auto-generated"})


def digest_send(*, user, today):
    """Send ``user``'s digest for ``today`` unless one went out already or it would say
    nothing; True when one was sent. The day's row and the sending are one transaction: a
    failed send leaves no row (the next run tries again), and a second run, even one at
    the same moment, finds the row (or waits for it) and sends nothing."""
    preferences = reminder_settings_of(user)
    if not preferences.daily_digest or not user.email:
        return False
    if DigestSent.objects.filter(user=user, day=today).exists():
        return False
    message = digest_message(user, today=today, language=preferences.language)
    if message is None:
        return False
    try:
        with transaction.atomic():
            DigestSent.objects.create(user=user, day=today)
            message.send()
    except IntegrityError:
        return False
    return True


def digests_send(*, today):
    """Every active member of staff's digest for ``today``: (sent, not sent)."""
    sent = skipped = 0
    staff = get_user_model().objects.filter(is_active=True, is_staff=True).exclude(email="").order_by("pk")
    for user in staff:
        if digest_send(user=user, today=today):
            sent += 1
        else:
            skipped += 1
    logger.info("reminder digests for %s: %s sent, %s not", today, sent, skipped)
    return sent, skipped
