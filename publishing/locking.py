"""Optimistic locking on the ``version`` column, checked under a row lock.

``lock_version()`` runs inside the saving transaction (the admin's change form, its
inlines, a revert, an approved revision): it locks the row until the transaction ends, so
no other save slips in between the check and the write.
"""

from django.conf import settings
from django.db import connections, router, transaction
from django.utils import formats
from django.utils.translation import gettext as _


class StaleEdit(Exception):
    """The row changed after the form was opened; the message says who changed what."""


def lock_version(instance, *, base):
    """Lock ``instance``'s row and raise StaleEdit unless its version is still ``base``."""
    model = type(instance)
    using = router.db_for_write(model)
    if not connections[using].in_atomic_block:
        raise transaction.TransactionManagementError("lock_version() must run inside the saving transaction.")
    current = model._default_manager.using(using).select_for_update().filter(pk=instance.pk)
    current = current.values_list("version", flat=True).first()
    if current is None or current == base:
        return current
    if base is None:
        raise StaleEdit(_("This form does not say which version it was opened on. Open the record again."))
    raise StaleEdit(describe_changes_since(model, instance.pk, base))


def describe_changes_since(model, pk, base):
    """Who saved the row after version ``base``, when, and which fields they changed."""
    history = getattr(model, "history", None)
    latest = opened = None
    if history is not None:
        records = history.filter(**{model._meta.pk.attname: pk}).order_by("-history_id")
        latest = records.first()
        opened = records.filter(version=base).first()
    changes = latest.diff_against(opened).changes if latest is not None and opened is not None else []
    changed = sorted(
        {str(model._meta.get_field(change.field).verbose_name) for change in changes if shown_change(model, change)}
    )
    return _(
        "%(user)s saved this record at %(time)s, after you opened it (changed: %(fields)s). "
        "Your changes were not saved, so nothing was overwritten. Open the record again to see "
        "the current version, then make your changes again."
    ) % {
        "user": (latest.history_user if latest is not None else None) or _("someone else"),
        "time": formats.date_format(latest.history_date, "DATETIME_FORMAT") if latest is not None else "",
        "fields": ", ".join(changed) or _("unknown"),
    }


def shown_change(model, change):
    """A change a person would call one: not the version, not empty to empty, not
    modeltranslation's copy of the active language in the original column."""
    if change.field == "version" or (not change.old and not change.new):
        return False
    names = {field.name for field in model._meta.get_fields()}
    return not any(f"{change.field}_{suffix}" in names for suffix, _name in settings.LANGUAGES)
