from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class PortalLocaleMiddleware(LocaleMiddleware):
    """Public pages take their language from the URL; staff pages from the staff member.

    With ``i18n_patterns(prefix_default_language=False)`` Django's middleware gives every
    unprefixed path the default language, the admin included. Under the staff prefixes the
    language comes from the language cookie (set by the admin's switcher) or the browser.
    """

    def process_request(self, request):
        if request.path_info.startswith(tuple(settings.STAFF_PATH_PREFIXES)):
            translation.activate(translation.get_language_from_request(request, check_path=False))
            request.LANGUAGE_CODE = translation.get_language()
        else:
            super().process_request(request)
