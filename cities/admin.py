from django.contrib import admin, messages
from django.db.models import Count
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django_countries.filters import CountryFilter
from modeltranslation.admin import TranslationAdmin
from simple_history.admin import SimpleHistoryAdmin

from publishing.admin import WORKFLOW_FIELDS, ContentAdmin, PublicationAdminMixin

from .models import City, ContactPerson, Organisation
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
        (_("Contact persons (staff only, never public)"), {"fields": ["contact_persons"]}),
        (_("Publication"), {"fields": WORKFLOW_FIELDS}),
    ]

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), "contact_persons"]

    @admin.display(description=_("contact persons"))
    def contact_persons(self, obj):
        """The organisation's contact persons, kept in a list of their own: they are staff's
        notes, not content, so they go through no review and never reach the public."""
        if obj is None or obj.pk is None:
            return _("Add contact persons once the organisation is saved.")
        people = format_html_join(
            "",
            "<li>{}</li>",
            ((", ".join(filter(None, [p.name, p.position, p.email, p.phone])),) for p in obj.contacts.all()),
        )
        listed = reverse("admin:cities_contactperson_changelist") + f"?organisation__id__exact={obj.pk}"
        added = reverse("admin:cities_contactperson_add") + f"?organisation={obj.pk}"
        return format_html(
            '{}<a href="{}">{}</a> · <a href="{}">{}</a>',
            format_html("<ul>{}</ul>", people) if people else "",
            listed,
            _("All of them"),
            added,
            _("Add a contact person"),
        )

    actions = PublicationAdminMixin.publication_actions

    def get_queryset(self, request):

        return super().get_queryset(request).annotate(partnership_count=Count("participations"))

    @admin.display(description=_("partnerships"), ordering="partnership_count")
    def partnership_count(self, obj):
        return obj.partnership_count


@admin.register(ContactPerson)
class ContactPersonAdmin(SimpleHistoryAdmin):
    list_display = ["name", "position", "organisation", "email", "phone"]
    list_select_related = ["organisation"]
    list_filter = [("organisation__city__country", CountryFilter)]
    search_fields = ["name", "position", "email", "organisation__name_bg", "organisation__name_en"]
