from django.core.management.base import BaseCommand

from partnerships.demo import load_demo


class Command(BaseCommand):
    help = "Create the demo data from the source document; rows that exist are left as they are."

    def handle(self, *args, **options):
        created = load_demo()
        if created:
            self.stdout.write(self.style.SUCCESS(f"Demo data: {created} rows created."))
        else:
            self.stdout.write("Demo data: already present, nothing changed.")
