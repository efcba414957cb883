"""Reads of the workflow for staff: what waits for a member of staff's review, and what
they proposed that still waits."""

import functools
import operator

from django.apps import apps
from django.db.models import Q

from .models import Publication, Publishable, Revision


def publishable_models():
    """Every content model with the publication workflow, in app and model order."""
    return [model for model in apps.get_models() if issubclass(model, Publishable)]


def can_publish(user, model):
    return user.has_perm(f"{model._meta.app_label}.publish_{model._meta.model_name}")


def awaiting_review(user, *, limit=20):
    """What waits for ``user``'s decision, if they may publish it: records submitted for
    review, per model as (model, count, the first ``limit``, oldest first), and proposed
    changes to published records by others, as (count, the first ``limit``). One query per
    model they may publish and two for the proposals."""
    models = [model for model in publishable_models() if can_publish(user, model)]
    records = []
    for model in models:
        waiting = model._default_manager.filter(publication=Publication.IN_REVIEW).order_by("submitted_at", "pk")
        first = list(waiting[: limit + 1])
        count = len(first) if len(first) <= limit else waiting.count()
        if count:
            records.append((model, count, first[:limit]))
    proposals = (
        Revision.objects.filter(status=Revision.Status.PENDING)
        .filter(_of_models(models))
        .exclude(proposed_by=user)
        .select_related("proposed_by", "content_type")
        .order_by("proposed_at", "pk")
    )
    return records, _counted(proposals, limit)


def proposals_of(user, *, limit=20):
    """``user``'s proposed changes still waiting for review, as (count, the first ``limit``)."""
    waiting = Revision.objects.filter(status=Revision.Status.PENDING, proposed_by=user).select_related("content_type")
    return _counted(waiting.order_by("proposed_at", "pk"), limit)


def _counted(queryset, limit):
    first = list(queryset[: limit + 1])
    return (len(first) if len(first) <= limit else queryset.count()), first[:limit]


def _of_models(models):
    """Proposals about records of ``models`` (by the content type's names: no query for
    the content types themselves); none when ``models`` is empty."""
    conditions = [
        Q(content_type__app_label=model._meta.app_label, content_type__model=model._meta.model_name) for model in models
    ]
    return functools.reduce(operator.or_, conditions) if conditions else Q(pk__in=[])
