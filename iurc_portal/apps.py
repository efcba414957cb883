from django.apps import AppConfig


class IurcPortalConfig(AppConfig):
    name = "iurc_portal"
    verbose_name = "IURC Portal"
