"""A document's file goes with its record: deleted with it (one by one or in bulk), or
replaced by a new upload. The file is removed once the transaction commits, so a rolled
back delete keeps it; the history keeps the record's metadata."""

from django.db import transaction
from django.db.models.signals import post_delete, pre_save
from django.dispatch import receiver

from .models import Document


def _remove_later(name):
    if name:
        storage = Document._meta.get_field("file").storage
        transaction.on_commit(lambda: storage.delete(name))


@receiver(post_delete, sender=Document, dispatch_uid="document_file_delete")
def remove_file_of_deleted(sender, instance, **kwargs):
    _remove_later(instance.file.name)


@receiver(pre_save, sender=Document, dispatch_uid="document_file_replace")
def remove_file_replaced(sender, instance, raw=False, **kwargs):
    if raw or instance.pk is None:
        return
    old = sender.objects.filter(pk=instance.pk).values_list("file", flat=True).first()
    if old and old != instance.file.name:
        _remove_later(old)
