from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.template.defaultfilters import filesizeformat
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from publishing.admin import WORKFLOW_FIELDS, ContentAdmin, PublicationAdminMixin

from .files import file_response
from .forms import DocumentForm
from .models import Document


@admin.register(Document)
class DocumentAdmin(PublicationAdminMixin, ContentAdmin, TranslationAdmin):
    form = DocumentForm
    list_display = ["title", "kind", "partnership", "milestone", "date", "language", "is_public", "size"]
    list_filter = ["kind", "is_public", "language", "partnership"]
    list_select_related = ["partnership", "milestone"]
    search_fields = ["title_bg", "title_en", "description_bg", "description_en"]
    autocomplete_fields = ["partnership", "milestone"]
    actions = PublicationAdminMixin.publication_actions
    fieldsets = [
        (None, {"fields": ["partnership", "milestone", "kind", "title", "description", "language", "date"]}),
        (_("File"), {"fields": ["file", "stored_file", "is_public"]}),
        (_("Publication"), {"fields": WORKFLOW_FIELDS}),
    ]

    def get_readonly_fields(self, request, obj=None):
        readonly = [*super().get_readonly_fields(request, obj), "stored_file"]
        # A published document's file is not changed in place (a proposed change cannot
        # carry a file): upload the new version as a document of its own.
        if obj is not None and obj.publication == Document.Publication.PUBLISHED:
            readonly.append("file")
        return readonly

    def get_urls(self):
        file_view = path("<int:pk>/file/", self.admin_site.admin_view(self.file_view), name="documents_document_file")
        return [file_view, *super().get_urls()]

    def file_view(self, request, pk):
        """The file, internal ones included, for staff who may see the document."""
        document = get_object_or_404(Document, pk=pk)
        if not self.has_view_permission(request, document):
            raise PermissionDenied
        return file_response(document)

    @admin.display(description=_("size"), ordering="file_size")
    def size(self, obj):
        return filesizeformat(obj.file_size)

    @admin.display(description=_("stored file"))
    def stored_file(self, obj):
        if obj is None or not obj.pk or not obj.file:
            return "—"
        return format_html(
            '<a href="{}">{}</a> ({}, {})',
            reverse("admin:documents_document_file", args=[obj.pk]),
            obj.file.name.rsplit("/", 1)[-1],
            obj.file_type,
            filesizeformat(obj.file_size),
        )
