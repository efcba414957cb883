from django.core.management.base import BaseCommand
from django.utils import timezone

from reminders.services import digests_send
from reminders.tasks import schedule


class Command(BaseCommand):
    help = (
        "Send today's reminder digests (run it each morning from cron), or with --schedule enqueue them "
        "on the task worker, which then sends them each morning at REMINDER_HOUR."
    )

    def add_arguments(self, parser):
        parser.add_argument("--schedule", action="store_true", help="enqueue the daily task instead of sending now")

    def handle(self, *args, **options):
        if options["schedule"]:
            result = schedule()
            if result is None:
                self.stderr.write("The tasks backend cannot run a task later: run send_reminders from cron.")
                raise SystemExit(1)
            self.stdout.write(
                f"The reminders are enqueued for {timezone.localtime(result.task.run_after):%Y-%m-%d %H:%M}."
            )
            return
        sent, skipped = digests_send(today=timezone.localdate())
        self.stdout.write(f"Sent {sent} digest(s); {skipped} member(s) of staff had nothing new or none due.")
