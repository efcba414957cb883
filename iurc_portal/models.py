from django.db import models
from django.utils.translation import gettext_lazy as _


class ContentVersion(models.Model):
    """One row whose number changes whenever public content may have changed.

    Public pages are cached under this number. Every app server reads it from the one
    shared database, so a published change is visible on the next request everywhere.
    """

    version = models.BigIntegerField(_("version"), default=0)

    class Meta:
        verbose_name = _("content version")
        verbose_name_plural = _("content versions")

    def __str__(self):
        return str(self.version)
