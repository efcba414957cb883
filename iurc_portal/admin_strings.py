"""Strings of Django 6.1 and django-axes that their Bulgarian catalogues lack, for ours to translate.

A Bulgarian member of staff read "- Select an option -", "Run" and "Filter by кога" in
the admin. Our catalogue comes first (``LOCALE_PATHS``); the strings stand here so that
``makemessages`` keeps them in it. Each is written as Django's templates and code ask for
it, variables included."""

from django.utils.translation import gettext_noop

STRINGS = [
    gettext_noop("- Select an option -"),  # django.db.models.fields.BLANK_CHOICE_LABEL
    gettext_noop("Run"),  # admin/actions.html
    gettext_noop("Model name"),  # admin/app_list.html, for screen readers
    gettext_noop("Add link"),
    gettext_noop("Change or view list link"),
    gettext_noop("Filter by %(field_name)s"),  # admin/date_hierarchy.html
    gettext_noop("Pagination %(name)s"),  # admin/pagination.html
    gettext_noop("Pagination %(name)s entries"),  # admin/object_history.html
    gettext_noop("Search %(name)s"),  # admin/search_form.html
]

# Django's Bulgarian writes these in one gender, "Добави друг Участие": ours fits every name.
GENDERED = [
    gettext_noop("Add another %(verbose_name)s"),  # the inlines' add row
]

# django-axes (login attempts) has no Bulgarian catalogue: its admin's names and fields.
AXES_STRINGS = [
    gettext_noop("access attempt"),
    gettext_noop("access attempts"),
    gettext_noop("access failure"),
    gettext_noop("access failures"),
    gettext_noop("access log"),
    gettext_noop("access logs"),
    gettext_noop("access attempt expiration"),
    gettext_noop("access attempt expirations"),
    gettext_noop("Access Attempt"),
    gettext_noop("Access lock out"),
    gettext_noop("Attempt Time"),
    gettext_noop("Attempt Remaining"),
    gettext_noop("Clean up expired attempts"),
    gettext_noop("Expires At"),
    gettext_noop("Failed Logins"),
    gettext_noop("Form Data"),
    gettext_noop("GET Data"),
    gettext_noop("HTTP Accept"),
    gettext_noop("IP Address"),
    gettext_noop("Locked Out"),
    gettext_noop("Logout Time"),
    gettext_noop("Meta Data"),
    gettext_noop("Not set"),
    gettext_noop("POST Data"),
    gettext_noop("Path"),
    gettext_noop("Session key hash (sha256)"),
    gettext_noop("The time when access attempt expires and is no longer valid."),
    gettext_noop("User Agent"),
]
