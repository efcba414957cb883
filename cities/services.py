from django.db import transaction

from .models import City


@transaction.atomic
def city_make_home(*, city: City) -> City:
    """Make ``city`` the one home city, in one transaction with the old one's demotion."""
    for old_home in City.objects.select_for_update().filter(is_home=True).exclude(pk=city.pk):
        old_home.is_home = False
        old_home.save(update_fields=["is_home"])  # save(), not update(): the history records it
    if not city.is_home:
        city.is_home = True
        city.save(update_fields=["is_home"])
    return city
