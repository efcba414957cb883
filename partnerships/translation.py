from modeltranslation.translator import TranslationOptions, register

from .models import Component, Milestone, Partnership, Programme, ThematicArea


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
