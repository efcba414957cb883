"""The public page types every page test walks through, and the admin pages staff use."""

from django.urls import reverse

# Every public page type, as (name, path without language prefix).
PAGES = [
    ("home", "/"),
    ("partnership list", "/partnerships/"),
    ("partnership detail", "/partnerships/sofia-seoul/"),
    ("partner to be announced", "/partnerships/sofia-china/"),
    ("city", "/cities/seoul/"),
    ("thematic area", "/themes/innovation/"),
    ("milestones", "/milestones/"),
    ("milestones filtered", "/milestones/?when=all"),
    ("about", "/about/"),
    ("accessibility", "/accessibility/"),
    ("privacy", "/privacy/"),
    ("site map", "/site-map/"),
]


def localised(path, language):
    return path if language == "bg" else f"/en{path}"


def admin_pages(site):
    """(name, path) of every kind of admin page staff use, on the ``site`` fixture's records."""
    partnership, milestone = site["published"], site["milestones"]["done"]
    first = milestone.history.order_by("history_id").first()
    return [
        ("dashboard", reverse("admin:index")),
        ("partnership list", reverse("admin:partnerships_partnership_changelist")),
        ("partnership form with inlines", reverse("admin:partnerships_partnership_change", args=[partnership.pk])),
        ("new partnership", reverse("admin:partnerships_partnership_add")),
        ("milestone list", reverse("admin:partnerships_milestone_changelist")),
        ("milestone form", reverse("admin:partnerships_milestone_change", args=[milestone.pk])),
        ("new milestone", reverse("admin:partnerships_milestone_add")),
        ("history", reverse("admin:partnerships_milestone_history", args=[milestone.pk])),
        ("restore", reverse("admin:partnerships_milestone_simple_history", args=[milestone.pk, first.history_id])),
        ("city list", reverse("admin:cities_city_changelist")),
        ("document list", reverse("admin:documents_document_changelist")),
        ("new document", reverse("admin:documents_document_add")),
        ("new indicator", reverse("admin:indicators_indicator_add")),
        ("my reminders", reverse("admin:reminders_remindersettings_changelist")),
        ("export log", reverse("admin:partnerships_exportlog_changelist")),
        ("reports", reverse("reports:index") + "?report=milestones&export_format=csv"),
    ]
