from django.core.management.base import BaseCommand

from iurc_portal.roles import ROLES, ensure_roles


class Command(BaseCommand):
    help = "Create the Editor, Publisher and Official groups with exactly their permissions (idempotent)."

    def handle(self, *args, **options):
        ensure_roles()
        self.stdout.write(", ".join(f"{name}: {len(codes)} permissions" for name, codes in ROLES.items()))
