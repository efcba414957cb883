"""The public page types every page test walks through."""

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
