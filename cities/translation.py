from modeltranslation.translator import TranslationOptions, register
from simple_history import register as register_history

from publishing.localisation import history_names

from .models import City, ContactPerson, Organisation


@register(City)
class CityTranslationOptions(TranslationOptions):
    fields = ("name", "description", "region")


@register(Organisation)
class OrganisationTranslationOptions(TranslationOptions):
    fields = ("name",)


# History for every content model, registered after the translation fields exist so
# that the history keeps both languages.
register_history(City, app=__package__, **history_names(City))
register_history(Organisation, app=__package__, **history_names(Organisation))
register_history(ContactPerson, app=__package__, **history_names(ContactPerson))
