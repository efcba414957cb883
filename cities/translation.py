from modeltranslation.translator import TranslationOptions, register

from .models import City, Organisation


@register(City)
class CityTranslationOptions(TranslationOptions):
    fields = ("name", "description", "region")


@register(Organisation)
class OrganisationTranslationOptions(TranslationOptions):
    fields = ("name",)
