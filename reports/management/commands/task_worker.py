"""The background worker, whichever task backend TASKS_BACKEND chose."""

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Run the task worker that makes background reports: django-tasks-db's db_worker "
        "(TASKS_BACKEND=database) or django-rq's rqworker (TASKS_BACKEND=rq)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--burst", action="store_true", help="run the tasks waiting now, then stop (for tests and cron)"
        )

    def handle(self, *args, burst, verbosity, **options):
        if settings.TASKS_BACKEND == "rq":
            # RQ forks a child for each job, so the worker's memory is back where it was after each.
            call_command(
                "rqworker", "default", burst=burst, job_class="django_tasks_rq.backend.Job", verbosity=verbosity
            )
        else:
            # One process that polls the queue table every second; never reloads itself on
            # code changes, so a report in progress is not cut off.
            call_command(
                "db_worker", batch=burst, reload=False, interval=1, startup_delay=not burst, verbosity=verbosity
            )
