"""The publication workflow and the review of proposed changes (services).

Draft → in review → published → archived, moved by ``publication_*``. An editor's change
to a published record does not reach the public: ``revision_propose`` keeps it as a
Revision, and a publisher's ``revision_approve`` applies it (or ``revision_reject``
drops it). Publishers' own edits go live at once.
"""

import datetime
import decimal

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone, translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from .locking import StaleEdit, lock_version
from .models import Publication, Publishable, Revision


class PublicationError(Exception):
    """A move the record cannot make, with a message for the staff member."""


def can_publish(user, model):
    return user is not None and user.has_perm(f"{model._meta.app_label}.publish_{model._meta.model_name}")


def _require_publisher(user, model):
    if not can_publish(user, model):
        raise PermissionDenied


def needs_review(*, obj, user):
    """Whether ``user``'s change to ``obj`` must wait for a publisher: the record is
    published now (read from the database, not from the form or a history version) and
    the user does not publish."""
    if not isinstance(obj, Publishable) or obj.pk is None or can_publish(user, type(obj)):
        return False
    return type(obj)._default_manager.filter(pk=obj.pk, publication=Publication.PUBLISHED).exists()


# Publication workflow --------------------------------------------------------------


@transaction.atomic
def publication_submit(*, obj, user):
    """An editor asks for review: draft → in review."""
    if not user.has_perm(f"{obj._meta.app_label}.change_{obj._meta.model_name}"):
        raise PermissionDenied
    if obj.publication != Publication.DRAFT:
        raise PublicationError(
            _("“%(record)s” is %(state)s; only a draft can be submitted for review.")
            % {"record": obj, "state": obj.get_publication_display()}
        )
    obj.publication = Publication.IN_REVIEW
    obj.submitted_by, obj.submitted_at = user, timezone.now()
    obj.save(update_fields=["publication", "submitted_by", "submitted_at"])
    return obj


@transaction.atomic
def publication_publish(*, obj, user):
    """A publisher publishes a draft, in-review or archived record, complete in both languages."""
    _require_publisher(user, type(obj))
    if obj.publication == Publication.PUBLISHED:
        raise PublicationError(_("“%(record)s” is already published.") % {"record": obj})
    missing = obj.missing_translations()
    if missing:
        raise PublicationError(
            _("“%(record)s” cannot be published: %(fields)s empty.") % {"record": obj, "fields": ", ".join(missing)}
        )
    obj.publication = Publication.PUBLISHED
    obj.published_by, obj.published_at = user, timezone.now()
    obj.save(update_fields=["publication", "published_by", "published_at"])
    return obj


@transaction.atomic
def publication_unpublish(*, obj, user):
    """A publisher takes a record off the public site: published → draft."""
    _require_publisher(user, type(obj))
    if obj.publication != Publication.PUBLISHED:
        raise PublicationError(_("“%(record)s” is not published.") % {"record": obj})
    obj.publication = Publication.DRAFT
    # The history keeps who published it; the change page now says it is not published.
    obj.published_by, obj.published_at = None, None
    obj.save(update_fields=["publication", "published_by", "published_at"])
    return obj


@transaction.atomic
def publication_archive(*, obj, user):
    """A publisher archives a record: off the public site, kept for the record."""
    _require_publisher(user, type(obj))
    if obj.publication == Publication.ARCHIVED:
        raise PublicationError(_("“%(record)s” is already archived.") % {"record": obj})
    obj.publication = Publication.ARCHIVED
    obj.save(update_fields=["publication"])
    return obj


# Proposed changes --------------------------------------------------------------------


def to_json(value):
    """A form's cleaned value as JSON: rows by primary key, dates in ISO form."""
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, models.QuerySet | list | tuple | set):
        return sorted(to_json(item) for item in value)
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if value is not None and not isinstance(value, str | int | float | bool):
        return str(value)  # a country, a lazy string
    return value


def _merge(older, newer):
    """``newer``'s changes over ``older``'s: a field both change takes the newer value; rows
    are matched by model and primary key; rows to add are kept from both."""
    rows = {(row["model"], row["pk"]): row for row in older.get("rows", []) if row.get("pk") is not None}
    rows |= {(row["model"], row["pk"]): row for row in newer.get("rows", []) if row.get("pk") is not None}
    added = [row for changes in (older, newer) for row in changes.get("rows", []) if row.get("pk") is None]
    return {
        "fields": older.get("fields", {}) | newer.get("fields", {}),
        "m2m": older.get("m2m", {}) | newer.get("m2m", {}),
        "rows": [*rows.values(), *added],
    }


