"""What every publishable model's admin shares: the review workflow and translation state."""

from django.contrib import admin, messages
from django.contrib.admin.options import IS_POPUP_VAR
from django.contrib.admin.utils import unquote
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import router, transaction
from django.db.models import Q
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext_lazy
from simple_history.admin import SimpleHistoryAdmin
from simple_history.template_utils import HistoricalRecordContextHelper

from .diff import history_changes, revision_diff
from .forms import ConcurrentModelForm
from .localisation import language_codes
from .models import Publication, Publishable, Revision, Versioned
from .services import (
    PublicationError,
    can_publish,
    needs_review,
    publication_archive,
    publication_publish,
    publication_submit,
    publication_unpublish,
    revision_approve,
    revision_propose,
    revision_reject,
    to_json,
)
from .widgets import NamedAutocompleteSelect, with_date_hint

WORKFLOW_FIELDS = ["publication", "submitted_by", "submitted_at", "published_by", "published_at"]
WORKFLOW_FIELDS_DB = ["publication", "submitted_by_id", "submitted_at", "published_by_id", "published_at"]


def _has_text(model, language):
    condition = Q()
    for field in model.REQUIRED_IN_BOTH_LANGUAGES:
        condition &= Q(**{f"{field}_{language}__isnull": False}) & ~Q(**{f"{field}_{language}": ""})
    return condition


# Said of a record complete in one language only, by that language's code.
ONLY_IN = {"bg": _("Bulgarian only"), "en": _("English only")}


class TranslationFilter(admin.SimpleListFilter):
    title = _("translation")
    parameter_name = "translation"

    def lookups(self, request, model_admin):
        return [
            ("both", _("both languages")),
            *((code, ONLY_IN[code]) for code in language_codes()),
            ("neither", _("incomplete in both")),
        ]

    def queryset(self, request, queryset):
        # The keys are those of Publishable.translation_state().
        has = {code: _has_text(queryset.model, code) for code in language_codes()}
        conditions = {"both": Q(), "neither": Q()}
        for code, condition in has.items():
            conditions["both"] &= condition
            conditions["neither"] &= ~condition
            conditions[code] = condition
            for other, other_condition in has.items():
                if other != code:
                    conditions[code] &= ~other_condition
        if self.value() in conditions:
            return queryset.filter(conditions[self.value()])
        return queryset


class PublicationAdminMixin:
    """Review before publishing: editors submit, publishers publish, unpublish and archive."""

    publication_actions = ["submit_for_review", "publish", "unpublish", "archive"]

    def get_list_display(self, request):
        """The publication and translation state right after the record's name and first
        column: at 1280 px, with the sidebar and the filters, columns at the end of a wide
        list are off screen, and staff could not see what is a draft."""
        columns = list(super().get_list_display(request))
        return [*columns[:2], "publication_state", "translation_state", *columns[2:]]

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

    # A short heading ("публикуване"): the field's own name is a long one.
    @admin.display(description=pgettext_lazy("admin column", "publication"), ordering="publication")
    def publication_state(self, obj):
        return obj.get_publication_display()

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
    """The change form carries the version it was opened on (see publishing.forms)."""

    form = ConcurrentModelForm

    def get_fieldsets(self, request, obj=None):
        fieldsets = list(super().get_fieldsets(request, obj))
        if obj is not None:
            fieldsets.append((None, {"fields": ["base_version"], "classes": ["hidden"]}))
        return fieldsets


class HistoryContext(HistoricalRecordContextHelper):
    """The history page's changes as people read them (``diff.history_changes``)."""

    def context_for_delta_changes(self, delta):
        return history_changes(self.model, delta.changes)


