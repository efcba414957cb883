from modeltranslation.translator import TranslationOptions, register
from simple_history import register as register_history

from publishing.localisation import history_names

from .models import Indicator, Measurement


@register(Indicator)
class IndicatorTranslationOptions(TranslationOptions):
    fields = ("name", "unit")


@register(Measurement)
class MeasurementTranslationOptions(TranslationOptions):
    fields = ("source",)


register_history(Indicator, app=__package__, **history_names(Indicator))
register_history(Measurement, app=__package__, **history_names(Measurement))
