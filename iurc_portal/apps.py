from axes import apps as axes_apps
from django.apps import AppConfig, apps
from django.contrib.admin import apps as admin_apps
from django.db.backends.signals import connection_created
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp import apps as otp_totp_apps


class IurcPortalConfig(AppConfig):
    name = "iurc_portal"
    verbose_name = "IURC Portal"

    def ready(self):
        from .roles import ensure_roles
        from .sqlite import register_unicode_like

        # After the last app's migrations, when every permission exists.
        post_migrate.connect(ensure_roles, sender=apps.get_app_config("partnerships"), dispatch_uid="iurc_portal.roles")
        connection_created.connect(register_unicode_like, dispatch_uid="iurc_portal.sqlite.unicode_like")


class PortalAdminConfig(admin_apps.AdminConfig):
    """The admin, on the portal's own site class (a TOTP code too when OTP_REQUIRED is on)."""

    default = False  # this module's default is IurcPortalConfig

    default_site = "iurc_portal.admin_site.PortalAdminSite"


# Third-party apps under names a Bulgarian member of staff can read: the admin showed
# "AXES" and "TOTP devices", which their packages leave untranslated.


class LoginAttemptsConfig(axes_apps.AppConfig):
    default = False
    verbose_name = _("Login attempts")


class TwoFactorConfig(otp_totp_apps.DefaultConfig):
    default = False
    verbose_name = _("Two-factor authentication")

    def ready(self):
        super().ready()
        # django-otp names the model with a plain string, which no catalogue translates.
        device = self.get_model("TOTPDevice")
        device._meta.verbose_name = _("authenticator app")
        device._meta.verbose_name_plural = _("authenticator apps")
