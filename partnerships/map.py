"""A map of the home and partner cities, drawn on the server as SVG: no tiles, no script.
Its markup is written here rather than in a template: with 50 partner cities, Django's
template loops spent 20 ms of the home page's 75 ms on it with the page cache off."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.formats import localize
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, gettext_noop

from publishing.html import h
from publishing.templatetags.bilingual import plain, translated

WIDTH, HEIGHT = 360, 180
GRATICULE_STEP = 30


@dataclass(frozen=True)
class MapPoint:
    city: object
    x: float
    y: float


def project(latitude, longitude):
    """Equirectangular projection into a 360 by 180 view box."""
    return round(float(longitude) + 180, 2), round(90 - float(latitude), 2)


def city_map(cities):
    """Points for the cities with coordinates, lines from the home city to the others, and
    the cities without coordinates (listed in the text equivalent instead)."""
    points, missing = [], []
    for city in cities:
        if city.latitude is None or city.longitude is None:
            missing.append(city)
        else:
            points.append(MapPoint(city, *project(city.latitude, city.longitude)))
    home = next((point for point in points if point.city.is_home), None)
    lines = [(home, point) for point in points if home and point is not home]
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "points": points,
        "lines": lines,
        "missing": missing,
        "meridians": range(GRATICULE_STEP, WIDTH, GRATICULE_STEP),
        "parallels": range(GRATICULE_STEP, HEIGHT, GRATICULE_STEP),
    }


def city_map_html(cities):
    """The map's figure: the SVG, and its text equivalent listing every city with a link,
    its country and its coordinates. Empty without a city that has coordinates."""
    geometry = city_map(cities)
    points = geometry["points"]
    if not points:
        return ""
    width, height = geometry["width"], geometry["height"]
    svg = [
        f'<svg viewBox="0 0 {width} {height}" role="img" aria-labelledby="map-svg-title map-svg-desc" class="map-svg">'
        f'<title id="map-svg-title">{h(gettext("World map of the home and partner cities"))}</title>'
        f'<desc id="map-svg-desc">{h(gettext(MAP_DESCRIPTION))}</desc>'
        f'<rect class="map-sea" x="0" y="0" width="{width}" height="{height}"/>'
    ]
    svg += [f'<line class="map-grid" x1="{x}" y1="0" x2="{x}" y2="{height}"/>' for x in geometry["meridians"]]
    svg += [f'<line class="map-grid" x1="0" y1="{y}" x2="{width}" y2="{y}"/>' for y in geometry["parallels"]]
    svg.append(f'<line class="map-equator" x1="0" y1="90" x2="{width}" y2="90"/>')
    svg += [
        f'<line class="map-link" x1="{home.x}" y1="{home.y}" x2="{partner.x}" y2="{partner.y}"/>'
        for home, partner in geometry["lines"]
    ]
    for p in points:
        home = " map-home" if p.city.is_home else ""
        svg.append(
            f'<circle class="map-city{home}" cx="{p.x}" cy="{p.y}" r="3"/>'
            f'<text class="map-label" x="{p.x}" y="{p.y}" dx="4" dy="-4">{h(plain(p.city, "name"))}</text>'
        )
    svg.append("</svg>")
    home_city = h(gettext("home city"))
    # One reverse() for the list, not one a city: a city's page is the pattern's prefix and its slug.
    prefix = reverse("cities:city-detail", args=["-"])[:-2]
    coordinates = gettext("latitude %(latitude)s, longitude %(longitude)s")
    cities = [p.city for p in points] + geometry["missing"]
    # A country's name once, not once a city: django-countries looks it up afresh each time.
    countries = {city.country.code: h(city.country.name) for city in cities}
    items = []
    for city in cities:
        item = (
            f'<li><a href="{prefix}{h(city.slug)}/">{h(translated(city, "name"))}</a> ({countries[city.country.code]})'
        )
        if city.is_home:
            item += f" – {home_city}"
        if city.latitude is not None and city.longitude is not None:
            item += ": " + h(coordinates % {"latitude": localize(city.latitude), "longitude": localize(city.longitude)})
        items.append(item + "</li>")
    return mark_safe(
        f'<figure class="map">{"".join(svg)}<figcaption><ul class="map-list">{"".join(items)}</ul></figcaption></figure>'
    )


MAP_DESCRIPTION = gettext_noop(
    "Lines join the home city to each partner city. The list below the map gives the same information."
)
