from django.apps import AppConfig
from django.db.backends.signals import connection_created


class IurcPortalConfig(AppConfig):
    name = "iurc_portal"
    verbose_name = "IURC Portal"

    def ready(self):
        from .sqlite import register_unicode_like

        connection_created.connect(register_unicode_like, dispatch_uid="iurc_portal.sqlite.unicode_like")
