from django.apps import AppConfig, apps
from django.conf import settings
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.translation import gettext_lazy as _


class PublishingConfig(AppConfig):
    name = "publishing"
    verbose_name = _("Publishing")

    def ready(self):
        from .cache import bump_on_change

        # Any change to a model whose rows appear on public pages invalidates the cache.
        for label in settings.PUBLIC_CONTENT_MODELS:
            model = apps.get_model(label)
            for signal in (post_save, post_delete):
                signal.connect(bump_on_change, sender=model, dispatch_uid=f"public_cache.{signal}.{label}")
            for field in model._meta.local_many_to_many:
                m2m_changed.connect(
                    bump_on_change,
                    sender=field.remote_field.through,
                    dispatch_uid=f"public_cache.m2m.{label}.{field.name}",
                )
