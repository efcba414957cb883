"""The language fallback, defined once: a text in the wanted language, else in another.

``localised()`` is the SQL expression that filters, columns, reports and sorting use;
``text_in_language()`` is the same rule for a loaded object, used by the template tags.
The languages come from ``settings.LANGUAGES``, the default language first.
"""

from django.conf import settings
from django.db.models import Case, CharField, F, Q, Value, When
from django.db.models.functions import Coalesce, NullIf
from django.utils.translation import get_language


def language_codes():
    return [code for code, _name in settings.LANGUAGES]


def fallback_order(language=None):
    """``language`` first, then the others in the settings' order."""
    language = language or get_language()
    return [language, *(code for code in language_codes() if code != language)]


def localised(field, language=None, *, fallback=True):
    """``field`` in ``language`` (default: the active one), an empty text counting as
    missing, then in the other languages; ``''`` where none has it.

    ``field`` is a path to a translated field (``"title"``, ``"partner_city__name"``);
    with ``fallback=False`` only the language's own column is read."""
    order = fallback_order(language)
    if not fallback:
        return Coalesce(F(f"{field}_{order[0]}"), Value(""), output_field=CharField())
    return Coalesce(
        *(NullIf(F(f"{field}_{code}"), Value("")) for code in order),
        Value(""),
        output_field=CharField(),
    )


def shown_language(field, language=None):
    """The code of the language whose text ``localised(field, language)`` shows, where it is
    not ``language`` itself (a fallback a report marks); ``''`` otherwise."""
    order = fallback_order(language)

    def has_text(code):
        return Q(**{f"{field}_{code}__isnull": False}) & ~Q(**{f"{field}_{code}": ""})

    return Case(
        When(has_text(order[0]), then=Value("")),
        *(When(has_text(code), then=Value(code)) for code in order[1:]),
        default=Value(""),
        output_field=CharField(),
    )


def text_in_language(obj, field, language=None):
    """(text, language of the text) for ``language``, falling back to another language."""
    order = fallback_order(language)
    for code in order:
        text = getattr(obj, f"{field}_{code}", "") or ""
        if text:
            return text, code
    return "", order[0]


def history_names(model):
    """The names of ``model``'s history model, in the staff member's language: "етапи
    (история)" in the breadcrumb of a restore, not simple-history's untranslated
    "Historical етапи"."""
    from django.utils.text import format_lazy
    from django.utils.translation import gettext_lazy

    pattern = gettext_lazy("{} (history)")
    return {
        "verbose_name": format_lazy(pattern, model._meta.verbose_name),
        "verbose_name_plural": format_lazy(pattern, model._meta.verbose_name_plural),
    }
