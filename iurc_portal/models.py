from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ContentVersion(models.Model):
    """One row whose number changes whenever public content may have changed.

    Public pages are cached under this number. Every app server reads it from the one
    shared database, so a published change is visible on the next request everywhere.
    """

    version = models.BigIntegerField(_("version"), default=0)

    class Meta:
        verbose_name = _("content version")
        verbose_name_plural = _("content versions")

    def __str__(self):
        return str(self.version)


class Publication(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("publication state", "draft")
    IN_REVIEW = "in_review", pgettext_lazy("publication state", "in review")
    PUBLISHED = "published", pgettext_lazy("publication state", "published")
    ARCHIVED = "archived", pgettext_lazy("publication state", "archived")


class Publishable(models.Model):
    """Content that moves draft → in review → published → archived.

    Only published records are public. ``REQUIRED_IN_BOTH_LANGUAGES`` names the
    translated fields that publishing asks for in Bulgarian and English.
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
        """ "both", "bg", "en" or "neither": which languages have every required field."""
        complete = {
            language: all(
                (getattr(self, f"{field}_{language}", "") or "").strip() for field in self.REQUIRED_IN_BOTH_LANGUAGES
            )
            for language in ("bg", "en")
        }
        if complete["bg"] and complete["en"]:
            return "both"
        if complete["bg"] or complete["en"]:
            return "bg" if complete["bg"] else "en"
        return "neither"
