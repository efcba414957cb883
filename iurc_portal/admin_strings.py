"""Django 6.1's own strings that its Bulgarian catalogue lacks, for ours to translate.

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
