from django.apps import AppConfig, apps
from django.db.backends.signals import connection_created
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save

# Models whose rows appear on public pages: a change to any of them invalidates the cache.
PUBLIC_CONTENT_MODELS = [
    "cities.City",
    "cities.Organisation",
    "partnerships.Programme",
    "partnerships.Component",
    "partnerships.ThematicArea",
    "partnerships.Partnership",
    "partnerships.Participation",
    "partnerships.Milestone",
]


class IurcPortalConfig(AppConfig):
    name = "iurc_portal"
    verbose_name = "IURC Portal"

    def ready(self):
        from .public_cache import bump_on_change
        from .roles import ensure_roles
        from .sqlite import register_unicode_like

        # After the last app's migrations, when every permission exists.
        post_migrate.connect(ensure_roles, sender=apps.get_app_config("partnerships"), dispatch_uid="iurc_portal.roles")
        connection_created.connect(register_unicode_like, dispatch_uid="iurc_portal.sqlite.unicode_like")
        for label in PUBLIC_CONTENT_MODELS:
            model = apps.get_model(label)
            for signal in (post_save, post_delete):
                signal.connect(bump_on_change, sender=model, dispatch_uid=f"public_cache.{signal}.{label}")
            for field in model._meta.local_many_to_many:
                m2m_changed.connect(
                    bump_on_change,
                    sender=field.remote_field.through,
                    dispatch_uid=f"public_cache.m2m.{label}.{field.name}",
                )
