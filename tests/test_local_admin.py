import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


def test_local_admin_prints_working_credentials(settings, capsys):
    settings.DEBUG = True

    call_command("local_admin")
    call_command("local_admin")

    lines = capsys.readouterr().out.splitlines()
    assert [line.split(":")[0] for line in lines] == [
        "Created the local admin account",
        "Reset the local admin account",
    ]
    password = re.search(r"password '([^']+)'", lines[-1]).group(1)
    user = get_user_model().objects.get(username="admin")
    assert (user.check_password(password), user.is_staff, user.is_superuser) == (True, True, True)


def test_local_admin_refused_without_debug(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="refuses to run with DEBUG off"):
        call_command("local_admin")
