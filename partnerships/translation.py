from modeltranslation.translator import TranslationOptions, register
from simple_history import register as register_history

from publishing.localisation import history_names

from .models import Component, Milestone, Participation, Partnership, Programme, ThematicArea


@register(Programme)
class ProgrammeTranslationOptions(TranslationOptions):
    fields = ("name", "funder")


@register(Component)
class ComponentTranslationOptions(TranslationOptions):
    fields = ("name", "description")


@register(ThematicArea)
class ThematicAreaTranslationOptions(TranslationOptions):
    fields = ("name", "description")


@register(Partnership)
class PartnershipTranslationOptions(TranslationOptions):
    fields = ("title", "summary", "description")


@register(Milestone)
class MilestoneTranslationOptions(TranslationOptions):
    fields = ("title", "description")


# History for every content model, registered after the translation fields exist so
# that the history keeps both languages.
register_history(Programme, app=__package__, **history_names(Programme))
register_history(Component, app=__package__, **history_names(Component))
register_history(ThematicArea, app=__package__, **history_names(ThematicArea))
# The themes are recorded too: a change of themes is a change of the partnership.
register_history(Partnership, app=__package__, **history_names(Partnership), m2m_fields=["thematic_areas"])
register_history(Milestone, app=__package__, **history_names(Milestone))
register_history(Participation, app=__package__, **history_names(Participation))
