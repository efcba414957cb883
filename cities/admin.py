from django.contrib import admin, messages
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from django_countries.filters import CountryFilter
from modeltranslation.admin import TranslationAdmin

from publishing.admin import WORKFLOW_FIELDS, ContentAdmin, PublicationAdminMixin

from .models import City, Organisation
from .services import city_make_home


@admin.register(City)
class CityAdmin(PublicationAdminMixin, ContentAdmin, TranslationAdmin):
    list_display = ["name", "native_name", "country", "region", "population", "population_year", "is_home"]
    list_filter = ["is_home", ("country", CountryFilter)]
    search_fields = ["name_bg", "name_en", "native_name", "slug", "region_bg", "region_en"]
    prepopulated_fields = {"slug": ("name_en",)}
    actions = ["make_home", *PublicationAdminMixin.publication_actions]
    fieldsets = [
        (None, {"fields": ["name", "slug", "native_name", "native_language", "country", "region", "is_home"]}),
        (_("Figures"), {"fields": ["population", "population_year", "area_km2", "latitude", "longitude"]}),
        (_("Description"), {"fields": ["description", "website"]}),
        (_("Publication"), {"fields": WORKFLOW_FIELDS}),
    ]

    def has_delete_permission(self, request, obj=None):
        """The home city stays: there is always exactly one."""
        if obj is not None and obj.is_home:
            return False
        return super().has_delete_permission(request, obj)

    def delete_queryset(self, request, queryset):
        if queryset.filter(is_home=True).exists():
            self.message_user(
                request, _("The home city cannot be deleted; make another city the home city first."), messages.ERROR
            )
            queryset = queryset.exclude(is_home=True)
        super().delete_queryset(request, queryset)

    @admin.action(description=_("Make the selected city the home city"), permissions=["publish"])
    def make_home(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, _("Select exactly one city to make it the home city."), messages.ERROR)
            return
        city = city_make_home(city=queryset.get())
        self.message_user(
            request,
            _("%(city)s is now the home city.") % {"city": city},
            messages.SUCCESS,
        )


@admin.register(Organisation)
class OrganisationAdmin(PublicationAdminMixin, ContentAdmin, TranslationAdmin):
    list_display = ["name", "city", "helix", "website", "partnership_count"]
    list_filter = ["helix", ("city__country", CountryFilter)]
    list_select_related = ["city"]
    search_fields = ["name_bg", "name_en", "city__name_bg", "city__name_en"]
    autocomplete_fields = ["city"]
    fieldsets = [
        (None, {"fields": ["name", "city", "helix", "website"]}),
        (
            _("Contact person (staff only, never public)"),
            {"fields": ["contact_name", "contact_email", "contact_phone"]},
        ),
        (_("Publication"), {"fields": WORKFLOW_FIELDS}),
    ]
    actions = PublicationAdminMixin.publication_actions

    def get_queryset(self, request):

        return super().get_queryset(request).annotate(partnership_count=Count("participations"))

    @admin.display(description=_("partnerships"), ordering="partnership_count")
    def partnership_count(self, obj):
        return obj.partnership_count
