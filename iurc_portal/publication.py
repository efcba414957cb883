"""Moving content through draft → in review → published → archived (services)."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Publication


class PublicationError(Exception):
    """A move the record cannot make, with a message for the staff member."""


def _publish_permission(obj):
    return f"{obj._meta.app_label}.publish_{obj._meta.model_name}"


def can_publish(user, model):
    return user.has_perm(f"{model._meta.app_label}.publish_{model._meta.model_name}")


@transaction.atomic
def publication_submit(*, obj, user):
    """An editor asks for review: draft → in review."""
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
    if not user.has_perm(_publish_permission(obj)):
        raise PermissionDenied
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
    if not user.has_perm(_publish_permission(obj)):
        raise PermissionDenied
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
    if not user.has_perm(_publish_permission(obj)):
        raise PermissionDenied
    if obj.publication == Publication.ARCHIVED:
        raise PublicationError(_("“%(record)s” is already archived.") % {"record": obj})
    obj.publication = Publication.ARCHIVED
    obj.save(update_fields=["publication"])
    return obj