class ContentAdmin(ConcurrentEditAdminMixin, SimpleHistoryAdmin):
    """History (with restore), no lost edits, and review of editors' changes to published
    records, for every content model's admin."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        return with_date_hint(super().formfield_for_dbfield(db_field, request, **kwargs))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = NamedAutocompleteSelect(db_field, self.admin_site, using=kwargs.get("using"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_historical_record_context_helper(self, request, historical_record):
        return HistoryContext(self.model, historical_record)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        """Anyone who may view a record may look at an earlier version; only those who may
        change it may restore one (simple-history itself lets a viewer post the form).
        A restore saves like the change form: in one transaction, under the row lock."""
        if request.method == "POST":
            obj = self.get_object(request, unquote(object_id))
            # A deleted record is restored by those who may change its kind of record.
            if not self.has_change_permission(request, obj):
                raise PermissionDenied
        with transaction.atomic(using=router.db_for_write(self.model)):
            return super().history_form_view(request, object_id, version_id, extra_context)

    def save_model(self, request, obj, form, change):
        """Workflow fields change only through the publication actions, so restoring an
        earlier version cannot publish or unpublish anything. An editor's change to a
        published record is kept as a proposed revision instead of being saved."""
        if change and needs_review(obj=obj, user=request.user):
            fields, m2m = form_changes(form)
            form.save_m2m = lambda: None  # the live record's relations stay as published
            # Kept for review (in response_change, once the inline rows are known), not saved.
            request.proposal = {
                "obj": obj,
                "base_version": form.cleaned_data.get("base_version"),
                "changes": {"fields": fields, "m2m": m2m, "rows": []},
            }
            return
        if change and isinstance(obj, Versioned):
            # From the row as it is, not from a restored version: the workflow fields, and
            # the version, which the save raises by one (a restore never moves it back).
            kept = [*(WORKFLOW_FIELDS_DB if isinstance(obj, Publishable) else []), "version"]
            current = type(obj)._default_manager.filter(pk=obj.pk).values(*kept).first()
            if current:
                for field, value in current.items():
                    setattr(obj, field, value)
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        proposal = getattr(request, "proposal", None)
        if proposal is None:
            return super().save_related(request, form, formsets, change)
        proposal["changes"]["rows"] = [row for formset in formsets for row in formset_changes(formset)]
        return None

    def construct_change_message(self, request, form, formsets, add=False):
        if getattr(request, "proposal", None) is not None:
            return []  # the formsets were not saved
        return super().construct_change_message(request, form, formsets, add)

    def log_change(self, request, obj, message):
        if getattr(request, "proposal", None) is not None:
            return None  # nothing changed yet; the revision records the proposal
        return super().log_change(request, obj, message)

    def response_change(self, request, obj):
        proposal = getattr(request, "proposal", None)
        if proposal is None:
            return super().response_change(request, obj)
        revision, replaced = revision_propose(
            obj=proposal["obj"], user=request.user, base_version=proposal["base_version"], changes=proposal["changes"]
        )
        if revision is None:
            self.message_user(request, _("You changed nothing, so nothing was proposed."), messages.INFO)
        else:
            self.message_user(
                request,
                _(
                    "Your changes to “%(record)s” wait for a publisher's review. The public sees the "
                    "published version until they are approved."
                )
                % {"record": revision.object_repr},
                messages.SUCCESS,
            )
        if replaced is not None:
            merged = revision is not None and replaced.pk in revision.changes.get("merged", [])
            self.message_user(
                request,
                (
                    _("They were added to the change %(user)s proposed earlier, which waits for review with them.")
                    if merged
                    else _(
                        "The change %(user)s proposed earlier was made on a version that has changed since; "
                        "yours replaces it. Tell them, so that they can propose theirs again."
                    )
                )
                % {"user": replaced.proposed_by or _("someone")},
                messages.WARNING,
            )
        if IS_POPUP_VAR in request.POST:
            return super().response_change(request, obj)
        opts = self.model._meta
        return HttpResponseRedirect(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk]))

    def change_view(self, request, object_id, form_url="", extra_context=None):
        """Say on the record's page that a proposed change waits, with a link to it."""
        if request.method == "GET":
            pending = pending_revision(self.model, unquote(object_id))
            if pending is not None:
                self.message_user(
                    request,
                    format_html(
                        _('A change proposed by {user} on {date} waits for review: <a href="{url}">see it</a>.'),
                        user=pending.proposed_by or _("someone"),
                        date=formats.date_format(timezone.localtime(pending.proposed_at), "DATETIME_FORMAT"),
                        url=reverse("admin:publishing_revision_change", args=[pending.pk]),
                    ),
                    messages.WARNING,
                )
        return super().change_view(request, object_id, form_url, extra_context)


def pending_revision(model, object_id):
    try:
        object_id = int(object_id)
    except (TypeError, ValueError):
        return None
    return (
        Revision.objects.filter(
            content_type=ContentType.objects.get_for_model(model),
            object_id=object_id,
            status=Revision.Status.PENDING,
        )
        .select_related("proposed_by")
        .first()
    )


