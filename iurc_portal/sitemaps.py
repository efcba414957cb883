from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from partnerships import selectors


class I18nSitemap(Sitemap):
    """Every page in both languages, each entry naming its alternates and x-default."""

    i18n = True
    alternates = True
    x_default = True


class PagesSitemap(I18nSitemap):
    def items(self):
        return [
            "partnerships:home",
            "partnerships:partnership-list",
            "partnerships:milestone-list",
            "pages:about",
            "pages:accessibility",
            "pages:privacy",
        ]

    def location(self, item):
        return reverse(item)


class PartnershipSitemap(I18nSitemap):
    def items(self):
        return selectors.public_partnerships().order_by("pk")

    def location(self, item):
        return reverse("partnerships:partnership-detail", args=[item.slug])

    def lastmod(self, item):
        return item.updated_at


class CitySitemap(I18nSitemap):
    def items(self):
        return selectors.public_cities().order_by("pk")

    def location(self, item):
        return reverse("cities:city-detail", args=[item.slug])


class ThematicAreaSitemap(I18nSitemap):
    def items(self):
        return selectors.public_thematic_areas()

    def location(self, item):
        return reverse("partnerships:theme-detail", args=[item.code])


SITEMAPS = {
    "pages": PagesSitemap,
    "partnerships": PartnershipSitemap,
    "cities": CitySitemap,
    "themes": ThematicAreaSitemap,
}
