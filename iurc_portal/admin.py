"""What every publishable model's admin shares: the review workflow and translation state."""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from .forms import ConcurrentModelForm
from .models import Publication, Publishable
from .publication import (
    PublicationError,
    can_publish,
    publication_archive,
    publication_publish,
    publication_submit,
    publication_unpublish,
)

WORKFLOW_FIELDS = ["publication", "submitted_by", "submitted_at", "published_by", "published_at"]
WORKFLOW_FIELDS_DB = ["publication", "submitted_by_id", "submitted_at", "published_by_id", "published_at"]


def _has_text(model, language):
    condition = Q()
    for field in model.REQUIRED_IN_BOTH_LANGUAGES:
        condition &= Q(**{f"{field}_{language}__isnull": False}) & ~Q(**{f"{field}_{language}": ""})
    return condition


class TranslationFilter(admin.SimpleListFilter):
    title = _("translation")
    parameter_name = "translation"

    def lookups(self, request, model_admin):
        return [
            ("both", _("both languages")),
            ("bg", _("Bulgarian only")),
            ("en", _("English only")),
            ("neither", _("incomplete in both")),
        ]

    def queryset(self, request, queryset):
        bg, en = _has_text(queryset.model, "bg"), _has_text(queryset.model, "en")
        # The keys are those of Publishable.translation_state().
        conditions = {"both": bg & en, "bg": bg & ~en, "en": en & ~bg, "neither": ~bg & ~en}
        if self.value() in conditions:
            return queryset.filter(conditions[self.value()])
        return queryset


class PublicationAdminMixin:
    """Review before publishing: editors submit, publishers publish, unpublish and archive."""

    publication_actions = ["submit_for_review", "publish", "unpublish", "archive"]

    def get_list_display(self, request):
        return [*super().get_list_display(request), "publication", "translation_state"]

    def get_list_filter(self, request):
        return [*super().get_list_filter(request), "publication", TranslationFilter]

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), *WORKFLOW_FIELDS]

    def has_publish_permission(self, request):
        return can_publish(request.user, self.model)

    def has_delete_permission(self, request, obj=None):
        """What is published stays until a publisher takes it down or deletes it."""
        if obj is not None and obj.publication == Publication.PUBLISHED and not self.has_publish_permission(request):
            return False
        return super().has_delete_permission(request, obj)

    @admin.display(description=_("translation"))
    def translation_state(self, obj):
        return dict(TranslationFilter.lookups(None, None, None))[obj.translation_state()]

    def _move(self, request, queryset, service, done_message):
        moved = 0
        for obj in queryset:
            try:
                service(obj=obj, user=request.user)
                moved += 1
            except PublicationError as error:
                self.message_user(request, str(error), messages.ERROR)
            except PermissionDenied:
                self.message_user(request, _("You may not do this."), messages.ERROR)
                return
        if moved:
            self.message_user(request, done_message(moved), messages.SUCCESS)

    @admin.action(description=_("Submit the selected for review"), permissions=["change"])
    def submit_for_review(self, request, queryset):
        self._move(
            request,
            queryset,
            publication_submit,
            lambda n: (
                ngettext("%(count)d record submitted for review.", "%(count)d records submitted for review.", n)
                % {"count": n}
            ),
        )

    @admin.action(description=_("Publish the selected"), permissions=["publish"])
    def publish(self, request, queryset):
        self._move(
            request,
            queryset,
            publication_publish,
            lambda n: ngettext("%(count)d record published.", "%(count)d records published.", n) % {"count": n},
        )

    @admin.action(description=_("Unpublish the selected"), permissions=["publish"])
    def unpublish(self, request, queryset):
        self._move(
            request,
            queryset,
            publication_unpublish,
            lambda n: ngettext("%(count)d record unpublished.", "%(count)d records unpublished.", n) % {"count": n},
        )

    @admin.action(description=_("Archive the selected"), permissions=["publish"])
    def archive(self, request, queryset):
        self._move(
            request,
            queryset,
            publication_archive,
            lambda n: ngettext("%(count)d record archived.", "%(count)d records archived.", n) % {"count": n},
        )


class ConcurrentEditAdminMixin:
    """The change form carries the version it was opened on (see iurc_portal.forms)."""

    form = ConcurrentModelForm

    def get_fieldsets(self, request, obj=None):
        fieldsets = list(super().get_fieldsets(request, obj))
        if obj is not None:
            fieldsets.append((None, {"fields": ["history_base"], "classes": ["hidden"]}))
        return fieldsets


class ContentAdmin(ConcurrentEditAdminMixin, SimpleHistoryAdmin):
    """History (with restore) and no lost edits, for every content model's admin."""

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        """Anyone who may view a record may look at an earlier version; only those who may
        change it may restore one (simple-history itself lets a viewer post the form)."""
        if request.method == "POST":
            obj = self.get_object(request, unquote(object_id))
            if obj is None or not self.has_change_permission(request, obj):
                raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)

    def save_model(self, request, obj, form, change):
        """Workflow fields change only through the publication actions, so restoring an
        earlier version cannot publish or unpublish anything."""
        if change and isinstance(obj, Publishable):
            current = type(obj)._default_manager.filter(pk=obj.pk).values(*WORKFLOW_FIELDS_DB).first()
            if current:
                for field, value in current.items():
                    setattr(obj, field, value)
        super().save_model(request, obj, form, change)
