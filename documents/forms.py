from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from publishing.forms import ConcurrentModelForm

from .files import checked_upload
from .models import Document


class DocumentForm(ConcurrentModelForm):
    """A document's page: its upload checked (files.checked_upload) before anything is
    kept, and its milestone one of its partnership's."""

    class Meta:
        model = Document
        fields = ["partnership", "milestone", "kind", "title", "description", "language", "date", "is_public", "file"]
        # A plain file box with a label of its own: Django's clearable one sits in a fieldset
        # whose legend names no control (axe: label), and a document's file is never cleared,
        # only replaced.
        widgets = {"file": forms.FileInput}

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if not isinstance(upload, UploadedFile):
            return upload
        checked, mime = checked_upload(upload, kind=self.data.get("kind"))
        self.instance.file_type, self.instance.file_size = mime, checked.size
        return checked

    def clean(self):
        cleaned_data = super().clean()
        partnership, milestone = cleaned_data.get("partnership"), cleaned_data.get("milestone")
        if partnership and milestone and milestone.partnership_id != partnership.pk:
            self.add_error("milestone", ValidationError(_("This milestone is not one of the partnership's.")))
        if (
            cleaned_data.get("kind") == "photo"
            and self.instance.file_type
            and not self.instance.file_type.startswith("image/")
        ):
            self.add_error("kind", ValidationError(_("A photo must be a JPEG, PNG or WebP image.")))
        return cleaned_data
