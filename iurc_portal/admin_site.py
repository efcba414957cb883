from django.conf import settings
from django.contrib.admin import AdminSite
from django.contrib.admin.forms import AdminAuthenticationForm
from django.utils.translation import gettext_lazy as _
from django_otp.admin import OTPAdminAuthenticationForm, OTPAdminSite


class PortalAdminSite(AdminSite):
    """The admin; with OTP_REQUIRED on, staff also give a TOTP code from an enrolled device."""

    site_header = site_title = _("IURC Portal")
    index_title = _("Partnerships administration")

    @property
    def login_form(self):
        return OTPAdminAuthenticationForm if settings.OTP_REQUIRED else AdminAuthenticationForm

    @property
    def login_template(self):
        return OTPAdminSite.login_template if settings.OTP_REQUIRED else None

    def has_permission(self, request):
        verified = not settings.OTP_REQUIRED or request.user.is_verified()
        return super().has_permission(request) and verified
