from modeltranslation.translator import TranslationOptions, register
from simple_history import register as register_history

from publishing.localisation import history_names

from .models import Document


@register(Document)
class DocumentTranslationOptions(TranslationOptions):
    fields = ("title", "description")


# The history keeps a document's metadata, its file's name included, after the file goes.
register_history(Document, app=__package__, **history_names(Document))
