"""Links into the admin, for its own pages and for e-mails: a record's page, and what waits
for a member of staff's review with the links to it. No admin is registered here, so the
project's admin site can import it while the admin loads."""

from django.contrib.admin.templatetags.admin_urls import admin_urlname
from django.urls import reverse

from .selectors import awaiting_review


def change_url(obj):
    """The admin page of ``obj``."""
    return reverse(admin_urlname(obj._meta, "change"), args=[obj.pk])


def awaiting_review_links(user, *, limit=20, absolute=str):
    """``selectors.awaiting_review`` for a page or an e-mail: per model its name, count, the
    first records as (label, link) and the link to all of them; and the proposals, as
    (count, the first). ``absolute`` makes a path a full address (for e-mails)."""
    records, proposals = awaiting_review(user, limit=limit)
    return [
        {
            "name": model._meta.verbose_name_plural,
            "count": count,
            "items": [(str(obj), absolute(change_url(obj))) for obj in first],
            "all": absolute(reverse(admin_urlname(model._meta, "changelist")) + "?publication__exact=in_review"),
        }
        for model, count, first in records
    ], proposals
