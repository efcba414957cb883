from django.core.management.base import BaseCommand, CommandError

from documents.models import Document


class Command(BaseCommand):
    help = (
        "Check that every document's file is in the documents' storage with the size its record "
        "gives: after a restore, that the files came back with the database. Exits 1 naming each "
        "missing or different file."
    )

    def handle(self, *args, **options):
        storage = Document._meta.get_field("file").storage
        problems, checked = [], 0
        for pk, name, size in Document.objects.order_by("pk").values_list("pk", "file", "file_size").iterator():
            checked += 1
            if not storage.exists(name):
                problems.append(f"document {pk}: {name} is missing")
            elif storage.size(name) != size:
                problems.append(f"document {pk}: {name} has {storage.size(name)} bytes, its record {size}")
        if problems:
            raise CommandError(
                f"{len(problems)} of {checked} documents' files are not as recorded:\n" + "\n".join(problems)
            )
        self.stdout.write(f"{checked} documents, each with its file.")
