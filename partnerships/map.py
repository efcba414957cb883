"""A map of the home and partner cities as SVG coordinates: no tiles, no script."""

from dataclasses import dataclass

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
