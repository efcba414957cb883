"""Strings of django-simple-history's admin pages, which ships no Bulgarian catalogue.

They stand here so that ``makemessages`` puts them in our catalogue, where Django finds
them for simple-history's templates and views too. Nothing imports this module.
"""

from django.utils.translation import gettext_noop, ngettext

SIMPLE_HISTORY = [
    gettext_noop("View history: %s"),
    gettext_noop("Change history: %s"),
    gettext_noop("View %s"),
    gettext_noop("Revert %s"),
    gettext_noop('The %(name)s "%(obj)s" was changed successfully.'),
    gettext_noop("You may edit it again below"),
    gettext_noop("Choose a date from the list below to revert to a previous version of this object."),
    gettext_noop("This object doesn't have a change history."),
    gettext_noop("View %(verbose_name)s"),
    gettext_noop("Revert %(verbose_name)s"),
    gettext_noop("Press the 'Revert' button below to revert to this version of the object."),
    gettext_noop("Press the 'Change History' button below to edit the history."),
    gettext_noop("Object"),
    gettext_noop("Date/time"),
    gettext_noop("Comment"),
    gettext_noop("Changed by"),
    gettext_noop("Change reason"),
    gettext_noop("Changes"),
    gettext_noop("Revert"),
    gettext_noop("Change History"),
    gettext_noop("Close"),
    gettext_noop("Created"),
    gettext_noop("Changed"),
    gettext_noop("Deleted"),
]


def _plurals():
    return ngettext("entry", "entries", 2)


# Django's filesizeformat, whose Bulgarian catalogue writes "1, байт" and "KБ" with a Latin K:
# a document's size is shown to the public as Bulgarians write it.
FILE_SIZES = [
    gettext_noop("%s KB"),
    gettext_noop("%s MB"),
    gettext_noop("%s GB"),
]


def _file_size_plural():
    return ngettext("%(size)d byte", "%(size)d bytes", 2)
