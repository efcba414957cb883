"""Month names as a date writes them, for our catalogue to translate.

Django's "E" format takes the month from ``pgettext("alt. month", ...)``, which Django's
Bulgarian catalogue capitalises ("10 Август 2021"); Bulgarian writes months in lower
case ("10 август 2021 г."). Our catalogue comes first (``LOCALE_PATHS``), and the names
stand here so that ``makemessages`` keeps them in it."""

from django.utils.translation import pgettext_lazy

MONTHS_ALT = [
    pgettext_lazy("alt. month", "January"),
    pgettext_lazy("alt. month", "February"),
    pgettext_lazy("alt. month", "March"),
    pgettext_lazy("alt. month", "April"),
    pgettext_lazy("alt. month", "May"),
    pgettext_lazy("alt. month", "June"),
    pgettext_lazy("alt. month", "July"),
    pgettext_lazy("alt. month", "August"),
    pgettext_lazy("alt. month", "September"),
    pgettext_lazy("alt. month", "October"),
    pgettext_lazy("alt. month", "November"),
    pgettext_lazy("alt. month", "December"),
]
