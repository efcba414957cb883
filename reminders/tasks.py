"""The daily digest on Django's tasks framework. The framework has no calendar of its own:
each run enqueues the next for the following morning (``REMINDER_HOUR``), where the backend
can run a task later (django-tasks-db can). ``manage.py send_reminders --schedule`` starts
the chain; ``manage.py send_reminders`` from cron does the same work without it. A run
twice in a day sends nothing the second time (``services.digest_send``)."""

import datetime
import logging

from django.conf import settings
from django.tasks import task
from django.utils import timezone

logger = logging.getLogger(__name__)


def next_run(now=None):
    """The next REMINDER_HOUR o'clock, local time, after ``now``."""
    now = timezone.localtime(now)
    at = now.replace(hour=settings.REMINDER_HOUR, minute=0, second=0, microsecond=0)
    return at if at > now else at + datetime.timedelta(days=1)


def schedule(now=None):
    """Enqueue the digest for the next morning; None where the backend cannot run a task later."""
    if not daily_reminders.get_backend().supports_defer:
        logger.warning("the tasks backend cannot run a task later; run manage.py send_reminders from cron")
        return None
    return daily_reminders.using(run_after=next_run(now)).enqueue()


@task
def daily_reminders():
    from .services import digests_send

    sent, _skipped = digests_send(today=timezone.localdate())
    schedule()
    return sent
