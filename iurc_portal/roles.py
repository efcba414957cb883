"""The staff roles as groups, each with exactly its permissions.

Kept in step by ``ensure_roles()``, which runs after every ``migrate`` (post_migrate) and
from ``manage.py setup_roles``; running it again changes nothing.
"""

from django.contrib.auth.models import Group, Permission
from django.utils.translation import gettext_noop

EDITOR, PUBLISHER, OFFICIAL = gettext_noop("Editor"), gettext_noop("Publisher"), gettext_noop("Official")

CONTENT = [
    "cities.city",
    "cities.organisation",
    "cities.contactperson",
    "partnerships.partnership",
    "partnerships.participation",
    "partnerships.milestone",
    "documents.document",
    "indicators.indicator",
    "indicators.measurement",
]
REFERENCE = ["partnerships.programme", "partnerships.component", "partnerships.thematicarea"]
PUBLISHABLE = [
    "cities.city",
    "cities.organisation",
    "partnerships.partnership",
    "partnerships.milestone",
    "documents.document",
    "indicators.indicator",
]
# Seeing proposed changes; deciding on one takes the publish permission of its record.
REVIEW = ["publishing.view_revision"]


def _codes(models, actions):
    return [f"{model.split('.')[0]}.{action}_{model.split('.')[1]}" for model in models for action in actions]


ROLES = {
    # Creates and edits content and submits it for review; publishes and deletes nothing.
    # Their changes to published records wait as proposed changes (publishing.revision).
    EDITOR: _codes(CONTENT, ["view", "add", "change"]) + _codes(REFERENCE, ["view"]) + REVIEW,
    # Everything an editor does, plus publish, unpublish, archive and delete.
    PUBLISHER: _codes(CONTENT, ["view", "add", "change", "delete"])
    + _codes(REFERENCE, ["view"])
    + REVIEW
    + [f"{model.split('.')[0]}.publish_{model.split('.')[1]}" for model in PUBLISHABLE],
    # Reads everything in the admin and downloads reports; changes nothing.
    OFFICIAL: [
        *_codes(CONTENT + REFERENCE + ["partnerships.exportlog", "partnerships.downloadcount"], ["view"]),
        *REVIEW,
        "partnerships.export_reports",
    ],
}


def ensure_roles(**kwargs):
    """Create the groups and give each exactly its permissions."""
    for name, codes in ROLES.items():
        group, _created = Group.objects.get_or_create(name=name)
        permissions = []
        for code in codes:
            app_label, codename = code.split(".")
            permissions.append(Permission.objects.get(content_type__app_label=app_label, codename=codename))
        group.permissions.set(permissions)
