"""What every content model shares: a version for optimistic locking, the publication
workflow, the content version behind the page cache, and revisions awaiting review."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ContentVersion(models.Model):
    """One row whose number changes whenever public content may have changed.

    Public pages are cached under this number. Every app server reads it from the one
    shared database, so a published change is visible on the next request everywhere.
    """

    version = models.BigIntegerField(_("version"), default=0)

    class Meta:
        # The table the project package made before this app existed; its row is kept.
        db_table = "iurc_portal_contentversion"
        verbose_name = _("content version")
        verbose_name_plural = _("content versions")

    def __str__(self):
        return str(self.version)


class Versioned(models.Model):
    """A row with a version number that every save raises by one.

    A form remembers the version it was opened on; a save is refused when the row's
    version (read under a row lock, in the saving transaction) is no longer that one."""

    version = models.PositiveIntegerField(
        _("version"), default=1, editable=False, help_text=_("Raised by one on every save.")
    )

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            self.version += 1
            update_fields = kwargs.get("update_fields")
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "version"}
        super().save(*args, **kwargs)

    def validate_rules(self, *, user):
        """Rules that span tables or depend on who saves; a model's services say them.
        Raises ValidationError. Called by every write path that validates (forms,
        approved revisions)."""


class Publication(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("publication state", "draft")
    IN_REVIEW = "in_review", pgettext_lazy("publication state", "in review")
    PUBLISHED = "published", pgettext_lazy("publication state", "published")
    ARCHIVED = "archived", pgettext_lazy("publication state", "archived")


def published_q(prefix=""):
    """The condition "published", for a model or through a relation (``prefix="partnership__"``)."""
    return Q(**{f"{prefix}publication": Publication.PUBLISHED})


class PublishableQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published_q())


class Publishable(Versioned):
    """Content that moves draft → in review → published → archived.

    Only published records are public. ``REQUIRED_IN_BOTH_LANGUAGES`` names the
    translated fields that publishing asks for in every language.
    """

    REQUIRED_IN_BOTH_LANGUAGES = ()

    publication = models.CharField(
        _("publication"),
        max_length=20,
        choices=Publication,
        default=Publication.DRAFT,
        help_text=_("Only published records are shown to the public. Publishers publish, unpublish and archive."),
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("submitted for review by"),
        null=True,
        blank=True,
    )
    submitted_at = models.DateTimeField(_("submitted for review at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("published by"),
        null=True,
        blank=True,
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def is_published(self):
        return self.publication == Publication.PUBLISHED

    def missing_translations(self):
        """The required fields empty in a language, as "label (language)" strings."""
        missing = []
        for field in self.REQUIRED_IN_BOTH_LANGUAGES:
            label = self._meta.get_field(field).verbose_name
            for language, language_name in settings.LANGUAGES:
                if not (getattr(self, f"{field}_{language}", "") or "").strip():
                    missing.append(f"{label} ({language_name})")
        return missing

    def translation_state(self):
        """ "both", a language code, or "neither": which languages have every required field."""
        complete = [
            language
            for language, _name in settings.LANGUAGES
            if all(
                (getattr(self, f"{field}_{language}", "") or "").strip() for field in self.REQUIRED_IN_BOTH_LANGUAGES
            )
        ]
        if len(complete) == len(settings.LANGUAGES):
            return "both"
        return complete[0] if complete else "neither"


class Revision(models.Model):
    """An editor's change to a published record (and its inline rows), waiting for a
    publisher's decision. The public keeps seeing the published version until then."""

    class Status(models.TextChoices):
        PENDING = "pending", pgettext_lazy("revision status", "waiting for review")
        APPROVED = "approved", pgettext_lazy("revision status", "approved")
        REJECTED = "rejected", pgettext_lazy("revision status", "rejected")
        SUPERSEDED = "superseded", pgettext_lazy("revision status", "replaced by a newer proposal")

    content_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, related_name="+", verbose_name=_("kind of record")
    )
    object_id = models.PositiveBigIntegerField(_("record id"))
    object_repr = models.CharField(_("record"), max_length=300)
    base_version = models.PositiveIntegerField(
        _("version proposed on"), help_text=_("The record's version when the change was proposed.")
    )
    changes = models.JSONField(_("proposed changes"), default=dict)
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.PENDING)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        related_name="proposed_revisions",
        verbose_name=_("proposed by"),
        null=True,
    )
    proposed_at = models.DateTimeField(_("proposed at"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        related_name="decided_revisions",
        verbose_name=_("decided by"),
        null=True,
        blank=True,
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        verbose_name = _("proposed change")
        verbose_name_plural = _("proposed changes")
        ordering = ["-proposed_at", "-pk"]
        indexes = [models.Index(fields=["content_type", "object_id", "status"], name="revision_record_status")]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"],
                condition=Q(status="pending"),
                name="revision_one_pending_per_record",
            ),
        ]

    def __str__(self):
        return self.object_repr

    @property
    def target_model(self):
        return self.content_type.model_class()

    def target(self):
        return self.target_model._default_manager.filter(pk=self.object_id).first()
