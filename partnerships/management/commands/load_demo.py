from django.core.management.base import BaseCommand
from django.db import connection

from partnerships.demo import load_demo


class Command(BaseCommand):
    help = "Create the demo data from the source document; rows that exist are left as they are."

    def handle(self, *args, **options):
        created = load_demo()
        if created and connection.vendor == "postgresql":
            # A bulk load leaves the planner's statistics behind; bring them up to date.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        if created:
            self.stdout.write(self.style.SUCCESS(f"Demo data: {created} rows created."))
        else:
            self.stdout.write("Demo data: already present, nothing changed.")
