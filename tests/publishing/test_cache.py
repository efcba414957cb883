"""The page cache and its content version, without HTTP where possible."""

import pytest
from django.core.cache import caches
from django.http import HttpResponse
from django.test import RequestFactory

from publishing.cache import bump_version, cached_public_page, current_version
from tests.factories import home_city, make_area, make_partnership

pytestmark = pytest.mark.django_db


def test_bump_version_counts_up_from_nothing():
    start = current_version()

    bump_version()
    bump_version()

    assert current_version() == start + 2


def test_a_save_a_delete_and_a_theme_change_each_bump_once():
    home_city()
    partnership = make_partnership()
    area = make_area()
    start = current_version()

    partnership.save()
    after_save = current_version()
    partnership.thematic_areas.add(area)
    after_m2m = current_version()
    partnership.delete()

    assert (after_save, after_m2m, current_version()) == (start + 1, start + 2, start + 3)


def test_a_cached_page_is_served_until_the_version_changes():
    calls = []

    @cached_public_page
    def view(request):
        calls.append(1)
        return HttpResponse(f"render {len(calls)}")

    request = RequestFactory().get("/about/")
    first, second = view(request).content, view(request).content
    bump_version()
    third = view(request).content

    assert (first, second, third) == (b"render 1", b"render 1", b"render 2")


def test_an_error_or_a_post_is_never_cached():
    calls = []

    @cached_public_page
    def view(request):
        calls.append(1)
        return HttpResponse("missing", status=404)

    factory = RequestFactory()
    view(factory.get("/x/"))
    view(factory.get("/x/"))
    view(factory.post("/x/"))

    assert len(calls) == 3


def test_only_the_parameters_a_view_reads_make_a_cache_entry():
    calls = []

    @cached_public_page(params=["q", "page"])
    def view(request):
        calls.append(request.META["QUERY_STRING"])
        return HttpResponse(request.GET.urlencode())

    factory = RequestFactory()
    first = view(factory.get("/list/", {"q": "sofia", "page": "2", "v": "1"}))
    view(factory.get("/list/?v=2&page=2&q=sofia"))
    view(factory.get("/list/?page=2&q=%20sofia%20&utm_source=x&q="))
    other = view(factory.get("/list/?q=seoul"))

    assert calls == ["page=2&q=sofia", "q=seoul"]
    assert (first.content, other.content) == (b"page=2&q=sofia", b"q=seoul")


def test_an_unknown_parameter_neither_shows_on_the_page_nor_costs_a_render(client, site, django_assert_num_queries):
    client.get("/en/milestones/?when=all")

    with django_assert_num_queries(1):  # the content version; the page comes from the cache
        response = client.get("/en/milestones/?cachebust=123&when=all")

    assert response.status_code == 200
    assert "cachebust" not in response.content.decode()


@pytest.fixture
def tight_limits(settings):
    settings.RATELIMIT_PUBLIC_PAGES = "3/m"
    settings.RATELIMIT_PUBLIC_DOWNLOADS = "2/m"
    caches["ratelimit"].clear()
    yield
    caches["ratelimit"].clear()


@pytest.mark.parametrize(("prefix", "text"), [("", "Твърде много заявки"), ("/en", "Too many requests")])
def test_too_many_uncached_renders_from_one_address_get_429_in_its_language(client, site, tight_limits, prefix, text):
    statuses = [client.get(f"{prefix}/partnerships/?q=search-{n}").status_code for n in range(4)]
    response = client.get(f"{prefix}/partnerships/?q=another")

    assert statuses == [200, 200, 200, 429]
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 60
    assert text in response.content.decode()
    # Another address, and pages the cache holds, are still served.
    assert client.get(f"{prefix}/partnerships/?q=another", REMOTE_ADDR="10.0.0.2").status_code == 200
    assert client.get(f"{prefix}/partnerships/?q=search-0").status_code == 200


def test_too_many_downloads_from_one_address_get_429(client, site, tight_limits):
    url = "/en/milestones/download.csv"

    statuses = [client.get(url).status_code for _ in range(3)]

    assert statuses == [200, 200, 429]
