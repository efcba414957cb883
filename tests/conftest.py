import pytest
from django.conf import settings
from django.utils import translation


@pytest.fixture
def admin_in(admin_client):
    """The admin client with the staff member's language chosen: ``admin_in("en")``."""

    def choose(language):
        admin_client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        return admin_client

    return choose


@pytest.fixture(autouse=True)
def fast_password_hasher(settings):
    """Tests make many users; a slow hasher would dominate the run."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def default_language():
    """A request leaves its language active in the thread; start every test in Bulgarian."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)