@transaction.atomic
def revision_propose(*, obj, user, base_version, changes):
    """Keep ``changes`` to the published ``obj`` for review. ``changes`` holds ``fields``
    (name → value), ``m2m`` (name → primary keys) and ``rows`` (inline rows: model, pk,
    version, delete, fields, and the name of the field that points to ``obj``).

    A proposal still waiting for the same record is not lost: made on the same version,
    it is merged into this one; made on an older version, it is replaced. Returns (the new
    revision or None when nothing changes, the waiting proposal it merged or replaced)."""
    content_type = ContentType.objects.get_for_model(type(obj))
    waiting = (
        Revision.objects.select_for_update()
        .filter(content_type=content_type, object_id=obj.pk, status=Revision.Status.PENDING)
        .first()
    )
    if not (changes.get("fields") or changes.get("m2m") or changes.get("rows")):
        return None, None
    if waiting is not None:
        if waiting.base_version == base_version:
            changes = _merge(waiting.changes, changes) | {"merged": [*waiting.changes.get("merged", []), waiting.pk]}
        waiting.status, waiting.decided_at = Revision.Status.SUPERSEDED, timezone.now()
        waiting.save(update_fields=["status", "decided_at"])
    # Named as published (``obj`` may hold the proposed values), in the default language.
    published = type(obj)._default_manager.filter(pk=obj.pk).first() or obj
    with translation.override(settings.LANGUAGE_CODE):
        name = str(published)[:300]
    revision = Revision.objects.create(
        content_type=content_type,
        object_id=obj.pk,
        object_repr=name,
        base_version=base_version,
        changes=changes,
        proposed_by=user,
    )
    return revision, waiting


def _assign(obj, values):
    for name, value in values.items():
        field = obj._meta.get_field(name)
        if field.many_to_one or field.one_to_one:
            setattr(obj, field.attname, value)
        else:
            setattr(obj, name, field.to_python(value))


def _save_checked(obj, *, user, m2m=None):
    """Validate ``obj`` as a form would (fields, constraints), save it, set its
    many-to-many values, then check the rules that span tables on the result (the caller's
    transaction undoes everything if one fails)."""
    obj.full_clean()
    obj.save()
    for name, pks in (m2m or {}).items():
        field = obj._meta.get_field(name)
        found = set(field.related_model._default_manager.filter(pk__in=pks).values_list("pk", flat=True))
        if found != set(pks):
            raise StaleEdit(_("one of the chosen %(field)s was deleted meanwhile.") % {"field": field.verbose_name})
        getattr(obj, name).set(pks)
    obj.validate_rules(user=user)


@transaction.atomic
def revision_approve(*, revision, user):
    """A publisher applies a proposed change: the record and its rows, as proposed, if
    none of them changed since; the public sees it at once."""
    model = revision.target_model
    _require_publisher(user, model)
    revision = Revision.objects.select_for_update().get(pk=revision.pk)
    if revision.status != Revision.Status.PENDING:
        raise PublicationError(
            _("This proposed change is %(status)s; only a change waiting for review can be approved.")
            % {"status": revision.get_status_display()}
        )
    obj = model._default_manager.filter(pk=revision.object_id).first()
    if obj is None:
        raise PublicationError(_("The record of this proposed change no longer exists."))
    changes = revision.changes
    try:
        lock_version(obj, base=revision.base_version)
        obj.refresh_from_db()
        # The history names the publisher as the author and, as the reason, the proposer.
        obj._change_reason = _("Proposed by %(user)s") % {"user": revision.proposed_by or _("someone")}
        _assign(obj, changes.get("fields", {}))
        _save_checked(obj, user=user, m2m=changes.get("m2m"))
        for row in changes.get("rows", []):
            _apply_row(obj, row, user=user)
    except StaleEdit as error:
        raise PublicationError(
            _("The record changed after this change was proposed, so it cannot be applied as it stands: %(detail)s")
            % {"detail": error}
        ) from error
    except ValidationError as error:
        raise PublicationError(
            _("The proposed change breaks a rule: %(errors)s") % {"errors": "; ".join(_messages(error, model))}
        ) from error
    revision.status = Revision.Status.APPROVED
    revision.decided_by, revision.decided_at = user, timezone.now()
    revision.save(update_fields=["status", "decided_by", "decided_at"])
    return obj


def _apply_row(parent, row, *, user):
    from django.apps import apps

    model = apps.get_model(row["model"])
    if issubclass(model, Publishable):
        _require_publisher(user, model)  # rows are approved by those who may publish them
    if row.get("pk") is None:
        child = model(**{row["parent_field"]: parent})
    else:
        child = model._default_manager.filter(pk=row["pk"], **{row["parent_field"]: parent}).first()
        if child is None:
            raise StaleEdit(_("a row of this change was deleted meanwhile."))
        lock_version(child, base=row.get("version"))
        child.refresh_from_db()
        if row.get("delete"):
            child.delete()
            return
    _assign(child, row.get("fields", {}))
    _save_checked(child, user=user)


def _messages(error, model):
    """Each message with the field's name as staff read it."""
    if not hasattr(error, "error_dict"):
        return list(error.messages)
    lines = []
    for name, messages in error.message_dict.items():
        try:
            label = capfirst(model._meta.get_field(name).verbose_name)
        except FieldDoesNotExist:
            label = ""
        lines += [f"{label}: {message}" if label else message for message in messages]
    return lines


@transaction.atomic
def revision_reject(*, revision, user):
    """A publisher turns a proposed change down; the record stays as published."""
    _require_publisher(user, revision.target_model)
    revision = Revision.objects.select_for_update().get(pk=revision.pk)
    if revision.status != Revision.Status.PENDING:
        raise PublicationError(
            _("This proposed change is %(status)s; only a change waiting for review can be rejected.")
            % {"status": revision.get_status_display()}
        )
    revision.status = Revision.Status.REJECTED
    revision.decided_by, revision.decided_at = user, timezone.now()
    revision.save(update_fields=["status", "decided_by", "decided_at"])
    return revision
