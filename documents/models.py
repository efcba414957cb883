"""Documents attached to a partnership or one of its milestones: agreements, minutes,
presentations, reports, photos. Their files are kept through Django's storage API
(``STORAGES["documents"]``), never under a public URL: views that check who may see a
document serve it.

The app refers to partnerships by name only ("partnerships.Partnership"), so that the
partnerships app, whose selectors and pages show documents, can import it."""

from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from publishing.models import Publication, Publishable, PublishableQuerySet


def documents_storage():
    return storages["documents"]


def document_path(document, filename):
    """Where the file is kept: under its partnership, by a name made safe (files.safe_name)."""
    return f"{document.partnership_id}/{filename}"


class DocumentQuerySet(PublishableQuerySet):
    pass


class Document(Publishable):
    REQUIRED_IN_BOTH_LANGUAGES = ("title",)

    class Kind(models.TextChoices):
        FRAMEWORK_AGREEMENT = "framework_agreement", pgettext_lazy("document kind", "framework agreement")
        MEMORANDUM = "memorandum", pgettext_lazy("document kind", "memorandum of understanding")
        ACTION_PLAN = "action_plan", pgettext_lazy("document kind", "action plan")
        MINUTES = "minutes", pgettext_lazy("document kind", "minutes")
        PRESENTATION = "presentation", pgettext_lazy("document kind", "presentation")
        REPORT = "report", pgettext_lazy("document kind", "report")
        PHOTO = "photo", pgettext_lazy("document kind", "photo")

    Publication = Publication

    partnership = models.ForeignKey(
        "partnerships.Partnership",
        on_delete=models.CASCADE,
        related_name="documents",
        verbose_name=_("partnership"),
    )
    milestone = models.ForeignKey(
        "partnerships.Milestone",
        on_delete=models.CASCADE,
        related_name="documents",
        verbose_name=_("milestone"),
        null=True,
        blank=True,
        help_text=_("Empty for a document of the partnership as a whole. The milestone must be the partnership's."),
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    language = models.CharField(
        _("language of the document"),
        max_length=10,
        choices=[
            *settings.LANGUAGES,
            ("ko", _("Korean")),
            ("zh", _("Chinese")),
            ("mul", _("several languages")),
        ],
        default=settings.LANGUAGE_CODE,
    )
    date = models.DateField(_("date"), help_text=_("The day the document was signed, held or published."))
    is_public = models.BooleanField(
        _("public"),
        default=False,
        help_text=_("Public documents can be downloaded from the partnership's page once published."),
    )
    file = models.FileField(_("file"), storage=documents_storage, upload_to=document_path, max_length=300)
    file_type = models.CharField(_("file type"), max_length=100, editable=False)
    file_size = models.PositiveBigIntegerField(_("file size"), default=0, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = DocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        permissions = [("publish_document", _("Can publish, unpublish and archive documents"))]
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["partnership", "-date"], name="document_partnership_date")]

    def __str__(self):
        return self.title

    @property
    def download_name(self):
        """The file's name in a link: from the English title (slugify("Споразумение") is
        empty), else the document's number, with the extension of its type."""
        from django.utils.text import slugify

        stem = slugify(getattr(self, "title_en", "") or "")[:60].strip("-") or f"document-{self.pk}"
        return f"{stem}.{self.extension}"

    @property
    def is_image(self):
        return self.file_type.startswith("image/")

    @property
    def extension(self):
        return self.file.name.rsplit(".", 1)[-1].lower() if "." in self.file.name else ""
