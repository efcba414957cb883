from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationStackedInline

from publishing.admin import WORKFLOW_FIELDS, ContentAdmin, PublicationAdminMixin
from publishing.forms import ConcurrentModelForm
from publishing.widgets import with_date_hint

from .models import Indicator, Measurement


class MeasurementInline(TranslationStackedInline):
    model = Measurement
    form = ConcurrentModelForm
    extra = 1
    fields = [("date", "value"), "source", "base_version"]
    # An indicator is measured a few times a year: a bounded list, not thousands of rows.
    max_num = 200

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        return with_date_hint(super().formfield_for_dbfield(db_field, request, **kwargs))


@admin.register(Indicator)
class IndicatorAdmin(PublicationAdminMixin, ContentAdmin, TranslationAdmin):
    list_display = ["name", "partnership", "baseline", "target", "target_date", "is_public"]
    list_filter = ["is_public", "partnership"]
    list_select_related = ["partnership"]
    search_fields = ["name_bg", "name_en"]
    autocomplete_fields = ["partnership"]
    actions = PublicationAdminMixin.publication_actions
    inlines = [MeasurementInline]
    fieldsets = [
        (None, {"fields": ["partnership", "name", "unit", "order", "is_public"]}),
        (_("Baseline and target"), {"fields": ["baseline", "target", "target_date"]}),
        (_("Publication"), {"fields": WORKFLOW_FIELDS}),
    ]