def form_changes(form):
    """What a model form would change in its row, as JSON (plain and foreign-key fields,
    many-to-many): compared with the row as it is, not with the form's initial values,
    which for a restore are those of the earlier version."""
    model = type(form.instance)
    live = model._default_manager.filter(pk=form.instance.pk).first() if form.instance.pk else None
    fields, m2m = {}, {}
    for name in form.fields:
        if name not in model._meta._forward_fields_map or name == "base_version":
            continue
        field = model._meta.get_field(name)
        value = to_json(form.cleaned_data.get(name))
        if live is None:
            if name not in form.changed_data:
                continue
        elif _same(value, live_json(live, field)):
            continue
        (m2m if field.many_to_many else fields)[name] = value
    return fields, m2m


def _same(new, old):
    """Equal, an empty text and no value counting as the same (modeltranslation's columns
    of the other languages are nullable)."""
    return new == old or (new in (None, "") and old in (None, ""))


def live_json(obj, field):
    """A row's value of ``field`` as ``to_json`` gives a form's."""
    if field.many_to_many:
        return sorted(getattr(obj, field.name).values_list("pk", flat=True))
    if field.many_to_one or field.one_to_one:
        return getattr(obj, field.attname)
    return to_json(getattr(obj, field.name))


def formset_changes(formset):
    """Each changed, added or deleted row of an inline formset, as JSON."""
    rows = []
    parent_field = formset.fk.name
    label = formset.model._meta.label_lower
    for form in formset.forms:
        if not hasattr(form, "cleaned_data"):
            continue
        pk = form.instance.pk
        base = form.cleaned_data.get("base_version")
        if formset._should_delete_form(form):
            if pk is not None:
                rows.append({"model": label, "pk": pk, "version": base, "delete": True, "parent_field": parent_field})
            continue
        if not form.has_changed():
            continue
        fields, _m2m = form_changes(form)
        fields.pop(parent_field, None)
        fields.pop(formset.model._meta.pk.name, None)
        rows.append(
            {"model": label, "pk": pk, "version": base, "delete": False, "fields": fields, "parent_field": parent_field}
        )
    return rows


class ReadOnlyAdmin(admin.ModelAdmin):
    """A record kept whole: staff may look, nobody adds, changes or deletes it here."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Revision)
class RevisionAdmin(ReadOnlyAdmin):
    """Proposed changes: editors see theirs waiting; publishers approve or reject them."""

    list_display = ["object_repr", "kind", "proposed_by", "proposed_at", "status", "decided_by"]
    list_filter = ["status", ("content_type", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["content_type", "proposed_by", "decided_by"]
    search_fields = ["object_repr"]

    @admin.display(description=_("kind of record"), ordering="content_type")
    def kind(self, revision):
        return capfirst(revision.target_model._meta.verbose_name)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        revision = self.get_object(request, unquote(object_id))
        if revision is None or not self.has_view_permission(request, revision):
            return self._get_obj_does_not_exist_redirect(request, self.model._meta, object_id)
        may_decide = revision.status == Revision.Status.PENDING and can_publish(request.user, revision.target_model)
        if request.method == "POST":
            if not may_decide:
                raise PermissionDenied
            return self._decide(request, revision)
        target = revision.target()
        context = {
            **self.admin_site.each_context(request),
            "title": _("Proposed change to “%(record)s”") % {"record": revision.object_repr},
            "subtitle": None,
            "opts": self.model._meta,
            "revision": revision,
            "sections": revision_diff(revision),
            "may_decide": may_decide,
            "target_url": (
                reverse(
                    f"admin:{target._meta.app_label}_{target._meta.model_name}_change",
                    args=[target.pk],
                )
                if target is not None
                else ""
            ),
        }
        return TemplateResponse(request, "admin/publishing/revision_review.html", context)

    def _decide(self, request, revision):
        service, done = (
            (revision_approve, _("The change to “%(record)s” is approved and public."))
            if "_approve" in request.POST
            else (revision_reject, _("The change to “%(record)s” is rejected; the published version stays."))
        )
        try:
            service(revision=revision, user=request.user)
        except PublicationError as error:
            self.message_user(request, str(error), messages.ERROR)
            return HttpResponseRedirect(request.path)
        self.message_user(request, done % {"record": revision.object_repr}, messages.SUCCESS)
        return HttpResponseRedirect(reverse("admin:publishing_revision_changelist"))
